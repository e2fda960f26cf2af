import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import {
  buildSeHeader,
  MAX_KEY_SLOTS,
  openSeHeader,
  openSeHeaderWithHostKey,
  parseSeHeader,
  seHeaderSize,
} from '../../src/format/seHeader.js';
import { keySlotLayout, unwrapKeySlot, wrapKeySlot } from '../../src/format/keySlot.js';
import { generateKeyPair, hostKeyHash, keyPairFromScalar, parsePrivateKey } from '../../src/crypto/p521.js';
import { genprotimgCases, haveShared, readShared, sharedPath } from '../support/shared.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fill = (n: number, v: number) => new Uint8Array(n).fill(v);

function certKey(path: string): Uint8Array {
  const jwk = new X509Certificate(readFileSync(path)).publicKey.export({ format: 'jwk' });
  return new Uint8Array(Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]));
}

/** SE-FORMAT §9.4, the s390-tools builder_test header, as hex rows. */
const HEADER_9_4 = `
49424d5365634578000001000000028033333333333333333333333300000000
0000000000000001000000000000008000000000000000010000000000000000
000000000000000000000000000000c75d34f91652db457b0b209c46a491a44e
e2b16e23c2d8daf116678a62f24ce332c5995f08456b66b16dd55a92c507f1e3
1af78c64a82e7a541b15135015f2028600000000000000000000000000000140
8058a7f1a5c35097533a02a93879e7de67ba280bce8365ec94b2b908f589c3a9
98d8be1e6307d74ae01adc46825ff6bb6fa05c1147cfe2ccf4a24f3d833dda70
0202020202020202020202020202020202020202020202020202020202020202
0202020202020202020202020202020202020202020202020202020202020202
0101010101010101010101010101010101010101010101010101010101010101
0101010101010101010101010101010101010101010101010101010101010101
0303030303030303030303030303030303030303030303030303030303030303
0303030303030303030303030303030303030303030303030303030303030303
415c25a5d19c381e619733e1c1b7fbd88bdd1c31d882d5ade04b97043c5010f0
e55266e4718905401d308a1294b3883bddcd624c29793bdca00c38d4ab4d55fd
26c4eb7031b75eabdd7860419566373bb4198fe3de90034df004d9cdc7af7b01
bf4c4e63738305a0708e757d1eef0733ef42ad3df3c71447736b718b44c8dbe9
54dc6cf285475b9aa0ab0420435a6bd8958dd2147d042749a34b01944ef5874c
442aa4aeb9d81d3c4c1ce8bfd1da86b86e9ae39042d5915d9d963d5045ee06be
bfcaacdd9fbe3efd43a28ef56d171a667165174055f9fffa1e1c8887bb6d76de`.replace(/\s+/g, '');

const S390 = 'vectors/s390-tools/pv/tests/assets';

describe.skipIf(!haveShared)('s390-tools header and key-slot vectors', () => {
  const host = () => certKey(sharedPath(S390, 'keys/host.pem.crt'));
  const cust = () => keyPairFromScalar(readShared(S390, 'keys/private_cust.bin'));

  it('reproduces the 640-byte builder_test header byte for byte (§9.4)', () => {
    const c = cust();
    const bytes = buildSeHeader({
      headerKey: fill(32, 0x32),
      iv: fill(12, 0x33),
      customerPrivateKey: c.privateKey,
      customerPublicKey: c.publicKey,
      hostKeys: [host()],
      nep: 1n,
      pcf: 0n,
      pld: fill(64, 2),
      ald: fill(64, 1),
      tld: fill(64, 3),
      secrets: { cck: fill(32, 0x31), xtsKey: fill(64, 3), psw: { mask: 5678n, addr: 1234n }, scf: 0n },
    });
    expect(hex(bytes)).toBe(HEADER_9_4);
    const opened = openSeHeader(parseSeHeader(bytes), fill(32, 0x32));
    expect(opened.psw).toEqual({ mask: 5678n, addr: 1234n });
    expect(hex(opened.cck)).toBe(hex(fill(32, 0x31)));
  });

  it('reproduces exp/keyslot.bin (§9.2) and unwraps it', () => {
    const slot = wrapKeySlot(fill(32, 0x17), cust().privateKey, host());
    expect(hex(keySlotLayout.serialize(slot))).toBe(hex(readShared(S390, 'exp/keyslot.bin')));
    expect(hex(unwrapKeySlot(slot, cust().privateKey, host()))).toBe(hex(fill(32, 0x17)));
  });

  it('parses exp/secure_guest.hdr to the asserted fields (§9.7)', () => {
    const h = parseSeHeader(readShared(S390, 'exp/secure_guest.hdr'));
    expect(h.head.version).toBe(0x100);
    expect(h.head.sehs).toBe(640);
    expect(hex(h.head.iv)).toBe('4dc42a795fd9d2e4a40fcb33');
    expect(h.head.nks).toBe(1n);
    expect(h.head.nep).toBe(64549n);
    expect(h.head.pcf).toBe(0n);
    expect(hex(h.head.pld)).toMatch(/^be94b5ea.*2f3e0161$/);
    expect(hex(h.head.ald)).toMatch(/^2858c336.*4fcb9328$/);
    expect(hex(h.head.tld)).toMatch(/^4860ebcf.*9fe67af5$/);
    expect(hex(h.keySlots[0]!.phkh)).toBe('782966a6298f6f5968780c3134ca4c55958d2dbca5292f59e9f5d2670befaf2f');
    expect(hex(h.tag)).toBe('92309d4589b9a85b427f8753171d1520');
  });

  it('refuses the broken variants of secure_guest.hdr', () => {
    const good = readShared(S390, 'exp/secure_guest.hdr');
    expect(() => parseSeHeader(good.subarray(1))).toThrow(/magic/);
    const swapped = good.slice();
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    expect(() => parseSeHeader(swapped)).toThrow(/magic/);
    expect(() => parseSeHeader(good.subarray(0, 639))).toThrow(/truncated/);
  });
});

