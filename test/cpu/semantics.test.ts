/**
 * Instruction semantics and condition codes, differential against QEMU (TCG) as the oracle
 * (UV-SIE-NOTES §7.1 B): ~3,000 single-instruction cases over edge-case operands (signed and
 * logical overflow, carries and borrows, sign extension, shifts by 0/31/32/63, rotate-then-
 * selected-bits masks, 128-bit multiply and divide, load/store on condition). Also checks a few
 * results against values computed here with BigInt, so the test means something without QEMU.
 */
import { describe, expect, test } from 'vitest';
import { runImage } from '../../src/machine/run.js';
import { PlainMachine } from '../../src/machine/plainMachine.js';
import { haveQemuSystem, runQemuKernel } from '../support/qemu.js';
import { assemble, haveCross } from './toolchain.js';
import { parseRecordLine } from './caseGuest.js';
import { semanticCases, semanticsGuestSource } from './semanticsGuest.js';

describe.skipIf(!haveCross)('instruction semantics', () => {
  const cases = semanticCases();
  const { image } = assemble(semanticsGuestSource(cases), { disassemble: false });
  const ours = runImage(image, { machine: 'qemu', memoryBytes: 16 << 20, maxInstructions: 50_000_000 });
  const lines = ours.console.split('\n');

  /** Parse line i: R1..R5 and the CC. */
  const result = (i: number): { r: bigint[]; cc: number } => {
    const { r, cc } = parseRecordLine(lines[i]!);
    return { r, cc };
  };
  const find = (insn: string, r1: bigint, r2: bigint): number =>
    cases.findIndex((c) => c.insn === insn && c.regs[0] === r1 && c.regs[1] === r2);

  test('the guest runs every case and stops cleanly', () => {
    expect(ours.stop).toBe('disabled-wait');
    expect(ours.psw.addr).toBe(0n);
    expect(lines.length - 1).toBe(cases.length);
  });

  test('spot checks against BigInt arithmetic', () => {
    const M64 = (1n << 64n) - 1n;
    // AR: 0x7fffffff + 1 overflows → CC 3, high word untouched.
    let i = find('ar %r1,%r2', 0x5a5a5a5a7fffffffn, 1n);
    expect(result(i)).toEqual({ r: [0x5a5a5a5a80000000n, 1n, ...cases[i]!.regs.slice(2)], cc: 3 });
    // ALGR: all-ones + 1 → zero with carry → CC 2.
    i = find('algr %r1,%r2', M64, 1n);
    expect(result(i).r[0]).toBe(0n);
    expect(result(i).cc).toBe(2);
    // SLGR: 0 − 1 → borrow, nonzero → CC 1.
    i = find('slgr %r1,%r2', 0n, 1n);
    expect(result(i).r[0]).toBe(M64);
    expect(result(i).cc).toBe(1);
    // CLR compares low words unsigned: 1 < 0xffffffff → CC 1.
    i = find('clr %r1,%r2', 0x5a5a5a5a00000001n, 0xffffffffn);
    expect(result(i).cc).toBe(1);
    // MLGR: 128-bit product of R3 and R4 into R2:R3.
    i = cases.findIndex((c) => c.insn === 'mlgr %r2,%r4');
    const c = cases[i]!;
    const p = c.regs[2]! * c.regs[3]!;
    expect(result(i).r.slice(1, 3)).toEqual([p >> 64n, p & M64]);
    // AHHLR: bits 0-31 of R1 = bits 0-31 of R2 + bits 32-63 of R3 (0x12345678 + −1, CC 2); bits 32-63 kept.
    i = cases.findIndex((x) => x.insn === 'ahhlr %r1,%r2,%r3' && x.regs[1] === 0x1234_5678_9abc_def0n && x.regs[2] === 0xffff_ffffn);
    expect(result(i)).toEqual({ r: [0x1234_5677_a5a5_a5a5n, ...cases[i]!.regs.slice(1)], cc: 2 });
    // CHLR compares bits 0-31 of R1 with bits 32-63 of R2: 0x00000000 vs 0xffffffff (−1) → high.
    i = cases.findIndex((x) => x.insn === 'chlr %r1,%r2' && x.regs[0] === 0xffff_ffffn && x.regs[1] === 0xffff_ffffn);
    expect(result(i).cc).toBe(2);
  });

  test('the block compiler and the one-instruction-at-a-time interpreter agree', () => {
    // A trace hook forces the plain fetch–decode–execute loop (no compiled blocks, no inline forms).
    const m = new PlainMachine({ machine: 'qemu', memoryBytes: 16 << 20 });
    m.cpu.trace = () => {};
    m.ipl(image);
    m.run(50_000_000);
    expect(m.consoleText).toBe(ours.console);
    expect(m.cpu.count).toBe(ours.instructions);
  });

  test.skipIf(!haveQemuSystem())('every case matches QEMU', async () => {
    const q = await runQemuKernel(image, { timeoutMs: 60_000 });
    expect(q.psw).toEqual(ours.psw);
    const theirs = q.console.split('\n');
    const diffs: string[] = [];
    for (let i = 0; i < cases.length && diffs.length < 20; i++) {
      if (theirs[i] !== lines[i]) diffs.push(`${cases[i]!.insn} ${cases[i]!.regs.map((v) => v.toString(16)).join(' ')} cc${cases[i]!.cc}\n  pvkit ${lines[i]}\n  qemu  ${theirs[i]}`);
    }
    expect(diffs).toEqual([]);
    expect(q.console).toBe(ours.console);
  });
});
