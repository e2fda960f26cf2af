/**
 * Where the builder's prepared chunks go: each is added to the PLD (SE-FORMAT §1.7, SHA-512 over the
 * stored pages in component order) and written into the image at its offset. The PLD is hashed on
 * this thread while writes run on libuv's thread pool. Chunks live in a small ring of buffers, each
 * reused once its write is over, so memory stays bounded whatever the image size.
 */
import { createHash } from 'node:crypto';
import { writeAt } from '../outputFile.js';

/** Bytes per chunk: 32 pages read, encrypted, hashed and written at a time (peak memory matters). */
export const CHUNK_SIZE = 32 * 4096;

/** Where prepared chunks go (a ChunkStore in the builder): a buffer to fill, then hand it back. */
export interface ChunkSink {
  /** A buffer of at least `CHUNK_SIZE` bytes for the next chunk. */
  next(): Promise<Uint8Array>;
  /** The first `length` bytes of that buffer are the stored pages at image offset `position`. */
  store(length: number, position: number): void;
}



export class ChunkStore implements ChunkSink {
  private readonly buffers: Uint8Array[];
  private readonly writes: (Promise<void> | undefined)[];
  private readonly hash = createHash('sha512');
  private count = 0;
  private taken = false;

  /** `buffers`: the ring's size (one being filled, the others being written). */
  constructor(
    private readonly fd: number,
    buffers = 3,
  ) {
    this.buffers = Array.from({ length: buffers }, () => new Uint8Array(CHUNK_SIZE));
    this.writes = this.buffers.map(() => undefined);
  }

  /** The buffer to prepare the next chunk in, once it is free. One at a time, then `store`. */
  async next(): Promise<Uint8Array> {
    if (this.taken) throw new Error('ChunkStore.next: the previous buffer was not stored');
    const i = this.count % this.buffers.length;
    await this.writes[i];
    this.taken = true;
    return this.buffers[i]!;
  }

  /** Add the first `length` bytes of the buffer from `next` to the PLD and write them at `position`. */
  store(length: number, position: number): void {
    if (!this.taken) throw new Error('ChunkStore.store: no buffer taken');
    this.taken = false;
    const i = this.count++ % this.buffers.length;
    const chunk = this.buffers[i]!.subarray(0, length);
    this.hash.update(chunk);
    const w = writeAt(this.fd, chunk, position);
    w.catch(() => {}); // observed by next() or finish()
    this.writes[i] = w;
  }

  /** Wait for every write; the PLD over every stored chunk. */
  async finish(): Promise<Uint8Array> {
    await Promise.all(this.writes);
    return new Uint8Array(this.hash.digest());
  }

  /** After a failure: wait until no write is in flight, so the file can be closed and removed. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.writes);
  }
}
