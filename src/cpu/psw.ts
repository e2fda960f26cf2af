/**
 * Program-status word layout (UV-SIE-NOTES §5.2). The CPU keeps the PSW split for speed: the
 * first mask word (bits 0–31) without CC and program mask, the second (bits 32–63), the condition
 * code, the program mask and the instruction address; these helpers pack and unpack the 128-bit
 * and short (ESA/390-style) forms.
 */

/** Bits of the first mask word (PSW bits 0–31). */
export const PSW_HI_PER = 0x4000_0000;
export const PSW_HI_DAT = 0x0400_0000;
export const PSW_HI_IO = 0x0200_0000;
export const PSW_HI_EXT = 0x0100_0000;
export const PSW_HI_KEY = 0x00f0_0000;
/** Bit 12: marks the short format; must be 0 in a 16-byte PSW. */
export const PSW_HI_SHORT = 0x0008_0000;
export const PSW_HI_MCHK = 0x0004_0000;
export const PSW_HI_WAIT = 0x0002_0000;
export const PSW_HI_PROBLEM = 0x0001_0000;
export const PSW_HI_ASC = 0x0000_c000;
export const PSW_HI_CC = 0x0000_3000;
export const PSW_HI_PM = 0x0000_0f00;
/** Bit 31: extended addressing (64-bit together with BA). */
export const PSW_HI_EA = 0x0000_0001;
/** Bit 32 (first bit of the second mask word): basic addressing (31-bit). */
export const PSW_LO_BA = 0x8000_0000;

/** The 64-bit mask of the QEMU `-kernel` start state and of pvimg's PSWs: EA+BA, everything else off. */
export const PSW_MASK_64BIT = 0x0000_0001_8000_0000n;

export interface Psw {
  mask: bigint;
  addr: bigint;
}

/** Addressing mode from EA/BA: 24, 31, 64, or 0 for the invalid combination EA=1 BA=0. */
export function addressingMode(hi: number, lo: number): 0 | 24 | 31 | 64 {
  const ea = (hi & PSW_HI_EA) !== 0;
  const ba = (lo & PSW_LO_BA) !== 0;
  return ea ? (ba ? 64 : 0) : ba ? 31 : 24;
}

/**
 * Expand a short (8-byte) PSW to the 16-byte form: bit 12 must be 1 and is inverted, bit 32 is BA,
 * bits 33–63 the address (UV-SIE-NOTES §5.2). Returns undefined when bit 12 is 0.
 */
export function expandShortPsw(short: bigint): Psw | undefined {
  if ((short & 0x0008_0000_0000_0000n) === 0n) return undefined;
  const mask = (short ^ 0x0008_0000_0000_0000n) & 0xffff_ffff_8000_0000n;
  return { mask, addr: short & 0x7fff_ffffn };
}

export function formatPsw(psw: Psw): string {
  return `0x${psw.mask.toString(16).padStart(16, '0')} 0x${psw.addr.toString(16).padStart(16, '0')}`;
}
