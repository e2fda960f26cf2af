/**
 * Offline verification of an SE image (SE-FORMAT §8.6): open the header (header key, or a host
 * private key through its key slot, §2.2–§2.3), stream every secured component page (§3.3) to recompute
 * NEP/PLD/ALD/TLD (§1.7), decrypt the pages, check the loaders' parameter blocks against the IPIB and
 * the metadata (§4.5–§4.7, errata §12.3–§12.4), and prove the image holds exactly the expected kernel,
 * initrd, command line, host-key set and flags.
 *
 * The result is a list of named checks `{name, ok, detail}`; the image is verified only if every check
 * passes. Problems with the image itself are failed checks, never exceptions; only problems with the
 * caller's inputs (unreadable expected files, bad keys) throw.
 */
import { createHash } from 'node:crypto';
import { CryptoError, FormatError, PvkitError } from '../errors.js';
import { createXts, type XtsCipher } from '../crypto/xts.js';
import { decodeFlags, flagMask, hex64, PCF_FLAGS, SCF_FLAGS, type ControlFlag } from '../format/controlFlags.js';
import { stage3bArgsLayout, type Stage3bArgs } from '../format/loaderArgs.js';
import { PageDigests } from '../format/pageDigests.js';
import { decodeShortPsw, PSW_MASK_64 } from '../format/psw.js';
import { type OpenedSeHeader, openSeHeader, openSeHeaderWithHostKey } from '../format/seHeader.js';
import { COMPONENT_ORDER, type ComponentKind, writePageTweak, writePageTweaks } from '../format/tweak.js';
import type { HostPrivateKey, HostPublicKey } from './hostKeyInput.js';
import { type ImageFile, MAX_READ, openImageFile } from './imageFile.js';
import { type ImageComponent, PAGE_SIZE, readSeImage, type SeImage } from './imageReader.js';

export interface VerifyCheck {
  /** Stable check name, e.g. `digest.pld`, `expect.kernel`. */
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface VerifyReport {
  readonly image: string;
  readonly verified: boolean;
  readonly layout: string | undefined;
  readonly headerFoundBy: string | undefined;
  readonly headerOffset: number | undefined;
  readonly checks: readonly VerifyCheck[];
}

/** One way to open the header. `imageKey` additionally pins the expected XTS key. */
export interface VerifyKeys {
  readonly headerKey?: Uint8Array | undefined;
  readonly hostKeys?: readonly HostPrivateKey[];
  readonly imageKey?: Uint8Array | undefined;
}

export interface VerifyExpectations {
  readonly kernel?: ImageFile | undefined;
  readonly initrd?: ImageFile | undefined;
  /** The parmfile: the component must hold its bytes plus one NUL (or exactly them if they end in NUL, §3.4). */
  readonly cmdline?: Uint8Array | undefined;
  /** The exact set of host keys that must have key slots (in any order, duplicates counted). */
  readonly hostKeys?: readonly HostPublicKey[] | undefined;
  readonly pcf?: bigint | undefined;
  readonly scf?: bigint | undefined;
  readonly flags?: readonly { readonly name: string; readonly on: boolean }[];
  /** The address of the sealed PSW, for images built with `--x-psw`; default: stage3b's address. */
  readonly pswAddr?: bigint | undefined;
}

/** Flags by the names `--expect-flag NAME=on|off` accepts (§1.8, §1.9). */
export const NAMED_FLAGS: Readonly<Record<string, { word: 'pcf' | 'scf'; flag: ControlFlag }>> = Object.fromEntries([
  ...Object.values(PCF_FLAGS).map((f) => [f.name, { word: 'pcf' as const, flag: f }]),
  ...Object.values(SCF_FLAGS).map((f) => [f.name, { word: 'scf' as const, flag: f }]),
]);

const CHUNK_PAGES = 256;
/** A command line larger than this is not a command line (kernels allow a few KiB). */
const MAX_CMDLINE = 1 << 20;

const hex = (n: number | bigint): string => `0x${n.toString(16)}`;
const hexBytes = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

/** Verify the image at `path`. Throws only for problems with the caller's inputs or I/O. */
export async function verifyImagePath(path: string, keys: VerifyKeys, expect: VerifyExpectations = {}): Promise<VerifyReport> {
  const file = await openImageFile(path);
  try {
    return await verifyImage(file, keys, expect);
  } finally {
    await file.close();
  }
}

export async function verifyImage(file: ImageFile, keys: VerifyKeys, expect: VerifyExpectations = {}): Promise<VerifyReport> {
  const checks: VerifyCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) => void checks.push({ name, ok, detail });
  const report = (image: SeImage | undefined): VerifyReport => ({
    image: file.path,
    verified: checks.length > 0 && checks.every((c) => c.ok),
    layout: image?.layout,
    headerFoundBy: image?.foundBy,
    headerOffset: image?.headerOffset,
    checks,
  });

