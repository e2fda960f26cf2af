/**
 * Distinguished names as the host-key rules need them (SE-FORMAT §7.6 steps 3 and 5).
 *
 * Names are compared the way OpenSSL's `X509_NAME_cmp` does after canonicalisation: RDN order
 * matters, attribute values compare case-insensitively with surrounding white space dropped and
 * inner white space runs collapsed, and the attributes inside one multi-valued RDN are unordered.
 * IBM's CRLs for the signing key are known to name their issuer with the locality "Poughkeepsie"
 * while newer signing keys say "Armonk", and with the attributes in the order C, O, OU, L, ST, CN;
 * the two helpers at the end build those variants.
 */
import type { Name } from './x509.js';

export interface NameAttribute {
  /** Short name (`C`, `O`, `CN`, `ST`, `L`, `OU`, ...) or dotted OID for unnamed types. */
  readonly type: string;
  readonly value: string;
}

/** One RDN: a set of attributes, usually one. */
export type Rdn = readonly NameAttribute[];
export type DistinguishedName = readonly Rdn[];

/** The RDNs of a parsed name, in encoding order. */
export function rdnsOf(name: Name): DistinguishedName {
  return name.toJSON().map((rdn) => Object.entries(rdn).flatMap(([type, values]) => values.map((value) => ({ type, value }))));
}

/** All attributes, flattened, in encoding order. */
export function attributesOf(dn: DistinguishedName): NameAttribute[] {
  return dn.flatMap((rdn) => [...rdn]);
}

function canonicalValue(v: string): string {
  return v.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A string that is equal for two names exactly when OpenSSL considers the names equal. */
export function canonicalName(dn: DistinguishedName): string {
  return JSON.stringify(dn.map((rdn) => rdn.map((a) => `${a.type.toUpperCase()}=${canonicalValue(a.value)}`).sort()));
}

export function namesEqual(a: DistinguishedName, b: DistinguishedName): boolean {
  return canonicalName(a) === canonicalName(b);
}

/** RFC 4514-like one-line form for messages (`C=US, O=..., OU=...`). */
export function formatName(dn: DistinguishedName): string {
  return dn.map((rdn) => rdn.map((a) => `${a.type}=${a.value}`).join(' + ')).join(', ');
}

/** The value of the only attribute of `type`, or undefined when absent or repeated. */
export function singleAttribute(dn: DistinguishedName, type: string): string | undefined {
  const found = attributesOf(dn).filter((a) => a.type === type);
  return found.length === 1 ? found[0]!.value : undefined;
}

export const LOCALITY_POUGHKEEPSIE = 'Poughkeepsie';
export const LOCALITY_ARMONK = 'Armonk';

/** The name with every L attribute replaced by `locality`, RDN order kept. */
export function withLocality(dn: DistinguishedName, locality: string): DistinguishedName {
  return dn.map((rdn) => rdn.map((a) => (a.type === 'L' ? { type: 'L', value: locality } : a)));
}

/** Attribute order of IBM's signing-key CRL issuer names (SE-FORMAT §7.6 step 5). */
const IBM_CRL_ISSUER_ORDER = ['C', 'O', 'OU', 'L', 'ST', 'CN'] as const;

/**
 * The name rewritten with one attribute per RDN in the order C, O, OU, L, ST, CN; undefined when
 * the name does not hold exactly those six attributes once each.
 */
export function inIbmCrlIssuerOrder(dn: DistinguishedName): DistinguishedName | undefined {
  const attrs = attributesOf(dn);
  if (attrs.length !== IBM_CRL_ISSUER_ORDER.length) return undefined;
  const out: Rdn[] = [];
  for (const type of IBM_CRL_ISSUER_ORDER) {
    const value = singleAttribute(dn, type);
    if (value === undefined) return undefined;
    out.push([{ type, value }]);
  }
  return out;
}

/**
 * Whether two names are the same IBM name up to the known variants: Armonk and Poughkeepsie as
 * locality, and the C, O, OU, L, ST, CN attribute order.
 */
export function namesEquivalentForIbm(a: DistinguishedName, b: DistinguishedName): boolean {
  const norm = (dn: DistinguishedName): string => {
    const pk = dn.map((rdn) =>
      rdn.map((x) => (x.type === 'L' && x.value === LOCALITY_ARMONK ? { type: 'L', value: LOCALITY_POUGHKEEPSIE } : x)),
    );
    return canonicalName(inIbmCrlIssuerOrder(pk) ?? pk);
  };
  return norm(a) === norm(b);
}
