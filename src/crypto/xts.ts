/**
 * AES-256-XTS over one 4096-byte data unit (a page), as the SE components use it (SE-FORMAT §3.1–§3.3;
 * IEEE 1619-2007 §5). Key = key1 (data) ‖ key2 (tweak), 64 bytes. The 16-byte tweak is passed in as
 * bytes (`prefix ‖ BE64(offset)`) and encrypted with key2 to form T0; T advances by multiplication
 * with α in GF(2^128), reading T as a little-endian number (§3.3).
 *
 * Two implementations with one interface: `createXts` here (OpenSSL through node:crypto, for bulk
 * speed) and `createNobleXts` in xtsNoble.ts (portable, on @noble/ciphers' AES rounds; loaded only
 * by whoever needs it). Tests prove they give identical bytes.
 *
 * The node path has two ways to run: one OpenSSL XTS operation per data unit (`encrypt`/`decrypt`,
 * the reference), and for runs of whole pages (`encryptPages`/`decryptPages`, the bulk path) OpenSSL's
 * AES-256-ECB over a whole batch with the tweak masks applied around it by a WebAssembly SIMD kernel
 * (xtsMaskKernel.ts). Creating one OpenSSL cipher per 4 KiB page costs more than encrypting it; the
 * batch path does not. Tests prove all of them give identical bytes.
 */
import { createCipheriv, createDecipheriv, createSecretKey } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { InputError } from '../errors.js';
import { createXtsMaskKernel } from './xtsMaskKernel.js';

export const XTS_KEY_SIZE = 64;
export const XTS_TWEAK_SIZE = 16;
export const XTS_DATA_UNIT = 4096;

export interface XtsCipher {
  readonly implementation: 'node' | 'noble';
  /** How `*Pages` runs: OpenSSL ECB with the WebAssembly mask kernel, or one unit at a time. */
  readonly bulk: 'ecb-masks' | 'per-unit';
  /** Encrypt one data unit (a multiple of 16 bytes, normally 4096) into `out` (may be `data`). */
  encrypt(tweak: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array;
  decrypt(tweak: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array;
  /**
   * Encrypt consecutive 4096-byte pages, page i under `tweaks[16i, 16i + 16)`, into `out` (may be
   * `data`). The same bytes as calling `encrypt` page by page.
   */
  encryptPages(tweaks: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array;
  decryptPages(tweaks: Uint8Array, data: Uint8Array, out?: Uint8Array): Uint8Array;
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
/** `bulk: 'per-unit'` keeps `*Pages` on one XTS operation per page (what engines without WebAssembly SIMD get). */
export function createXts(key: Uint8Array, opts: { bulk?: 'auto' | 'per-unit' } = {}): XtsCipher {
  checkXtsKey(key);
  return nodeXts(key, opts.bulk !== 'per-unit');
}

export function checkUnit(tweak: Uint8Array, data: Uint8Array): void {
  if (tweak.length !== XTS_TWEAK_SIZE) throw new RangeError(`XTS tweak must be 16 bytes, got ${tweak.length}`);
  if (data.length === 0 || data.length % 16 !== 0) throw new RangeError(`XTS data unit must be a non-empty multiple of 16 bytes, got ${data.length}`);
}

/** The number of pages in a `*Pages` call, after checking that tweaks and data agree. */
export function checkPages(tweaks: Uint8Array, data: Uint8Array, out: Uint8Array | undefined): number {
  const pages = data.length / XTS_DATA_UNIT;
  if (!Number.isInteger(pages) || pages === 0 || tweaks.length !== XTS_TWEAK_SIZE * pages || (out !== undefined && out.length < data.length)) {
    throw new RangeError(`XTS pages: ${data.length} data bytes, ${tweaks.length} tweak bytes, ${out?.length ?? 'new'} output bytes`);
  }
  return pages;
}

/** `*Pages` as a loop over single units: for implementations without a batch path. */
export function pagesByUnit(
  unit: (tweak: Uint8Array, data: Uint8Array, out: Uint8Array) => Uint8Array,
): (tweaks: Uint8Array, data: Uint8Array, out?: Uint8Array) => Uint8Array {
  return (tweaks, data, out) => {
    const pages = checkPages(tweaks, data, out);
    const dst = out ?? new Uint8Array(data.length);
    for (let i = 0; i < pages; i++) {
      const at = i * XTS_DATA_UNIT;
      unit(tweaks.subarray(16 * i, 16 * i + 16), data.subarray(at, at + XTS_DATA_UNIT), dst.subarray(at, at + XTS_DATA_UNIT));
    }
    return dst;
  };
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

function nodeXts(key: Uint8Array, useBatch: boolean): XtsCipher {
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
  const encrypt = (t: Uint8Array, d: Uint8Array, o?: Uint8Array) => run(false, t, d, o);
  const decrypt = (t: Uint8Array, d: Uint8Array, o?: Uint8Array) => run(true, t, d, o);
  const batch = useBatch ? batchXts(key) : undefined;
  return {
    implementation: 'node',
    bulk: batch ? 'ecb-masks' : 'per-unit',
    encrypt,
    decrypt,
    encryptPages: batch ? (t, d, o) => batch(false, t, d, o) : pagesByUnit(encrypt),
    decryptPages: batch ? (t, d, o) => batch(true, t, d, o) : pagesByUnit(decrypt),
  };
}

/**
 * XTS over batches of pages as AES-256-ECB plus tweak masks: T_0 of every page = ECB_K2(tweak); the
 * kernel XORs each block with its T_j, OpenSSL runs ECB with K1 over the batch, the kernel XORs again.
 * `undefined` without WebAssembly SIMD.
 */
function batchXts(key: Uint8Array): ((decrypt: boolean, tweaks: Uint8Array, data: Uint8Array, out?: Uint8Array) => Uint8Array) | undefined {
  const kernel = createXtsMaskKernel();
  if (!kernel) return undefined;
  // No padding: block-aligned input, so every update returns all of its blocks.
  const ecb = (decrypt: boolean, half: Uint8Array) =>
    (decrypt ? createDecipheriv('aes-256-ecb', half, null) : createCipheriv('aes-256-ecb', half, null)).setAutoPadding(false);
  const tweakCipher = ecb(false, key.subarray(32, 64));
  const dataEncipher = ecb(false, key.subarray(0, 32));
  const dataDecipher = ecb(true, key.subarray(0, 32));
  return (decrypt, tweaks, data, out) => {
    const pages = checkPages(tweaks, data, out);
    const dst = out ?? new Uint8Array(data.length);
    for (let first = 0; first < pages; first += kernel.capacityPages) {
      const n = Math.min(kernel.capacityPages, pages - first);
      const bytes = n * XTS_DATA_UNIT;
      const at = first * XTS_DATA_UNIT;
      kernel.data.set(data.subarray(at, at + bytes));
      kernel.firstMasks.set(tweakCipher.update(tweaks.subarray(16 * first, 16 * (first + n))));
      kernel.whiten(n);
      const r = (decrypt ? dataDecipher : dataEncipher).update(kernel.data.subarray(0, bytes));
      collectPageGarbage(r.length);
      kernel.data.set(r);
      kernel.unwhiten(bytes);
      dst.set(kernel.data.subarray(0, bytes), at);
    }
    return dst;
  };
}

