/**
 * JSON Schema (draft-07) of `pvkit info` output, printed by `pvkit info --print-schema json`.
 * `meta` and `data` follow IBM's `pvimg info` info-v1 schema (SE-FORMAT §7.3: `additionalProperties:
 * false` at both levels, three states of `data`: decrypted, verified, not verified), so a document valid
 * here is valid for info-v1 consumers. pvkit's own facts live under the top-level `pvkit` key, which
 * info-v1 leaves open at the top level.
 */

const hexString = { type: 'string', pattern: '^[0-9a-fA-F]+$' } as const;
const hexRef = (description: string) => ({ $ref: '#/definitions/hexString', description });
const int = (description: string) => ({ type: 'integer', description });

const flags = {
  type: 'object',
  required: ['hex', 'set', 'unknown_bits'],
  additionalProperties: false,
  properties: {
    hex: hexRef('The 64-bit flag word, 16 hex digits.'),
    set: { type: 'array', items: { type: 'string' }, description: 'Names of the known flags that are set.' },
    unknown_bits: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 63 }, description: 'MSB0 numbers of set bits no known flag explains.' },
  },
} as const;

const pvkitSchema = {
  type: 'object',
  description: 'pvkit additions: where the header was found, the IPIB components and decoded values.',
  required: ['api_level', 'input', 'layout', 'header_found_by', 'header_offset', 'verified', 'opened_by', 'key_slot_opened', 'pcf', 'boot_header_tags_hex', 'notes'],
  additionalProperties: false,
  properties: {
    api_level: { type: 'integer', const: 1 },
    input: {
      type: 'object',
      required: ['path', 'size'],
      additionalProperties: false,
      properties: { path: { type: 'string' }, size: int('File size in bytes.') },
    },
    layout: { type: 'string', enum: ['pvimg', 'genprotimg-c', 'bare-header', 'unknown'] },
    header_found_by: { type: 'string', enum: ['metadata', 'stage3a-args', 'page-scan', 'bare-header'] },
    header_offset: int('Image offset of the SE header.'),
    verified: { type: 'boolean' },
    opened_by: { type: ['string', 'null'], description: "'hdr-key' or 'host-key:FILE' when the header was opened." },
    key_slot_opened: { type: ['integer', 'null'] },
    warning: { type: 'string' },
    metadata: {
      type: 'object',
      required: ['offset', 'hdr_off', 'version', 'ipib_off'],
      additionalProperties: false,
      properties: { offset: int('0xC000'), hdr_off: int('SE header offset'), version: int('metadata version'), ipib_off: int('IPIB offset') },
    },
    stage3a_args: {
      type: 'object',
      required: ['offset', 'hdr_offs', 'hdr_size', 'ipib_offs', 'hdr_addr', 'ipib_addr'],
      additionalProperties: false,
      properties: {
        offset: int('Image offset of the 24-byte block.'),
        hdr_offs: int('Header offset relative to the block.'),
        hdr_size: int('Header size.'),
        ipib_offs: int('IPIB offset relative to the block.'),
        hdr_addr: int('Absolute header address.'),
        ipib_addr: int('Absolute IPIB address.'),
      },
    },
    ipib: {
      type: 'object',
      required: ['offset', 'hdr_len', 'pv_version', 'pv_hdr_addr', 'pv_hdr_size', 'components'],
      additionalProperties: false,
      properties: {
        offset: int('Image offset of the IPIB.'),
        hdr_len: int('IPIB length field.'),
        pv_version: int('PV block version (1 [R], 0 [C]).'),
        pv_hdr_addr: int('pv_hdr_addr as stored.'),
        pv_hdr_size: int('pv_hdr_size as stored.'),
        components: {
          type: 'array',
          items: {
            type: 'object',
            required: ['kind', 'component_id', 'addr_hex', 'len', 'pages', 'tweak_prefix_hex'],
            additionalProperties: false,
            properties: {
              kind: { type: ['string', 'null'], enum: ['kernel', 'ramdisk', 'cmdline', 'stage3b', null] },
              component_id: int('Component id from the tweak prefix.'),
              addr_hex: hexRef('Guest address.'),
              len: int('Prepared (page-multiple) length.'),
              pages: int('Number of pages.'),
              tweak_prefix_hex: hexRef('Tweak prefix (u64).'),
            },
          },
        },
      },
    },
    short_psw_hex: hexRef('The 8 bytes at image offset 0.'),
    pcf: flags,
    scf: flags,
    sealed_psw: { $ref: '#/definitions/psw' },
    boot_header_tags_hex: hexRef('PLD ‖ ALD ‖ TLD ‖ tag, the reference value attestation binds to.'),
    notes: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const INFO_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: "'pvkit info' JSON output schema",
  description:
    "Output of 'pvkit info'. 'meta' and 'data' have the shape of IBM's 'pvimg info' info-v1 output (a decrypted header, an encrypted verified header, or an encrypted unverified header); 'pvkit' holds pvkit's additions.",
  type: 'object',
  required: ['meta', 'data'],
  additionalProperties: false,
  properties: {
    meta: {
      type: 'object',
      description: 'Tool version and run environment.',
      required: ['api_level', 'version', 'host', 'time_epoch', 'time'],
      additionalProperties: false,
      properties: {
        api_level: { type: 'integer', const: 1 },
        version: { type: 'string', description: 'Tool version.' },
        host: { type: 'string', description: 'Host name.' },
        time_epoch: int('Seconds since the Unix epoch.'),
        time: { type: 'string', description: "Local time as 'YYYY-MM-DD HH:MM:SS+ZZZZ'." },
      },
    },
    data: {
      type: 'object',
      description: 'The SE header.',
      required: ['kind', 'verified', 'magic_hex', 'version', 'sehs', 'iv_hex', 'nks', 'sea', 'nep', 'pcf_hex', 'cust_pub_key', 'pld_hex', 'ald_hex', 'tld_hex', 'keyslots', 'tag_hex'],
      additionalProperties: false,
      properties: {
        kind: { type: 'string', enum: ['decrypted_se_hdr', 'se_hdr'] },
        verified: { type: 'boolean', description: 'Whether the header tag was checked with a key.' },
        magic_hex: hexRef('Header magic.'),
        version: { type: 'string', description: "Header version ('V1')." },
        sehs: int('Header size in bytes.'),
        iv_hex: hexRef('GCM IV of the header.'),
        nks: int('Number of key slots.'),
        sea: int('Size of the encrypted area.'),
        nep: int('Number of encrypted component pages.'),
        pcf_hex: hexRef('Plaintext control flags.'),
        cust_pub_key: {
          type: 'object',
          required: ['coord_hex'],
          additionalProperties: false,
          properties: { coord_hex: hexRef('X ‖ Y, 80 bytes each.') },
        },
        pld_hex: hexRef('Page-list digest.'),
        ald_hex: hexRef('Address-list digest.'),
        tld_hex: hexRef('Tweak-list digest.'),
        keyslots: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['phkh_hex', 'wrpk_hex', 'kst_hex'],
            additionalProperties: false,
            properties: {
              phkh_hex: hexRef('Host-key hash.'),
              wrpk_hex: hexRef('Wrapped header protection key.'),
              kst_hex: hexRef('Key-slot tag.'),
            },
          },
        },
        cipher_data_b64: { type: 'string', pattern: '^[A-Za-z0-9+/]+={0,2}$', description: 'The encrypted area, standard Base64.' },
        psw: { $ref: '#/definitions/psw' },
        scf_hex: hexRef('Secret control flags.'),
        cck_hex: hexRef('Customer communication key.'),
        xts_hex: hexRef('Component (XTS) key.'),
        tag_hex: hexRef('Header GCM tag.'),
      },
      oneOf: [
        {
          title: 'Decrypted SE header',
          properties: { kind: { const: 'decrypted_se_hdr' }, verified: { const: true } },
          required: ['kind', 'verified', 'psw', 'scf_hex', 'cck_hex', 'xts_hex'],
          not: { anyOf: [{ required: ['cipher_data_b64'] }] },
        },
        {
          title: 'Encrypted SE header, verified',
          properties: { kind: { const: 'se_hdr' }, verified: { const: true } },
          required: ['kind', 'verified', 'cipher_data_b64'],
        },
        {
          title: 'Encrypted SE header, not verified',
          properties: { kind: { const: 'se_hdr' }, verified: { const: false } },
          required: ['kind', 'verified'],
          not: { anyOf: [{ required: ['psw'] }, { required: ['scf_hex'] }, { required: ['cck_hex'] }, { required: ['xts_hex'] }] },
        },
      ],
    },
    pvkit: pvkitSchema,
  },
  definitions: {
    hexString: { ...hexString, description: 'Hex digits without 0x.' },
    psw: {
      type: 'object',
      required: ['mask_hex', 'addr_hex'],
      additionalProperties: false,
      properties: { mask_hex: hexRef('PSW mask.'), addr_hex: hexRef('PSW address.') },
    },
  },
} as const;

/** What `--print-schema text` prints: plain text has no schema (as with pvimg). */
export const TEXT_SCHEMA_NOTE = 'The text output format has no schema; use --print-schema json.';
