/**
 * Instruction formats of z/Architecture (UV-SIE-NOTES §4.7 lists the sub-formats in use): how
 * each format's fields sit in the instruction bytes, how long it is, and how objdump prints its
 * operands. The instruction table (`instructions.ts`) names a format per opcode; the decoder
 * extracts fields with `extractFields`, the disassembler prints them with the operand template.
 */
import type { Cpu } from './cpu.js';

export type Format =
  | 'E' | 'I' | 'RR' | 'RRE' | 'RRFa' | 'RRFa4' | 'RRFc' | 'RRFe'
  | 'RX' | 'RXY' | 'RSa' | 'RSb' | 'RSYa' | 'RSYb' | 'RSI'
  | 'RIa' | 'RIb' | 'RIc' | 'RILa' | 'RILb' | 'RILc'
  | 'RIEa' | 'RIEb' | 'RIEc' | 'RIEd' | 'RIEe' | 'RIEf' | 'RIEg'
  | 'SI' | 'SIY' | 'SIL' | 'S' | 'SSa' | 'SSb';

/** Semantics of one instruction: reads operands from `d`, updates `cpu`. */
export type ExecFn = (cpu: Cpu, d: Decoded) => void;

export interface InstructionDef {
  /** Table key: first byte << 8 | extended opcode (see `opcodeKey`). */
  readonly key: number;
  readonly mnemonic: string;
  readonly format: Format;
  /** objdump operand template; defaults to the format's. */
  readonly operands: string;
  readonly exec: ExecFn;
  readonly privileged: boolean;
  /**
   * Optional inline form for the block compiler: JavaScript statements over `c` (the CPU) and
   * `$D` (this Decoded), with `$K0`, `$K1` … bound to `jitConsts`. Families whose semantics call a
   * per-row helper (add, compare …) use it so each call site in a block is monomorphic. `pc` is
   * the instruction's address (constant within a compiled block); `$OVF` marks where a signed
   * fixed-point overflow is reported (after CC 3 is set).
   */
  readonly jit?: (d: Decoded, pc: number) => string;
  readonly jitConsts?: readonly unknown[];
  /**
   * The inline form only reads and writes registers and can neither branch, fail nor ask for
   * attention: the block compiler then skips the PSW-address bookkeeping around it.
   */
  readonly jitPure?: boolean;
  /**
   * The inline form (not pure) touches only registers, the CC and its storage operands: it can
   * fail only with a storage-access program exception, reports fixed-point overflow only through
   * `$OVF`, never reads the PSW address, and (when 'store') asks for attention only by storing
   * into code. The block compiler then skips the PSW-address bookkeeping around it.
   */
  readonly jitMem?: 'load' | 'store';
  /** True for instructions that can change the flow of control: they end a compiled block. */
  readonly endsBlock: boolean;
  /** Which field holds a condition mask that objdump folds into an extended mnemonic. */
  readonly condMask?: 'r1' | 'm3';
}

/**
 * One decoded instruction: the fields of every format in one monomorphic object (the run loop
 * calls `exec(cpu, this)` on millions of these). Unused fields stay 0.
 */
export class Decoded {
  exec: ExecFn;
  def: InstructionDef;
  len = 2;
  r1 = 0;
  r2 = 0;
  r3 = 0;
  m3 = 0;
  x2 = 0;
  b1 = 0;
  d1 = 0;
  b2 = 0;
  d2 = 0;
  /** Main immediate (sign-extended where the instruction treats it as signed; see `imm*` helpers). */
  i2 = 0;
  i3 = 0;
  i4 = 0;
  i5 = 0;
  /** Relative-branch offset in bytes (already ×2). */
  ri = 0;
  /** SS-a length field (length − 1). */
  l1 = 0;
  constructor(def: InstructionDef) {
    this.def = def;
    this.exec = def.exec;
  }
}

/** Instruction length in bytes from the first byte's two leftmost bits. */
export function instructionLength(b0: number): number {
  return b0 < 0x40 ? 2 : b0 < 0xc0 ? 4 : 6;
}

/** Where the extended opcode lives, by first byte. */
const enum Ext {
  None,
  Byte1,
  Nibble1,
  Byte5,
}

