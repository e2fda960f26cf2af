/**
 * CPU benchmark (issue 5 "Performance"): MIPS of `pvkit run` on a compute-bound guest of at least
 * 50 million instructions (the guests' SHA-256 + CRC-32 workload, test/guests/sha256.bin,
 * UV-SIE-NOTES §4.6/§7.2), and the ratio of pvkit's wall time to qemu-system-s390x's (TCG) on the
 * same guest in the same run. The benchmark first checks that both produce the same console
 * output and final PSW, so it never times a wrong result.
 *
 * `benchCpu()` returns report lines; run directly (`node dist/test/bench/cpu.js`) it prints them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runImage } from '../../src/machine/run.js';

/** The repository root: the nearest ancestor with package.json (works from src and dist). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

function qemuTime(imagePath: string): { seconds: number; console: string; psw: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'pvkit-bench-'));
  try {
    const log = join(dir, 'qemu.log');
    const t0 = process.hrtime.bigint();
    const r = spawnSync(
      'qemu-system-s390x',
      ['-M', 's390-ccw-virtio', '-cpu', 'max', '-m', '256', '-nographic', '-no-reboot', '-kernel', imagePath, '-d', 'guest_errors', '-D', log],
      { encoding: 'latin1', timeout: 120_000 },
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.error || r.status === null || !existsSync(log)) return undefined;
    const m = /PSW: (0x[0-9a-f]+) (0x[0-9a-f]+)/.exec(readFileSync(log, 'latin1'));
    return { seconds, console: r.stdout, psw: m ? `${m[1]} ${m[2]}` : '?' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function qemuStartup(): number | undefined {
  // An image that stops at once: QEMU's fixed cost, subtracted to compare execution speed.
  const t0 = process.hrtime.bigint();
  const r = spawnSync('qemu-system-s390x', ['-M', 's390-ccw-virtio', '-cpu', 'max', '-m', '256', '-nographic', '-no-reboot', '-kernel', join(repoRoot(), 'test/guests/hello.bin')], {
    encoding: 'latin1',
    timeout: 60_000,
  });
  if (r.error) return undefined;
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export async function benchCpu(): Promise<string[]> {
  const lines: string[] = [];
  const imagePath = join(repoRoot(), 'test/guests/sha256.bin');
  if (!existsSync(imagePath)) return ['cpu: test/guests/sha256.bin missing, benchmark skipped'];
  const image = new Uint8Array(readFileSync(imagePath));

  // Warm-up run (V8 tiers up), then three timed runs: report the median (and the best).
  runImage(image, { machine: 'qemu', maxInstructions: 5_000_000 });
  const runs: { seconds: number; r: ReturnType<typeof runImage> }[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    const r = runImage(image, { machine: 'qemu' });
    runs.push({ seconds: Number(process.hrtime.bigint() - t0) / 1e9, r });
  }
  runs.sort((a, b) => a.seconds - b.seconds);
  const { seconds, r } = runs[1]!;
  const mips = r.instructions / seconds / 1e6;
  const best = r.instructions / runs[0]!.seconds / 1e6;
  const psw = `0x${r.psw.mask.toString(16).padStart(16, '0')} 0x${r.psw.addr.toString(16).padStart(16, '0')}`;
  lines.push(
    `cpu: sha256 guest: ${r.instructions} instructions in ${seconds.toFixed(3)} s = ${mips.toFixed(1)} MIPS median of 3 (best ${best.toFixed(1)}; stop ${r.stop}, PSW ${psw})`,
  );

  const q = qemuTime(imagePath);
  if (q === undefined) {
    lines.push('cpu: qemu-system-s390x not available: no wall-time ratio');
    return lines;
  }
  const same = q.console === r.console && q.psw === psw;
  lines.push(`cpu: qemu-system-s390x (TCG) wall time ${q.seconds.toFixed(3)} s; output ${same ? 'identical' : 'DIFFERENT'}`);
  lines.push(`cpu: wall-time ratio pvkit/qemu = ${(seconds / q.seconds).toFixed(2)}`);
  const start = qemuStartup();
  if (start !== undefined && q.seconds > start) {
    const qemuRun = q.seconds - start;
    lines.push(
      `cpu: qemu start-up ${start.toFixed(3)} s; execution only ${qemuRun.toFixed(3)} s ≈ ${(r.instructions / qemuRun / 1e6).toFixed(0)} MIPS; ratio ${(seconds / qemuRun).toFixed(2)}`,
    );
  }
  if (!same) throw new Error(`pvkit and QEMU disagree on the sha256 guest:\n${lines.join('\n')}`);
  return lines;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchCpu().then(
    (lines) => console.log(lines.join('\n')),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
