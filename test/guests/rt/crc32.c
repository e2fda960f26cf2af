/*
 * CRC-32 (IEEE 802.3, reflected, initial value and final XOR 0xffffffff: zlib's crc32), for the
 * guests that report a checksum the tests recompute independently. Written for pvkit.
 * Reads through a volatile pointer: the sample kernel checksums an initrd that only stage3b placed.
 */
#include "rt.h"

static u32 crc_table[256];

u32 crc32(const volatile u8 *p, u64 n)
{
	for (u32 i = 0; i < 256; i++) {
		u32 c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320U ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
	u32 crc = 0xffffffffU;
	while (n--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc ^ 0xffffffffU;
}
