/**
 * Tests of the oracle machinery itself, so a differential result can be trusted: the QEMU log
 * parser, the trace comparator (fed a QEMU trace rewritten into pvkit's trace format, then
 * corrupted on purpose), the QEMU timeout, and the expected output of the C guests (a host build of
 * the same source must reproduce cops.expected).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { haveQemuSystem, parseQemuCpuLog, runQemuKernel, traceQemuKernel, type TraceStep } from '../support/qemu.js';
import { copsExpected, guestPath } from './catalog.js';
import { compareTraces, dropQemuReplays, parsePvkitTrace } from './traceDiff.js';

const h16 = (v: bigint): string => v.toString(16).padStart(16, '0');

/** Rewrites QEMU steps into pvkit's trace lines (PSW before, changed registers after). */
function asPvkitLines(steps: readonly TraceStep[]): string[] {
  return steps.map((s, i) => {
    const next = steps[i + 1];
    const changes: string[] = [];
    if (next) {
      for (let k = 0; k < 16; k++) {
        if (next.r[k] !== s.r[k]) changes.push(`R${String(k).padStart(2, '0')}=${h16(next.r[k]!)}`);
        if (next.c[k] !== s.c[k]) changes.push(`C${String(k).padStart(2, '0')}=${h16(next.c[k]!)}`);
      }
    }
    return `PSW=mask ${h16(s.mask)} addr ${h16(s.pc)} cc 0 | insn@${s.pc.toString(16)}${changes.length ? ` | ${changes.join(' ')}` : ''}`;
  });
}

describe('QEMU -d cpu log parser', () => {
  it('reads PSW, GRs, CRs and interruption records', () => {
    const regs = (p: string, base: number): string =>
      [0, 4, 8, 12].map((k) => [0, 1, 2, 3].map((j) => `${p}${String(k + j).padStart(2, '0')}=${h16(BigInt(base + k + j))}`).join(' ')).join('\n');
    const log = [
      'PSW=mask 0000000180000000 addr 0000000000002000 cc 00',
      regs('R', 0x100), regs('C', 0x200), '',
      's390_cpu_do_interrupt: -1 at psw=102000180000000:209c',
      'PSW=mask 0000200180000000 addr 000000000000209c cc    CC_OP_ADD_64',
      regs('R', 0x300), regs('C', 0x400), '',
    ].join('\n');
    const steps = parseQemuCpuLog(log);
    expect(steps).toHaveLength(2);
    expect(steps[0]!.pc).toBe(0x2000n);
    expect(steps[0]!.r[15]).toBe(0x10fn);
    expect(steps[0]!.c[14]).toBe(0x20en);
    expect(steps[0]!.interrupts).toEqual([]);
    expect(steps[1]!.mask).toBe(0x0000200180000000n);
    expect(steps[1]!.r[3]).toBe(0x303n);
    expect(steps[1]!.interrupts).toEqual(['s390_cpu_do_interrupt: -1 at psw=102000180000000:209c']);
  });
});

describe.skipIf(!haveQemuSystem())('trace comparator on a real QEMU trace', () => {
  it('finds no divergence between a trace and itself, and the exact record of a planted one', async () => {
    const q = await traceQemuKernel(guestPath('hello'), { timeoutMs: 20_000 });
    expect(q.run.psw).toEqual({ mask: 0x0002000180000000n, addr: 0n });
    const steps = dropQemuReplays(q.steps);
    expect(steps.length).toBeGreaterThan(400);
    const lines = asPvkitLines(steps);
    const same = compareTraces(q.steps, parsePvkitTrace(lines));
    expect(same.divergence).toBeUndefined();
    expect(same.identical).toBe(steps.length);

    // Instruction 200 "writes" a wrong R03: record 201 must be reported, naming instruction 200.
    const bad = [...lines];
    bad[200] = `${bad[200]} | R03=00000000deadbeef`;
    const cmp = compareTraces(q.steps, parsePvkitTrace(bad));
    expect(cmp.divergence?.step).toBe(201);
    expect(cmp.divergence?.previous?.pc).toBe(steps[200]!.pc);
    expect(cmp.divergence?.previous?.text).toBe(`insn@${steps[200]!.pc.toString(16)}`);
    expect(cmp.divergence?.differences.some((d) => d.startsWith('R03: '))).toBe(true);
    expect(cmp.pcDivergence).toBeUndefined();

    // A different branch target is a control-flow divergence.
    const jump = [...lines];
    jump[300] = jump[300]!.replace(/addr [0-9a-f]{16}/, `addr ${h16(steps[300]!.pc + 2n)}`);
    const cf = compareTraces(q.steps, parsePvkitTrace(jump));
    expect(cf.pcDivergence?.step).toBe(300);
  });

  it('kills QEMU at the timeout and reports no PSW', async () => {
    const run = await runQemuKernel(guestPath('sha256'), { timeoutMs: 1 });
    expect(run.timedOut).toBe(true);
    expect(run.psw).toBeUndefined();
  });
});

const hostCc = spawnSync('cc', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hostCc)('cops.expected', () => {
  it('is what a host build of cops.c prints', () => {
    const script = fileURLToPath(new URL('./host/cops-host.sh', import.meta.url));
    const r = spawnSync('bash', [script], { encoding: 'latin1', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(copsExpected());
  });
});
