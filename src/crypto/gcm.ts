/**
 * AES-256-GCM as the SE header and key slots use it (SE-FORMAT §1.6, §2.3): 12-byte IV, 16-byte tag.
 * node:crypto is the default; the noble path is kept and cross-checked in tests.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { gcm } from '@noble/ciphers/aes.js';
import { CryptoError } from '../errors.js';

export const GCM_TAG_SIZE = 16;
export const GCM_IV_SIZE = 12;

export type GcmImplementation = 'noble' | 'node';

export interface GcmSealed {
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

export function gcmSeal(
  key: Uint8Array,
  iv: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
  implementation: GcmImplementation = 'node',
): GcmSealed {
  if (implementation === 'noble') {
    const out = gcm(key, iv, aad).encrypt(plaintext);
    return { ciphertext: out.slice(0, out.length - GCM_TAG_SIZE), tag: out.slice(out.length - GCM_TAG_SIZE) };
  }
  const c = createCipheriv('aes-256-gcm', key, iv);
  if (aad.length) c.setAAD(aad);
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return { ciphertext: new Uint8Array(ct), tag: new Uint8Array(c.getAuthTag()) };
}

/** Decrypt and authenticate; throws CryptoError `E_AUTH` when the tag does not verify. */
export function gcmOpen(
  key: Uint8Array,
  iv: Uint8Array,
  aad: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  what: string,
  implementation: GcmImplementation = 'node',
): Uint8Array {
  try {
    if (implementation === 'noble') {
      const both = new Uint8Array(ciphertext.length + tag.length);
      both.set(ciphertext);
      both.set(tag, ciphertext.length);
      return gcm(key, iv, aad).decrypt(both);
    }
    const d = createDecipheriv('aes-256-gcm', key, iv);
    if (aad.length) d.setAAD(aad);
    d.setAuthTag(tag);
    return new Uint8Array(Buffer.concat([d.update(ciphertext), d.final()]));
  } catch (e) {
    throw new CryptoError('E_AUTH', `${what}: AES-GCM authentication failed (wrong key or modified data)`, { cause: e });
  }
}
