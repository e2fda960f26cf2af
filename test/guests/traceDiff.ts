/**
 * Instruction-by-instruction comparison of a QEMU `-d cpu` trace (test/support/qemu.ts) with a
 * `pvkit run` trace (src/machine/trace.ts: one line per executed instruction,
 * `PSW=mask M addr A cc N | disassembly | R01=… C00=… cc=N | program interruption …`, listing the
 * registers the instruction changed). UV-SIE-NOTES §7.4: both record the state *before* each
 * instruction, so record n differing means instruction n−1 computed something different.
 *
 * The pvkit side is rebuilt into full register states from the IPL state (all GRs 0, CR0 0xe0,
 * CR14 0xc2000000: UV-SIE-NOTES §5.3) plus the changes of each line.
 */
import type { TraceStep } from '../support/qemu.js';

export interface PvkitTraceStep {
  pc: bigint;
  mask: bigint;
  /** Disassembly as pvkit printed it ("(no instruction)" when fetching failed). */
  text: string;
  /** Registers written by this instruction: 'R00'..'R15', 'C00'..'C15'. */
  changes: Map<string, bigint>;
  /** Anything after the changes, e.g. "program interruption code 0x0001". */
  note: string;
}

const PV_LINE = /^PSW=mask ([0-9a-f]{16}) addr ([0-9a-f]{16}) cc (\S+)(.*)$/;
const REG = /^([RC])(\d\d)=([0-9a-f]{16})$/;

/** Parses pvkit's trace lines; throws on a line that is not in that format. */
export function parsePvkitTrace(lines: readonly string[]): PvkitTraceStep[] {
  return lines.map((line, i) => {
    const m = PV_LINE.exec(line);
    if (!m) throw new Error(`pvkit trace line ${i} not understood: ${line}`);
    const parts = m[4]!.split(' | ').map((p) => p.trim()).filter((p, k) => k > 0 || p !== '');
    const text = parts[0] ?? '';
    const changes = new Map<string, bigint>();
    const notes: string[] = [];
    for (const part of parts.slice(1)) {
      const tokens = part.split(/\s+/);
      if (tokens.every((t) => REG.test(t) || /^cc=\d$/.test(t))) {
        for (const t of tokens) {
          const r = REG.exec(t);
          if (r) changes.set(`${r[1]}${r[2]}`, BigInt(`0x${r[3]}`));
        }
      } else notes.push(part);
    }
    return { pc: BigInt(`0x${m[2]}`), mask: BigInt(`0x${m[1]}`), text, changes, note: notes.join(' | ') };
  });
}

export interface Divergence {
  /** Index of the first record that differs. */
  step: number;
  /** The instruction before it (the one that computed something different), from pvkit's trace. */
  previous?: { pc: bigint; text: string };
  qemuPc: bigint | undefined;
  pvkitPc: bigint | undefined;
  /** "R03: qemu 0x… pvkit 0x…" and similar. */
  differences: string[];
}

