/**
 * One reader for every kind of SE input (SE-FORMAT §4): images in IBM's current layout ([R], image
 * metadata block at 0xC000, §4.2/§4.5), images from the older C genprotimg ([C], no metadata, IPIB in
 * the page before the header, §4.3), pvkit's own images (the [R] layout), and a bare SE header file
 * (what `pvextract-hdr` writes, §1).
 *
 * The header is found, in this order (§4.9, errata §12.3): through the metadata block; through the
 * stage3a parameter block (the 24 bytes that end stage3a.bin, §4.6); by probing the page starts
 * 0x0–0x14000 for `IBMSecEx`. The result says which way it was found. Only bounded regions are read.
 * Input that cannot be read as an SE image raises FormatError naming the offset and field at fault.
 */
import { FormatError } from '../errors.js';
import { type Ipib, IPIB_HEAD_SIZE, ipibHeadLayout, IPL_PBT_PV, parseIpib } from '../format/ipib.js';
import { IMAGE_METADATA_MAGIC, IMAGE_METADATA_OFFSET, type ImageMetadata, imageMetadataLayout } from '../format/imageMetadata.js';
import { type Stage3aArgs, stage3aArgsLayout } from '../format/loaderArgs.js';
import { parseSeHeader, type SealedSeHeader, SE_HEADER_HEAD_SIZE, SE_HEADER_MAGIC, SE_HEADER_MAX_SIZE } from '../format/seHeader.js';
import { COMPONENT_IDS, componentIdOf, type ComponentKind } from '../format/tweak.js';
import { type ImageFile, openImageFile } from './imageFile.js';

export type HeaderFoundBy = 'metadata' | 'stage3a-args' | 'page-scan' | 'bare-header';
/** `pvimg` = [R] layout (also pvkit's), `genprotimg-c` = [C] layout. */
export type ImageLayout = 'pvimg' | 'genprotimg-c' | 'bare-header' | 'unknown';
export type ComponentNumbering = 'pvimg' | 'genprotimg-c';

export const PAGE_SIZE = 4096;
/** Stage3a is loaded at 0x10000 and its data ends below 0x13000 (§4.2 step 1, §4.6). */
export const STAGE3A_ADDRESS = 0x10000;
export const STAGE3A_LIMIT = 0x13000;
/** Page starts probed for the header magic when nothing else points at it (§4.9 step 2). */
export const PAGE_SCAN_LIMIT = 0x14000;

export interface ImageComponent {
  readonly index: number;
  /** From the component id in the tweak prefix (§3.3), when the ids follow one known numbering. */
  readonly kind: ComponentKind | undefined;
  readonly componentId: number;
  readonly tweakPrefix: bigint;
  /** Guest address = file offset (§4.1). */
  readonly addr: number;
  /** Prepared (page-multiple) length, as in the IPIB (§5). */
  readonly len: number;
}

export interface Stage3aArgsFound {
  /** File offset of the 24-byte block (= its guest address). */
  readonly offset: number;
  readonly value: Stage3aArgs;
  /** Where the block says the header and IPIB are (absolute, §4.6). */
  readonly hdrAddr: bigint;
  readonly ipibAddr: bigint;
}

export interface SeImage {
  readonly path: string;
  readonly fileSize: number;
  readonly foundBy: HeaderFoundBy;
  readonly layout: ImageLayout;
  readonly headerOffset: number;
  readonly header: SealedSeHeader;
  readonly metadata: { readonly offset: number; readonly value: ImageMetadata } | undefined;
  readonly stage3aArgs: Stage3aArgsFound | undefined;
  readonly ipib: { readonly offset: number; readonly value: Ipib } | undefined;
  readonly numbering: ComponentNumbering | undefined;
  readonly components: readonly ImageComponent[];
  /** The 8 bytes at offset 0 (§4.4); undefined for a bare header. */
  readonly shortPsw: bigint | undefined;
  /** Things a reader should know that do not stop reading (e.g. metadata version ≠ 1). */
  readonly notes: readonly string[];
}

const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Read an SE image or a bare SE header. Throws FormatError (with `file` set) when it cannot. */
/** Open the image file at `path`, read it with `readSeImage`, and close it. */
export async function readSeImageFile(path: string): Promise<SeImage> {
  const file = await openImageFile(path);
  try {
    return await readSeImage(file);
  } finally {
    await file.close();
  }
}

export async function readSeImage(file: ImageFile): Promise<SeImage> {
  try {
    return await readImage(file);
  } catch (e) {
    if (e instanceof FormatError && e.file === undefined) {
      throw new FormatError(e.message, { offset: e.offset, field: e.field, file: file.path, cause: e.cause });
    }
    throw e;
  }
}

