/*
 * Guests "cops-z10", "cops-z13", "cops-z15": one freestanding C program compiled -O2 for three
 * machine levels (the compiler picks different instructions: UV-SIE-NOTES §4.4, §4.6), written for
 * pvkit. It exercises integer arithmetic (64- and 32-bit, signed and unsigned, 64x64->128 multiply,
 * division and remainder, division by constants), shifts and rotates, comparisons, bit counting,
 * and byte/string loops plus fixed-size copies/compares the compiler turns into MVC/CLC, and prints
 * one FNV-style fold per operation, so a difference names the operation.
 *
 * The program is plain ISO C with only defined behaviour (no signed overflow, no out-of-range
 * shifts, no division by zero), so a host build (host/cops-host.sh) gives the same text: that is
 * the expected output (cops.expected).
 */
#include "rt.h"

typedef long s64;
typedef int s32;
typedef unsigned __int128 u128;
typedef __int128 s128;

static const u64 vals[] = {
	0, 1, 2, 3, 7, 0xffffffffffffffffUL, 0xfffffffffffffff9UL, 0x7fffffffffffffffUL,
	0x8000000000000000UL, 0x0000000080000000UL, 0x00000000ffffffffUL, 0x0000000100000000UL,
	0x123456789abcdef0UL, 0xfedcba9876543210UL, 0x00000000deadbeefUL, 0x5555555555555555UL,
};
#define NV (sizeof(vals) / sizeof(vals[0]))

static u64 acc;

static void fold(u64 v)
{
	acc = (acc ^ v) * 0x100000001b3UL;
	acc ^= acc >> 29;
}

static void report(const char *name)
{
	u64 n = 0;
	while (name[n])
		n++;
	print(name, n);
	while (n++ < 10)
		print(" ", 1);
	print_hex(acc, 16);
	puts("\n");
	acc = 0xcbf29ce484222325UL;
}

/* Keep the compiler from folding the whole table at build time. */
static u64 opaque(u64 v)
{
	__asm__ volatile("" : "+r"(v));
	return v;
}

static void arith64(void)
{
	for (u64 i = 0; i < NV; i++)
		for (u64 j = 0; j < NV; j++)
			fold(opaque(vals[i]) + vals[j]);
	report("add64");
	for (u64 i = 0; i < NV; i++)
		for (u64 j = 0; j < NV; j++)
			fold(opaque(vals[i]) - vals[j]);
	report("sub64");
	for (u64 i = 0; i < NV; i++)
		for (u64 j = 0; j < NV; j++)
			fold(opaque(vals[i]) * vals[j]);
	report("mul64");
	for (u64 i = 0; i < NV; i++)
		for (u64 j = 0; j < NV; j++) {
			u128 p = (u128)opaque(vals[i]) * vals[j];
			fold((u64)(p >> 64));
		}
	report("mulhu64");
	for (u64 i = 0; i < NV; i++)
		for (u64 j = 0; j < NV; j++) {
			s128 p = (s128)(s64)opaque(vals[i]) * (s64)vals[j];
			fold((u64)((u128)p >> 64));
		}
	report("mulhs64");
	for (u64 i = 0; i < NV; i++)
		for (u64 j = 0; j < NV; j++)
			if (vals[j]) {
				fold(opaque(vals[i]) / vals[j]);
				fold(opaque(vals[i]) % vals[j]);
			}
	report("divu64");
	for (u64 i = 0; i < NV; i++)
		for (u64 j = 0; j < NV; j++) {
			s64 a = (s64)opaque(vals[i]), b = (s64)vals[j];
			if (b == 0 || (b == -1 && a == (s64)0x8000000000000000UL))
				continue;
			fold((u64)(a / b));
			fold((u64)(a % b));
		}
	report("divs64");
	for (u64 i = 0; i < NV; i++) {
		u64 a = opaque(vals[i]);
		fold(a / 10);
		fold(a % 10);
		fold(a / 3);
		fold((u64)((s64)a / 7));
		fold((u64)((s64)a % 7));
		fold(a * 10);
		fold(a * 0x9e3779b97f4a7c15UL);
	}
	report("divconst");
}

