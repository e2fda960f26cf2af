/*
 * pvkit stage3a: the plaintext loader of a Secure Execution image (SE-FORMAT §4.6).
 *
 * Patches the IPIB with the SE header's address and size from the parameter block the builder
 * wrote into our last 24 bytes, checks for the unpack facility (161), hands the IPIB to the
 * hypervisor with DIAG 308 subcode 8 and asks it to enter secure mode with subcode 10
 * (UV-SIE-NOTES §3). Subcode 10 only returns on failure: the result word is decoded per
 * SE-FORMAT §8.1 step 3 / §8.4 and reported on the SCLP console before a disabled wait.
 *
 * Stop codes (disabled-wait PSW address, same values as IBM's loaders): 0x4607 no unpack
 * facility, 0x4608 any other failure (bad parameter block, DIAG 308 error).
 */
#include "loader.h"

#define UNPACK_FACILITY     161
#define STFLE_FACILITY      7
#define DIAG308_SET_PV      8
#define DIAG308_UNPACK_PV   10
#define DIAG308_RC_OK       0x0001

/* IPL parameter block type 5 (SE-FORMAT §5): the fields stage3a writes. */
#define IPIB_PV_HDR_ADDR    120
#define IPIB_PV_HDR_SIZE    128

/* SE-FORMAT §4.6 "stage3a args": the builder overwrites these last 24 bytes of stage3a.bin. */
struct stage3a_args {
	u64 hdr_offs;
	u64 hdr_size;
	u64 ipib_offs;
} PACKED;

struct stage3a_args stage3a_args __attribute__((section(".loader_parms"), used, aligned(8)));

#define PREFIX "pvkit stage3a: "

#ifndef PVKIT_FAKE_UV
/* STFL then, if facility 7 says STFLE exists, STFLE (UV-SIE-NOTES §4.5). */
static int have_facility(unsigned nr)
{
	static u64 list[4];
	register u64 r0 asm("0") = sizeof(list) / 8 - 1;

	asm volatile("stfl 0" : : : "memory");
	if (!(*(volatile u8 *)LC_STFL_FAC_LIST & (0x80 >> STFLE_FACILITY)))
		return 0;
	/* cc 3 = the list is longer than ours: we still got our doublewords. */
	asm volatile("stfle %0" : "=Q"(list), "+d"(r0) : : "cc");
	if (nr >= sizeof(list) * 8)
		return 0;
	return (((const u8 *)list)[nr / 8] & (0x80 >> (nr % 8))) != 0;
}

/* DIAG 308: R1 = r0 (IPIB address), R1+1 = r1 (result, pre-set 0), R3 = subcode (§4.6 step 6). */
static u64 diag308(u64 subcode, u64 addr)
{
	register u64 r0 asm("0") = addr;
	register u64 r1 asm("1") = 0;

	asm volatile("diag %[addr],%[sub],0x308" : [addr] "+d"(r0), "+d"(r1) : [sub] "d"(subcode) : "cc", "memory");
	return r1;
}
#else
/*
 * Test build only (test/loaders/build.sh, never shipped): QEMU TCG has no unpack facility, so the
 * facility answer and the two DIAG 308 results come from a table the test image puts at
 * FAKE_UV_TABLE, and the IPIB address given to subcode 8 is recorded there. Everything else is
 * the code above and below, so the decoding of SE-FORMAT §8.4 runs under QEMU.
 */
#define FAKE_UV_TABLE 0x8000 /* u64: facility 161?, subcode-8 result, subcode-10 result, IPIB seen */

static int have_facility(unsigned nr)
{
	return nr == UNPACK_FACILITY && read_u64(FAKE_UV_TABLE) != 0;
}

static u64 diag308(u64 subcode, u64 addr)
{
	if (subcode == DIAG308_SET_PV) {
		write_u64(FAKE_UV_TABLE + 24, addr);
		return read_u64(FAKE_UV_TABLE + 8);
	}
	return read_u64(FAKE_UV_TABLE + 16);
}
#endif

static const char *pv_cmd_name(u16 cmd)
{
	switch (cmd) {
	case 2:
		return "KVM_PV_SET_SEC_PARMS";
	case 3:
		return "KVM_PV_UNPACK";
	case 4:
		return "KVM_PV_VERIFY";
	default:
		return "UNKNOWN";
	}
}

