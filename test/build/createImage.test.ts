import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createImage, type PinnedValues } from '../../src/build/createImage.js';
import { writeSecureComponent, bytesSource } from '../../src/build/secureComponent.js';
import { CHUNK_SIZE } from '../../src/build/chunkStore.js';
import { generateKeyPair, hostKeyHash, parsePrivateKey, type P521KeyPair } from '../../src/crypto/p521.js';
import { createXts } from '../../src/crypto/xts.js';
import { createNobleXts } from '../../src/crypto/xtsNoble.js';
import { parseSeHeader, openSeHeader, openSeHeaderWithHostKey } from '../../src/format/seHeader.js';
import { parseIpib } from '../../src/format/ipib.js';
import { imageMetadataLayout } from '../../src/format/imageMetadata.js';
import { stage3aArgsLayout, stage3bArgsLayout } from '../../src/format/loaderArgs.js';
import { PageDigests } from '../../src/format/pageDigests.js';
import { pageTweak } from '../../src/format/tweak.js';
import { loadLoaderTemplates } from '../../src/loaders/loaderFiles.js';
import { genprotimgCases, haveShared, readShared, sharedPath } from '../support/shared.js';
import { streamBytes, tempDir, writeInputs } from './testInputs.js';
import { nobleSha512 } from '../../src/crypto/sha512Noble.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

const PINS: PinnedValues = {
  headerKey: new Uint8Array(32).fill(0x11),
  xtsKey: new Uint8Array(64).map((_, i) => i),
  cck: new Uint8Array(32).fill(0x22),
  iv: new Uint8Array(12).fill(0x33),
  customerKey: generateKeyPair(),
  tweakRandom: {
    kernel: new Uint8Array([1, 2, 3, 4, 5, 6]),
    ramdisk: new Uint8Array([7, 8, 9, 10, 11, 12]),
    cmdline: new Uint8Array([13, 14, 15, 16, 17, 18]),
    stage3b: new Uint8Array([19, 20, 21, 22, 23, 24]),
  },
};

/** Decrypt every IPIB component of an image and recompute its digests, using only the format modules. */
function openImage(image: Uint8Array, host: P521KeyPair) {
  const meta = imageMetadataLayout.parse(image, 0xc000);
  const sealed = parseSeHeader(image, Number(meta.hdrOff));
  const opened = openSeHeaderWithHostKey(sealed, { ...host, phkh: hostKeyHash(host.publicKey) });
  const ipib = parseIpib(image, Number(meta.ipibOff));
  const xts = createNobleXts(opened.xtsKey);
  const digests = new PageDigests(nobleSha512);
  const plain = ipib.components.map((c) => {
    const out = new Uint8Array(Number(c.len));
    for (let off = 0; off < out.length; off += 4096) {
      const at = Number(c.addr) + off;
      const page = image.subarray(at, at + 4096);
      const tweak = pageTweak(c.tweakPref, off);
      digests.addPage(BigInt(at), tweak, page);
      xts.decrypt(tweak, page, out.subarray(off, off + 4096));
    }
    return out;
  });
  return { meta, sealed, opened, ipib, plain, digests: digests.digest() };
}

