/*
 * pvkit stage3b: the encrypted loader, last secured component of an SE image (SE-FORMAT §4.7).
 *
 * Runs in secure mode after the Ultravisor unpacked and verified the image. Reads the 64-byte
 * parameter block the builder wrote into our last 64 bytes, moves the kernel into place
 * (dropping the first 64 KiB of the kernel file), copies the command line to COMMAND_LINE, records
 * the initial RAM disk in the Linux parameter area and loads the kernel's PSW (§4.7 steps 1-5).
 *
 * Compiled -fPIE: stage3b_head.S has already moved us below 0xF000 if needed, so the kernel move
 * (which only writes at 0x10000 and above) cannot overwrite us. Errors are printed on the SCLP
 * console, then a disabled wait with code 0x4511 (IBM's EINTERNAL).
 */
#include "loader.h"

#define KERNEL_SKIP 0x10000 /* the first 64 KiB of the kernel file are not moved (§4.7 step 2) */

struct stage3b_args {
	u64 kernel_src;
	u64 kernel_size;
	u64 cmdline_src;
	u64 cmdline_size;
	u64 initrd_src;
	u64 initrd_size;
	u64 psw_mask;
	u64 psw_addr;
} PACKED;

struct stage3b_args stage3b_args __attribute__((section(".loader_parms"), used, aligned(8)));

#define PREFIX "pvkit stage3b: "

static int overlaps(u64 a, u64 alen, u64 b, u64 blen)
{
	return alen != 0 && blen != 0 && a < b + blen && b < a + alen;
}

static void load_psw(u64 mask, u64 addr)
{
	static u64 psw[2] __attribute__((aligned(8)));

	psw[0] = mask;
	psw[1] = addr;
	asm volatile("lpswe %0" : : "Q"(psw) : "memory");
}

void stage3b_main(void)
{
	const struct stage3b_args a = stage3b_args;

	cpu_setup_program_new_psw();
	sclp_setup();

	if (a.kernel_size < KERNEL_SKIP)
		panic(STOP_EINTERNAL, PREFIX "error: kernel is too small (0x%lx bytes, at least 0x%x needed)\n",
		      a.kernel_size, KERNEL_SKIP);

	const u64 dst = IMAGE_ENTRY, len = a.kernel_size - KERNEL_SKIP;

	/* What the kernel move would overwrite before we are done with it. */
	if (overlaps(dst, len, a.cmdline_src, a.cmdline_size))
		panic(STOP_EINTERNAL, PREFIX "error: command line at 0x%lx lies where the kernel is moved (0x%lx..0x%lx)\n",
		      a.cmdline_src, dst, dst + len - 1);
	if (overlaps(dst, len, a.initrd_src, a.initrd_size))
		panic(STOP_EINTERNAL, PREFIX "error: initrd at 0x%lx lies where the kernel is moved (0x%lx..0x%lx)\n",
		      a.initrd_src, dst, dst + len - 1);

	memmove((void *)dst, (const void *)(a.kernel_src + KERNEL_SKIP), len);

	/* §4.7 step 3: the kernel tells its own limit; 0 means an old kernel with 896 bytes. */
	u64 max = read_u64(MAX_COMMAND_LINE_SIZE);

	if (max == 0)
		max = LEGACY_COMMAND_LINE_SIZE;
	if (a.cmdline_size > max)
		panic(STOP_EINTERNAL, PREFIX "error: kernel command line is too long (%lu bytes with NUL, kernel allows %lu)\n",
		      a.cmdline_size, max);
	if (a.cmdline_size > 0) {
		if (((const volatile char *)a.cmdline_src)[a.cmdline_size - 1] != '\0')
			panic(STOP_EINTERNAL, PREFIX "error: kernel command line is not NUL-terminated\n");
		memmove((void *)COMMAND_LINE, (const void *)a.cmdline_src, a.cmdline_size);
	}

	if (a.initrd_size > 0) {
		write_u64(INITRD_START, a.initrd_src);
		write_u64(INITRD_SIZE, a.initrd_size);
	}

	sclp_teardown();
	load_psw(a.psw_mask, a.psw_addr);
	sclp_setup();
	panic(STOP_EINTERNAL, PREFIX "error: cannot load the kernel PSW 0x%016lx 0x%016lx\n", a.psw_mask, a.psw_addr);
}
