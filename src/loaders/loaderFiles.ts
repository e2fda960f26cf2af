/**
 * The loader templates an SE image is built from (SE-FORMAT §4.10): `stage3a.bin`, the plaintext
 * loader written at 0x10000 (§4.6), and `stage3b_reloc.bin`, the encrypted loader that is the last
 * secured component (§4.7). To the builder they are opaque byte strings whose last 24 / 64 bytes
 * are parameter slots it fills in.
 *
 * By default these are pvkit's own loaders, built from the sources beside this module by
 * `src/loaders/build.sh` and shipped in the package (`src/loaders/*.bin`). A directory holding
 * IBM's templates under IBM's file names can be used instead (`--x-bootloader-directory`); byte-
 * identical output to `pvimg create` requires IBM's exact files (§4.10).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../packageRoot.js';
import { InputError } from '../errors.js';

export interface LoaderTemplates {
  stage3a: Uint8Array;
  stage3b: Uint8Array;
  /** `pvkit`: the committed loaders of this package; `directory`: a user-supplied directory. */
  source: 'pvkit' | 'directory';
}

/** Size of the stage3a parameter block, the last bytes of `stage3a.bin` (SE-FORMAT §4.6). */
export const STAGE3A_ARGS_SIZE = 24;
/** Size of the stage3b parameter block, the last bytes of `stage3b_reloc.bin` (SE-FORMAT §4.7). */
export const STAGE3B_ARGS_SIZE = 64;
/** stage3a is loaded at 0x10000 and must end at or below 0x13000 (SE-FORMAT §4.2 step 1, §4.6). */
export const STAGE3A_LOAD_ADDRESS = 0x10000;
export const STAGE3A_MAX_SIZE = 0x13000 - STAGE3A_LOAD_ADDRESS;
/** Template file names, IBM's (SE-FORMAT §4.10), also used for pvkit's own loaders. */
export const STAGE3A_FILE = 'stage3a.bin';
export const STAGE3B_FILE = 'stage3b_reloc.bin';

/**
 * Read the loader templates.
 *
 * @param dir a `--x-bootloader-directory` holding `stage3a.bin` and `stage3b_reloc.bin`; when
 *   omitted, pvkit's own committed loaders are used.
 * @throws InputError naming the file when a template is missing, unreadable, too small to hold
 *   its parameter block, or (stage3a) too large to end below 0x13000.
 */
export function loadLoaderTemplates(dir?: string): LoaderTemplates {
  const folder = dir ?? join(packageRoot(), 'src', 'loaders');
  return {
    stage3a: readTemplate(join(folder, STAGE3A_FILE), STAGE3A_ARGS_SIZE, STAGE3A_MAX_SIZE),
    stage3b: readTemplate(join(folder, STAGE3B_FILE), STAGE3B_ARGS_SIZE, Number.MAX_SAFE_INTEGER),
    source: dir === undefined ? 'pvkit' : 'directory',
  };
}

function readTemplate(path: string, argsSize: number, maxSize: number): Uint8Array {
  let data: Uint8Array;
  try {
    if (statSync(path).isDirectory()) {
      throw new InputError('is a directory, expected a loader template file', { file: path });
    }
    data = new Uint8Array(readFileSync(path));
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'loader template not found' : `cannot read loader template (${code ?? String(e)})`;
    throw new InputError(why, { file: path, cause: e });
  }
  // The template must hold more than its parameter block: some code has to precede it.
  if (data.length <= argsSize) {
    throw new InputError(
      `loader template too small: ${data.length} bytes, needs more than its ${argsSize}-byte parameter block`,
      { file: path },
    );
  }
  if (data.length > maxSize) {
    throw new InputError(
      `loader template too large: ${data.length} bytes, stage3a must end at or below 0x13000 ` +
        `(at most 0x${maxSize.toString(16)} bytes)`,
      { file: path },
    );
  }
  return data;
}
