/**
 * Preparing one secured component (SE-FORMAT §3.2–§3.6): split into 4 KiB pages, zero-pad the last
 * one (an empty component is one zero page), encrypt each page with AES-256-XTS under its own tweak
 * (prefix ‖ BE64(offset)), hand the stored pages to a chunk sink (which adds them to the PLD and
 * writes them) and their addresses and tweaks to the page digests. Streams through a few reusable
 * chunk buffers: a 1 GiB initrd is never held in memory.
 */
import { closeSync, fstatSync, openSync, read } from 'node:fs';
import type { XtsCipher } from '../crypto/xts.js';
import { PAGE_SIZE, type PageDigests } from '../format/pageDigests.js';
import { writePageTweaks } from '../format/tweak.js';
import { InputError } from '../errors.js';
import { CHUNK_SIZE, type ChunkSink } from './chunkStore.js';

/**
 * Where a component's bytes come from. File reads are asynchronous: they run on libuv's thread pool,
 * so the next chunk is read while this one is encrypted and hashed.
 */
export interface ComponentSource {
  readonly size: number;
  /** Fill `into` from byte `position`; resolves to the number of bytes read (short only at the end). */
  read(into: Uint8Array, position: number): Promise<number>;
  close(): void;
}

export function bytesSource(bytes: Uint8Array): ComponentSource {
  return {
    size: bytes.length,
    read(into, position) {
      const part = bytes.subarray(position, position + into.length);
      into.set(part);
      return Promise.resolve(part.length);
    },
    close() {},
  };
}

/** `fs.read` as a promise (lighter than a FileHandle per call). */
function readAt(fd: number, into: Uint8Array, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => read(fd, into, offset, length, position, (e, n) => (e ? reject(e) : resolve(n))));
}

export function fileSource(path: string): ComponentSource {
  const fd = openSync(path, 'r');
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw new InputError('not a regular file', { file: path });
  }
  const size = st.size;
  return {
    size,
    async read(into, position) {
      let done = 0;
      while (done < into.length && position + done < size) {
        const n = await readAt(fd, into, done, into.length - done, position + done);
        if (n === 0) break;
        done += n;
      }
      if (done < into.length && position + done < size) throw new InputError('file changed while reading', { file: path });
      return done;
    },
    close() {
      closeSync(fd);
    },
  };
}

export interface SecureComponentJob {
  readonly source: ComponentSource;
  /** Guest address (= image offset) of the first page. */
  readonly addr: number;
  readonly tweakPrefix: bigint;
  /** undefined: store the padded plaintext (PCF bit 35, §3.5); tweaks and digests are unchanged. */
  readonly xts: XtsCipher | undefined;
  /** Takes each page's address and tweak (ALD, TLD, NEP); the sink hashes the stored bytes (PLD). */
  readonly digests: PageDigests;
  readonly sink: ChunkSink;
  onProgress?(bytesDone: number): void;
}

const CHUNK_PAGES = CHUNK_SIZE / PAGE_SIZE;

/**
 * Prepare one component chunk by chunk; resolves to its prepared (page-padded) size. While chunk k
 * is encrypted here, chunk k+1 is being read (libuv's thread pool) and earlier chunks are being
 * hashed and written by the sink.
 */
export async function writeSecureComponent(job: SecureComponentJob): Promise<number> {
  const pages = Math.max(1, Math.ceil(job.source.size / PAGE_SIZE));
  const inputs = [new Uint8Array(CHUNK_SIZE), new Uint8Array(CHUNK_SIZE)];
  const tweaks = new Uint8Array(CHUNK_PAGES * 16);
  const addresses = new Uint8Array(CHUNK_PAGES * 8);
  const addrView = new DataView(addresses.buffer);
  const chunks = Math.ceil(pages / CHUNK_PAGES);
  const readChunk = (k: number): Promise<number> => {
    const offset = k * CHUNK_SIZE;
    return job.source.read(inputs[k % 2]!.subarray(0, Math.min(CHUNK_SIZE, Math.max(0, job.source.size - offset))), offset);
  };
  let nextRead = readChunk(0);
  try {
    for (let k = 0; k < chunks; k++) {
      const got = await nextRead;
      if (k + 1 < chunks) nextRead = readChunk(k + 1);
      const first = k * CHUNK_PAGES;
      const n = Math.min(CHUNK_PAGES, pages - first);
      const bytes = n * PAGE_SIZE;
      const offset = first * PAGE_SIZE;
      const input = inputs[k % 2]!.subarray(0, bytes);
      input.fill(0, got); // zero padding of the last page (§3.2)
      writePageTweaks(tweaks, job.tweakPrefix, offset, n);
      for (let i = 0, pageAddr = job.addr + offset; i < n; i++, pageAddr += PAGE_SIZE) {
        addrView.setUint32(8 * i, Math.floor(pageAddr / 0x1_0000_0000));
        addrView.setUint32(8 * i + 4, pageAddr >>> 0);
      }
      const stored = await job.sink.next();
      if (job.xts) job.xts.encryptPages(tweaks.subarray(0, 16 * n), input, stored);
      else stored.set(input);
      job.digests.addPageRecords(addresses.subarray(0, 8 * n), tweaks.subarray(0, 16 * n));
      job.sink.store(bytes, job.addr + offset);
      job.onProgress?.(Math.min(job.source.size, offset + bytes));
    }
  } finally {
    await Promise.allSettled([nextRead]); // no read may land in a buffer after we return
  }
  return pages * PAGE_SIZE;
}
