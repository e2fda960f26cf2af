/**
 * The SE header v1 (SE-FORMAT §1): plaintext head (416 bytes) ‖ key slots (80 each) ‖ encrypted
 * area (`sea` = 128 bytes, AES-256-GCM) ‖ tag (16). The whole head and every key slot are the AAD.
 * This module builds (seals), parses (structure only) and opens (authenticates, decrypts) headers.
 */
import { bytes, struct, u32, u64 } from '../binary/struct.js';
import { CryptoError, FormatError, LimitError } from '../errors.js';
import { GCM_TAG_SIZE, gcmOpen, gcmSeal } from '../crypto/gcm.js';
import { coordsToPoint, pointToCoords } from '../crypto/p521.js';
import { KEY_SLOT_SIZE, type KeySlot, keySlotLayout, unwrapKeySlot, wrapKeySlot } from './keySlot.js';

export const SE_HEADER_MAGIC = new Uint8Array(Buffer.from('IBMSecEx', 'latin1'));
export const SE_HEADER_VERSION_1 = 0x100;

export const seHeaderHeadLayout = struct('SeHeader', [
  ['magic', bytes(8), SE_HEADER_MAGIC],
  ['version', u32],
  ['sehs', u32],
  ['iv', bytes(12)],
  ['res1', u32],
  ['nks', u64],
  ['sea', u64],
  ['nep', u64],
  ['pcf', u64],
  ['custPubKey', bytes(160)],
  ['pld', bytes(64)],
  ['ald', bytes(64)],
  ['tld', bytes(64)],
] as const);
export type SeHeaderHead = ReturnType<typeof seHeaderHeadLayout.parse>;
export const SE_HEADER_HEAD_SIZE = seHeaderHeadLayout.size; // 416

export const encryptedAreaLayout = struct('SeHeaderEncryptedArea', [
  ['cck', bytes(32)],
  ['xts', bytes(64)],
  ['pswMask', u64],
  ['pswAddr', u64],
  ['scf', u64],
  ['noi', u32],
  ['res2', u32],
] as const);
export type EncryptedArea = ReturnType<typeof encryptedAreaLayout.parse>;
export const SEA_SIZE = encryptedAreaLayout.size; // 128

/** sehs ≤ 8192 (§1.1) → at most 95 key slots. */
export const SE_HEADER_MAX_SIZE = 8192;
export const MAX_KEY_SLOTS = Math.floor((SE_HEADER_MAX_SIZE - SE_HEADER_HEAD_SIZE - SEA_SIZE - GCM_TAG_SIZE) / KEY_SLOT_SIZE);

export function seHeaderSize(nks: number): number {
  return SE_HEADER_HEAD_SIZE + KEY_SLOT_SIZE * nks + SEA_SIZE + GCM_TAG_SIZE;
}

/** What the header authenticates about the image: the page digests and counts (§1.7). */
export interface ImageDigests {
  nep: bigint;
  pld: Uint8Array;
  ald: Uint8Array;
  tld: Uint8Array;
}

export interface SeHeaderSecrets {
  cck: Uint8Array;
  xtsKey: Uint8Array;
  psw: { mask: bigint; addr: bigint };
  scf: bigint;
}

export interface BuildSeHeaderInput extends ImageDigests {
  headerKey: Uint8Array;
  iv: Uint8Array;
  customerPrivateKey: Uint8Array;
  customerPublicKey: Uint8Array;
  /** Host public keys (uncompressed P-521 points), one key slot each, in this order. */
  hostKeys: readonly Uint8Array[];
  pcf: bigint;
  secrets: SeHeaderSecrets;
}