/* SE-FORMAT §8.4 (pairs) and §8.2/§8.3 (what the Ultravisor checked). */
static const char *pv_error_text(u16 diag_rc, u16 rc, u16 rrc)
{
	if (diag_rc == 0x0902)
		return "the hypervisor has no protected-virtualization IPL parameter block";
	switch (rc) {
	case 0x0000:
		return "the hypervisor could not enter secure mode (no Ultravisor details)";
	case 0x0102:
		switch (rrc) {
		case 0x001a:
			return "address list digest (ALD) of the image does not match the SE header";
		case 0x001b:
			return "page list digest (PLD) of the image does not match the SE header";
		case 0x001c:
			return "tweak list digest (TLD) of the image does not match the SE header";
		case 0x001d:
			return "number of encrypted pages does not match the SE header";
		}
		break;
	case 0x0104:
		if (rrc == 0x0001)
			return "SE header version is not supported by this machine";
		break;
	case 0x0106:
		if (rrc == 0x0030)
			return "SE header sets a plaintext control flag (PCF) this machine does not support";
		break;
	case 0x0108:
		switch (rrc) {
		case 0x0005:
			return "no key slot of the SE header is for this machine's host key";
		case 0x000b:
			return "customer ECDH public key in the SE header is invalid";
		case 0x0034:
			return "backup host-key hash does not match this machine";
		default:
			return "the image was not prepared for this host";
		}
	case 0x0109:
		if (rrc == 0x0000)
			return "SE header sets a secret control flag (SCF) this machine does not support";
		break;
	case 0x010a:
		switch (rrc) {
		case 0x0031:
			return "SE header size does not match the size given in the IPIB";
		case 0x0039:
			return "SE header encrypted-area size is invalid";
		case 0x0040:
			return "SE header has no key slots";
		}
		break;
	}
	return "the Ultravisor rejected the image";
}

void stage3a_main(void)
{
	const u64 args = (u64)&stage3a_args;

	cpu_setup_program_new_psw();
	sclp_setup();

	/* An unpatched template (zero offsets) would make us write over our own parameter block. */
	if (stage3a_args.hdr_offs == 0 || stage3a_args.ipib_offs == 0 || stage3a_args.hdr_size == 0)
		panic(STOP_EPV, PREFIX "error: parameter block not set (hdr_offs=0x%lx hdr_size=0x%lx ipib_offs=0x%lx)\n",
		      stage3a_args.hdr_offs, stage3a_args.hdr_size, stage3a_args.ipib_offs);

	/* §4.6 step 3: make the IPIB point at the header wherever the builder put the two. */
	const u64 ipib = args + stage3a_args.ipib_offs;

	write_u64(ipib + IPIB_PV_HDR_ADDR, args + stage3a_args.hdr_offs);
	write_u64(ipib + IPIB_PV_HDR_SIZE, stage3a_args.hdr_size);

	if (!have_facility(UNPACK_FACILITY))
		panic(STOP_ENOPV, PREFIX "error: unpack facility not available (facility %u): "
				  "this machine cannot run Secure Execution guests\n",
		      UNPACK_FACILITY);

	u64 r = diag308(DIAG308_SET_PV, ipib);

	if (r != DIAG308_RC_OK)
		panic(STOP_EPV, PREFIX "error: DIAG 308 subcode 8 (set PV IPIB at 0x%lx) failed: response code 0x%04lx\n",
		      ipib, r);

	r = diag308(DIAG308_UNPACK_PV, 0);

	/* Only reached on failure: pv_cmd | pv_rrc | pv_rc | diag_rc (SE-FORMAT §8.1 step 3). */
	const u16 cmd = (u16)(r >> 48), rrc = (u16)(r >> 32), rc = (u16)(r >> 16), diag_rc = (u16)r;

	print(PREFIX "error: entering secure mode failed: %s\n", pv_error_text(diag_rc, rc, rrc));
	panic(STOP_EPV, PREFIX "diag_rc=0x%04x cmd=%s rc=0x%04x rrc=0x%04x\n", diag_rc, pv_cmd_name(cmd), rc,
	      rrc);
}
