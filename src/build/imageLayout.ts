/**
 * Where everything goes in an image of IBM's current layout (SE-FORMAT §4.2, [R] `pvimg create`):
 * short PSW at 0, metadata at 0xC000, stage3a at 0x10000, SE header at max(end of stage3a, 0x14000),
 * then the secured components (kernel, ramdisk, cmdline, stage3b) page by page, then the IPIB.
 */
import type { ComponentKind } from '../format/tweak.js';
import { seHeaderSize } from '../format/seHeader.js';
import { ipibSize } from '../format/ipib.js';
import { STAGE3A_ARGS_SIZE } from '../loaders/loaderFiles.js';

export const PAGE = 4096;
export const STAGE3A_ADDR = 0x10000;
export const STAGE3A_ENTRY = 0x11000;
export const SE_HEADER_MIN_ADDR = 0x14000;

export const roundUp = (x: number, a: number): number => Math.ceil(x / a) * a;
/** A secured component always has at least one page (§3.2). */
export const preparedSize = (size: number): number => Math.max(PAGE, roundUp(size, PAGE));

export interface PlacedComponent {
  readonly kind: ComponentKind;
  readonly addr: number;
  /** Original size in bytes (what stage3b is told). */
  readonly size: number;
  /** Page-multiple size in the image (what the IPIB and the digests cover). */
  readonly preparedSize: number;
}

export interface ImageLayout {
  readonly stage3aAddr: number;
  readonly stage3aArgsAddr: number;
  readonly headerAddr: number;
  readonly headerSize: number;
  readonly components: readonly PlacedComponent[];
  readonly ipibAddr: number;
  readonly ipibSize: number;
  readonly imageSize: number;
}

export function planImage(input: {
  stage3aSize: number;
  hostKeyCount: number;
  kernelSize: number;
  ramdiskSize?: number | undefined;
  cmdlineSize?: number | undefined;
  stage3bSize: number;
}): ImageLayout {
  const headerAddr = Math.max(roundUp(STAGE3A_ADDR + input.stage3aSize, PAGE), SE_HEADER_MIN_ADDR);
  const headerSize = seHeaderSize(input.hostKeyCount);
  let next = roundUp(headerAddr + headerSize, PAGE);
  const components: PlacedComponent[] = [];
  const place = (kind: ComponentKind, size: number) => {
    components.push({ kind, addr: next, size, preparedSize: preparedSize(size) });
    next += preparedSize(size);
  };
  place('kernel', input.kernelSize);
  if (input.ramdiskSize !== undefined) place('ramdisk', input.ramdiskSize);
  if (input.cmdlineSize !== undefined) place('cmdline', input.cmdlineSize);
  place('stage3b', input.stage3bSize);
  const size = ipibSize(components.length);
  return {
    stage3aAddr: STAGE3A_ADDR,
    stage3aArgsAddr: STAGE3A_ADDR + input.stage3aSize - STAGE3A_ARGS_SIZE,
    headerAddr,
    headerSize,
    components,
    ipibAddr: next,
    ipibSize: size,
    imageSize: next + size,
  };
}
