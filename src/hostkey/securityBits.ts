/**
 * Security strength of keys and signature digests, for the "security level 2" rule of IBM's tools:
 * every key in the chain and the HKD key must give at least 112 bits, and so must every digest
 * used in a chain signature (SE-FORMAT §7.6 steps 4–5). Strengths follow NIST SP 800-57 Part 1
 * Table 2 and OpenSSL's tables (SHA-1 signatures count as 63 bits, as in OpenSSL 3).
 */

/** The parts of a WebCrypto algorithm description that decide strength. */
export interface AlgorithmLike {
  readonly name: string;
  readonly modulusLength?: number;
  readonly namedCurve?: string;
  readonly hash?: string | { readonly name: string };
}

export const MIN_SECURITY_BITS = 112;

/** Strength in bits of a WebCrypto-style public-key algorithm description; 0 when unknown. */
export function publicKeySecurityBits(a: AlgorithmLike): number {
  if (typeof a.modulusLength === 'number') {
    const n = a.modulusLength;
    if (n >= 15360) return 256;
    if (n >= 7680) return 192;
    if (n >= 3072) return 128;
    if (n >= 2048) return 112;
    if (n >= 1024) return 80;
    return 0;
  }
  switch (a.namedCurve) {
    case 'P-256':
      return 128;
    case 'P-384':
      return 192;
    case 'P-521':
      return 256;
  }
  switch (a.name) {
    case 'Ed25519':
    case 'X25519':
      return 128;
    case 'Ed448':
    case 'X448':
      return 224;
  }
  return 0;
}

const HASH_BITS: Readonly<Record<string, number>> = {
  'MD5': 39,
  'SHA-1': 63,
  'SHA-224': 112,
  'SHA-256': 128,
  'SHA-384': 192,
  'SHA-512': 256,
};

/** Strength of the digest inside a signature algorithm; undefined when it has none (EdDSA). */
export function signatureDigestBits(algorithm: AlgorithmLike): number | undefined {
  const hash = algorithm.hash;
  if (hash === undefined) return algorithm.name === 'Ed25519' ? 128 : algorithm.name === 'Ed448' ? 224 : undefined;
  const name = typeof hash === 'string' ? hash : hash.name;
  return HASH_BITS[name.toUpperCase()] ?? 0;
}
