/**
 * Machine profiles: the facility list STFLE/STFL report and the CPU ID STIDP stores
 * (UV-SIE-NOTES §4.5, §8.3: facility bits 7 (STFLE), 158 (ultravisor call) and 161 (unpack) matter
 * to the loaders; STIDP's version byte must not be 0xff, which would mean z/VM).
 *
 * The lists are representative, not copies of real machines: every bit pvkit's guests and IBM's
 * loaders test is right; the other bits follow the generation's published facilities as far as
 * the interpreter matters (it implements no vector/FP/crypto instructions whatever the bits say).
 * TCG is no oracle for facility bits (UV-SIE-NOTES §7.5 caveats).
 */

export type MachineProfile = 'z14' | 'z15' | 'z16' | 'z17' | 'qemu';

export const MACHINE_PROFILES: readonly MachineProfile[] = ['z14', 'z15', 'z16', 'z17', 'qemu'];

/** Facility bit numbers (PoP "Facility Indications"). */
export const FACILITY_STFLE = 7;
export const FACILITY_UV_CALL = 158;
export const FACILITY_UNPACK = 161;

/** Integer-instruction facilities up to z14 that the interpreter implements (or that are inert). */
const Z14 = [
  0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 30, 31, 32,
  33, 34, 35, 36, 37, 38, 40, 41, 42, 43, 44, 45, 47, 48, 49, 50, 51, 52, 53, 57, 58, 59, 60, 64, 65, 66, 67, 68, 69,
  71, 72, 73, 74, 75, 76, 77, 78, 80, 81, 82, 128, 129, 130, 131, 133, 134, 135, 138, 139, 142, 146, 147,
];
const Z15 = [...Z14, 61, 148, 149, 151, 152, 155, FACILITY_UV_CALL, FACILITY_UNPACK];
const Z16 = [...Z15, 192, 193, 194, 196, 197];
const Z17 = [...Z16, 84, 198, 199, 200];
/** QEMU TCG's default model: no ultravisor, no unpack (UV-SIE-NOTES §7.1 oracle B). */
const QEMU = Z14;

const BITS: Record<MachineProfile, readonly number[]> = { z14: Z14, z15: Z15, z16: Z16, z17: Z17, qemu: QEMU };

/** Machine types for STIDP (bytes 4–5 of the CPU ID). */
const MACHINE_TYPE: Record<MachineProfile, number> = { z14: 0x3906, z15: 0x8561, z16: 0x3931, z17: 0x9175, qemu: 0x3906 };

/**
 * The facility list of `profile` as STFLE stores it (bit 0 = MSB of byte 0): as many doublewords as
 * the highest installed facility needs, which is the count STFLE reports in R0 (QEMU's `max` model:
 * 3 doublewords for the z14-level list).
 */
export function facilityList(profile: MachineProfile): Uint8Array {
  const out = new Uint8Array(8 * Math.ceil((Math.max(...BITS[profile]) + 1) / 64));
  for (const b of BITS[profile]) out[b >> 3]! |= 0x80 >> (b & 7);
  return out;
}

export function hasFacility(list: Uint8Array, bit: number): boolean {
  return ((list[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0;
}

/**
 * CPU ID (STIDP): version 0x00 (not 0xff: no z/VM), CPU identification 0x000001, machine type,
 * format-1 flag (bit 48), as a KVM guest sees it.
 */
export function cpuId(profile: MachineProfile): bigint {
  return (0x00n << 56n) | (0x000001n << 32n) | (BigInt(MACHINE_TYPE[profile]) << 16n) | 0x8000n;
}
