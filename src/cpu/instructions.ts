/**
 * The z/Architecture instruction set of pvkit, declared once: opcode, mnemonic, format, operand
 * template and semantics per row. The decoder (`decodeTable`), the disassembler and the executor
 * are all driven from `instructionSet`. Coverage: the 160-opcode union measured in UV-SIE-NOTES
 * §4.7 plus the rest of the general-instruction families gcc emits for z10…z15 integer code, the
 * privileged/system instructions of §4.5, and what kernels and loaders add (BAL/BALR, MVN/MVZ,
 * CDS/CDSY/CDSG, CLCLE, compare and trap, the high-word facility). No floating point, vector,
 * DAT or I/O.
 *
 * Semantics are written once per operation: twins that differ only in format or displacement
 * width share one function (`ops`), and the standard forms of an operation are declared together
 * (`forms32`/`forms64`, `multiple`, `shift32`, `compareAnd` …).
 *
 * Condition codes follow the Principles of Operation per instruction class (signed arithmetic:
 * 0 zero, 1 < 0, 2 > 0, 3 overflow; logical arithmetic: carry/borrow in bit 1; compare: 0 equal,
 * 1 low, 2 high; logical ops: 0 zero, 1 nonzero; test-under-mask, insert-characters-under-mask…).
 */
import type { Cpu } from './cpu.js';
import { defaultOperands, keyFromHex, type Decoded, type ExecFn, type Format, type InstructionDef } from './formats.js';
import { PGM_DATA, PGM_FIXED_DIVIDE } from './interruption.js';
import { bigHi, bigLo, bitRangeMask, mulS64, mulU64, rotl64, sar64, shl64, shr64, toBigS, toBigU } from './int64.js';
import { PSW_HI_SHORT } from './psw.js';

type C = Cpu;
type D = Decoded;

const TWO32 = 4294967296;
const s16 = (v: number): number => (v << 16) >> 16;
const s8 = (v: number): number => (v << 24) >> 24;

// ------------------------------------------------------------------ condition codes and ALU

const ccS32 = (v: number): number => (v === 0 ? 0 : v < 0 ? 1 : 2);
const ccS64 = (h: number, l: number): number => ((h | l) === 0 ? 0 : h < 0 ? 1 : 2);
const cmpS = (a: number, b: number): number => (a === b ? 0 : a < b ? 1 : 2);
const cmpU = (a: number, b: number): number => cmpS(a >>> 0, b >>> 0);
const cmpS64 = (ah: number, al: number, bh: number, bl: number): number =>
  ah !== bh ? (ah < bh ? 1 : 2) : cmpU(al, bl);
const cmpU64 = (ah: number, al: number, bh: number, bl: number): number =>
  ah !== bh ? ((ah >>> 0) < (bh >>> 0) ? 1 : 2) : cmpU(al, bl);
/** Whether condition mask m selects the current CC. */
const cond = (c: C, m: number): boolean => (m & (8 >>> c.cc)) !== 0;
const condOf = (cc: number, m: number): boolean => (m & (8 >>> cc)) !== 0;

function add32(c: C, a: number, b: number): number {
  const r = (a + b) | 0;
  if (((a ^ r) & (b ^ r)) < 0) {
    c.cc = 3;
    c.fixedOverflow();
  } else c.cc = ccS32(r);
  return r;
}
function sub32(c: C, a: number, b: number): number {
  const r = (a - b) | 0;
  if (((a ^ b) & (a ^ r)) < 0) {
    c.cc = 3;
    c.fixedOverflow();
  } else c.cc = ccS32(r);
  return r;
}
function addL32(c: C, a: number, b: number, carryIn: number): number {
  const s = (a >>> 0) + (b >>> 0) + carryIn;
  const r = s | 0;
  c.cc = (r !== 0 ? 1 : 0) | (s >= TWO32 ? 2 : 0);
  return r;
}
function subL32(c: C, a: number, b: number, borrowIn: number): number {
  const s = (a >>> 0) - (b >>> 0) - borrowIn;
  const r = s | 0;
  c.cc = (r !== 0 ? 1 : 0) | (s >= 0 ? 2 : 0);
  return r;
}
/** 64-bit signed add into register r. */
function add64(c: C, r: number, ah: number, al: number, bh: number, bl: number): void {
  const lo = (al >>> 0) + (bl >>> 0);
  const hi = (ah + bh + (lo >= TWO32 ? 1 : 0)) | 0;
  c.gh[r] = hi;
  c.gl[r] = lo | 0;
  if (((ah ^ hi) & (bh ^ hi)) < 0) {
    c.cc = 3;
    c.fixedOverflow();
  } else c.cc = ccS64(hi, lo | 0);
}
function sub64(c: C, r: number, ah: number, al: number, bh: number, bl: number): void {
  const lo = (al >>> 0) - (bl >>> 0);
  const hi = (ah - bh - (lo < 0 ? 1 : 0)) | 0;
  c.gh[r] = hi;
  c.gl[r] = lo | 0;
  if (((ah ^ bh) & (ah ^ hi)) < 0) {
    c.cc = 3;
    c.fixedOverflow();
  } else c.cc = ccS64(hi, lo | 0);
}
function addL64(c: C, r: number, ah: number, al: number, bh: number, bl: number, carryIn: number): void {
  const lo = (al >>> 0) + (bl >>> 0) + carryIn;
  const hs = (ah >>> 0) + (bh >>> 0) + (lo >= TWO32 ? 1 : 0);
  const hi = hs | 0;
  c.gh[r] = hi;
  c.gl[r] = lo | 0;
  c.cc = ((hi | (lo | 0)) !== 0 ? 1 : 0) | (hs >= TWO32 ? 2 : 0);
}
function subL64(c: C, r: number, ah: number, al: number, bh: number, bl: number, borrowIn: number): void {
  const lo = (al >>> 0) - (bl >>> 0) - borrowIn;
  const hs = (ah >>> 0) - (bh >>> 0) - (lo < 0 ? 1 : 0);
  const hi = hs | 0;
  c.gh[r] = hi;
  c.gl[r] = lo | 0;
  c.cc = ((hi | (lo | 0)) !== 0 ? 1 : 0) | (hs >= 0 ? 2 : 0);
}
const carry = (c: C): number => (c.cc >>> 1) & 1;
const borrow = (c: C): number => ((c.cc & 2) === 0 ? 1 : 0);

function set64(c: C, r: number, h: number, l: number): void {
  c.gh[r] = h;
  c.gl[r] = l;
}
/** Set r to the sign extension of int32 v. */
function setS32(c: C, r: number, v: number): void {
  c.gh[r] = v >> 31;
  c.gl[r] = v;
}
function even(c: C, r: number): void {
  if ((r & 1) !== 0) c.specification();
}

// ------------------------------------------------------------------ operand addressing

const eaX = (c: C, d: D): number => c.ea(d.x2, d.b2, d.d2);
const eaS = (c: C, d: D): number => c.ea(0, d.b2, d.d2);
const ea1 = (c: C, d: D): number => c.ea(0, d.b1, d.d1);
const eaRel = (c: C, d: D): number => c.rel(d.ri);

function ld64(c: C, a: number): void {
  c.tmp[0] = c.r32(a);
  c.tmp[1] = c.r32(a + 4);
}

// ------------------------------------------------------------------ the table

const table: InstructionDef[] = [];

interface Opts {
  operands?: string;
  privileged?: boolean;
  condMask?: 'r1' | 'm3';
  jit?: (d: Decoded, pc: number) => string;
  jitConsts?: readonly unknown[];
  jitPure?: boolean;
  jitMem?: 'load' | 'store';
}

/** Instructions that may change the flow of control (all privileged ones count too). */
const BLOCK_ENDERS = new Set([
  'bcr', 'bc', 'brc', 'brcl', 'basr', 'bas', 'balr', 'bal', 'bras', 'brasl', 'bctr', 'bct', 'brct', 'brctg', 'bctgr',
  'bctg', 'brcth', 'bxh', 'bxle', 'bxhg', 'bxleg', 'brxh', 'brxle', 'brxhg', 'brxlg', 'crj', 'cgrj', 'clrj', 'clgrj',
  'cij', 'cgij', 'clij', 'clgij', 'ex', 'exrl', 'svc', 'sam24', 'sam31', 'sam64', 'mvcle', 'clcle', 'mvst', 'clst', 'srst',
]);

function op(hex: string, mnemonic: string, format: Format, exec: ExecFn, o: Opts = {}): void {
  const def: InstructionDef = {
    key: keyFromHex(hex),
    mnemonic,
    format,
    operands: o.operands ?? defaultOperands[format],
    exec,
    privileged: o.privileged ?? false,
    endsBlock: (o.privileged ?? false) || BLOCK_ENDERS.has(mnemonic),
    ...(o.condMask ? { condMask: o.condMask } : {}),
    ...(o.jit ? { jit: o.jit, jitConsts: o.jitConsts ?? [], jitPure: o.jitPure ?? false, ...(o.jitMem ? { jitMem: o.jitMem } : {}) } : {}),
  };
  table.push(def);
}
const priv: Opts = { privileged: true };

/** One encoding of an instruction: opcode, mnemonic, format. */
type Encoding = readonly [hex: string, mnemonic: string, format: Format];
/**
 * One semantics under several encodings: the RX/RXY, RS/RSY and SI/SIY twins (`l`/`ly`,
 * `cs`/`csy`, `mvi`/`mviy` …) differ only in the displacement width, which the decoder has
 * already folded into `d2`/`d1`.
 */
function ops(encodings: readonly Encoding[], exec: ExecFn, o: Opts = {}): void {
  for (const [hex, mnemonic, format] of encodings) op(hex, mnemonic, format, exec, o);
}

// Second-operand sources for the arithmetic/logical/compare families.
type Src32 = (c: C, d: D) => number;
const R2w: Src32 = (c, d) => c.gl[d.r2]!;
const Mw: Src32 = (c, d) => c.r32(eaX(c, d));
const Mh: Src32 = (c, d) => s16(c.r16(eaX(c, d)));
const Mhu: Src32 = (c, d) => c.r16(eaX(c, d));
const Iw: Src32 = (_c, d) => d.i2;
const Ih: Src32 = (_c, d) => s16(d.i2);
const RLw: Src32 = (c, d) => c.r32(eaRel(c, d));
const RLh: Src32 = (c, d) => s16(c.r16(eaRel(c, d)));
const RLhu: Src32 = (c, d) => c.r16(eaRel(c, d));

/** 64-bit second operands: write (hi, lo) to c.tmp[0..1]. */
type Src64 = (c: C, d: D) => void;
const R2g: Src64 = (c, d) => {
  c.tmp[0] = c.gh[d.r2]!;
  c.tmp[1] = c.gl[d.r2]!;
};
const R2gf: Src64 = (c, d) => {
  const v = c.gl[d.r2]!;
  c.tmp[0] = v >> 31;
  c.tmp[1] = v;
};
const R2glf: Src64 = (c, d) => {
  c.tmp[0] = 0;
  c.tmp[1] = c.gl[d.r2]!;
};
const Mg: Src64 = (c, d) => ld64(c, eaX(c, d));
const Mgf: Src64 = (c, d) => {
  const v = c.r32(eaX(c, d));
  c.tmp[0] = v >> 31;
  c.tmp[1] = v;
};
const Mglf: Src64 = (c, d) => {
  c.tmp[1] = c.r32(eaX(c, d));
  c.tmp[0] = 0;
};
const Mgh: Src64 = (c, d) => {
  const v = s16(c.r16(eaX(c, d)));
  c.tmp[0] = v >> 31;
  c.tmp[1] = v;
};
const Igf: Src64 = (_c, d) => {
  c0(d.i2 >> 31, d.i2, _c);
};
function c0(h: number, l: number, c: C): void {
  c.tmp[0] = h;
  c.tmp[1] = l;
}
const Iglf: Src64 = (c, d) => c0(0, d.i2, c);
const Igh: Src64 = (c, d) => {
  const v = s16(d.i2);
  c0(v >> 31, v, c);
};
const RLg: Src64 = (c, d) => ld64(c, eaRel(c, d));
const RLgf: Src64 = (c, d) => {
  const v = c.r32(eaRel(c, d));
  c0(v >> 31, v, c);
};
const RLglf: Src64 = (c, d) => c0(0, c.r32(eaRel(c, d)), c);
const RLgh: Src64 = (c, d) => {
  const v = s16(c.r16(eaRel(c, d)));
  c0(v >> 31, v, c);
};
const RLglh: Src64 = (c, d) => c0(0, c.r16(eaRel(c, d)), c);

// ---- loads and stores ------------------------------------------------------------------

op('18', 'lr', 'RR', (c, d) => void (c.gl[d.r1] = c.gl[d.r2]!), { jit: (d) => `c.gl[${d.r1}] = c.gl[${d.r2}];`, jitPure: true });
op('b904', 'lgr', 'RRE', (c, d) => set64(c, d.r1, c.gh[d.r2]!, c.gl[d.r2]!), {
  jit: (d) => `c.gh[${d.r1}] = c.gh[${d.r2}]; c.gl[${d.r1}] = c.gl[${d.r2}];`,
  jitPure: true,
});
op('b914', 'lgfr', 'RRE', (c, d) => setS32(c, d.r1, c.gl[d.r2]!));
op('b916', 'llgfr', 'RRE', (c, d) => set64(c, d.r1, 0, c.gl[d.r2]!));
op('b917', 'llgtr', 'RRE', (c, d) => set64(c, d.r1, 0, c.gl[d.r2]! & 0x7fff_ffff));
op('b926', 'lbr', 'RRE', (c, d) => void (c.gl[d.r1] = s8(c.gl[d.r2]!)));
op('b906', 'lgbr', 'RRE', (c, d) => setS32(c, d.r1, s8(c.gl[d.r2]!)));
op('b927', 'lhr', 'RRE', (c, d) => void (c.gl[d.r1] = s16(c.gl[d.r2]!)));
op('b907', 'lghr', 'RRE', (c, d) => setS32(c, d.r1, s16(c.gl[d.r2]!)));
op('b994', 'llcr', 'RRE', (c, d) => void (c.gl[d.r1] = c.gl[d.r2]! & 0xff));
op('b984', 'llgcr', 'RRE', (c, d) => set64(c, d.r1, 0, c.gl[d.r2]! & 0xff));
op('b995', 'llhr', 'RRE', (c, d) => void (c.gl[d.r1] = c.gl[d.r2]! & 0xffff));
op('b985', 'llghr', 'RRE', (c, d) => set64(c, d.r1, 0, c.gl[d.r2]! & 0xffff));
op('12', 'ltr', 'RR', (c, d) => {
  const v = c.gl[d.r2]!;
  c.gl[d.r1] = v;
  c.cc = ccS32(v);
});
op('b902', 'ltgr', 'RRE', (c, d) => {
  const h = c.gh[d.r2]!, l = c.gl[d.r2]!;
  set64(c, d.r1, h, l);
  c.cc = ccS64(h, l);
});
op('b912', 'ltgfr', 'RRE', (c, d) => {
  const v = c.gl[d.r2]!;
  setS32(c, d.r1, v);
  c.cc = ccS32(v);
});
// Load positive / negative / complement.
op('10', 'lpr', 'RR', (c, d) => {
  const v = c.gl[d.r2]!;
  if (v === -0x8000_0000) {
    c.gl[d.r1] = v;
    c.cc = 3;
    c.fixedOverflow();
    return;
  }
  const r = v < 0 ? -v : v;
  c.gl[d.r1] = r;
  c.cc = r === 0 ? 0 : 2;
});
op('11', 'lnr', 'RR', (c, d) => {
  const v = c.gl[d.r2]!;
  const r = v > 0 ? -v : v;
  c.gl[d.r1] = r;
  c.cc = r === 0 ? 0 : 1;
});
op('13', 'lcr', 'RR', (c, d) => void (c.gl[d.r1] = sub32(c, 0, c.gl[d.r2]!)));
function lp64(c: C, r1: number, h: number, l: number): void {
  if (h < 0) {
    sub64(c, r1, 0, 0, h, l);
    if (c.cc !== 3) c.cc = 2;
  } else {
    set64(c, r1, h, l);
    c.cc = (h | l) === 0 ? 0 : 2;
  }
}
function ln64(c: C, r1: number, h: number, l: number): void {
  if (h >= 0 && (h | l) !== 0) {
    sub64(c, r1, 0, 0, h, l);
    c.cc = 1;
  } else {
    set64(c, r1, h, l);
    c.cc = (h | l) === 0 ? 0 : 1;
  }
}
op('b900', 'lpgr', 'RRE', (c, d) => lp64(c, d.r1, c.gh[d.r2]!, c.gl[d.r2]!));
op('b910', 'lpgfr', 'RRE', (c, d) => lp64(c, d.r1, c.gl[d.r2]! >> 31, c.gl[d.r2]!));
op('b901', 'lngr', 'RRE', (c, d) => ln64(c, d.r1, c.gh[d.r2]!, c.gl[d.r2]!));
op('b911', 'lngfr', 'RRE', (c, d) => ln64(c, d.r1, c.gl[d.r2]! >> 31, c.gl[d.r2]!));
op('b903', 'lcgr', 'RRE', (c, d) => sub64(c, d.r1, 0, 0, c.gh[d.r2]!, c.gl[d.r2]!));
op('b913', 'lcgfr', 'RRE', (c, d) => sub64(c, d.r1, 0, 0, c.gl[d.r2]! >> 31, c.gl[d.r2]!));

