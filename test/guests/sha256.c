/*
 * Guest "sha256" (and "sha256-small"): the compute workload of UV-SIE-NOTES §4.6/§7.2, written for
 * pvkit. Fills BUF_SIZE bytes from xorshift64* (seed 0x9e3779b97f4a7c15, each output word stored
 * big-endian), prints CRC-32 (IEEE, reflected, as zlib) and a 64-bit multiply/rotate mix of that
 * buffer, then SHA-256 (FIPS 180-4) chained ROUNDS times: d = SHA-256(buf); then ROUNDS-1 times
 * { buf[0..31] = d; d = SHA-256(buf) }. BUF_SIZE and ROUNDS are build-time constants (build.sh).
 * The test recomputes everything with node:crypto/zlib-compatible code.
 */
#include "rt.h"

#ifndef BUF_SIZE
#define BUF_SIZE 65536
#endif
#ifndef ROUNDS
#define ROUNDS 1
#endif

static u8 buf[BUF_SIZE] __attribute__((aligned(8)));

static void fill(void)
{
	u64 x = 0x9e3779b97f4a7c15UL;
	for (u64 i = 0; i < BUF_SIZE; i += 8) {
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		*(u64 *)(buf + i) = x * 0x2545f4914f6cdd1dUL; /* s390x is big-endian */
	}
}

static inline u64 rotl64(u64 x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/* 64-bit mix: h = rotl(h ^ hi(w*K) ^ lo(w*K), 23) + w for every big-endian word w. */
static u64 mix(const u8 *p, u64 n)
{
	u64 h = 0x0123456789abcdefUL;
	for (u64 i = 0; i < n; i += 8) {
		u64 w = *(const u64 *)(p + i);
		unsigned __int128 m = (unsigned __int128)w * 0x9e3779b97f4a7c15UL;
		h = rotl64(h ^ (u64)(m >> 64) ^ (u64)m, 23) + w;
	}
	return h;
}

static inline u32 rotr32(u32 x, int r)
{
	return (x >> r) | (x << (32 - r));
}

static const u32 K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_block(u32 h[8], const u8 *p)
{
	u32 w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (u32)p[4 * i] << 24 | (u32)p[4 * i + 1] << 16 | (u32)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		u32 s0 = rotr32(w[i - 15], 7) ^ rotr32(w[i - 15], 18) ^ (w[i - 15] >> 3);
		u32 s1 = rotr32(w[i - 2], 17) ^ rotr32(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	u32 a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
	for (int i = 0; i < 64; i++) {
		u32 t1 = hh + (rotr32(e, 6) ^ rotr32(e, 11) ^ rotr32(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
		u32 t2 = (rotr32(a, 2) ^ rotr32(a, 13) ^ rotr32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha256(const u8 *p, u64 n, u8 out[32])
{
	u32 h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	u64 done = 0;
	for (; done + 64 <= n; done += 64)
		sha256_block(h, p + done);
	u8 last[128];
	u64 rest = n - done;
	memset(last, 0, sizeof(last));
	memcpy(last, p + done, rest);
	last[rest] = 0x80;
	u64 blocks = rest + 9 > 64 ? 2 : 1;
	u64 bits = n * 8;
	for (int i = 0; i < 8; i++)
		last[blocks * 64 - 1 - i] = (u8)(bits >> (8 * i));
	for (u64 b = 0; b < blocks; b++)
		sha256_block(h, last + 64 * b);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (u8)(h[i] >> 24);
		out[4 * i + 1] = (u8)(h[i] >> 16);
		out[4 * i + 2] = (u8)(h[i] >> 8);
		out[4 * i + 3] = (u8)h[i];
	}
}

int main(void)
{
	u8 d[32];
	fill();
	puts("sha256 guest: bytes=");
	print_udec(BUF_SIZE);
	puts(" rounds=");
	print_udec(ROUNDS);
	puts("\ncrc32=");
	print_hex(crc32(buf, BUF_SIZE), 8);
	puts(" mix=");
	print_hex(mix(buf, BUF_SIZE), 16);
	sha256(buf, BUF_SIZE, d);
	for (int r = 1; r < ROUNDS; r++) {
		memcpy(buf, d, 32);
		sha256(buf, BUF_SIZE, d);
	}
	puts("\nsha256=");
	for (int i = 0; i < 32; i++)
		print_hex(d[i], 2);
	puts("\n");
	return 0;
}
