import { describe, expect, it } from 'vitest';
import { PageDigests } from '../../src/format/pageDigests.js';
import { createXts } from '../../src/crypto/xts.js';
import { createNobleXts } from '../../src/crypto/xtsNoble.js';
import { pageTweak } from '../../src/format/tweak.js';
import { nobleSha512 } from '../../src/crypto/sha512Noble.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('page digests (SE-FORMAT §9.5)', () => {
  for (const impl of ['node', 'noble'] as const) {
    it(`${impl}: two components, 7 pages, give the published NEP/ALD/PLD/TLD`, () => {
      const key = new Uint8Array(64);
      key.fill(0x42, 0, 32);
      key.fill(0x43, 32);
      const xts = impl === 'node' ? createXts(key) : createNobleXts(key);
      const d = new PageDigests(impl === 'noble' ? nobleSha512 : undefined);
      const comps = [
        { fill: 1, size: 0x3400, addr: 0x10000n },
        { fill: 2, size: 0x3000, addr: 0x20000n },
      ];
      for (const c of comps) {
        const data = new Uint8Array(Math.ceil(c.size / 4096) * 4096);
        data.fill(c.fill, 0, c.size);
        for (let off = 0; off < data.length; off += 4096) {
          const tweak = pageTweak(0x42n, off);
          d.addPage(c.addr + BigInt(off), tweak, xts.encrypt(tweak, data.subarray(off, off + 4096)));
        }
      }
      const r = d.digest();
      expect(r.nep).toBe(7n);
      expect(hex(r.ald)).toBe(
        'c391de5727a08212ea2fea9c37f9cf090be51f93c6d521b8906332ce720c5f38ada0e73e69663e5211d015fef41dc62606f5135e619904d4f450ab889f49caad',
      );
      expect(hex(r.pld)).toBe(
        'a24ff30a8af1295888dedfe9369eb509290309a90159ebc32ca26a53f9d4364a781857e2590587536c3e767355c7b7603f2b0c6a407f16330d82128d0964fad2',
      );
      expect(hex(r.tld)).toBe(
        '424fe3cf04a6f64a7aef185c3b4ef607c0e4f54bb7e14620b574a3d31eef31c7d462eb040d45ee6918e6b80968ba4454f9e2edc26f6929ed624d0055f2355659',
      );
    });
  }

  it('pages added by address and tweak take their PLD from the caller; the two ways do not mix', () => {
    const stored = new Uint8Array(2 * 4096).fill(9);
    const addresses = new Uint8Array(16);
    new DataView(addresses.buffer).setBigUint64(8, 0x1000n);
    const tweaks = new Uint8Array(32).fill(3);
    const here = new PageDigests();
    here.addPages(stored, addresses, tweaks);
    const reference = here.digest();

    const elsewhere = new PageDigests();
    elsewhere.addPageRecords(addresses, tweaks);
    expect(() => elsewhere.digest()).toThrow(/missing/);
    const got = new PageDigests();
    got.addPageRecords(addresses, tweaks);
    expect(got.digest(reference.pld)).toEqual(reference);

    const mixed = new PageDigests();
    mixed.addPageRecords(addresses, tweaks);
    expect(() => mixed.addPages(stored, addresses, tweaks)).toThrow(/with and without/);
    const mixed2 = new PageDigests();
    mixed2.addPages(stored, addresses, tweaks);
    expect(() => mixed2.addPageRecords(addresses, tweaks)).toThrow(/with and without/);
    expect(() => new PageDigests().digest(reference.pld)).toThrow(/given/);
  });
});