/**
 * Inline effective address D(X,B) for the block compiler: the common 64-bit case (base only, no
 * carry out of the low word) without a call; everything else through `c.ea`. Uses the block's
 * scratch variable `t`.
 */
function jitEa(x: number, b: number, disp: number): string {
  if (x === 0 && b === 0 && disp >= 0) return `${disp}`;
  if (x !== 0 && b !== 0) {
    return `(c.amode === 64 && c.gh[${x}] === 0 && c.gh[${b}] === 0 && (t = (c.gl[${x}] >>> 0) + (c.gl[${b}] >>> 0) + ${disp}) >= 0 && t < 4294967296 ? t : c.ea(${x}, ${b}, ${disp}))`;
  }
  const r = x !== 0 ? x : b;
  return `(c.amode === 64 && c.gh[${r}] === 0 && (t = (c.gl[${r}] >>> 0) + ${disp}) >= 0 && t < 4294967296 ? t : c.ea(${x}, ${b}, ${disp}))`;
}
const jitEaX = (d: D): string => jitEa(d.x2, d.b2, d.d2);
ops([['58', 'l', 'RX'], ['e358', 'ly', 'RXY']], (c, d) => void (c.gl[d.r1] = c.r32(eaX(c, d))), {
  jit: (d) => `c.gl[${d.r1}] = c.r32(${jitEaX(d)});`,
  jitMem: 'load',
});
op('e304', 'lg', 'RXY', (c, d) => c.load64(d.r1, eaX(c, d)), { jit: (d) => `c.load64(${d.r1}, ${jitEaX(d)});`, jitMem: 'load' });
op('e314', 'lgf', 'RXY', (c, d) => setS32(c, d.r1, c.r32(eaX(c, d))));
op('e316', 'llgf', 'RXY', (c, d) => set64(c, d.r1, 0, c.r32(eaX(c, d))));
op('e317', 'llgt', 'RXY', (c, d) => set64(c, d.r1, 0, c.r32(eaX(c, d)) & 0x7fff_ffff));
ops([['48', 'lh', 'RX'], ['e378', 'lhy', 'RXY']], (c, d) => void (c.gl[d.r1] = Mh(c, d)));
op('e315', 'lgh', 'RXY', (c, d) => setS32(c, d.r1, Mh(c, d)));
op('e395', 'llh', 'RXY', (c, d) => void (c.gl[d.r1] = Mhu(c, d)));
op('e391', 'llgh', 'RXY', (c, d) => set64(c, d.r1, 0, Mhu(c, d)));
op('e394', 'llc', 'RXY', (c, d) => void (c.gl[d.r1] = c.r8(eaX(c, d))), { jit: (d) => `c.gl[${d.r1}] = c.r8(${jitEaX(d)});`, jitMem: 'load' });
op('e390', 'llgc', 'RXY', (c, d) => set64(c, d.r1, 0, c.r8(eaX(c, d))));
op('e376', 'lb', 'RXY', (c, d) => void (c.gl[d.r1] = s8(c.r8(eaX(c, d)))));
op('e377', 'lgb', 'RXY', (c, d) => setS32(c, d.r1, s8(c.r8(eaX(c, d)))));
op('e312', 'lt', 'RXY', (c, d) => {
  const v = c.r32(eaX(c, d));
  c.gl[d.r1] = v;
  c.cc = ccS32(v);
});
op('e302', 'ltg', 'RXY', (c, d) => {
  c.load64(d.r1, eaX(c, d));
  c.cc = ccS64(c.gh[d.r1]!, c.gl[d.r1]!);
});
op('e332', 'ltgf', 'RXY', (c, d) => {
  const v = c.r32(eaX(c, d));
  setS32(c, d.r1, v);
  c.cc = ccS32(v);
});
const bswap32 = (v: number): number => ((v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24)) | 0;
op('e31e', 'lrv', 'RXY', (c, d) => void (c.gl[d.r1] = bswap32(c.r32(eaX(c, d)))));
op('e31f', 'lrvh', 'RXY', (c, d) => {
  const v = c.r16(eaX(c, d));
  c.gl[d.r1] = (c.gl[d.r1]! & ~0xffff) | ((v >>> 8) | ((v & 0xff) << 8));
});
op('e30f', 'lrvg', 'RXY', (c, d) => {
  const a = eaX(c, d);
  const h = c.r32(a), l = c.r32(a + 4);
  set64(c, d.r1, bswap32(l), bswap32(h));
});
op('b91f', 'lrvr', 'RRE', (c, d) => void (c.gl[d.r1] = bswap32(c.gl[d.r2]!)));
op('b90f', 'lrvgr', 'RRE', (c, d) => set64(c, d.r1, bswap32(c.gl[d.r2]!), bswap32(c.gh[d.r2]!)));

ops([['50', 'st', 'RX'], ['e350', 'sty', 'RXY']], (c, d) => c.w32(eaX(c, d), c.gl[d.r1]!), {
  jit: (d) => `c.w32(${jitEaX(d)}, c.gl[${d.r1}]);`,
  jitMem: 'store',
});
op('e324', 'stg', 'RXY', (c, d) => c.w64(eaX(c, d), c.gh[d.r1]!, c.gl[d.r1]!), {
  jit: (d) => `c.w64(${jitEaX(d)}, c.gh[${d.r1}], c.gl[${d.r1}]);`,
  jitMem: 'store',
});
ops([['40', 'sth', 'RX'], ['e370', 'sthy', 'RXY']], (c, d) => c.w16(eaX(c, d), c.gl[d.r1]!));
ops([['42', 'stc', 'RX'], ['e372', 'stcy', 'RXY']], (c, d) => c.w8(eaX(c, d), c.gl[d.r1]!));
op('e33e', 'strv', 'RXY', (c, d) => c.w32(eaX(c, d), bswap32(c.gl[d.r1]!)));
op('e33f', 'strvh', 'RXY', (c, d) => {
  const v = c.gl[d.r1]!;
  c.w16(eaX(c, d), ((v & 0xff) << 8) | ((v >>> 8) & 0xff));
});
op('e32f', 'strvg', 'RXY', (c, d) => c.w64(eaX(c, d), bswap32(c.gl[d.r1]!), bswap32(c.gh[d.r1]!)));

// Relative-long loads and stores (RIL-b).
op('c4d', 'lrl', 'RILb', (c, d) => void (c.gl[d.r1] = RLw(c, d)));
op('c48', 'lgrl', 'RILb', (c, d) => c.load64(d.r1, eaRel(c, d)));
op('c4c', 'lgfrl', 'RILb', (c, d) => setS32(c, d.r1, RLw(c, d)));
op('c4e', 'llgfrl', 'RILb', (c, d) => set64(c, d.r1, 0, RLw(c, d)));
op('c45', 'lhrl', 'RILb', (c, d) => void (c.gl[d.r1] = RLh(c, d)));
op('c44', 'lghrl', 'RILb', (c, d) => setS32(c, d.r1, RLh(c, d)));
op('c42', 'llhrl', 'RILb', (c, d) => void (c.gl[d.r1] = RLhu(c, d)));
op('c46', 'llghrl', 'RILb', (c, d) => set64(c, d.r1, 0, RLhu(c, d)));
op('c4f', 'strl', 'RILb', (c, d) => c.w32(eaRel(c, d), c.gl[d.r1]!));
op('c4b', 'stgrl', 'RILb', (c, d) => c.w64(eaRel(c, d), c.gh[d.r1]!, c.gl[d.r1]!));
op('c47', 'sthrl', 'RILb', (c, d) => c.w16(eaRel(c, d), c.gl[d.r1]!));

// Load/store multiple: registers r1..r3 wrapping through 15 → 0.
function regCount(r1: number, r3: number): number {
  return ((r3 - r1) & 15) + 1;
}
/**
 * The LOAD/STORE MULTIPLE shape: registers r1..r3 (wrapping 15 → 0) against consecutive
 * `size`-byte slots from the second-operand address, the whole operand checked first.
 */
function multiple(size: 4 | 8, each: (c: C, r: number, a: number) => void, aligned = false): ExecFn {
  return (c, d) => {
    const a = eaS(c, d), n = regCount(d.r1, d.r3);
    if (aligned && (a & (size - 1)) !== 0) c.specification();
    c.check(a, size * n);
    // The control-register forms require alignment and stay inside the checked operand: no wrap.
    for (let i = 0; i < n; i++) each(c, (d.r1 + i) & 15, aligned ? a + size * i : c.wrap(a + size * i));
  };
}
ops([['98', 'lm', 'RSa'], ['eb98', 'lmy', 'RSYa']], multiple(4, (c, r, a) => void (c.gl[r] = c.r32(a))));
op('eb96', 'lmh', 'RSYa', multiple(4, (c, r, a) => void (c.gh[r] = c.r32(a))));
op('eb04', 'lmg', 'RSYa', multiple(8, (c, r, a) => c.load64(r, a)));
ops([['90', 'stm', 'RSa'], ['eb90', 'stmy', 'RSYa']], multiple(4, (c, r, a) => c.w32(a, c.gl[r]!)));
op('eb26', 'stmh', 'RSYa', multiple(4, (c, r, a) => c.w32(a, c.gh[r]!)));
op('eb24', 'stmg', 'RSYa', multiple(8, (c, r, a) => c.w64(a, c.gh[r]!, c.gl[r]!)));

// Load address. LA keeps bits 0–31 (31-bit) / 0–39 (24-bit) of R1 in the smaller modes.
function loadAddress(c: C, r1: number, a: number): void {
  if (c.amode === 64) {
    // Recompute the full 64-bit sum: `ea` folds addresses ≥ 2^32 into one out-of-range value.
    c.gh[r1] = Math.floor(a / TWO32) | 0;
    c.gl[r1] = a % TWO32 | 0;
  } else c.gl[r1] = a;
}
function la64(c: C, d: D, disp: number): void {
  if (c.amode !== 64) return loadAddress(c, d.r1, c.ea(d.x2, d.b2, disp));
  let lo = disp, hi = 0;
  if (d.b2 !== 0) {
    lo += c.gl[d.b2]! >>> 0;
    hi += c.gh[d.b2]!;
  }
  if (d.x2 !== 0) {
    lo += c.gl[d.x2]! >>> 0;
    hi += c.gh[d.x2]!;
  }
  const k = Math.floor(lo / TWO32);
  set64(c, d.r1, (hi + k) | 0, (lo - k * TWO32) | 0);
}
/** Inline LA/LAY: the 64-bit sum of `la64` without a call; other modes through `$K0` (la64). */
function jitLa(d: D): string {
  let sum = `let lo = ${d.d2}, hi = 0;`;
  for (const r of [d.b2, d.x2]) if (r !== 0) sum += ` lo += c.gl[${r}] >>> 0; hi += c.gh[${r}];`;
  return `if (c.amode !== 64) $K0(c, $D, ${d.d2}); else { ${sum} const k = Math.floor(lo / 4294967296); ` +
    `c.gh[${d.r1}] = (hi + k) | 0; c.gl[${d.r1}] = (lo - k * 4294967296) | 0; }`;
}
ops([['41', 'la', 'RX'], ['e371', 'lay', 'RXY']], (c, d) => la64(c, d, d.d2), { jit: jitLa, jitConsts: [la64], jitPure: true });
const larl = (c: C, d: D): void => {
  const t = c.pc + d.ri;
  if (c.amode === 64) set64(c, d.r1, Math.floor(t / TWO32) | 0, t % TWO32 | 0);
  else loadAddress(c, d.r1, c.wrap(t));
};
op('c00', 'larl', 'RILb', larl, {
  // The block compiler knows the instruction address: the 64-bit result is a constant.
  jit: (d, pc) => {
    const t = pc + d.ri;
    return `if (c.amode === 64) { c.gh[${d.r1}] = ${Math.floor(t / TWO32) | 0}; c.gl[${d.r1}] = ${t % TWO32 | 0}; } else { c.pc = ${pc}; $K0(c, $D); }`;
  },
  jitConsts: [larl],
  jitPure: true,
});

// Immediates.
op('a78', 'lhi', 'RIa', (c, d) => void (c.gl[d.r1] = s16(d.i2)), { operands: 'R1,I2', jit: (d) => `c.gl[${d.r1}] = ${s16(d.i2)};`, jitPure: true });
op('a79', 'lghi', 'RIa', (c, d) => setS32(c, d.r1, s16(d.i2)), {
  jit: (d) => `c.gh[${d.r1}] = ${s16(d.i2) >> 31}; c.gl[${d.r1}] = ${s16(d.i2)};`,
  jitPure: true,
});
op('c01', 'lgfi', 'RILa', (c, d) => setS32(c, d.r1, d.i2));
op('c0e', 'llihf', 'RILa', (c, d) => set64(c, d.r1, d.i2, 0), { operands: 'R1,U2' });
op('c0f', 'llilf', 'RILa', (c, d) => set64(c, d.r1, 0, d.i2), { operands: 'R1,U2' });
op('c08', 'iihf', 'RILa', (c, d) => void (c.gh[d.r1] = d.i2), { operands: 'R1,U2' });
op('c09', 'iilf', 'RILa', (c, d) => void (c.gl[d.r1] = d.i2), { operands: 'R1,U2' });
const U2: Opts = { operands: 'R1,U2' };
op('a5c', 'llihh', 'RIa', (c, d) => set64(c, d.r1, d.i2 << 16, 0), U2);
op('a5d', 'llihl', 'RIa', (c, d) => set64(c, d.r1, d.i2, 0), U2);
op('a5e', 'llilh', 'RIa', (c, d) => set64(c, d.r1, 0, d.i2 << 16), U2);
op('a5f', 'llill', 'RIa', (c, d) => set64(c, d.r1, 0, d.i2), U2);
op('a50', 'iihh', 'RIa', (c, d) => void (c.gh[d.r1] = (c.gh[d.r1]! & 0xffff) | (d.i2 << 16)), U2);
op('a51', 'iihl', 'RIa', (c, d) => void (c.gh[d.r1] = (c.gh[d.r1]! & ~0xffff) | d.i2), U2);
op('a52', 'iilh', 'RIa', (c, d) => void (c.gl[d.r1] = (c.gl[d.r1]! & 0xffff) | (d.i2 << 16)), U2);
op('a53', 'iill', 'RIa', (c, d) => void (c.gl[d.r1] = (c.gl[d.r1]! & ~0xffff) | d.i2), U2);