describe('createImage', () => {
  const host = generateKeyPair();
  const host2 = generateKeyPair();

  it('builds an image that opens with each host key and holds exactly the inputs', async () => {
    const inp = writeInputs();
    const out = join(inp.dir, 'se.img');
    const r = await createImage({ kernel: inp.kernel, ramdisk: inp.initrd, parmfile: inp.parmfile, output: out, hostKeys: [host.publicKey, host2.publicKey] });
    const image = new Uint8Array(readFileSync(out));
    expect(image.length).toBe(r.size);
    expect(hex(image.subarray(0, 8))).toBe('0008000180011000');
    for (const h of [host, host2]) {
      const o = openImage(image, h);
      expect(o.meta.hdrOff).toBe(0x14000n);
      expect(o.sealed.head.nks).toBe(2n);
      expect(o.sealed.head.pcf).toBe(0xe0n);
      expect(o.ipib.components.map((c) => Number(c.tweakPref >> 48n))).toEqual([40, 50, 60, 70]);
      expect(o.ipib.head.pvHdrAddr).toBe(0x14000n);
      // NEP/PLD/ALD/TLD recomputed independently (noble SHA-512) match the sealed header.
      expect(o.digests.nep).toBe(o.sealed.head.nep);
      expect(hex(o.digests.pld)).toBe(hex(o.sealed.head.pld));
      expect(hex(o.digests.ald)).toBe(hex(o.sealed.head.ald));
      expect(hex(o.digests.tld)).toBe(hex(o.sealed.head.tld));
      const [kernel, ramdisk, cmdline, stage3b] = o.plain;
      expect(hex(kernel!.subarray(0, inp.kernelBytes.length))).toBe(hex(inp.kernelBytes));
      expect(kernel!.subarray(inp.kernelBytes.length).every((b) => b === 0)).toBe(true);
      expect(hex(ramdisk!.subarray(0, inp.initrdBytes.length))).toBe(hex(inp.initrdBytes));
      expect(Buffer.from(cmdline!.subarray(0, inp.cmdline.length + 1)).toString('latin1')).toBe(`${inp.cmdline}\0`);
      // stage3b parameters point at the components with their original sizes (§4.7).
      const s3bLen = loadLoaderTemplates().stage3b.length;
      const args = stage3bArgsLayout.parse(stage3b!, s3bLen - 64);
      expect(args.kernelSrc).toBe(o.ipib.components[0]!.addr);
      expect(args.kernelSize).toBe(BigInt(inp.kernelBytes.length));
      expect(args.initrdSrc).toBe(o.ipib.components[1]!.addr);
      expect(args.initrdSize).toBe(BigInt(inp.initrdBytes.length));
      expect(args.cmdlineSrc).toBe(o.ipib.components[2]!.addr);
      expect(args.cmdlineSize).toBe(BigInt(inp.cmdline.length + 1));
      expect(args.pswAddr).toBe(0x10000n);
      expect(o.opened.psw).toEqual({ mask: 0x180000000n, addr: o.ipib.components[3]!.addr });
      // stage3a's parameter block finds the header and the IPIB (§4.6).
      const s3aLen = loadLoaderTemplates().stage3a.length;
      const argsAddr = 0x10000 + s3aLen - 24;
      const a = stage3aArgsLayout.parse(image, argsAddr);
      expect(Number(a.hdrOffs) + argsAddr).toBe(0x14000);
      expect(a.hdrSize).toBe(BigInt(o.sealed.bytes.length));
      expect(Number(a.ipibOffs) + argsAddr).toBe(Number(o.meta.ipibOff));
      expect(Number(o.meta.ipibOff) + 136 + 24 * 4).toBe(image.length);
    }
  });

  it('is deterministic when every random value is pinned, and only then', async () => {
    const inp = writeInputs();
    const build = async (name: string, pinned?: PinnedValues) => {
      const out = join(inp.dir, name);
      await createImage({ kernel: inp.kernel, ramdisk: inp.initrd, parmfile: inp.parmfile, output: out, hostKeys: [host.publicKey], pinned });
      return hex(readFileSync(out));
    };
    expect(await build('a.img', PINS)).toBe(await build('b.img', PINS));
    expect(await build('c.img')).not.toBe(await build('d.img'));
  });

  it('the noble XTS path builds the same bytes as the node:crypto path', async () => {
    const inp = writeInputs();
    const build = async (name: string, xts?: typeof createNobleXts) => {
      const out = join(inp.dir, name);
      await createImage({ kernel: inp.kernel, ramdisk: inp.initrd, parmfile: inp.parmfile, output: out, hostKeys: [host.publicKey], pinned: PINS, xts });
      return hex(readFileSync(out));
    };
    expect(await build('noble.img', createNobleXts)).toBe(await build('node.img', createXts));
  });

  it('stores padded plaintext with PCF bit 35 but keeps tweaks and digests', async () => {
    const inp = writeInputs();
    const out = join(inp.dir, 'plain.img');
    const r = await createImage({ kernel: inp.kernel, output: out, hostKeys: [host.publicKey], pcf: 0x100000e0n });
    const image = new Uint8Array(readFileSync(out));
    const k = r.components[0]!;
    expect(hex(image.subarray(k.addr, k.addr + inp.kernelBytes.length))).toBe(hex(inp.kernelBytes));
    const sealed = parseSeHeader(image, 0x14000);
    expect(sealed.head.pcf).toBe(0x100000e0n);
    const d = new PageDigests(nobleSha512);
    for (const c of r.components) {
      for (let off = 0; off < c.preparedSize; off += 4096) d.addPage(BigInt(c.addr + off), pageTweak(c.tweakPrefix, off), image.subarray(c.addr + off, c.addr + off + 4096));
    }
    expect(hex(d.digest().tld)).toBe(hex(sealed.head.tld));
  });

  it('leaves nothing behind when the build fails mid-stream, with writes in flight', async () => {
    const inp = writeInputs();
    const big = join(inp.dir, 'big-initrd.bin');
    writeFileSync(big, streamBytes('big-initrd', 3 << 20)); // 24 chunks: several writes pending at once
    const out = join(inp.dir, 'midway.img');
    let calls = 0;
    const failing = (key: Uint8Array) => {
      const x = createXts(key);
      return {
        ...x,
        encryptPages: (t: Uint8Array, d: Uint8Array, o?: Uint8Array) => {
          if (++calls === 10) throw new Error('encryption unit failed');
          return x.encryptPages(t, d, o);
        },
      };
    };
    await expect(createImage({ kernel: inp.kernel, ramdisk: big, output: out, hostKeys: [host.publicKey], xts: failing })).rejects.toThrow(/encryption unit failed/);
    expect(calls).toBe(10);
    expect(() => readFileSync(out)).toThrow();
    expect(() => readFileSync(`${out}.part`)).toThrow();
  });

  it('leaves nothing behind when an input is bad', async () => {
    const inp = writeInputs();
    const out = join(inp.dir, 'bad.img');
    await expect(createImage({ kernel: inp.initrd, output: out, hostKeys: [host.publicKey] })).rejects.toThrow(/S390EP/);
    await expect(createImage({ kernel: join(inp.dir, 'missing'), output: out, hostKeys: [host.publicKey] })).rejects.toThrow(/ENOENT/);
    expect(() => readFileSync(out)).toThrow();
    expect(() => readFileSync(`${out}.part`)).toThrow();
  });
});