async function readImage(file: ImageFile): Promise<SeImage> {
  const size = file.size;
  if (size === 0) throw new FormatError('the file is empty', { offset: 0, field: 'image' });
  const start = await file.read(0, 16);
  const notes: string[] = [];

  if (start.length >= 8 && equalBytes(start.subarray(0, 8), SE_HEADER_MAGIC) && size <= SE_HEADER_MAX_SIZE) {
    // A bare header (pvextract-hdr output): exactly sehs bytes.
    const header = parseSeHeader(await file.read(0, size), 0, 0);
    if (size !== header.head.sehs) {
      throw new FormatError(`${size - header.head.sehs} bytes follow the SE header (sehs=${header.head.sehs}); not a bare header`, {
        offset: header.head.sehs,
        field: 'SeHeader',
      });
    }
    return {
      path: file.path,
      fileSize: size,
      foundBy: 'bare-header',
      layout: 'bare-header',
      headerOffset: 0,
      header,
      metadata: undefined,
      stage3aArgs: undefined,
      ipib: undefined,
      numbering: undefined,
      components: [],
      shortPsw: undefined,
      notes,
    };
  }
  const shortPsw = start.length >= 8 ? new DataView(start.buffer, start.byteOffset, 8).getBigUint64(0) : undefined;

  const metadata = await readMetadata(file, notes);
  const stage3aArgs = await findStage3aArgs(file);

  let foundBy: HeaderFoundBy;
  let headerOffset: number;
  let ipibOffset: number | undefined;
  let layout: ImageLayout;
  if (metadata) {
    foundBy = 'metadata';
    headerOffset = Number(metadata.value.hdrOff);
    ipibOffset = Number(metadata.value.ipibOff);
    layout = 'pvimg';
  } else if (stage3aArgs) {
    foundBy = 'stage3a-args';
    headerOffset = Number(stage3aArgs.hdrAddr);
    ipibOffset = Number(stage3aArgs.ipibAddr);
    layout = ipibOffset < headerOffset ? 'genprotimg-c' : 'pvimg';
  } else {
    const found = await pageScan(file);
    if (found === undefined) {
      throw new FormatError(
        `no SE header found: no image metadata at 0xc000, no stage3a parameter block, no 'IBMSecEx' at any page start 0x0-${hex(PAGE_SCAN_LIMIT)}`,
        { offset: 0, field: 'SeHeader.magic' },
      );
    }
    foundBy = 'page-scan';
    headerOffset = found;
    layout = 'unknown';
    // [C] keeps the IPIB in the page directly before the header (§4.3, §8.6).
    if (headerOffset >= PAGE_SIZE && (await looksLikeIpib(file, headerOffset - PAGE_SIZE))) {
      ipibOffset = headerOffset - PAGE_SIZE;
      layout = 'genprotimg-c';
    } else {
      notes.push('no IPIB found (the header was found by page scan and no IPIB precedes it): components unknown');
    }
  }

  const header = parseSeHeader(await file.read(headerOffset, SE_HEADER_MAX_SIZE), 0, headerOffset);

  let ipib: SeImage['ipib'];
  if (ipibOffset !== undefined) {
    if (ipibOffset + IPIB_HEAD_SIZE > size) {
      throw new FormatError(`IPIB at ${hex(ipibOffset)} is truncated: the file ends at ${hex(size)}`, { offset: size, field: 'Ipib' });
    }
    ipib = { offset: ipibOffset, value: parseIpib(await file.read(ipibOffset, PAGE_SIZE), 0, ipibOffset) };
  }

  const components = ipib ? describeComponents(ipib.value, size) : { list: [], numbering: undefined };
  return {
    path: file.path,
    fileSize: size,
    foundBy,
    layout,
    headerOffset,
    header,
    metadata,
    stage3aArgs,
    ipib,
    numbering: components.numbering,
    components: components.list,
    shortPsw,
    notes,
  };
}

async function readMetadata(file: ImageFile, notes: string[]): Promise<SeImage['metadata']> {
  const at = IMAGE_METADATA_OFFSET;
  const magic = await file.read(at, 8);
  if (!equalBytes(magic, IMAGE_METADATA_MAGIC)) return undefined;
  const raw = await file.read(at, imageMetadataLayout.size);
  if (raw.length < imageMetadataLayout.size) {
    throw new FormatError(`image metadata at ${hex(at)} is truncated: the file ends at ${hex(file.size)}`, {
      offset: file.size,
      field: 'ImageMetadata',
    });
  }
  const value = imageMetadataLayout.parse(raw, 0);
  if (value.version !== 1) notes.push(`image metadata version is ${value.version}, expected 1`);
  const fieldAt = (f: 'hdrOff' | 'ipibOff') => at + imageMetadataLayout.offsetOf(f);
  if (value.hdrOff >= BigInt(file.size) || !equalBytes(await file.read(Number(value.hdrOff), 8), SE_HEADER_MAGIC)) {
    throw new FormatError(`image metadata hdr_off ${hex(value.hdrOff)} does not point at an SE header ('IBMSecEx')`, {
      offset: fieldAt('hdrOff'),
      field: 'ImageMetadata.hdrOff',
    });
  }
  if (value.ipibOff >= BigInt(file.size)) {
    throw new FormatError(`image metadata ipib_off ${hex(value.ipibOff)} is past the end of the file (${hex(file.size)})`, {
      offset: fieldAt('ipibOff'),
      field: 'ImageMetadata.ipibOff',
    });
  }
  return { offset: at, value };
}

