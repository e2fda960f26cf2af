/*
 * pvkit test-guest runtime: the few libc routines GCC may call in freestanding code (memcpy,
 * memmove, memset, memcmp; GCC spec: "-ffreestanding" still requires them) and decimal output.
 * Written for pvkit. Built with -fno-tree-loop-distribute-patterns so the loops below do not turn
 * into calls to themselves.
 */
#include "rt.h"

void *memcpy(void *dst, const void *src, unsigned long n)
{
	u8 *d = dst;
	const u8 *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, unsigned long n)
{
	u8 *d = dst;
	const u8 *s = src;
	if (d <= s)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, unsigned long n)
{
	u8 *d = dst;
	while (n--)
		*d++ = (u8)c;
	return dst;
}

int memcmp(const void *a, const void *b, unsigned long n)
{
	const u8 *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

void print_udec(u64 v)
{
	char buf[20];
	int i = sizeof(buf);
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	print(buf + i, sizeof(buf) - i);
}

void print_dec(long v)
{
	if (v < 0) {
		print("-", 1);
		print_udec(-(u64)v);
	} else {
		print_udec((u64)v);
	}
}
