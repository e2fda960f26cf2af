/** Small synthetic inputs for builder tests: a kernel that passes pvimg's checks, an initrd, a cmdline. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

export function tempDir(prefix = 'pvkit-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Deterministic pseudo-random bytes (SHA-256 counter stream). */
export function streamBytes(label: string, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0, off = 0; off < n; i++, off += 32) {
    out.set(createHash('sha256').update(`${label}:${i}`).digest().subarray(0, Math.min(32, n - off)), off);
  }
  return out;
}

/** A raw "kernel" of `size` bytes with S390EP at 0x10008 and a max cmdline size at 0x10430. */
export function fakeKernel(size = 0x13064, maxCmdline = 4096n): Uint8Array {
  const k = streamBytes('kernel', size);
  k.set(Buffer.from('S390EP', 'latin1'), 0x10008);
  new DataView(k.buffer).setBigUint64(0x10430, maxCmdline);
  return k;
}

export interface InputFiles {
  dir: string;
  kernel: string;
  initrd: string;
  parmfile: string;
  kernelBytes: Uint8Array;
  initrdBytes: Uint8Array;
  cmdline: string;
}

export function writeInputs(dir = tempDir()): InputFiles {
  const kernelBytes = fakeKernel();
  const initrdBytes = streamBytes('initrd', 3 * 4096 + 123);
  const cmdline = 'root=/dev/ram0 console=ttysclp0 pvkit=test';
  const f = (n: string) => join(dir, n);
  writeFileSync(f('kernel.bin'), kernelBytes);
  writeFileSync(f('initrd.bin'), initrdBytes);
  writeFileSync(f('parmfile.txt'), cmdline);
  return { dir, kernel: f('kernel.bin'), initrd: f('initrd.bin'), parmfile: f('parmfile.txt'), kernelBytes, initrdBytes, cmdline };
}
