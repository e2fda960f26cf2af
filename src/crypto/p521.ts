/**
 * NIST P-521 keys as Secure Execution uses them (SE-FORMAT §1.4, §2.1–§2.4):
 * - the 160-byte coordinate encoding X80 ‖ Y80 (each coordinate big-endian, left-padded to 80 bytes);
 * - the host-key hash phkh = SHA-256(X80 ‖ Y80);
 * - the key-slot wrapping key K = SHA-256(Z ‖ 00000001), Z = 66-byte x-coordinate of the ECDH point
 *   (ANSI X9.63 KDF, one block).
 * Points are passed around as uncompressed SEC1 bytes (0x04 ‖ X66 ‖ Y66, 133 bytes).
 * The curve arithmetic here is OpenSSL's (node:crypto: fast to load and to run, which matters for a
 * CLI); p521Noble.ts holds the same operations on @noble/curves, cross-checked in tests.
 */
import { createECDH, createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { InputError } from '../errors.js';

export const P521_SCALAR_SIZE = 66;
export const P521_POINT_SIZE = 133;
export const EC_COORD_SIZE = 80;
export const EC_COORDS_SIZE = 160;

export interface P521KeyPair {
  /** 66-byte big-endian private scalar. Secret: never print it. */
  readonly privateKey: Uint8Array;
  /** Uncompressed SEC1 point, 133 bytes. */
  readonly publicKey: Uint8Array;
}

/** X80 ‖ Y80 of an uncompressed point (§1.4). */
export function pointToCoords(point: Uint8Array): Uint8Array {
  checkPoint(point);
  const out = new Uint8Array(EC_COORDS_SIZE);
  out.set(point.subarray(1, 67), EC_COORD_SIZE - P521_SCALAR_SIZE);
  out.set(point.subarray(67, 133), 2 * EC_COORD_SIZE - P521_SCALAR_SIZE);
  return out;
}

/** The inverse of pointToCoords; returns undefined if the padding is not zero or the point is not on P-521. */
export function coordsToPoint(coords: Uint8Array): Uint8Array | undefined {
  if (coords.length !== EC_COORDS_SIZE) return undefined;
  const pad = EC_COORD_SIZE - P521_SCALAR_SIZE;
  for (let i = 0; i < pad; i++) if (coords[i] !== 0 || coords[EC_COORD_SIZE + i] !== 0) return undefined;
  const point = new Uint8Array(P521_POINT_SIZE);
  point[0] = 4;
  point.set(coords.subarray(pad, EC_COORD_SIZE), 1);
  point.set(coords.subarray(EC_COORD_SIZE + pad), 67);
  return isValidPoint(point) ? point : undefined;
}

const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());

/** True if `point` is an uncompressed point on P-521 (OpenSSL checks the curve equation). */
export function isValidPoint(point: Uint8Array): boolean {
  if (point.length !== P521_POINT_SIZE || point[0] !== 4) return false;
  try {
    createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-521',
        x: Buffer.from(point.subarray(1, 67)).toString('base64url'),
        y: Buffer.from(point.subarray(67)).toString('base64url'),
      },
      format: 'jwk',
    });
    return true;
  } catch {
    return false;
  }
}

function checkPoint(point: Uint8Array): void {
  if (point.length !== P521_POINT_SIZE || point[0] !== 4) {
    throw new RangeError(`expected an uncompressed P-521 point (${P521_POINT_SIZE} bytes), got ${point.length} bytes`);
  }
}

/** phkh: SHA-256 of the host public key's coordinate encoding (§2.4). */
export function hostKeyHash(hostPublicKey: Uint8Array): Uint8Array {
  return sha256(pointToCoords(hostPublicKey));
}

/** Throws if the scalar is not in [1, n−1]. */
export function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  const ecdh = createECDH('secp521r1');
  ecdh.setPrivateKey(privateKey);
  return new Uint8Array(ecdh.getPublicKey());
}

export function generateKeyPair(): P521KeyPair {
  const ecdh = createECDH('secp521r1');
  ecdh.generateKeys();
  return { privateKey: leftPad(new Uint8Array(ecdh.getPrivateKey())), publicKey: new Uint8Array(ecdh.getPublicKey()) };
}

