/** Where pvkit's own files are (loaders, sample kernel, test keys), wherever the code runs from. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from './errors.js';

/** The folder holding pvkit's package.json: from src/ (vitest, tsx) and from dist/src/ (after tsc). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const name = (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name;
        if (name === 'pvkit') return dir;
      } catch {
        // Not a readable package.json: keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new InputError('cannot find the pvkit package folder (its loaders, sample inputs and test keys)', {
        file: fileURLToPath(import.meta.url),
      });
    }
    dir = parent;
  }
}
