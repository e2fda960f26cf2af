/**
 * [C]-layout test images assembled from the IBM genprotimg v2.33 cut-outs in
 * ../shared/vectors/genprotimg-c (SE-FORMAT §4.3): every stored part is put back at the image offset
 * case.json records. IBM's stage3a and stage3b bytes are not in the vectors, so:
 * - stage3a is replaced by filler bytes of the recorded length ending in the recorded parameter block;
 * - stage3b is replaced by filler ending in the recorded stage3b parameter block (stage3b-args.bin),
 *   encrypted with the pinned XTS key and the recorded tweak prefix. The PLD over it therefore differs
 *   from IBM's; `resealed` rebuilds the header with the pinned secrets and that PLD (after proving the
 *   same build reproduces IBM's header.bin byte for byte from IBM's PLD).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createXts } from '../../../src/crypto/xts.js';
import { parsePrivateKey } from '../../../src/crypto/p521.js';
import { buildSeHeader, openSeHeader, parseSeHeader } from '../../../src/format/seHeader.js';
import { writePageTweak } from '../../../src/format/tweak.js';
import { readHostKeyDocumentKey } from '../../../src/image/hostKeyInput.js';
import { sharedPath } from '../../support/shared.js';

export interface CaseComponent {
  name: 'kernel' | 'cmdline' | 'initrd' | 'stage3b';
  addr: number;
  len: number;
  origSize: number;
  tweakPrefix: bigint;
  file?: string;
}

export interface AssembledCase {
  name: string;
  dir: string;
  run: 'pinned' | 'unpinned';
  /** Image with IBM's own header (PLD will not match: stage3b is a stand-in). */
  image: Uint8Array;
  /** Same image with the header rebuilt around the stand-in stage3b (pinned runs only). */
  resealed: Uint8Array | undefined;
  json: CaseJson;
  runJson: RunJson;
  components: CaseComponent[];
  headerKey: Uint8Array;
  xtsKey: Uint8Array;
  hostCerts: string[];
  hostPrivs: string[];
  pcf: bigint;
}

interface RunJson {
  image_size: number;
  short_psw_at_image_offset_0: string;
  stage3a_args: { image_offset: string; hdr_offs: string; hdr_size: number; ipib_offs: string };
  header: { image_offset: string; len: number; fields: Record<string, unknown> & { decrypted: { psw: { addr: string; mask: string }; scf: string } } };
  ipib: { image_offset: string };
  components: { name: CaseComponent['name']; addr: string; len: number; orig_size: number; tweak_prefix: string; file?: string }[];
}

interface CaseJson {
  pinned_run: RunJson;
  unpinned_run: RunJson;
  files: { host_key_documents: string[]; host_private_keys: string[] };
}

const num = (s: string) => Number.parseInt(s, 16);

/** Deterministic non-zero filler standing in for IBM loader code. */
function filler(n: number, seed: string): Uint8Array {
  const out = new Uint8Array(n);
  let block = createHash('sha256').update(seed).digest();
  for (let i = 0; i < n; i += 32) {
    out.set(block.subarray(0, Math.min(32, n - i)), i);
    block = createHash('sha256').update(block).digest();
  }
  for (let i = 0; i < n; i++) if (out[i] === 0) out[i] = 0x5a;
  return out;
}

