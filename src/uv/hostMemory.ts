/**
 * Host memory as the Ultravisor sees it: buffers the host kernel passes by address in a UVCB, e.g.
 * KVM's copy of the SE header for Set Secure Configuration Parameters (`sec_header_origin`,
 * UV-SIE-NOTES §1.2, §1.4 "copies ≤ 8 KiB header from user memory"). Guest storage is separate
 * (the `Storage` of the machine); in this model host addresses only name these buffers.
 */
import { PvkitError } from '../errors.js';

/** A UVCB named host memory that does not exist: a bug in the hypervisor model. */
export class HostMemoryError extends PvkitError {
  constructor(message: string) {
    super('E_UV_HOST_MEMORY', message);
  }
}

export class HostMemory {
  private readonly buffers = new Map<bigint, Uint8Array>();
  private next = 0x1_0000_0000n;

  /** Place a copy of `data` at a fresh page-aligned host address and return the address. */
  place(data: Uint8Array): bigint {
    const addr = this.next;
    this.next += (BigInt(data.length) + 0xfffn) & ~0xfffn;
    this.next += 0x1000n;
    this.buffers.set(addr, data.slice());
    return addr;
  }

  read(addr: bigint, len: number): Uint8Array {
    const b = this.buffers.get(addr);
    if (b === undefined || len > b.length) {
      throw new HostMemoryError(`no host buffer of ${len} bytes at 0x${addr.toString(16)}`);
    }
    return b.slice(0, len);
  }

  free(addr: bigint): void {
    this.buffers.delete(addr);
  }
}
