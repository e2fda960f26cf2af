/**
 * AES-256-GCM as the SE header and key slots use it (SE-FORMAT §1.6, §2.3): 12-byte IV, 16-byte tag.
 * node:crypto here; the portable @noble/ciphers path is gcmNoble.ts, cross-checked in tests.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { CryptoError } from '../errors.js';

export const GCM_TAG_SIZE = 16;
export const GCM_IV_SIZE = 12;

export interface GcmSealed {
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

export function gcmSeal(
  key: Uint8Array,
  iv: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
): GcmSealed {
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
): Uint8Array {
  try {
    const d = createDecipheriv('aes-256-gcm', key, iv);
    if (aad.length) d.setAAD(aad);
    d.setAuthTag(tag);
    return new Uint8Array(Buffer.concat([d.update(ciphertext), d.final()]));
  } catch (e) {
    throw new CryptoError('E_AUTH', `${what}: AES-GCM authentication failed (wrong key or modified data)`, { cause: e });
  }
}