export function assembleCase(name: string, run: 'pinned' | 'unpinned' = 'pinned'): AssembledCase {
  const dir = sharedPath('vectors', 'genprotimg-c', name);
  const partDir = run === 'pinned' ? dir : `${dir}/unpinned-run`;
  const read = (f: string) => new Uint8Array(readFileSync(`${partDir}/${f}`));
  const json = JSON.parse(readFileSync(`${dir}/case.json`, 'utf8')) as CaseJson;
  const r = run === 'pinned' ? json.pinned_run : json.unpinned_run;
  const image = new Uint8Array(r.image_size);
  const view = new DataView(image.buffer);
  view.setBigUint64(0, BigInt(`0x${r.short_psw_at_image_offset_0}`));

  const argsAt = num(r.stage3a_args.image_offset);
  image.set(filler(argsAt - 0x10000, `stage3a ${name}`), 0x10000);
  view.setBigUint64(argsAt, BigInt(num(r.stage3a_args.hdr_offs)));
  view.setBigUint64(argsAt + 8, BigInt(r.stage3a_args.hdr_size));
  view.setBigUint64(argsAt + 16, BigInt(num(r.stage3a_args.ipib_offs)));

  image.set(read('ipib.bin'), num(r.ipib.image_offset));
  const headerAt = num(r.header.image_offset);
  const headerBytes = read('header.bin');
  image.set(headerBytes, headerAt);

  const xtsKey = new Uint8Array(readFileSync(`${dir}/comp-key.bin`));
  const headerKey = new Uint8Array(readFileSync(`${dir}/header-key.bin`));
  const sealed = parseSeHeader(headerBytes);
  const pcf = sealed.head.pcf;
  const encrypt = (pcf & 0x10000000n) === 0n;
  const components: CaseComponent[] = r.components.map((c) => ({
    name: c.name,
    addr: num(c.addr),
    len: c.len,
    origSize: c.orig_size,
    tweakPrefix: BigInt(c.tweak_prefix),
    ...(c.file ? { file: c.file } : {}),
  }));
  const xts = createXts(xtsKey);
  for (const c of components) {
    if (c.name !== 'stage3b') {
      image.set(read(`${c.name}.enc`), c.addr);
      continue;
    }
    const plain = new Uint8Array(c.len);
    plain.set(filler(c.origSize - 64, `stage3b ${name}`));
    plain.set(read('stage3b-args.bin'), c.origSize - 64);
    const tweak = new Uint8Array(16);
    for (let off = 0; off < c.len; off += 4096) {
      const page = plain.subarray(off, off + 4096);
      image.set(encrypt ? xts.encrypt(writePageTweak(tweak, c.tweakPrefix, off), page) : page, c.addr + off);
    }
  }

  const hostCerts = json.files.host_key_documents.map((f) => `${dir}/${f}`);
  const hostPrivs = json.files.host_private_keys.map((f) => `${dir}/${f}`);
  return { name, dir, run, image, resealed: undefined, json, runJson: r, components, headerKey, xtsKey, hostCerts, hostPrivs, pcf };
}

/** PLD over the stored component pages of an assembled image (a second, plain implementation of §1.7). */
export function storedPld(image: Uint8Array, components: readonly CaseComponent[]): Uint8Array {
  const h = createHash('sha512');
  for (const c of components) h.update(image.subarray(c.addr, c.addr + c.len));
  return new Uint8Array(h.digest());
}

/**
 * Rebuild the pinned header around the stand-in stage3b. Throws if the same inputs with IBM's PLD do not
 * reproduce IBM's header byte for byte (then the assembly, not the verifier, would be at fault).
 */
export async function resealCase(c: AssembledCase): Promise<Uint8Array> {
  if (c.run !== 'pinned') throw new Error('only pinned runs can be resealed (the customer key is known)');
  const headerAt = Number.parseInt(c.runJson.header.image_offset, 16);
  const ibm = c.image.slice(headerAt, headerAt + c.runJson.header.len);
  const sealed = parseSeHeader(ibm);
  const opened = openSeHeader(sealed, c.headerKey);
  const cust = parsePrivateKey(readFileSync(`${c.dir}/cust-key.pem`));
  const hostKeys = await Promise.all(c.hostCerts.map(async (f) => (await readHostKeyDocumentKey(f)).publicKey));
  const build = (pld: Uint8Array) =>
    buildSeHeader({
      nep: sealed.head.nep,
      pld,
      ald: sealed.head.ald,
      tld: sealed.head.tld,
      headerKey: c.headerKey,
      iv: sealed.head.iv,
      customerPrivateKey: cust.privateKey,
      customerPublicKey: cust.publicKey,
      hostKeys,
      pcf: sealed.head.pcf,
      secrets: { cck: opened.cck, xtsKey: opened.xtsKey, psw: opened.psw, scf: opened.scf },
    });
  if (!Buffer.from(build(sealed.head.pld)).equals(Buffer.from(ibm))) throw new Error(`${c.name}: rebuilding IBM's header did not reproduce it`);
  const out = c.image.slice();
  out.set(build(storedPld(c.image, c.components)), headerAt);
  return out;
}
