/**
 * Why a host-key document (HKD) or the IBM Z signing-key chain was refused (SE-FORMAT §7.6).
 *
 * The codes form a closed set that the CLI, JSON reports and the image builder match on. Chain
 * failures (§7.6 step 4) carry the OpenSSL `X509_V_ERR_*` number IBM's tools report, and the depth
 * in the chain (0 = signing key, 1 = intermediate CA, 2 = root), so a pvkit refusal can be set
 * beside a `pvimg`/`pvverify` one.
 */
import { PvkitError, type PvkitErrorOptions } from '../errors.js';

export type HostKeyVerificationCode =
  /** HKD signature does not verify with the IBM Z signing key. */
  | 'HKD_SIGNATURE'
  /** No currently valid CRL of the signing key was found. */
  | 'HKD_NO_CRL'
  /** The HKD serial number is listed in a valid CRL of the signing key. */
  | 'HKD_REVOKED'
  /** The HKD public key is weaker than 112 bits. */
  | 'HKD_SECURITY_BITS'
  /** The HKD's Authority Key Identifier does not name the signing key. */
  | 'HKD_AKID'
  | 'HKD_NOT_YET_VALID'
  | 'HKD_EXPIRED'
  /** The HKD's issuer name is not the signing key's subject (modulo IBM's known name variants). */
  | 'HKD_ISSUER_MISMATCH'
  /** None of the --cert certificates is an IBM Z signing key. */
  | 'HKD_NO_SIGNING_KEY'
  /** More than one --cert certificate is an IBM Z signing key. */
  | 'HKD_MULTIPLE_SIGNING_KEYS'
  /** The signing key's chain to a trusted root does not verify; see `x509Code` and `depth`. */
  | 'HKD_CHAIN_INVALID';

export interface HostKeyVerificationErrorOptions extends PvkitErrorOptions {
  /** Subject of the certificate at fault. */
  subject?: string;
  /** Chain position (0 = signing key) for HKD_CHAIN_INVALID. */
  depth?: number;
  /** OpenSSL-compatible X509_V_ERR_* number for HKD_CHAIN_INVALID. */
  x509Code?: number;
}

export class HostKeyVerificationError extends PvkitError {
  declare readonly code: HostKeyVerificationCode;
  readonly subject: string | undefined;
  readonly depth: number | undefined;
  readonly x509Code: number | undefined;

  constructor(code: HostKeyVerificationCode, message: string, options: HostKeyVerificationErrorOptions = {}) {
    super(code, message, options);
    this.subject = options.subject;
    this.depth = options.depth;
    this.x509Code = options.x509Code;
  }
}
