/**
 * loadLoaderTemplates (SE-FORMAT §4.10): pvkit's committed loaders by default, a
 * --x-bootloader-directory with IBM's file names otherwise; typed errors naming the file.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  loadLoaderTemplates,
  STAGE3A_ARGS_SIZE,
  STAGE3B_ARGS_SIZE,
  type LoaderTemplates,
} from '../../src/loaders/loaderFiles.js';
import { stage3aArgsLayout, stage3bArgsLayout } from '../../src/format/loaderArgs.js';
import { repoRoot } from '../support/shared.js';

const committed = (name: string) => new Uint8Array(readFileSync(join(repoRoot, 'src/loaders', name)));

function expectInputError(fn: () => unknown, file: string, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InputError);
  const err = caught as InputError;
  expect(err.code).toBe('E_INPUT');
  expect(err.file).toBe(file);
  expect(err.message).toMatch(message);
  expect(err.describe()).toBe(`${file}: ${err.message}`);
}

describe('loadLoaderTemplates', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pvkit-bootloader-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("returns pvkit's committed loaders by default", () => {
    const t = loadLoaderTemplates();
    expect(t.source).toBe('pvkit');
    expect(Buffer.compare(t.stage3a, committed('stage3a.bin'))).toBe(0);
    expect(Buffer.compare(t.stage3b, committed('stage3b_reloc.bin'))).toBe(0);
    expect(0x10000 + t.stage3a.length).toBeLessThanOrEqual(0x13000);
    expect(t.stage3a.length).toBeGreaterThan(STAGE3A_ARGS_SIZE);
    expect(t.stage3b.length).toBeGreaterThan(STAGE3B_ARGS_SIZE);
  });

  it('parameter block sizes match the field tables (SE-FORMAT §4.6, §4.7)', () => {
    expect(stage3aArgsLayout.size).toBe(STAGE3A_ARGS_SIZE);
    expect(stage3bArgsLayout.size).toBe(STAGE3B_ARGS_SIZE);
    expect(stage3bArgsLayout.offsetOf('pswAddr')).toBe(56);
    expect(stage3aArgsLayout.offsetOf('ipibOffs')).toBe(16);
  });

  it('reads stage3a.bin and stage3b_reloc.bin from a bootloader directory', () => {
    const s3a = Uint8Array.from({ length: 0x2345 }, (_, i) => i & 0xff);
    const s3b = Uint8Array.from({ length: 0x999 }, (_, i) => (i * 7) & 0xff);
    writeFileSync(join(dir, 'stage3a.bin'), s3a);
    writeFileSync(join(dir, 'stage3b_reloc.bin'), s3b);
    const t = loadLoaderTemplates(dir);
    expect(t).toEqual<LoaderTemplates>({ stage3a: s3a, stage3b: s3b, source: 'directory' });
  });

  it('names a missing template', () => {
    writeFileSync(join(dir, 'stage3a.bin'), new Uint8Array(0x100));
    expectInputError(() => loadLoaderTemplates(dir), join(dir, 'stage3b_reloc.bin'), /^loader template not found$/);
  });

  it('names a template that is a directory', () => {
    mkdirSync(join(dir, 'stage3a.bin'));
    expectInputError(() => loadLoaderTemplates(dir), join(dir, 'stage3a.bin'), /is a directory/);
  });

  it('refuses templates no larger than their parameter block', () => {
    writeFileSync(join(dir, 'stage3a.bin'), new Uint8Array(STAGE3A_ARGS_SIZE));
    writeFileSync(join(dir, 'stage3b_reloc.bin'), new Uint8Array(0x100));
    expectInputError(() => loadLoaderTemplates(dir), join(dir, 'stage3a.bin'), /too small: 24 bytes/);
    writeFileSync(join(dir, 'stage3a.bin'), new Uint8Array(STAGE3A_ARGS_SIZE + 1));
    writeFileSync(join(dir, 'stage3b_reloc.bin'), new Uint8Array(STAGE3B_ARGS_SIZE));
    expectInputError(() => loadLoaderTemplates(dir), join(dir, 'stage3b_reloc.bin'), /too small: 64 bytes/);
  });

  it('refuses a stage3a that would reach 0x13000', () => {
    writeFileSync(join(dir, 'stage3a.bin'), new Uint8Array(0x3001));
    writeFileSync(join(dir, 'stage3b_reloc.bin'), new Uint8Array(0x100));
    expectInputError(() => loadLoaderTemplates(dir), join(dir, 'stage3a.bin'), /too large: 12289 bytes/);
    writeFileSync(join(dir, 'stage3a.bin'), new Uint8Array(0x3000));
    expect(loadLoaderTemplates(dir).stage3a.length).toBe(0x3000);
  });

  it('finds the committed loaders from a compiled copy under dist/src/loaders', async () => {
    // Package layout after `tsc`: <pkg>/dist/src/loaders/loaderFiles.js, binaries in <pkg>/src/loaders.
    // A package.json of another name on the way up must be passed over.
    const pkg = join(dir, 'pkg');
    mkdirSync(join(pkg, 'dist/src/loaders'), { recursive: true });
    mkdirSync(join(pkg, 'src/loaders'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'pvkit' }));
    writeFileSync(join(pkg, 'dist/package.json'), JSON.stringify({ name: 'not-pvkit' }));
    copyFileSync(join(repoRoot, 'src/loaders/loaderFiles.ts'), join(pkg, 'dist/src/loaders/loaderFiles.ts'));
    copyFileSync(join(repoRoot, 'src/errors.ts'), join(pkg, 'dist/src/errors.ts'));
    copyFileSync(join(repoRoot, 'src/packageRoot.ts'), join(pkg, 'dist/src/packageRoot.ts'));
    writeFileSync(join(pkg, 'src/loaders/stage3a.bin'), new Uint8Array(0x2000).fill(0xa));
    writeFileSync(join(pkg, 'src/loaders/stage3b_reloc.bin'), new Uint8Array(0x800).fill(0xb));
    const mod = (await import(pathToFileURL(join(pkg, 'dist/src/loaders/loaderFiles.ts')).href)) as {
      loadLoaderTemplates: typeof loadLoaderTemplates;
    };
    const t = mod.loadLoaderTemplates();
    expect(t.source).toBe('pvkit');
    expect(t.stage3a).toEqual(new Uint8Array(0x2000).fill(0xa));
    expect(t.stage3b).toEqual(new Uint8Array(0x800).fill(0xb));
  });
});