  let image: SeImage;
  try {
    image = await readSeImage(file);
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    check('image.format', false, describeFormatError(e));
    return report(undefined);
  }
  check(
    'image.format',
    true,
    `${image.layout} layout, SE header at ${hex(image.headerOffset)} found by ${image.foundBy}` +
      (image.notes.length ? `; ${image.notes.join('; ')}` : ''),
  );

  const opened = openHeader(image, keys, check);
  checkFlags(image, opened, expect, check);
  checkHostKeys(image, expect, check);

  if (image.layout === 'bare-header') {
    check('image.components', false, 'a bare SE header holds no components: nothing to verify against its digests');
    return report(image);
  }
  checkStructure(image, check);
  const stage3bComponent = image.components.find((c) => c.kind === 'stage3b');
  if (opened && stage3bComponent) {
    // Both builders seal the stage3b address as the guest's first PSW (§1.5), unless built with
    // [R] --x-psw, whose address the caller then expects instead.
    const want = expect.pswAddr ?? BigInt(stage3bComponent.addr);
    check(
      'header.psw',
      opened.psw.mask === PSW_MASK_64 && opened.psw.addr === want,
      `sealed PSW {${hex(opened.psw.mask)}, ${hex(opened.psw.addr)}}; ` +
        (expect.pswAddr === undefined ? `stage3b is at ${hex(stage3bComponent.addr)}` : `expected address ${hex(want)}`),
    );
  }

  const stage3b = await readStage3bArgs(file, image, opened, check);
  await streamComponents(file, image, opened, stage3b, expect, check);
  return report(image);
}

function describeFormatError(e: FormatError): string {
  const where = e.offset === undefined ? '' : `at ${hex(e.offset)}`;
  const field = e.field === undefined ? '' : ` (${e.field})`;
  return `${e.message}${where || field ? ` [${where}${field}]` : ''}`;
}

type Check = (name: string, ok: boolean, detail: string) => void;

function openHeader(image: SeImage, keys: VerifyKeys, check: Check): OpenedSeHeader | undefined {
  let opened: OpenedSeHeader | undefined;
  const errors: string[] = [];
  if (keys.headerKey) {
    try {
      opened = openSeHeader(image.header, keys.headerKey);
      check('header.open', true, 'the header tag verifies with the header key; encrypted area decrypted');
    } catch (e) {
      if (!(e instanceof PvkitError)) throw e;
      errors.push(`header key: ${e.message}`);
    }
  }
  for (const host of keys.hostKeys ?? []) {
    if (opened) break;
    try {
      const r = openSeHeaderWithHostKey(image.header, host);
      opened = r;
      check('header.open', true, `opened through key slot ${r.slotIndex} with host key ${host.file} (as the Ultravisor does)`);
    } catch (e) {
      if (!(e instanceof CryptoError || e instanceof FormatError)) throw e;
      errors.push(`${host.file}: ${e.message}`);
    }
  }
  if (!opened) {
    check('header.open', false, errors.length ? errors.join('; ') : 'no key to open the header was given');
    return undefined;
  }
  if (keys.imageKey) {
    check(
      'expect.image-key',
      sameBytes(opened.xtsKey, keys.imageKey),
      sameBytes(opened.xtsKey, keys.imageKey) ? 'the header holds the given image (XTS) key' : 'the header holds a different image (XTS) key',
    );
  }
  return opened;
}