// Insert characters.
ops([['43', 'ic', 'RX'], ['e373', 'icy', 'RXY']], (c, d) => void (c.gl[d.r1] = (c.gl[d.r1]! & ~0xff) | c.r8(eaX(c, d))));
/** INSERT CHARACTERS UNDER MASK into a 32-bit word; CC from the inserted bits. */
function icm(c: C, word: number, mask: number, a: number): number {
  let first = -1, nonzero = false, i = 0;
  for (let bit = 3; bit >= 0; bit--) {
    if ((mask & (1 << bit)) === 0) continue;
    const v = c.r8(c.wrap(a + i++));
    if (first < 0) first = v;
    if (v !== 0) nonzero = true;
    const sh = bit * 8;
    word = (word & ~(0xff << sh)) | (v << sh);
  }
  c.cc = !nonzero ? 0 : (first & 0x80) !== 0 ? 1 : 2;
  return word;
}
/** The characters-under-mask instructions print R1,M3,D2(B2) in both the RS-b and RSY-b forms. */
const MASK_FIRST: Opts = { operands: 'R1,M3,D2(B2)' };
ops([['bf', 'icm', 'RSb'], ['eb81', 'icmy', 'RSYb']], (c, d) => void (c.gl[d.r1] = icm(c, c.gl[d.r1]!, d.m3, eaS(c, d))), MASK_FIRST);
op('eb80', 'icmh', 'RSYb', (c, d) => void (c.gh[d.r1] = icm(c, c.gh[d.r1]!, d.m3, eaS(c, d))), MASK_FIRST);
function stcm(c: C, word: number, mask: number, a: number): void {
  let i = 0;
  for (let bit = 3; bit >= 0; bit--) if ((mask & (1 << bit)) !== 0) c.w8(c.wrap(a + i++), word >>> (bit * 8));
}
ops([['be', 'stcm', 'RSb'], ['eb2d', 'stcmy', 'RSYb']], (c, d) => stcm(c, c.gl[d.r1]!, d.m3, eaS(c, d)), MASK_FIRST);
op('eb2c', 'stcmh', 'RSYb', (c, d) => stcm(c, c.gh[d.r1]!, d.m3, eaS(c, d)), MASK_FIRST);

// Load/store on condition, select.
op('b9f2', 'locr', 'RRFc', (c, d) => void (cond(c, d.m3) && (c.gl[d.r1] = c.gl[d.r2]!)), { condMask: 'm3' });
op('b9e2', 'locgr', 'RRFc', (c, d) => void (cond(c, d.m3) && set64(c, d.r1, c.gh[d.r2]!, c.gl[d.r2]!)), { condMask: 'm3' });
op('ebf2', 'loc', 'RSYb', (c, d) => void (cond(c, d.m3) && (c.gl[d.r1] = c.r32(eaS(c, d)))), { condMask: 'm3' });
op('ebe2', 'locg', 'RSYb', (c, d) => void (cond(c, d.m3) && c.load64(d.r1, eaS(c, d))), { condMask: 'm3' });
op('ebf3', 'stoc', 'RSYb', (c, d) => void (cond(c, d.m3) && c.w32(eaS(c, d), c.gl[d.r1]!)), { condMask: 'm3' });
op('ebe3', 'stocg', 'RSYb', (c, d) => void (cond(c, d.m3) && c.w64(eaS(c, d), c.gh[d.r1]!, c.gl[d.r1]!)), { condMask: 'm3' });
op('ec42', 'lochi', 'RIEg', (c, d) => void (cond(c, d.m3) && (c.gl[d.r1] = d.i2)), { condMask: 'm3' });
op('ec46', 'locghi', 'RIEg', (c, d) => void (cond(c, d.m3) && setS32(c, d.r1, d.i2)), { condMask: 'm3' });
op('b9f0', 'selr', 'RRFa4', (c, d) => void (c.gl[d.r1] = cond(c, d.m3) ? c.gl[d.r2]! : c.gl[d.r3]!), { condMask: 'm3' });
op('b9e3', 'selgr', 'RRFa4', (c, d) => {
  const r = cond(c, d.m3) ? d.r2 : d.r3;
  set64(c, d.r1, c.gh[r]!, c.gl[r]!);
}, { condMask: 'm3' });

// ---- binary arithmetic -------------------------------------------------------------------

/** The block compiler's expression for a 32-bit second operand, when it has one. */
function jitSrc32(src: Src32, d: D): string | undefined {
  if (src === R2w) return `c.gl[${d.r2}]`;
  if (src === Mw) return `c.r32(${jitEaX(d)})`;
  if (src === Iw) return `${d.i2 | 0}`;
  if (src === Ih) return `${s16(d.i2)}`;
  return undefined;
}
/**
 * Signed 32-bit add/subtract inlined (`add32`/`sub32`); `$OVF` is where the block compiler puts
 * the fixed-point-overflow report (PoP: CC 3, program interruption 8 if the PSW mask allows).
 */
function jitAddSub32(f: unknown, r1: number, b: string): string {
  const add = f === add32;
  return `{ const a = c.gl[${r1}]; const b = ${b}; const r = (a ${add ? '+' : '-'} b) | 0; c.gl[${r1}] = r; ` +
    `if (((${add ? 'a ^ r) & (b ^ r' : 'a ^ b) & (a ^ r'})) < 0) { c.cc = 3; $OVF } else c.cc = r === 0 ? 0 : r < 0 ? 1 : 2; }`;
}
function arith32(hex: string, mn: string, fmt: Format, src: Src32, f: (c: C, a: number, b: number) => number, o?: Opts): void {
  const inlineArith = (f === add32 || f === sub32) && src !== Mh;
  op(hex, mn, fmt, (c, d) => void (c.gl[d.r1] = f(c, c.gl[d.r1]!, src(c, d))), {
    ...o,
    jit: (d) => {
      const b = jitSrc32(src, d);
      if (inlineArith && b !== undefined) return jitAddSub32(f, d.r1, b);
      return `c.gl[${d.r1}] = $K0(c, c.gl[${d.r1}], ${src === R2w ? `c.gl[${d.r2}]` : src === Mw ? `c.r32(${jitEaX(d)})` : '$K1(c, $D)'});`;
    },
    jitConsts: [f, src],
    // Register-only logical operations cannot fail or overflow; register and immediate
    // add/subtract report overflow through $OVF only.
    jitPure: (src === R2w && LOGICAL.has(f)) || (inlineArith && (src === R2w || src === Iw || src === Ih)),
    ...(src === Mw && (LOGICAL.has(f) || inlineArith) ? { jitMem: 'load' as const } : {}),
  });
}
function arith32k(hex: string, mn: string, f: (c: C, a: number, b: number) => number): void {
  op(hex, mn, 'RRFa', (c, d) => void (c.gl[d.r1] = f(c, c.gl[d.r2]!, c.gl[d.r3]!)), {
    jit: (d) => `c.gl[${d.r1}] = $K0(c, c.gl[${d.r2}], c.gl[${d.r3}]);`,
    jitConsts: [f],
  });
}
type F32 = (c: C, a: number, b: number) => number;
/** Opcodes of one operation's standard register and storage forms ('' or absent: no such form). */
interface Forms32 { rr?: string; rx?: string; rxy?: string; rh?: string; rhy?: string; rrk?: string }
/**
 * One 32-bit operation in its standard forms, mnemonics derived from the base name as the PoP
 * names them: RR `…r`, RX `…`, RXY `…y`, halfword RX/RXY `…h`/`…hy`, RRF-a `…rk`.
 */
function forms32(name: string, f: F32, hex: Forms32): void {
  if (hex.rr) arith32(hex.rr, `${name}r`, 'RR', R2w, f);
  if (hex.rx) arith32(hex.rx, name, 'RX', Mw, f);
  if (hex.rxy) arith32(hex.rxy, `${name}y`, 'RXY', Mw, f);
  if (hex.rh) arith32(hex.rh, `${name}h`, 'RX', Mh, f);
  if (hex.rhy) arith32(hex.rhy, `${name}hy`, 'RXY', Mh, f);
  if (hex.rrk) arith32k(hex.rrk, `${name}rk`, f);
}
const A = add32, S = sub32;
/** Set after N/O/X are defined: logical operations (no overflow, no exception). */
const LOGICAL = new Set<unknown>();
const AL = (c: C, a: number, b: number): number => addL32(c, a, b, 0);
const SL = (c: C, a: number, b: number): number => subL32(c, a, b, 0);
forms32('a', A, { rr: '1a', rx: '5a', rxy: 'e35a', rh: '4a', rhy: 'e37a', rrk: 'b9f8' });
arith32('a7a', 'ahi', 'RIa', Ih, A);
arith32('c29', 'afi', 'RILa', Iw, A);
op('ecd8', 'ahik', 'RIEd', (c, d) => void (c.gl[d.r1] = add32(c, c.gl[d.r3]!, d.i2)));
forms32('s', S, { rr: '1b', rx: '5b', rxy: 'e35b', rh: '4b', rhy: 'e37b', rrk: 'b9f9' });
forms32('al', AL, { rr: '1e', rx: '5e', rxy: 'e35e', rrk: 'b9fa' });
arith32('c2b', 'alfi', 'RILa', Iw, AL, U2);
op('ecda', 'alhsik', 'RIEd', (c, d) => void (c.gl[d.r1] = addL32(c, c.gl[d.r3]!, d.i2, 0)));
forms32('sl', SL, { rr: '1f', rx: '5f', rxy: 'e35f', rrk: 'b9fb' });
arith32('c25', 'slfi', 'RILa', Iw, SL, U2);
const ALC = (c: C, a: number, b: number): number => addL32(c, a, b, carry(c));
const SLB = (c: C, a: number, b: number): number => subL32(c, a, b, borrow(c));
arith32('b998', 'alcr', 'RRE', R2w, ALC);
arith32('e398', 'alc', 'RXY', Mw, ALC);
arith32('b999', 'slbr', 'RRE', R2w, SLB);
arith32('e399', 'slb', 'RXY', Mw, SLB);

type F64 = (c: C, r: number, ah: number, al: number, bh: number, bl: number) => void;
/** The block compiler's (hi, lo) expressions for a register or immediate 64-bit second operand. */
function jitSrc64(src: Src64, d: D): [string, string] | undefined {
  if (src === R2g) return [`c.gh[${d.r2}]`, `c.gl[${d.r2}]`];
  if (src === R2gf) return [`(c.gl[${d.r2}] >> 31)`, `c.gl[${d.r2}]`];
  if (src === Igh) return [`${s16(d.i2) >> 31}`, `${s16(d.i2)}`];
  if (src === Igf) return [`${d.i2 >> 31}`, `${d.i2 | 0}`];
  return undefined;
}
/** Signed 64-bit add/subtract inlined (`add64`/`sub64`); `$OVF` as in `jitAddSub32`. */
function jitAddSub64(f: unknown, r1: number, [bh, bl]: [string, string]): string {
  const add = f === add64;
  return `{ const ah = c.gh[${r1}], al = c.gl[${r1}], bh = ${bh}, bl = ${bl}; ` +
    (add
      ? 'const lo = (al >>> 0) + (bl >>> 0); const hi = (ah + bh + (lo >= 4294967296 ? 1 : 0)) | 0; '
      : 'const lo = (al >>> 0) - (bl >>> 0); const hi = (ah - bh - (lo < 0 ? 1 : 0)) | 0; ') +
    `const l = lo | 0; c.gh[${r1}] = hi; c.gl[${r1}] = l; ` +
    `if (((${add ? 'ah ^ hi) & (bh ^ hi' : 'ah ^ bh) & (ah ^ hi'})) < 0) { c.cc = 3; $OVF } else c.cc = (hi | l) === 0 ? 0 : hi < 0 ? 1 : 2; }`;
}
function arith64(hex: string, mn: string, fmt: Format, src: Src64, f: F64, o?: Opts): void {
  const inlineArith = (f === add64 || f === sub64) && (src === R2g || src === R2gf || src === Igh || src === Igf);
  op(hex, mn, fmt, (c, d) => {
    src(c, d);
    f(c, d.r1, c.gh[d.r1]!, c.gl[d.r1]!, c.tmp[0]!, c.tmp[1]!);
  }, {
    ...o,
    jit: (d) =>
      inlineArith
        ? jitAddSub64(f, d.r1, jitSrc64(src, d)!)
        : src === R2g
          ? `$K0(c, ${d.r1}, c.gh[${d.r1}], c.gl[${d.r1}], c.gh[${d.r2}], c.gl[${d.r2}]);`
          : `$K1(c, $D); $K0(c, ${d.r1}, c.gh[${d.r1}], c.gl[${d.r1}], c.tmp[0], c.tmp[1]);`,
    jitConsts: [f, src],
    // Register and immediate add/subtract report overflow through $OVF only.
    jitPure: inlineArith,
  });
}
function arith64k(hex: string, mn: string, f: F64): void {
  op(hex, mn, 'RRFa', (c, d) => f(c, d.r1, c.gh[d.r2]!, c.gl[d.r2]!, c.gh[d.r3]!, c.gl[d.r3]!), {
    jit: (d) => `$K0(c, ${d.r1}, c.gh[${d.r2}], c.gl[${d.r2}], c.gh[${d.r3}], c.gl[${d.r3}]);`,
    jitConsts: [f],
  });
}
/** Opcodes of one operation's standard 64-bit forms ('' or absent: no such form). */
interface Forms64 { gr?: string; gfr?: string; g?: string; gf?: string; gh?: string; grk?: string }
/**
 * One 64-bit operation in its standard forms: RRE `…gr` and RXY `…g` on 64-bit operands, `…gfr`
 * and `…gf` on a 32-bit second operand (sign-extended, or zero-extended for the logical
 * operations), RXY `…gh` on a signed halfword, RRF-a `…grk`.
 */
