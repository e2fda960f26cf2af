/**
 * Verification of the IBM Z signing key's chain to a trusted root (SE-FORMAT §7.6 step 4).
 *
 * IBM's tools hand this step to OpenSSL with strict X.509 rules, trusted-first issuer search, CRL
 * checks for every certificate below the trust anchor, the anchor's self-signature checked, at
 * most two intermediates, and security level 2. pvkit follows the same steps in the same order,
 * so that it refuses the same chains and reports the same `X509_V_ERR_*` number at the same depth
 * (0 = signing key):
 *
 * 1. build the chain: for each certificate, an issuer is a certificate whose subject equals its
 *    issuer name, whose key identifier fits its AKID and whose key type fits its signature; trust
 *    anchors are searched first, then the other `--cert` certificates;
 * 2. extensions: unknown critical extensions, CA flag of every issuer, path length;
 * 3. security level 2: keys and chain signature digests of at least 112 bits;
 * 4. revocation, from the signing key upward: the CRL is chosen as OpenSSL does (issuer name and
 *    AKID must fit; currently valid beats stale; then the newest thisUpdate), then its time,
 *    signature and entries are checked;
 * 5. from the anchor down: signatures (the anchor's own too) and validity periods;
 * 6. the chain must hold at least two certificates.
 */
import type { LoadedCertificate, LoadedCrl } from './certificateFiles.js';
import { formatName, namesEqual } from './distinguishedName.js';
import { akidMatches, authorityKeyId, normalizeSerial } from './keyIdentifier.js';
import { MIN_SECURITY_BITS, publicKeySecurityBits, signatureDigestBits } from './securityBits.js';
import { isSignedBy, publicKeyAlgorithmOf, signatureAlgorithmFitsKey, signatureAlgorithmOf } from './signature.js';
import { HostKeyVerificationError } from './verificationError.js';
import { BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, type X509Certificate, type X509Crl } from './x509.js';

/** The OpenSSL verification errors this module reports, with OpenSSL's numbers. */
export const X509_V_ERR = {
  UNABLE_TO_GET_ISSUER_CERT: 2,
  UNABLE_TO_GET_CRL: 3,
  CERT_SIGNATURE_FAILURE: 7,
  CRL_SIGNATURE_FAILURE: 8,
  CERT_NOT_YET_VALID: 9,
  CERT_HAS_EXPIRED: 10,
  CRL_NOT_YET_VALID: 11,
  CRL_HAS_EXPIRED: 12,
  DEPTH_ZERO_SELF_SIGNED_CERT: 18,
  SELF_SIGNED_CERT_IN_CHAIN: 19,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 20,
  CERT_CHAIN_TOO_LONG: 22,
  CERT_REVOKED: 23,
  INVALID_CA: 24,
  PATH_LENGTH_EXCEEDED: 25,
  KEYUSAGE_NO_CERTSIGN: 32,
  UNHANDLED_CRITICAL_EXTENSION: 34,
  KEYUSAGE_NO_CRL_SIGN: 35,
  UNHANDLED_CRITICAL_CRL_EXTENSION: 36,
  EE_KEY_TOO_SMALL: 66,
  CA_KEY_TOO_SMALL: 67,
  CA_MD_TOO_WEAK: 68,
} as const;

const X509_V_ERR_TEXT: Readonly<Record<number, string>> = {
  2: 'unable to get issuer certificate',
  3: 'unable to get certificate CRL',
  7: 'certificate signature failure',
  8: 'CRL signature failure',
  9: 'certificate is not yet valid',
  10: 'certificate has expired',
  11: 'CRL is not yet valid',
  12: 'CRL has expired',
  18: 'self-signed certificate',
  19: 'self-signed certificate in certificate chain',
  20: 'unable to get local issuer certificate',
  22: 'certificate chain too long',
  23: 'certificate revoked',
  24: 'invalid CA certificate',
  25: 'path length constraint exceeded',
  32: 'key usage does not include certificate signing',
  34: 'unhandled critical extension',
  35: 'key usage does not include CRL signing',
  36: 'unhandled critical CRL extension',
  66: 'EE certificate key too weak',
  67: 'CA certificate key too weak',
  68: 'CA signature digest algorithm too weak',
};

/** Maximum number of intermediate CAs between the signing key and the anchor (verify depth 2). */
export const MAX_CHAIN_DEPTH = 2;

/** Extensions OpenSSL understands in certificates; any other critical one is refused. */
const KNOWN_CERT_EXTENSIONS = new Set([
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.15', // keyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.18', // issuerAltName
  '2.5.29.19', // basicConstraints
  '2.5.29.30', // nameConstraints
  '2.5.29.31', // cRLDistributionPoints
  '2.5.29.32', // certificatePolicies
  '2.5.29.33', // policyMappings
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.36', // policyConstraints
  '2.5.29.37', // extKeyUsage
  '2.5.29.54', // inhibitAnyPolicy
  '1.3.6.1.5.5.7.1.1', // authorityInfoAccess
  '1.3.6.1.5.5.7.1.14', // proxyCertInfo
]);

