/**
 * The Secure Instruction Data Area (UV-SIE-NOTES §6): one page through which the operands of an
 * intercepted instruction of a secure guest travel — the Ultravisor copies them in from secure
 * storage and back out, the hypervisor only ever sees this page (§5.1 last bullet: QEMU's
 * `sclp_service_call_protected` reads and writes the SIDA, never guest memory).
 *
 * The hypervisor addresses the SIDA through a small `Storage` in which the page sits at
 * `SCLP_PV_DUMMY_ADDR` (0x4000, QEMU's dummy SCCB address): the SCLP model then runs unchanged on
 * it, and its service-signal interruption carries 0x4000 as the external parameter, exactly what
 * QEMU injects for a protected guest.
 */
import { PAGE_SIZE, Storage } from '../cpu/storage.js';

export const SIDA_SIZE = PAGE_SIZE;
/** QEMU `SCLP_PV_DUMMY_ADDR` (hw/s390x/sclp.c, UV-SIE-NOTES §5.1). */
export const SCLP_PV_DUMMY_ADDR = 0x4000;

export class Sida {
  /** The hypervisor's view: the SIDA page at SCLP_PV_DUMMY_ADDR, nothing else. */
  readonly storage: Storage;

  /**
   * `guestMemorySize`: what a size query through this view reports (the SCLP's Read SCP Info
   * describes the guest's memory, not the SIDA's).
   */
  constructor(guestMemorySize: number) {
    this.storage = new Storage(SCLP_PV_DUMMY_ADDR + SIDA_SIZE);
    // Storage.size is what the SCLP reports as memory size; only the SIDA page is ever addressed.
    Object.defineProperty(this.storage, 'size', { value: Math.max(guestMemorySize, SCLP_PV_DUMMY_ADDR + SIDA_SIZE) });
  }

  /** The SIDA page itself (the Ultravisor copies into and out of it). */
  get page(): Uint8Array {
    return this.storage.bytes.subarray(SCLP_PV_DUMMY_ADDR, SCLP_PV_DUMMY_ADDR + SIDA_SIZE);
  }
}
