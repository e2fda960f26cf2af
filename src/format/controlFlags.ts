/**
 * Plaintext control flags (PCF, SE-FORMAT §1.8) and secret control flags (SCF, §1.9).
 * Bits are numbered MSB0 in a 64-bit word: bit n has value 1 << (63 − n).
 */

export interface ControlFlag {
  /** Stable name used in JSON and on the command line (`--enable-<name>`). */
  readonly name: string;
  readonly bits: readonly number[];
  readonly description: string;
}

export const msb0 = (bit: number): bigint => 1n << BigInt(63 - bit);

export const PCF_FLAGS = {
  dump: { name: 'dump', bits: [34], description: 'guest dump allowed' },
  noImageDecryption: {
    name: 'no-image-decryption',
    bits: [35],
    description: 'components are stored in plaintext; the Ultravisor does not decrypt them',
  },
  pckmo: { name: 'pckmo', bits: [56, 57, 58], description: 'PCKMO encrypt-DEA/TDEA/AES/ECC-key functions allowed' },
  pckmoHmac: { name: 'pckmo-hmac', bits: [59], description: 'PCKMO HMAC-key functions allowed' },
  backupKeys: { name: 'backup-keys', bits: [62], description: 'backup host keys may be used' },
} as const satisfies Record<string, ControlFlag>;

export const SCF_FLAGS = {
  cckExtensionSecret: {
    name: 'cck-extension-secret',
    bits: [1],
    description: 'add-secret requests must carry the CCK-derived extension secret',
  },
  cckUpdate: { name: 'cck-update', bits: [2], description: 'the CCK may be updated' },
} as const satisfies Record<string, ControlFlag>;

export function flagMask(flag: ControlFlag): bigint {
  return flag.bits.reduce((m, b) => m | msb0(b), 0n);
}

/** Default PCF = PCKMO DEA/TDEA, AES and ECC (0xE0); default SCF = 0. */
export const DEFAULT_PCF = flagMask(PCF_FLAGS.pckmo);
export const DEFAULT_SCF = 0n;

export interface DecodedFlags {
  /** Names of the known flags whose bits are all set. */
  readonly set: string[];
  /** MSB0 numbers of set bits no known flag explains (or that are only partly set). */
  readonly unknownBits: number[];
}

export function decodeFlags(word: bigint, table: Record<string, ControlFlag>): DecodedFlags {
  const set: string[] = [];
  let explained = 0n;
  for (const f of Object.values(table)) {
    const m = flagMask(f);
    if ((word & m) === m) {
      set.push(f.name);
      explained |= m;
    }
  }
  const unknownBits: number[] = [];
  for (let bit = 0; bit < 64; bit++) if (word & msb0(bit) && !(explained & msb0(bit))) unknownBits.push(bit);
  return { set, unknownBits };
}

/** Parse a `--x-pcf`/`--x-scf` value: hex, optional 0x, at most 16 digits (§1.8). */
export function parseFlagWord(text: string): bigint | undefined {
  const m = /^(?:0[xX])?([0-9a-fA-F]{1,16})$/.exec(text.trim());
  return m ? BigInt(`0x${m[1]}`) : undefined;
}

export const hex64 = (x: bigint): string => x.toString(16).padStart(16, '0');