describe.skipIf(!haveShared)('agreement with IBM genprotimg (C) vectors', () => {
  interface Kase {
    input_sizes: Record<string, number>;
    pinned_run: { components: { name: string; tweak_prefix: string; file?: string; len: number }[]; header: { fields: { pcf: string } } };
    files: { host_key_documents: string[] };
  }
  for (const name of genprotimgCases) {
    const dir = `vectors/genprotimg-c/${name}`;
    it(`${name}: component ciphertexts under IBM's key and tweaks are byte-identical`, async () => {
      const kase = JSON.parse(readFileSync(sharedPath(dir, 'case.json'), 'utf8')) as Kase;
      const encrypt = (BigInt(kase.pinned_run.header.fields.pcf) & 0x10000000n) === 0n;
      for (const c of kase.pinned_run.components.filter((x) => x.file)) {
        const input = { kernel: 'kernel.bin', initrd: 'initrd.bin', cmdline: 'parmfile.txt' }[c.name]!;
        let data = readShared(dir, input);
        if (c.name === 'cmdline') data = new Uint8Array([...data, 0]); // [C] always appends the NUL (§3.4)
        const chunks: Uint8Array[] = [];
        const buffer = new Uint8Array(CHUNK_SIZE);
        await writeSecureComponent({
          source: bytesSource(data),
          addr: 0x15000,
          tweakPrefix: BigInt(c.tweak_prefix),
          xts: encrypt ? createXts(readShared(dir, 'comp-key.bin')) : undefined,
          digests: new PageDigests(),
          sink: { next: async () => buffer, store: (length) => void chunks.push(buffer.slice(0, length)) },
        });
        expect(hex(Buffer.concat(chunks)), `${name}/${c.name}`).toBe(hex(readShared(dir, c.file!)));
      }
    });

    it(`${name}: with IBM's pinned keys the key slots and layout-independent header fields agree`, async () => {
      const kase = JSON.parse(readFileSync(sharedPath(dir, 'case.json'), 'utf8')) as Kase;
      const { readHostKeyDocument } = await import('../../src/hostkey/hostKeyDocument.js');
      const hosts = await Promise.all(kase.files.host_key_documents.map((f) => readHostKeyDocument(sharedPath(dir, f))));
      const out = join(tempDir(), 'se.img');
      const { fakeKernel } = await import('./testInputs.js');
      const kdir = tempDir();
      const kfile = join(kdir, 'k.bin');
      (await import('node:fs')).writeFileSync(kfile, fakeKernel());
      await createImage({
        kernel: kfile,
        output: out,
        hostKeys: hosts.map((h) => h.publicKey),
        pcf: BigInt(kase.pinned_run.header.fields.pcf),
        pinned: {
          headerKey: readShared(dir, 'header-key.bin'),
          xtsKey: readShared(dir, 'comp-key.bin'),
          cck: readShared(dir, 'cck.bin'),
          iv: readShared(dir, 'gcm-iv.bin'),
          customerKey: parsePrivateKey(readShared(dir, 'cust-key.pem')),
        },
      });
      const ours = parseSeHeader(new Uint8Array(readFileSync(out)), 0x14000);
      const ibm = parseSeHeader(readShared(dir, 'header.bin'));
      for (const f of ['magic', 'version', 'sehs', 'iv', 'res1', 'nks', 'sea', 'pcf', 'custPubKey'] as const) {
        expect(ours.head[f], f).toEqual(ibm.head[f]);
      }
      expect(ours.keySlots).toEqual(ibm.keySlots);
      const a = openSeHeader(ours, readShared(dir, 'header-key.bin'));
      const b = openSeHeader(ibm, readShared(dir, 'header-key.bin'));
      expect(hex(a.cck)).toBe(hex(b.cck));
      expect(hex(a.xtsKey)).toBe(hex(b.xtsKey));
      expect(a.scf).toBe(b.scf);
      expect(a.psw.mask).toBe(b.psw.mask);
    });
  }
});
