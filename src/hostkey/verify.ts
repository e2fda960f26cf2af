/**
 * Host-key document verification, offline first (SE-FORMAT §7.6; the step order and outcomes
 * follow IBM's `rust/pv` verifier as set out in the s390-tools vectors' EXPECTED.md §1.2).
 *
 * Data flow: the `--cert`, `--crl` and `--root-ca` files are read into certificates and CRLs
 * (plus, when online, the CRLs at the certificates' distribution points) → the one IBM Z signing
 * key is picked out → its chain to a trust anchor is verified (`signingKeyChain.ts`) → each HKD is
 * checked against the signing key and the signing key's CRLs.
 *
 * Per HKD, in this order, the first failure wins: key strength ≥ 112 bits; validity period;
 * AKID names the signing key; signature by the signing key; issuer name is the signing key's
 * subject (pvkit rule, see below); at least one currently valid CRL of the signing key (found by
 * the signing key's name with IBM's Armonk→Poughkeepsie and RDN-order fallbacks, plus, online,
 * the one at the HKD's own distribution point), with a fitting AKID and the signing key's
 * signature; the HKD's serial in none of them.
 *
 * pvkit rule beyond IBM's current code: the HKD's issuer name must equal the signing key's subject
 * up to IBM's known name variants (Armonk/Poughkeepsie, C-O-OU-L-ST-CN order). IBM's C tool and
 * the Rust tool before March 2024 checked the issuer too; the check runs after the signature check,
 * so every outcome listed in EXPECTED.md stays the same.
 */
import { type LoadedCertificate, type LoadedCrl, loadCertificate, readCertificateFile, readCrlFile, scanCrls } from './certificateFiles.js';
import { type CrlFetcher, createHttpCrlFetcher, downloadCrls } from './crlFetch.js';
import {
  type DistinguishedName,
  LOCALITY_ARMONK,
  LOCALITY_POUGHKEEPSIE,
  formatName,
  inIbmCrlIssuerOrder,
  namesEqual,
  namesEquivalentForIbm,
  rdnsOf,
  singleAttribute,
  withLocality,
} from './distinguishedName.js';
import type { HostKeyDocument } from './hostKeyDocument.js';
import { akidMatches, authorityKeyId, normalizeSerial } from './keyIdentifier.js';
import { MIN_SECURITY_BITS, publicKeySecurityBits } from './securityBits.js';
import { selectSigningKey } from './signingKey.js';
import { type VerifiedChain, crlTimeValid, verifySigningKeyChain } from './signingKeyChain.js';
import { isSignedBy, publicKeyAlgorithmOf } from './signature.js';
import { readRootCaFile, systemTrustAnchors } from './trustStore.js';
import { HostKeyVerificationError } from './verificationError.js';
import type { X509Certificate } from './x509.js';

export { HostKeyVerificationError, type HostKeyVerificationCode } from './verificationError.js';
export type { CrlFetcher } from './crlFetch.js';

export interface HostKeyVerificationOptions {
  /** Certificate files: the IBM Z signing key and the intermediate CA(s). */
  readonly certs: readonly string[];
  /** CRL files (PEM, possibly several per file, or one DER CRL each). */
  readonly crls: readonly string[];
  /** Root CA file; without it, Node's bundled public roots are the trust anchors. */
  readonly rootCa?: string | undefined;
  /** Never download CRLs. */
  readonly offline: boolean;
  /** Verification time; default now. */
  readonly at?: Date | undefined;
  /** CRL downloader used when not offline; default: http(s), 3 s timeout, ≤ 1 MiB. */
  readonly fetchCrl?: CrlFetcher | undefined;
}

/** A certificate as shown in reports. */
export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly serial: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** File, URL or "system trust store". */
  readonly source: string;
}

export interface HostKeyDocumentResult {
  readonly path: string;
  readonly ok: true;
  readonly subject: string;
  readonly serial: string;
  /** HKD, signing key, intermediate(s), root. */
  readonly chain: readonly CertificateSummary[];
  /** Sources of the signing-key CRLs that were valid and checked. */
  readonly crls: readonly string[];
}

export interface HostKeyVerificationReport {
  readonly at: string;
  readonly offline: boolean;
  readonly signingKey: CertificateSummary;
  /** Signing key first, trust anchor last. */
  readonly signingKeyChain: readonly CertificateSummary[];
  readonly documents: readonly HostKeyDocumentResult[];
  /** Failed CRL downloads (online mode only). */
  readonly downloadNotes: readonly string[];
}

