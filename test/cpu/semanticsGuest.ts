/**
 * Generator of an instruction-semantics guest for differential testing against QEMU (UV-SIE-NOTES
 * §7.1 oracle B): every case loads R1–R5 and the condition code from a data table, executes one
 * instruction, and prints R1–R5 and the CC (IPM) as one hex line on the SCLP console. The same
 * image runs under `pvkit run` and `qemu-system-s390x -kernel`; the consoles must be identical.
 */
import { caseGuest, RECORD_REGS } from './caseGuest.js';

export interface Case {
  insn: string;
  /** R1..R5 before the instruction (64-bit). */
  regs: readonly bigint[];
  cc: number;
}

const V32 = [0n, 1n, 0xffff_ffffn, 0x7fff_ffffn, 0x8000_0000n, 0x1234_5678n, 0xffff_fffen, 0x8000_0001n];
const V64 = [
  0n, 1n, 0xffff_ffff_ffff_ffffn, 0x7fff_ffff_ffff_ffffn, 0x8000_0000_0000_0000n, 0x0000_0000_ffff_ffffn,
  0x1234_5678_9abc_def0n, 0xffff_ffff_8000_0000n,
];
const JUNK = 0x5a5a_5a5a_a5a5_a5a5n;

const RR32 = ['ar', 'sr', 'alr', 'slr', 'nr', 'or', 'xr', 'cr', 'clr', 'lpr', 'lnr', 'lcr', 'ltr', 'lr', 'msr', 'lhr', 'llhr', 'llcr', 'lbr', 'lrvr', 'alcr', 'slbr'];
const RR64 = [
  'agr', 'sgr', 'algr', 'slgr', 'ngr', 'ogr', 'xgr', 'cgr', 'clgr', 'lpgr', 'lngr', 'lcgr', 'ltgr', 'agfr', 'sgfr', 'algfr',
  'slgfr', 'cgfr', 'clgfr', 'lgfr', 'llgfr', 'lghr', 'lgbr', 'llghr', 'llgcr', 'msgr', 'msgfr', 'lpgfr', 'lngfr', 'lcgfr',
  'ltgfr', 'llgtr', 'lrvgr', 'alcgr', 'slbgr', 'chhr', 'chlr', 'clhhr', 'clhlr',
];
const RRK = ['ark', 'srk', 'alrk', 'slrk', 'nrk', 'ork', 'xrk', 'agrk', 'sgrk', 'algrk', 'slgrk', 'ngrk', 'ogrk', 'xgrk', 'msrkc', 'msgrkc', 'ncrk', 'ncgrk',
  'ahhhr', 'ahhlr', 'shhhr', 'shhlr', 'alhhhr', 'alhhlr', 'slhhhr', 'slhhlr'];
const IMM = [
  'ahi %r1,-32768', 'ahi %r1,1', 'aghi %r1,-1', 'aghi %r1,32767', 'ahik %r1,%r2,-7', 'aghik %r1,%r2,1', 'alhsik %r1,%r2,-1',
  'alghsik %r1,%r2,1', 'chi %r1,-1', 'cghi %r1,0', 'cfi %r1,-2147483648', 'clfi %r1,2147483648', 'clgfi %r1,4294967295',
  'afi %r1,2147483647', 'agfi %r1,-2147483648', 'alfi %r1,4294967295', 'algfi %r1,1', 'slfi %r1,1', 'slgfi %r1,4294967295',
  'msfi %r1,-3', 'msgfi %r1,100000', 'mhi %r1,-2', 'mghi %r1,3', 'nill %r1,0x00f0', 'nilh %r1,0x8000', 'nihf %r1,0xffff0000',
  'nilf %r1,0', 'oill %r1,0x8001', 'oilh %r1,0', 'oilf %r1,0x80000000', 'xilf %r1,0xffffffff', 'xihf %r1,1', 'iilf %r1,0x87654321',
  'iihf %r1,0xfedcba98', 'llihf %r1,0x80000000', 'llilf %r1,0xffffffff', 'llihh %r1,0x8000', 'llill %r1,0xffff',
  'tmll %r1,0x8001', 'tmll %r1,0', 'tmlh %r1,0xffff', 'tmhh %r1,0x8000', 'tmhl %r1,0x00ff', 'lhi %r1,-2', 'lghi %r1,-32768',
  'lgfi %r1,-2147483648', 'iill %r1,0xabcd', 'iihh %r1,0x1234', 'aih %r1,-2147483648', 'aih %r1,1', 'alsih %r1,-1',
  'alsih %r1,2', 'alsihn %r1,-1', 'cih %r1,-1', 'cih %r1,2147483647', 'clih %r1,4294967295', 'clih %r1,1',
];
const SHIFT = [
  'sll %r1,1', 'sll %r1,31', 'sll %r1,32', 'srl %r1,4', 'srl %r1,63', 'sra %r1,1', 'sra %r1,31', 'sra %r1,40', 'sla %r1,1',
  'sla %r1,31', 'sllg %r1,%r2,1', 'sllg %r1,%r2,63', 'srlg %r1,%r2,33', 'srag %r1,%r2,1', 'srag %r1,%r2,63', 'slag %r1,%r2,1',
  'slag %r1,%r2,62', 'sllk %r1,%r2,3', 'srlk %r1,%r2,17', 'srak %r1,%r2,5', 'slak %r1,%r2,2', 'rll %r1,%r2,7', 'rll %r1,%r2,0',
  'rllg %r1,%r2,13', 'rllg %r1,%r2,32', 'sldl %r2,5', 'srdl %r2,33', 'srda %r2,3', 'slda %r2,1', 'sll %r1,3(%r3)',
];
const ROT = [
  'risbg %r1,%r2,32,63,0', 'risbg %r1,%r2,32,191,0', 'risbg %r1,%r2,0,127,32', 'risbg %r1,%r2,60,131,4', 'risbg %r1,%r2,48,15,16',
  'risbgn %r1,%r2,40,175,8', 'rosbg %r1,%r2,32,63,5', 'rosbg %r1,%r2,0,0,1', 'rxsbg %r1,%r2,8,23,0', 'rxsbg %r1,%r2,160,63,5',
  'rnsbg %r1,%r2,0,63,12', 'rnsbg %r1,%r2,56,7,0', 'risbhg %r1,%r2,0,159,32', 'risbhg %r1,%r2,8,23,4',
  'risbhg %r1,%r2,20,133,0', 'risblg %r1,%r2,0,159,32', 'risblg %r1,%r2,24,7,60', 'risblg %r1,%r2,16,31,1',
];
const PAIR = [
  'mlgr %r2,%r4', 'mlr %r2,%r4', 'mr %r2,%r4', 'mgrk %r2,%r4,%r5', 'flogr %r2,%r4', 'dlgr %r2,%r5', 'dlr %r2,%r5', 'dsgr %r2,%r5',
  'dsgfr %r2,%r5', 'dr %r2,%r5',
];
const COND = ['locr %r1,%r2,8', 'locr %r1,%r2,7', 'locgr %r1,%r2,2', 'locgr %r1,%r2,13', 'lochi %r1,-5,8', 'locghi %r1,9,6', 'selr %r1,%r2,%r3,8', 'selgr %r1,%r2,%r3,5', 'popcnt %r1,%r2', 'popcnt %r1,%r2,8'];

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length]!;
}