function forms64(name: string, f: F64, logical: boolean, hex: Forms64): void {
  if (hex.gr) arith64(hex.gr, `${name}gr`, 'RRE', R2g, f);
  if (hex.gfr) arith64(hex.gfr, `${name}gfr`, 'RRE', logical ? R2glf : R2gf, f);
  if (hex.g) arith64(hex.g, `${name}g`, 'RXY', Mg, f);
  if (hex.gf) arith64(hex.gf, `${name}gf`, 'RXY', logical ? Mglf : Mgf, f);
  if (hex.gh) arith64(hex.gh, `${name}gh`, 'RXY', Mgh, f);
  if (hex.grk) arith64k(hex.grk, `${name}grk`, f);
}
const AL64: F64 = (c, r, ah, al, bh, bl) => addL64(c, r, ah, al, bh, bl, 0);
const SL64: F64 = (c, r, ah, al, bh, bl) => subL64(c, r, ah, al, bh, bl, 0);
forms64('a', add64, false, { gr: 'b908', gfr: 'b918', g: 'e308', gf: 'e318', gh: 'e338', grk: 'b9e8' });
arith64('a7b', 'aghi', 'RIa', Igh, add64);
arith64('c28', 'agfi', 'RILa', Igf, add64);
op('ecd9', 'aghik', 'RIEd', (c, d) => add64(c, d.r1, c.gh[d.r3]!, c.gl[d.r3]!, d.i2 >> 31, d.i2));
forms64('s', sub64, false, { gr: 'b909', gfr: 'b919', g: 'e309', gf: 'e319', gh: 'e339', grk: 'b9e9' });
forms64('al', AL64, true, { gr: 'b90a', gfr: 'b91a', g: 'e30a', gf: 'e31a', grk: 'b9ea' });
arith64('c2a', 'algfi', 'RILa', Iglf, AL64, U2);
op('ecdb', 'alghsik', 'RIEd', (c, d) => addL64(c, d.r1, c.gh[d.r3]!, c.gl[d.r3]!, d.i2 >> 31, d.i2, 0));
forms64('sl', SL64, true, { gr: 'b90b', gfr: 'b91b', g: 'e30b', gf: 'e31b', grk: 'b9eb' });
arith64('c24', 'slgfi', 'RILa', Iglf, SL64, U2);
const ALC64: F64 = (c, r, ah, al, bh, bl) => addL64(c, r, ah, al, bh, bl, carry(c));
const SLB64: F64 = (c, r, ah, al, bh, bl) => subL64(c, r, ah, al, bh, bl, borrow(c));
arith64('b988', 'alcgr', 'RRE', R2g, ALC64);
arith64('e388', 'alcg', 'RXY', Mg, ALC64);
arith64('b989', 'slbgr', 'RRE', R2g, SLB64);
arith64('e389', 'slbg', 'RXY', Mg, SLB64);

// Add immediate to storage (SIY): signed 8-bit immediate.
op('eb6a', 'asi', 'SIY', (c, d) => {
  const a = ea1(c, d);
  c.w32(a, add32(c, c.r32(a), s8(d.i2)));
}, { operands: 'D1(B1),I2' });
op('eb6e', 'alsi', 'SIY', (c, d) => {
  const a = ea1(c, d);
  c.w32(a, addL32(c, c.r32(a), s8(d.i2), 0));
}, { operands: 'D1(B1),I2' });
/**
 * Run a 64-bit register-form helper (`F64`, which writes its result to a register) on values that
 * live in storage: R0 serves as the scratch register and is restored; the result is returned in
 * c.tmp[0..1]. The helper sets the CC (and may raise fixed-point overflow) as for registers.
 */
function f64Scratch(c: C, f: F64, ah: number, al: number, bh: number, bl: number): void {
  const sh = c.gh[0]!, sl = c.gl[0]!;
  f(c, 0, ah, al, bh, bl);
  c.tmp[0] = c.gh[0]!;
  c.tmp[1] = c.gl[0]!;
  c.gh[0] = sh;
  c.gl[0] = sl;
}
function addStorage64(hex: string, mn: string, f: F64): void {
  op(hex, mn, 'SIY', (c, d) => {
    const a = ea1(c, d);
    ld64(c, a);
    const i = s8(d.i2);
    f64Scratch(c, f, c.tmp[0]!, c.tmp[1]!, i >> 31, i);
    c.w64(a, c.tmp[0]!, c.tmp[1]!);
  }, { operands: 'D1(B1),I2' });
}
addStorage64('eb7a', 'agsi', add64);
addStorage64('eb7e', 'algsi', AL64);

// Multiply.
const mul32 = (c: C, d: D, b: number): void => void (c.gl[d.r1] = Math.imul(c.gl[d.r1]!, b));
op('b252', 'msr', 'RRE', (c, d) => mul32(c, d, c.gl[d.r2]!));
ops([['71', 'ms', 'RX'], ['e351', 'msy', 'RXY']], (c, d) => mul32(c, d, Mw(c, d)));
op('c21', 'msfi', 'RILa', (c, d) => mul32(c, d, d.i2));
op('a7c', 'mhi', 'RIa', (c, d) => mul32(c, d, s16(d.i2)));
ops([['4c', 'mh', 'RX'], ['e37c', 'mhy', 'RXY']], (c, d) => mul32(c, d, Mh(c, d)));
/** 32×32 signed multiply with overflow CC (MSRKC, MSC). */
function mulCc32(c: C, a: number, b: number): number {
  mulS64(a >> 31, a, b >> 31, b, c.tmp);
  const lo = c.tmp[3]!;
  const ov = c.tmp[2]! !== lo >> 31;
  if (ov) {
    c.cc = 3;
    c.fixedOverflow();
  } else c.cc = ccS32(lo);
  return lo;
}
op('b9fd', 'msrkc', 'RRFa', (c, d) => void (c.gl[d.r1] = mulCc32(c, c.gl[d.r2]!, c.gl[d.r3]!)));
op('e353', 'msc', 'RXY', (c, d) => void (c.gl[d.r1] = mulCc32(c, c.gl[d.r1]!, Mw(c, d))));
function mul64lo(c: C, r1: number, src: Src64, d: D): void {
  src(c, d);
  mulU64(c.gh[r1]!, c.gl[r1]!, c.tmp[0]!, c.tmp[1]!, c.tmp);
  set64(c, r1, c.tmp[2]!, c.tmp[3]!);
}
op('b90c', 'msgr', 'RRE', (c, d) => mul64lo(c, d.r1, R2g, d));
op('b91c', 'msgfr', 'RRE', (c, d) => mul64lo(c, d.r1, R2gf, d));
op('e30c', 'msg', 'RXY', (c, d) => mul64lo(c, d.r1, Mg, d));
op('e31c', 'msgf', 'RXY', (c, d) => mul64lo(c, d.r1, Mgf, d));
op('c20', 'msgfi', 'RILa', (c, d) => mul64lo(c, d.r1, Igf, d));
op('a7d', 'mghi', 'RIa', (c, d) => mul64lo(c, d.r1, Igh, d));
op('e33c', 'mgh', 'RXY', (c, d) => mul64lo(c, d.r1, Mgh, d));
function mulCc64(c: C, r1: number, ah: number, al: number, bh: number, bl: number): void {
  mulS64(ah, al, bh, bl, c.tmp);
  const h = c.tmp[2]!, l = c.tmp[3]!;
  const ext = h >> 31;
  set64(c, r1, h, l);
  if (c.tmp[0] !== ext || c.tmp[1] !== ext) {
    c.cc = 3;
    c.fixedOverflow();
  } else c.cc = ccS64(h, l);
}
op('b9ed', 'msgrkc', 'RRFa', (c, d) => mulCc64(c, d.r1, c.gh[d.r2]!, c.gl[d.r2]!, c.gh[d.r3]!, c.gl[d.r3]!));
op('e383', 'msgc', 'RXY', (c, d) => {
  Mg(c, d);
  mulCc64(c, d.r1, c.gh[d.r1]!, c.gl[d.r1]!, c.tmp[0]!, c.tmp[1]!);
});
// Even/odd pair multiplies: multiplicand in R1+1, product in R1 (high) and R1+1 (low).
function mulPair32(c: C, d: D, b: number, signed: boolean): void {
  even(c, d.r1);
  const a = c.gl[d.r1 + 1]!;
  if (signed) mulS64(a >> 31, a, b >> 31, b, c.tmp);
  else mulU64(0, a, 0, b, c.tmp);
  c.gl[d.r1] = c.tmp[2]!;
  c.gl[d.r1 + 1] = c.tmp[3]!;
}
op('1c', 'mr', 'RR', (c, d) => mulPair32(c, d, c.gl[d.r2]!, true));
ops([['5c', 'm', 'RX'], ['e35c', 'mfy', 'RXY']], (c, d) => mulPair32(c, d, Mw(c, d), true));
op('b996', 'mlr', 'RRE', (c, d) => mulPair32(c, d, c.gl[d.r2]!, false));
op('e396', 'ml', 'RXY', (c, d) => mulPair32(c, d, Mw(c, d), false));
function mulPair64(c: C, r1: number, ah: number, al: number, bh: number, bl: number, signed: boolean): void {
  even(c, r1);
  if (signed) mulS64(ah, al, bh, bl, c.tmp);
  else mulU64(ah, al, bh, bl, c.tmp);
  set64(c, r1, c.tmp[0]!, c.tmp[1]!);
  set64(c, r1 + 1, c.tmp[2]!, c.tmp[3]!);
}
/** Pair multiply of R1+1 by a 64-bit second operand (`src` writes it to c.tmp[0..1]). */
const mulPairSrc = (src: Src64, signed: boolean): ExecFn => (c, d) => {
  src(c, d);
  mulPair64(c, d.r1, c.gh[d.r1 + 1]!, c.gl[d.r1 + 1]!, c.tmp[0]!, c.tmp[1]!, signed);
};
op('b986', 'mlgr', 'RRE', mulPairSrc(R2g, false));
op('e386', 'mlg', 'RXY', mulPairSrc(Mg, false));
op('b9ec', 'mgrk', 'RRFa', (c, d) => mulPair64(c, d.r1, c.gh[d.r2]!, c.gl[d.r2]!, c.gh[d.r3]!, c.gl[d.r3]!, true));
op('e384', 'mg', 'RXY', mulPairSrc(Mg, true));

// Divide (rare: BigInt is acceptable here). Quotient → R1+1, remainder → R1.
function divide(c: C, r1: number, dividend: bigint, divisor: bigint, bits: 32 | 64, signed: boolean): void {
  if (divisor === 0n) c.programException(PGM_FIXED_DIVIDE);
  const q = dividend / divisor;
  const r = dividend % divisor;
  const fits = signed ? BigInt.asIntN(bits, q) === q : BigInt.asUintN(bits, q) === q;
  if (!fits) c.programException(PGM_FIXED_DIVIDE);
  if (bits === 32) {
    c.gl[r1] = Number(BigInt.asIntN(32, r));
    c.gl[r1 + 1] = Number(BigInt.asIntN(32, q));
  } else {
    set64(c, r1, bigHi(r), bigLo(r));
    set64(c, r1 + 1, bigHi(q), bigLo(q));
  }
}
const pair32S = (c: C, r1: number): bigint => (BigInt(c.gl[r1]!) << 32n) | BigInt(c.gl[r1 + 1]! >>> 0);
const pair32U = (c: C, r1: number): bigint => (BigInt(c.gl[r1]! >>> 0) << 32n) | BigInt(c.gl[r1 + 1]! >>> 0);
function div32(c: C, d: D, b: number, signed: boolean): void {
  even(c, d.r1);
  divide(c, d.r1, signed ? pair32S(c, d.r1) : pair32U(c, d.r1), signed ? BigInt(b) : BigInt(b >>> 0), 32, signed);
}
op('1d', 'dr', 'RR', (c, d) => div32(c, d, c.gl[d.r2]!, true));
op('5d', 'd', 'RX', (c, d) => div32(c, d, Mw(c, d), true));
op('b997', 'dlr', 'RRE', (c, d) => div32(c, d, c.gl[d.r2]!, false));
op('e397', 'dl', 'RXY', (c, d) => div32(c, d, Mw(c, d), false));
function dsg(c: C, d: D, src: Src64): void {
  even(c, d.r1);
  src(c, d);
  divide(c, d.r1, toBigS(c.gh[d.r1 + 1]!, c.gl[d.r1 + 1]!), toBigS(c.tmp[0]!, c.tmp[1]!), 64, true);
}
op('b90d', 'dsgr', 'RRE', (c, d) => dsg(c, d, R2g));
op('b91d', 'dsgfr', 'RRE', (c, d) => dsg(c, d, R2gf));
op('e30d', 'dsg', 'RXY', (c, d) => dsg(c, d, Mg));
op('e31d', 'dsgf', 'RXY', (c, d) => dsg(c, d, Mgf));
function dlg(c: C, d: D, src: Src64): void {
  even(c, d.r1);
  src(c, d);
  const n = (toBigU(c.gh[d.r1]!, c.gl[d.r1]!) << 64n) | toBigU(c.gh[d.r1 + 1]!, c.gl[d.r1 + 1]!);
  divide(c, d.r1, n, toBigU(c.tmp[0]!, c.tmp[1]!), 64, false);
}
op('b987', 'dlgr', 'RRE', (c, d) => dlg(c, d, R2g));
op('e387', 'dlg', 'RXY', (c, d) => dlg(c, d, Mg));

// ---- logical ------------------------------------------------------------------------------

const and = (a: number, b: number): number => a & b;
const or = (a: number, b: number): number => a | b;
const xor = (a: number, b: number): number => a ^ b;
const N = (c: C, a: number, b: number): number => {
  const r = a & b;
  c.cc = r === 0 ? 0 : 1;
  return r;
};
const O = (c: C, a: number, b: number): number => {
  const r = a | b;
  c.cc = r === 0 ? 0 : 1;
  return r;
};
const X = (c: C, a: number, b: number): number => {
  const r = a ^ b;
  c.cc = r === 0 ? 0 : 1;
  return r;
};
const NC = (c: C, a: number, b: number): number => N(c, a, ~b);
LOGICAL.add(N).add(O).add(X).add(NC);
forms32('n', N, { rr: '14', rx: '54', rxy: 'e354', rrk: 'b9f4' });
forms32('o', O, { rr: '16', rx: '56', rxy: 'e356', rrk: 'b9f6' });
forms32('x', X, { rr: '17', rx: '57', rxy: 'e357', rrk: 'b9f7' });
arith32k('b9f5', 'ncrk', NC);
/** A 64-bit logical operation as an `F64`: f on both halves, CC 0 zero / 1 nonzero. */
function logic64(f: (a: number, b: number) => number): F64 {
  return (c, r, ah, al, bh, bl) => {
    const h = f(ah, bh), l = f(al, bl);
    set64(c, r, h, l);
    c.cc = (h | l) === 0 ? 0 : 1;
  };
}
forms64('n', logic64(and), true, { gr: 'b980', g: 'e380', grk: 'b9e4' });
forms64('o', logic64(or), true, { gr: 'b981', g: 'e381', grk: 'b9e6' });
forms64('x', logic64(xor), true, { gr: 'b982', g: 'e382', grk: 'b9e7' });
forms64('nc', logic64((a, b) => a & ~b), true, { grk: 'b9e5' });
// AND/OR/XOR immediate into a 16- or 32-bit part of R1: CC from that part only. Bits outside
// the part are masked off the result, so one form serves AND, OR and XOR alike.
function immPart(hex: string, mn: string, fmt: Format, high: boolean, shift: number, width: 16 | 32, f: (a: number, b: number) => number): void {
  const pm = width === 32 ? -1 : 0xffff << shift;
  op(hex, mn, fmt, (c, d) => {
    const regs = high ? c.gh : c.gl;
    const old = regs[d.r1]!;
    const part = f(old, width === 32 ? d.i2 : d.i2 << shift) & pm;
    regs[d.r1] = (old & ~pm) | part;
    c.cc = part === 0 ? 0 : 1;
  }, U2);
}
immPart('a54', 'nihh', 'RIa', true, 16, 16, and);
immPart('a55', 'nihl', 'RIa', true, 0, 16, and);
immPart('a56', 'nilh', 'RIa', false, 16, 16, and);
immPart('a57', 'nill', 'RIa', false, 0, 16, and);
immPart('c0a', 'nihf', 'RILa', true, 0, 32, and);
immPart('c0b', 'nilf', 'RILa', false, 0, 32, and);
immPart('a58', 'oihh', 'RIa', true, 16, 16, or);
immPart('a59', 'oihl', 'RIa', true, 0, 16, or);
immPart('a5a', 'oilh', 'RIa', false, 16, 16, or);
immPart('a5b', 'oill', 'RIa', false, 0, 16, or);
immPart('c0c', 'oihf', 'RILa', true, 0, 32, or);
immPart('c0d', 'oilf', 'RILa', false, 0, 32, or);
immPart('c06', 'xihf', 'RILa', true, 0, 32, xor);
immPart('c07', 'xilf', 'RILa', false, 0, 32, xor);
// Storage-immediate logical (SI / SIY).
function siLogic(encodings: readonly Encoding[], f: (a: number, b: number) => number): void {
  ops(encodings, (c, d) => {
    const a = ea1(c, d);
    const r = f(c.r8(a), d.i2) & 0xff;
    c.w8(a, r);
    c.cc = r === 0 ? 0 : 1;
  });
}
siLogic([['94', 'ni', 'SI'], ['eb54', 'niy', 'SIY']], and);
siLogic([['96', 'oi', 'SI'], ['eb56', 'oiy', 'SIY']], or);
siLogic([['97', 'xi', 'SI'], ['eb57', 'xiy', 'SIY']], xor);
ops([['92', 'mvi', 'SI'], ['eb52', 'mviy', 'SIY']], (c, d) => c.w8(ea1(c, d), d.i2));
op('e544', 'mvhhi', 'SIL', (c, d) => c.w16(ea1(c, d), d.i2));
op('e54c', 'mvhi', 'SIL', (c, d) => c.w32(ea1(c, d), s16(d.i2)));
op('e548', 'mvghi', 'SIL', (c, d) => {
  const v = s16(d.i2);
  c.w64(ea1(c, d), v >> 31, v);
});

