/**
 * Test fixtures for the Ultravisor tests: SE images built with the project's builder (`createImage`)
 * from the guests' sample kernel, for the committed TEST host keys, with the header key pinned so
 * that tests can tamper with the header and re-seal it (SE-FORMAT §8.5 "re-sealed").
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createImage, type CreatedImage } from '../../src/build/createImage.js';
import { readHostKeyDocument } from '../../src/hostkey/hostKeyDocument.js';
import { readHostPrivateKey } from '../../src/image/hostKeyInput.js';
import { gcmSeal } from '../../src/crypto/gcm.js';
import { GCM_TAG_SIZE } from '../../src/crypto/gcm.js';
import { openSeHeader, parseSeHeader, encryptedAreaLayout, type OpenedSeHeader } from '../../src/format/seHeader.js';
import type { UvHostKey } from '../../src/uv/setSecConfParams.js';
import { repoRoot } from '../support/shared.js';
import { loadLoaderTemplates } from '../../src/loaders/loaderFiles.js';

export const SAMPLE_KERNEL = join(repoRoot, 'test', 'guests', 'sample-kernel.bin');
export const HKD = [1, 2].map((n) => join(repoRoot, 'keys', `host-test-${n}.crt.pem`));
export const HOST_KEY_PEM = [1, 2].map((n) => join(repoRoot, 'keys', `host-test-${n}.key.pem`));
/** The pinned header protection key of every test image (SE-FORMAT §6 `--hdr-key`). */
export const HEADER_KEY = new Uint8Array(32).map((_, i) => 0xa0 + i);
/** A pinned XTS key (halves differ, §3.1). */
export const XTS_KEY = new Uint8Array(64).map((_, i) => i + 1);

export const CMDLINE = 'console=ttysclp0 root=/dev/ram0 pvkit.test=yes';
/** 10,000 bytes of a fixed pattern: not a page multiple, so padding is exercised. */
export const RAMDISK = new Uint8Array(10_000).map((_, i) => (i * 7 + 3) & 0xff);

export async function hostKey(n: 1 | 2): Promise<UvHostKey> {
  return readHostPrivateKey(HOST_KEY_PEM[n - 1]!);
}

export interface TestImage {
  readonly bytes: Uint8Array;
  readonly created: CreatedImage;
}

export interface TestImageOptions {
  hosts?: readonly (1 | 2)[];
  ramdisk?: boolean;
  cmdline?: boolean;
  pcf?: bigint;
  /** Loader templates from a directory (`--x-bootloader-directory`); default pvkit's own. */
  loaderDir?: string;
}

/** Build an SE image in a temporary directory and return its bytes. */
export async function buildTestImage(opts: TestImageOptions = {}): Promise<TestImage> {
  const dir = mkdtempSync(join(tmpdir(), 'pvkit-uv-'));
  try {
    const hostKeys = [];
    for (const n of opts.hosts ?? [1]) hostKeys.push((await readHostKeyDocument(HKD[n - 1]!)).publicKey);
    const ramdisk = opts.ramdisk === false ? undefined : join(dir, 'initrd');
    if (ramdisk) writeFileSync(ramdisk, RAMDISK);
    const parmfile = opts.cmdline === false ? undefined : join(dir, 'parmfile');
    if (parmfile) writeFileSync(parmfile, CMDLINE);
    const output = join(dir, 'se.img');
    const created = await createImage({
      kernel: SAMPLE_KERNEL,
      ramdisk,
      parmfile,
      output,
      hostKeys,
      ...(opts.pcf !== undefined ? { pcf: opts.pcf } : {}),
      pinned: { headerKey: HEADER_KEY, xtsKey: XTS_KEY },
      ...(opts.loaderDir !== undefined ? { loaders: loadLoaderTemplates(opts.loaderDir) } : {}),
    });
    return { bytes: new Uint8Array(readFileSync(output)), created };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The header of `img` opened with the pinned header key (for tampering). */
export function openTestHeader(img: TestImage): OpenedSeHeader {
  const at = img.created.layout.headerAddr;
  return openSeHeader(parseSeHeader(img.bytes, at), HEADER_KEY);
}

/**
 * A copy of `img` whose header was changed by `edit` (head bytes and/or the plaintext encrypted
 * area) and, with `reseal`, sealed again with the header key: a new GCM tag over the edited head
 * and key slots (SE-FORMAT §1.6), so the change is authentic to the Ultravisor.
 */
export function tamperHeader(
  img: TestImage,
  edit: (header: Uint8Array, area: Uint8Array) => void,
  opts: { reseal: boolean },
): Uint8Array {
  const out = img.bytes.slice();
  const at = img.created.layout.headerAddr;
  const sehs = img.created.header.length;
  const header = out.subarray(at, at + sehs);
  const sealed = parseSeHeader(img.bytes, at);
  const opened = openSeHeader(sealed, HEADER_KEY);
  const area = encryptedAreaLayout.serialize(opened.area);
  edit(header, area);
  if (opts.reseal) {
    const iv = header.subarray(0x10, 0x1c);
    const { ciphertext, tag } = gcmSeal(HEADER_KEY, iv, header.subarray(0, sealed.aadLength), area);
    header.set(ciphertext, sealed.aadLength);
    header.set(tag, sehs - GCM_TAG_SIZE);
  }
  return out;
}

/** CRC-32 (IEEE, as zlib): the tests' own, independent of the guest's implementation. */
export { crc32 } from '../guests/catalog.js';
