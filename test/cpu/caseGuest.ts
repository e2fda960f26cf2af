/**
 * Test helper: the shape shared by the case-per-line guests of the CPU and machine tests
 * (instruction semantics, program interruptions, system instructions; UV-SIE-NOTES §7.1 oracle
 * B). Each guest runs a list of small cases on top of the SCLP runtime of
 * `test/machine/fixtures.ts`; after each case a routine prints some bytes (registers, CC,
 * interruption data) as one hex line on the console, so the same image's console can be compared
 * line by line between `pvkit run` and `qemu-system-s390x -kernel`.
 */
import { GUEST_RUNTIME } from '../machine/fixtures.js';

/**
 * Assembly: print the `bytes` bytes at %r11 as one line of lowercase hex, then return through
 * %r12. Uses the `line` and `hexdigits` data of `CASE_GUEST_DATA`; clobbers r0–r11 and r14.
 */
export function printHexLine(bytes: number): string {
  return `        larl    %r6, line
        larl    %r7, hexdigits
        lghi    %r8, ${bytes}
1:      llgc    %r9, 0(%r11)
        srlg    %r1, %r9, 4
        llgc    %r1, 0(%r1,%r7)
        stc     %r1, 0(%r6)
        nill    %r9, 15
        llgc    %r1, 0(%r9,%r7)
        stc     %r1, 1(%r6)
        aghi    %r11, 1
        aghi    %r6, 2
        brctg   %r8, 1b
        mvi     0(%r6), 10
        mvi     1(%r6), 0
        larl    %r2, line
        brasl   %r14, print
        br      %r12`;
}

/**
 * Assembly: `record` stores R1–R5 and the IPM word (CC in bits 2–3 of its first byte) at `res`
 * and prints those 44 bytes as one hex line; `rec2` does the same with a caller-made %r0 in
 * place of IPM. Call with `brasl %r12, record`.
 */
export const RECORD_REGS = `record:
        ipm     %r0
rec2:   larl    %r11, res
        stmg    %r1, %r5, 0(%r11)
        st      %r0, 40(%r11)
${printHexLine(44)}`;

/**
 * Assembly: `pgmrec`, a program-check handler for case guests (install it with
 * `programCheck: 'pgmrec'`). It records R1 = interruption code, R2 = the DXC word (lowcore 0x90),
 * R3 = ILC, R4 = old PSW address, R5 = %r10 (where a case may put the address it expects the
 * old PSW to hold) and 0xff in the CC byte, prints them like `record`, and resumes at %r12.
 * Includes `RECORD_REGS`.
 */
export const RECORD_PROGRAM_CHECK = `pgmrec:
        llgh    %r1, 0x8e(%r0)
        llgf    %r2, 0x90(%r0)
        llgh    %r3, 0x8c(%r0)
        lg      %r4, 0x158(%r0)
        lgr     %r5, %r10
        iilf    %r0, 0xff000000
        j       rec2
${RECORD_REGS}`;

/** The data the routines above use. */
export const CASE_GUEST_DATA = `        .align 8
res:    .space 48
line:   .space 100
hexdigits: .ascii "0123456789abcdef"`;

/**
 * Body of a guest whose cases are code snippets: each case runs with %r12 = its resume label
 * (where a program-check handler returns), its `\\@` replaced by the case number, then `after`
 * (e.g. `brasl %r12, record` or a plain jump to the next case).
 */
export function caseBody(codes: readonly string[], after: (i: number) => string): string {
  return codes
    .map((code, i) => `
        larl    %r12, next${i}
${code.split('\n').map((l) => `        ${l.trim().replaceAll('\\@', String(i))}`).join('\n')}
        ${after(i)}
next${i}:`)
    .join('\n');
}

/**
 * A whole case guest: the SCLP runtime, `main` running `body` (and returning 0, which ends the
 * run in a disabled wait at address 0), then `routines` and `data`. With `programCheck`, main
 * first installs that label as the program-check new PSW (64-bit, interruptions disabled).
 */
export function caseGuest(o: { body: string; routines: string; data?: string; programCheck?: string }): string {
  const install = o.programCheck === undefined
    ? ''
    : `        larl    %r1, pgm_case_new
        mvc     0x1d0(16,%r0), 0(%r1)\n`;
  return `${GUEST_RUNTIME}
main:
        lgr     %r13, %r14
${install}${o.body}
        lghi    %r2, 0
        br      %r13

${o.routines}

${CASE_GUEST_DATA}
${o.programCheck === undefined ? '' : `        .align 8\npgm_case_new: .quad 0x0000000180000000, ${o.programCheck}`}
${o.data ?? ''}
`;
}

/**
 * The usual case guest: after each case `record` prints R1–R5 and the CC; a case that ends in a
 * program interruption prints the `pgmrec` line instead (CC byte 0xff) and the next case runs.
 */
export function recordingGuest(codes: readonly string[]): string {
  return caseGuest({
    programCheck: 'pgmrec',
    body: caseBody(codes, () => 'brasl   %r12, record'),
    routines: RECORD_PROGRAM_CHECK,
  });
}

/** One console line of `record` / `pgmrec`. */
export interface RecordLine {
  /** R1–R5 after the case (for `pgmrec`: code, DXC word, ILC, old PSW address, %r10). */
  r: bigint[];
  cc: number;
  /** Program-interruption code when the case ended in one. */
  pgm: number | undefined;
}

export function parseRecordLine(l: string): RecordLine {
  const r = [0, 1, 2, 3, 4].map((k) => BigInt(`0x${l.slice(16 * k, 16 * k + 16)}`));
  const w = parseInt(l.slice(80, 88), 16);
  return { r, cc: (w >>> 28) & 3, pgm: w >>> 24 === 0xff ? Number(r[0]) : undefined };
}
