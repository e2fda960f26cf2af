/**
 * Outputs are never half-written: data goes to `<path>.part`, which is renamed over `<path>` only
 * once complete, and removed on any failure (DEVELOPERS: "nothing half-written").
 */
import { promises as fs, write as fsWrite } from 'node:fs';
import { InputError } from './errors.js';

export interface OutputFile {
  readonly path: string;
  readonly partPath: string;
  readonly handle: fs.FileHandle;
  /** Flush, close and rename into place. */
  commit(): Promise<void>;
  /** Close and delete the partial file; safe to call after commit (then a no-op). */
  abort(): Promise<void>;
}

export interface OutputOptions {
  /** Replace an existing file (pvimg `--overwrite`). */
  overwrite?: boolean;
  /** File mode for the new file, e.g. 0o600 for secrets. */
  mode?: number;
}

export async function openOutput(path: string, opts: OutputOptions = {}): Promise<OutputFile> {
  if (!opts.overwrite) {
    const exists = await fs.stat(path).then(
      () => true,
      () => false,
    );
    if (exists) throw new InputError('output file exists (use --overwrite to replace it)', { file: path });
  }
  const partPath = `${path}.part`;
  const handle = await fs.open(partPath, 'w', opts.mode ?? 0o644).catch((e: NodeJS.ErrnoException) => {
    // Name the file the user asked for, not the temporary one.
    const why: Record<string, string> = { ENOENT: 'its folder does not exist', EACCES: 'permission denied', EISDIR: 'is a directory', EROFS: 'read-only file system' };
    throw new InputError(`cannot create the output file: ${why[e.code ?? ''] ?? e.message}`, { file: path, cause: e });
  });
  let done = false;
  return {
    path,
    partPath,
    handle,
    async commit() {
      if (done) return;
      done = true;
      try {
        await handle.close();
        await fs.rename(partPath, path);
      } catch (e) {
        await fs.rm(partPath, { force: true });
        throw e;
      }
    },
    async abort() {
      if (done) return;
      done = true;
      await handle.close().catch(() => undefined);
      await fs.rm(partPath, { force: true });
    },
  };
}

/** Write a whole buffer atomically. */
export async function writeOutputFile(path: string, data: Uint8Array | string, opts: OutputOptions = {}): Promise<void> {
  const out = await openOutput(path, opts);
  try {
    await out.handle.writeFile(data);
    await out.commit();
  } catch (e) {
    await out.abort();
    throw e;
  }
}

/**
 * Write all of `data` at `position` of an open file with `fs.write`, which runs on libuv's thread
 * pool: the caller's thread goes on while the kernel copies the bytes.
 */
export async function writeAt(fd: number, data: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < data.length; ) {
    done += await new Promise<number>((resolve, reject) =>
      fsWrite(fd, data, done, data.length - done, position + done, (e, n) => (e ? reject(e) : resolve(n))),
    );
  }
}
