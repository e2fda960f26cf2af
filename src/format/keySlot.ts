/**
 * Key slot v1 (SE-FORMAT §1.3, §2.2–§2.3): 80 bytes = phkh (32) ‖ wrpk (32) ‖ kst (16).
 * wrpk ‖ kst = AES-256-GCM(K, IV = 0^12, no AAD, header protection key), K = SHA-256(ECDH-x ‖ 00000001).
 */
import { bytes, struct } from '../binary/struct.js';
import { gcmOpen, gcmSeal } from '../crypto/gcm.js';
import { deriveSlotKey, hostKeyHash } from '../crypto/p521.js';

export const keySlotLayout = struct('KeySlot', [
  ['phkh', bytes(32)],
  ['wrpk', bytes(32)],
  ['kst', bytes(16)],
] as const);

export type KeySlot = ReturnType<typeof keySlotLayout.parse>;
export const KEY_SLOT_SIZE = keySlotLayout.size; // 80

const ZERO_IV = new Uint8Array(12);

/** Wrap the header protection key for one host (the builder side holds the customer private key). */
export function wrapKeySlot(headerKey: Uint8Array, customerPrivateKey: Uint8Array, hostPublicKey: Uint8Array): KeySlot {
  const k = deriveSlotKey(customerPrivateKey, hostPublicKey);
  const { ciphertext, tag } = gcmSeal(k, ZERO_IV, new Uint8Array(0), headerKey);
  return { phkh: hostKeyHash(hostPublicKey), wrpk: ciphertext, kst: tag };
}

/**
 * Unwrap with either side's private key and the other side's public key: the Ultravisor uses the host
 * private key and the customer public key from the header; ECDH is symmetric. Throws CryptoError E_AUTH.
 */
export function unwrapKeySlot(slot: KeySlot, privateKey: Uint8Array, peerPublicKey: Uint8Array): Uint8Array {
  const k = deriveSlotKey(privateKey, peerPublicKey);
  return gcmOpen(k, ZERO_IV, new Uint8Array(0), slot.wrpk, slot.kst, 'key slot');
}