/** Extensions OpenSSL understands in CRLs. */
const KNOWN_CRL_EXTENSIONS = new Set(['2.5.29.20', '2.5.29.27', '2.5.29.28', '2.5.29.35', '2.5.29.46']);

export interface ChainInput {
  readonly signingKey: LoadedCertificate;
  /** The other `--cert` certificates. */
  readonly untrusted: readonly LoadedCertificate[];
  readonly trusted: readonly LoadedCertificate[];
  readonly crls: readonly LoadedCrl[];
  readonly at: Date;
  /** Reasons of failed CRL downloads, added to "unable to get CRL" refusals. */
  readonly downloadNotes?: readonly string[];
}

export interface VerifiedChain {
  /** Signing key first, trust anchor last. */
  readonly certificates: readonly LoadedCertificate[];
  /** The CRL used for each certificate below the anchor, by depth. */
  readonly crls: readonly LoadedCrl[];
}

export function x509ErrorText(code: number): string {
  return X509_V_ERR_TEXT[code] ?? `X509 verify error ${code}`;
}

function fail(code: number, depth: number, cert: LoadedCertificate, detail?: string): never {
  const role = depth === 0 ? 'IBM Z signing key' : `chain certificate at depth ${depth}`;
  throw new HostKeyVerificationError(
    'HKD_CHAIN_INVALID',
    `${role} '${formatName(cert.subject)}' does not verify: ${x509ErrorText(code)} (X509 error ${code}, depth ${depth})` +
      (detail ? `; ${detail}` : ''),
    { file: cert.source === 'system trust store' ? undefined : cert.source, subject: formatName(cert.subject), depth, x509Code: code },
  );
}

function isSelfSigned(c: LoadedCertificate): boolean {
  return namesEqual(c.subject, c.issuer) && akidMatches(authorityKeyId(c.cert), c.cert);
}

function isTimeValid(c: X509Certificate, at: Date): boolean {
  return c.notBefore.getTime() <= at.getTime() && at.getTime() < c.notAfter.getTime();
}

function mayIssue(issuer: LoadedCertificate, cert: LoadedCertificate): boolean {
  return (
    namesEqual(issuer.subject, cert.issuer) &&
    akidMatches(authorityKeyId(cert.cert), issuer.cert) &&
    signatureAlgorithmFitsKey(cert.cert, issuer.cert)
  );
}

function findIssuer(pool: readonly LoadedCertificate[], cert: LoadedCertificate, at: Date, exclude: readonly LoadedCertificate[]): LoadedCertificate | undefined {
  const candidates = pool.filter((p) => !exclude.some((e) => sameCertificate(e, p)) && mayIssue(p, cert));
  return candidates.find((c) => isTimeValid(c.cert, at)) ?? candidates[0];
}

function sameCertificate(a: LoadedCertificate, b: LoadedCertificate): boolean {
  if (a.der.length !== b.der.length) return false;
  for (let i = 0; i < a.der.length; i++) if (a.der[i] !== b.der[i]) return false;
  return true;
}

/** Step 1: trusted-first chain building. */
function buildChain(input: ChainInput): LoadedCertificate[] {
  const chain: LoadedCertificate[] = [input.signingKey];
  if (input.trusted.some((t) => sameCertificate(t, input.signingKey)) && isSelfSigned(input.signingKey)) return chain;
  let anchored = false;
  for (;;) {
    const cur = chain[chain.length - 1]!;
    const depth = chain.length - 1;
    if (depth > 0 && anchored && isSelfSigned(cur)) return chain;
    // The signing key, up to MAX_CHAIN_DEPTH intermediates and the anchor.
    if (chain.length > MAX_CHAIN_DEPTH + 1) fail(X509_V_ERR.CERT_CHAIN_TOO_LONG, depth, cur);
    const trusted = findIssuer(input.trusted, cur, input.at, isSelfSigned(cur) ? [] : chain);
    if (trusted !== undefined && !(isSelfSigned(cur) && sameCertificate(trusted, cur))) {
      chain.push(trusted);
      anchored = true;
      continue;
    }
    if (trusted !== undefined) {
      // A self-signed certificate that is itself trusted ends the chain.
      return chain;
    }
    if (anchored) fail(X509_V_ERR.UNABLE_TO_GET_ISSUER_CERT, depth, cur);
    if (isSelfSigned(cur)) {
      fail(
        depth === 0 ? X509_V_ERR.DEPTH_ZERO_SELF_SIGNED_CERT : X509_V_ERR.SELF_SIGNED_CERT_IN_CHAIN,
        depth,
        cur,
        'this root is not trusted (give it with --root-ca)',
      );
    }
    const untrusted = findIssuer(input.untrusted, cur, input.at, chain);
    if (untrusted === undefined) {
      fail(X509_V_ERR.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, depth, cur, `no certificate for its issuer '${formatName(cur.issuer)}' (give it with --cert or --root-ca)`);
    }
    chain.push(untrusted);
  }
}