/** Everything the per-HKD checks need once the signing key is verified. */
export interface VerifiedSigningKey {
  readonly signingKey: LoadedCertificate;
  readonly chain: VerifiedChain;
  /** Every CRL known (files, root-CA file, certificate files, downloads). */
  readonly crls: readonly LoadedCrl[];
  readonly at: Date;
  readonly offline: boolean;
  readonly fetchCrl: CrlFetcher;
  readonly downloadNotes: string[];
}

export function summarize(cert: LoadedCertificate): CertificateSummary {
  return {
    subject: formatName(cert.subject),
    issuer: formatName(cert.issuer),
    serial: cert.cert.serialNumber,
    notBefore: cert.cert.notBefore.toISOString(),
    notAfter: cert.cert.notAfter.toISOString(),
    source: cert.source,
  };
}

/**
 * Read the inputs, pick the signing key and verify its chain (SE-FORMAT §7.6 steps 1–4).
 * @throws InputError for unreadable files; HostKeyVerificationError for refusals.
 */
export async function prepareSigningKey(opts: HostKeyVerificationOptions): Promise<VerifiedSigningKey> {
  const at = opts.at ?? new Date();
  const fetchCrl = opts.fetchCrl ?? createHttpCrlFetcher();
  const anchors = opts.rootCa !== undefined ? await readRootCaFile(opts.rootCa) : systemTrustAnchors();
  const crls: LoadedCrl[] = [...anchors.crls];
  for (const path of opts.crls) crls.push(...(await readCrlFile(path)));
  const certs: LoadedCertificate[] = [];
  for (const path of opts.certs) {
    crls.push(...(await scanCrls(path)));
    certs.push(...(await readCertificateFile(path)));
  }
  const downloadNotes: string[] = [];
  if (!opts.offline) {
    for (const cert of certs) crls.push(...(await downloadCrls(cert, fetchCrl, downloadNotes)));
  }
  const { signingKey, others } = selectSigningKey(certs, opts.certs);
  const chain = await verifySigningKeyChain({ signingKey, untrusted: others, trusted: anchors.certificates, crls, at, downloadNotes });
  return { signingKey, chain, crls, at, offline: opts.offline, fetchCrl, downloadNotes };
}

/** Names under which IBM's signing-key CRLs may be issued, in the order they are tried. */
export function crlIssuerNameVariants(subject: DistinguishedName): DistinguishedName[] {
  const variants: DistinguishedName[] = [subject];
  if (singleAttribute(subject, 'L') === LOCALITY_ARMONK) {
    const pk = withLocality(subject, LOCALITY_POUGHKEEPSIE);
    variants.push(pk);
    const pkReordered = inIbmCrlIssuerOrder(pk);
    if (pkReordered) variants.push(pkReordered);
  }
  const reordered = inIbmCrlIssuerOrder(subject);
  if (reordered) variants.push(reordered);
  return variants;
}

/** Store CRLs named after the signing key: the first name variant that finds any wins. */
function crlsByIssuerName(crls: readonly LoadedCrl[], subject: DistinguishedName): LoadedCrl[] {
  for (const name of crlIssuerNameVariants(subject)) {
    const found = crls.filter((c) => namesEqual(c.issuer, name));
    if (found.length > 0) return found;
  }
  return [];
}

function hkdError(code: ConstructorParameters<typeof HostKeyVerificationError>[0], path: string, subject: string, reason: string): HostKeyVerificationError {
  return new HostKeyVerificationError(code, `host-key document '${subject}' ${reason}`, { file: path, subject });
}

/**
 * Check one HKD certificate against a verified signing key (SE-FORMAT §7.6 step 5).
 * @throws HostKeyVerificationError with the HKD_* code of the first failing check.
 */
