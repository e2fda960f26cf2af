/**
 * Disassembler producing objdump-style text (`s390x-linux-gnu-objdump -d`, binutils 2.40) from
 * the instruction table: extended mnemonics for condition masks (`j`, `jne`, `br`, `nopr`,
 * `locrnhe`, `cgije`, `risbgz` …), `%rN` registers, D(X,B) operands, branch targets as absolute
 * hex addresses. Used by `pvkit run --trace` and checked against objdump in the tests.
 */
import { Decoded, extractFields, instructionLength, opcodeKey } from './formats.js';
import { decodeTable } from './instructions.js';

/** Suffixes of the branch-on-condition family by mask (PoP "extended mnemonics"). */
const BRANCH_SUFFIX = ['nop', 'o', 'h', 'nle', 'l', 'nhe', 'lh', 'ne', 'e', 'nlh', 'he', 'nl', 'le', 'nh', 'no', ''];
/** Compare-and-branch suffixes: only the masks that name one relation. */
const CMPB_SUFFIX: Record<number, string> = { 2: 'h', 4: 'l', 6: 'ne', 8: 'e', 10: 'nl', 12: 'nh' };

/** Mnemonic and operand text of a decoded instruction at `addr`. */
export function formatInstruction(d: Decoded, addr: number): { mnemonic: string; operands: string } {
  const def = d.def;
  let mnemonic = def.mnemonic;
  let template = def.operands;
  if (def.condMask !== undefined) {
    const m = def.condMask === 'r1' ? d.r1 : d.m3;
    const ext = extendedMnemonic(def.mnemonic, m, d);
    if (ext !== undefined) {
      mnemonic = ext.mnemonic;
      template = ext.dropMask ? dropToken(template, def.condMask === 'r1' ? 'M1' : 'M3') : template;
      if (ext.dropAll) template = '';
    }
  }
  if (zeroForm(d)) mnemonic += 'z';
  const operands = template === '' ? '' : tokens(template).map((t) => operand(t, d, addr)).filter((t) => t !== '').join(',');
  return { mnemonic, operands };
}

/** RISBG/RISBGN with the zero-remaining-bits flag: objdump's `…z` form (only when I4 bit 1 is 0). */
function zeroForm(d: Decoded): boolean {
  return (d.def.mnemonic === 'risbg' || d.def.mnemonic === 'risbgn') && (d.i4 & 0xc0) === 0x80;
}

/** Split an operand template at top-level commas (not those inside D(X,B)). */
function tokens(template: string): string[] {
  return template.match(/[^,(]+(?:\([^)]*\))?/g) ?? [];
}

function dropToken(template: string, token: string): string {
  return tokens(template).filter((t) => t !== token).join(',');
}

function extendedMnemonic(
  base: string,
  m: number,
  d: Decoded,
): { mnemonic: string; dropMask: boolean; dropAll?: boolean } | undefined {
  switch (base) {
    case 'brc':
      return { mnemonic: m === 15 ? 'j' : `j${BRANCH_SUFFIX[m]}`, dropMask: true };
    case 'brcl':
      return { mnemonic: m === 15 ? 'jg' : `jg${BRANCH_SUFFIX[m]}`, dropMask: true };
    case 'bc':
      return { mnemonic: m === 15 ? 'b' : m === 0 ? 'nop' : `b${BRANCH_SUFFIX[m]}`, dropMask: true };
    case 'bcr':
      if (m === 0) return d.r2 === 0 ? { mnemonic: 'nopr', dropMask: true, dropAll: true } : { mnemonic: 'nopr', dropMask: true };
      return { mnemonic: m === 15 ? 'br' : `b${BRANCH_SUFFIX[m]}r`, dropMask: true };
    case 'crj': case 'cgrj': case 'clrj': case 'clgrj': case 'cij': case 'cgij': case 'clij': case 'clgij':
    case 'crt': case 'cgrt': case 'clrt': case 'clgrt': case 'cit': case 'cgit': case 'clfit': case 'clgit': {
      const s = CMPB_SUFFIX[m];
      return s === undefined ? undefined : { mnemonic: base + s, dropMask: true };
    }
    default:
      // Load/store on condition and select: suffix for masks 1–14.
      return m === 0 || m === 15 ? undefined : { mnemonic: base + BRANCH_SUFFIX[m], dropMask: true };
  }
}