// ---- compare ------------------------------------------------------------------------------

function cmp32(hex: string, mn: string, fmt: Format, src: Src32, logical: boolean, o?: Opts): void {
  op(hex, mn, fmt, logical
    ? (c, d) => void (c.cc = cmpU(c.gl[d.r1]!, src(c, d)))
    : (c, d) => void (c.cc = cmpS(c.gl[d.r1]!, src(c, d))), {
    ...o,
    jit: (d) => `c.cc = $K0(c.gl[${d.r1}], ${jitSrc32(src, d) ?? '$K1(c, $D)'});`,
    jitConsts: [logical ? cmpU : cmpS, src],
    // Compares cannot overflow: register and immediate forms are pure.
    jitPure: src === R2w || src === Iw || src === Ih,
    ...(src === Mw ? { jitMem: 'load' as const } : {}),
  });
}
cmp32('19', 'cr', 'RR', R2w, false);
cmp32('59', 'c', 'RX', Mw, false);
cmp32('e359', 'cy', 'RXY', Mw, false);
cmp32('49', 'ch', 'RX', Mh, false);
cmp32('e379', 'chy', 'RXY', Mh, false);
cmp32('a7e', 'chi', 'RIa', Ih, false);
cmp32('c2d', 'cfi', 'RILa', Iw, false);
cmp32('c6d', 'crl', 'RILb', RLw, false);
cmp32('c65', 'chrl', 'RILb', RLh, false);
cmp32('15', 'clr', 'RR', R2w, true);
cmp32('55', 'cl', 'RX', Mw, true);
cmp32('e355', 'cly', 'RXY', Mw, true);
cmp32('c2f', 'clfi', 'RILa', Iw, true, U2);
cmp32('c6f', 'clrl', 'RILb', RLw, true);
cmp32('c67', 'clhrl', 'RILb', RLhu, true);
function cmp64(hex: string, mn: string, fmt: Format, src: Src64, logical: boolean, o?: Opts): void {
  const f = logical ? cmpU64 : cmpS64;
  op(hex, mn, fmt, (c, d) => {
    src(c, d);
    c.cc = f(c.gh[d.r1]!, c.gl[d.r1]!, c.tmp[0]!, c.tmp[1]!);
  }, {
    ...o,
    jit: (d) => `$K1(c, $D); c.cc = $K0(c.gh[${d.r1}], c.gl[${d.r1}], c.tmp[0], c.tmp[1]);`,
    jitConsts: [f, src],
  });
}
cmp64('b920', 'cgr', 'RRE', R2g, false);
cmp64('b930', 'cgfr', 'RRE', R2gf, false);
cmp64('e320', 'cg', 'RXY', Mg, false);
cmp64('e330', 'cgf', 'RXY', Mgf, false);
cmp64('e334', 'cgh', 'RXY', Mgh, false);
cmp64('a7f', 'cghi', 'RIa', Igh, false);
cmp64('c2c', 'cgfi', 'RILa', Igf, false);
cmp64('c68', 'cgrl', 'RILb', RLg, false);
cmp64('c6c', 'cgfrl', 'RILb', RLgf, false);
cmp64('c64', 'cghrl', 'RILb', RLgh, false);
cmp64('b921', 'clgr', 'RRE', R2g, true);
cmp64('b931', 'clgfr', 'RRE', R2glf, true);
cmp64('e321', 'clg', 'RXY', Mg, true);
cmp64('e331', 'clgf', 'RXY', Mglf, true);
cmp64('c2e', 'clgfi', 'RILa', Iglf, true, U2);
cmp64('c6a', 'clgrl', 'RILb', RLg, true);
cmp64('c6e', 'clgfrl', 'RILb', RLglf, true);
cmp64('c66', 'clghrl', 'RILb', RLglh, true);
// Compare storage with immediate (SIL: 16-bit immediate).
op('e554', 'chhsi', 'SIL', (c, d) => void (c.cc = cmpS(s16(c.r16(ea1(c, d))), s16(d.i2))));
op('e55c', 'chsi', 'SIL', (c, d) => void (c.cc = cmpS(c.r32(ea1(c, d)), s16(d.i2))));
op('e558', 'cghsi', 'SIL', (c, d) => {
  ld64(c, ea1(c, d));
  const v = s16(d.i2);
  c.cc = cmpS64(c.tmp[0]!, c.tmp[1]!, v >> 31, v);
});
op('e555', 'clhhsi', 'SIL', (c, d) => void (c.cc = cmpS(c.r16(ea1(c, d)), d.i2)), { operands: 'D1(B1),U2' });
op('e55d', 'clfhsi', 'SIL', (c, d) => void (c.cc = cmpU(c.r32(ea1(c, d)), d.i2)), { operands: 'D1(B1),U2' });
op('e559', 'clghsi', 'SIL', (c, d) => {
  ld64(c, ea1(c, d));
  c.cc = cmpU64(c.tmp[0]!, c.tmp[1]!, 0, d.i2);
}, { operands: 'D1(B1),U2' });
ops([['95', 'cli', 'SI'], ['eb55', 'cliy', 'SIY']], (c, d) => void (c.cc = cmpS(c.r8(ea1(c, d)), d.i2)));
function clm(c: C, word: number, mask: number, a: number): void {
  let i = 0;
  for (let bit = 3; bit >= 0; bit--) {
    if ((mask & (1 << bit)) === 0) continue;
    const x = (word >>> (bit * 8)) & 0xff, y = c.r8(c.wrap(a + i++));
    if (x !== y) {
      c.cc = x < y ? 1 : 2;
      return;
    }
  }
  c.cc = 0;
}
ops([['bd', 'clm', 'RSb'], ['eb21', 'clmy', 'RSYb']], (c, d) => clm(c, c.gl[d.r1]!, d.m3, eaS(c, d)), MASK_FIRST);
op('eb20', 'clmh', 'RSYb', (c, d) => clm(c, c.gh[d.r1]!, d.m3, eaS(c, d)), MASK_FIRST);

type CmpKind = 'S32' | 'U32' | 'S64' | 'U64';
/** Compare register a with register b as `kind` says; the CC-style result (0 equal, 1 low, 2 high). */
function compareRegs(c: C, kind: CmpKind, a: number, b: number): number {
  return kind === 'S32' ? cmpS(c.gl[a]!, c.gl[b]!)
    : kind === 'U32' ? cmpU(c.gl[a]!, c.gl[b]!)
    : kind === 'S64' ? cmpS64(c.gh[a]!, c.gl[a]!, c.gh[b]!, c.gl[b]!)
    : cmpU64(c.gh[a]!, c.gl[a]!, c.gh[b]!, c.gl[b]!);
}
/** Compare register a with immediate i (already sign- or zero-extended to 32 bits as `kind` wants). */
function compareImm(c: C, kind: CmpKind, a: number, i: number): number {
  return kind === 'S32' ? cmpS(c.gl[a]!, i)
    : kind === 'U32' ? cmpU(c.gl[a]!, i)
    : kind === 'S64' ? cmpS64(c.gh[a]!, c.gl[a]!, i >> 31, i)
    : cmpU64(c.gh[a]!, c.gl[a]!, 0, i);
}

/** Lowcore word holding the data-exception code (DXC in its last byte, PoP "Data Exception"). */
const LC_DATA_EXC_CODE = 0x90;
/**
 * R1 compared with the second operand of a compare-and-branch (RIE-b R2, RIE-c 8-bit immediate)
 * or compare-and-trap (RRF-c R2, RIE-a 16-bit immediate) instruction; immediates are signed for
 * the arithmetic kinds and unsigned for the logical ones.
 */
function compareAndOperands(c: C, d: D, fmt: 'RIEb' | 'RIEc' | 'RRFc' | 'RIEa', kind: CmpKind): number {
  if (fmt === 'RIEb' || fmt === 'RRFc') return compareRegs(c, kind, d.r1, d.r2);
  const signed = kind === 'S32' || kind === 'S64';
  const i = fmt === 'RIEc' ? (signed ? s8(d.i2) : d.i2) : signed ? d.i2 : d.i2 & 0xffff;
  return compareImm(c, kind, d.r1, i);
}
/**
 * Compare and branch relative / compare and trap: when M3 selects the comparison result, branch,
 * or recognise a data exception with DXC 0xff. The CC is never changed. No FPC is modelled, so
 * the DXC goes to the lowcore only (as with AFP off).
 */
function compareAnd(hex: string, mn: string, fmt: 'RIEb' | 'RIEc' | 'RRFc' | 'RIEa', kind: CmpKind): void {
  const trap = fmt === 'RRFc' || fmt === 'RIEa';
  const second = fmt === 'RIEb' || fmt === 'RRFc' ? 'R2' : kind[0] === 'U' ? 'U2' : 'I2';
  op(hex, mn, fmt, trap
    ? (c, d) => {
      if (condOf(compareAndOperands(c, d, fmt, kind), d.m3)) {
        c.w32(LC_DATA_EXC_CODE, 0xff);
        c.programException(PGM_DATA);
      }
    }
    : (c, d) => {
      if (condOf(compareAndOperands(c, d, fmt, kind), d.m3)) c.npc = c.rel(d.ri);
    }, { condMask: 'm3', operands: `R1,${second},M3${trap ? '' : ',J'}` });
}
// Kind, then the opcode and mnemonic of: branch on registers, branch on immediate, trap on
// registers, trap on immediate.
for (const [kind, ...forms] of [
  ['S32', ['ec76', 'crj'], ['ec7e', 'cij'], ['b972', 'crt'], ['ec72', 'cit']],
  ['S64', ['ec64', 'cgrj'], ['ec7c', 'cgij'], ['b960', 'cgrt'], ['ec70', 'cgit']],
  ['U32', ['ec77', 'clrj'], ['ec7f', 'clij'], ['b973', 'clrt'], ['ec73', 'clfit']],
  ['U64', ['ec65', 'clgrj'], ['ec7d', 'clgij'], ['b961', 'clgrt'], ['ec71', 'clgit']],
] as const) {
  (['RIEb', 'RIEc', 'RRFc', 'RIEa'] as const).forEach((fmt, k) => compareAnd(forms[k]![0], forms[k]![1], fmt, kind));
}

// ---- test under mask ------------------------------------------------------------------------

/** TM (SI): 0 all selected zero (or mask 0), 1 mixed, 3 all ones. */
function tmByte(v: number, m: number): number {
  const s = v & m;
  return s === 0 ? 0 : s === m ? 3 : 1;
}
ops([['91', 'tm', 'SI'], ['eb51', 'tmy', 'SIY']], (c, d) => void (c.cc = tmByte(c.r8(ea1(c, d)), d.i2)));
/** TMxx (RI): mixed → 1 when the leftmost selected bit is 0, 2 when it is 1. */
function tmHalf(v: number, m: number): number {
  const s = v & m;
  if (s === 0) return 0;
  if (s === m) return 3;
  const top = 1 << (31 - Math.clz32(m));
  return (s & top) !== 0 ? 2 : 1;
}
op('a70', 'tmlh', 'RIa', (c, d) => void (c.cc = tmHalf(c.gl[d.r1]! >>> 16, d.i2)), U2);
op('a71', 'tmll', 'RIa', (c, d) => void (c.cc = tmHalf(c.gl[d.r1]! & 0xffff, d.i2)), U2);
op('a72', 'tmhh', 'RIa', (c, d) => void (c.cc = tmHalf(c.gh[d.r1]! >>> 16, d.i2)), U2);
op('a73', 'tmhl', 'RIa', (c, d) => void (c.cc = tmHalf(c.gh[d.r1]! & 0xffff, d.i2)), U2);

// ---- shifts and rotates -------------------------------------------------------------------

const shiftAmount = (c: C, d: D): number => c.eaLow(d.b2, d.d2) & 63;
const SHIFT: Opts = { operands: 'R1,D2(B2)' };
/** SHIFT LEFT SINGLE (arithmetic, 32-bit): sign kept, overflow when a bit unlike the sign is lost. */
function sla32(c: C, v: number, n: number): number {
  let r = v;
  let ov = false;
  for (let i = 0; i < n; i++) {
    const next = ((r << 1) & 0x7fff_ffff) | (v & 0x8000_0000);
    if (((r << 1) ^ v) & 0x8000_0000) ov = true;
    r = next | 0;
  }
  if (ov) {
    c.cc = 3;
    c.fixedOverflow();
  } else c.cc = ccS32(r);
  return r;
}
/**
 * The 32-bit single shifts: the RS-a form shifts R1 in place, the RSY-a distinct-operands form
 * (…K) shifts R3 into R1; `f` gives the result (and the CC where the instruction sets one). The
 * inline form calls `f` from its own call site (a constant amount when there is no base), so the
 * shifts of SHA-style code stay monomorphic; `pure`: `f` cannot raise an exception.
 */