/** Build and seal a v1 header. Throws LimitError for 0 or more than 95 host keys. */
export function buildSeHeader(input: BuildSeHeaderInput): Uint8Array {
  const nks = input.hostKeys.length;
  if (nks === 0) throw new LimitError('at least one host-key document is required');
  if (nks > MAX_KEY_SLOTS) {
    throw new LimitError(`too many host-key documents: ${nks} (the SE header holds at most ${MAX_KEY_SLOTS} key slots)`);
  }
  if (input.headerKey.length !== 32) throw new RangeError('header key must be 32 bytes');
  if (input.iv.length !== 12) throw new RangeError('header IV must be 12 bytes');
  const sehs = seHeaderSize(nks);
  const out = new Uint8Array(sehs);
  seHeaderHeadLayout.write(out, 0, {
    magic: SE_HEADER_MAGIC,
    version: SE_HEADER_VERSION_1,
    sehs,
    iv: input.iv,
    res1: 0,
    nks: BigInt(nks),
    sea: BigInt(SEA_SIZE),
    nep: input.nep,
    pcf: input.pcf,
    custPubKey: pointToCoords(input.customerPublicKey),
    pld: input.pld,
    ald: input.ald,
    tld: input.tld,
  });
  input.hostKeys.forEach((host, i) => {
    keySlotLayout.write(out, SE_HEADER_HEAD_SIZE + KEY_SLOT_SIZE * i, wrapKeySlot(input.headerKey, input.customerPrivateKey, host));
  });
  const aadLength = SE_HEADER_HEAD_SIZE + KEY_SLOT_SIZE * nks;
  const plain = encryptedAreaLayout.serialize({
    cck: input.secrets.cck,
    xts: input.secrets.xtsKey,
    pswMask: input.secrets.psw.mask,
    pswAddr: input.secrets.psw.addr,
    scf: input.secrets.scf,
    noi: 0,
    res2: 0,
  });
  const { ciphertext, tag } = gcmSeal(input.headerKey, input.iv, out.subarray(0, aadLength), plain);
  out.set(ciphertext, aadLength);
  out.set(tag, sehs - GCM_TAG_SIZE);
  return out;
}

/** A header as stored: every field readable without a key, nothing authenticated yet. */
export interface SealedSeHeader {
  readonly head: SeHeaderHead;
  readonly keySlots: readonly KeySlot[];
  /** The encrypted area (`sea` bytes of ciphertext). */
  readonly encryptedArea: Uint8Array;
  readonly tag: Uint8Array;
  /** Exactly `sehs` bytes. */
  readonly bytes: Uint8Array;
  readonly aadLength: number;
}

/**
 * Parse a v1 header at `offset` of `buf` with the structural rules of §1.10. Offsets in errors are
 * relative to `buf` (plus `baseOffset`, for images).
 */
export function parseSeHeader(buf: Uint8Array, offset = 0, baseOffset = 0): SealedSeHeader {
  const at = (rel: number) => baseOffset + offset + rel;
  const hex = (n: number) => `0x${n.toString(16)}`;
  let head: SeHeaderHead;
  try {
    head = seHeaderHeadLayout.parse(buf, offset);
  } catch (e) {
    if (e instanceof FormatError) {
      const where = at((e.offset ?? offset) - offset);
      throw new FormatError(e.message.replace(/offset 0x[0-9a-f]+/, `offset ${hex(where)}`), { offset: where, field: e.field });
    }
    throw e;
  }
  const fieldAt = (f: keyof SeHeaderHead & string) => at(seHeaderHeadLayout.offsetOf(f));
  if (head.version !== SE_HEADER_VERSION_1) {
    throw new FormatError(`SE header version ${hex(head.version)} is not supported (only 0x100)`, {
      offset: fieldAt('version'),
      field: 'SeHeader.version',
    });
  }
  const sehs = head.sehs;
  if (sehs <= SE_HEADER_HEAD_SIZE || sehs > SE_HEADER_MAX_SIZE) {
    throw new FormatError(`SE header size sehs=${sehs} is outside ${SE_HEADER_HEAD_SIZE + 1}..${SE_HEADER_MAX_SIZE}`, {
      offset: fieldAt('sehs'),
      field: 'SeHeader.sehs',
    });
  }
  if (head.nks === 0n || head.nks > BigInt(MAX_KEY_SLOTS)) {
    throw new FormatError(`SE header key-slot count nks=${head.nks} is outside 1..${MAX_KEY_SLOTS}`, {
      offset: fieldAt('nks'),
      field: 'SeHeader.nks',
    });
  }
  const nks = Number(head.nks);
  if (head.sea < BigInt(SEA_SIZE) || head.sea % 16n !== 0n || head.sea > BigInt(sehs)) {
    throw new FormatError(`SE header encrypted-area size sea=${head.sea} is invalid (a multiple of 16, at least ${SEA_SIZE})`, {
      offset: fieldAt('sea'),
      field: 'SeHeader.sea',
    });
  }
  const sea = Number(head.sea);
  const expected = SE_HEADER_HEAD_SIZE + KEY_SLOT_SIZE * nks + sea + GCM_TAG_SIZE;
  if (expected !== sehs) {
    throw new FormatError(`SE header sizes disagree: sehs=${sehs} but 416 + 80·nks(${nks}) + sea(${sea}) + 16 = ${expected}`, {
      offset: fieldAt('sehs'),
      field: 'SeHeader.sehs',
    });
  }
  if (offset + sehs > buf.length) {
    throw new FormatError(`SE header is truncated: sehs=${sehs} but only ${buf.length - offset} bytes are present`, {
      offset: at(buf.length - offset),
      field: 'SeHeader',
    });
  }
  if (head.res1 !== 0) {
    throw new FormatError(`SE header reserved field res1 is ${hex(head.res1)}, expected 0`, { offset: fieldAt('res1'), field: 'SeHeader.res1' });
  }
  const keySlots: KeySlot[] = [];
  for (let i = 0; i < nks; i++) keySlots.push(keySlotLayout.parse(buf, offset + SE_HEADER_HEAD_SIZE + KEY_SLOT_SIZE * i));
  const aadLength = SE_HEADER_HEAD_SIZE + KEY_SLOT_SIZE * nks;
  const bytes = buf.slice(offset, offset + sehs);
  return {
    head,
    keySlots,
    encryptedArea: bytes.slice(aadLength, aadLength + sea),
    tag: bytes.slice(sehs - GCM_TAG_SIZE),
    bytes,
    aadLength,
  };
}

