/** The portable AES-256-GCM on @noble/ciphers, same contract as gcm.ts (SE-FORMAT §1.6, §2.3). */
import { gcm } from '@noble/ciphers/aes.js';
import { CryptoError } from '../errors.js';
import { GCM_TAG_SIZE, type GcmSealed } from './gcm.js';

export function nobleGcmSeal(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): GcmSealed {
  const out = gcm(key, iv, aad).encrypt(plaintext);
  return { ciphertext: out.slice(0, out.length - GCM_TAG_SIZE), tag: out.slice(out.length - GCM_TAG_SIZE) };
}

export function nobleGcmOpen(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, what: string): Uint8Array {
  const both = new Uint8Array(ciphertext.length + tag.length);
  both.set(ciphertext);
  both.set(tag, ciphertext.length);
  try {
    return gcm(key, iv, aad).decrypt(both);
  } catch (e) {
    throw new CryptoError('E_AUTH', `${what}: AES-GCM authentication failed (wrong key or modified data)`, { cause: e });
  }
}