const extKind = new Uint8Array(256);
for (const b of [0x01, 0xb2, 0xb3, 0xb9, 0xe5]) extKind[b] = Ext.Byte1;
for (const b of [0xa5, 0xa7, 0xc0, 0xc2, 0xc4, 0xc6, 0xc8, 0xcc]) extKind[b] = Ext.Nibble1;
for (const b of [0xe3, 0xe7, 0xeb, 0xec, 0xed]) extKind[b] = Ext.Byte5;

/** Decode-table key of the instruction starting with bytes b0, b1 … b5. */
export function opcodeKey(b0: number, b1: number, b5: number): number {
  switch (extKind[b0]) {
    case Ext.Byte1:
      return (b0 << 8) | b1;
    case Ext.Nibble1:
      return (b0 << 8) | (b1 & 0x0f);
    case Ext.Byte5:
      return (b0 << 8) | b5;
    default:
      return b0 << 8;
  }
}

/** Table key from the opcode as written in the table: '1a', 'a7a', 'b9e8', 'e304'. */
export function keyFromHex(op: string): number {
  const v = parseInt(op, 16);
  if (op.length === 2) return v << 8;
  if (op.length === 3) return ((v >> 4) << 8) | (v & 0xf);
  return v;
}

const s8 = (v: number): number => (v << 24) >> 24;
const s16 = (v: number): number => (v << 16) >> 16;
/** 20-bit signed long displacement: DL (12 bits) + DH (8 bits, high). */
const dl20 = (dl: number, dh: number): number => (s8(dh) << 12) | dl;

/** Fill `d`'s fields from the instruction bytes b[0..len). */
export function extractFields(fmt: Format, b: ArrayLike<number>, d: Decoded): void {
  const b1 = b[1]!;
  const hi1 = b1 >> 4, lo1 = b1 & 0xf;
  switch (fmt) {
    case 'E':
      return;
    case 'I':
      d.i2 = b1;
      return;
    case 'RR':
      d.r1 = hi1;
      d.r2 = lo1;
      return;
    case 'RRE':
      d.r1 = b[3]! >> 4;
      d.r2 = b[3]! & 0xf;
      return;
    case 'RRFa':
    case 'RRFa4':
    case 'RRFc':
    case 'RRFe':
      // RRF: byte 2 = R3/M3 (high) M4 (low), byte 3 = R1 R2.
      d.r3 = b[2]! >> 4;
      d.m3 = fmt === 'RRFa4' ? b[2]! & 0xf : b[2]! >> 4;
      d.r1 = b[3]! >> 4;
      d.r2 = b[3]! & 0xf;
      return;
    case 'RX':
      d.r1 = hi1;
      d.x2 = lo1;
      d.b2 = b[2]! >> 4;
      d.d2 = ((b[2]! & 0xf) << 8) | b[3]!;
      return;
    case 'RXY':
      d.r1 = hi1;
      d.x2 = lo1;
      d.b2 = b[2]! >> 4;
      d.d2 = dl20(((b[2]! & 0xf) << 8) | b[3]!, b[4]!);
      return;
    case 'RSa':
    case 'RSb':
      d.r1 = hi1;
      d.r3 = lo1;
      d.m3 = lo1;
      d.b2 = b[2]! >> 4;
      d.d2 = ((b[2]! & 0xf) << 8) | b[3]!;
      return;
    case 'RSYa':
    case 'RSYb':
      d.r1 = hi1;
      d.r3 = lo1;
      d.m3 = lo1;
      d.b2 = b[2]! >> 4;
      d.d2 = dl20(((b[2]! & 0xf) << 8) | b[3]!, b[4]!);
      return;
    case 'RSI':
      d.r1 = hi1;
      d.r3 = lo1;
      d.ri = s16((b[2]! << 8) | b[3]!) * 2;
      return;
    case 'RIa':
      d.r1 = hi1;
      d.i2 = (b[2]! << 8) | b[3]!;
      return;
    case 'RIb':
    case 'RIc':
      d.r1 = hi1;
      d.ri = s16((b[2]! << 8) | b[3]!) * 2;
      return;
    case 'RILa':
      d.r1 = hi1;
      d.i2 = ((b[2]! << 24) | (b[3]! << 16) | (b[4]! << 8) | b[5]!) | 0;
      return;
    case 'RILb':
    case 'RILc':
      d.r1 = hi1;
      d.ri = (((b[2]! << 24) | (b[3]! << 16) | (b[4]! << 8) | b[5]!) | 0) * 2;
      return;
    case 'RIEa':
      // RIE-a: R1, I2 (16 bits), M3 in the high nibble of byte 4.
      d.r1 = hi1;
      d.i2 = s16((b[2]! << 8) | b[3]!);
      d.m3 = b[4]! >> 4;
      return;
    case 'RIEb':
      d.r1 = hi1;
      d.r2 = lo1;
      d.ri = s16((b[2]! << 8) | b[3]!) * 2;
      d.m3 = b[4]! >> 4;
      return;
    case 'RIEc':
      d.r1 = hi1;
      d.m3 = lo1;
      d.ri = s16((b[2]! << 8) | b[3]!) * 2;
      d.i2 = b[4]!;
      return;
    case 'RIEd':
      d.r1 = hi1;
      d.r3 = lo1;
      d.i2 = s16((b[2]! << 8) | b[3]!);
      return;
    case 'RIEe':
      d.r1 = hi1;
      d.r3 = lo1;
      d.ri = s16((b[2]! << 8) | b[3]!) * 2;
      return;
    case 'RIEf':
      d.r1 = hi1;
      d.r2 = lo1;
      d.i3 = b[2]!;
      d.i4 = b[3]!;
      d.i5 = b[4]!;
      return;
    case 'RIEg':
      d.r1 = hi1;
      d.m3 = lo1;
      d.i2 = s16((b[2]! << 8) | b[3]!);
      return;
    case 'SI':
      d.i2 = b1;
      d.b1 = b[2]! >> 4;
      d.d1 = ((b[2]! & 0xf) << 8) | b[3]!;
      return;
    case 'SIY':
      d.i2 = b1;
      d.b1 = b[2]! >> 4;
      d.d1 = dl20(((b[2]! & 0xf) << 8) | b[3]!, b[4]!);
      return;
    case 'SIL':
      d.b1 = b[2]! >> 4;
      d.d1 = ((b[2]! & 0xf) << 8) | b[3]!;
      d.i2 = (b[4]! << 8) | b[5]!;
      return;
    case 'S':
      d.b2 = b[2]! >> 4;
      d.d2 = ((b[2]! & 0xf) << 8) | b[3]!;
      return;
    case 'SSa':
    case 'SSb':
      d.l1 = b1;
      d.r1 = hi1;
      d.r2 = lo1;
      d.b1 = b[2]! >> 4;
      d.d1 = ((b[2]! & 0xf) << 8) | b[3]!;
      d.b2 = b[4]! >> 4;
      d.d2 = ((b[4]! & 0xf) << 8) | b[5]!;
      return;
  }
}

