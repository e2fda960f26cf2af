/**
 * Test helper: assemble s390x snippets with the cross toolchain (`gcc-s390x-linux-gnu` /
 * `binutils-s390x-linux-gnu`, installed by .ci/run) and read objdump's disassembly, so decode and
 * disassembly are checked against binutils rather than against our own expectations.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function which(cmd: string): boolean {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const haveCross = which('s390x-linux-gnu-as') && which('s390x-linux-gnu-objdump');
export const haveQemuSystem = which('qemu-system-s390x');
export const haveQemuUser = which('qemu-s390x');

/**
 * Assemble `source` (GNU as syntax, linked at `base`) into a flat binary image whose byte 0 is
 * address 0 (so it can be IPLed); also returns objdump's per-address disassembly.
 */
export function assemble(
  source: string,
  opts: { base?: number; march?: string; disassemble?: boolean } = {},
): { image: Uint8Array; objdump: Map<number, string> } {
  const base = opts.base ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'pvkit-cpu-'));
  try {
    writeFileSync(join(dir, 't.s'), source);
    execFileSync('s390x-linux-gnu-as', [`-march=${opts.march ?? 'z15'}`, '-o', join(dir, 't.o'), join(dir, 't.s')]);
    execFileSync('s390x-linux-gnu-ld', ['-Ttext', `0x${base.toString(16)}`, '--no-warn-rwx-segments', '-e', '0', '-o', join(dir, 't.elf'), join(dir, 't.o')]);
    execFileSync('s390x-linux-gnu-objcopy', ['-O', 'binary', join(dir, 't.elf'), join(dir, 't.bin')]);
    const text =
      opts.disassemble === false
        ? ''
        : execFileSync('s390x-linux-gnu-objdump', ['-d', '-z', join(dir, 't.elf')], { encoding: 'utf8', maxBuffer: 256 << 20 });
    const body = new Uint8Array(readFileSync(join(dir, 't.bin')));
    const image = new Uint8Array(base + body.length);
    image.set(body, base);
    return { image, objdump: parseObjdump(text) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** objdump -d lines → address → "mnemonic\toperands" with symbol annotations removed. */
export function parseObjdump(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t(?:[0-9a-f]{2} )+\s*\t(.*)$/.exec(line);
    if (!m) continue;
    out.set(parseInt(m[1]!, 16), m[2]!.replace(/\s*<[^>]*>$/, '').trim());
  }
  return out;
}
