/**
 * Mutation/truncation fuzzing of the image reader and verifier: flipped bytes and extreme u64 values in
 * the regions the reader trusts (short PSW, metadata, stage3a tail, IPIB, header), truncations and
 * garbage files. Every case must end in a parsed image or a FormatError (verify: a report, never a
 * throw), quickly. Deterministic (seeded); `PVKIT_FUZZ_CASES=N` runs N cases per seed image (default 1500).
 */
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import { memoryImageFile } from '../../src/image/imageFile.js';
import { readSeImage } from '../../src/image/imageReader.js';
import { verifyImage } from '../../src/image/imageVerify.js';
import { haveShared } from '../support/shared.js';
import { assembleCase } from './support/genprotimgCase.js';
import { buildTestImage } from './support/pvkitImage.js';

const CASES = Number(process.env['PVKIT_FUZZ_CASES'] ?? 1500);

/** xorshift32: reproducible cases. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  return { int: (n: number) => next() % n, next };
}

interface Seed {
  name: string;
  bytes: Uint8Array;
  regions: [number, number][];
  headerKey: Uint8Array;
}

function mutate(seed: Seed, r: ReturnType<typeof rng>): Uint8Array {
  const kind = r.int(10);
  if (kind === 0) {
    const g = new Uint8Array(r.int(0x18000));
    for (let i = 0; i + 4 <= g.length; i += 4) new DataView(g.buffer).setUint32(i, r.next(), false);
    if (r.int(2)) g.set(Buffer.from('SeImgLnx'), Math.min(0xc000, Math.max(0, g.length - 8)));
    return g;
  }
  let b = seed.bytes.slice();
  const steps = 1 + r.int(3);
  for (let s = 0; s < steps; s++) {
    const [lo, hi] = seed.regions[r.int(seed.regions.length)]!;
    const at = lo + r.int(Math.max(1, hi - lo));
    const op = r.int(4);
    if (op === 0 && at < b.length) b[at]! ^= 1 << r.int(8);
    else if (op === 1 && at + 8 <= b.length) {
      const extremes = [0n, 1n, 0xffff_ffff_ffff_ffffn, 1n << 63n, BigInt(b.length), BigInt(b.length - 1), 0x1000n, 0x14000n, BigInt(r.next())];
      new DataView(b.buffer).setBigUint64(at & ~7, extremes[r.int(extremes.length)]!);
    } else if (op === 2) b = b.slice(0, r.int(b.length));
    else if (at + 4 <= b.length) new DataView(b.buffer).setUint32(at, r.next());
  }
  return b;
}

async function seeds(): Promise<Seed[]> {
  const out: Seed[] = [];
  const p = await buildTestImage({ name: 'fuzz', hosts: 2, kernelSize: 0x10100, initrdSize: 10, cmdline: 'x' });
  const l = p.created.layout;
  out.push({
    name: 'pvkit',
    bytes: p.bytes,
    headerKey: p.headerKey,
    regions: [
      [0, 8],
      [0xc000, 0xc000 + 28],
      [l.stage3aArgsAddr - 40, l.stage3aArgsAddr + 24],
      [l.headerAddr, l.headerAddr + l.headerSize],
      [l.ipibAddr, l.ipibAddr + l.ipibSize],
    ],
  });
  if (haveShared) {
    const c = assembleCase('hk1-full');
    const args = Number.parseInt(c.runJson.stage3a_args.image_offset, 16);
    out.push({
      name: 'genprotimg-c',
      bytes: c.image,
      headerKey: c.headerKey,
      regions: [
        [args - 40, args + 24],
        [0x13000, 0x13000 + 240],
        [0x14000, 0x14000 + 640],
      ],
    });
    const hdr = c.image.slice(0x14000, 0x14000 + 640);
    out.push({ name: 'bare', bytes: hdr, headerKey: c.headerKey, regions: [[0, 640]] });
  }
  return out;
}

describe('reader fuzzing', () => {
  it(`${CASES} mutations per seed image: only FormatError, no crash, no hang`, async () => {
    const outcomes: Record<string, number> = {};
    let slowest = 0;
    for (const seed of await seeds()) {
      const r = rng(0x5eed ^ seed.bytes.length);
      for (let i = 0; i < CASES; i++) {
        const bytes = mutate(seed, r);
        const t0 = performance.now();
        let outcome: string;
        try {
          await readSeImage(memoryImageFile(bytes, `${seed.name}#${i}`));
          outcome = 'parsed';
        } catch (e) {
          if (!(e instanceof FormatError)) throw new Error(`${seed.name} case ${i}: ${String(e)}`, { cause: e });
          expect(e.message.length).toBeGreaterThan(0);
          expect(e.file).toBe(`${seed.name}#${i}`);
          outcome = e.field ?? 'no field';
        }
        if (i % 8 === 0) {
          const report = await verifyImage(memoryImageFile(bytes), { headerKey: seed.headerKey });
          expect(report.checks.length).toBeGreaterThan(0);
        }
        slowest = Math.max(slowest, performance.now() - t0);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
    }
    if (process.env['PVKIT_FUZZ_VERBOSE']) console.log(JSON.stringify(outcomes), slowest);
    expect(slowest).toBeLessThan(2000);
    expect(outcomes['parsed']).toBeGreaterThan(0);
    expect(Object.keys(outcomes).length).toBeGreaterThan(5);
  }, 180_000);
});
