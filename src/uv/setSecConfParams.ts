/**
 * What the Ultravisor checks when the hypervisor hands it the SE header (Set Secure Configuration
 * Parameters, UVC 0x0300): SE-FORMAT §8.2, in the order of its table. The header is parsed and
 * opened with the format modules (`seHeader.ts`, `keySlot.ts`); this module only decides which
 * check fails first and which rc/rrc that gives. On success the caller gets the opened header
 * (XTS key, PSW, flags, the digests to verify against).
 */
import { FormatError, PvkitError } from '../errors.js';
import { GCM_TAG_SIZE } from '../crypto/gcm.js';
import { checkXtsKey } from '../crypto/xts.js';
import { PCF_FLAGS, flagMask, msb0 } from '../format/controlFlags.js';
import { KEY_SLOT_SIZE, type KeySlot, keySlotLayout, unwrapKeySlot } from '../format/keySlot.js';
import {
  customerPublicKey,
  openSeHeader,
  type OpenedSeHeader,
  type SealedSeHeader,
  SE_HEADER_HEAD_SIZE,
  SE_HEADER_MAGIC,
  SE_HEADER_VERSION_1,
  SEA_SIZE,
  type SeHeaderHead,
  seHeaderHeadLayout,
} from '../format/seHeader.js';
import {
  OK,
  RC_HDR_CORRUPT,
  RC_HDR_HOST_KEY,
  RC_HDR_PCF,
  RC_HDR_SCF,
  RC_HDR_VERSION,
  RRC_BACKUP_HOST_KEY,
  RRC_CUSTOMER_KEY,
  RRC_HDR_AREA_CONTENT,
  RRC_HDR_LENGTH,
  RRC_HDR_NO_SLOTS,
  RRC_HDR_PCF,
  RRC_HDR_SCF,
  RRC_HDR_SEA,
  RRC_HDR_TAG,
  RRC_HDR_VERSION,
  RRC_NO_HOST_KEY_SLOT,
  RRC_SLOT_UNWRAP,
  type UvResult,
} from './returnCodes.js';

/** A host key pair the Ultravisor holds (SE-FORMAT §2.4): P-521 scalar, point, and its phkh. */
export interface UvHostKey {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly phkh: Uint8Array;
}

/** What this UV accepts (the `supp_se_hdr_pcf` of SE-FORMAT §1.8 and the SCF bits of §1.9). */
export interface UvCapabilities {
  readonly supportedPcf: bigint;
  readonly supportedScf: bigint;
}

/**
 * PCF bits a UV supports: the bits pvinfo documents for `supp_se_hdr_pcf` (SE-FORMAT §1.8: 34, 35,
 * 56, 57, 58, 62) plus 59 (PCKMO HMAC), which pvimg can set and newer machines accept [inf: pvinfo
 * lists 59 as reserved; we accept it so that every image pvimg can build boots].
 */
export const SUPPORTED_PCF = [34, 35, 56, 57, 58, 59, 62].reduce((m, b) => m | msb0(b), 0n);
/** SCF bit 1 (CCK extension secret) everywhere; bit 2 (CCK update) needs z17 (SE-FORMAT §1.9). */
export const SUPPORTED_SCF_BEFORE_Z17 = msb0(1);
export const SUPPORTED_SCF_Z17 = msb0(1) | msb0(2);

const PCF_BACKUP_KEYS = flagMask(PCF_FLAGS.backupKeys);
const PCF_NO_DECRYPTION = flagMask(PCF_FLAGS.noImageDecryption);

export type SetParamsOutcome =
  | { readonly result: UvResult; readonly opened?: undefined }
  | { readonly result: UvResult; readonly opened: OpenedSeHeader; readonly sealed: SealedSeHeader; readonly slotIndex: number };

const fail = (rc: number, rrc: number): SetParamsOutcome => ({ result: { rc, rrc } });

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

/**
 * Check and open `header` (exactly the `sec_header_len` bytes the hypervisor passed) with the UV's
 * host keys: `hostKeys[0]` is the primary host key, later ones are backup host keys.
 */