describe.skipIf(!haveShared)('IBM genprotimg (C) headers', () => {
  for (const name of genprotimgCases) {
    it(`${name}: opens with the header key and with every host key; slots rebuild from the customer key`, () => {
      const dir = `vectors/genprotimg-c/${name}`;
      const kase = JSON.parse(readFileSync(sharedPath(dir, 'case.json'), 'utf8')) as {
        files: { host_key_documents: string[]; host_private_keys: string[] };
        pinned_run: { header: { fields: { nep: number; pcf: string; decrypted: { psw: { addr: string } } } } };
      };
      const bytes = readShared(dir, 'header.bin');
      const sealed = parseSeHeader(bytes);
      const fields = kase.pinned_run.header.fields;
      expect(sealed.head.nep).toBe(BigInt(fields.nep));
      expect(sealed.head.pcf).toBe(BigInt(fields.pcf));
      expect(sealed.keySlots.length).toBe(kase.files.host_key_documents.length);
      const headerKey = readShared(dir, 'header-key.bin');
      const opened = openSeHeader(sealed, headerKey);
      expect(hex(opened.xtsKey)).toBe(hex(readShared(dir, 'comp-key.bin')));
      expect(hex(opened.cck)).toBe(hex(readShared(dir, 'cck.bin')));
      expect(opened.psw.mask).toBe(0x180000000n);
      expect(opened.psw.addr).toBe(BigInt(fields.decrypted.psw.addr));

      const cust = parsePrivateKey(readShared(dir, 'cust-key.pem'));
      kase.files.host_private_keys.forEach((file, i) => {
        const hostPair = parsePrivateKey(readShared(dir, file));
        expect(hex(hostPair.publicKey)).toBe(hex(certKey(sharedPath(dir, kase.files.host_key_documents[i]!))));
        const viaHost = openSeHeaderWithHostKey(sealed, { ...hostPair, phkh: hostKeyHash(hostPair.publicKey) });
        expect(viaHost.slotIndex).toBe(i);
        expect(hex(viaHost.headerKey)).toBe(hex(headerKey));
        // The key slot depends only on (header key, customer key, host key): rebuild it byte for byte.
        expect(hex(keySlotLayout.serialize(wrapKeySlot(headerKey, cust.privateKey, hostPair.publicKey)))).toBe(
          hex(keySlotLayout.serialize(sealed.keySlots[i]!)),
        );
      });

      // Rebuilding the whole header from the pinned inputs gives IBM's bytes.
      const rebuilt = buildSeHeader({
        headerKey,
        iv: readShared(dir, 'gcm-iv.bin'),
        customerPrivateKey: cust.privateKey,
        customerPublicKey: cust.publicKey,
        hostKeys: kase.files.host_key_documents.map((f) => certKey(sharedPath(dir, f))),
        nep: sealed.head.nep,
        pcf: sealed.head.pcf,
        pld: sealed.head.pld,
        ald: sealed.head.ald,
        tld: sealed.head.tld,
        secrets: { cck: opened.cck, xtsKey: opened.xtsKey, psw: opened.psw, scf: opened.scf },
      });
      expect(hex(rebuilt)).toBe(hex(bytes));
    });
  }
});

describe('header limits and tamper detection', () => {
  const hosts = (n: number) => Array.from({ length: n }, () => generateKeyPair().publicKey);
  const base = () => {
    const c = generateKeyPair();
    return {
      headerKey: fill(32, 9),
      iv: fill(12, 8),
      customerPrivateKey: c.privateKey,
      customerPublicKey: c.publicKey,
      nep: 3n,
      pcf: 0xe0n,
      pld: fill(64, 4),
      ald: fill(64, 5),
      tld: fill(64, 6),
      secrets: { cck: fill(32, 1), xtsKey: fill(64, 2), psw: { mask: 0x180000000n, addr: 0x20000n }, scf: 0n },
    };
  };

  it('sizes follow 560 + 80·nks; 95 key slots fit, 96 and 0 are refused', () => {
    expect(seHeaderSize(1)).toBe(640);
    expect(seHeaderSize(44)).toBe(4080);
    expect(seHeaderSize(95)).toBe(8160);
    expect(MAX_KEY_SLOTS).toBe(95);
    const one = hosts(1)[0]!;
    expect(buildSeHeader({ ...base(), hostKeys: Array(95).fill(one) }).length).toBe(8160);
    expect(() => buildSeHeader({ ...base(), hostKeys: Array(96).fill(one) })).toThrow(/too many host-key documents: 96/);
    expect(() => buildSeHeader({ ...base(), hostKeys: [] })).toThrow(/at least one/);
  });

  it('every single-byte change of a 2-slot header is refused by parsing or authentication', () => {
    const bytes = buildSeHeader({ ...base(), hostKeys: hosts(2) });
    for (let i = 0; i < bytes.length; i++) {
      const t = bytes.slice();
      t[i]! ^= 0x01;
      expect(() => openSeHeader(parseSeHeader(t), fill(32, 9)), `byte ${i}`).toThrow();
    }
  });
});
