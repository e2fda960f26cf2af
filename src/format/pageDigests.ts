/**
 * The three page digests and the page count the SE header authenticates (SE-FORMAT §1.7):
 * PLD = SHA-512 over every secured page as stored, ALD = SHA-512 over BE64(page address),
 * TLD = SHA-512 over each page's 16-byte tweak, NEP = number of pages; all in component order.
 * The builder, the verifier and the emulated Ultravisor all feed pages through this one class.
 */
import { createHash } from 'node:crypto';
import type { ImageDigests } from './seHeader.js';

export const PAGE_SIZE = 4096;

/** An incremental SHA-512 (node:crypto by default; `nobleSha512` in crypto/sha512Noble.ts). */
export interface Sha512 {
  update(data: Uint8Array): void;
  digest(): Uint8Array;
}

export function nodeSha512(): Sha512 {
  const h = createHash('sha512');
  return { update: (d) => void h.update(d), digest: () => new Uint8Array(h.digest()) };
}

export class PageDigests {
  private readonly pld: Sha512;
  private readonly ald: Sha512;
  private readonly tld: Sha512;
  private pages = 0;
  /** Pages whose stored bytes are hashed elsewhere (`addPageRecords`): `digest` then takes that PLD. */
  private pldElsewhere = false;

  constructor(sha512: () => Sha512 = nodeSha512) {
    this.pld = sha512();
    this.ald = sha512();
    this.tld = sha512();
  }

  /**
   * Add `stored.length / 4096` consecutive pages: their stored bytes, their guest addresses
   * (`addresses`: BE64 each) and their tweaks (`tweaks`: 16 bytes each). Batching keeps the
   * per-page cost down on large components.
   */
  addPages(stored: Uint8Array, addresses: Uint8Array, tweaks: Uint8Array): void {
    const n = stored.length / PAGE_SIZE;
    if (!Number.isInteger(n) || addresses.length !== 8 * n || tweaks.length !== 16 * n) {
      throw new RangeError(`addPages: ${stored.length} bytes, ${addresses.length / 8} addresses, ${tweaks.length / 16} tweaks`);
    }
    if (this.pldElsewhere) throw new Error('PageDigests: pages with and without their stored bytes');
    this.pld.update(stored);
    this.ald.update(addresses);
    this.tld.update(tweaks);
    this.pages += n;
  }

  /**
   * Add pages by address and tweak only (ALD, TLD, NEP): the builder hashes their stored bytes in
   * its chunk store, possibly on another thread, and passes that PLD to `digest`.
   */
  addPageRecords(addresses: Uint8Array, tweaks: Uint8Array): void {
    const n = addresses.length / 8;
    if (!Number.isInteger(n) || tweaks.length !== 16 * n) throw new RangeError(`addPageRecords: ${n} addresses, ${tweaks.length / 16} tweaks`);
    if (this.pages > 0 && !this.pldElsewhere) throw new Error('PageDigests: pages with and without their stored bytes');
    this.pldElsewhere = true;
    this.ald.update(addresses);
    this.tld.update(tweaks);
    this.pages += n;
  }

  addPage(address: bigint, tweak: Uint8Array, stored: Uint8Array): void {
    const a = new Uint8Array(8);
    new DataView(a.buffer).setBigUint64(0, address);
    this.addPages(stored, a, tweak);
  }

  get pageCount(): number {
    return this.pages;
  }

  /** Finish; the object must not be used afterwards. `pld`: the PLD of pages added by `addPageRecords`. */
  digest(pld?: Uint8Array): ImageDigests {
    if (this.pldElsewhere !== (pld !== undefined)) {
      throw new Error(this.pldElsewhere ? 'PageDigests.digest: the PLD hashed elsewhere is missing' : 'PageDigests.digest: a PLD given for pages hashed here');
    }
    return { nep: BigInt(this.pages), pld: pld ?? this.pld.digest(), ald: this.ald.digest(), tld: this.tld.digest() };
  }
}