/** The case list: deterministic, about 3,000 cases. */
export function semanticCases(): Case[] {
  const cases: Case[] = [];
  let k = 0;
  const add = (insn: string, regs: bigint[]): void => {
    cases.push({ insn, regs, cc: k++ % 4 });
  };
  for (const m of RR32) for (const a of V32) for (const b of V32) add(`${m} %r1,%r2`, [a | (JUNK & ~0xffff_ffffn), b, JUNK, JUNK, JUNK]);
  for (const m of RR64) for (const a of V64) for (const b of V64) add(`${m} %r1,%r2`, [a, b, JUNK, JUNK, JUNK]);
  for (const m of RRK) for (const a of V64) for (const b of V64) add(`${m} %r1,%r2,%r3`, [JUNK, a, b, JUNK, JUNK]);
  for (const m of [...IMM, ...SHIFT, ...ROT, ...COND]) for (let i = 0; i < V64.length; i++) {
    add(m, [pick(V64, i), pick(V64, i + 3), pick(V64, i + 5), JUNK, JUNK]);
    add(m, [pick(V32, i), pick(V64, i + 1), pick(V32, i + 2) | 0xffff_ffff_0000_0000n, JUNK, JUNK]);
  }
  for (const m of PAIR) for (let i = 0; i < V64.length; i++) for (let j = 0; j < 4; j++) {
    // Divisors are never zero and never −1 with the most negative dividend (those interrupt).
    const divisor = [3n, 0xffff_fff0n, 0x1_0000_0005n, 7n][j]!;
    // 128/64 and 64/32 divides: keep the high half small enough for the quotient to fit.
    const hi = m === 'dlgr %r2,%r5' ? pick(V64, i) & 0x1n : m === 'dlr %r2,%r5' || m === 'dr %r2,%r5' ? 0n : pick(V64, i);
    add(m, [JUNK, hi, pick(V64, i + j + 1) >> 1n, pick(V64, i + 2 * j), divisor]);
  }
  return cases;
}

const hexq = (v: bigint): string => `0x${BigInt.asUintN(64, v).toString(16)}`;

/** Assembly source of the guest running `cases`. */
export function semanticsGuestSource(cases: readonly Case[]): string {
  const body: string[] = [];
  const data: string[] = [];
  cases.forEach((c, i) => {
    body.push(
      `        larl    %r10, case${i}`,
      `        l       %r0, 40(%r10)`,
      `        spm     %r0`,
      `        lmg     %r1, %r5, 0(%r10)`,
      `        ${c.insn}`,
      `        brasl   %r12, record`,
    );
    data.push(`case${i}: .quad ${c.regs.map(hexq).join(', ')}`, `        .long ${c.cc << 28}, 0`);
  });
  return caseGuest({
    body: body.join('\n'),
    // record: store R1-R5 and the IPM word, print them as one hex line; returns via r12
    routines: RECORD_REGS,
    data: `        .align 8\n${data.join('\n')}`,
  });
}
