/**
 * s390-tools' `exp/secure_guest.hdr` (a real 640-byte header, SE-FORMAT §9.7; EXPECTED.md §2.5):
 * parsed bare and found by page scan at 0x12000 of a zero image; the InvBootHdr cases are refused.
 */
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import { memoryImageFile } from '../../src/image/imageFile.js';
import { readSeImage } from '../../src/image/imageReader.js';
import { buildInfoDocument } from '../../src/image/infoDocument.js';
import { haveShared, readShared } from '../support/shared.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const PLD = 'be94b5eab3c1b118c757d7db7ea0f65d9b64823a8dc55bf8a8725b58072d9d4258c53e8a5da82dfb2192d91d07bc1c39b95d6321d3ba16a751a6e3e32f3e0161';
const ALD = '2858c3368b2a0af0c5ea0fde7905eb15af9cd1dd737165933cdaa2b850b6a8e2f0f42c7b36dd5381096288dc092daa8a6facec2534137bc94ca80bda4fcb9328';
const TLD = '4860ebcf7b9d24eb909a795356ad32c936b62165988a9ffcd66170dbc590c23010d7952fa882d1bb79558f9be0a549d8d7a94ae720e5c0760a825d479fe67af5';
const TAG = '92309d4589b9a85b427f8753171d1520';

describe.skipIf(!haveShared)('secure_guest.hdr (s390-tools asset)', () => {
  const hdr = haveShared ? readShared('vectors', 's390-tools', 'pv', 'tests', 'assets', 'exp', 'secure_guest.hdr') : new Uint8Array();

  it('parses bare to the asserted fields', async () => {
    const img = await readSeImage(memoryImageFile(hdr, 'secure_guest.hdr'));
    expect(img.foundBy).toBe('bare-header');
    const h = img.header.head;
    expect(h.version).toBe(0x100);
    expect(h.sehs).toBe(640);
    expect(hex(h.iv)).toBe('4dc42a795fd9d2e4a40fcb33');
    expect(h.nks).toBe(1n);
    expect(h.sea).toBe(128n);
    expect(h.nep).toBe(64549n);
    expect(h.pcf).toBe(0n);
    expect(hex(h.pld)).toBe(PLD);
    expect(hex(h.ald)).toBe(ALD);
    expect(hex(h.tld)).toBe(TLD);
    expect(hex(img.header.keySlots[0]!.phkh)).toBe('782966a6298f6f5968780c3134ca4c55958d2dbca5292f59e9f5d2670befaf2f');
    expect(hex(img.header.keySlots[0]!.wrpk)).toBe('5ba3401e8dde0d01dc1f971edfe8c81c3ced6d39e887225b4e9c34b5d5bebeff');
    expect(hex(img.header.tag)).toBe(TAG);
    const doc = buildInfoDocument(img);
    expect(doc.pvkit.boot_header_tags_hex).toBe(PLD + ALD + TLD + TAG);
    expect(doc.data.version).toBe('V1');
    expect(doc.data.verified).toBe(false);
  });

  it('is found by page scan at 0x12000 of a zero-filled 0x13000-byte image', async () => {
    const image = new Uint8Array(0x13000);
    image.set(hdr, 0x12000);
    const img = await readSeImage(memoryImageFile(image));
    expect(img.foundBy).toBe('page-scan');
    expect(img.headerOffset).toBe(0x12000);
    expect(hex(img.header.tag)).toBe(TAG);
  });

  it('InvBootHdr cases are refused with a FormatError', async () => {
    const swapped = hdr.slice();
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    const at8 = new Uint8Array(4096);
    at8.set(hdr, 8);
    for (const bad of [hdr.slice(1), swapped, at8]) {
      await expect(readSeImage(memoryImageFile(bad, 'bad.hdr'))).rejects.toBeInstanceOf(FormatError);
    }
    await expect(readSeImage(memoryImageFile(hdr.slice(0, 639), 'short.hdr'))).rejects.toThrow(/truncated/);
  });
});