/**
 * Find the stage3a parameter block without knowing stage3a's size (errata §12.3). stage3a.bin ends
 * with the block and is followed by zeros up to a page boundary, and the block's last field (the IPIB
 * offset) is non-zero, so the block ends within 8 bytes after the last non-zero byte of a page. A
 * candidate counts only if its offsets land on the header magic and on a type-5 IPIB.
 */
export async function findStage3aArgs(file: ImageFile): Promise<Stage3aArgsFound | undefined> {
  const end = Math.min(file.size, STAGE3A_LIMIT);
  if (end - STAGE3A_ADDRESS < stage3aArgsLayout.size) return undefined;
  const region = await file.read(STAGE3A_ADDRESS, end - STAGE3A_ADDRESS);
  for (let page = Math.ceil(region.length / PAGE_SIZE) - 1; page >= 0; page--) {
    const pageEnd = Math.min(region.length, (page + 1) * PAGE_SIZE);
    let last = pageEnd - 1;
    while (last >= page * PAGE_SIZE && region[last] === 0) last--;
    if (last < page * PAGE_SIZE) continue;
    for (let blockEnd = last + 1; blockEnd <= Math.min(last + 8, pageEnd); blockEnd++) {
      const rel = blockEnd - stage3aArgsLayout.size;
      if (rel < 0) continue;
      const value = stage3aArgsLayout.parse(region, rel);
      const offset = STAGE3A_ADDRESS + rel;
      const found = await checkStage3aCandidate(file, offset, value);
      if (found) return found;
    }
  }
  return undefined;
}

async function checkStage3aCandidate(file: ImageFile, offset: number, value: Stage3aArgs): Promise<Stage3aArgsFound | undefined> {
  const size = BigInt(file.size);
  const hdrAddr = BigInt(offset) + value.hdrOffs;
  const ipibAddr = BigInt(offset) + value.ipibOffs;
  if (value.hdrOffs === 0n || value.ipibOffs === 0n) return undefined;
  if (value.hdrSize <= BigInt(SE_HEADER_HEAD_SIZE) || value.hdrSize > BigInt(SE_HEADER_MAX_SIZE)) return undefined;
  if (hdrAddr + 8n > size || ipibAddr + BigInt(IPIB_HEAD_SIZE) > size) return undefined;
  if (!equalBytes(await file.read(Number(hdrAddr), 8), SE_HEADER_MAGIC)) return undefined;
  if (!(await looksLikeIpib(file, Number(ipibAddr)))) return undefined;
  return { offset, value, hdrAddr, ipibAddr };
}

async function looksLikeIpib(file: ImageFile, offset: number): Promise<boolean> {
  const raw = await file.read(offset, IPIB_HEAD_SIZE);
  if (raw.length < IPIB_HEAD_SIZE) return false;
  return raw[ipibHeadLayout.offsetOf('pbt')] === IPL_PBT_PV;
}

async function pageScan(file: ImageFile): Promise<number | undefined> {
  for (let off = 0; off <= PAGE_SCAN_LIMIT && off < file.size; off += PAGE_SIZE) {
    if (equalBytes(await file.read(off, 8), SE_HEADER_MAGIC)) return off;
  }
  return undefined;
}

function describeComponents(ipib: Ipib, fileSize: number): { list: ImageComponent[]; numbering: ComponentNumbering | undefined } {
  const ids = ipib.components.map((c) => componentIdOf(c.tweakPref));
  let numbering: ComponentNumbering | undefined;
  for (const n of ['pvimg', 'genprotimg-c'] as const) {
    const known = new Set(Object.values(COMPONENT_IDS[n]));
    if (ids.every((id) => known.has(id))) numbering = n;
  }
  const kindOf = (id: number): ComponentKind | undefined => {
    if (!numbering) return undefined;
    const table = COMPONENT_IDS[numbering];
    return (Object.keys(table) as ComponentKind[]).find((k) => table[k] === id);
  };
  const list = ipib.components.map((c, index): ImageComponent => {
    if (c.addr + c.len > BigInt(fileSize)) {
      throw new FormatError(
        `component ${index} (${hex(c.addr)}, ${hex(c.len)} bytes) extends past the end of the file at ${hex(fileSize)}: the image is truncated`,
        { offset: fileSize, field: `IpibComponent[${index}]` },
      );
    }
    return {
      index,
      kind: kindOf(ids[index]!),
      componentId: ids[index]!,
      tweakPrefix: c.tweakPref,
      addr: Number(c.addr),
      len: Number(c.len),
    };
  });
  return { list, numbering };
}
