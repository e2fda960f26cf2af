/**
 * `pvkit info`, `pvkit test` and `pvkit verify` in-process on assembled IBM [C] images: output formats,
 * the info-v1 JSON shape (checked against the printed schema by a small draft-07 validator and, where
 * installed, Python's jsonschema), exit codes, header extraction.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../cli/io.js';
import { runCli } from '../../cli/main.js';
import { haveShared, sharedPath } from '../support/shared.js';
import { assembleCase, resealCase } from './support/genprotimgCase.js';
import { validateSchema } from './support/jsonSchema.js';

const run = async (argv: string[], tty = false) => {
  const io = captureIo({ stdoutIsTTY: tty });
  const status = await runCli(argv, io);
  return { status, out: io.out, err: io.err };
};

function havePythonJsonschema(): boolean {
  try {
    execFileSync('python3', ['-c', 'import jsonschema'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!haveShared)('pvkit info/test/verify CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pvkit-inspect-'));
  const caseDir = sharedPath('vectors', 'genprotimg-c', 'hk2-full');
  const img = join(dir, 'hk2.img');
  const ibmImg = join(dir, 'hk2-ibm.img');
  let schema: unknown;

  beforeAll(async () => {
    const c = assembleCase('hk2-full');
    writeFileSync(img, await resealCase(c));
    writeFileSync(ibmImg, c.image);
    schema = JSON.parse((await run(['info', '--print-schema', 'json'])).out);
  });

  it('info without a key: JSON (stdout not a terminal), unverified, loud warning', async () => {
    const r = await run(['info', ibmImg]);
    expect(r.status).toBe(0);
    expect(r.err).toMatch(/NOT verified/);
    const doc = JSON.parse(r.out);
    expect(doc.data.kind).toBe('se_hdr');
    expect(doc.data.verified).toBe(false);
    expect(doc.data.version).toBe('V1');
    expect(doc.data.nks).toBe(2);
    expect(doc.data.keyslots).toHaveLength(2);
    expect(doc.data.cipher_data_b64).toBeTypeOf('string');
    expect(doc.data.psw).toBeUndefined();
    const fields = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')).pinned_run.header.fields;
    expect(doc.data.pld_hex).toBe(fields.pld);
    expect(doc.data.ald_hex).toBe(fields.ald);
    expect(doc.data.tld_hex).toBe(fields.tld);
    expect(doc.data.tag_hex).toBe(fields.tag);
    expect(doc.data.pcf_hex).toBe(fields.pcf.slice(2));
    expect(doc.data.keyslots.map((k: { phkh_hex: string }) => k.phkh_hex)).toEqual(fields.key_slots.map((k: { digest_key: string }) => k.digest_key));
    expect(doc.pvkit.header_found_by).toBe('stage3a-args');
    expect(doc.pvkit.layout).toBe('genprotimg-c');
    expect(doc.pvkit.pcf.set).toEqual(['pckmo']);
    expect(doc.pvkit.ipib.components.map((c: { kind: string }) => c.kind)).toEqual(['kernel', 'cmdline', 'ramdisk', 'stage3b']);
    expect(validateSchema(schema, doc)).toEqual([]);
  });

  it('info --hdr-key verifies; --show-secrets gives the decrypted header; --host-key opens a slot', async () => {
    const verified = JSON.parse((await run(['info', '--hdr-key', join(caseDir, 'header-key.bin'), ibmImg])).out);
    expect(verified.data).toMatchObject({ kind: 'se_hdr', verified: true });
    expect(validateSchema(schema, verified)).toEqual([]);
    const secrets = JSON.parse((await run(['info', '--hdr-key', join(caseDir, 'header-key.bin'), '--show-secrets', '--format', 'json:minify', ibmImg])).out);
    const dec = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')).pinned_run.header.fields.decrypted;
    expect(secrets.data.kind).toBe('decrypted_se_hdr');
    expect(secrets.data.cck_hex).toBe(dec.cust_comm_key);
    expect(secrets.data.xts_hex).toBe(dec.xts_key);
    expect(secrets.data.psw).toEqual({ mask_hex: dec.psw.mask.slice(2), addr_hex: dec.psw.addr.slice(2) });
    expect(secrets.data.cipher_data_b64).toBeUndefined();
    expect(validateSchema(schema, secrets)).toEqual([]);
    const byHost = JSON.parse((await run(['info', '--host-key', join(caseDir, 'hostkey2-priv.pem'), ibmImg])).out);
    expect(byHost.pvkit.key_slot_opened).toBe(1);
    expect(byHost.pvkit.sealed_psw.addr_hex).toBe(dec.psw.addr.slice(2));
    expect(byHost.data.cck_hex).toBeUndefined();
    expect(validateSchema(schema, byHost)).toEqual([]);
  });

  it('the schema rejects what info-v1 rejects', () => {
    expect(validateSchema(schema, { meta: {}, data: {} }).length).toBeGreaterThan(0);
  });

  it.skipIf(!havePythonJsonschema())('python jsonschema (draft-07) accepts the documents', async () => {
    const doc = (await run(['info', '--hdr-key', join(caseDir, 'header-key.bin'), '--show-secrets', ibmImg])).out;
    const schemaPath = join(dir, 'schema.json');
    const docPath = join(dir, 'doc.json');
    writeFileSync(schemaPath, JSON.stringify(schema));
    writeFileSync(docPath, doc);
    execFileSync('python3', ['-c', 'import json,sys,jsonschema; jsonschema.Draft7Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))', schemaPath, docPath]);
  });

  it('info text on a terminal; bad keys and usage give one-line errors', async () => {
    const t = await run(['info', ibmImg], true);
    expect(t.out).toMatch(/^WARNING: .*NOT verified/);
    expect(t.out).toMatch(/key slot 1 phkh/);
    expect(t.out).toMatch(/stage3b +addr 0000000000/);
    const wrongKey = join(dir, 'wrong.key');
    writeFileSync(wrongKey, new Uint8Array(32));
    const bad = await run(['info', '--hdr-key', wrongKey, ibmImg]);
    expect(bad.status).toBe(1);
    expect(bad.err).toMatch(/^pvkit: error: .*hk2-ibm\.img: .*authentication failed/);
    expect(bad.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect((await run(['info', '--show-secrets', ibmImg])).status).toBe(2);
    expect((await run(['info', '--format', 'yaml', ibmImg])).status).toBe(2);
    const garbage = join(dir, 'garbage.bin');
    writeFileSync(garbage, new Uint8Array(70000).fill(7));
    const g = await run(['info', garbage]);
    expect(g.status).toBe(1);
    expect(g.err).toMatch(/^pvkit: error: .*garbage\.bin: no SE header found/);
  });

  it('info --extract-header writes the bare header, which info reads back', async () => {
    const out = join(dir, 'hdr.bin');
    expect((await run(['info', '--extract-header', out, ibmImg])).status).toBe(0);
    expect(Buffer.from(readFileSync(out)).equals(Buffer.from(readFileSync(join(caseDir, 'header.bin'))))).toBe(true);
    expect(existsSync(`${out}.part`)).toBe(false);
    const back = JSON.parse((await run(['info', out])).out);
    expect(back.pvkit.header_found_by).toBe('bare-header');
    expect((await run(['info', '--extract-header', out, ibmImg])).status).toBe(1);
  });

  it('test -k / --key-hashes: exit 0 on a match, 1 without', async () => {
    const hk = (n: number) => join(caseDir, `hostkey${n}-cert.pem`);
    const ok = await run(['test', '-k', hk(1), ibmImg]);
    expect(ok.status).toBe(0);
    expect(ok.out).toMatch(/✓/);
    const other = sharedPath('vectors', 's390-tools', 'pv', 'tests', 'assets', 'cert', 'host.crt');
    const no = await run(['test', '-k', other, ibmImg]);
    expect(no.status).toBe(1);
    expect(no.out).toMatch(/✘/);
    const mixed = await run(['test', '-k', `${other},${hk(2)}`, ibmImg]);
    expect(mixed.status).toBe(0);
    const slot = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')).pinned_run.header.fields.key_slots[1].digest_key;
    const hashes = join(dir, 'keys-all');
    writeFileSync(hashes, [`${'ab'.repeat(32)}`, slot, ...Array(13).fill('0'.repeat(64))].join('\n'));
    const kh = await run(['test', `--key-hashes=${hashes}`, ibmImg]);
    expect(kh.status).toBe(0);
    expect(kh.out).toMatch(/✓ backup host key/);
    writeFileSync(hashes, ['ab'.repeat(32), ...Array(14).fill('0'.repeat(64))].join('\n'));
    expect((await run(['test', `--key-hashes=${hashes}`, ibmImg])).status).toBe(1);
    expect((await run(['test', ibmImg])).status).toBe(2);
    if (!existsSync('/sys/firmware/uv/keys/all')) {
      const none = await run(['test', '--key-hashes=', ibmImg]);
      expect(none.status).toBe(1);
      expect(none.err).toMatch(/Query Ultravisor Keys not supported/);
    }
  });

  it('verify: exit 0 verified, 3 NOT verified with the failing check named, JSON report', async () => {
    const args = [
      'verify',
      '--hdr-key', join(caseDir, 'header-key.bin'),
      '--expect-kernel', join(caseDir, 'kernel.bin'),
      '--expect-initrd', join(caseDir, 'initrd.bin'),
      '--expect-cmdline', join(caseDir, 'parmfile.txt'),
      '--expect-host-key', join(caseDir, 'hostkey1-cert.pem'),
      '--expect-host-key', join(caseDir, 'hostkey2-cert.pem'),
      '--expect-pcf', 'e0',
      '--expect-flag', 'dump=off',
      '--expect-flag', 'pckmo=on',
    ];
    const good = await run([...args, img]);
    expect(good.err).toBe('');
    expect(good.status).toBe(0);
    expect(good.out).toMatch(/^VERIFIED: /m);
    const bad = await run([...args, '--format', 'json', ibmImg]);
    expect(bad.status).toBe(3);
    const rep = JSON.parse(bad.out);
    expect(rep.verified).toBe(false);
    expect(rep.checks.filter((c: { ok: boolean }) => !c.ok).map((c: { name: string }) => c.name)).toEqual(['digest.pld']);
    const flagWrong = await run([...args.slice(0, -2), '--expect-flag', 'dump=on', img]);
    expect(flagWrong.status).toBe(3);
    expect(flagWrong.out).toMatch(/FAIL +expect\.flag\.dump/);
    expect((await run(['verify', img])).status).toBe(2);
    expect((await run(['verify', '--hdr-key', join(caseDir, 'header-key.bin'), '--expect-flag', 'nonsense=on', img])).status).toBe(2);
  });
});