/** Step 2. */
function checkExtensions(chain: readonly LoadedCertificate[]): void {
  let pathLength = 0;
  chain.forEach((c, i) => {
    for (const ext of c.cert.extensions) {
      if (ext.critical && !KNOWN_CERT_EXTENSIONS.has(ext.type)) fail(X509_V_ERR.UNHANDLED_CRITICAL_EXTENSION, i, c, `extension ${ext.type}`);
    }
    const bc = c.cert.getExtension(BasicConstraintsExtension);
    if (i > 0 && (bc === null || !bc.ca)) fail(X509_V_ERR.INVALID_CA, i, c, 'it issues a certificate but is not a CA');
    if (i > 1 && bc?.pathLength !== undefined && pathLength > bc.pathLength) fail(X509_V_ERR.PATH_LENGTH_EXCEEDED, i, c);
    if (i > 0 && !namesEqual(c.subject, c.issuer)) pathLength++;
  });
}

/** Step 3: security level 2. */
function checkSecurityLevel(chain: readonly LoadedCertificate[]): void {
  chain.forEach((c, i) => {
    const bits = publicKeySecurityBits(publicKeyAlgorithmOf(c.cert));
    if (bits < MIN_SECURITY_BITS) {
      fail(i === 0 ? X509_V_ERR.EE_KEY_TOO_SMALL : X509_V_ERR.CA_KEY_TOO_SMALL, i, c, `${bits}-bit key, at least ${MIN_SECURITY_BITS} needed`);
    }
    // The anchor's self-signature does not count (OpenSSL skips it).
    if (i < chain.length - 1 || !isSelfSigned(c)) {
      const md = signatureDigestBits(signatureAlgorithmOf(c.cert));
      if (md !== undefined && md < MIN_SECURITY_BITS) fail(X509_V_ERR.CA_MD_TOO_WEAK, i, c, `${md}-bit digest`);
    }
  });
}

// OpenSSL's CRL scores (x509_vfy.c): higher is better; a CRL scoring 0 is unusable.
const CRL_SCORE_NOCRITICAL = 0x100;
const CRL_SCORE_SCOPE = 0x080;
const CRL_SCORE_TIME = 0x040;
const CRL_SCORE_ISSUER_NAME = 0x020;
const CRL_SCORE_ISSUER_CERT = 0x018;
const CRL_SCORE_SAME_PATH = 0x008;
const CRL_SCORE_AKID = 0x004;

export function crlTimeValid(crl: X509Crl, at: Date): boolean {
  const t = at.getTime();
  if (crl.thisUpdate.getTime() > t) return false;
  return crl.nextUpdate === undefined || t < crl.nextUpdate.getTime();
}

interface ScoredCrl {
  readonly crl: LoadedCrl;
  readonly score: number;
  readonly issuer: LoadedCertificate;
}

function scoreCrl(crl: LoadedCrl, chain: readonly LoadedCertificate[], depth: number, at: Date): ScoredCrl | undefined {
  const cert = chain[depth]!;
  if (!namesEqual(crl.issuer, cert.issuer)) return undefined;
  let score = CRL_SCORE_ISSUER_NAME | CRL_SCORE_SCOPE;
  if (!crl.crl.extensions.some((e) => e.critical && !KNOWN_CRL_EXTENSIONS.has(e.type))) score |= CRL_SCORE_NOCRITICAL;
  if (crlTimeValid(crl.crl, at)) score |= CRL_SCORE_TIME;
  const akid = authorityKeyId(crl.crl);
  const direct = chain[Math.min(depth + 1, chain.length - 1)]!;
  if (akidMatches(akid, direct.cert)) return { crl, score: score | CRL_SCORE_AKID | CRL_SCORE_ISSUER_CERT, issuer: direct };
  for (let j = depth + 2; j < chain.length; j++) {
    const c = chain[j]!;
    if (namesEqual(c.subject, crl.issuer) && akidMatches(akid, c.cert)) return { crl, score: score | CRL_SCORE_AKID | CRL_SCORE_SAME_PATH, issuer: c };
  }
  return undefined;
}

