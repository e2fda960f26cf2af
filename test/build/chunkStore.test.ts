import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChunkStore, CHUNK_SIZE } from '../../src/build/chunkStore.js';
import { bytesSource, writeSecureComponent, type ComponentSource } from '../../src/build/secureComponent.js';
import { PageDigests } from '../../src/format/pageDigests.js';
import { createXts } from '../../src/crypto/xts.js';
import { streamBytes, tempDir } from './testInputs.js';

describe('chunk store (PLD here, writes on the thread pool)', () => {
  it('writes every chunk at its offset and hashes them in store order, reusing its buffers', async () => {
    const path = join(tempDir(), 'out.bin');
    const fd = openSync(path, 'w+');
    try {
      const store = new ChunkStore(fd, 2);
      const expected = new Uint8Array(7 * CHUNK_SIZE - 4096);
      const seen = new Set<Uint8Array>();
      for (let off = 0, i = 0; off < expected.length; off += CHUNK_SIZE, i++) {
        const part = streamBytes(`chunk-${i}`, Math.min(CHUNK_SIZE, expected.length - off));
        expected.set(part, off);
        const buf = await store.next();
        seen.add(buf);
        buf.set(part);
        store.store(part.length, off);
      }
      const pld = await store.finish();
      expect(seen.size).toBe(2);
      expect(Buffer.from(pld).toString('hex')).toBe(createHash('sha512').update(expected).digest('hex'));
      expect(readFileSync(path).equals(Buffer.from(expected))).toBe(true);
    } finally {
      closeSync(fd);
    }
  });

  it('a failed write reaches the builder (no hang, no unhandled rejection)', async () => {
    const path = join(tempDir(), 'ro.bin');
    writeFileSync(path, '');
    const fd = openSync(path, 'r'); // writes fail with EBADF
    try {
      const store = new ChunkStore(fd, 2);
      const attempt = async () => {
        for (let i = 0; i < 4; i++) {
          await store.next();
          store.store(4096, i * 4096);
        }
        await store.finish();
      };
      await expect(attempt()).rejects.toThrow(/EBADF/);
      await store.settle();
    } finally {
      closeSync(fd);
    }
  });

  it('refuses to hand out a second buffer before the first is stored', async () => {
    const store = new ChunkStore(-1, 2);
    await store.next();
    await expect(store.next()).rejects.toThrow(/not stored/);
  });
});

describe('secure component pipeline', () => {
  it('a read that fails mid-component is reported and leaves nothing in flight', async () => {
    const data = streamBytes('component', 5 * CHUNK_SIZE);
    let reads = 0;
    const failing: ComponentSource = {
      size: data.length,
      async read(into, position) {
        if (++reads === 3) throw new Error('disk on fire');
        return bytesSource(data).read(into, position);
      },
      close() {},
    };
    const stored: number[] = [];
    const buffer = new Uint8Array(CHUNK_SIZE);
    await expect(
      writeSecureComponent({
        source: failing,
        addr: 0x15000,
        tweakPrefix: 0x0001_0203_0405_0607n,
        xts: createXts(new Uint8Array(64).map((_, i) => i)),
        digests: new PageDigests(),
        sink: { next: async () => buffer, store: (length) => void stored.push(length) },
      }),
    ).rejects.toThrow(/disk on fire/);
    expect(stored).toEqual([CHUNK_SIZE, CHUNK_SIZE]); // the chunks read before the failure
  });
});
