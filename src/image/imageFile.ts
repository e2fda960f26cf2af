/**
 * Bounded random access to an image file (SE-FORMAT §4.1: file offset = guest address). Images can be
 * GiBs, so readers take only the regions they need (metadata, stage3a tail, IPIB, header) and stream
 * component pages in chunks; nothing here ever loads a whole file.
 */
import { promises as fs } from 'node:fs';
import { InputError } from '../errors.js';

export interface ImageFile {
  readonly path: string;
  readonly size: number;
  /**
   * Up to `length` bytes at `offset`; shorter (possibly empty) where the file ends. With `into` (at
   * least `length` bytes) they are read into it and a view of it is returned: streaming loops reuse
   * one buffer instead of leaving a MiB of garbage per read.
   */
  read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Largest single read the readers ask for; component streaming reads chunks of this size. */
export const MAX_READ = 1 << 20;

function checkRead(offset: number, length: number, into: Uint8Array | undefined): void {
  if (offset < 0 || length < 0 || length > MAX_READ || (into !== undefined && into.length < length)) {
    throw new RangeError(`read of ${length} bytes at ${offset}${into ? ` into ${into.length}` : ''} refused`);
  }
}

export async function openImageFile(path: string): Promise<ImageFile> {
  const handle = await fs.open(path, 'r');
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new InputError('not a regular file', { file: path });
    return fromHandle(path, handle, st.size);
  } catch (e) {
    await handle.close();
    throw e;
  }
}

function fromHandle(path: string, handle: fs.FileHandle, size: number): ImageFile {
  return {
    path,
    size,
    async read(offset, length, into) {
      checkRead(offset, length, into);
      const n = Math.max(0, Math.min(length, size - offset));
      const out = into ? into.subarray(0, n) : new Uint8Array(n);
      let done = 0;
      while (done < n) {
        const { bytesRead } = await handle.read(out, done, n - done, offset + done);
        if (bytesRead === 0) break; // the file shrank under us: hand back what we have
        done += bytesRead;
      }
      return done === n ? out : out.subarray(0, done);
    },
    close: () => handle.close(),
  };
}

/** An in-memory ImageFile (tests, fuzzing, headers already in memory). */
export function memoryImageFile(data: Uint8Array, path = '<memory>'): ImageFile {
  return {
    path,
    size: data.length,
    async read(offset, length, into) {
      checkRead(offset, length, into);
      const part = data.subarray(Math.min(offset, data.length), Math.min(offset + length, data.length));
      if (!into) return part.slice();
      into.set(part);
      return into.subarray(0, part.length);
    },
    async close() {},
  };
}
