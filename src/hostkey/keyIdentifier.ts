/**
 * Key identifiers: the Subject Key Identifier of an issuer and the Authority Key Identifier of what
 * it signed (RFC 5280 §4.2.1.1–2), matched the way OpenSSL's `X509_check_akid` does, which is what
 * IBM's tools rely on (SE-FORMAT §7.6 step 5; EXPECTED.md §1.2 "Checking one HKD" 3 and 6):
 *
 * * no AKID at all matches any issuer;
 * * a keyIdentifier is compared with the issuer's SKID only when the issuer has one;
 * * an authorityCertSerialNumber must equal the issuer's serial, and a directoryName in
 *   authorityCertIssuer must equal the issuer's own issuer name.
 */
import { AuthorityKeyIdentifierExtension, Name, SubjectKeyIdentifierExtension, type X509Certificate, type X509Crl } from './x509.js';
import { type DistinguishedName, namesEqual, rdnsOf } from './distinguishedName.js';

export interface AuthorityKeyId {
  readonly keyId: string | undefined;
  readonly serial: string | undefined;
  /** directoryName entries of authorityCertIssuer. */
  readonly issuerNames: readonly DistinguishedName[];
}

/** Hex serial without leading zero digits, so that `022b` and `22b` compare equal. */
export function normalizeSerial(hex: string): string {
  const s = hex.toLowerCase().replace(/^0+/, '');
  return s === '' ? '0' : s;
}

export function subjectKeyId(cert: X509Certificate): string | undefined {
  return cert.getExtension(SubjectKeyIdentifierExtension)?.keyId.toLowerCase();
}

export function authorityKeyId(obj: X509Certificate | X509Crl): AuthorityKeyId | undefined {
  const ext = obj.getExtension(AuthorityKeyIdentifierExtension);
  if (ext === null) return undefined;
  const issuerNames: DistinguishedName[] = [];
  const certId = ext.certId;
  if (certId !== undefined) {
    // Parsed extensions carry ASN.1 GeneralName objects; built ones may carry the library's wrapper.
    const list: readonly unknown[] = Array.isArray(certId.name) ? certId.name : ((certId.name as unknown as { items?: unknown[] }).items ?? []);
    for (const gn of list) {
      const g = gn as { directoryName?: ConstructorParameters<typeof Name>[0]; type?: string; value?: string };
      if (g.directoryName !== undefined) issuerNames.push(rdnsOf(new Name(g.directoryName)));
      else if (g.type === 'dn' && g.value !== undefined) issuerNames.push(rdnsOf(new Name(g.value)));
    }
  }
  return { keyId: ext.keyId?.toLowerCase(), serial: certId?.serialNumber, issuerNames };
}

/** Whether `issuer` may be the authority named by `akid` (OpenSSL `X509_check_akid` semantics). */
export function akidMatches(akid: AuthorityKeyId | undefined, issuer: X509Certificate): boolean {
  if (akid === undefined) return true;
  const skid = subjectKeyId(issuer);
  if (akid.keyId !== undefined && skid !== undefined && akid.keyId !== skid) return false;
  if (akid.serial !== undefined && normalizeSerial(akid.serial) !== normalizeSerial(issuer.serialNumber)) return false;
  if (akid.issuerNames.length > 0) {
    const issuerOfIssuer = rdnsOf(issuer.issuerName);
    if (!akid.issuerNames.some((n) => namesEqual(n, issuerOfIssuer))) return false;
  }
  return true;
}
