/**
 * The image metadata block of the [R] layout (SE-FORMAT §4.5): 28 bytes at image offset 0xC000 that
 * tell readers where the SE header and the IPIB are. Note the field order: header offset, version, IPIB offset.
 */
import { bytes, struct, u32, u64 } from '../binary/struct.js';

export const IMAGE_METADATA_OFFSET = 0xc000;
export const IMAGE_METADATA_MAGIC = new Uint8Array(Buffer.from('SeImgLnx', 'latin1'));
export const IMAGE_METADATA_VERSION = 1;

export const imageMetadataLayout = struct('ImageMetadata', [
  ['magic', bytes(8), IMAGE_METADATA_MAGIC],
  ['hdrOff', u64],
  ['version', u32],
  ['ipibOff', u64],
] as const);
export type ImageMetadata = ReturnType<typeof imageMetadataLayout.parse>;
