/*
 * pvkit loaders: the memory functions the compiler may call and the loaders use.
 *
 * memmove must handle overlap: stage3b moves the kernel down onto a range that overlaps its
 * source (SE-FORMAT §4.7 step 2). A downward (or disjoint) move is one interruptible MVCLE, so a
 * multi-megabyte kernel is a single instruction for an emulator as well; an upward overlapping
 * move goes backwards in 256-byte MVC blocks (each block disjoint from its source) and bytes.
 */
#include "loader.h"

static void move_forward(u64 dst, u64 src, u64 n)
{
	register u64 d asm("2") = dst;
	register u64 dl asm("3") = n;
	register u64 s asm("4") = src;
	register u64 sl asm("5") = n;

	/* cc 3 = interrupted after a CPU-determined amount: resume (PoP MVCLE). */
	asm volatile("0:	mvcle	%%r2,%%r4,0\n\t"
		     "	jo	0b"
		     : "+d"(d), "+d"(dl), "+d"(s), "+d"(sl)
		     :
		     : "cc", "memory");
}

void *memmove(void *dst, const void *src, size_t n)
{
	u64 d = (u64)dst, s = (u64)src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n) {
		move_forward(d, s, n);
		return dst;
	}
	while (n >= 256 && d - s >= 256) {
		n -= 256;
		asm volatile("mvc 0(256,%0),0(%1)" : : "a"(d + n), "a"(s + n) : "memory");
	}
	while (n--)
		((u8 *)d)[n] = ((const u8 *)s)[n];
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	return memmove(dst, src, n);
}

void *memset(void *dst, int c, size_t n)
{
	u8 *d = dst;

	while (n--)
		*d++ = (u8)c;
	return dst;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}
