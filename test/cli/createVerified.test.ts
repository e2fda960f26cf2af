import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../cli/main.js';
import { captureIo } from '../../cli/io.js';
import { generateTestPki, TEST_PKI_SETUP } from '../../src/hostkey/testPki.js';
import { tempDir, writeInputs } from '../build/testInputs.js';

/** `pvkit create` verifies host-key documents by default (SE-FORMAT §7.6), offline from given files. */
describe('pvkit create with host-key document verification', () => {
  let dir = '';
  beforeAll(async () => {
    dir = tempDir();
    const pki = await generateTestPki({ caKeyType: 'ec' });
    for (const f of pki.files) writeFileSync(join(dir, f.name), f.contents);
  });
  const chain = () => [
    '--root-ca', join(dir, TEST_PKI_SETUP.rootCa),
    ...TEST_PKI_SETUP.certs.flatMap((c) => ['--cert', join(dir, c)]),
    ...TEST_PKI_SETUP.crls.flatMap((c) => ['--crl', join(dir, c)]),
    '--offline',
  ];

  it('builds for verified host-key documents, without any warning', async () => {
    const inp = writeInputs();
    const io = captureIo();
    const out = join(inp.dir, 'v.img');
    const status = await runCli(['create', '-i', inp.kernel, '-o', out, '-k', `${join(dir, 'host.crt')},${join(dir, 'host2.crt')}`, ...chain()], io);
    expect(io.err).toBe('');
    expect(status).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  for (const [hkd, reason] of [
    ['host_revoked.crt', /revoked/i],
    ['host_expired.crt', /expired|no longer valid/i],
    ['host_forged.crt', /is not signed by the IBM Z signing key/],
  ] as const) {
    it(`refuses ${hkd} with one line naming the document, and writes nothing`, async () => {
      const inp = writeInputs();
      const io = captureIo();
      const out = join(inp.dir, 'r.img');
      const status = await runCli(['create', '-i', inp.kernel, '-o', out, '-k', join(dir, 'host.crt'), '-k', join(dir, hkd), ...chain()], io);
      expect(status).toBe(1);
      const lines = io.err.trim().split('\n');
      expect(lines.length, io.err).toBe(1);
      expect(lines[0]).toMatch(reason);
      expect(lines[0]).toContain(hkd);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('needs CRLs when offline: no CRL for the signing key is an error', async () => {
    const inp = writeInputs();
    const io = captureIo();
    const status = await runCli(
      ['create', '-i', inp.kernel, '-o', join(inp.dir, 'n.img'), '-k', join(dir, 'host.crt'), '--root-ca', join(dir, 'root_ca.crt'), '--cert', join(dir, 'ibm.crt'), '--cert', join(dir, 'inter_ca.crt'), '--offline'],
      io,
    );
    expect(status).toBe(1);
    expect(io.err).toMatch(/CRL/);
  });
});
