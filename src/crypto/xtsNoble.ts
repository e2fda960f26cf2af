/**
 * The portable AES-256-XTS (SE-FORMAT §3.3; IEEE 1619-2007 §5) on @noble/ciphers' AES rounds, for
 * platforms without OpenSSL's XTS and as an independent check of the node:crypto path.
 */
import { unsafe as aes } from '@noble/ciphers/aes.js';
import { checkUnit, checkXtsKey, pagesByUnit, type XtsCipher } from './xts.js';

export function createNobleXts(key: Uint8Array): XtsCipher {
  checkXtsKey(key);
  return nobleXts(key);
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
  const encrypt = (t: Uint8Array, d: Uint8Array, o?: Uint8Array) => run(false, t, d, o);
  const decrypt = (t: Uint8Array, d: Uint8Array, o?: Uint8Array) => run(true, t, d, o);
  return { implementation: 'noble', bulk: 'per-unit', encrypt, decrypt, encryptPages: pagesByUnit(encrypt), decryptPages: pagesByUnit(decrypt) };
}
