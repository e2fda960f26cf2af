import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_READ, memoryImageFile, openImageFile } from '../../src/image/imageFile.js';
import { streamBytes, tempDir } from '../build/testInputs.js';

describe('image file access', () => {
  const bytes = streamBytes('image-file', 3 * 4096 + 100);
  const path = join(tempDir(), 'img.bin');
  writeFileSync(path, bytes);

  for (const kind of ['file', 'memory'] as const) {
    it(`${kind}: reads into a caller's buffer as it reads into a fresh one, short at the end`, async () => {
      const f = kind === 'file' ? await openImageFile(path) : memoryImageFile(bytes, path);
      try {
        const into = new Uint8Array(8192).fill(0xee);
        for (const [offset, length] of [[0, 4096], [4000, 8192], [3 * 4096, 8192], [bytes.length, 100]] as const) {
          const fresh = await f.read(offset, length);
          const reused = await f.read(offset, length, into);
          expect(Buffer.from(reused)).toEqual(Buffer.from(fresh));
          expect(Buffer.from(fresh)).toEqual(Buffer.from(bytes.subarray(offset, offset + length)));
          expect(reused.buffer).toBe(into.buffer);
        }
        await expect(f.read(0, 8192, new Uint8Array(4096))).rejects.toThrow(RangeError);
        await expect(f.read(0, MAX_READ + 1)).rejects.toThrow(RangeError);
        await expect(f.read(-1, 16)).rejects.toThrow(RangeError);
      } finally {
        await f.close();
      }
    });
  }
});
