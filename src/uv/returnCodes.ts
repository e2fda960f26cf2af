/**
 * Ultravisor-call return codes (rc) and reason codes (rrc): the generic ones of UV-SIE-NOTES §1.3,
 * the image-related pairs stage3a decodes (SE-FORMAT §8.2–§8.4), and the codes our model has to
 * choose where no public source names one (each marked [inf] with the reason).
 *
 * A UV call ends with condition code 0 and rc 0x0001, or condition code 1 and another rc
 * (UV-SIE-NOTES §1.1; this model always completes synchronously, so never CC 2/3).
 */

/** The result of one UV call or of one KVM_PV_* command built from UV calls. */
export interface UvResult {
  readonly rc: number;
  readonly rrc: number;
}

export const UVC_CC_OK = 0;
export const UVC_CC_ERROR = 1;

// Generic (UV-SIE-NOTES §1.3).
export const UVC_RC_EXECUTED = 0x0001;
export const UVC_RC_INV_CMD = 0x0002;
export const UVC_RC_INV_STATE = 0x0003;
export const UVC_RC_INV_LEN = 0x0005;
export const UVC_RC_INV_GHANDLE = 0x0020;
export const UVC_RC_INV_CHANDLE = 0x0021;

// VERIFY_IMG (SE-FORMAT §8.3).
export const RC_UNPACK_VERIFY_MISMATCH = 0x0102;
export const RRC_ALD_MISMATCH = 0x001a;
export const RRC_PLD_MISMATCH = 0x001b;
export const RRC_TLD_MISMATCH = 0x001c;
export const RRC_NEP_MISMATCH = 0x001d;

// SET_SEC_CONF_PARAMS (SE-FORMAT §8.2).
export const RC_HDR_VERSION = 0x0104;
export const RRC_HDR_VERSION = 0x0001;
export const RC_HDR_PCF = 0x0106;
export const RRC_HDR_PCF = 0x0030;
export const RC_HDR_HOST_KEY = 0x0108;
export const RRC_NO_HOST_KEY_SLOT = 0x0005;
export const RRC_CUSTOMER_KEY = 0x000b;
export const RRC_BACKUP_HOST_KEY = 0x0034;
/**
 * [inf] The key slot for our host key does not open (GCM tag of the slot). SE-FORMAT §8.2 row 8
 * says only "0x0108 / other RRC"; stage3a prints "not prepared for this host" for any other RRC.
 * 0x0006 is our choice, the next free value after 0x0005.
 */
export const RRC_SLOT_UNWRAP = 0x0006;
export const RC_HDR_SCF = 0x0109;
export const RRC_HDR_SCF = 0x0000;
export const RC_HDR_CORRUPT = 0x010a;
export const RRC_HDR_LENGTH = 0x0031;
export const RRC_HDR_SEA = 0x0039;
export const RRC_HDR_NO_SLOTS = 0x0040;
/**
 * [inf] The SE header's GCM tag does not verify. Not documented anywhere (UV-SIE-NOTES §1.3 "Not
 * documented publicly"); following its recommendation the model reports rc 0x010A ("header
 * corrupt") with a private RRC, 0x0041, the next value after the last documented one.
 */
export const RRC_HDR_TAG = 0x0041;
/**
 * [inf] Optional items (noi ≠ 0) or an unusable XTS key inside an authentic header: the encrypted
 * area's content is invalid. SE-FORMAT §8.2 row 10 gives only rc 0x010A; we reuse RRC 0x0039
 * (invalid encrypted area) because the area is what is wrong.
 */
export const RRC_HDR_AREA_CONTENT = 0x0039;

// UNPACK_IMG page errors: not documented (UV-SIE-NOTES §1.3 asks for rc ≥ 0x0100, cc 1).
/** [inf] Guest address not page aligned or outside guest storage. */
export const RC_UNPACK_ADDRESS = 0x0106;
/** [inf] The page is already secure (unpacked twice, or overlapping components). */
export const RC_UNPACK_PAGE_SECURE = 0x0107;

export const OK: UvResult = Object.freeze({ rc: UVC_RC_EXECUTED, rrc: 0 });

export function isOk(r: UvResult): boolean {
  return r.rc === UVC_RC_EXECUTED;
}

export function showResult(r: UvResult): string {
  const h = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;
  return `rc ${h(r.rc)} rrc ${h(r.rrc)}`;
}

/**
 * What a failing rc/rrc means, in the words of stage3a's error table (SE-FORMAT §8.4); undefined
 * for codes that table does not know.
 */
export function describeResult(r: UvResult): string | undefined {
  const byRrc: Record<number, Record<number, string>> = {
    [RC_UNPACK_VERIFY_MISMATCH]: {
      [RRC_ALD_MISMATCH]: 'address-list digest (ALD) mismatch',
      [RRC_PLD_MISMATCH]: 'page-list digest (PLD) mismatch',
      [RRC_TLD_MISMATCH]: 'tweak-list digest (TLD) mismatch',
      [RRC_NEP_MISMATCH]: 'encrypted-page count (NEP) mismatch',
    },
    [RC_HDR_VERSION]: { [RRC_HDR_VERSION]: 'unsupported SE header version' },
    [RC_HDR_PCF]: { [RRC_HDR_PCF]: 'unsupported plaintext control flag' },
    [RC_HDR_HOST_KEY]: {
      [RRC_NO_HOST_KEY_SLOT]: 'no key slot for this host key',
      [RRC_CUSTOMER_KEY]: 'invalid customer public key',
      [RRC_BACKUP_HOST_KEY]: 'backup host-key hash mismatch',
    },
    [RC_HDR_SCF]: { [RRC_HDR_SCF]: 'unsupported secret control flag' },
    [RC_HDR_CORRUPT]: {
      [RRC_HDR_LENGTH]: 'SE header length mismatch',
      [RRC_HDR_SEA]: 'invalid encrypted-area size',
      [RRC_HDR_NO_SLOTS]: 'SE header has no key slots',
    },
  };
  const known = byRrc[r.rc]?.[r.rrc];
  if (known) return known;
  if (r.rc === RC_HDR_HOST_KEY) return 'image not prepared for this host';
  return undefined;
}
