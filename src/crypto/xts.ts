/**
 * AES-256-XTS over one 4096-byte data unit (a page), as the SE components use it (SE-FORMAT §3.1–§3.3;
 * IEEE 1619-2007 §5). Key = key1 (data) ‖ key2 (tweak), 64 bytes. The 16-byte tweak is passed in as
 * bytes (`prefix ‖ BE64(offset)`) and encrypted with key2 to form T0; T advances by multiplication
 * with α in GF(2^128), reading T as a little-endian number (§3.3).
 *
 * Two implementations with one interface: `createXts` here (OpenSSL through node:crypto, for bulk
 * speed) and `createNobleXts` in xtsNoble.ts (portable, on @noble/ciphers' AES rounds; loaded only
 * by whoever needs it). Tests prove they give identical bytes.
 */
import { createCipheriv, createDecipheriv, createSecretKey } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { InputError } from '../errors.js';

export const XTS_KEY_SIZE = 64;
export const XTS_TWEAK_SIZE = 16;
export const XTS_DATA_UNIT = 4096;

export interface XtsCipher {
  readonly implementation: 'node' | 'noble';
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

/** The fast path: one OpenSSL XTS operation per data unit. */
export function createXts(key: Uint8Array): XtsCipher {
  checkXtsKey(key);
  return nodeXts(key);
}

export function checkUnit(tweak: Uint8Array, data: Uint8Array): void {
  if (tweak.length !== XTS_TWEAK_SIZE) throw new RangeError(`XTS tweak must be 16 bytes, got ${tweak.length}`);
  if (data.length === 0 || data.length % 16 !== 0) throw new RangeError(`XTS data unit must be a non-empty multiple of 16 bytes, got ${data.length}`);
}

/**
 * Node returns every result in a fresh buffer whose memory V8 frees only at a garbage collection, and
 * a collection rarely comes while the JS heap stays small: streaming a large image would let tens of
 * MiB of dead page buffers pile up. A minor collection every MiB keeps memory bounded (about 1 ms each).
 */
const BYTES_BETWEEN_COLLECTIONS = 1 << 20;
let bytesSinceCollection = 0;
let minorGc: (() => void) | undefined | null = null;

function collectPageGarbage(bytes: number): void {
  bytesSinceCollection += bytes;
  if (bytesSinceCollection < BYTES_BETWEEN_COLLECTIONS) return;
  bytesSinceCollection = 0;
  if (minorGc === null) {
    try {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as (opts?: { type: 'minor' | 'major' }) => void;
      minorGc = () => gc({ type: 'minor' });
    } catch {
      minorGc = undefined;
    }
  }
  minorGc?.();
}

function nodeXts(key: Uint8Array): XtsCipher {
  const k = createSecretKey(key);
  const run = (decrypt: boolean, tweak: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array => {
    checkUnit(tweak, data);
    const c = decrypt ? createDecipheriv('aes-256-xts', k, tweak) : createCipheriv('aes-256-xts', k, tweak);
    const r = c.update(data);
    collectPageGarbage(r.length);
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

