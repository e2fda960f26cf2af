import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createXts, checkXtsKey, type XtsCipher } from '../../src/crypto/xts.js';
import { createNobleXts } from '../../src/crypto/xtsNoble.js';
import { pageTweak } from '../../src/format/tweak.js';
import { repoRoot } from '../support/shared.js';

/** The SHA-256 counter stream vectors/xts/generate.py uses for its inputs. */
function stream(label: string, n: number): Uint8Array {
  const parts: Buffer[] = [];
  let len = 0;
  for (let i = 0; len < n; i++) {
    const d = createHash('sha256').update(`${label}:${i}`).digest();
    parts.push(d);
    len += d.length;
  }
  return new Uint8Array(Buffer.concat(parts).subarray(0, n));
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

interface XtsVectorFile {
  cases: { key: string; tweak: string; plaintext_label: string; plaintext_sha256: string; ciphertext: string }[];
}
const vectors = JSON.parse(readFileSync(`${repoRoot}/vectors/xts/xts-vectors.json`, 'utf8')) as XtsVectorFile;

const IMPLEMENTATIONS: Record<'noble' | 'node', (key: Uint8Array) => XtsCipher> = { noble: createNobleXts, node: createXts };

describe('AES-256-XTS', () => {
  for (const impl of ['noble', 'node'] as const) {
    it(`${impl}: matches the independently derived page vectors (python cryptography)`, () => {
      for (const v of vectors.cases) {
        const pt = stream(v.plaintext_label, 4096);
        expect(createHash('sha256').update(pt).digest('hex')).toBe(v.plaintext_sha256);
        const x = IMPLEMENTATIONS[impl](unhex(v.key));
        const ct = x.encrypt(unhex(v.tweak), pt);
        expect(hex(ct)).toBe(v.ciphertext);
        expect(hex(x.decrypt(unhex(v.tweak), ct))).toBe(hex(pt));
      }
    });

    it(`${impl}: SE-FORMAT §9.5 first ciphertext block`, () => {
      const key = new Uint8Array(64);
      key.fill(0x42, 0, 32);
      key.fill(0x43, 32);
      const page = new Uint8Array(4096).fill(1);
      const ct = IMPLEMENTATIONS[impl](key).encrypt(pageTweak(0x42n, 0), page);
      expect(hex(ct.subarray(0, 16))).toBe('6f491067554994df159146098fb52c5a');
    });
  }

  it('noble and node agree on random keys, tweaks and data, in place and out of place', () => {
    for (let i = 0; i < 20; i++) {
      const key = new Uint8Array(randomBytes(64));
      const tweak = new Uint8Array(randomBytes(16));
      const data = new Uint8Array(randomBytes(16 * (1 + (i * 37) % 256)));
      const a = createNobleXts(key).encrypt(tweak, data);
      const b = createXts(key).encrypt(tweak, data);
      expect(hex(a)).toBe(hex(b));
      const inPlace = data.slice();
      createNobleXts(key).encrypt(tweak, inPlace, inPlace);
      expect(hex(inPlace)).toBe(hex(a));
      expect(hex(createXts(key).decrypt(tweak, a))).toBe(hex(data));
      expect(hex(createNobleXts(key).decrypt(tweak, b))).toBe(hex(data));
    }
  });

  it('node path keeps memory bounded over 64 MiB of pages', () => {
    const x = createXts(new Uint8Array(randomBytes(64)));
    const page = new Uint8Array(4096);
    const tweak = new Uint8Array(16);
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 16384; i++) x.encrypt(tweak, page, page);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(24 << 20);
  });

  it('refuses keys of the wrong size and keys with identical halves', () => {
    expect(() => checkXtsKey(new Uint8Array(32))).toThrow(/64 bytes/);
    expect(() => checkXtsKey(new Uint8Array(64).fill(3))).toThrow(/identical/);
    expect(() => createNobleXts(new Uint8Array(64).fill(3))).toThrow(/identical/);
    expect(() => createXts(new Uint8Array(64).fill(3))).toThrow(/identical/);
  });

  describe('whole pages in bulk (encryptPages / decryptPages)', () => {
    it('node runs them as OpenSSL ECB plus the WebAssembly mask kernel on Node 20', () => {
      expect(createXts(new Uint8Array(randomBytes(64))).bulk).toBe('ecb-masks');
      expect(createNobleXts(new Uint8Array(randomBytes(64))).bulk).toBe('per-unit');
    });

    // 1 page, a partial kernel batch, exactly one batch (32), one past it, and several batches.
    for (const pages of [1, 5, 32, 33, 100]) {
      it(`${pages} page(s): identical to OpenSSL's XTS page by page and to noble, both ways, in place too`, () => {
        const key = new Uint8Array(randomBytes(64));
        const tweaks = new Uint8Array(randomBytes(16 * pages));
        const data = new Uint8Array(randomBytes(4096 * pages));
        const node = createXts(key);
        const reference = new Uint8Array(data.length);
        for (let i = 0; i < pages; i++) {
          node.encrypt(tweaks.subarray(16 * i, 16 * i + 16), data.subarray(4096 * i, 4096 * (i + 1)), reference.subarray(4096 * i, 4096 * (i + 1)));
        }
        expect(hex(node.encryptPages(tweaks, data))).toBe(hex(reference));
        expect(hex(createNobleXts(key).encryptPages(tweaks, data))).toBe(hex(reference));
        const perUnit = createXts(key, { bulk: 'per-unit' }); // the path without WebAssembly SIMD
        expect(perUnit.bulk).toBe('per-unit');
        expect(hex(perUnit.encryptPages(tweaks, data))).toBe(hex(reference));
        expect(hex(perUnit.decryptPages(tweaks, reference))).toBe(hex(data));
        expect(hex(node.decryptPages(tweaks, reference))).toBe(hex(data));
        const inPlace = data.slice();
        node.encryptPages(tweaks, inPlace, inPlace);
        expect(hex(inPlace)).toBe(hex(reference));
        node.decryptPages(tweaks, inPlace, inPlace);
        expect(hex(inPlace)).toBe(hex(data));
      });
    }

    it('matches the independently derived page vectors through the bulk path', () => {
      for (const v of vectors.cases) {
        const pt = stream(v.plaintext_label, 4096);
        const x = createXts(unhex(v.key));
        expect(hex(x.encryptPages(unhex(v.tweak), pt))).toBe(v.ciphertext);
        expect(hex(x.decryptPages(unhex(v.tweak), unhex(v.ciphertext)))).toBe(hex(pt));
      }
    });

    it('refuses data that is not whole pages, or tweaks that do not match the page count', () => {
      const x = createXts(new Uint8Array(randomBytes(64)));
      expect(() => x.encryptPages(new Uint8Array(16), new Uint8Array(4000))).toThrow(RangeError);
      expect(() => x.encryptPages(new Uint8Array(32), new Uint8Array(4096))).toThrow(RangeError);
      expect(() => x.encryptPages(new Uint8Array(0), new Uint8Array(0))).toThrow(RangeError);
      expect(() => x.encryptPages(new Uint8Array(16), new Uint8Array(4096), new Uint8Array(16))).toThrow(RangeError);
    });

    it('keeps memory bounded over 64 MiB of pages', () => {
      const x = createXts(new Uint8Array(randomBytes(64)));
      const data = new Uint8Array(32 * 4096);
      const tweaks = new Uint8Array(32 * 16);
      const before = process.memoryUsage().arrayBuffers;
      for (let i = 0; i < 512; i++) x.encryptPages(tweaks, data, data);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(24 << 20);
    });
  });
});
