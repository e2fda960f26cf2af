import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../cli/main.js';
import { runGenprotimg } from '../../cli/genprotimgCli.js';
import { captureIo } from '../../cli/io.js';
import { parseSeHeader, openSeHeader } from '../../src/format/seHeader.js';
import { ipibHeadLayout } from '../../src/format/ipib.js';
import { repoRoot } from '../support/shared.js';
import { tempDir, writeInputs } from '../build/testInputs.js';

const HKD = join(repoRoot, 'keys', 'host-test-1.crt.pem');
const HKD2 = join(repoRoot, 'keys', 'host-test-2.crt.pem');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

async function create(args: string[], tool: 'pvkit' | 'genprotimg' = 'pvkit') {
  const io = captureIo();
  const status = tool === 'pvkit' ? await runCli(['create', ...args], io) : await runGenprotimg(args, io);
  return { status, out: io.out, err: io.err };
}

function pins(dir: string) {
  const f = (n: string, size: number, v: number) => {
    const p = join(dir, n);
    writeFileSync(p, new Uint8Array(size).map((_, i) => (i * 7 + v) & 0xff));
    return p;
  };
  return { hdr: f('hdr.key', 32, 1), img: f('img.key', 64, 2), cck: f('cck.bin', 32, 3), iv: f('iv.bin', 12, 4), short: f('short.key', 31, 5) };
}

