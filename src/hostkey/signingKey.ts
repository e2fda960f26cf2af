/**
 * Recognising the IBM Z signing key among the `--cert` certificates (SE-FORMAT §7.6 step 3).
 *
 * Its subject has exactly six attributes: C=US, ST=New York, L=Poughkeepsie or Armonk (IBM moved
 * the signing service's locality), O and CN both "International Business Machines Corporation",
 * and an OU ending in "Key Signing Service". Exactly one certificate may match; the others become
 * the untrusted intermediates of its chain.
 */
import type { LoadedCertificate } from './certificateFiles.js';
import {
  type DistinguishedName,
  LOCALITY_ARMONK,
  LOCALITY_POUGHKEEPSIE,
  attributesOf,
  formatName,
  singleAttribute,
} from './distinguishedName.js';
import { HostKeyVerificationError } from './verificationError.js';

export const IBM_CORPORATION = 'International Business Machines Corporation';
export const IBM_SIGNING_OU_SUFFIX = 'Key Signing Service';

export function isIbmZSigningKeySubject(dn: DistinguishedName): boolean {
  if (attributesOf(dn).length !== 6) return false;
  const l = singleAttribute(dn, 'L');
  const ou = singleAttribute(dn, 'OU');
  return (
    singleAttribute(dn, 'C') === 'US' &&
    singleAttribute(dn, 'ST') === 'New York' &&
    (l === LOCALITY_POUGHKEEPSIE || l === LOCALITY_ARMONK) &&
    singleAttribute(dn, 'O') === IBM_CORPORATION &&
    singleAttribute(dn, 'CN') === IBM_CORPORATION &&
    ou !== undefined &&
    ou.endsWith(IBM_SIGNING_OU_SUFFIX)
  );
}

export function isIbmZSigningKey(cert: LoadedCertificate): boolean {
  return isIbmZSigningKeySubject(cert.subject);
}

/**
 * Split the certificates into the one IBM Z signing key and the rest.
 * @throws HostKeyVerificationError HKD_NO_SIGNING_KEY or HKD_MULTIPLE_SIGNING_KEYS.
 */
export function selectSigningKey(
  certs: readonly LoadedCertificate[],
  files: readonly string[] = [...new Set(certs.map((c) => c.source))],
): { signingKey: LoadedCertificate; others: LoadedCertificate[] } {
  const keys = certs.filter(isIbmZSigningKey);
  if (keys.length === 0) {
    throw new HostKeyVerificationError(
      'HKD_NO_SIGNING_KEY',
      `none of the ${certs.length} certificate(s) in ${files.join(', ') || '(no --cert file)'} is an IBM Z signing key ` +
        `(subject C=US, O=CN=${IBM_CORPORATION}, ST=New York, L=Poughkeepsie or Armonk, OU=...${IBM_SIGNING_OU_SUFFIX})`,
    );
  }
  if (keys.length > 1) {
    throw new HostKeyVerificationError(
      'HKD_MULTIPLE_SIGNING_KEYS',
      `only one IBM Z signing key may be given, found ${keys.length}: ` +
        keys.map((k) => `${k.source} (${formatName(k.subject)}, serial ${k.cert.serialNumber})`).join('; '),
      { file: keys[1]!.source },
    );
  }
  const signingKey = keys[0]!;
  return { signingKey, others: certs.filter((c) => c !== signingKey) };
}