function shift32(rs: Encoding, rsy: Encoding, f: (c: C, v: number, n: number) => number, pure: boolean): void {
  const jitFor = (src: 'r1' | 'r3') => (d: D): string =>
    `c.gl[${d.r1}] = $K0(c, c.gl[${d[src]}], ${d.b2 === 0 ? d.d2 & 63 : `c.eaLow(${d.b2}, ${d.d2}) & 63`});`;
  op(rs[0], rs[1], rs[2], (c, d) => void (c.gl[d.r1] = f(c, c.gl[d.r1]!, shiftAmount(c, d))), {
    ...SHIFT,
    jit: jitFor('r1'),
    jitConsts: [f],
    jitPure: pure,
  });
  op(rsy[0], rsy[1], rsy[2], (c, d) => void (c.gl[d.r1] = f(c, c.gl[d.r3]!, shiftAmount(c, d))), {
    jit: jitFor('r3'),
    jitConsts: [f],
    jitPure: pure,
  });
}
function sra32(c: C, v: number, n: number): number {
  const r = v >> (n >= 32 ? 31 : n);
  c.cc = ccS32(r);
  return r;
}
shift32(['89', 'sll', 'RSa'], ['ebdf', 'sllk', 'RSYa'], (_c, v, n) => (n >= 32 ? 0 : v << n), true);
shift32(['88', 'srl', 'RSa'], ['ebde', 'srlk', 'RSYa'], (_c, v, n) => (n >= 32 ? 0 : v >>> n), true);
shift32(['8a', 'sra', 'RSa'], ['ebdc', 'srak', 'RSYa'], sra32, true);
// SLA can raise a fixed-point-overflow interruption.
shift32(['8b', 'sla', 'RSa'], ['ebdd', 'slak', 'RSYa'], sla32, false);
type Shift64 = (hi: number, lo: number, n: number, out: Int32Array) => void;
/** The 64-bit shifts and rotate: R3 shifted into R1; the arithmetic one sets the CC. */
function shiftG(hex: string, mn: string, f: Shift64, setsCc: boolean): void {
  op(hex, mn, 'RSYa', (c, d) => {
    f(c.gh[d.r3]!, c.gl[d.r3]!, shiftAmount(c, d), c.tmp);
    set64(c, d.r1, c.tmp[0]!, c.tmp[1]!);
    if (setsCc) c.cc = ccS64(c.tmp[0]!, c.tmp[1]!);
  });
}
shiftG('eb0d', 'sllg', shl64, false);
shiftG('eb0c', 'srlg', shr64, false);
shiftG('eb0a', 'srag', sar64, true);
function sla64(c: C, r1: number, h: number, l: number, n: number): void {
  const sign = h & 0x8000_0000;
  let ov = false;
  for (let i = 0; i < n; i++) {
    if (((h << 1) ^ sign) & 0x8000_0000) ov = true;
    h = ((h << 1) & 0x7fff_ffff) | (l >>> 31) | sign;
    l <<= 1;
  }
  set64(c, r1, h | 0, l | 0);
  if (ov) {
    c.cc = 3;
    c.fixedOverflow();
  } else c.cc = ccS64(h | 0, l | 0);
}
op('eb0b', 'slag', 'RSYa', (c, d) => sla64(c, d.r1, c.gh[d.r3]!, c.gl[d.r3]!, shiftAmount(c, d)));
op('eb1d', 'rll', 'RSYa', (c, d) => {
  const n = shiftAmount(c, d) & 31;
  const v = c.gl[d.r3]!;
  c.gl[d.r1] = n === 0 ? v : (v << n) | (v >>> (32 - n));
}, {
  jit: (d) =>
    d.b2 === 0
      ? `{ const v = c.gl[${d.r3}]; c.gl[${d.r1}] = ${(d.d2 & 31) === 0 ? 'v' : `(v << ${d.d2 & 31}) | (v >>> ${32 - (d.d2 & 31)})`}; }`
      : `{ const n = c.eaLow(${d.b2}, ${d.d2}) & 31; const v = c.gl[${d.r3}]; c.gl[${d.r1}] = n === 0 ? v : (v << n) | (v >>> (32 - n)); }`,
  jitPure: true,
});
shiftG('eb1c', 'rllg', rotl64, false);
// Double shifts on the even/odd pair's low words.
function pairShift(hex: string, mn: string, f: (c: C, r1: number, h: number, l: number, n: number) => void): void {
  op(hex, mn, 'RSa', (c, d) => {
    even(c, d.r1);
    f(c, d.r1, c.gl[d.r1]!, c.gl[d.r1 + 1]!, shiftAmount(c, d));
  }, SHIFT);
}
/** A 64-bit shift of the pair into c.tmp, written back to the pair's low words. */
const pairOf = (shift: Shift64, setsCc: boolean) => (c: C, r1: number, h: number, l: number, n: number): void => {
  shift(h, l, n, c.tmp);
  c.gl[r1] = c.tmp[0]!;
  c.gl[r1 + 1] = c.tmp[1]!;
  if (setsCc) c.cc = ccS64(c.tmp[0]!, c.tmp[1]!);
};
pairShift('8d', 'sldl', pairOf(shl64, false));
pairShift('8c', 'srdl', pairOf(shr64, false));
pairShift('8e', 'srda', pairOf(sar64, true));
pairShift('8f', 'slda', (c, r1, h, l, n) => {
  const sh = c.gh[0]!, sl = c.gl[0]!;
  sla64(c, 0, h, l, n);
  c.gl[r1] = c.gh[0]!;
  c.gl[r1 + 1] = c.gl[0]!;
  c.gh[0] = sh;
  c.gl[0] = sl;
});

// Rotate then AND/OR/XOR/insert selected bits (RIE-f).
function rotateSelected(c: C, d: D, kind: 'and' | 'or' | 'xor' | 'insert', setsCc: boolean): void {
  const t = c.tmp;
  rotl64(c.gh[d.r2]!, c.gl[d.r2]!, d.i5 & 63, t);
  const rh = t[0]!, rl = t[1]!;
  bitRangeMask(d.i3 & 63, d.i4 & 63, t);
  const mh = t[0]!, ml = t[1]!;
  const oh = c.gh[d.r1]!, ol = c.gl[d.r1]!;
  if (kind === 'insert') {
    const zero = (d.i4 & 0x80) !== 0;
    const h = (rh & mh) | (zero ? 0 : oh & ~mh);
    const l = (rl & ml) | (zero ? 0 : ol & ~ml);
    set64(c, d.r1, h, l);
    if (setsCc) c.cc = ccS64(h, l);
    return;
  }
  const f = kind === 'and' ? and : kind === 'or' ? or : xor;
  const sh = f(oh, rh) & mh, sl = f(ol, rl) & ml;
  c.cc = (sh | sl) === 0 ? 0 : 1;
  if ((d.i3 & 0x80) === 0) set64(c, d.r1, (oh & ~mh) | sh, (ol & ~ml) | sl);
}
/**
 * Inline form of `rotateSelected`: the rotate amount and the bit-range mask are fixed per
 * instruction, so the block compiler gets them as constants.
 */
function jitRotateSelected(d: D, kind: 'and' | 'or' | 'xor' | 'insert', setsCc: boolean): string {
  const t = new Int32Array(2);
  bitRangeMask(d.i3 & 63, d.i4 & 63, t);
  const mh = t[0]!, ml = t[1]!;
  let n = d.i5 & 63;
  let h = `c.gh[${d.r2}]`, l = `c.gl[${d.r2}]`;
  if (n >= 32) {
    [h, l] = [l, h];
    n -= 32;
  }
  const rot = n === 0 ? `const rh = ${h}, rl = ${l};` : `const h = ${h}, l = ${l}; const rh = (h << ${n}) | (l >>> ${32 - n}), rl = (l << ${n}) | (h >>> ${32 - n});`;
  const r1 = d.r1;
  if (kind === 'insert') {
    const zero = (d.i4 & 0x80) !== 0;
    const nh = zero ? `rh & ${mh}` : `(rh & ${mh}) | (c.gh[${r1}] & ${~mh})`;
    const nl = zero ? `rl & ${ml}` : `(rl & ${ml}) | (c.gl[${r1}] & ${~ml})`;
    const cc = setsCc ? ' c.cc = (nh | nl) === 0 ? 0 : nh < 0 ? 1 : 2;' : '';
    return `{ ${rot} const nh = ${nh}, nl = ${nl}; c.gh[${r1}] = nh; c.gl[${r1}] = nl;${cc} }`;
  }
  const o = kind === 'and' ? '&' : kind === 'or' ? '|' : '^';
  const store = (d.i3 & 0x80) === 0 ? ` c.gh[${r1}] = (oh & ${~mh}) | sh; c.gl[${r1}] = (ol & ${~ml}) | sl;` : '';
  return `{ ${rot} const oh = c.gh[${r1}], ol = c.gl[${r1}]; const sh = (oh ${o} rh) & ${mh}, sl = (ol ${o} rl) & ${ml}; c.cc = (sh | sl) === 0 ? 0 : 1;${store} }`;
}
const rsbg = (kind: 'and' | 'or' | 'xor' | 'insert', setsCc: boolean): Opts => ({ jit: (d) => jitRotateSelected(d, kind, setsCc), jitPure: true });
op('ec55', 'risbg', 'RIEf', (c, d) => rotateSelected(c, d, 'insert', true), rsbg('insert', true));
op('ec59', 'risbgn', 'RIEf', (c, d) => rotateSelected(c, d, 'insert', false), rsbg('insert', false));
op('ec54', 'rnsbg', 'RIEf', (c, d) => rotateSelected(c, d, 'and', true), rsbg('and', true));
op('ec56', 'rosbg', 'RIEf', (c, d) => rotateSelected(c, d, 'or', true), rsbg('or', true));
op('ec57', 'rxsbg', 'RIEf', (c, d) => rotateSelected(c, d, 'xor', true), rsbg('xor', true));

// ---- high-word facility (part of facility 45, which every profile reports) -----------------
// These operate on bits 0–31 of R1 (c.gh) and leave bits 32–63 alone.

/** RISBHG / RISBLG: rotate then insert selected bits into one half of R1 (bit positions mod 32). */
function rotateInsertHalf(c: C, d: D, high: boolean): void {
  const t = c.tmp;
  rotl64(c.gh[d.r2]!, c.gl[d.r2]!, d.i5 & 63, t);
  const rh = t[0]!, rl = t[1]!;
  const base = high ? 0 : 32;
  // The range may wrap through the other half; only the selected half's bits count.
  bitRangeMask(base + (d.i3 & 31), base + (d.i4 & 31), t);
  const zero = (d.i4 & 0x80) !== 0;
  if (high) {
    const m = t[0]!;
    c.gh[d.r1] = (rh & m) | (zero ? 0 : c.gh[d.r1]! & ~m);
  } else {
    const m = t[1]!;
    c.gl[d.r1] = (rl & m) | (zero ? 0 : c.gl[d.r1]! & ~m);
  }
}
op('ec5d', 'risbhg', 'RIEf', (c, d) => rotateInsertHalf(c, d, true));
op('ec51', 'risblg', 'RIEf', (c, d) => rotateInsertHalf(c, d, false));
/** R1 high = f(R2 high, R3 high or low): AHHHR/AHHLR and the subtract and logical twins. */
function arithHigh(hhr: string, hlr: string, name: string, f: F32): void {
  op(hhr, `${name}hhhr`, 'RRFa', (c, d) => void (c.gh[d.r1] = f(c, c.gh[d.r2]!, c.gh[d.r3]!)));
  op(hlr, `${name}hhlr`, 'RRFa', (c, d) => void (c.gh[d.r1] = f(c, c.gh[d.r2]!, c.gl[d.r3]!)));
}
arithHigh('b9c8', 'b9d8', 'a', A);
arithHigh('b9c9', 'b9d9', 's', S);
arithHigh('b9ca', 'b9da', 'al', AL);
arithHigh('b9cb', 'b9db', 'sl', SL);
op('cc8', 'aih', 'RILa', (c, d) => void (c.gh[d.r1] = add32(c, c.gh[d.r1]!, d.i2)));
op('cca', 'alsih', 'RILa', (c, d) => void (c.gh[d.r1] = addL32(c, c.gh[d.r1]!, d.i2, 0)));
op('ccb', 'alsihn', 'RILa', (c, d) => {
  const cc = c.cc;
  c.gh[d.r1] = addL32(c, c.gh[d.r1]!, d.i2, 0);
  c.cc = cc;
});
/** Compare R1 high with a 32-bit second operand. */
function cmpHigh(hex: string, mn: string, fmt: Format, src: Src32, logical: boolean, o?: Opts): void {
  const f = logical ? cmpU : cmpS;
  op(hex, mn, fmt, (c, d) => void (c.cc = f(c.gh[d.r1]!, src(c, d))), o);
}
const R2hw: Src32 = (c, d) => c.gh[d.r2]!;
cmpHigh('b9cd', 'chhr', 'RRE', R2hw, false);
cmpHigh('b9dd', 'chlr', 'RRE', R2w, false);
cmpHigh('e3cd', 'chf', 'RXY', Mw, false);
cmpHigh('ccd', 'cih', 'RILa', Iw, false);
cmpHigh('b9cf', 'clhhr', 'RRE', R2hw, true);
cmpHigh('b9df', 'clhlr', 'RRE', R2w, true);
cmpHigh('e3cf', 'clhf', 'RXY', Mw, true);
cmpHigh('ccf', 'clih', 'RILa', Iw, true, U2);
op('e3ca', 'lfh', 'RXY', (c, d) => void (c.gh[d.r1] = c.r32(eaX(c, d))));
op('e3c0', 'lbh', 'RXY', (c, d) => void (c.gh[d.r1] = s8(c.r8(eaX(c, d)))));
op('e3c2', 'llch', 'RXY', (c, d) => void (c.gh[d.r1] = c.r8(eaX(c, d))));
op('e3c4', 'lhh', 'RXY', (c, d) => void (c.gh[d.r1] = Mh(c, d)));
op('e3c6', 'llhh', 'RXY', (c, d) => void (c.gh[d.r1] = Mhu(c, d)));
op('e3cb', 'stfh', 'RXY', (c, d) => c.w32(eaX(c, d), c.gh[d.r1]!));
op('e3c3', 'stch', 'RXY', (c, d) => c.w8(eaX(c, d), c.gh[d.r1]!));
op('e3c7', 'sthh', 'RXY', (c, d) => c.w16(eaX(c, d), c.gh[d.r1]!));
op('cc6', 'brcth', 'RILb', (c, d) => {
  const v = (c.gh[d.r1]! - 1) | 0;
  c.gh[d.r1] = v;
  if (v !== 0) c.npc = c.rel(d.ri);
});

// ---- branches -----------------------------------------------------------------------------

/** Link information in R1 for BAS/BRAS family: the next instruction's address per mode. */
function link(c: C, r1: number): void {
  const a = c.npc;
  if (c.amode === 64) set64(c, r1, Math.floor(a / TWO32) | 0, a % TWO32 | 0);
  else if (c.amode === 31) c.gl[r1] = (a | 0x8000_0000) | 0;
  else c.gl[r1] = a & 0xff_ffff;
}
op('07', 'bcr', 'RR', (c, d) => {
  if (d.r2 !== 0 && cond(c, d.r1)) c.npc = c.regAddr(d.r2);
}, { operands: 'M1,R2', condMask: 'r1' });
op('47', 'bc', 'RX', (c, d) => {
  if (cond(c, d.r1)) c.npc = eaX(c, d);
}, { operands: 'M1,D2(X2,B2)', condMask: 'r1' });
/** BRANCH RELATIVE ON CONDITION (RI-c and the long RIL-c form). */
const branchRelOnCondition: ExecFn = (c, d) => {
  if (cond(c, d.r1)) c.npc = c.rel(d.ri);
};
op('a74', 'brc', 'RIc', branchRelOnCondition, {
  condMask: 'r1',
  jit: (d) => `if ((${d.r1} & (8 >>> c.cc)) !== 0) c.npc = c.rel(${d.ri});`,
});
op('c04', 'brcl', 'RILc', branchRelOnCondition, { condMask: 'r1' });
op('0d', 'basr', 'RR', (c, d) => {
  const t = c.regAddr(d.r2);
  link(c, d.r1);
  if (d.r2 !== 0) c.npc = t;
});
op('4d', 'bas', 'RX', (c, d) => {
  const t = eaX(c, d);
  link(c, d.r1);
  c.npc = t;
});
/**
 * Link information of BAL/BALR: as BAS in the 31- and 64-bit modes; in the 24-bit mode bits 32–63
 * of R1 get the ILC (in halfwords), the CC, the program mask and the 24-bit return address.
 */