export interface TraceComparison {
  qemuSteps: number;
  pvkitSteps: number;
  /** QEMU records dropped as re-executions (see dropQemuReplays). */
  qemuReplays: number;
  /** Records compared in lock-step before the first divergence (or all). */
  identical: number;
  divergence?: Divergence;
  /**
   * After a register-only divergence the comparison resynchronises the registers from QEMU and goes
   * on, so a later change of control flow is still found: the first PC divergence and the number of
   * records with register differences.
   */
  pcDivergence?: Divergence;
  registerDivergences: number;
  /** The first few register-only divergences after the first one. */
  laterDivergences: Divergence[];
  /** Records (before any PC divergence) whose PSW mask incl. condition code differs. */
  maskMismatches: number;
  firstMaskMismatch?: { step: number; pc: bigint; qemu: bigint; pvkit: bigint };
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;
const regName = (kind: 'R' | 'C', n: number): string => `${kind}${n.toString().padStart(2, '0')}`;

function sameState(a: TraceStep, b: TraceStep): boolean {
  return a.pc === b.pc && a.mask === b.mask && a.r.every((v, i) => v === b.r[i]) && a.c.every((v, i) => v === b.c[i]);
}

/**
 * QEMU logs the CPU state when it enters a translation block; when the block is abandoned before
 * its instruction completes (an exit request, e.g. after SERVC raised the service signal), the same
 * instruction is logged again with the same state. Such a record and its successor are identical,
 * so the first of the two is dropped.
 */
export function dropQemuReplays(steps: readonly TraceStep[]): TraceStep[] {
  const out: TraceStep[] = [];
  for (let i = 0; i < steps.length; i++) {
    const next = steps[i + 1];
    if (next && next.interrupts.length === 0 && sameState(steps[i]!, next)) continue;
    out.push(steps[i]!);
  }
  return out;
}

/** Compares the two traces in lock-step: PC, GR0-15 and CR0-15 before every instruction. */
export function compareTraces(qemuRaw: readonly TraceStep[], pvkit: readonly PvkitTraceStep[]): TraceComparison {
  const qemu = dropQemuReplays(qemuRaw);
  const r = new Array<bigint>(16).fill(0n);
  const c = new Array<bigint>(16).fill(0n);
  c[0] = 0xe0n;
  c[14] = 0xc2000000n;
  const result: TraceComparison = {
    qemuSteps: qemu.length, pvkitSteps: pvkit.length, qemuReplays: qemuRaw.length - qemu.length,
    identical: 0, registerDivergences: 0, laterDivergences: [], maskMismatches: 0,
  };
  const n = Math.max(qemu.length, pvkit.length);
  for (let i = 0; i < n; i++) {
    const q = qemu[i];
    const p = pvkit[i];
    const differences: string[] = [];
    let pcDiffers = false;
    if (!q || !p) {
      differences.push(!q ? 'QEMU trace ended' : 'pvkit trace ended');
      pcDiffers = true;
    } else {
      if (q.pc !== p.pc) {
        differences.push(`PC: qemu ${hex(q.pc)} pvkit ${hex(p.pc)}`);
        pcDiffers = true;
      }
      for (let k = 0; k < 16; k++) {
        if (q.r[k] !== r[k]) differences.push(`${regName('R', k)}: qemu ${hex(q.r[k]!)} pvkit ${hex(r[k]!)}`);
        if (q.c[k] !== c[k]) differences.push(`${regName('C', k)}: qemu ${hex(q.c[k]!)} pvkit ${hex(c[k]!)}`);
      }
    }
    if (differences.length > 0) {
      const prev = pvkit[i - 1];
      const d: Divergence = {
        step: i,
        ...(prev ? { previous: { pc: prev.pc, text: prev.text } } : {}),
        qemuPc: q?.pc,
        pvkitPc: p?.pc,
        differences,
      };
      result.divergence ??= d;
      if (pcDiffers) {
        result.pcDivergence = d;
        return result;
      }
      result.registerDivergences++;
      if (result.divergence !== d && result.laterDivergences.length < 3) result.laterDivergences.push(d);
      r.splice(0, 16, ...q!.r);
      c.splice(0, 16, ...q!.c);
    } else if (!result.divergence) result.identical++;
    if (q!.mask !== p!.mask) {
      result.maskMismatches++;
      result.firstMaskMismatch ??= { step: i, pc: q!.pc, qemu: q!.mask, pvkit: p!.mask };
    }
    for (const [name, v] of p!.changes) (name[0] === 'R' ? r : c)[Number(name.slice(1))] = v;
  }
  return result;
}

/** A readable report of a comparison, for assertion messages. */
export function describeComparison(name: string, cmp: TraceComparison): string {
  const lines = [`${name}: ${cmp.identical} of ${cmp.qemuSteps} QEMU / ${cmp.pvkitSteps} pvkit records identical` +
    ` before the first divergence (${cmp.qemuReplays} QEMU re-executions dropped)`];
  const show = (title: string, d: Divergence): void => {
    lines.push(`${title} at record ${d.step} (QEMU pc ${d.qemuPc === undefined ? '-' : hex(d.qemuPc)}, pvkit pc ${d.pvkitPc === undefined ? '-' : hex(d.pvkitPc)})`);
    if (d.previous) lines.push(`  after the instruction at ${hex(d.previous.pc)}: ${d.previous.text}`);
    for (const diff of d.differences.slice(0, 8)) lines.push(`  ${diff}`);
  };
  if (cmp.divergence) show('first divergence', cmp.divergence);
  if (cmp.registerDivergences > 0) lines.push(`records with register differences (resynchronised from QEMU): ${cmp.registerDivergences}`);
  for (const d of cmp.laterDivergences) show('later register divergence', d);
  if (cmp.pcDivergence && cmp.pcDivergence !== cmp.divergence) show('first control-flow divergence', cmp.pcDivergence);
  if (!cmp.pcDivergence && cmp.divergence) lines.push('control flow identical to the end');
  if (cmp.firstMaskMismatch) {
    const f = cmp.firstMaskMismatch;
    lines.push(`PSW mask/cc differs in ${cmp.maskMismatches} records, first at record ${f.step} (pc ${hex(f.pc)}): qemu ${f.qemu.toString(16).padStart(16, '0')} pvkit ${f.pvkit.toString(16).padStart(16, '0')}`);
  }
  return lines.join('\n');
}
