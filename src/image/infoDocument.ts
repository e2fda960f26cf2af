/**
 * What `pvkit info` reports about an image or a bare header (SE-FORMAT §7.3): a JSON document that
 * follows IBM's `pvimg info` info-v1 schema (`meta` + `data`, §7.3) so that existing consumers work,
 * with pvkit's additions under a separate top-level `pvkit` key (image layout, how the header was found,
 * IPIB components with tweak prefixes, decoded flags, attestation reference values), and the same facts
 * as text for terminals.
 */
import { hostname } from 'node:os';
import { decodeFlags, hex64, PCF_FLAGS, SCF_FLAGS } from '../format/controlFlags.js';
import type { OpenedSeHeader } from '../format/seHeader.js';
import { PVKIT_VERSION } from '../version.js';
import type { SeImage } from './imageReader.js';

const hexBytes = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const hexN = (n: number | bigint): string => `0x${n.toString(16)}`;

export interface InfoOptions {
  /** The opened header, when a key was given (§7.3 `--hdr-key`; pvkit `--host-key`). */
  readonly opened?: (OpenedSeHeader & { readonly openedBy: string; readonly slotIndex?: number | undefined }) | undefined;
  /** `--show-secrets`: the decrypted area (CCK, XTS key) goes into `data` as `decrypted_se_hdr`. */
  readonly showSecrets?: boolean;
  readonly now?: Date;
  readonly host?: string;
}

/** IBM's info-v1 `data` object (§7.3); field names and hex forms as `pvimg info` writes them. */
export interface InfoData {
  kind: 'se_hdr' | 'decrypted_se_hdr';
  verified: boolean;
  magic_hex: string;
  version: string;
  sehs: number;
  iv_hex: string;
  nks: number;
  sea: number;
  nep: number;
  pcf_hex: string;
  cust_pub_key: { coord_hex: string };
  pld_hex: string;
  ald_hex: string;
  tld_hex: string;
  keyslots: { phkh_hex: string; wrpk_hex: string; kst_hex: string }[];
  cipher_data_b64?: string;
  psw?: { mask_hex: string; addr_hex: string };
  scf_hex?: string;
  cck_hex?: string;
  xts_hex?: string;
  tag_hex: string;
}

export interface FlagsInfo {
  hex: string;
  set: string[];
  unknown_bits: number[];
}

export interface PvkitInfo {
  api_level: 1;
  input: { path: string; size: number };
  layout: string;
  header_found_by: string;
  header_offset: number;
  verified: boolean;
  opened_by: string | null;
  key_slot_opened: number | null;
  warning?: string;
  metadata?: { offset: number; hdr_off: number; version: number; ipib_off: number };
  stage3a_args?: { offset: number; hdr_offs: number; hdr_size: number; ipib_offs: number; hdr_addr: number; ipib_addr: number };
  ipib?: {
    offset: number;
    hdr_len: number;
    pv_version: number;
    pv_hdr_addr: number;
    pv_hdr_size: number;
    components: { kind: string | null; component_id: number; addr_hex: string; len: number; pages: number; tweak_prefix_hex: string }[];
  };
  short_psw_hex?: string;
  pcf: FlagsInfo;
  scf?: FlagsInfo;
  sealed_psw?: { mask_hex: string; addr_hex: string };
  /** Attestation binds a guest to PLD ‖ ALD ‖ TLD ‖ tag (§8.7). */
  boot_header_tags_hex: string;
  notes: string[];
}

export interface InfoDocument {
  meta: { api_level: 1; version: string; host: string; time_epoch: number; time: string };
  data: InfoData;
  pvkit: PvkitInfo;
}

export const NOT_VERIFIED_WARNING =
  'the SE header was NOT verified: no --hdr-key or --host-key was given, so nothing shown is authenticated';

function flagsInfo(word: bigint, table: Parameters<typeof decodeFlags>[1]): FlagsInfo {
  const d = decodeFlags(word, table);
  return { hex: hex64(word), set: d.set, unknown_bits: d.unknownBits };
}

