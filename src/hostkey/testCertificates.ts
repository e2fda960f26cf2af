/**
 * Building blocks for pvkit's TEST key material (`pvkit keygen`): key pairs, IBM-shaped names,
 * serial numbers and PEM encoding. Nothing here is for production: the keys are made on the
 * spot, written unencrypted, and trusted by nobody but the test root that `testPki.ts` makes.
 *
 * Names follow the shape IBM's signing-key rule expects (SE-FORMAT §7.6 step 3): six RDNs in the
 * order C, O, CN, ST, L, OU, as in IBM's own test hierarchy.
 */
import type { webcrypto } from 'node:crypto';
import { IBM_CORPORATION } from './signingKey.js';
import { type JsonName, PemConverter, type X509Certificate, type X509Crl } from './x509.js';

export const TEST_KEYS_WARNING = 'TEST KEYS — NOT FOR PRODUCTION: made by pvkit keygen, trusted by nothing real, private keys unencrypted.';

/** Key algorithms the test hierarchy can use for its CAs and signing key. */
export type CaKeyType = 'rsa' | 'ec';

export interface GeneratedKey {
  readonly keys: webcrypto.CryptoKeyPair;
  /** The signature algorithm the key signs with (hash included). */
  readonly signingAlgorithm: { name: string; hash: string };
}

/** RSA (PKCS#1 v1.5 with SHA-512, the IBM host-key chain's algorithm) or ECDSA P-384 with SHA-384. */
export async function generateCaKey(type: CaKeyType, rsaBits = 4096): Promise<GeneratedKey> {
  if (type === 'rsa') {
    const alg = { name: 'RSASSA-PKCS1-v1_5', modulusLength: rsaBits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-512' };
    const keys = (await crypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    return { keys, signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' } };
  }
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  return { keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' } };
}

/** An EC P-521 key pair, the only host-key type (SE-FORMAT §2.4); it signs with ECDSA/SHA-512. */
export async function generateHostKey(): Promise<GeneratedKey> {
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-521' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  return { keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-512' } };
}

/** A random positive 16-byte serial number, hex. */
export function randomSerial(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[0] = (b[0]! & 0x7f) | 0x01;
  return Buffer.from(b).toString('hex');
}

/** IBM's six-RDN name shape with the given locality and organisational unit. */
export function ibmName(locality: string, unit: string): JsonName {
  return [{ C: ['US'] }, { O: [IBM_CORPORATION] }, { CN: [IBM_CORPORATION] }, { ST: ['New York'] }, { L: [locality] }, { OU: [unit] }];
}

export async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  return PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

export function certificatePem(cert: X509Certificate): string {
  return PemConverter.encode(cert.rawData, 'CERTIFICATE') + '\n';
}

/** PEM with OpenSSL's `X509 CRL` label (the library's own PEM says `CRL`, which OpenSSL refuses). */
export function crlPem(crl: X509Crl): string {
  return PemConverter.encode(crl.rawData, 'X509 CRL') + '\n';
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}

/** A date with the milliseconds dropped: X.509 times have whole seconds. */
export function wholeSeconds(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}
