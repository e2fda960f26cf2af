import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createXtsMaskKernel } from '../../src/crypto/xtsMaskKernel.js';

/** T·α in GF(2^128) on a little-endian 128-bit number, with BigInt: an independent reference. */
function timesAlpha(t: bigint): bigint {
  const shifted = t << 1n;
  return shifted >> 128n ? (shifted & ((1n << 128n) - 1n)) ^ 0x87n : shifted;
}
const fromLe = (b: Uint8Array): bigint => b.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);

describe('XTS mask kernel (WebAssembly SIMD)', () => {
  it('whiten writes T_j = T_0·α^j into every block of every page, each page from its own T_0', () => {
    const k = createXtsMaskKernel(4)!;
    expect(k).toBeDefined();
    const pages = 3;
    const t0 = new Uint8Array(randomBytes(16 * pages));
    // Make one T_0 all ones in its top bit positions so that the reduction (0x87) is exercised early.
    t0.fill(0xff, 16, 32);
    k.firstMasks.set(t0);
    k.data.fill(0);
    k.whiten(pages);
    for (let p = 0; p < pages; p++) {
      let t = fromLe(t0.subarray(16 * p, 16 * p + 16));
      for (let j = 0; j < 256; j++) {
        const at = 4096 * p + 16 * j;
        expect(fromLe(k.data.subarray(at, at + 16)), `page ${p} block ${j}`).toBe(t);
        t = timesAlpha(t);
      }
    }
  });

  it('unwhiten undoes whiten over the given bytes only', () => {
    const k = createXtsMaskKernel(2)!;
    const data = new Uint8Array(randomBytes(2 * 4096));
    k.data.set(data);
    k.firstMasks.set(new Uint8Array(randomBytes(32)));
    k.whiten(2);
    expect(Buffer.from(k.data).equals(Buffer.from(data))).toBe(false);
    k.unwhiten(4096);
    expect(Buffer.from(k.data.subarray(0, 4096)).equals(Buffer.from(data.subarray(0, 4096)))).toBe(true);
    expect(Buffer.from(k.data.subarray(4096)).equals(Buffer.from(data.subarray(4096)))).toBe(false);
  });
});