/** Accepts the 66-byte scalar or a longer big-endian form with leading zeros (s390-tools uses 80 bytes). */
export function keyPairFromScalar(scalar: Uint8Array, file?: string): P521KeyPair {
  let s = scalar;
  while (s.length > P521_SCALAR_SIZE && s[0] === 0) s = s.subarray(1);
  const privateKey = s.slice();
  try {
    if (s.length !== P521_SCALAR_SIZE) throw new RangeError('length');
    return { privateKey, publicKey: publicKeyOf(privateKey) };
  } catch {
    throw new InputError('not a valid P-521 private scalar', { file });
  }
}

/** ECDH + X9.63 KDF: the AES-256 key that wraps the header key in a key slot (§2.2). */
export function deriveSlotKey(privateKey: Uint8Array, peerPublicKey: Uint8Array): Uint8Array {
  const ecdh = createECDH('secp521r1');
  ecdh.setPrivateKey(privateKey);
  return slotKeyFromSharedX(new Uint8Array(ecdh.computeSecret(peerPublicKey))); // validates the peer point
}

/** K = SHA-256(Z ‖ 00000001): X9.63 KDF, counter 1, no shared info, one block (§2.2). */
export function slotKeyFromSharedX(z: Uint8Array): Uint8Array {
  if (z.length !== P521_SCALAR_SIZE) throw new RangeError(`ECDH secret must be ${P521_SCALAR_SIZE} bytes, got ${z.length}`);
  const input = new Uint8Array(P521_SCALAR_SIZE + 4);
  input.set(z);
  input[input.length - 1] = 1;
  return sha256(input);
}

function b64url(s: string | undefined): Uint8Array {
  return new Uint8Array(Buffer.from(s ?? '', 'base64url'));
}

export function leftPad(b: Uint8Array): Uint8Array {
  if (b.length === P521_SCALAR_SIZE) return b;
  const out = new Uint8Array(P521_SCALAR_SIZE);
  out.set(b, P521_SCALAR_SIZE - b.length);
  return out;
}

/**
 * The uncompressed point of a P-521 key (OpenSSL has checked it is on the curve).
 * @throws InputError naming `what` and the file when the key is not EC on P-521.
 */
export function p521PointOf(key: KeyObject, what: string, file?: string): Uint8Array {
  if (key.asymmetricKeyType !== 'ec') {
    throw new InputError(`${what} is ${String(key.asymmetricKeyType).toUpperCase()}, not an EC P-521 key`, { file });
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve !== 'secp521r1') throw new InputError(`${what} is on curve ${curve ?? '(unnamed)'}, not P-521`, { file });
  const jwk = key.export({ format: 'jwk' });
  const point = new Uint8Array(P521_POINT_SIZE);
  point[0] = 4;
  point.set(leftPad(b64url(jwk.x)), 1);
  point.set(leftPad(b64url(jwk.y)), 67);
  return point;
}

function readKey(data: Uint8Array | string, kind: 'private' | 'public', file?: string): KeyObject {
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
  const pem = text.includes('-----BEGIN');
  try {
    if (kind === 'private') {
      return pem ? createPrivateKey({ key: text, format: 'pem' }) : createPrivateKey({ key: Buffer.from(data as Uint8Array), format: 'der', type: 'pkcs8' });
    }
    return pem ? createPublicKey({ key: text, format: 'pem' }) : createPublicKey({ key: Buffer.from(data as Uint8Array), format: 'der', type: 'spki' });
  } catch (e) {
    throw new InputError(kind === 'private' ? 'not a readable private key (expected PEM or DER PKCS#8)' : 'not a readable public key', {
      file,
      cause: e,
    });
  }
}

/** Read a P-521 private key (PEM: PKCS#8 or SEC1; or DER PKCS#8). */
export function parsePrivateKey(data: Uint8Array | string, file?: string): P521KeyPair {
  const key = readKey(data, 'private', file);
  const publicKey = p521PointOf(key, 'private key', file);
  return { privateKey: leftPad(b64url(key.export({ format: 'jwk' }).d)), publicKey };
}

/** Read a P-521 public key (PEM/DER SubjectPublicKeyInfo). */
export function parsePublicKey(data: Uint8Array | string, file?: string): Uint8Array {
  return p521PointOf(readKey(data, 'public', file), 'public key', file);
}
