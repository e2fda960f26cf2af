/**
 * The CLI on pvkit-built images: info (text and JSON, valid against the printed schema) opened by a
 * host private key, header extraction, verify by host key with exit 0, and exit 3 on damage.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../cli/io.js';
import { runCli } from '../../cli/main.js';
import { buildTestImage, type BuiltImage, writeHostKeyPem } from './support/pvkitImage.js';
import { validateSchema } from './support/jsonSchema.js';

const run = async (argv: string[], tty = false) => {
  const io = captureIo({ stdoutIsTTY: tty });
  const status = await runCli(argv, io);
  return { status, out: io.out, err: io.err };
};

describe('pvkit info/verify on pvkit-built images', () => {
  let b: BuiltImage;
  let pem: string;
  let hdrKey: string;
  beforeAll(async () => {
    b = await buildTestImage({ name: 'cli', hosts: 2, initrdSize: 0x2345, cmdline: 'console=ttysclp0' });
    pem = writeHostKeyPem(join(b.dir, 'host2.pem'), b.hosts[1]!);
    hdrKey = join(b.dir, 'hdr.key');
    writeFileSync(hdrKey, b.headerKey);
  });

  it('info --host-key opens slot 1 and reports layout, components and flags', async () => {
    const schema = JSON.parse((await run(['info', '--print-schema', 'json'])).out);
    const r = await run(['info', '--host-key', pem, '--format', 'json:pretty', b.path]);
    expect(r.status).toBe(0);
    expect(r.err).toBe('');
    const doc = JSON.parse(r.out);
    expect(validateSchema(schema, doc)).toEqual([]);
    expect(doc.data).toMatchObject({ kind: 'se_hdr', verified: true, nks: 2, sehs: 720 });
    expect(doc.pvkit).toMatchObject({ layout: 'pvimg', header_found_by: 'metadata', header_offset: 0x14000, key_slot_opened: 1 });
    expect(doc.pvkit.opened_by).toBe(`host-key:${pem}`);
    expect(doc.pvkit.metadata).toMatchObject({ offset: 0xc000, hdr_off: 0x14000, version: 1, ipib_off: b.created.layout.ipibAddr });
    expect(doc.pvkit.ipib.components.map((c: { kind: string; tweak_prefix_hex: string }) => [c.kind, c.tweak_prefix_hex])).toEqual(
      b.created.components.map((c) => [c.kind, c.tweakPrefix.toString(16).padStart(16, '0')]),
    );
    expect(doc.pvkit.sealed_psw.addr_hex).toBe(b.created.components.at(-1)!.addr.toString(16).padStart(16, '0'));
    expect(doc.pvkit.scf).toEqual({ hex: '0000000000000000', set: [], unknown_bits: [] });
    const text = await run(['info', '--hdr-key', hdrKey, '--show-secrets', b.path], true);
    expect(text.out).toMatch(/opened by hdr-key/);
    expect(text.out).toMatch(new RegExp(`xts key +${Buffer.from(b.xtsKey).toString('hex')}`));
    expect(text.out).not.toMatch(/NOT verified/);
  });

  it('verify --host-key: exit 0; a flipped header byte or a truncation: exit 3 naming the check', async () => {
    const args = ['verify', '--host-key', pem, '--expect-kernel', b.kernel, '--expect-initrd', b.initrd!, '--expect-cmdline', b.parmfile!];
    const ok = await run([...args, b.path]);
    expect(ok.status).toBe(0);
    const flipped = join(b.dir, 'flipped.img');
    const bad = b.bytes.slice();
    bad[0x14000 + 0x100]! ^= 0x80;
    writeFileSync(flipped, bad);
    const f = await run([...args, '--format', 'json', flipped]);
    expect(f.status).toBe(3);
    expect(JSON.parse(f.out).checks.find((c: { name: string }) => c.name === 'header.open').ok).toBe(false);
    const cut = join(b.dir, 'cut.img');
    writeFileSync(cut, b.bytes.subarray(0, b.bytes.length - 10));
    const t = await run([...args, cut]);
    expect(t.status).toBe(3);
    expect(t.out).toMatch(/FAIL +image\.format .*truncated/);
    expect((await run(['verify', '--host-key', pem, join(b.dir, 'missing.img')])).status).toBe(1);
  });
});