export function setSecConfParams(header: Uint8Array, hostKeys: readonly UvHostKey[], caps: UvCapabilities): SetParamsOutcome {
  const len = header.length;
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);

  // §8.2 row 1: magic and version. [inf] A block too short to hold them is a length mismatch.
  if (len < 12) return fail(RC_HDR_CORRUPT, RRC_HDR_LENGTH);
  if (!equalBytes(header.subarray(0, 8), SE_HEADER_MAGIC) || view.getUint32(8) !== SE_HEADER_VERSION_1) {
    return fail(RC_HDR_VERSION, RRC_HDR_VERSION);
  }
  // Row 2: sehs must equal the length the hypervisor gave (the IPIB's pv_hdr_size, §8.1 step 2a).
  // [inf] A length below the fixed head cannot be a v1 header either: same code.
  if (len < SE_HEADER_HEAD_SIZE + GCM_TAG_SIZE || view.getUint32(12) !== len) return fail(RC_HDR_CORRUPT, RRC_HDR_LENGTH);
  const head: SeHeaderHead = seHeaderHeadLayout.parse(header, 0);
  // Row 3: at least one key slot.
  if (head.nks === 0n) return fail(RC_HDR_CORRUPT, RRC_HDR_NO_SLOTS);
  // Row 4: sea ≥ 128, a multiple of 16 [inf], and the sizes add up to sehs.
  const expected = BigInt(SE_HEADER_HEAD_SIZE) + BigInt(KEY_SLOT_SIZE) * head.nks + head.sea + BigInt(GCM_TAG_SIZE);
  if (head.sea < BigInt(SEA_SIZE) || head.sea % 16n !== 0n || expected !== BigInt(len)) return fail(RC_HDR_CORRUPT, RRC_HDR_SEA);
  // Row 5: only supported plaintext control flags.
  if ((head.pcf & ~caps.supportedPcf) !== 0n) return fail(RC_HDR_PCF, RRC_HDR_PCF);

  const nks = Number(head.nks);
  const sea = Number(head.sea);
  const keySlots: KeySlot[] = [];
  for (let i = 0; i < nks; i++) keySlots.push(keySlotLayout.parse(header, SE_HEADER_HEAD_SIZE + KEY_SLOT_SIZE * i));
  const aadLength = SE_HEADER_HEAD_SIZE + KEY_SLOT_SIZE * nks;
  const sealed: SealedSeHeader = {
    head,
    keySlots,
    encryptedArea: header.slice(aadLength, aadLength + sea),
    tag: header.slice(len - GCM_TAG_SIZE),
    bytes: header.slice(),
    aadLength,
  };

  // Row 6: a slot for our host key. The primary key first; a backup key only when PCF bit 62
  // allows it (§1.8). [inf] With bit 62 set and no slot for any of our keys the UV blames the
  // backup key (RRC 0x0034, §8.2 row 6); without bit 62 it is RRC 0x0005.
  const slotFor = (k: UvHostKey) => keySlots.findIndex((s) => equalBytes(s.phkh, k.phkh));
  let host: UvHostKey | undefined;
  let slotIndex = -1;
  const primary = hostKeys[0];
  if (primary !== undefined && (slotIndex = slotFor(primary)) >= 0) host = primary;
  else if ((head.pcf & PCF_BACKUP_KEYS) !== 0n) {
    for (const k of hostKeys.slice(1)) {
      if ((slotIndex = slotFor(k)) >= 0) {
        host = k;
        break;
      }
    }
    if (host === undefined) return fail(RC_HDR_HOST_KEY, RRC_BACKUP_HOST_KEY);
  }
  if (host === undefined) return fail(RC_HDR_HOST_KEY, RRC_NO_HOST_KEY_SLOT);

  // Row 7: the customer public key must be a point on P-521.
  const customer = customerPublicKey(sealed);
  if (customer === undefined) return fail(RC_HDR_HOST_KEY, RRC_CUSTOMER_KEY);

  // Row 8: unwrap the header key from our slot (ECDH + KDF, GCM with IV 0, §2.2–§2.3).
  let headerKey: Uint8Array;
  try {
    headerKey = unwrapKeySlot(keySlots[slotIndex]!, host.privateKey, customer);
  } catch (e) {
    if (e instanceof PvkitError) return fail(RC_HDR_HOST_KEY, RRC_SLOT_UNWRAP);
    throw e;
  }

  // Rows 9–10: authenticate and decrypt the encrypted area; no optional items.
  let opened: OpenedSeHeader;
  try {
    opened = openSeHeader(sealed, headerKey);
  } catch (e) {
    if (e instanceof FormatError) return fail(RC_HDR_CORRUPT, RRC_HDR_AREA_CONTENT);
    if (e instanceof PvkitError) return fail(RC_HDR_CORRUPT, RRC_HDR_TAG);
    throw e;
  }
  // Row 11: only supported secret control flags.
  if ((opened.scf & ~caps.supportedScf) !== 0n) return fail(RC_HDR_SCF, RRC_HDR_SCF);
  // [inf] Not in §8.2: an XTS key that AES-XTS refuses (identical halves, §3.1) cannot decrypt
  // the components; checked last so that the documented order above is untouched.
  if ((head.pcf & PCF_NO_DECRYPTION) === 0n) {
    try {
      checkXtsKey(opened.xtsKey);
    } catch {
      return fail(RC_HDR_CORRUPT, RRC_HDR_AREA_CONTENT);
    }
  }
  return { result: OK, opened, sealed, slotIndex };
}
