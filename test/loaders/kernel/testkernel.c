/*
 * pvkit loader test kernel: what a kernel sees after stage3b (SE-FORMAT §4.7 steps 2-5).
 *
 * Prints the command line at COMMAND_LINE, the initrd location/size from INITRD_START/INITRD_SIZE
 * with a CRC-32 of the initrd bytes, and a CRC-32 of the tail data stage3b moved to 0x20000, then
 * stops in a disabled wait with code 0. The test compares these lines with values computed on the
 * host from the image it built.
 */
#include "loader.h"

#define TAIL_ADDRESS 0x20000

extern const u64 tk_tail_len;

/* CRC-32 (IEEE 802.3, reflected, as zlib.crc32): bitwise, the data sets are small. */
static u32 crc32(u64 addr, u64 len)
{
	const volatile u8 *p = (const volatile u8 *)addr;
	u32 crc = 0xffffffff;

	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}

void kernel_main(void)
{
	cpu_setup_program_new_psw();
	sclp_setup();

	const u64 initrd = read_u64(INITRD_START), initrd_size = read_u64(INITRD_SIZE);

	print("test kernel: cmdline=[%s]\n", (const char *)COMMAND_LINE);
	print("test kernel: initrd start=0x%lx size=0x%lx crc32=0x%08x\n", initrd, initrd_size,
	      crc32(initrd, initrd_size));
	print("test kernel: tail len=0x%lx crc32=0x%08x\n", tk_tail_len, crc32(TAIL_ADDRESS, tk_tail_len));
	cpu_stop(STOP_OK);
}