/** objdump operand templates per format (tokens: R1 R2 R3 M1 M3 M4 D(X,B) forms, I/U immediates, J target). */
export const defaultOperands: Record<Format, string> = {
  E: '',
  I: 'U2',
  RR: 'R1,R2',
  RRE: 'R1,R2',
  RRFa: 'R1,R2,R3',
  RRFa4: 'R1,R2,R3,M3',
  RRFc: 'R1,R2,M3',
  RRFe: 'R1,M3,R2',
  RX: 'R1,D2(X2,B2)',
  RXY: 'R1,D2(X2,B2)',
  RSa: 'R1,R3,D2(B2)',
  RSb: 'R1,M3,D2(B2)',
  RSYa: 'R1,R3,D2(B2)',
  RSYb: 'R1,D2(B2),M3',
  RSI: 'R1,R3,J',
  RIa: 'R1,I2',
  RIb: 'R1,J',
  RIc: 'M1,J',
  RILa: 'R1,I2',
  RILb: 'R1,J',
  RILc: 'M1,J',
  RIEa: 'R1,I2,M3',
  RIEb: 'R1,R2,M3,J',
  RIEc: 'R1,I2,M3,J',
  RIEd: 'R1,R3,I2',
  RIEe: 'R1,R3,J',
  RIEf: 'R1,R2,U3,U4,U5',
  RIEg: 'R1,I2,M3',
  SI: 'D1(B1),U2',
  SIY: 'D1(B1),U2',
  SIL: 'D1(B1),I2',
  S: 'D2(B2)',
  SSa: 'D1(L1,B1),D2(B2)',
  SSb: 'D1(L1,B1),D2(L2,B2)',
};