function checkFlags(image: SeImage, opened: OpenedSeHeader | undefined, expect: VerifyExpectations, check: Check): void {
  const pcf = image.header.head.pcf;
  const unknownPcf = decodeFlags(pcf, PCF_FLAGS).unknownBits;
  const scf = opened?.scf;
  const unknownScf = scf === undefined ? [] : decodeFlags(scf, SCF_FLAGS).unknownBits;
  check(
    'header.flags',
    unknownPcf.length === 0 && unknownScf.length === 0,
    `PCF ${hex64(pcf)}${unknownPcf.length ? ` has unknown bits ${unknownPcf.join(',')}` : ''}` +
      (scf === undefined ? '' : `, SCF ${hex64(scf)}${unknownScf.length ? ` has unknown bits ${unknownScf.join(',')}` : ''}`),
  );
  if (expect.pcf !== undefined) {
    check('expect.pcf', pcf === expect.pcf, `PCF is ${hex64(pcf)}, expected ${hex64(expect.pcf)}`);
  }
  if (expect.scf !== undefined) {
    if (scf === undefined) check('expect.scf', false, 'the SCF is sealed and the header could not be opened');
    else check('expect.scf', scf === expect.scf, `SCF is ${hex64(scf)}, expected ${hex64(expect.scf)}`);
  }
  for (const f of expect.flags ?? []) {
    const named = NAMED_FLAGS[f.name];
    if (!named) throw new RangeError(`unknown flag ${f.name}`);
    const word = named.word === 'pcf' ? pcf : scf;
    const name = `expect.flag.${f.name}`;
    if (word === undefined) {
      check(name, false, `${f.name} is an SCF flag, and the header could not be opened`);
      continue;
    }
    const m = flagMask(named.flag);
    const state = (word & m) === m ? 'on' : (word & m) === 0n ? 'off' : 'partly on';
    check(name, state === (f.on ? 'on' : 'off'), `${f.name} (${named.word.toUpperCase()} bits ${named.flag.bits.join(',')}) is ${state}, expected ${f.on ? 'on' : 'off'}`);
  }
}

function checkHostKeys(image: SeImage, expect: VerifyExpectations, check: Check): void {
  if (!expect.hostKeys) return;
  const slots = image.header.keySlots.map((s) => hexBytes(s.phkh));
  const want = expect.hostKeys.map((k) => hexBytes(k.phkh));
  const rest = [...slots];
  const missing: string[] = [];
  expect.hostKeys.forEach((k, i) => {
    const at = rest.indexOf(want[i]!);
    if (at < 0) missing.push(`${k.file} (phkh ${want[i]!.slice(0, 16)}…)`);
    else rest.splice(at, 1);
  });
  const ok = missing.length === 0 && rest.length === 0;
  const parts = [`${slots.length} key slot(s), ${want.length} expected host key(s)`];
  if (missing.length) parts.push(`no key slot for ${missing.join(', ')}`);
  if (rest.length) parts.push(`unexpected key slot(s) for phkh ${rest.map((h) => `${h.slice(0, 16)}…`).join(', ')}`);
  check('expect.host-keys', ok, parts.join('; '));
}

