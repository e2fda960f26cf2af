/**
 * Trust anchors for the signing-key chain (SE-FORMAT §7.6 step 1): the certificates of the
 * `--root-ca` file (PEM: every certificate, and its CRLs are loaded too; otherwise one DER
 * certificate), or else the system's default store. pvkit's "system store" is Node's bundled
 * Mozilla root list (`tls.rootCertificates`), which carries the public roots IBM's signing-key chain
 * ends in, and no test root.
 */
import { rootCertificates } from 'node:tls';
import { InputError } from '../errors.js';
import { type LoadedCertificate, type LoadedCrl, loadCertificate, parseCertificates, parseCrls } from './certificateFiles.js';
import { readInputFile } from './inputFile.js';
import { PemConverter } from './x509.js';

export interface TrustAnchors {
  readonly certificates: readonly LoadedCertificate[];
  readonly crls: readonly LoadedCrl[];
}

/** @throws InputError when the file cannot be read or holds no certificate. */
export async function readRootCaFile(path: string): Promise<TrustAnchors> {
  const data = await readInputFile(path, 'root CA');
  const certificates = parseCertificates(data, path);
  if (certificates.length === 0) throw new InputError('no certificate in root CA file (expected PEM or one DER certificate)', { file: path });
  let crls: LoadedCrl[] = [];
  try {
    crls = parseCrls(data, path);
  } catch {
    crls = [];
  }
  return { certificates, crls };
}

let systemAnchors: LoadedCertificate[] | undefined;

/** Node's bundled root certificates, parsed once; unparsable entries are skipped. */
export function systemTrustAnchors(): TrustAnchors {
  if (systemAnchors === undefined) {
    systemAnchors = [];
    for (const pem of rootCertificates) {
      try {
        systemAnchors.push(loadCertificate(new Uint8Array(PemConverter.decodeFirst(pem)), 'system trust store'));
      } catch {
        // A root this library cannot parse cannot anchor anything either.
      }
    }
  }
  return { certificates: systemAnchors, crls: [] };
}
