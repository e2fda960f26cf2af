/**
 * 64-bit integer arithmetic on (hi, lo) pairs of 32-bit numbers, so the interpreter's hot path
 * never allocates a BigInt (UV-SIE-NOTES §8: registers are 64-bit, the loaders and test guests use
 * 64×64→128 multiply `mlgr`/`mlg` and the rotate-then-*-selected-bits family).
 *
 * Results that need more than one number are written to the caller's scratch array `out`.
 */

const TWO32 = 4294967296;

/**
 * Unsigned 64×64→128 product of (ah,al)·(bh,bl) into out[0..3] (most significant first, each
 * as a signed int32 bit pattern). Works on 16-bit limbs so every partial sum stays exact in a double.
 */
export function mulU64(ah: number, al: number, bh: number, bl: number, out: Int32Array): void {
  const a0 = al & 0xffff, a1 = al >>> 16, a2 = ah & 0xffff, a3 = ah >>> 16;
  const b0 = bl & 0xffff, b1 = bl >>> 16, b2 = bh & 0xffff, b3 = bh >>> 16;
  let c = a0 * b0;
  const r0 = c & 0xffff;
  c = Math.floor(c / 65536) + a1 * b0 + a0 * b1;
  const r1 = c % 65536;
  c = Math.floor(c / 65536) + a2 * b0 + a1 * b1 + a0 * b2;
  const r2 = c % 65536;
  c = Math.floor(c / 65536) + a3 * b0 + a2 * b1 + a1 * b2 + a0 * b3;
  const r3 = c % 65536;
  c = Math.floor(c / 65536) + a3 * b1 + a2 * b2 + a1 * b3;
  const r4 = c % 65536;
  c = Math.floor(c / 65536) + a3 * b2 + a2 * b3;
  const r5 = c % 65536;
  c = Math.floor(c / 65536) + a3 * b3;
  const r6 = c % 65536;
  const r7 = Math.floor(c / 65536) % 65536;
  out[0] = (r7 << 16) | r6;
  out[1] = (r5 << 16) | r4;
  out[2] = (r3 << 16) | r2;
  out[3] = (r1 << 16) | r0;
}

/** Signed 64×64→128 product into out[0..3]: the unsigned product corrected for negative factors. */
export function mulS64(ah: number, al: number, bh: number, bl: number, out: Int32Array): void {
  mulU64(ah, al, bh, bl, out);
  if (ah < 0) sub64Into(out, bh, bl);
  if (bh < 0) sub64Into(out, ah, al);
}

/** out[0..1] -= (h,l) (the high 64 bits of a 128-bit value). */
function sub64Into(out: Int32Array, h: number, l: number): void {
  const lo = (out[1]! >>> 0) - (l >>> 0);
  out[1] = lo | 0;
  out[0] = (out[0]! - h - (lo < 0 ? 1 : 0)) | 0;
}

/** (hi,lo) as a double-precision number, exact below 2^53; signed when `signed`. */
export function toNumber(hi: number, lo: number, signed: boolean): number {
  return (signed ? hi | 0 : hi >>> 0) * TWO32 + (lo >>> 0);
}

/** (hi,lo) as a BigInt — for rare instructions (division) only, never the hot path. */
export function toBigU(hi: number, lo: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

export function toBigS(hi: number, lo: number): bigint {
  return BigInt.asIntN(64, toBigU(hi, lo));
}

/** High 32 bits of a 64-bit BigInt, as an int32 bit pattern. */
export function bigHi(v: bigint): number {
  return Number(BigInt.asUintN(32, v >> 32n)) | 0;
}

export function bigLo(v: bigint): number {
  return Number(BigInt.asUintN(32, v)) | 0;
}

/**
 * Bit mask of the 64-bit positions start..end (0 = most significant), wrapping around when
 * start > end, as the rotate-then-*-selected-bits instructions define it (PoP "RISBG").
 * Writes (hi, lo) to out[0..1].
 */
export function bitRangeMask(start: number, end: number, out: Int32Array): void {
  if (start <= end) {
    out[0] = range32(start, Math.min(end, 31));
    out[1] = range32(Math.max(start, 32) - 32, end - 32);
  } else {
    out[0] = range32(start, 31) | range32(0, Math.min(end, 31));
    out[1] = range32(Math.max(start, 32) - 32, 31) | range32(0, end - 32);
  }
}

/** Bits s..e of a 32-bit word (0 = most significant); 0 when the range is empty. */
function range32(s: number, e: number): number {
  if (s > e || e < 0 || s > 31) return 0;
  const hiPart = s <= 0 ? -1 : -1 >>> s;
  const loPart = e >= 31 ? 0 : -1 >>> (e + 1);
  return (hiPart & ~loPart) | 0;
}

/** Rotate (hi,lo) left by n (0..63) into out[0..1]. */
export function rotl64(hi: number, lo: number, n: number, out: Int32Array): void {
  n &= 63;
  if (n >= 32) {
    const t = hi;
    hi = lo;
    lo = t;
    n -= 32;
  }
  if (n === 0) {
    out[0] = hi;
    out[1] = lo;
  } else {
    out[0] = (hi << n) | (lo >>> (32 - n));
    out[1] = (lo << n) | (hi >>> (32 - n));
  }
}

/** Logical shift left of (hi,lo) by n (0..63) into out[0..1]. */
export function shl64(hi: number, lo: number, n: number, out: Int32Array): void {
  n &= 63;
  if (n === 0) {
    out[0] = hi;
    out[1] = lo;
  } else if (n < 32) {
    out[0] = (hi << n) | (lo >>> (32 - n));
    out[1] = lo << n;
  } else {
    out[0] = lo << (n - 32);
    out[1] = 0;
  }
}

/**
 * Right shift of (hi,lo) by n (0..63) into out[0..1]: arithmetic (sign bits shifted in) or
 * logical (zeros). Callers pass a constant `arithmetic`, so V8 folds the choice away.
 */
function shiftRight64(hi: number, lo: number, n: number, arithmetic: boolean, out: Int32Array): void {
  n &= 63;
  if (n === 0) {
    out[0] = hi;
    out[1] = lo;
  } else if (n < 32) {
    out[1] = (lo >>> n) | (hi << (32 - n));
    out[0] = arithmetic ? hi >> n : hi >>> n;
  } else {
    out[1] = arithmetic ? hi >> (n - 32) : hi >>> (n - 32);
    out[0] = arithmetic ? hi >> 31 : 0;
  }
}

/** Logical shift right of (hi,lo) by n (0..63) into out[0..1]. */
export function shr64(hi: number, lo: number, n: number, out: Int32Array): void {
  shiftRight64(hi, lo, n, false, out);
}

/** Arithmetic shift right of (hi,lo) by n (0..63) into out[0..1]. */
export function sar64(hi: number, lo: number, n: number, out: Int32Array): void {
  shiftRight64(hi, lo, n, true, out);
}
