/**
 * Reading certificates and CRLs from the files a user names (SE-FORMAT §7.6 step 1; the reading
 * rules of IBM's tools are listed in the s390-tools vectors' EXPECTED.md §1.2 steps 1–4).
 *
 * * A certificate file is one DER certificate or any number of PEM `CERTIFICATE` blocks; other PEM
 *   blocks are skipped, so a CRL file holds zero certificates and that is not an error.
 * * A CRL file is one DER CRL or PEM `X509 CRL` blocks, and must hold at least one.
 * * Certificate files are also scanned for CRLs (IBM ships "chained" files: certificate + CRL);
 *   that scan never fails.
 */
import { readFile } from 'node:fs/promises';
import { readInputFile } from './inputFile.js';
import { InputError } from '../errors.js';
import { X509Certificate, X509Crl } from './x509.js';
import { pemBlocks } from './pem.js';
import { type DistinguishedName, rdnsOf } from './distinguishedName.js';

/** A parsed certificate and where it came from (file path, URL, or the system trust store). */
export interface LoadedCertificate {
  readonly cert: X509Certificate;
  readonly der: Uint8Array;
  readonly source: string;
  readonly subject: DistinguishedName;
  readonly issuer: DistinguishedName;
}

/** A parsed CRL and where it came from. */
export interface LoadedCrl {
  readonly crl: X509Crl;
  readonly source: string;
  readonly issuer: DistinguishedName;
}

const CERTIFICATE_PEM_TYPES: ReadonlySet<string> = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
// `CRL` is what some libraries (including @peculiar/x509) write; OpenSSL writes `X509 CRL`.
const CRL_PEM_TYPES = new Set(['X509 CRL', 'CRL']);

/** Parse one DER certificate; every part the verifier reads is decoded here, so a malformed one fails now. */
export function loadCertificate(der: Uint8Array, source: string): LoadedCertificate {
  const cert = new X509Certificate(der);
  void [cert.extensions, cert.publicKey.algorithm, cert.notBefore, cert.notAfter, cert.serialNumber, cert.signatureAlgorithm];
  return { cert, der: new Uint8Array(cert.rawData), source, subject: rdnsOf(cert.subjectName), issuer: rdnsOf(cert.issuerName) };
}

/** Parse one DER CRL, decoding every part the verifier reads. */
export function loadCrl(der: Uint8Array, source: string): LoadedCrl {
  const crl = new X509Crl(der);
  void [crl.extensions, crl.entries, crl.thisUpdate, crl.nextUpdate, crl.signatureAlgorithm];
  return { crl, source, issuer: rdnsOf(crl.issuerName) };
}

function tryDer<T>(data: Uint8Array, load: (der: Uint8Array) => T): T | undefined {
  try {
    return load(data);
  } catch {
    return undefined;
  }
}

/**
 * Certificates in `data`: one DER certificate, or every PEM certificate block.
 * @throws InputError when a PEM certificate block does not parse.
 */
export function parseCertificates(data: Uint8Array, source: string): LoadedCertificate[] {
  const blocks = pemBlocks(data);
  if (blocks === undefined) {
    const one = tryDer(data, (der) => loadCertificate(der, source));
    return one === undefined ? [] : [one];
  }
  return blocks
    .filter((b) => CERTIFICATE_PEM_TYPES.has(b.type))
    .map((b, i) => {
      try {
        return loadCertificate(b.der, source);
      } catch (e) {
        throw new InputError(`PEM certificate block ${i + 1} is not a valid X.509 certificate`, { file: source, cause: e });
      }
    });
}

/**
 * CRLs in `data`: one DER CRL, or every PEM `X509 CRL` block.
 * @throws InputError when a PEM CRL block does not parse.
 */
export function parseCrls(data: Uint8Array, source: string): LoadedCrl[] {
  const blocks = pemBlocks(data);
  if (blocks === undefined) {
    const one = tryDer(data, (der) => loadCrl(der, source));
    return one === undefined ? [] : [one];
  }
  return blocks
    .filter((b) => CRL_PEM_TYPES.has(b.type))
    .map((b, i) => {
      try {
        return loadCrl(b.der, source);
      } catch (e) {
        throw new InputError(`PEM CRL block ${i + 1} is not a valid X.509 CRL`, { file: source, cause: e });
      }
    });
}

/** Certificates of a `--cert` file; zero is not an error. */
export async function readCertificateFile(path: string): Promise<LoadedCertificate[]> {
  return parseCertificates(await readInputFile(path, 'certificate'), path);
}

/** CRLs of a `--crl` file. @throws InputError if the file holds no CRL. */
export async function readCrlFile(path: string): Promise<LoadedCrl[]> {
  const crls = parseCrls(await readInputFile(path, 'CRL'), path);
  if (crls.length === 0) throw new InputError('no CRL in file (expected PEM "X509 CRL" blocks or one DER CRL)', { file: path });
  return crls;
}

/** CRLs found inside a certificate file; every failure (even a missing file) gives none. */
export async function scanCrls(path: string): Promise<LoadedCrl[]> {
  try {
    return parseCrls(new Uint8Array(await readFile(path)), path);
  } catch {
    return [];
  }
}