function linkBal(c: C, r1: number): void {
  if (c.amode !== 24) return link(c, r1);
  c.gl[r1] = (((c.npc - c.pc) >>> 1) << 30) | (c.cc << 28) | (c.pm << 24) | (c.npc & 0xff_ffff);
}
op('05', 'balr', 'RR', (c, d) => {
  const t = c.regAddr(d.r2);
  linkBal(c, d.r1);
  if (d.r2 !== 0) c.npc = t;
});
op('45', 'bal', 'RX', (c, d) => {
  const t = eaX(c, d);
  linkBal(c, d.r1);
  c.npc = t;
});
ops([['a75', 'bras', 'RIb'], ['c05', 'brasl', 'RILb']], (c, d) => {
  link(c, d.r1);
  c.npc = c.rel(d.ri);
});
// Branch on count.
op('06', 'bctr', 'RR', (c, d) => {
  const t = c.regAddr(d.r2);
  const v = (c.gl[d.r1]! - 1) | 0;
  c.gl[d.r1] = v;
  if (v !== 0 && d.r2 !== 0) c.npc = t;
});
op('46', 'bct', 'RX', (c, d) => {
  const t = eaX(c, d);
  const v = (c.gl[d.r1]! - 1) | 0;
  c.gl[d.r1] = v;
  if (v !== 0) c.npc = t;
});
op('a76', 'brct', 'RIb', (c, d) => {
  const v = (c.gl[d.r1]! - 1) | 0;
  c.gl[d.r1] = v;
  if (v !== 0) c.npc = c.rel(d.ri);
});
function dec64(c: C, r: number): boolean {
  const l = c.gl[r]!;
  const h = l === 0 ? (c.gh[r]! - 1) | 0 : c.gh[r]!;
  const nl = (l - 1) | 0;
  c.gh[r] = h;
  c.gl[r] = nl;
  return (h | nl) !== 0;
}
op('a77', 'brctg', 'RIb', (c, d) => {
  if (dec64(c, d.r1)) c.npc = c.rel(d.ri);
}, { jit: (d) => `if ($K0(c, ${d.r1})) c.npc = c.rel(${d.ri});`, jitConsts: [dec64] });
op('b946', 'bctgr', 'RRE', (c, d) => {
  const t = c.regAddr(d.r2);
  if (dec64(c, d.r1) && d.r2 !== 0) c.npc = t;
});
op('e346', 'bctg', 'RXY', (c, d) => {
  const t = eaX(c, d);
  if (dec64(c, d.r1)) c.npc = t;
});
// Branch on index: R1 += R3; compare with R3|1 (read before the update).
function bxCompare32(c: C, d: D, high: boolean): boolean {
  const cmp = c.gl[d.r3 | 1]!;
  const v = (c.gl[d.r1]! + c.gl[d.r3]!) | 0;
  c.gl[d.r1] = v;
  return high ? v > cmp : v <= cmp;
}
function bxCompare64(c: C, d: D, high: boolean): boolean {
  const ch = c.gh[d.r3 | 1]!, cl = c.gl[d.r3 | 1]!;
  const ah = c.gh[d.r1]!, al = c.gl[d.r1]!;
  const lo = (al >>> 0) + (c.gl[d.r3]! >>> 0);
  const h = (ah + c.gh[d.r3]! + (lo >= TWO32 ? 1 : 0)) | 0;
  set64(c, d.r1, h, lo | 0);
  const r = cmpS64(h, lo | 0, ch, cl);
  return high ? r === 2 : r !== 2;
}
const branchOnIndex = (compare: (c: C, d: D, high: boolean) => boolean, high: boolean): ExecFn => (c, d) => {
  const t = eaS(c, d);
  if (compare(c, d, high)) c.npc = t;
};
op('86', 'bxh', 'RSa', branchOnIndex(bxCompare32, true));
op('87', 'bxle', 'RSa', branchOnIndex(bxCompare32, false));
op('eb44', 'bxhg', 'RSYa', branchOnIndex(bxCompare64, true));
op('eb45', 'bxleg', 'RSYa', branchOnIndex(bxCompare64, false));
op('84', 'brxh', 'RSI', (c, d) => void (bxCompare32(c, d, true) && (c.npc = c.rel(d.ri))));
op('85', 'brxle', 'RSI', (c, d) => void (bxCompare32(c, d, false) && (c.npc = c.rel(d.ri))));
op('ec44', 'brxhg', 'RIEe', (c, d) => void (bxCompare64(c, d, true) && (c.npc = c.rel(d.ri))));
op('ec45', 'brxlg', 'RIEe', (c, d) => void (bxCompare64(c, d, false) && (c.npc = c.rel(d.ri))));
// Execute.
op('44', 'ex', 'RX', (c, d) => c.execute(eaX(c, d), d.r1 === 0 ? 0 : c.gl[d.r1]! & 0xff));
op('c60', 'exrl', 'RILb', (c, d) => c.execute(c.rel(d.ri), d.r1 === 0 ? 0 : c.gl[d.r1]! & 0xff));
// Set addressing mode: the updated instruction address must fit the new mode.
op('010c', 'sam24', 'E', (c) => {
  if (c.npc > 0xff_ffff) c.specification();
  c.setAddressingMode(24);
});
op('010d', 'sam31', 'E', (c) => {
  if (c.npc > 0x7fff_ffff) c.specification();
  c.setAddressingMode(31);
});
op('010e', 'sam64', 'E', (c) => c.setAddressingMode(64));
op('0a', 'svc', 'I', (c, d) => c.supervisorCall(d.i2));

// ---- storage-to-storage ---------------------------------------------------------------------

/** MVC: byte by byte, left to right (overlap propagates, as the PoP defines). */
op('d2', 'mvc', 'SSa', (c, d) => {
  const n = d.l1 + 1;
  const dst = ea1(c, d), src = eaS(c, d);
  c.check(src, n);
  c.check(dst, n);
  const m = c.mem;
  if (c.amode === 64 || (dst + n <= 0x7fff_ffff && src + n <= 0x7fff_ffff)) {
    if (dst >= src + n || src >= dst + n || dst < src) m.copyWithin(dst, src, src + n);
    else for (let i = 0; i < n; i++) m[dst + i] = m[src + i]!;
    c.storage.touched(dst, n);
  } else for (let i = 0; i < n; i++) c.w8(c.wrap(dst + i), c.r8(c.wrap(src + i)));
});
/**
 * Byte-by-byte SS-a operations, left to right (overlapping operands see earlier results, as the
 * PoP defines): first-operand byte = f(first, second); AND/OR/XOR set CC 0 zero / 1 nonzero.
 */
function ssBytes(hex: string, mn: string, f: (a: number, b: number) => number, setsCc: boolean): void {
  op(hex, mn, 'SSa', (c, d) => {
    const n = d.l1 + 1;
    const dst = ea1(c, d), src = eaS(c, d);
    c.check(src, n);
    c.check(dst, n);
    let any = 0;
    for (let i = 0; i < n; i++) {
      const a = c.wrap(dst + i);
      const v = f(c.r8(a), c.r8(c.wrap(src + i))) & 0xff;
      c.w8(a, v);
      any |= v;
    }
    if (setsCc) c.cc = any === 0 ? 0 : 1;
  });
}
ssBytes('d4', 'nc', and, true);
ssBytes('d6', 'oc', or, true);
ssBytes('d7', 'xc', xor, true);
// MOVE NUMERICS / MOVE ZONES: the low / high nibble of each byte comes from the second operand.
ssBytes('d1', 'mvn', (a, b) => (a & 0xf0) | (b & 0x0f), false);
ssBytes('d3', 'mvz', (a, b) => (a & 0x0f) | (b & 0xf0), false);
op('d5', 'clc', 'SSa', (c, d) => {
  const n = d.l1 + 1;
  const a1 = ea1(c, d), a2 = eaS(c, d);
  for (let i = 0; i < n; i++) {
    const x = c.r8(c.wrap(a1 + i)), y = c.r8(c.wrap(a2 + i));
    if (x !== y) {
      c.cc = x < y ? 1 : 2;
      return;
    }
  }
  c.cc = 0;
});
op('dc', 'tr', 'SSa', (c, d) => {
  const n = d.l1 + 1;
  const a1 = ea1(c, d), t = eaS(c, d);
  for (let i = 0; i < n; i++) {
    const a = c.wrap(a1 + i);
    c.w8(a, c.r8(c.wrap(t + c.r8(a))));
  }
});
op('dd', 'trt', 'SSa', (c, d) => {
  const n = d.l1 + 1;
  const a1 = ea1(c, d), t = eaS(c, d);
  for (let i = 0; i < n; i++) {
    const a = c.wrap(a1 + i);
    const f = c.r8(c.wrap(t + c.r8(a)));
    if (f !== 0) {
      loadAddress(c, 1, a);
      c.gl[2] = (c.gl[2]! & ~0xff) | f;
      c.cc = i === n - 1 ? 2 : 1;
      return;
    }
  }
  c.cc = 0;
});

/** Operand address register of the long instructions: bits per addressing mode. */
function longAddr(c: C, r: number): number {
  return c.amode === 64 ? c.regAddr(r) : c.amode === 31 ? c.gl[r]! & 0x7fff_ffff : c.gl[r]! & 0xff_ffff;
}
function setLongAddr(c: C, r: number, a: number): void {
  if (c.amode === 64) set64(c, r, Math.floor(a / TWO32) | 0, a % TWO32 | 0);
  else if (c.amode === 31) c.gl[r] = a & 0x7fff_ffff;
  else c.gl[r] = a & 0xff_ffff;
}
const longLen = (c: C, r: number): number => (c.amode === 64 ? (c.gh[r]! >>> 0) * TWO32 + (c.gl[r]! >>> 0) : c.gl[r]! >>> 0);
function setLongLen(c: C, r: number, n: number): void {
  if (c.amode === 64) set64(c, r, Math.floor(n / TWO32) | 0, n % TWO32 | 0);
  else c.gl[r] = n | 0;
}
/**
 * MVCLE moves a CPU-determined amount per execution and sets CC 3 while work remains; like QEMU
 * (the oracle of UV-SIE-NOTES §7), one execution stays within one page of each operand and does
 * either moving or padding.
 */
op('a8', 'mvcle', 'RSa', (c, d) => {
  if ((d.r1 & 1) !== 0 || (d.r3 & 1) !== 0) c.specification();
  const pad = c.eaLow(d.b2, d.d2) & 0xff;
  let dst = longAddr(c, d.r1), dlen = longLen(c, d.r1 + 1);
  let src = longAddr(c, d.r3), slen = longLen(c, d.r3 + 1);
  const cc = dlen === slen ? 0 : dlen < slen ? 1 : 2;
  if (dlen === 0) {
    c.cc = cc;
    return;
  }
  let len = Math.min(dlen, 4096 - (dst % 4096));
  if (slen !== 0) {
    len = Math.min(len, slen, 4096 - (src % 4096));
    c.check(src, len);
    c.check(dst, len);
    for (let i = 0; i < len; i++) c.mem[dst + i] = c.mem[src + i]!;
    c.storage.touched(dst, len);
    src = c.wrap(src + len);
    slen -= len;
  } else {
    c.check(dst, len);
    c.mem.fill(pad, dst, dst + len);
    c.storage.touched(dst, len);
  }
  dlen -= len;
  dst = c.wrap(dst + len);
  setLongAddr(c, d.r1, dst);
  setLongLen(c, d.r1 + 1, dlen);
  setLongAddr(c, d.r3, src);
  setLongLen(c, d.r3 + 1, slen);
  c.cc = dlen !== 0 ? 3 : cc;
});
/**
 * COMPARE LOGICAL LONG EXTENDED: the shorter operand is extended with the pad byte (second-operand
 * address bits 56–63). Like QEMU (the oracle of UV-SIE-NOTES §7), one execution compares at most
 * 8 KiB and sets CC 3 when more remain; the registers then point past what was compared, or at
 * the first unequal bytes.
 */
op('a9', 'clcle', 'RSa', (c, d) => {
  if ((d.r1 & 1) !== 0 || (d.r3 & 1) !== 0) c.specification();
  const pad = c.eaLow(d.b2, d.d2) & 0xff;
  let a1 = longAddr(c, d.r1), n1 = longLen(c, d.r1 + 1);
  let a3 = longAddr(c, d.r3), n3 = longLen(c, d.r3 + 1);
  let len = Math.max(n1, n3);
  let cc = 0;
  if (len > 0x2000) {
    len = 0x2000;
    cc = 3;
  }
  for (; len > 0; len--) {
    const x = n1 !== 0 ? c.r8(a1) : pad, y = n3 !== 0 ? c.r8(a3) : pad;
    if (x !== y) {
      cc = x < y ? 1 : 2;
      break;
    }
    if (n1 !== 0) {
      a1 = c.wrap(a1 + 1);
      n1--;
    }
    if (n3 !== 0) {
      a3 = c.wrap(a3 + 1);
      n3--;
    }
  }
  setLongAddr(c, d.r1, a1);
  setLongLen(c, d.r1 + 1, n1);
  setLongAddr(c, d.r3, a3);
  setLongLen(c, d.r3 + 1, n3);
  c.cc = cc;
});
/** MVCL: 24-bit lengths in R1+1/R2+1, pad byte in R2+1 bits 32–39; CC 3 on destructive overlap. */
op('0e', 'mvcl', 'RR', (c, d) => {
  if ((d.r1 & 1) !== 0 || (d.r2 & 1) !== 0) c.specification();
  let dst = longAddr(c, d.r1), dlen = c.gl[d.r1 + 1]! & 0xff_ffff;
  let src = longAddr(c, d.r2), slen = c.gl[d.r2 + 1]! & 0xff_ffff;
  const pad = c.gl[d.r2 + 1]! >>> 24;
  const cc = dlen === slen ? 0 : dlen < slen ? 1 : 2;
  if (dlen !== 0 && slen !== 0 && dst > src && dst < src + Math.min(dlen, slen)) {
    c.cc = 3;
    return;
  }
  while (dlen > 0) {
    c.w8(dst, slen > 0 ? c.r8(src) : pad);
    dst = c.wrap(dst + 1);
    dlen--;
    if (slen > 0) {
      src = c.wrap(src + 1);
      slen--;
    }
  }
  setLongAddr(c, d.r1, dst);
  c.gl[d.r1 + 1] = c.gl[d.r1 + 1]! & ~0xff_ffff;
  setLongAddr(c, d.r2, src);
  c.gl[d.r2 + 1] = (c.gl[d.r2 + 1]! & ~0xff_ffff) | slen;
  c.cc = cc;
});
/** SEARCH STRING / CLST / MVST: terminator in R0 bits 56–63 (bits 32–55 must be zero). */
function strTerm(c: C): number {
  if ((c.gl[0]! & 0xffff_ff00) !== 0) c.specification();
  return c.gl[0]! & 0xff;
}
op('b25e', 'srst', 'RRE', (c, d) => {
  const t = strTerm(c);
  const end = longAddr(c, d.r1);
  let a = longAddr(c, d.r2);
  for (let i = 0; i < 4096; i++) {
    if (a === end) {
      c.cc = 2;
      return;
    }
    if (c.r8(a) === t) {
      setLongAddr(c, d.r1, a);
      c.cc = 1;
      return;
    }
    a = c.wrap(a + 1);
  }
  setLongAddr(c, d.r2, a);
  c.cc = 3;
});
op('b255', 'mvst', 'RRE', (c, d) => {
  const t = strTerm(c);
  let dst = longAddr(c, d.r1), src = longAddr(c, d.r2);
  for (let i = 0; i < 4096; i++) {
    const v = c.r8(src);
    c.w8(dst, v);
    if (v === t) {
      setLongAddr(c, d.r1, dst);
      c.cc = 1;
      return;
    }
    dst = c.wrap(dst + 1);
    src = c.wrap(src + 1);
  }
  setLongAddr(c, d.r1, dst);
  setLongAddr(c, d.r2, src);
  c.cc = 3;
});
op('b25d', 'clst', 'RRE', (c, d) => {
  const t = strTerm(c);
  let a1 = longAddr(c, d.r1), a2 = longAddr(c, d.r2);
  for (let i = 0; i < 4096; i++) {
    const x = c.r8(a1), y = c.r8(a2);
    if (x === t && y === t) {
      c.cc = 0;
      return;
    }
    if (x === t || y === t || x !== y) {
      c.cc = x === t ? 1 : y === t ? 2 : x < y ? 1 : 2;
      setLongAddr(c, d.r1, a1);
      setLongAddr(c, d.r2, a2);
      return;
    }
    a1 = c.wrap(a1 + 1);
    a2 = c.wrap(a2 + 1);
  }
  setLongAddr(c, d.r1, a1);
  setLongAddr(c, d.r2, a2);
  c.cc = 3;
});