/** `YYYY-MM-DD HH:MM:SS+ZZZZ` in local time (the info-v1 `meta.time` form). */
export function formatLocalTime(d: Date): string {
  const p = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const off = -d.getTimezoneOffset();
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` +
    `${off < 0 ? '-' : '+'}${p(Math.floor(Math.abs(off) / 60))}${p(Math.abs(off) % 60)}`
  );
}

export function buildInfoDocument(image: SeImage, opts: InfoOptions = {}): InfoDocument {
  const h = image.header;
  const head = h.head;
  const opened = opts.opened;
  const secrets = opened !== undefined && opts.showSecrets === true;
  const data: InfoData = {
    kind: secrets ? 'decrypted_se_hdr' : 'se_hdr',
    verified: opened !== undefined,
    magic_hex: hexBytes(head.magic),
    version: head.version === 0x100 ? 'V1' : hexN(head.version),
    sehs: head.sehs,
    iv_hex: hexBytes(head.iv),
    nks: Number(head.nks),
    sea: Number(head.sea),
    nep: Number(head.nep),
    pcf_hex: hex64(head.pcf),
    cust_pub_key: { coord_hex: hexBytes(head.custPubKey) },
    pld_hex: hexBytes(head.pld),
    ald_hex: hexBytes(head.ald),
    tld_hex: hexBytes(head.tld),
    keyslots: h.keySlots.map((s) => ({ phkh_hex: hexBytes(s.phkh), wrpk_hex: hexBytes(s.wrpk), kst_hex: hexBytes(s.kst) })),
    tag_hex: hexBytes(h.tag),
  };
  if (secrets) {
    data.psw = { mask_hex: hex64(opened.psw.mask), addr_hex: hex64(opened.psw.addr) };
    data.scf_hex = hex64(opened.scf);
    data.cck_hex = hexBytes(opened.cck);
    data.xts_hex = hexBytes(opened.xtsKey);
  } else {
    data.cipher_data_b64 = Buffer.from(h.encryptedArea).toString('base64');
  }
  // Keep IBM's key order (tag last) so the output reads like pvimg's.
  const { tag_hex, ...rest } = data;
  const ordered: InfoData = { ...rest, tag_hex };

  const pvkit: PvkitInfo = {
    api_level: 1,
    input: { path: image.path, size: image.fileSize },
    layout: image.layout,
    header_found_by: image.foundBy,
    header_offset: image.headerOffset,
    verified: opened !== undefined,
    opened_by: opened?.openedBy ?? null,
    key_slot_opened: opened?.slotIndex ?? null,
    pcf: flagsInfo(head.pcf, PCF_FLAGS),
    boot_header_tags_hex: hexBytes(head.pld) + hexBytes(head.ald) + hexBytes(head.tld) + hexBytes(h.tag),
    notes: [...image.notes],
  };
  if (!opened) pvkit.warning = NOT_VERIFIED_WARNING;
  if (image.metadata) {
    const m = image.metadata.value;
    pvkit.metadata = { offset: image.metadata.offset, hdr_off: Number(m.hdrOff), version: m.version, ipib_off: Number(m.ipibOff) };
  }
  if (image.stage3aArgs) {
    const a = image.stage3aArgs;
    pvkit.stage3a_args = {
      offset: a.offset,
      hdr_offs: Number(a.value.hdrOffs),
      hdr_size: Number(a.value.hdrSize),
      ipib_offs: Number(a.value.ipibOffs),
      hdr_addr: Number(a.hdrAddr),
      ipib_addr: Number(a.ipibAddr),
    };
  }
  if (image.ipib) {
    const ih = image.ipib.value.head;
    pvkit.ipib = {
      offset: image.ipib.offset,
      hdr_len: ih.hdrLen,
      pv_version: ih.pvVersion,
      pv_hdr_addr: Number(ih.pvHdrAddr),
      pv_hdr_size: Number(ih.pvHdrSize),
      components: image.components.map((c) => ({
        kind: c.kind ?? null,
        component_id: c.componentId,
        addr_hex: hex64(BigInt(c.addr)),
        len: c.len,
        pages: c.len / 4096,
        tweak_prefix_hex: hex64(c.tweakPrefix),
      })),
    };
  }
  if (image.shortPsw !== undefined) pvkit.short_psw_hex = hex64(image.shortPsw);
  if (opened) {
    pvkit.scf = flagsInfo(opened.scf, SCF_FLAGS);
    pvkit.sealed_psw = { mask_hex: hex64(opened.psw.mask), addr_hex: hex64(opened.psw.addr) };
  }
  const now = opts.now ?? new Date();
  return {
    meta: {
      api_level: 1,
      version: `pvkit ${PVKIT_VERSION}`,
      host: opts.host ?? hostname(),
      time_epoch: Math.floor(now.getTime() / 1000),
      time: formatLocalTime(now),
    },
    data: ordered,
    pvkit,
  };
}

/** The same facts for a terminal. Secrets appear only when the document holds them (`--show-secrets`). */
export function renderInfoText(doc: InfoDocument): string {
  const d = doc.data;
  const p = doc.pvkit;
  const lines: string[] = [];
  const row = (k: string, v: string | number) => lines.push(`  ${k.padEnd(22)}${v}`);
  if (!d.verified) lines.push(`WARNING: ${NOT_VERIFIED_WARNING}`, '');
  lines.push(`Input: ${p.input.path} (${p.input.size} bytes)`);
  row('layout', p.layout);
  row('SE header', `${hexN(p.header_offset)}, found by ${p.header_found_by}`);
  if (p.metadata) row('image metadata', `at ${hexN(p.metadata.offset)}: hdr_off ${hexN(p.metadata.hdr_off)}, ipib_off ${hexN(p.metadata.ipib_off)}, version ${p.metadata.version}`);
  if (p.stage3a_args) {
    const a = p.stage3a_args;
    row('stage3a parameters', `at ${hexN(a.offset)}: header ${hexN(a.hdr_addr)} (${a.hdr_size} bytes), IPIB ${hexN(a.ipib_addr)}`);
  }
  if (p.short_psw_hex) row('short PSW', p.short_psw_hex);
  for (const n of p.notes) row('note', n);
  lines.push('', `SE header (${d.verified ? `verified, opened by ${p.opened_by}` : 'NOT verified'}):`);
  row('magic', `${Buffer.from(d.magic_hex, 'hex').toString('latin1')} (${d.magic_hex})`);
  row('version', d.version === 'V1' ? '1' : d.version);
  row('sehs', d.sehs);
  row('iv', d.iv_hex);
  row('nks', d.nks);
  row('sea', d.sea);
  row('nep', d.nep);
  row('pcf', `${d.pcf_hex}${describeFlags(p.pcf)}`);
  row('customer public key', d.cust_pub_key.coord_hex.slice(0, 160));
  row('', d.cust_pub_key.coord_hex.slice(160));
  row('pld', d.pld_hex);
  row('ald', d.ald_hex);
  row('tld', d.tld_hex);
  d.keyslots.forEach((s, i) => {
    row(`key slot ${i} phkh`, s.phkh_hex + (p.key_slot_opened === i ? '  (opened)' : ''));
    row(`key slot ${i} wrpk`, s.wrpk_hex);
    row(`key slot ${i} kst`, s.kst_hex);
  });
  row('tag', d.tag_hex);
  if (p.sealed_psw) row('psw', `mask ${p.sealed_psw.mask_hex}, addr ${p.sealed_psw.addr_hex}`);
  if (p.scf) row('scf', `${p.scf.hex}${describeFlags(p.scf)}`);
  if (d.cck_hex) row('cck', d.cck_hex);
  if (d.xts_hex) row('xts key', d.xts_hex);
  if (p.ipib) {
    lines.push('', `Components (IPIB at ${hexN(p.ipib.offset)}, pv_hdr_addr ${hexN(p.ipib.pv_hdr_addr)}, pv_hdr_size ${p.ipib.pv_hdr_size}):`);
    for (const c of p.ipib.components) {
      lines.push(`  ${(c.kind ?? `id ${c.component_id}`).padEnd(8)} addr ${c.addr_hex}  ${String(c.pages).padStart(6)} pages  tweak prefix ${c.tweak_prefix_hex}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function describeFlags(f: FlagsInfo): string {
  const parts = [...f.set, ...f.unknown_bits.map((b) => `unknown bit ${b}`)];
  return parts.length ? ` (${parts.join(', ')})` : ' (none)';
}
