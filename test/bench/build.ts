/**
 * Builder benchmark (issue 2): `pvkit create` on the bench-8m-32m inputs of
 * ../shared/vectors/genprotimg-c (regenerated as REFERENCE-TIMING.md says), as a ratio to OpenSSL's
 * SHA-512 + AES-256-XTS over the same bytes measured in the same run, and peak RSS at 8 MiB and
 * 1 GiB of initrd.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const shared = resolve(root, '..', 'shared', 'vectors', 'genprotimg-c', 'bench-8m-32m');
const work = join(root, '.bench');
const child = join(root, 'dist', 'test', 'bench', 'createChild.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function sh(cmd: string): void {
  execFileSync('bash', ['-c', cmd], { stdio: 'ignore' });
}

/** The REFERENCE-TIMING.md recipe: AES-256-CTR keystream of a fixed key as file content. */
function makeInput(path: string, key: number, bytes: number): void {
  if (existsSync(path) && statSync(path).size === bytes) return;
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  sh(`openssl enc -aes-256-ctr -K ${hex(key, 64)} -iv ${hex(key, 32)} -in /dev/zero 2>/dev/null | head -c ${bytes} > '${path}'`);
}

function timeIt(fn: () => void, runs: number): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  return median(t);
}

function opensslXtsBytesPerMs(): number {
  const out = execFileSync('openssl', ['speed', '-evp', 'aes-256-xts', '-bytes', '4096', '-seconds', '2'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  // Last line: "AES-256-XTS  <kB/s for 4096-byte blocks>k"
  const m = /(\d+(?:\.\d+)?)k\s*$/m.exec(out.trim());
  if (!m) throw new Error(`cannot read openssl speed output: ${out}`);
  return (Number(m[1]) * 1000) / 1000; // bytes per ms
}

function keysAndArgs(dir: string): string[] {
  const k = (f: string) => (existsSync(join(shared, f)) ? join(shared, f) : join(dir, f));
  if (!existsSync(join(shared, 'hostkey1-cert.pem'))) {
    // Without ../shared: our own test host key and random pins.
    copyFileSync(join(root, 'keys', 'host-test-1.crt.pem'), join(dir, 'hostkey1-cert.pem'));
    writeFileSync(join(dir, 'comp-key.bin'), randomBytes(64));
    writeFileSync(join(dir, 'header-key.bin'), randomBytes(32));
    writeFileSync(join(dir, 'cck.bin'), randomBytes(32));
    writeFileSync(join(dir, 'parmfile.txt'), 'console=ttysclp0 root=/dev/ram0 pvkit=bench quiet loglevel=1 rd.x');
  }
  return ['--no-verify', '-k', k('hostkey1-cert.pem'), '--x-comp-key', k('comp-key.bin'), '--x-header-key', k('header-key.bin'), '--comm-key', k('cck.bin'), '-p', k('parmfile.txt')];
}

/**
 * One `pvkit create` process. `fresh`: the output is removed first (outside the timing), as in a
 * clean CI build. Replacing an existing image instead makes ext4 flush the new file at the rename
 * (auto_da_alloc), which adds about 30 ms for 40 MiB: that case is reported separately.
 */
function runCreate(args: string[], fresh = true): { ms: number; rssKiB: number } {
  const out = args[args.indexOf('-o') + 1]!;
  if (fresh) rmSync(out, { force: true });
  const s = performance.now();
  const r = spawnSync(process.execPath, [child, ...args], { encoding: 'utf8' });
  const ms = performance.now() - s;
  if (r.status !== 0) throw new Error(`pvkit create failed: ${r.stderr}`);
  const m = /PVKIT_MAXRSS_KB=(\d+)/.exec(r.stderr);
  return { ms, rssKiB: Number(m?.[1] ?? NaN) };
}

export async function benchBuild(opts: { big?: boolean } = {}): Promise<string[]> {
  mkdirSync(work, { recursive: true });
  const kernel = join(work, 'kernel.bin');
  const initrd = join(work, 'initrd.bin');
  makeInput(kernel, 1, 8 << 20);
  makeInput(initrd, 2, 32 << 20);
  const common = keysAndArgs(work);
  const out = join(work, 'bench.img');
  const args = [...common, '--no-component-check', '-i', kernel, '-r', initrd, '-o', out, '--overwrite', '-q'];
  const lines: string[] = [];

  // Baseline: OpenSSL SHA-512 over the same bytes (a process, like ours) + AES-256-XTS at OpenSSL's speed.
  const totalBytes = statSync(kernel).size + statSync(initrd).size;
  const shaMs = timeIt(() => sh(`cat '${kernel}' '${initrd}' | openssl dgst -sha512 >/dev/null`), 7);
  const xtsMs = totalBytes / opensslXtsBytesPerMs();
  const baseline = shaMs + xtsMs;
  lines.push(`openssl baseline over ${(totalBytes / 2 ** 20).toFixed(0)} MiB: sha512 ${shaMs.toFixed(1)} ms + aes-256-xts ${xtsMs.toFixed(1)} ms = ${baseline.toFixed(1)} ms`);

  runCreate(args); // warm the page cache
  const runs = Array.from({ length: 9 }, () => runCreate(args));
  const ms = median(runs.map((r) => r.ms));
  const rss = Math.max(...runs.map((r) => r.rssKiB));
  lines.push(`pvkit create 8 MiB kernel + 32 MiB initrd: ${ms.toFixed(1)} ms median of 9 (process wall time) = ${(ms / baseline).toFixed(2)}x openssl (target <= 2.3x; IBM genprotimg ~3.1x)`);
  lines.push(`peak RSS, 32 MiB initrd: ${(rss / 1024).toFixed(1)} MiB (target <= 64 MiB)`);
  const replacing = median(Array.from({ length: 5 }, () => runCreate(args, false).ms));
  lines.push(`pvkit create replacing an existing image (--overwrite): ${replacing.toFixed(1)} ms median of 5 = ${(replacing / baseline).toFixed(2)}x`);

  // The same build as a library call in a warm process: the builder's own cost, without Node's
  // start-up (about 50 ms) and module loading.
  const { createImage } = await import('../../src/build/createImage.js');
  const { readHostKeyDocument } = await import('../../src/hostkey/hostKeyDocument.js');
  const hkd = await readHostKeyDocument(common[common.indexOf('-k') + 1]!);
  const lib: number[] = [];
  for (let i = 0; i < 7; i++) {
    const s = performance.now();
    await createImage({ kernel, ramdisk: initrd, parmfile: common[common.indexOf('-p') + 1]!, output: out, overwrite: true, componentCheck: false, hostKeys: [hkd.publicKey] });
    lib.push(performance.now() - s);
  }
  const libMs = median(lib);
  lines.push(`createImage() in a warm process: ${libMs.toFixed(1)} ms median of 7 = ${(libMs / baseline).toFixed(2)}x openssl`);

  const small = join(work, 'initrd-8m.bin');
  makeInput(small, 3, 8 << 20);
  const r8 = runCreate([...common, '--no-component-check', '-i', kernel, '-r', small, '-o', out, '--overwrite', '-q']);
  lines.push(`peak RSS, 8 MiB initrd: ${(r8.rssKiB / 1024).toFixed(1)} MiB`);

  if (opts.big !== false) {
    const big = join(work, 'initrd-1g.bin');
    makeInput(big, 4, 1 << 30);
    const r1 = runCreate([...common, '--no-component-check', '-i', kernel, '-r', big, '-o', out, '--overwrite', '-q']);
    lines.push(`peak RSS, 1 GiB initrd: ${(r1.rssKiB / 1024).toFixed(1)} MiB, ${(r1.ms / 1000).toFixed(2)} s (${((1 << 30) / 2 ** 20 / (r1.ms / 1000)).toFixed(0)} MiB/s)`);
    rmSync(big, { force: true });
  }
  rmSync(out, { force: true });
  return lines;
}