static void arith32(void)
{
	for (u64 i = 0; i < NV; i++)
		for (u64 j = 0; j < NV; j++) {
			u32 a = (u32)opaque(vals[i]), b = (u32)vals[j];
			fold(a + b);
			fold(a - b);
			fold(a * b);
			fold((u64)(s64)(s32)(a + b));
		}
	report("arith32");
	for (u64 i = 0; i < NV; i++)
		for (u64 j = 0; j < NV; j++) {
			u32 a = (u32)opaque(vals[i]), b = (u32)vals[j];
			if (b) {
				fold(a / b);
				fold(a % b);
			}
			s32 x = (s32)a, y = (s32)b;
			if (y && !(y == -1 && x == (s32)0x80000000U)) {
				fold((u64)(s64)(x / y));
				fold((u64)(s64)(x % y));
			}
		}
	report("div32");
	for (u64 i = 0; i < NV; i++) {
		u32 a = (u32)opaque(vals[i]);
		fold((u64)(s64)(s32)a);
		fold((u64)a);
		fold((u64)(s64)(signed char)a);
		fold((u64)(s64)(short)a);
		fold((u64)(u8)a);
		fold((u64)(u16)a);
	}
	report("extend");
}

static void shifts(void)
{
	for (u64 i = 0; i < NV; i++)
		for (u64 s = 0; s < 64; s++) {
			u64 a = opaque(vals[i]);
			fold(a << s);
			fold(a >> s);
			fold((u64)((s64)a >> s));
			fold(s ? (a << s) | (a >> (64 - s)) : a);
			fold(s ? (a >> s) | (a << (64 - s)) : a);
		}
	report("shift64");
	for (u64 i = 0; i < NV; i++)
		for (u32 s = 0; s < 32; s++) {
			u32 a = (u32)opaque(vals[i]);
			fold(a << s);
			fold(a >> s);
			fold((u64)(s64)((s32)a >> s));
			fold(s ? (u32)((a << s) | (a >> (32 - s))) : a);
		}
	report("shift32");
	for (u64 i = 0; i < NV; i++) {
		u64 a = opaque(vals[i]);
		fold((a >> 12) & 0xfff);                /* bit-field extracts: RISBG */
		fold((a & ~0xff0UL) | ((a >> 8) & 0xff0UL));
		fold(((a << 40) >> 52));
		fold(a & 0x00ffff0000000000UL);
		fold(a | 0x8000000000000001UL);
		fold(a ^ (a >> 32));
		fold(~a & 0xf0f0f0f0f0f0f0f0UL);
	}
	report("bitfield");
}

static void compares(void)
{
	for (u64 i = 0; i < NV; i++)
		for (u64 j = 0; j < NV; j++) {
			u64 a = opaque(vals[i]), b = vals[j];
			u64 bits = (u64)(a < b) | (u64)(a <= b) << 1 | (u64)(a == b) << 2 |
				   (u64)((s64)a < (s64)b) << 3 | (u64)((s64)a > (s64)b) << 4 |
				   (u64)((u32)a < (u32)b) << 5 | (u64)((s32)a < (s32)b) << 6 |
				   (u64)((s32)a == 5) << 7 | (u64)(a > 100) << 8;
			fold(bits);
			fold((s64)a < (s64)b ? a : b);          /* min/max: LOCGR */
			fold((u32)a > (u32)b ? (u32)a : (u32)b);
		}
	report("compare");
	for (u64 i = 0; i < NV; i++) {
		u64 a = opaque(vals[i]);
		u64 pop = 0, lz = 0, tz = 0;
		for (u64 x = a; x; x &= x - 1)
			pop++;
		for (u64 m = 0x8000000000000000UL; m && !(a & m); m >>= 1)
			lz++;
		for (u64 m = 1; m && !(a & m); m <<= 1)
			tz++;
		fold(pop);
		fold(lz);
		fold(tz);
		u64 rev = 0;
		for (int k = 0; k < 64; k++)
			rev |= ((a >> k) & 1) << (63 - k);
		fold(rev);
		u64 bs = 0;
		for (int k = 0; k < 8; k++)
			bs |= ((a >> (8 * k)) & 0xff) << (56 - 8 * k);
		fold(bs);
	}
	report("bitcount");
}

