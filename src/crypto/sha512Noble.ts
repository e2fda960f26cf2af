/** SHA-512 on @noble/hashes, the portable twin of node:crypto's, for the page digests (SE-FORMAT §1.7). */
import { sha512 } from '@noble/hashes/sha2.js';
import type { Sha512 } from '../format/pageDigests.js';

export function nobleSha512(): Sha512 {
  const h = sha512.create();
  return { update: (d) => void h.update(d), digest: () => h.digest() };
}
