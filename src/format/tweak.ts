/**
 * Secured components and their XTS tweaks (SE-FORMAT §3.3–§3.4).
 * tweak prefix = BE16(component id) ‖ 6 random bytes, carried as a u64 in the IPIB;
 * page tweak = prefix ‖ BE64(byte offset of the page inside the component).
 */
export type ComponentKind = 'kernel' | 'ramdisk' | 'cmdline' | 'stage3b';

/** Component ids: [R] (pvimg, current) and [C] (genprotimg v2.33) numbering. */
export const COMPONENT_IDS: Readonly<Record<'pvimg' | 'genprotimg-c', Readonly<Record<ComponentKind, number>>>> = {
  pvimg: { kernel: 40, ramdisk: 50, cmdline: 60, stage3b: 70 },
  'genprotimg-c': { kernel: 0, cmdline: 1, ramdisk: 2, stage3b: 3 },
};

/** Secured-component order in memory, IPIB and digests (§3.4). */
export const COMPONENT_ORDER: Readonly<Record<'pvimg' | 'genprotimg-c', readonly ComponentKind[]>> = {
  pvimg: ['kernel', 'ramdisk', 'cmdline', 'stage3b'],
  'genprotimg-c': ['kernel', 'cmdline', 'ramdisk', 'stage3b'],
};

export function tweakPrefix(componentId: number, random6: Uint8Array): bigint {
  if (random6.length !== 6) throw new RangeError(`tweak random part must be 6 bytes, got ${random6.length}`);
  if (!Number.isInteger(componentId) || componentId < 0 || componentId > 0xffff) throw new RangeError(`bad component id ${componentId}`);
  return (BigInt(componentId) << 48n) | BigInt(`0x${Buffer.from(random6).toString('hex')}`);
}

/** The component id a prefix starts with, and its kind under either numbering (if it is a known id). */
export function componentIdOf(prefix: bigint): number {
  return Number(prefix >> 48n);
}

/** Write the 16-byte tweak of the page at `offset` into `out` (a reusable buffer on the hot path). */
export function writePageTweak(out: Uint8Array, prefix: bigint, offset: number): Uint8Array {
  const v = new DataView(out.buffer, out.byteOffset, 16);
  v.setBigUint64(0, prefix);
  v.setUint32(8, Math.floor(offset / 0x1_0000_0000));
  v.setUint32(12, offset >>> 0);
  return out;
}

/**
 * Write the tweaks of `pages` consecutive pages, the first at byte `offset`, into `out` (16 bytes
 * each): the batch form of `writePageTweak` for the streaming paths.
 */
export function writePageTweaks(out: Uint8Array, prefix: bigint, offset: number, pages: number): Uint8Array {
  const v = new DataView(out.buffer, out.byteOffset, 16 * pages);
  const hi = Number(prefix >> 32n);
  const lo = Number(prefix & 0xffff_ffffn);
  for (let i = 0, at = offset; i < pages; i++, at += 4096) {
    v.setUint32(16 * i, hi);
    v.setUint32(16 * i + 4, lo);
    v.setUint32(16 * i + 8, Math.floor(at / 0x1_0000_0000));
    v.setUint32(16 * i + 12, at >>> 0);
  }
  return out;
}

export function pageTweak(prefix: bigint, offset: number): Uint8Array {
  return writePageTweak(new Uint8Array(16), prefix, offset);
}