// Compare and swap.
ops([['ba', 'cs', 'RSa'], ['eb14', 'csy', 'RSYa']], (c, d) => {
  const a = eaS(c, d);
  if ((a & 3) !== 0) c.specification();
  const v = c.r32(a);
  if (v === c.gl[d.r1]) {
    c.w32(a, c.gl[d.r3]!);
    c.cc = 0;
  } else {
    c.gl[d.r1] = v;
    c.cc = 1;
  }
});
op('eb30', 'csg', 'RSYa', (c, d) => {
  const a = eaS(c, d);
  if ((a & 7) !== 0) c.specification();
  ld64(c, a);
  if (c.tmp[0] === c.gh[d.r1] && c.tmp[1] === c.gl[d.r1]) {
    c.w64(a, c.gh[d.r3]!, c.gl[d.r3]!);
    c.cc = 0;
  } else {
    set64(c, d.r1, c.tmp[0]!, c.tmp[1]!);
    c.cc = 1;
  }
});
/** COMPARE DOUBLE AND SWAP (CDS/CDSY): the even/odd pairs' low words against a doubleword. */
ops([['bb', 'cds', 'RSa'], ['eb31', 'cdsy', 'RSYa']], (c, d) => {
  even(c, d.r1);
  even(c, d.r3);
  const a = alignedS(c, d, 8);
  ld64(c, a);
  if (c.tmp[0] === c.gl[d.r1] && c.tmp[1] === c.gl[d.r1 + 1]) {
    c.w64(a, c.gl[d.r3]!, c.gl[d.r3 + 1]!);
    c.cc = 0;
  } else {
    c.gl[d.r1] = c.tmp[0]!;
    c.gl[d.r1 + 1] = c.tmp[1]!;
    c.cc = 1;
  }
});
/** CDSG: the 128-bit pairs R1:R1+1 and R3:R3+1 against a quadword. */
op('eb3e', 'cdsg', 'RSYa', (c, d) => {
  even(c, d.r1);
  even(c, d.r3);
  const a = alignedS(c, d, 16);
  c.check(a, 16);
  ld64(c, a);
  const h = c.tmp[0]!, l = c.tmp[1]!;
  ld64(c, a + 8);
  const r1 = d.r1, r3 = d.r3;
  if (h === c.gh[r1] && l === c.gl[r1] && c.tmp[0] === c.gh[r1 + 1] && c.tmp[1] === c.gl[r1 + 1]) {
    c.w64(a, c.gh[r3]!, c.gl[r3]!);
    c.w64(a + 8, c.gh[r3 + 1]!, c.gl[r3 + 1]!);
    c.cc = 0;
  } else {
    set64(c, r1, h, l);
    set64(c, r1 + 1, c.tmp[0]!, c.tmp[1]!);
    c.cc = 1;
  }
});
// Interlocked-access (load and add/and/or/xor): one CPU, so plain read–modify–write.
function loadAndOp32(hex: string, mn: string, f: (c: C, a: number, b: number) => number): void {
  op(hex, mn, 'RSYa', (c, d) => {
    const a = eaS(c, d);
    if ((a & 3) !== 0) c.specification();
    const v = c.r32(a);
    const r = f(c, v, c.gl[d.r3]!);
    c.w32(a, r);
    c.gl[d.r1] = v;
  });
}
loadAndOp32('ebf8', 'laa', A);
loadAndOp32('ebfa', 'laal', AL);
loadAndOp32('ebf4', 'lan', N);
loadAndOp32('ebf6', 'lao', O);
loadAndOp32('ebf7', 'lax', X);
function loadAndOp64(hex: string, mn: string, f: F64): void {
  op(hex, mn, 'RSYa', (c, d) => {
    const a = eaS(c, d);
    if ((a & 7) !== 0) c.specification();
    ld64(c, a);
    const vh = c.tmp[0]!, vl = c.tmp[1]!;
    f64Scratch(c, f, vh, vl, c.gh[d.r3]!, c.gl[d.r3]!);
    c.w64(a, c.tmp[0]!, c.tmp[1]!);
    set64(c, d.r1, vh, vl);
  });
}
loadAndOp64('ebe8', 'laag', add64);
loadAndOp64('ebea', 'laalg', AL64);
loadAndOp64('ebe4', 'lang', logic64(and));
loadAndOp64('ebe6', 'laog', logic64(or));
loadAndOp64('ebe7', 'laxg', logic64(xor));

// ---- miscellaneous general ------------------------------------------------------------------

op('b222', 'ipm', 'RRE', (c, d) => void (c.gl[d.r1] = (c.gl[d.r1]! & 0x00ff_ffff) | (c.cc << 28) | (c.pm << 24)), { operands: 'R1' });
op('04', 'spm', 'RR', (c, d) => {
  const v = c.gl[d.r1]!;
  c.cc = (v >>> 28) & 3;
  c.pm = (v >>> 24) & 0xf;
}, { operands: 'R1' });
op('b98d', 'epsw', 'RRE', (c, d) => {
  const hi = c.pswHi | (c.cc << 12) | (c.pm << 8);
  c.gl[d.r1] = hi;
  if (d.r2 !== 0) c.gl[d.r2] = c.pswLo;
});
op('b983', 'flogr', 'RRE', (c, d) => {
  even(c, d.r1);
  const h = c.gh[d.r2]!, l = c.gl[d.r2]!;
  if ((h | l) === 0) {
    set64(c, d.r1, 0, 64);
    set64(c, d.r1 + 1, 0, 0);
    c.cc = 0;
    return;
  }
  const n = h !== 0 ? Math.clz32(h) : 32 + Math.clz32(l);
  set64(c, d.r1, 0, n);
  if (n < 32) set64(c, d.r1 + 1, h & ~(1 << (31 - n)), l);
  else set64(c, d.r1 + 1, h, l & ~(1 << (63 - n)));
  c.cc = 2;
});
function popcount8(v: number): number {
  v = v - ((v >> 1) & 0x55);
  v = (v & 0x33) + ((v >> 2) & 0x33);
  return (v + (v >> 4)) & 0x0f;
}
op('b9e1', 'popcnt', 'RRFc', (c, d) => {
  const h = c.gh[d.r2]!, l = c.gl[d.r2]!;
  const bytes = [h >>> 24, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff, l >>> 24, (l >>> 16) & 0xff, (l >>> 8) & 0xff, l & 0xff].map(popcount8);
  if ((d.m3 & 8) !== 0) set64(c, d.r1, 0, bytes.reduce((a, b) => a + b, 0));
  else set64(c, d.r1, (bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!, (bytes[4]! << 24) | (bytes[5]! << 16) | (bytes[6]! << 8) | bytes[7]!);
  c.cc = (h | l) === 0 ? 0 : 1;
}, { operands: 'R1,R2,M3?' });
// Hints with no architected effect on one CPU.
op('e336', 'pfd', 'RXY', () => {}, { operands: 'M1,D2(X2,B2)' });
op('c62', 'pfdrl', 'RILc', () => {}, { operands: 'M1,J' });
op('b2fa', 'niai', 'RRE', () => {}, { operands: 'N1,N2' });
op('b24f', 'ear', 'RRE', (c, d) => void (c.gl[d.r1] = c.ar[d.r2]!), { operands: 'R1,A2' });
op('b24e', 'sar', 'RRE', (c, d) => void (c.ar[d.r1] = c.gl[d.r2]!), { operands: 'A1,R2' });

// ---- control and system (UV-SIE-NOTES §4.5) ---------------------------------------------

op('b2b2', 'lpswe', 'S', (c, d) => {
  const a = alignedS(c, d, 8);
  const mh = c.r32(a), ml = c.r32(a + 4), ah = c.r32(a + 8), al = c.r32(a + 12);
  c.loadPsw(mh, ml, ah, al);
  c.npc = c.pc;
}, priv);
op('82', 'lpsw', 'S', (c, d) => {
  const a = alignedS(c, d, 8);
  const mh = c.r32(a), ml = c.r32(a + 4);
  // Short PSW: bit 12 must be one and is inverted; bit 32 = BA, bits 33–63 = address (§5.2).
  if ((mh & PSW_HI_SHORT) === 0) {
    c.loadPsw(mh, ml & 0x8000_0000, 0, ml & 0x7fff_ffff);
    c.specification();
  }
  c.loadPsw(mh ^ PSW_HI_SHORT, ml & 0x8000_0000, 0, ml & 0x7fff_ffff);
  c.npc = c.pc;
}, priv);
op('80', 'ssm', 'S', (c, d) => c.setSystemMask(c.r8(eaS(c, d))), priv);
op('ac', 'stnsm', 'SI', (c, d) => {
  const a = ea1(c, d);
  c.w8(a, c.pswHi >>> 24);
  c.setSystemMask((c.pswHi >>> 24) & d.i2);
}, priv);
op('ad', 'stosm', 'SI', (c, d) => {
  const a = ea1(c, d);
  c.w8(a, c.pswHi >>> 24);
  c.setSystemMask((c.pswHi >>> 24) | d.i2);
}, priv);
const CTL: Opts = { privileged: true, operands: 'C1,C3,D2(B2)' };
/** Loading control registers may enable a pending interruption: ask the run loop to look. */
const thenAttention = (exec: ExecFn): ExecFn => (c, d) => {
  exec(c, d);
  c.attention = true;
};
op('b7', 'lctl', 'RSa', thenAttention(multiple(4, (c, r, a) => void (c.crl[r] = c.r32(a)), true)), CTL);
op('eb2f', 'lctlg', 'RSYa', thenAttention(multiple(8, (c, r, a) => {
  c.crh[r] = c.r32(a);
  c.crl[r] = c.r32(a + 4);
}, true)), CTL);
op('b6', 'stctl', 'RSa', multiple(4, (c, r, a) => c.w32(a, c.crl[r]!), true), CTL);
op('eb25', 'stctg', 'RSYa', multiple(8, (c, r, a) => c.w64(a, c.crh[r]!, c.crl[r]!), true), CTL);
function storeBig64(c: C, a: number, v: bigint): void {
  c.w64(a, bigHi(v), bigLo(v));
}
function loadBig64(c: C, a: number): bigint {
  ld64(c, a);
  return toBigU(c.tmp[0]!, c.tmp[1]!);
}
/** Second-operand address of an S-format instruction that requires `size`-byte alignment. */
function alignedS(c: C, d: D, size: number): number {
  const a = eaS(c, d);
  if ((a & (size - 1)) !== 0) c.specification();
  return a;
}
op('b202', 'stidp', 'S', (c, d) => storeBig64(c, alignedS(c, d, 8), c.cpuId), priv);
ops([['b205', 'stck', 'S'], ['b27c', 'stckf', 'S']], (c, d) => {
  storeBig64(c, eaS(c, d), c.tod());
  c.cc = 0;
});
op('b278', 'stcke', 'S', (c, d) => {
  const a = eaS(c, d);
  const t = c.tod();
  // Epoch index 0, TOD bits 0–63, then zeros (no programmable field).
  c.w8(a, 0);
  storeBig64(c, a + 1, t);
  for (let i = 9; i < 16; i++) c.w8(a + i, 0);
  c.cc = 0;
});
op('b206', 'sckc', 'S', (c, d) => {
  c.ckc = loadBig64(c, alignedS(c, d, 8));
  c.attention = true;
}, priv);
op('b207', 'stckc', 'S', (c, d) => storeBig64(c, alignedS(c, d, 8), c.ckc), priv);
op('b208', 'spt', 'S', (c, d) => void (c.cpuTimer = loadBig64(c, alignedS(c, d, 8))), priv);
op('b209', 'stpt', 'S', (c, d) => storeBig64(c, alignedS(c, d, 8), c.cpuTimer), priv);
op('b212', 'stap', 'S', (c, d) => c.w16(alignedS(c, d, 2), c.cpuAddress), priv);
op('b211', 'stpx', 'S', (c, d) => c.w32(alignedS(c, d, 4), c.prefix), priv);
op('b210', 'spx', 'S', (c, d) => {
  const p = c.r32(alignedS(c, d, 4)) & 0x7fff_e000;
  if (p !== 0) c.stop('check-stop', `SET PREFIX to 0x${p.toString(16)}: prefixing is not modelled`);
  c.prefix = p;
}, priv);
/** STFL: the first 32 facility bits to lowcore 0xc8 (UV-SIE-NOTES §4.5). */
op('b2b1', 'stfl', 'S', (c) => {
  for (let i = 0; i < 4; i++) c.w8(0xc8 + i, c.facilities[i] ?? 0);
}, priv);
/** STFLE: R0 bits 56–63 = doublewords provided − 1, replaced by the number needed − 1. */
op('b2b0', 'stfle', 'S', (c, d) => {
  const a = alignedS(c, d, 8);
  const have = (c.gl[0]! & 0xff) + 1;
  const need = c.facilities.length >>> 3;
  const n = Math.min(have, need);
  c.check(a, 8 * n);
  for (let i = 0; i < 8 * n; i++) c.w8(a + i, c.facilities[i]!);
  c.gl[0] = (c.gl[0]! & ~0xff) | (need - 1);
  c.cc = have >= need ? 0 : 3;
});
op('b220', 'servc', 'RRE', (c, d) => {
  c.cc = c.hypervisor.servc(c, c.gl[d.r1]! >>> 0, c.gl[d.r2]! >>> 0);
  c.attention = true;
}, priv);
op('83', 'diag', 'RSa', (c, d) => {
  c.hypervisor.diag(c, c.eaLow(d.b2, d.d2) & 0xffff, d.r1, d.r3);
  c.attention = true;
}, priv);
op('ae', 'sigp', 'RSa', (c, d) => {
  c.cc = c.hypervisor.sigp(c, c.eaLow(d.b2, d.d2) & 0xff, d.r1, c.gl[d.r3]! & 0xffff);
  c.attention = true;
}, priv);
// Storage keys are not modelled: every key reads as 0 (what a fresh KVM guest sees).
op('b229', 'iske', 'RRE', (c, d) => void (c.gl[d.r1] = c.gl[d.r1]! & ~0xff), priv);
op('b22b', 'sske', 'RRFc', () => {}, { privileged: true, operands: 'R1,R2' });
op('b22a', 'rrbe', 'RRE', (c) => void (c.cc = 0), priv);
op('b20d', 'ptlb', 'S', () => {}, { privileged: true, operands: '' });

// ------------------------------------------------------------------ the decode table

/** Every instruction pvkit implements, in declaration order. */
export const instructionSet: readonly InstructionDef[] = table;

/** Decode table indexed by `opcodeKey` (see formats.ts). */
export const decodeTable: (InstructionDef | undefined)[] = (() => {
  const t = new Array<InstructionDef | undefined>(65536);
  for (const def of table) {
    if (t[def.key] !== undefined) throw new Error(`duplicate opcode ${def.key.toString(16)} ${def.mnemonic}`);
    t[def.key] = def;
  }
  return t;
})();
