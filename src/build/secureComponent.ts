/**
 * Preparing one secured component (SE-FORMAT §3.2–§3.6): split into 4 KiB pages, zero-pad the last
 * one (an empty component is one zero page), encrypt each page with AES-256-XTS under its own tweak
 * (prefix ‖ BE64(offset)), and feed the stored page, its address and its tweak to the page digests.
 * Streams through one reusable chunk buffer: a 1 GiB initrd is never held in memory.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { XtsCipher } from '../crypto/xts.js';
import { PAGE_SIZE, type PageDigests } from '../format/pageDigests.js';
import { writePageTweak } from '../format/tweak.js';
import { InputError } from '../errors.js';

/** Where a component's bytes come from. Reads are synchronous: the builder is a sequential pipeline. */
export interface ComponentSource {
  readonly size: number;
  /** Fill `into` from byte `position`; returns the number of bytes read (short only at the end). */
  read(into: Uint8Array, position: number): number;
  close(): void;
}

export function bytesSource(bytes: Uint8Array): ComponentSource {
  return {
    size: bytes.length,
    read(into, position) {
      const part = bytes.subarray(position, position + into.length);
      into.set(part);
      return part.length;
    },
    close() {},
  };
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
    read(into, position) {
      let done = 0;
      while (done < into.length && position + done < size) {
        const n = readSync(fd, into, done, into.length - done, position + done);
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
  readonly digests: PageDigests;
  /** Receives each prepared chunk and the image offset it belongs at. The chunk buffer is reused. */
  write(chunk: Uint8Array, imageOffset: number): void;
  onProgress?(bytesDone: number): void;
}

/** Pages per chunk: 128 KiB read, encrypted, hashed and written at a time (peak memory matters). */
const CHUNK_PAGES = 32;

export function writeSecureComponent(job: SecureComponentJob): number {
  const pages = Math.max(1, Math.ceil(job.source.size / PAGE_SIZE));
  const input = new Uint8Array(CHUNK_PAGES * PAGE_SIZE);
  const output = job.xts ? new Uint8Array(CHUNK_PAGES * PAGE_SIZE) : input;
  const tweaks = new Uint8Array(CHUNK_PAGES * 16);
  const addresses = new Uint8Array(CHUNK_PAGES * 8);
  const addrView = new DataView(addresses.buffer);
  for (let first = 0; first < pages; first += CHUNK_PAGES) {
    const n = Math.min(CHUNK_PAGES, pages - first);
    const bytes = n * PAGE_SIZE;
    const offset = first * PAGE_SIZE;
    const got = job.source.read(input.subarray(0, Math.min(bytes, Math.max(0, job.source.size - offset))), offset);
    input.fill(0, got, bytes); // zero padding of the last page (§3.2)
    for (let i = 0; i < n; i++) {
      const pageOffset = offset + i * PAGE_SIZE;
      const tweak = writePageTweak(tweaks.subarray(16 * i, 16 * i + 16), job.tweakPrefix, pageOffset);
      const pageAddr = job.addr + pageOffset;
      addrView.setUint32(8 * i, Math.floor(pageAddr / 0x1_0000_0000));
      addrView.setUint32(8 * i + 4, pageAddr >>> 0);
      if (job.xts) {
        const at = i * PAGE_SIZE;
        job.xts.encrypt(tweak, input.subarray(at, at + PAGE_SIZE), output.subarray(at, at + PAGE_SIZE));
      }
    }
    const stored = output.subarray(0, bytes);
    job.digests.addPages(stored, addresses.subarray(0, 8 * n), tweaks.subarray(0, 16 * n));
    job.write(stored, job.addr + offset);
    job.onProgress?.(Math.min(job.source.size, offset + bytes));
  }
  return pages * PAGE_SIZE;
}
