/**
 * pvkit-built images ([R] layout): the reader finds them through the metadata block (and, with the
 * metadata gone, through the stage3a parameter block or a page scan), and verify passes with every way
 * of opening them and fails with a named check for each kind of damage, including every single-byte
 * flip of a 1-key and a 3-key header.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryImageFile } from '../../src/image/imageFile.js';
import { readSeImage } from '../../src/image/imageReader.js';
import { verifyImage, type VerifyExpectations, type VerifyKeys, type VerifyReport } from '../../src/image/imageVerify.js';
import { buildTestImage, type BuiltImage, hostKeys } from './support/pvkitImage.js';
import { readFileSync } from 'node:fs';

const failed = (r: VerifyReport) => r.checks.filter((c) => !c.ok).map((c) => c.name);

async function expectations(b: BuiltImage): Promise<VerifyExpectations> {
  return {
    // In memory (the inputs are small): expectations are reused across many verifications, and an
    // open file handle would be left for the garbage collector to close.
    kernel: memoryImageFile(new Uint8Array(readFileSync(b.kernel)), b.kernel),
    initrd: b.initrd ? memoryImageFile(new Uint8Array(readFileSync(b.initrd)), b.initrd) : undefined,
    cmdline: b.parmfile ? new Uint8Array(readFileSync(b.parmfile)) : undefined,
    hostKeys: b.hosts,
    pcf: b.created.pcf,
    scf: b.created.scf,
  };
}

describe('pvkit-built images', () => {
  let one: BuiltImage;
  let three: BuiltImage;
  let plain: BuiltImage;

  beforeAll(async () => {
    one = await buildTestImage({ name: 'one', hosts: 1, initrdSize: 0x5001, cmdline: 'root=/dev/vda console=ttysclp0' });
    three = await buildTestImage({ name: 'three', hosts: 3, kernelSize: 0x10800, cmdline: 'quiet\0', pcf: 0x200000e0n, cck: true });
    plain = await buildTestImage({ name: 'plain', hosts: 2, initrdSize: 100, pcf: 0x100000e0n });
  });

  it('the reader finds the header through the metadata and names every component', async () => {
    for (const b of [one, three, plain]) {
      const img = await readSeImage(memoryImageFile(b.bytes, b.path));
      expect(img.foundBy).toBe('metadata');
      expect(img.layout).toBe('pvimg');
      expect(img.numbering).toBe('pvimg');
      expect(img.headerOffset).toBe(b.created.layout.headerAddr);
      expect(img.ipib?.offset).toBe(b.created.layout.ipibAddr);
      expect(img.stage3aArgs?.offset).toBe(b.created.layout.stage3aArgsAddr);
      expect(Buffer.from(img.header.bytes).equals(Buffer.from(b.created.header))).toBe(true);
      expect(img.components.map((c) => [c.kind, c.addr, c.len, c.tweakPrefix])).toEqual(
        b.created.components.map((c) => [c.kind, c.addr, c.preparedSize, c.tweakPrefix]),
      );
    }
  });

  it('without metadata the stage3a parameter block finds it; without both, a page scan does', async () => {
    const noMeta = one.bytes.slice();
    noMeta.fill(0, 0xc000, 0xc000 + 28);
    const a = await readSeImage(memoryImageFile(noMeta));
    expect(a.foundBy).toBe('stage3a-args');
    expect(a.layout).toBe('pvimg');
    expect(a.components).toHaveLength(4);
    const noArgs = noMeta.slice();
    noArgs.fill(0, one.created.layout.stage3aArgsAddr, one.created.layout.stage3aArgsAddr + 24);
    const b = await readSeImage(memoryImageFile(noArgs));
    expect(b.foundBy).toBe('page-scan');
    expect(b.headerOffset).toBe(0x14000);
    expect(b.components).toHaveLength(0);
  });

  it('verify passes by header key, by each host key, and with the image key', async () => {
    for (const b of [one, three, plain]) {
      const exp = await expectations(b);
      const r = await verifyImage(memoryImageFile(b.bytes, b.path), { headerKey: b.headerKey, imageKey: b.xtsKey }, exp);
      expect(failed(r), b.path).toEqual([]);
      expect(r.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['digest.pld', 'digest.ald', 'digest.tld', 'digest.nep', 'expect.kernel', 'expect.host-keys', 'stage3a.args', 'stage3b.args']));
      for (const h of b.hosts) {
        const byHost = await verifyImage(memoryImageFile(b.bytes, b.path), { hostKeys: [h] }, exp);
        expect(failed(byHost)).toEqual([]);
      }
    }
  });

  it('verify names the failing check: wrong kernel, host-key set, image key, flags, PCF', async () => {
    const exp = await expectations(one);
    const v = (e: Partial<VerifyExpectations>, keys: VerifyKeys = { headerKey: one.headerKey }) => verifyImage(memoryImageFile(one.bytes), keys, { ...exp, ...e });
    expect(failed(await v({ kernel: memoryImageFile(new Uint8Array(0x11234), 'zeros') }))).toEqual(['expect.kernel']);
    expect(failed(await v({ initrd: undefined }))).toEqual(['expect.initrd']);
    expect(failed(await v({ cmdline: new TextEncoder().encode('root=/dev/vdb') }))).toEqual(['expect.cmdline']);
    expect(failed(await v({ hostKeys: [...one.hosts, ...hostKeys(1)] }))).toEqual(['expect.host-keys']);
    expect(failed(await v({ hostKeys: [] }))).toEqual(['expect.host-keys']);
    expect(failed(await v({ hostKeys: hostKeys(1) }))).toEqual(['expect.host-keys']);
    expect(failed(await v({ pcf: 0n }))).toEqual(['expect.pcf']);
    expect(failed(await v({ scf: 1n }))).toEqual(['expect.scf']);
    expect(failed(await v({ flags: [{ name: 'dump', on: true }] }))).toEqual(['expect.flag.dump']);
    expect(failed(await v({ flags: [{ name: 'pckmo', on: true }, { name: 'cck-update', on: false }] }))).toEqual([]);
    expect(failed(await v({}, { headerKey: one.headerKey, imageKey: three.xtsKey }))).toEqual(['expect.image-key']);
    expect(failed(await v({}, { headerKey: three.headerKey }))).toContain('header.open');
    const otherHost = await verifyImage(memoryImageFile(one.bytes), { hostKeys: three.hosts }, exp);
    expect(failed(otherHost)).toContain('header.open');
    const three3 = await verifyImage(memoryImageFile(three.bytes), { headerKey: three.headerKey }, { ...(await expectations(three)), flags: [{ name: 'dump', on: true }] });
    expect(failed(three3)).toEqual([]);
  });

  it('a flipped byte in any component page fails digest.pld (and the content check)', async () => {
    const exp = await expectations(one);
    for (const c of one.created.components) {
      for (const at of [c.addr, c.addr + c.preparedSize - 1, c.addr + 4096 + 17]) {
        if (at >= c.addr + c.preparedSize) continue;
        const bad = one.bytes.slice();
        bad[at]! ^= 0x40;
        const r = await verifyImage(memoryImageFile(bad), { headerKey: one.headerKey }, exp);
        expect(r.verified).toBe(false);
        expect(failed(r)).toContain('digest.pld');
      }
    }
    // Plaintext images (PCF bit 35): the flip shows in the content too.
    const pexp = await expectations(plain);
    const k = plain.created.components[0]!;
    const bad = plain.bytes.slice();
    bad[k.addr + 5]! ^= 1;
    expect(failed(await verifyImage(memoryImageFile(bad), { headerKey: plain.headerKey }, pexp))).toEqual(['digest.pld', 'expect.kernel']);
  });

  it('every single-byte flip of the IPIB is refused', async () => {
    const exp = await expectations(one);
    const { ipibAddr, ipibSize } = one.created.layout;
    for (let i = 0; i < ipibSize; i++) {
      const bad = one.bytes.slice();
      bad[ipibAddr + i]! ^= 1 << i % 8;
      const r = await verifyImage(memoryImageFile(bad), { headerKey: one.headerKey }, exp);
      expect(r.verified, `IPIB byte ${i}`).toBe(false);
    }
  });

  it('a truncated file is refused with a named check', async () => {
    const exp = await expectations(one);
    for (const cut of [1, 200, 4096, one.bytes.length - 0x15000, one.bytes.length - 0x100]) {
      const r = await verifyImage(memoryImageFile(one.bytes.subarray(0, one.bytes.length - cut)), { headerKey: one.headerKey }, exp);
      expect(r.verified).toBe(false);
      expect(failed(r)).toEqual(['image.format']);
    }
  });

  it('metadata and stage3a parameters that disagree fail stage3a.args (errata §12.4)', async () => {
    const bad = one.bytes.slice();
    // A second copy of the header where the metadata now points; stage3a still points at 0x14000.
    bad.set(one.created.header, 0x3000);
    new DataView(bad.buffer).setBigUint64(0xc008, 0x3000n);
    const r = await verifyImage(memoryImageFile(bad), { headerKey: one.headerKey }, await expectations(one));
    expect(failed(r)).toEqual(['ipib', 'stage3a.args']);
  });

  for (const [label, get] of [
    ['1-key', () => one],
    ['3-key', () => three],
  ] as const) {
    it(`every single-byte flip of the ${label} header is refused, none crashes`, async () => {
      const b = get();
      const exp = await expectations(b);
      const hdr = b.created.layout.headerAddr;
      const size = b.created.header.length;
      const reasons = new Map<string, number>();
      for (let i = 0; i < size; i++) {
        const bad = b.bytes.slice();
        bad[hdr + i]! ^= 0x01 << i % 8;
        const r = await verifyImage(memoryImageFile(bad), { headerKey: b.headerKey }, exp);
        expect(r.verified, `byte ${i}`).toBe(false);
        const first = failed(r)[0]!;
        reasons.set(first, (reasons.get(first) ?? 0) + 1);
      }
      expect([...reasons.keys()].sort()).toEqual(['header.open', 'image.format']);
    });
  }
});
