/**
 * The P-521 operations of p521.ts on @noble/curves (SE-FORMAT §2.1–§2.2): portable, and an
 * independent check of the OpenSSL path in tests.
 */
import { p521 } from '@noble/curves/nist.js';
import { slotKeyFromSharedX, type P521KeyPair } from './p521.js';

export function noblePublicKeyOf(privateKey: Uint8Array): Uint8Array {
  return p521.getPublicKey(privateKey, false);
}

export function nobleGenerateKeyPair(): P521KeyPair {
  const privateKey = p521.utils.randomSecretKey();
  return { privateKey, publicKey: noblePublicKeyOf(privateKey) };
}

export function nobleDeriveSlotKey(privateKey: Uint8Array, peerPublicKey: Uint8Array): Uint8Array {
  const shared = p521.getSharedSecret(privateKey, peerPublicKey, true); // 0x02|0x03 ‖ X66
  return slotKeyFromSharedX(shared.subarray(1));
}

export function nobleIsValidPoint(point: Uint8Array): boolean {
  try {
    p521.Point.fromBytes(point).assertValidity();
    return true;
  } catch {
    return false;
  }
}