/** IPIB, layout and loader parameter blocks agree with each other and with the header (§4–§5, §12.4). */
function checkStructure(image: SeImage, check: Check): void {
  const { header, ipib, components } = image;
  const sehs = header.head.sehs;
  if (!ipib) {
    check('ipib', false, 'no IPIB found: the components cannot be located');
    return;
  }
  const problems: string[] = [];
  const head = ipib.value.head;
  if (head.pvHdrSize !== BigInt(sehs)) problems.push(`pv_hdr_size ${head.pvHdrSize} ≠ sehs ${sehs}`);
  // [C] leaves pv_hdr_addr 0 in the file (stage3a fills it in, §4.6 step 3).
  if (head.pvHdrAddr !== BigInt(image.headerOffset) && !(head.pvHdrAddr === 0n && image.layout === 'genprotimg-c')) {
    problems.push(`pv_hdr_addr ${hex(head.pvHdrAddr)} ≠ header offset ${hex(image.headerOffset)}`);
  }
  if (ipib.offset % PAGE_SIZE !== 0) problems.push(`IPIB at ${hex(ipib.offset)} is not page aligned (DIAG 308 needs it, §4.6)`);
  // Fields both builders write as constants (§5); nothing else may differ from what was built.
  const n = components.length;
  if (head.hdrLen !== 136 + 24 * n && head.hdrLen !== PAGE_SIZE) problems.push(`hdr.len ${head.hdrLen} is neither ${136 + 24 * n} ([R]) nor 4096 ([C])`);
  if (head.pvLen !== 128 + 24 * n) problems.push(`pv.len ${head.pvLen} ≠ ${128 + 24 * n}`);
  if (head.hdrFlags !== 0 || head.hdrReserved1 !== 0) problems.push('hdr.flags/reserved1 not zero');
  if (head.hdrVersion !== 1) problems.push(`hdr.version ${head.hdrVersion} ≠ 1`);
  if (head.pvVersion > 1) problems.push(`pv.version ${head.pvVersion} is neither 1 ([R]) nor 0 ([C])`);
  const reserved = [head.pvReserved1, head.loadparm, head.reserved2, head.reserved3].some((b) => b.some((x) => x !== 0)) || head.reserved4 !== 0;
  if (reserved) problems.push('reserved fields or loadparm not zero');
  check('ipib', problems.length === 0, problems.length ? problems.join('; ') : `IPIB at ${hex(ipib.offset)}, ${components.length} components, header ${hex(image.headerOffset)}+${sehs}`);

  // Components: a known numbering, in its order, stage3b last, contiguous, clear of header/IPIB/stage3a.
  const lp: string[] = [];
  if (!image.numbering) lp.push(`tweak component ids ${components.map((c) => c.componentId).join(',')} follow no known numbering`);
  else {
    const order = COMPONENT_ORDER[image.numbering];
    const kinds = components.map((c) => c.kind!);
    const rank = kinds.map((k) => order.indexOf(k));
    if (rank.some((r, i) => i > 0 && r <= rank[i - 1]!)) lp.push(`component order ${kinds.join(',')} is not ${order.join(',')}`);
    if (kinds[0] !== 'kernel') lp.push('the first component is not the kernel');
    if (kinds[kinds.length - 1] !== 'stage3b') lp.push('the last component is not stage3b');
  }
  components.forEach((c, i) => {
    const prev = components[i - 1];
    if (prev && c.addr !== prev.addr + prev.len) lp.push(`component ${i} at ${hex(c.addr)} does not follow component ${i - 1} (ends ${hex(prev.addr + prev.len)})`);
    const overlaps = (a: number, n: number) => c.addr < a + n && a < c.addr + c.len;
    if (overlaps(image.headerOffset, sehs)) lp.push(`component ${i} overlaps the SE header`);
    if (overlaps(ipib.offset, 136 + 24 * components.length)) lp.push(`component ${i} overlaps the IPIB`);
    if (c.addr < 0x10000 + PAGE_SIZE) lp.push(`component ${i} at ${hex(c.addr)} overlaps the low-memory loader area`);
  });
  const end = Math.max(image.headerOffset + sehs, ipib.offset + 136 + 24 * components.length, ...components.map((c) => c.addr + c.len));
  if (image.fileSize > end) lp.push(`${image.fileSize - end} bytes follow the end of the image at ${hex(end)}`);
  check('image.layout', lp.length === 0, lp.length ? lp.join('; ') : `${image.numbering} component numbering and order`);

  // The stage3a parameter block is what boots; the metadata is what IBM's tools read (errata §12.4).
  const args = image.stage3aArgs;
  if (!args) {
    check('stage3a.args', false, 'no stage3a parameter block points at this header and IPIB');
  } else {
    const sp: string[] = [];
    if (args.hdrAddr !== BigInt(image.headerOffset)) sp.push(`header at ${hex(args.hdrAddr)}, but the header in use is at ${hex(image.headerOffset)}`);
    if (args.value.hdrSize !== BigInt(sehs)) sp.push(`header size ${args.value.hdrSize} ≠ sehs ${sehs}`);
    if (args.ipibAddr !== BigInt(ipib.offset)) sp.push(`IPIB at ${hex(args.ipibAddr)}, but the IPIB in use is at ${hex(ipib.offset)}`);
    if (image.metadata) sp.unshift('disagrees with the image metadata:');
    check('stage3a.args', sp.length <= (image.metadata ? 1 : 0), sp.length > (image.metadata ? 1 : 0) ? sp.join(' ') : `block at ${hex(args.offset)} points at header ${hex(args.hdrAddr)} and IPIB ${hex(args.ipibAddr)}`);
  }

  const psw = image.shortPsw;
  if (psw !== undefined) {
    const d = decodeShortPsw(psw);
    check(
      'short-psw',
      d.valid && d.mask === PSW_MASK_64 && d.addr === 0x11000n,
      `short PSW ${hex64(psw)} (${d.valid ? `mask ${hex(d.mask)}, address ${hex(d.addr)}` : 'bit 12 clear: not a short PSW'}; stage3a entry is 0x11000)`,
    );
  }
}

