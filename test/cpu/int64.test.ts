/**
 * The (hi, lo) 64-bit helpers against BigInt arithmetic, over edge values and a deterministic
 * pseudo-random sample (the interpreter's multiply, rotate and shift results depend on them).
 */
import { describe, expect, test } from 'vitest';
import { bitRangeMask, mulS64, mulU64, rotl64, sar64, shl64, shr64 } from '../../src/cpu/int64.js';

const M64 = (1n << 64n) - 1n;
const hi = (v: bigint): number => Number((v >> 32n) & 0xffffffffn) | 0;
const lo = (v: bigint): number => Number(v & 0xffffffffn) | 0;
const join = (h: number, l: number): bigint => (BigInt(h >>> 0) << 32n) | BigInt(l >>> 0);

function values(): bigint[] {
  const out = [0n, 1n, M64, 1n << 63n, (1n << 63n) - 1n, 0xffffffffn, 0x100000000n, 0x123456789abcdef0n];
  let x = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < 40; i++) {
    x ^= x >> 12n;
    x = (x ^ (x << 25n)) & M64;
    x ^= x >> 27n;
    out.push((x * 0x2545f4914f6cdd1dn) & M64);
  }
  return out;
}

describe('int64 helpers', () => {
  const vs = values();
  const out = new Int32Array(4);

  test('mulU64 / mulS64 give the exact 128-bit product', () => {
    for (const a of vs) for (const b of vs) {
      mulU64(hi(a), lo(a), hi(b), lo(b), out);
      const u = (join(out[0]!, out[1]!) << 64n) | join(out[2]!, out[3]!);
      expect(u).toBe(a * b);
      mulS64(hi(a), lo(a), hi(b), lo(b), out);
      const s = BigInt.asIntN(128, (join(out[0]!, out[1]!) << 64n) | join(out[2]!, out[3]!));
      expect(s).toBe(BigInt.asIntN(64, a) * BigInt.asIntN(64, b));
    }
  });

  test('shifts and rotates for every amount', () => {
    for (const a of vs.slice(0, 16)) for (let n = 0; n < 64; n++) {
      const N = BigInt(n);
      rotl64(hi(a), lo(a), n, out);
      expect(join(out[0]!, out[1]!)).toBe(((a << N) | (a >> ((64n - N) % 64n))) & M64);
      shl64(hi(a), lo(a), n, out);
      expect(join(out[0]!, out[1]!)).toBe((a << N) & M64);
      shr64(hi(a), lo(a), n, out);
      expect(join(out[0]!, out[1]!)).toBe(a >> N);
      sar64(hi(a), lo(a), n, out);
      expect(join(out[0]!, out[1]!)).toBe(BigInt.asUintN(64, BigInt.asIntN(64, a) >> N));
    }
  });

  test('bitRangeMask selects start..end with wrap-around', () => {
    for (let s = 0; s < 64; s++) for (let e = 0; e < 64; e++) {
      bitRangeMask(s, e, out);
      let want = 0n;
      for (let i = 0; i < 64; i++) if (s <= e ? i >= s && i <= e : i >= s || i <= e) want |= 1n << BigInt(63 - i);
      expect(join(out[0]!, out[1]!)).toBe(want);
    }
  });
});
