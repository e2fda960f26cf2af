import { describe, expect, it } from 'vitest';
import { pageTweak, tweakPrefix, writePageTweaks } from '../../src/format/tweak.js';

describe('page tweaks (SE-FORMAT §3.3)', () => {
  it('the batch writer gives what the one-page writer gives, past 4 GiB too', () => {
    const prefix = tweakPrefix(50, new Uint8Array([0xf1, 0x02, 0x83, 0x04, 0xa5, 0xff]));
    expect(prefix).toBe(0x0032_f102_8304_a5ffn);
    for (const first of [0, 0x1000, 0xffff_f000, 0x1_2345_6000]) {
      const n = 5;
      const batch = writePageTweaks(new Uint8Array(16 * n + 16).fill(0xee), prefix, first, n);
      for (let i = 0; i < n; i++) expect(Buffer.from(batch.subarray(16 * i, 16 * i + 16))).toEqual(Buffer.from(pageTweak(prefix, first + 4096 * i)));
      expect(batch.subarray(16 * n).every((b) => b === 0xee)).toBe(true);
    }
    expect(Buffer.from(pageTweak(prefix, 0x1_0000_0000)).toString('hex')).toBe('0032f1028304a5ff0000000100000000');
  });
});
