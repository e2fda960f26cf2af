/**
 * AES-256-XTS over one 4096-byte data unit (a page), as the SE components use it (SE-FORMAT §3.1–§3.3;
 * IEEE 1619-2007 §5). Key = key1 (data) ‖ key2 (tweak), 64 bytes. The 16-byte tweak is passed in as
 * bytes (`prefix ‖ BE64(offset)`) and encrypted with key2 to form T0; T advances by multiplication
 * with α in GF(2^128), reading T as a little-endian number (§3.3).
 *
 * Two implementations with one interface: `noble` (portable, on @noble/ciphers' AES rounds) and
 * `node` (OpenSSL through node:crypto, for bulk speed). Tests prove they give identical bytes.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { unsafe as aes } from '@noble/ciphers/aes.js';
import { InputError } from '../errors.js';

export const XTS_KEY_SIZE = 64;
export const XTS_TWEAK_SIZE = 16;
export const XTS_DATA_UNIT = 4096;

export type XtsImplementation = 'noble' | 'node';

export interface XtsCipher {
  readonly implementation: XtsImplementation;
  /** Encrypt one data unit (a multiple of 16 bytes, normally 4096) into `out` (may be `data`). */
  encrypt(tweak: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array;
  decrypt(tweak: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array;
}

/** Reject keys OpenSSL would reject (§3.1: identical halves) and wrong sizes. */
export function checkXtsKey(key: Uint8Array, file?: string): void {
  if (key.length !== XTS_KEY_SIZE) {
    throw new InputError(`AES-256-XTS key must be ${XTS_KEY_SIZE} bytes, got ${key.length}`, { file });
  }
  let same = true;
  for (let i = 0; i < 32; i++) if (key[i] !== key[i + 32]) same = false;
  if (same) throw new InputError('AES-256-XTS key halves are identical (key1 = key2 is refused, SE-FORMAT §3.1)', { file });
}

export function createXts(key: Uint8Array, implementation: XtsImplementation = 'node'): XtsCipher {
  checkXtsKey(key);
  return implementation === 'node' ? nodeXts(key) : nobleXts(key);
}

function checkUnit(tweak: Uint8Array, data: Uint8Array): void {
  if (tweak.length !== XTS_TWEAK_SIZE) throw new RangeError(`XTS tweak must be 16 bytes, got ${tweak.length}`);
  if (data.length === 0 || data.length % 16 !== 0) throw new RangeError(`XTS data unit must be a non-empty multiple of 16 bytes, got ${data.length}`);
}

function nodeXts(key: Uint8Array): XtsCipher {
  const k = Buffer.from(key);
  const run = (decrypt: boolean, tweak: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array => {
    checkUnit(tweak, data);
    const c = decrypt ? createDecipheriv('aes-256-xts', k, tweak) : createCipheriv('aes-256-xts', k, tweak);
    const r = c.update(data);
    c.final();
    if (!out) return new Uint8Array(r.buffer, r.byteOffset, r.byteLength);
    out.set(r);
    return out;
  };
  return {
    implementation: 'node',
    encrypt: (t, d, o) => run(false, t, d, o),
    decrypt: (t, d, o) => run(true, t, d, o),
  };
}

const le32 = (b: Uint8Array, i: number): number => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
function putLe32(b: Uint8Array, i: number, v: number): void {
  b[i] = v;
  b[i + 1] = v >>> 8;
  b[i + 2] = v >>> 16;
  b[i + 3] = v >>> 24;
}

function nobleXts(key: Uint8Array): XtsCipher {
  // noble's AES rounds work on little-endian 32-bit words; we assemble them byte by byte, so this
  // path is endianness-independent.
  const encKey1 = aes.expandKeyLE(key.subarray(0, 32));
  const decKey1 = aes.expandKeyDecLE(key.subarray(0, 32));
  const encKey2 = aes.expandKeyLE(key.subarray(32, 64));
  const run = (decrypt: boolean, tweak: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array => {
    checkUnit(tweak, data);
    const dst = out ?? new Uint8Array(data.length);
    let { s0: t0, s1: t1, s2: t2, s3: t3 } = aes.encrypt(encKey2, le32(tweak, 0), le32(tweak, 4), le32(tweak, 8), le32(tweak, 12));
    const xk = decrypt ? decKey1 : encKey1;
    const round = decrypt ? aes.decrypt : aes.encrypt;
    for (let i = 0; i < data.length; i += 16) {
      const r = round(xk, le32(data, i) ^ t0, le32(data, i + 4) ^ t1, le32(data, i + 8) ^ t2, le32(data, i + 12) ^ t3);
      putLe32(dst, i, r.s0 ^ t0);
      putLe32(dst, i + 4, r.s1 ^ t1);
      putLe32(dst, i + 8, r.s2 ^ t2);
      putLe32(dst, i + 12, r.s3 ^ t3);
      // T ← T·α: shift the 128-bit little-endian value left by one, reduce with 0x87 (IEEE 1619 §5.2).
      const carry = t3 >>> 31;
      t3 = ((t3 << 1) | (t2 >>> 31)) >>> 0;
      t2 = ((t2 << 1) | (t1 >>> 31)) >>> 0;
      t1 = ((t1 << 1) | (t0 >>> 31)) >>> 0;
      t0 = ((t0 << 1) ^ (carry * 0x87)) >>> 0;
    }
    return dst;
  };
  return {
    implementation: 'noble',
    encrypt: (t, d, o) => run(false, t, d, o),
    decrypt: (t, d, o) => run(true, t, d, o),
  };
}
