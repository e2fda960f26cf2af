/**
 * Signature checks on certificates and CRLs with an issuer's public key (SE-FORMAT §7.6 steps 4–5):
 * RSA PKCS#1 v1.5 and PSS with SHA-2 (IBM's chain uses RSA-4096 with SHA-256/SHA-512) and ECDSA,
 * computed by WebCrypto through @peculiar/x509.
 */
import type { X509Certificate, X509Crl } from './x509.js';
import type { AlgorithmLike } from './securityBits.js';

// The library types its algorithms with the DOM `Algorithm` type, which this project does not load.
export function signatureAlgorithmOf(signed: X509Certificate | X509Crl): AlgorithmLike {
  return signed.signatureAlgorithm as unknown as AlgorithmLike;
}

export function publicKeyAlgorithmOf(cert: X509Certificate): AlgorithmLike {
  return cert.publicKey.algorithm as unknown as AlgorithmLike;
}

/** Whether `signed` carries a valid signature by `issuer`'s key; false on any failure. */
export async function isSignedBy(signed: X509Certificate | X509Crl, issuer: X509Certificate): Promise<boolean> {
  try {
    if ('notBefore' in signed) return await signed.verify({ publicKey: issuer.publicKey, signatureOnly: true });
    return await signed.verify({ publicKey: issuer.publicKey });
  } catch {
    return false;
  }
}

/** Key family of a signature or key algorithm name: RSA, EC or the name itself. */
function keyFamily(name: string): string {
  if (name === 'RSASSA-PKCS1-v1_5' || name === 'RSA-PSS' || name === 'RSA-OAEP') return 'RSA';
  if (name === 'ECDSA' || name === 'ECDH') return 'EC';
  return name;
}

/**
 * Whether the signature algorithm of `signed` fits the type of `issuer`'s key (OpenSSL checks this
 * before it considers a certificate as a possible issuer).
 */
export function signatureAlgorithmFitsKey(signed: X509Certificate | X509Crl, issuer: X509Certificate): boolean {
  return keyFamily(signatureAlgorithmOf(signed).name) === keyFamily(publicKeyAlgorithmOf(issuer).name);
}
