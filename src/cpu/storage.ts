/**
 * Main storage (absolute addresses) of one machine: a flat byte array plus the bookkeeping the
 * decoded-instruction cache needs (which 4 KiB pages hold decoded instructions). Everything that
 * changes guest memory — the CPU's stores, the SCLP device, the IPL loader, a future hypervisor
 * that unpacks a secure image — goes through here so cached decodes never go stale.
 *
 * Big-endian accessors (z/Architecture byte order, SE-FORMAT §0). Memory above `size` does not
 * exist: the CPU turns such accesses into addressing exceptions (UV-SIE-NOTES §5.3).
 */
import { LimitError } from '../errors.js';

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
/** Code is tracked in 256-byte granules, so data next to code does not flush whole pages. */
export const CODE_SHIFT = 8;

export class Storage {
  readonly bytes: Uint8Array;
  readonly size: number;
  /** Per 256-byte granule: 1 when the CPU's decode caches hold instructions from it. */
  readonly codeMap: Uint8Array;
  /** Called with a granule number when a store hits a granule in `codeMap`. Set by the CPU. */
  onCodeWrite: (granule: number) => void = () => {};
  /**
   * Set while a secure configuration exists (src/uv): checks every access made through the
   * accessors below, which only hypervisor-side code uses (the CPU reads and writes `bytes`
   * directly), so a hypervisor model touching secure pages fails loudly (UV-SIE-NOTES §8.2 item 5).
   */
  accessCheck: ((addr: number, len: number) => void) | undefined = undefined;

  constructor(size: number) {
    if (!Number.isSafeInteger(size) || size < 2 * PAGE_SIZE || size % PAGE_SIZE !== 0 || size > 0x8000_0000) {
      throw new LimitError(`memory size must be a multiple of 4 KiB between 8 KiB and 2 GiB, got ${size}`);
    }
    // A zero-filled ArrayBuffer is obtained with calloc, so untouched pages cost no RAM.
    this.bytes = new Uint8Array(size);
    this.size = size;
    this.codeMap = new Uint8Array(size >>> CODE_SHIFT);
  }

  /** Whether [addr, addr+len) lies inside storage. */
  has(addr: number, len: number): boolean {
    return addr >= 0 && len >= 0 && addr + len <= this.size;
  }

  /** Note a write of `len` bytes at `addr`: drops cached decodes of the granules it touches. */
  touched(addr: number, len: number): void {
    const first = addr >>> CODE_SHIFT;
    const last = (addr + len - 1) >>> CODE_SHIFT;
    for (let g = first; g <= last; g++) if (this.codeMap[g] !== 0) this.onCodeWrite(g);
  }

  read8(addr: number): number {
    if (this.accessCheck !== undefined) this.accessCheck(addr, 1);
    return this.bytes[addr]!;
  }
  read16(addr: number): number {
    if (this.accessCheck !== undefined) this.accessCheck(addr, 2);
    const m = this.bytes;
    return (m[addr]! << 8) | m[addr + 1]!;
  }
  read32(addr: number): number {
    if (this.accessCheck !== undefined) this.accessCheck(addr, 4);
    const m = this.bytes;
    return ((m[addr]! << 24) | (m[addr + 1]! << 16) | (m[addr + 2]! << 8) | m[addr + 3]!) >>> 0;
  }
  read64(addr: number): bigint {
    return (BigInt(this.read32(addr)) << 32n) | BigInt(this.read32(addr + 4));
  }
  write8(addr: number, v: number): void {
    if (this.accessCheck !== undefined) this.accessCheck(addr, 1);
    this.bytes[addr] = v;
    this.touched(addr, 1);
  }
  write16(addr: number, v: number): void {
    if (this.accessCheck !== undefined) this.accessCheck(addr, 2);
    const m = this.bytes;
    m[addr] = v >>> 8;
    m[addr + 1] = v;
    this.touched(addr, 2);
  }
  write32(addr: number, v: number): void {
    if (this.accessCheck !== undefined) this.accessCheck(addr, 4);
    const m = this.bytes;
    m[addr] = v >>> 24;
    m[addr + 1] = v >>> 16;
    m[addr + 2] = v >>> 8;
    m[addr + 3] = v;
    this.touched(addr, 4);
  }
  write64(addr: number, v: bigint): void {
    this.write32(addr, Number((v >> 32n) & 0xffff_ffffn));
    this.write32(addr + 4, Number(v & 0xffff_ffffn));
  }
  readBytes(addr: number, len: number): Uint8Array {
    if (this.accessCheck !== undefined) this.accessCheck(addr, len);
    return this.bytes.slice(addr, addr + len);
  }
  writeBytes(addr: number, data: Uint8Array): void {
    if (this.accessCheck !== undefined) this.accessCheck(addr, data.length);
    this.bytes.set(data, addr);
    if (data.length > 0) this.touched(addr, data.length);
  }
  fill(addr: number, len: number, value: number): void {
    if (this.accessCheck !== undefined) this.accessCheck(addr, len);
    this.bytes.fill(value, addr, addr + len);
    if (len > 0) this.touched(addr, len);
  }
}