/** OpenSSL's choice: best score, then strictly newer thisUpdate. */
function chooseCrl(crls: readonly LoadedCrl[], chain: readonly LoadedCertificate[], depth: number, at: Date): ScoredCrl | undefined {
  let best: ScoredCrl | undefined;
  for (const crl of crls) {
    const s = scoreCrl(crl, chain, depth, at);
    if (s === undefined) continue;
    if (best !== undefined) {
      if (s.score < best.score) continue;
      if (s.score === best.score && s.crl.crl.thisUpdate.getTime() <= best.crl.crl.thisUpdate.getTime()) continue;
    }
    best = s;
  }
  return best;
}

function hasKeyUsage(c: X509Certificate, flag: number): boolean {
  const ku = c.getExtension(KeyUsagesExtension);
  return ku === null || (ku.usages & flag) !== 0;
}

/** Step 4. */
async function checkRevocation(input: ChainInput, chain: readonly LoadedCertificate[]): Promise<LoadedCrl[]> {
  const used: LoadedCrl[] = [];
  for (let depth = 0; depth < chain.length - 1; depth++) {
    const cert = chain[depth]!;
    const chosen = chooseCrl(input.crls, chain, depth, input.at);
    if (chosen === undefined) {
      const notes = input.downloadNotes?.length ? ` (${input.downloadNotes.join('; ')})` : '';
      fail(X509_V_ERR.UNABLE_TO_GET_CRL, depth, cert, `no usable CRL issued by '${formatName(cert.issuer)}' (give it with --crl)${notes}`);
    }
    const { crl, issuer, score } = chosen;
    const where = `CRL ${crl.source}`;
    if (!hasKeyUsage(issuer.cert, KeyUsageFlags.cRLSign)) fail(X509_V_ERR.KEYUSAGE_NO_CRL_SIGN, depth, cert, where);
    if ((score & CRL_SCORE_TIME) === 0) {
      const early = crl.crl.thisUpdate.getTime() > input.at.getTime();
      fail(early ? X509_V_ERR.CRL_NOT_YET_VALID : X509_V_ERR.CRL_HAS_EXPIRED, depth, cert, where);
    }
    if (!(await isSignedBy(crl.crl, issuer.cert))) fail(X509_V_ERR.CRL_SIGNATURE_FAILURE, depth, cert, where);
    if ((score & CRL_SCORE_NOCRITICAL) === 0) fail(X509_V_ERR.UNHANDLED_CRITICAL_CRL_EXTENSION, depth, cert, where);
    const serial = normalizeSerial(cert.cert.serialNumber);
    if (crl.crl.entries.some((e) => normalizeSerial(e.serialNumber) === serial)) fail(X509_V_ERR.CERT_REVOKED, depth, cert, `listed in ${where}`);
    used.push(crl);
  }
  return used;
}

/** Step 5: from the anchor down, signature then validity period. */
async function checkSignaturesAndTimes(chain: readonly LoadedCertificate[], at: Date): Promise<void> {
  for (let depth = chain.length - 1; depth >= 0; depth--) {
    const cert = chain[depth]!;
    const issuer = chain[Math.min(depth + 1, chain.length - 1)]!;
    if (issuer !== cert && !hasKeyUsage(issuer.cert, KeyUsageFlags.keyCertSign)) fail(X509_V_ERR.KEYUSAGE_NO_CERTSIGN, depth, cert);
    if (!(await isSignedBy(cert.cert, issuer.cert))) fail(X509_V_ERR.CERT_SIGNATURE_FAILURE, depth, cert);
    if (cert.cert.notBefore.getTime() > at.getTime()) fail(X509_V_ERR.CERT_NOT_YET_VALID, depth, cert, `valid from ${cert.cert.notBefore.toISOString()}`);
    if (cert.cert.notAfter.getTime() <= at.getTime()) fail(X509_V_ERR.CERT_HAS_EXPIRED, depth, cert, `expired ${cert.cert.notAfter.toISOString()}`);
  }
}

/**
 * Verify the signing key's chain to one of the trust anchors.
 * @throws HostKeyVerificationError HKD_CHAIN_INVALID with `x509Code` and `depth`.
 */
export async function verifySigningKeyChain(input: ChainInput): Promise<VerifiedChain> {
  const chain = buildChain(input);
  checkExtensions(chain);
  checkSecurityLevel(chain);
  const crls = await checkRevocation(input, chain);
  await checkSignaturesAndTimes(chain, input.at);
  if (chain.length < 2) {
    throw new HostKeyVerificationError(
      'HKD_CHAIN_INVALID',
      `IBM Z signing key '${formatName(input.signingKey.subject)}' is itself the trust anchor; a chain of at least two certificates is required`,
      { file: input.signingKey.source, subject: formatName(input.signingKey.subject), depth: 0 },
    );
  }
  return { certificates: chain, crls };
}
