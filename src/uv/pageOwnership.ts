/**
 * The Ultravisor's page-ownership map (UV-SIE-NOTES §2.3 "per-page ownership", §8.2 item 5):
 * for every 4 KiB page of guest storage, whether it belongs to the hypervisor (non-secure) or to
 * the secure configuration. Unpacked pages become secure; once the secure CPU runs, every page the
 * guest can touch is secure (a page the guest accesses first is imported as a zero page,
 * `s390-pv-boot.rst` via UV-SIE-NOTES §2.3 step 7). The hypervisor model may access only
 * non-secure pages: `checkHostAccess` makes any other attempt a hard error.
 */
import { PvkitError } from '../errors.js';
import { PAGE_SHIFT } from '../cpu/storage.js';

export const PAGE_NON_SECURE = 0;
export const PAGE_SECURE = 1;

/** The hypervisor model touched secure memory: a bug in the model, never a guest error. */
export class SecureStorageAccessError extends PvkitError {
  readonly address: number;
  constructor(address: number, length: number) {
    super(
      'E_UV_SECURE_ACCESS',
      `the hypervisor accessed secure guest storage at 0x${address.toString(16)} (${length} bytes): only the Ultravisor may`,
    );
    this.address = address;
  }
}

export class PageOwnership {
  private readonly pages: Uint8Array;

  constructor(storageSize: number) {
    this.pages = new Uint8Array(Math.ceil(storageSize / (1 << PAGE_SHIFT)));
  }

  get pageCount(): number {
    return this.pages.length;
  }

  isSecure(addr: number): boolean {
    return this.pages[Math.floor(addr / (1 << PAGE_SHIFT))] === PAGE_SECURE;
  }

  makeSecure(addr: number): void {
    this.pages[Math.floor(addr / (1 << PAGE_SHIFT))] = PAGE_SECURE;
  }

  /** Every page becomes secure (the secure CPU started: all guest storage is the guest's). */
  makeAllSecure(): void {
    this.pages.fill(PAGE_SECURE);
  }

  /** Page numbers of the secure pages (for clearing them when the configuration is destroyed). */
  securePages(): number[] {
    const out: number[] = [];
    for (let p = 0; p < this.pages.length; p++) if (this.pages[p] === PAGE_SECURE) out.push(p);
    return out;
  }

  releaseAll(): void {
    this.pages.fill(PAGE_NON_SECURE);
  }

  /** Throw SecureStorageAccessError if [addr, addr+len) touches a secure page. */
  checkHostAccess(addr: number, len: number): void {
    const first = Math.floor(addr / (1 << PAGE_SHIFT));
    const last = Math.floor((addr + Math.max(len, 1) - 1) / (1 << PAGE_SHIFT));
    for (let p = first; p <= last; p++) if (this.pages[p] === PAGE_SECURE) throw new SecureStorageAccessError(Math.max(addr, p << PAGE_SHIFT), len);
  }
}
