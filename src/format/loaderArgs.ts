/**
 * Parameter blocks the builder patches into the loaders: the stage3a block (last 24 bytes of
 * stage3a, offsets relative to the block itself, SE-FORMAT §4.6) and the stage3b block (last 64 bytes
 * of stage3b: where the components are and the kernel PSW, §4.7).
 */
import { struct, u64 } from '../binary/struct.js';

export const stage3aArgsLayout = struct('Stage3aArgs', [
  ['hdrOffs', u64],
  ['hdrSize', u64],
  ['ipibOffs', u64],
] as const);
export type Stage3aArgs = ReturnType<typeof stage3aArgsLayout.parse>;

export const stage3bArgsLayout = struct('Stage3bArgs', [
  ['kernelSrc', u64],
  ['kernelSize', u64],
  ['cmdlineSrc', u64],
  ['cmdlineSize', u64],
  ['initrdSrc', u64],
  ['initrdSize', u64],
  ['pswMask', u64],
  ['pswAddr', u64],
] as const);
export type Stage3bArgs = ReturnType<typeof stage3bArgsLayout.parse>;