interface Stage3bInfo {
  readonly args: Stage3bArgs;
  /** Original sizes of the content components, from the stage3b parameter block (§4.7). */
  readonly sizes: Partial<Record<ComponentKind, number>>;
}

/** Decrypt the end of stage3b and find its parameter block (errata §12.3); check it against the IPIB. */
async function readStage3bArgs(file: ImageFile, image: SeImage, opened: OpenedSeHeader | undefined, check: Check): Promise<Stage3bInfo | undefined> {
  const comps = image.components;
  const stage3b = comps.find((c) => c.kind === 'stage3b');
  const byKind = (k: ComponentKind) => comps.find((c) => c.kind === k);
  if (!stage3b) {
    check('stage3b.args', false, 'the image has no stage3b component');
    return undefined;
  }
  const encrypted = (image.header.head.pcf & flagMask(PCF_FLAGS.noImageDecryption)) === 0n;
  if (encrypted && !opened) {
    check('stage3b.args', false, 'stage3b is encrypted and the header could not be opened');
    return undefined;
  }
  const xts = encrypted ? xtsFor(opened!, check) : undefined;
  if (encrypted && !xts) return undefined;
  const tailPages = Math.min(2, stage3b.len / PAGE_SIZE);
  const firstPage = stage3b.len / PAGE_SIZE - tailPages;
  const tail = await file.read(stage3b.addr + firstPage * PAGE_SIZE, tailPages * PAGE_SIZE);
  if (xts) {
    const tweak = new Uint8Array(16);
    for (let p = 0; p < tailPages; p++) {
      const page = tail.subarray(p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
      xts.decrypt(writePageTweak(tweak, stage3b.tweakPrefix, (firstPage + p) * PAGE_SIZE), page, page);
    }
  }
  let last = tail.length - 1;
  while (last >= 0 && tail[last] === 0) last--;
  const problems: string[] = [];
  for (let end = last + 1; end <= Math.min(last + 16, tail.length); end++) {
    if (end < stage3bArgsLayout.size) continue;
    const args = stage3bArgsLayout.parse(tail, end - stage3bArgsLayout.size);
    const match = (kind: ComponentKind, src: bigint, size: bigint): boolean => {
      const c = byKind(kind);
      if (!c) return src === 0n && size === 0n;
      return src === BigInt(c.addr) && size <= BigInt(c.len) && size + BigInt(PAGE_SIZE) > BigInt(c.len);
    };
    if (args.kernelSrc !== BigInt(byKind('kernel')?.addr ?? -1)) continue;
    if (!match('kernel', args.kernelSrc, args.kernelSize)) problems.push(`kernel size ${args.kernelSize} does not fit the kernel component`);
    if (!match('cmdline', args.cmdlineSrc, args.cmdlineSize)) problems.push(`cmdline {${hex(args.cmdlineSrc)}, ${args.cmdlineSize}} does not match the cmdline component`);
    if (!match('ramdisk', args.initrdSrc, args.initrdSize)) problems.push(`initrd {${hex(args.initrdSrc)}, ${args.initrdSize}} does not match the ramdisk component`);
    const at = stage3b.addr + firstPage * PAGE_SIZE + end - stage3bArgsLayout.size;
    const desc = `block at stage3b+${hex(at - stage3b.addr)}: kernel {${hex(args.kernelSrc)}, ${args.kernelSize}}, cmdline {${hex(args.cmdlineSrc)}, ${args.cmdlineSize}}, initrd {${hex(args.initrdSrc)}, ${args.initrdSize}}, kernel PSW {${hex(args.pswMask)}, ${hex(args.pswAddr)}}`;
    check('stage3b.args', problems.length === 0, problems.length ? `${problems.join('; ')} (${desc})` : desc);
    const sizes: Partial<Record<ComponentKind, number>> = { kernel: Number(args.kernelSize) };
    if (byKind('cmdline')) sizes.cmdline = Number(args.cmdlineSize);
    if (byKind('ramdisk')) sizes.ramdisk = Number(args.initrdSize);
    return problems.length ? undefined : { args, sizes };
  }
  check('stage3b.args', false, 'no stage3b parameter block naming the kernel component was found at the end of the decrypted stage3b');
  return undefined;
}

function xtsFor(opened: OpenedSeHeader, check: Check): XtsCipher | undefined {
  try {
    return createXts(opened.xtsKey);
  } catch (e) {
    if (!(e instanceof PvkitError)) throw e;
    check('header.xts-key', false, e.message);
    return undefined;
  }
}

interface ContentState {
  readonly component: ImageComponent;
  readonly size: number | undefined;
  readonly hash: ReturnType<typeof createHash>;
  nonZeroPadding: number;
  /** The command line is small: kept whole to compare with the parmfile. */
  bytes: Uint8Array | undefined;
}

/** One pass over every secured page: digests (§1.7), decryption (§3.3), contents and padding (§3.2). */
async function streamComponents(
  file: ImageFile,
  image: SeImage,
  opened: OpenedSeHeader | undefined,
  stage3b: Stage3bInfo | undefined,
  expect: VerifyExpectations,
  check: Check,
): Promise<void> {
  const encrypted = (image.header.head.pcf & flagMask(PCF_FLAGS.noImageDecryption)) === 0n;
  const xts = opened && encrypted ? createXtsQuiet(opened.xtsKey) : undefined;
  const canRead = !encrypted || xts !== undefined;
  const digests = new PageDigests();
  const contents = new Map<ComponentKind, ContentState>();
  let truncated: string | undefined;
  // Reused for every chunk: memory stays flat however large the image.
  const storedChunk = new Uint8Array(CHUNK_PAGES * PAGE_SIZE);
  const plainChunk = xts ? new Uint8Array(CHUNK_PAGES * PAGE_SIZE) : undefined;

  for (const c of image.components) {
    const kind = c.kind;
    const content =
      kind && kind !== 'stage3b' && canRead
        ? {
            component: c,
            size: stage3b?.sizes[kind],
            hash: createHash('sha256'),
            nonZeroPadding: 0,
            bytes: kind === 'cmdline' && c.len <= MAX_CMDLINE ? new Uint8Array(c.len) : undefined,
          }
        : undefined;
    if (content && kind) contents.set(kind, content);
    const pages = c.len / PAGE_SIZE;
    for (let p = 0; p < pages; p += CHUNK_PAGES) {
      const n = Math.min(CHUNK_PAGES, pages - p);
      const stored = await file.read(c.addr + p * PAGE_SIZE, n * PAGE_SIZE, storedChunk);
      if (stored.length !== n * PAGE_SIZE) {
        truncated = `component ${c.index} ends at ${hex(c.addr + p * PAGE_SIZE + stored.length)}, the IPIB says ${hex(c.addr + c.len)}`;
        break;
      }
      const addrs = new Uint8Array(8 * n);
      const tweaks = new Uint8Array(16 * n);
      const av = new DataView(addrs.buffer);
      for (let i = 0; i < n; i++) av.setBigUint64(8 * i, BigInt(c.addr + (p + i) * PAGE_SIZE));
      writePageTweaks(tweaks, c.tweakPrefix, p * PAGE_SIZE, n);
      digests.addPages(stored, addrs, tweaks);
      if (!content) continue;
      const plain = xts ? xts.decryptPages(tweaks, stored, plainChunk!.subarray(0, stored.length)) : stored;
      feedContent(content, plain, p * PAGE_SIZE);
    }
    if (truncated) break;
  }

  if (truncated) {
    check('image.size', false, `the image is truncated: ${truncated}`);
    return;
  }
  const got = digests.digest();
  const head = image.header.head;
  check('digest.nep', got.nep === head.nep, `${got.nep} pages in the components, header says ${head.nep}`);
  const digestCheck = (name: 'ald' | 'pld' | 'tld', what: string) => {
    const ok = sameBytes(got[name], head[name]);
    check(`digest.${name}`, ok, ok ? `${what} matches (${hexBytes(got[name]).slice(0, 16)}…)` : `${what} is ${hexBytes(got[name]).slice(0, 16)}…, header says ${hexBytes(head[name]).slice(0, 16)}…`);
  };
  digestCheck('ald', 'address-list digest');
  digestCheck('pld', 'page-list digest');
  digestCheck('tld', 'tweak-list digest');

  if (!canRead) {
    if (expect.kernel || expect.initrd || expect.cmdline) check('components.decrypt', false, 'components are encrypted and the header could not be opened');
    return;
  }
  if (!stage3b) {
    if (expect.kernel || expect.initrd || expect.cmdline) check('components.sizes', false, 'original component sizes unknown (no valid stage3b parameter block)');
    return;
  }
  for (const [kind, st] of contents) {
    check(
      `padding.${kind}`,
      st.nonZeroPadding === 0,
      st.nonZeroPadding === 0
        ? `${st.component.len - (st.size ?? 0)} padding bytes after ${st.size} content bytes are zero`
        : `${st.nonZeroPadding} non-zero bytes in the padding after ${st.size} content bytes`,
    );
  }
  const cmd = contents.get('cmdline');
  if (cmd && cmd.bytes && cmd.size !== undefined) {
    const text = cmd.bytes.subarray(0, cmd.size);
    const nul = text.length > 0 && text[text.length - 1] === 0;
    check('cmdline.nul', nul, nul ? 'the command line ends with its NUL byte' : 'the command line does not end with a NUL byte (stage3b refuses it, §4.7)');
  }
  const contentExpected = expect.kernel !== undefined || expect.initrd !== undefined || expect.cmdline !== undefined;
  if (!contentExpected) return;
  await compareFile('kernel', contents.get('kernel'), expect.kernel, check);
  await compareFile('initrd', contents.get('ramdisk'), expect.initrd, check);
  compareCmdline(contents.get('cmdline'), expect.cmdline, check);
}

function createXtsQuiet(key: Uint8Array): XtsCipher | undefined {
  try {
    return createXts(key);
  } catch {
    return undefined;
  }
}

function feedContent(st: ContentState, plain: Uint8Array, at: number): void {
  const size = st.size ?? 0;
  const contentEnd = Math.max(0, Math.min(plain.length, size - at));
  if (contentEnd > 0) st.hash.update(plain.subarray(0, contentEnd));
  for (let i = contentEnd; i < plain.length; i++) if (plain[i] !== 0) st.nonZeroPadding++;
  st.bytes?.set(plain, at);
}

async function compareFile(name: string, st: ContentState | undefined, want: ImageFile | undefined, check: Check): Promise<void> {
  const checkName = `expect.${name}`;
  if (!want) {
    check(checkName, st === undefined, st ? `the image has ${name === 'initrd' ? 'an' : 'a'} ${name} (${st.size} bytes), none was expected` : `no ${name}, as expected`);
    return;
  }
  if (!st) {
    check(checkName, false, `the image has no ${name}; expected ${want.path}`);
    return;
  }
  const h = createHash('sha256');
  const chunk = new Uint8Array(MAX_READ);
  for (let off = 0; off < want.size; off += MAX_READ) h.update(await want.read(off, Math.min(MAX_READ, want.size - off), chunk));
  const wantHash = h.digest('hex');
  const gotHash = st.hash.copy().digest('hex');
  const ok = st.size === want.size && gotHash === wantHash;
  check(
    checkName,
    ok,
    ok
      ? `${name} is ${want.path} (${want.size} bytes, sha256 ${wantHash.slice(0, 16)}…)`
      : `${name} differs from ${want.path}: image ${st.size} bytes sha256 ${gotHash.slice(0, 16)}…, expected ${want.size} bytes sha256 ${wantHash.slice(0, 16)}…`,
  );
}

function compareCmdline(st: ContentState | undefined, parm: Uint8Array | undefined, check: Check): void {
  if (!parm) {
    check('expect.cmdline', st === undefined, st ? `the image has a command line (${st.size} bytes), none was expected` : 'no command line, as expected');
    return;
  }
  if (!st) {
    check('expect.cmdline', false, 'the image has no command line; one was expected');
    return;
  }
  if (!st.bytes || st.size === undefined) {
    check('expect.cmdline', false, `the command-line component is too large (${st.component.len} bytes)`);
    return;
  }
  const got = st.bytes.subarray(0, st.size);
  // [C] always appends a NUL; [R] only when missing (§3.4): accept the parmfile with one NUL added, or as is if it ends in NUL.
  const withNul = new Uint8Array(parm.length + 1);
  withNul.set(parm);
  const ok = sameBytes(got, withNul) || (parm.length > 0 && parm[parm.length - 1] === 0 && sameBytes(got, parm));
  const show = (b: Uint8Array) => JSON.stringify(Buffer.from(b).toString('latin1').replace(/\0+$/, ''));
  check('expect.cmdline', ok, ok ? `command line is ${show(got)} (${got.length} bytes with NUL)` : `command line is ${show(got)} (${got.length} bytes), expected ${show(parm)}`);
}