function reg(r: number): string {
  return `%r${r}`;
}

function disp(dv: number, x: number, b: number, len?: string): string {
  const inner = [len, x !== 0 ? reg(x) : undefined, b !== 0 ? reg(b) : undefined].filter((s) => s !== undefined);
  // objdump names the base of a length operand even when it is %r0: `642(157,%r0)`.
  if (len !== undefined && x === 0) return `${dv}(${len},${reg(b)})`;
  return inner.length === 0 ? `${dv}` : x !== 0 && b === 0 ? `${dv}(${reg(x)},%r0)` : `${dv}(${inner.join(',')})`;
}

function operand(t: string, d: Decoded, addr: number): string {
  const width = immediateWidth(d);
  switch (t) {
    case 'R1': return reg(d.r1);
    case 'R2': return reg(d.r2);
    case 'R3': return reg(d.r3);
    case 'M1': return `${d.r1}`;
    case 'M3': return `${d.m3}`;
    case 'M3?': return d.m3 === 0 ? '' : `${d.m3}`;
    case 'M4': return `${d.m3}`;
    case 'A1': return `%a${d.r1}`;
    case 'A2': return `%a${d.r2}`;
    case 'C1': return `%c${d.r1}`;
    case 'C3': return `%c${d.r3}`;
    case 'N1': return `${d.r1}`;
    case 'N2': return `${d.r2}`;
    case 'I2': return `${signExtend(d.i2, width)}`;
    case 'U2': return `${width === 32 ? d.i2 >>> 0 : d.i2 & ((1 << width) - 1)}`;
    case 'U3': return `${d.i3}`;
    case 'U4': return `${zeroForm(d) ? d.i4 & 0x7f : d.i4}`;
    case 'U5': return `${d.i5}`;
    case 'J': return BigInt.asUintN(64, BigInt(addr) + BigInt(d.ri)).toString(16);
    case 'D2(X2,B2)': return disp(d.d2, d.x2, d.b2);
    case 'D2(B2)': return disp(d.d2, 0, d.b2);
    case 'D1(B1)': return disp(d.d1, 0, d.b1);
    case 'D1(L1,B1)': return disp(d.d1, 0, d.b1, `${d.l1 + 1}`);
    case 'D1(L1,B1)x': return disp(d.d1, 0, d.b1, `${(d.l1 >> 4) + 1}`);
    case 'D2(L2,B2)': return disp(d.d2, 0, d.b2, `${(d.l1 & 0xf) + 1}`);
    default:
      return t;
  }
}

function immediateWidth(d: Decoded): 8 | 16 | 32 {
  switch (d.def.format) {
    case 'RILa': return 32;
    case 'RIEc': case 'SI': case 'SIY': case 'I': return 8;
    default: return 16;
  }
}

function signExtend(v: number, width: 8 | 16 | 32): number {
  return width === 32 ? v | 0 : (v << (32 - width)) >> (32 - width);
}

/** Disassemble one instruction from `bytes` (which start at `addr`); undefined operands for unknown opcodes. */
export function disassemble(bytes: Uint8Array, addr = 0): { length: number; text: string; known: boolean } {
  const len = instructionLength(bytes[0]!);
  const b = new Uint8Array(6);
  b.set(bytes.subarray(0, Math.min(len, bytes.length)));
  const def = decodeTable[opcodeKey(b[0]!, b[1]!, b[5]!)];
  if (def === undefined) {
    const word = Array.from(b.subarray(0, len), (x) => x.toString(16).padStart(2, '0')).join('');
    return { length: len, text: `.insn 0x${word}`, known: false };
  }
  const d = new Decoded(def);
  d.len = len;
  extractFields(def.format, b, d);
  const { mnemonic, operands } = formatInstruction(d, addr);
  return { length: len, text: operands === '' ? mnemonic : `${mnemonic}\t${operands}`, known: true };
}
