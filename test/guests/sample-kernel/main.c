/*
 * Sample kernel (the input of pvkit's README demo), written for pvkit: prints its banner, the
 * command line at COMMAND_LINE (0x10480, NUL-terminated, at most MAX_COMMAND_LINE_SIZE bytes, 0 →
 * 896) and the initrd that stage3b (or QEMU -initrd) recorded at INITRD_START/INITRD_SIZE
 * (0x10408/0x10410) with the CRC-32 (IEEE, as zlib) of its bytes, then exits 0.
 * Spec: SE-FORMAT §4.7, §4.8.
 */
#include "rt.h"

#define INITRD_START          0x10408UL
#define INITRD_SIZE           0x10410UL
#define MAX_COMMAND_LINE_SIZE 0x10430UL
#define COMMAND_LINE          0x10480UL
#define LEGACY_COMMAND_LINE_SIZE 896


int main(void)
{
	const char *cmdline = (const char *)COMMAND_LINE;
	u64 max = *(const volatile u64 *)MAX_COMMAND_LINE_SIZE;
	u64 len = 0;

	if (max == 0)
		max = LEGACY_COMMAND_LINE_SIZE;
	while (len < max && cmdline[len])
		len++;
	puts("pvkit sample kernel\ncmdline: ");
	print(cmdline, len);

	u64 start = *(const volatile u64 *)INITRD_START;
	u64 size = *(const volatile u64 *)INITRD_SIZE;
	if (size == 0) {
		puts("\ninitrd: none\n");
	} else {
		puts("\ninitrd: start=0x");
		print_hex(start, 16);
		puts(" size=");
		print_udec(size);
		puts(" crc32=");
		print_hex(crc32((const volatile u8 *)start, size), 8);
		puts("\n");
	}
	return 0;
}