struct block {
	u64 q[4];
	u8 b[24];
};

static u8 text[256];

static void strings(void)
{
	static const u8 src[] = "The quick brown fox jumps over the lazy dog; 0123456789!";
	u64 n = 0;
	while (src[n])
		n++;
	fold(n);
	for (u64 i = 0; i <= n; i++)
		text[i] = src[i];
	for (u64 i = 0; i < n; i++)                     /* to upper */
		if (text[i] >= 'a' && text[i] <= 'z')
			text[i] = (u8)(text[i] - 'a' + 'A');
	for (u64 i = 0; i < n; i++)
		fold(text[i]);
	for (u64 i = 0, j = n - 1; i < j; i++, j--) {   /* reverse */
		u8 t = text[i];
		text[i] = text[j];
		text[j] = t;
	}
	for (u64 i = 0; i < n; i += 8)
		fold(text[i] | (u64)text[i + 1] << 8 | (u64)text[i + 2] << 16);
	u64 counts[4] = { 0, 0, 0, 0 };
	for (u64 i = 0; i < n; i++) {
		u8 c = src[i];
		counts[(c >= '0' && c <= '9') ? 0 : (c == ' ') ? 1 : (c >= 'a' && c <= 'z') ? 2 : 3]++;
	}
	for (int k = 0; k < 4; k++)
		fold(counts[k]);
	/* strcmp-like loop */
	static const u8 s1[] = "pvkit-guest-alpha", s2[] = "pvkit-guest-beta";
	u64 k = 0;
	while (s1[k] && s1[k] == s2[k])
		k++;
	fold(k);
	fold((u64)(s64)((int)s1[k] - (int)s2[k]));
	report("strings");

	/* fixed-size copies, fills and compares: MVC / XC / CLC when the compiler inlines them */
	struct block a, b;
	__builtin_memset(&a, 0, sizeof(a));
	for (int i = 0; i < 4; i++)
		a.q[i] = opaque(vals[i + 10]);
	for (int i = 0; i < 24; i++)
		a.b[i] = (u8)(i * 37 + 11);
	b = a;                                          /* struct copy */
	fold(b.q[0] ^ b.q[3]);
	fold(b.b[0] | (u64)b.b[23] << 8);
	__builtin_memcpy(text + 3, &b, sizeof(b));
	fold(text[3 + 32] | (u64)text[3 + sizeof(b) - 1] << 8);   /* bytes of b.b: endian-neutral */
	fold(__builtin_memcmp(&a, &b, sizeof(a)) == 0);
	b.b[20] ^= 1;
	int c = __builtin_memcmp(&a, &b, sizeof(a));
	fold((u64)(c < 0) | (u64)(c > 0) << 1);
	__builtin_memset(text, 0xa5, 100);
	fold(text[0] | (u64)text[99] << 8 | (u64)text[100] << 16);
	__builtin_memmove(text + 1, text, 64);
	fold(text[1] | (u64)text[64] << 8);
	report("memory");
}

/* Insertion sort and binary search over xorshift data. */
static u64 data[200];

static void sort(void)
{
	u64 x = 88172645463325252UL;
	for (int i = 0; i < 200; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		data[i] = x % 100000;
	}
	for (int i = 1; i < 200; i++) {
		u64 v = data[i];
		int j = i - 1;
		while (j >= 0 && data[j] > v) {
			data[j + 1] = data[j];
			j--;
		}
		data[j + 1] = v;
	}
	for (int i = 0; i < 200; i += 7)
		fold(data[i]);
	u64 found = 0;
	for (u64 key = 0; key < 100000; key += 997) {
		int lo = 0, hi = 199;
		while (lo <= hi) {
			int mid = (lo + hi) / 2;
			if (data[mid] == key) {
				found++;
				break;
			}
			if (data[mid] < key)
				lo = mid + 1;
			else
				hi = mid - 1;
		}
	}
	fold(found);
	report("sort");
}

int main(void)
{
	acc = 0xcbf29ce484222325UL;
	puts("cops: integer and string operations\n");
	arith64();
	arith32();
	shifts();
	compares();
	strings();
	sort();
	puts("cops: done\n");
	return 0;
}