describe('pvkit create / genprotimg command line', () => {
  it('builds an image; pvkit create and genprotimg give identical bytes with every value pinned', async () => {
    const inp = writeInputs();
    const p = pins(inp.dir);
    const { generateKeyPair } = await import('../../src/crypto/p521.js');
    const cust = generateKeyPair();
    const custPem = (await import('node:crypto'))
      .createPrivateKey({
        key: {
          kty: 'EC',
          crv: 'P-521',
          d: Buffer.from(cust.privateKey).toString('base64url'),
          x: Buffer.from(cust.publicKey.subarray(1, 67)).toString('base64url'),
          y: Buffer.from(cust.publicKey.subarray(67)).toString('base64url'),
        },
        format: 'jwk',
      })
      .export({ format: 'pem', type: 'pkcs8' });
    writeFileSync(join(inp.dir, 'cust.pem'), custPem);
    const common = [
      '--no-verify', '-k', HKD, '-k', HKD2, '-i', inp.kernel, '-r', inp.initrd, '-p', inp.parmfile,
      '--hdr-key', p.hdr, '--image-key', p.img, '--cck', p.cck, '--x-header-iv', p.iv, '--x-customer-key', join(inp.dir, 'cust.pem'),
      '--x-tweak', 'kernel=010203040506,ramdisk=0708090a0b0c', '--x-tweak', 'cmdline=0d0e0f101112', '--x-tweak', 'stage3b=131415161718',
      '--enable-dump', '--enable-pckmo-hmac',
    ];
    const a = await create([...common, '-o', join(inp.dir, 'a.img')]);
    expect(a.err).toMatch(/WARNING: host-key document verification is disabled/);
    expect(a.status).toBe(0);
    const b = await create([...common, '-o', join(inp.dir, 'b.img')], 'genprotimg');
    expect(b.status).toBe(0);
    const imgA = new Uint8Array(readFileSync(join(inp.dir, 'a.img')));
    expect(hex(imgA)).toBe(hex(readFileSync(join(inp.dir, 'b.img'))));
    const sealed = parseSeHeader(imgA, 0x14000);
    expect(sealed.head.nks).toBe(2n);
    expect(sealed.head.pcf).toBe(0x200000f0n); // default PCKMO bits + dump + HMAC
    expect(hex(sealed.head.iv)).toBe(hex(readFileSync(p.iv)));
    const opened = openSeHeader(sealed, new Uint8Array(readFileSync(p.hdr)));
    expect(hex(opened.cck)).toBe(hex(readFileSync(p.cck)));
    const ipib = ipibHeadLayout.parse(imgA, imgA.length - 136 - 4 * 24);
    expect(ipib.numComp).toBe(4);
  });

  it('usage errors exit 2 with one line naming the problem', async () => {
    const inp = writeInputs();
    const out = join(inp.dir, 'u.img');
    const cases: [string[], RegExp][] = [
      [['-k', HKD, '-i', inp.kernel, '-o', out], /either --cert .* or --no-verify is required/],
      [['--no-verify', '-k', HKD, '-C', HKD, '-i', inp.kernel, '-o', out], /--no-verify cannot be used with --cert/],
      [['--no-verify', '-k', HKD, '-i', inp.kernel, '-o', out, '--offline'], /--offline requires --cert/],
      [['--no-verify', '-k', HKD, '-i', inp.kernel, '-o', out, '--enable-dump'], /--enable-dump requires --cck or --enable-cck-update/],
      [['--no-verify', '-k', HKD, '-i', inp.kernel, '-o', out, '--enable-pckmo', '--disable-pckmo'], /mutually exclusive/],
      [['--no-verify', '-k', HKD, '-i', inp.kernel, '-o', out, '--x-pcf', 'e0', '--enable-backup-keys'], /--x-pcf cannot be combined/],
      [['--no-verify', '-k', HKD, '-i', inp.kernel, '-o', out, '--x-scf', '0', '--enable-cck-update'], /--x-scf cannot be combined/],
      [['--no-verify', '-k', HKD, '-i', inp.kernel, '-o', out, '--x-pcf', 'xyz'], /hexadecimal/],
      [['--no-verify', '-k', HKD, '-i', inp.kernel, '-o', out, '--image-key', inp.kernel, '--disable-image-encryption'], /cannot be used with/],
      [['--no-verify', '-k', HKD, '-i', inp.kernel, '-o', out, '--x-tweak', 'initrd=000000000000'], /--x-tweak expects KIND=HEX12/],
      [['--no-verify', '-k', HKD, '-o', out], /--kernel/],
      [['--no-verify', '-k', HKD, '-i', inp.kernel, '-o', out, '--bogus'], /unknown option --bogus/],
    ];
    for (const [args, msg] of cases) {
      const r = await create(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.err.split('\n')[0], args.join(' ')).toMatch(msg);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('bad inputs exit 1 with one line naming the file', async () => {
    const inp = writeInputs();
    const p = pins(inp.dir);
    const out = join(inp.dir, 'e.img');
    const junk = join(inp.dir, 'junk.pem');
    writeFileSync(junk, 'not a certificate');
    const missing = join(inp.dir, 'missing.bin');
    const cases: [string[], RegExp][] = [
      [['-i', missing], new RegExp(`${missing}: no such file`)],
      [['-i', inp.initrd], /initrd.bin: not an s390x raw kernel image/],
      [['-i', inp.kernel, '--hdr-key', p.short], /short.key: header key must be exactly 32 bytes/],
      [['-i', inp.kernel, '--image-key', p.hdr], /hdr.key: image key must be exactly 64 bytes/],
      [['-i', inp.kernel, '-k', junk], /junk.pem: not a host-key document/],
      [['-i', inp.kernel, '-p', inp.initrd], /initrd.bin: kernel command line is \d+ bytes/],
    ];
    for (const [args, msg] of cases) {
      const r = await create(['--no-verify', '-k', HKD, '-o', out, ...args]);
      expect(r.status, args.join(' ')).toBe(1);
      const lines = r.err.trim().split('\n').filter((l) => !l.includes('WARNING'));
      expect(lines.length, r.err).toBe(1);
      expect(lines[0]).toMatch(msg);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(`${out}.part`)).toBe(false);
    }
  });

  it('refuses a non-P-521 certificate, too many host keys, and an existing output without --overwrite', async () => {
    const inp = writeInputs();
    const out = join(inp.dir, 'o.img');
    const { execFileSync } = await import('node:child_process');
    const p256 = join(inp.dir, 'p256.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(inp.dir, 'k.pem'), '-out', p256, '-subj', '/CN=x', '-days', '1'], { stdio: 'ignore' });
    let r = await create(['--no-verify', '-k', p256, '-i', inp.kernel, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/p256.pem: .*P-521/);
    r = await create(['--no-verify', '-k', Array(96).fill(HKD).join(','), '-i', inp.kernel, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/too many host-key documents: 96/);
    r = await create(['--no-verify', '-k', Array(95).fill(HKD).join(','), '-i', inp.kernel, '-o', out]);
    expect(r.status).toBe(0);
    expect(parseSeHeader(new Uint8Array(readFileSync(out)), 0x14000).head.sehs).toBe(8160);
    r = await create(['--no-verify', '-k', HKD, '-i', inp.kernel, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/o.img: output file exists \(use --overwrite/);
    r = await create(['--no-verify', '-k', HKD, '-i', inp.kernel, '-o', out, '--overwrite', '-q']);
    expect(r.status).toBe(0);
    expect(r.err).toBe('');
  });

  it('genprotimg --version prints its version', async () => {
    const io = captureIo();
    expect(await runGenprotimg(['--version'], io)).toBe(0);
    expect(io.out).toMatch(/^genprotimg \(pvkit\) \d+\.\d+\.\d+/);
    void tempDir;
  });
});