export interface OpenedSeHeader extends SeHeaderSecrets {
  readonly headerKey: Uint8Array;
  readonly area: EncryptedArea;
}

/** Authenticate and decrypt with the header protection key. Throws CryptoError E_AUTH, FormatError for noi ≠ 0. */
export function openSeHeader(sealed: SealedSeHeader, headerKey: Uint8Array): OpenedSeHeader {
  if (headerKey.length !== 32) throw new CryptoError('E_KEY', `header key must be 32 bytes, got ${headerKey.length}`);
  const plain = gcmOpen(headerKey, sealed.head.iv, sealed.bytes.subarray(0, sealed.aadLength), sealed.encryptedArea, sealed.tag, 'SE header');
  const area = encryptedAreaLayout.parse(plain);
  if (area.noi !== 0) {
    throw new FormatError(`SE header has ${area.noi} optional items; none are defined`, {
      offset: sealed.aadLength + encryptedAreaLayout.offsetOf('noi'),
      field: 'SeHeaderEncryptedArea.noi',
    });
  }
  return {
    headerKey: headerKey.slice(),
    area,
    cck: area.cck,
    xtsKey: area.xts,
    psw: { mask: area.pswMask, addr: area.pswAddr },
    scf: area.scf,
  };
}

/** The customer public key as a P-521 point, or undefined if the field is not a valid point. */
export function customerPublicKey(sealed: SealedSeHeader): Uint8Array | undefined {
  return coordsToPoint(sealed.head.custPubKey);
}

/**
 * Open a header as the Ultravisor does: find the slot for this host key (by phkh), unwrap the header
 * key with the host private key and the customer public key, then open the header.
 */
export function openSeHeaderWithHostKey(
  sealed: SealedSeHeader,
  host: { privateKey: Uint8Array; publicKey: Uint8Array; phkh: Uint8Array },
): OpenedSeHeader & { slotIndex: number } {
  const slotIndex = sealed.keySlots.findIndex((s) => Buffer.from(s.phkh).equals(Buffer.from(host.phkh)));
  if (slotIndex < 0) throw new CryptoError('E_NO_SLOT', 'no key slot of this SE header belongs to the given host key');
  const cust = customerPublicKey(sealed);
  if (!cust) throw new CryptoError('E_KEY', 'the customer public key in the SE header is not a valid P-521 point');
  const headerKey = unwrapKeySlot(sealed.keySlots[slotIndex]!, host.privateKey, cust);
  return { ...openSeHeader(sealed, headerKey), slotIndex };
}
