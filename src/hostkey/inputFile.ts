/** Reading a user-named input file with a one-line error that names it and says what it was read as. */
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** File contents, or an InputError naming the file and saying what it was read as. */
export async function readInputFile(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(e);
    throw new InputError(`cannot read ${what}: ${reason}`, { file: path, cause: e });
  }
}

