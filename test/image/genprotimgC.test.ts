/**
 * IBM genprotimg (C) images, assembled from the stored cut-outs at their recorded offsets: the reader
 * finds the header through the stage3a parameter block, info shows IBM's recorded fields, verify
 * passes with the right keys and inputs and fails with a named check for each kind of damage.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryImageFile } from '../../src/image/imageFile.js';
import { readSeImage } from '../../src/image/imageReader.js';
import { readHostKeyDocumentKey, readHostPrivateKey } from '../../src/image/hostKeyInput.js';
import { verifyImage, type VerifyReport } from '../../src/image/imageVerify.js';
import { genprotimgCases, haveShared, sharedPath } from '../support/shared.js';
import { assembleCase, resealCase } from './support/genprotimgCase.js';

const failed = (r: VerifyReport) => r.checks.filter((c) => !c.ok).map((c) => c.name);
const fileOf = (path: string) => memoryImageFile(new Uint8Array(readFileSync(path)), path);

describe.skipIf(!haveShared)('genprotimg-c vectors (assembled [C] images)', () => {
  for (const name of genprotimgCases) {
    for (const run of ['pinned', 'unpinned'] as const) {
      it(`${name} (${run}): the reader finds what case.json records`, async () => {
        const c = assembleCase(name, run);
        const img = await readSeImage(memoryImageFile(c.image, `${name}.img`));
        expect(img.foundBy).toBe('stage3a-args');
        expect(img.layout).toBe('genprotimg-c');
        expect(img.numbering).toBe('genprotimg-c');
        expect(img.headerOffset).toBe(Number.parseInt(c.runJson.header.image_offset, 16));
        expect(img.stage3aArgs?.offset).toBe(Number.parseInt(c.runJson.stage3a_args.image_offset, 16));
        expect(img.ipib?.offset).toBe(Number.parseInt(c.runJson.ipib.image_offset, 16));
        const f = c.runJson.header.fields;
        expect(Buffer.from(img.header.head.iv).toString('hex')).toBe(f['iv']);
        expect(img.header.head.nep).toBe(BigInt(f['nep'] as number));
        expect(`0x${img.header.head.pcf.toString(16).padStart(16, '0')}`).toBe(f['pcf']);
        expect(Buffer.from(img.header.head.pld).toString('hex')).toBe(f['pld']);
        expect(Buffer.from(img.header.tag).toString('hex')).toBe(f['tag']);
        const slots = f['key_slots'] as { digest_key: string }[];
        expect(img.header.keySlots.map((s) => Buffer.from(s.phkh).toString('hex'))).toEqual(slots.map((s) => s.digest_key));
        expect(img.components.map((x) => [x.kind === 'ramdisk' ? 'initrd' : x.kind, x.addr, x.len, x.tweakPrefix])).toEqual(
          c.components.map((x) => [x.name, x.addr, x.len, x.tweakPrefix]),
        );
      });
    }

    it(`${name}: IBM's header and parts verify except the PLD over the stand-in stage3b`, async () => {
      const c = assembleCase(name, 'pinned');
      const dir = sharedPath('vectors', 'genprotimg-c', name);
      const hasInitrd = c.components.some((x) => x.name === 'initrd');
      const r = await verifyImage(
        memoryImageFile(c.image),
        { headerKey: c.headerKey },
        {
          kernel: fileOf(`${dir}/kernel.bin`),
          initrd: hasInitrd ? fileOf(`${dir}/initrd.bin`) : undefined,
          cmdline: new Uint8Array(readFileSync(`${dir}/parmfile.txt`)),
          hostKeys: await Promise.all(c.hostCerts.map((f) => readHostKeyDocumentKey(f))),
          pcf: c.pcf,
          scf: 0n,
        },
      );
      expect(failed(r)).toEqual(['digest.pld']);
      for (const n of ['digest.nep', 'digest.ald', 'digest.tld', 'expect.kernel', 'expect.cmdline', 'stage3b.args', 'stage3a.args']) {
        expect(r.checks.find((x) => x.name === n)?.ok, n).toBe(true);
      }
    });

    it(`${name}: resealed image verifies fully, by header key and by every host key`, async () => {
      const c = assembleCase(name, 'pinned');
      const image = await resealCase(c);
      const dir = sharedPath('vectors', 'genprotimg-c', name);
      const hasInitrd = c.components.some((x) => x.name === 'initrd');
      const expectations = {
        kernel: fileOf(`${dir}/kernel.bin`),
        initrd: hasInitrd ? fileOf(`${dir}/initrd.bin`) : undefined,
        cmdline: new Uint8Array(readFileSync(`${dir}/parmfile.txt`)),
        hostKeys: await Promise.all(c.hostCerts.map((f) => readHostKeyDocumentKey(f))),
        pcf: c.pcf,
      };
      const byKey = await verifyImage(memoryImageFile(image), { headerKey: c.headerKey, imageKey: c.xtsKey }, expectations);
      expect(failed(byKey)).toEqual([]);
      expect(byKey.verified).toBe(true);
      for (const priv of c.hostPrivs) {
        const byHost = await verifyImage(memoryImageFile(image), { hostKeys: [await readHostPrivateKey(priv)] }, expectations);
        expect(failed(byHost), priv).toEqual([]);
      }
      // Damage → a named failing check.
      const wrongKernel = await verifyImage(memoryImageFile(image), { headerKey: c.headerKey }, { ...expectations, kernel: memoryImageFile(new Uint8Array(12388), 'other') });
      expect(failed(wrongKernel)).toEqual(['expect.kernel']);
      const other = sharedPath('vectors', 'genprotimg-c', 'hk2-full', 'hostkey2-cert.pem');
      const wrongHosts = await verifyImage(memoryImageFile(image), { headerKey: c.headerKey }, {
        ...expectations,
        hostKeys: [...expectations.hostKeys, await readHostKeyDocumentKey(other)],
      });
      expect(failed(wrongHosts)).toContain('expect.host-keys');
      const page = image.slice();
      page[c.components[0]!.addr + 100]! ^= 1;
      expect(failed(await verifyImage(memoryImageFile(page), { headerKey: c.headerKey }, expectations))).toEqual(['digest.pld', 'expect.kernel']);
      // Every single-byte flip of the header and of the IPIB is refused with a named check, none crashes.
      const headerAt = Number.parseInt(c.runJson.header.image_offset, 16);
      const ipibAt = Number.parseInt(c.runJson.ipib.image_offset, 16);
      const named = new Set<string>();
      for (const [from, n] of [[headerAt, c.runJson.header.len], [ipibAt, 136 + 24 * c.components.length]] as const) {
        for (let i = 0; i < n; i++) {
          const bad = image.slice();
          bad[from + i]! ^= 1 << i % 8;
          const r = await verifyImage(memoryImageFile(bad), { headerKey: c.headerKey }, expectations);
          expect(r.verified, `byte ${from + i}`).toBe(false);
          named.add(failed(r)[0]!);
        }
      }
      expect([...named].every((x) => /^(image\.format|header\.open|ipib|digest\.|image\.layout|stage3a\.args|stage3b\.args)/.test(x))).toBe(true);
      const truncated = image.slice(0, image.length - 4096);
      const t = await verifyImage(memoryImageFile(truncated), { headerKey: c.headerKey }, expectations);
      expect(t.verified).toBe(false);
      expect(failed(t)).toEqual(['image.format']);
    });
  }
});
