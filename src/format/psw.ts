/**
 * PSW constants and the 8-byte short PSW at image offset 0 (SE-FORMAT §4.4): mask | bit 12 | address,
 * valid only for a mask with no bits in its low 31 bits and bit 12 clear, and a 31-bit address.
 */
import { struct, u64 } from '../binary/struct.js';

export const PSW_MASK_EA = 0x0000000100000000n;
export const PSW_MASK_BA = 0x0000000080000000n;
export const PSW_MASK_BIT_12 = 0x0008000000000000n;
/** 64-bit addressing, everything else off: the mask both builders use. */
export const PSW_MASK_64 = PSW_MASK_EA | PSW_MASK_BA;

export const shortPswLayout = struct('ShortPsw', [['psw', u64]] as const);

export function encodeShortPsw(mask: bigint, addr: bigint): bigint {
  if ((mask & 0x7fffffffn) !== 0n || (mask & PSW_MASK_BIT_12) !== 0n || addr > 0x7fffffffn || addr < 0n) {
    throw new RangeError(`PSW mask 0x${mask.toString(16)} / address 0x${addr.toString(16)} has no short form`);
  }
  return mask | PSW_MASK_BIT_12 | addr;
}

export function decodeShortPsw(psw: bigint): { mask: bigint; addr: bigint; valid: boolean } {
  return {
    mask: psw & ~(PSW_MASK_BIT_12 | 0x7fffffffn),
    addr: psw & 0x7fffffffn,
    valid: (psw & PSW_MASK_BIT_12) !== 0n,
  };
}