export async function checkHostKeyDocument(cert: X509Certificate, path: string, key: VerifiedSigningKey): Promise<HostKeyDocumentResult> {
  const signing = key.signingKey;
  const subject = formatName(rdnsOf(cert.subjectName));
  const t = key.at.getTime();

  const bits = publicKeySecurityBits(publicKeyAlgorithmOf(cert));
  if (bits < MIN_SECURITY_BITS) throw hkdError('HKD_SECURITY_BITS', path, subject, `has a ${bits}-bit key; at least ${MIN_SECURITY_BITS} bits are required`);
  if (t < cert.notBefore.getTime()) {
    throw hkdError('HKD_NOT_YET_VALID', path, subject, `is not valid before ${cert.notBefore.toISOString()} (verification time ${key.at.toISOString()})`);
  }
  if (t >= cert.notAfter.getTime()) {
    throw hkdError('HKD_EXPIRED', path, subject, `expired at ${cert.notAfter.toISOString()} (verification time ${key.at.toISOString()})`);
  }
  const akid = authorityKeyId(cert);
  if (!akidMatches(akid, signing.cert)) {
    throw hkdError('HKD_AKID', path, subject, `names authority key ${akid?.keyId ?? '(by issuer and serial)'}, not the IBM Z signing key '${formatName(signing.subject)}'`);
  }
  if (!(await isSignedBy(cert, signing.cert))) {
    throw hkdError('HKD_SIGNATURE', path, subject, `is not signed by the IBM Z signing key '${formatName(signing.subject)}' (${signing.source})`);
  }
  const issuer = rdnsOf(cert.issuerName);
  if (!namesEquivalentForIbm(issuer, signing.subject)) {
    throw hkdError('HKD_ISSUER_MISMATCH', path, subject, `names issuer '${formatName(issuer)}', not the IBM Z signing key '${formatName(signing.subject)}'`);
  }

  const candidates = crlsByIssuerName(key.crls, signing.subject);
  const notes: string[] = [];
  if (!key.offline) {
    const hkd = { cert, der: new Uint8Array(cert.rawData), source: path, subject: rdnsOf(cert.subjectName), issuer };
    candidates.push(...(await downloadCrls(hkd, key.fetchCrl, notes)));
  }
  const valid: LoadedCrl[] = [];
  for (const c of candidates) {
    if (c.crl.nextUpdate === undefined || !crlTimeValid(c.crl, key.at)) continue;
    if (!akidMatches(authorityKeyId(c.crl), signing.cert)) continue;
    if (!(await isSignedBy(c.crl, signing.cert))) continue;
    valid.push(c);
  }
  if (valid.length === 0) {
    const seen = candidates.length === 0 ? 'none found' : `${candidates.length} found, none currently valid and signed by it: ${candidates.map((c) => c.source).join(', ')}`;
    throw hkdError(
      'HKD_NO_CRL',
      path,
      subject,
      `cannot be checked for revocation: no valid CRL of the IBM Z signing key '${formatName(signing.subject)}' (${seen}; give it with --crl)` +
        (notes.length ? ` (${notes.join('; ')})` : ''),
    );
  }
  const serial = normalizeSerial(cert.serialNumber);
  for (const c of valid) {
    if (c.crl.entries.some((e) => normalizeSerial(e.serialNumber) === serial)) {
      throw hkdError('HKD_REVOKED', path, subject, `is revoked (serial ${cert.serialNumber} is listed in CRL ${c.source})`);
    }
  }
  const hkdSummary: CertificateSummary = {
    subject,
    issuer: formatName(issuer),
    serial: cert.serialNumber,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    source: path,
  };
  return { path, ok: true, subject, serial: cert.serialNumber, chain: [hkdSummary, ...key.chain.certificates.map(summarize)], crls: valid.map((c) => c.source) };
}

/**
 * Verify host-key documents against IBM's chain of trust (SE-FORMAT §7.6).
 * Resolves to a report when every document verifies.
 * @throws InputError when an input file cannot be read or parsed.
 * @throws HostKeyVerificationError naming the certificate and the reason of the first refusal.
 */
export async function verifyHostKeyDocuments(docs: readonly HostKeyDocument[], opts: HostKeyVerificationOptions): Promise<HostKeyVerificationReport> {
  const key = await prepareSigningKey(opts);
  const documents: HostKeyDocumentResult[] = [];
  for (const doc of docs) documents.push(await checkHostKeyDocument(loadCertificate(doc.der, doc.path).cert, doc.path, key));
  return {
    at: key.at.toISOString(),
    offline: opts.offline,
    signingKey: summarize(key.signingKey),
    signingKeyChain: key.chain.certificates.map(summarize),
    documents,
    downloadNotes: key.downloadNotes,
  };
}
