import { X509Certificate as NodeX509Certificate } from 'node:crypto';
/**
 * `pvkit verify-hkd` and `pvkit keygen` run in-process through runCli (exit statuses of
 * SE-FORMAT §7.5: 0 verified, 1 refused or error, 2 usage; one-line messages naming the file).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../cli/main.js';
import { captureIo } from '../../cli/io.js';
import { haveShared, sharedPath, sharedSkipReason } from '../support/shared.js';
import { readHostKeyDocument } from '../../src/hostkey/hostKeyDocument.js';

const cert = (f: string) => sharedPath('vectors/s390-tools/pv/tests/assets/cert', f);
const tmp = mkdtempSync(join(tmpdir(), 'pvkit-hkcli-'));

async function run(...argv: string[]) {
  const io = captureIo();
  const status = await runCli(argv, io);
  return { status, out: io.out, err: io.err };
}

/** A refusal is exactly one line on stderr: `pvkit: error: FILE: message`. */
function expectOneLineError(err: string, file: string, ...words: string[]): void {
  expect(err.endsWith('\n')).toBe(true);
  expect(err.trimEnd().split('\n')).toHaveLength(1);
  expect(err.startsWith(`pvkit: error: ${file}: `)).toBe(true);
  for (const w of words) expect(err).toContain(w);
  expect(err).not.toMatch(/\n\s+at /);
}

describe.skipIf(!haveShared)(`pvkit verify-hkd on the s390-tools vectors${haveShared ? '' : ` (${sharedSkipReason})`}`, () => {
  const base = ['verify-hkd', '--offline', '--at', '2025-01-01T00:00:00Z', '--root-ca', cert('root_ca.chained.crt'), '-C', cert('ibm.crt'), '-C', cert('inter_ca.crt'), '--crl', `${cert('ibm.crl')},${cert('inter_ca.crl')}`];

  it('verifies good documents (repeatable and comma-separated -k): exit 0', async () => {
    const r = await run(...base, '-k', `${cert('host.crt')},${cert('host2.crt')}`, '-k', cert('host_armonk.crt'));
    expect(r.status).toBe(0);
    expect(r.err).toBe('');
    for (const h of ['host.crt', 'host2.crt', 'host_armonk.crt']) expect(r.out).toContain(`${cert(h)}: verified`);
    expect(r.out).toContain('verification time: 2025-01-01T00:00:00.000Z (offline)');
  });

  it('refuses a revoked document: exit 1, one line naming the file', async () => {
    const r = await run(...base, '-k', cert('host.crt'), '-k', cert('host_rev.crt'));
    expect(r.status).toBe(1);
    expectOneLineError(r.err, cert('host_rev.crt'), 'revoked', '322f2eb49851cabe5b6ef0019c29ff43dfef2749', cert('ibm.crl'));
  });

  it('refuses an expired document at the pinned time but not before it expired', async () => {
    const r = await run(...base, '-k', cert('host_crt_expired.crt'));
    expect(r.status).toBe(1);
    expectOneLineError(r.err, cert('host_crt_expired.crt'), 'expired at 2023-03-22T15:52:39.000Z');
  });

  it('reports chain failures with X509 error and depth, naming the certificate file', async () => {
    const r = await run('verify-hkd', '--offline', '--at', '2025-01-01', '--root-ca', cert('root_ca.chained.crt'), '-C', cert('ibm.crt'), '-k', cert('host.crt'));
    expect(r.status).toBe(1);
    expectOneLineError(r.err, cert('ibm.crt'), 'unable to get local issuer certificate', 'X509 error 20, depth 0');
  });

  it('JSON output for success and refusal', async () => {
    const ok = await run(...base, '--format', 'json', '-k', cert('host.crt'));
    expect(ok.status).toBe(0);
    const report = JSON.parse(ok.out);
    expect(report).toMatchObject({ ok: true, at: '2025-01-01T00:00:00.000Z', offline: true, documents: [{ path: cert('host.crt'), ok: true, serial: '0522e1b864efc4f6e0806ef42122f647a0c31997' }] });
    expect(report.signingKeyChain.map((c: { source: string }) => c.source)).toEqual([cert('ibm.crt'), cert('inter_ca.crt'), cert('root_ca.chained.crt')]);
    const bad = await run(...base, '--format', 'json', '-k', cert('fake_host.crt'));
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false, error: { code: 'HKD_AKID', file: cert('fake_host.crt') } });
    expectOneLineError(bad.err, cert('fake_host.crt'), 'authority key 9008ec44986c22ba9036111eecacc0727463b569');
  });

  it('names the file for unreadable inputs', async () => {
    const missing = join(tmp, 'missing.crl');
    const r = await run(...base, '--crl', missing, '-k', cert('host.crt'));
    expect(r.status).toBe(1);
    expectOneLineError(r.err, missing, 'cannot read CRL: no such file');
    const notP521 = await run(...base, '-k', cert('inter_ca.crt'));
    expect(notP521.status).toBe(1);
    expectOneLineError(notP521.err, cert('inter_ca.crt'), 'not an EC P-521 key');
    const crlAsCrl = await run(...base, '--crl', cert('ibm.crt'), '-k', cert('host.crt'));
    expectOneLineError(crlAsCrl.err, cert('ibm.crt'), 'no CRL in file');
  });

  it('refuses when no --cert file holds an IBM Z signing key, naming the files', async () => {
    const r = await run('verify-hkd', '--offline', '--root-ca', cert('root_ca.crt'), '-C', cert('inter_ca.crt'), '-C', cert('ibm_wrong_subject.crt'), '-k', cert('host.crt'));
    expect(r.status).toBe(1);
    expect(r.err).toContain(`pvkit: error: none of the 2 certificate(s) in ${cert('inter_ca.crt')}, ${cert('ibm_wrong_subject.crt')} is an IBM Z signing key`);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('online mode without a reachable distribution point explains the missing CRL', async () => {
    // The assets' distribution points are bare file names, which the downloader refuses without
    // any network access, so this is offline in effect (EXPECTED.md §1.3, "on-fail").
    const r = await run('verify-hkd', '--at', '2025-01-01', '--root-ca', cert('root_ca.chained.crt'), '-C', cert('ibm.crt'), '-C', cert('inter_ca.crt'), '-k', cert('host.crt'));
    expect(r.status).toBe(1);
    expectOneLineError(r.err, cert('ibm.crt'), 'unable to get certificate CRL', 'CRL download from inter_ca.crl failed: not an http:// or https:// URL');
  });
});

describe('pvkit verify-hkd usage errors (exit 2)', () => {
  it.each([
    [['verify-hkd', '-C', 'x.crt'], 'at least one host-key document'],
    [['verify-hkd', '-k', 'x.crt'], 'at least one certificate'],
    [['verify-hkd', '-k', 'x.crt', '-C', 'y.crt', '--at', 'yesterday'], "--at expects an ISO 8601 date or date-time, got 'yesterday'"],
    [['verify-hkd', '-k', 'x.crt', '-C', 'y.crt', '--format', 'xml'], 'Invalid values'],
  ])('%j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.status).toBe(2);
    expect(r.err).toContain(message);
  });
});

describe('pvkit keygen', () => {
  it('host: P-521 key pair (private key mode 0600, never printed) and a self-signed host-key document', async () => {
    const prefix = join(tmp, 'h1');
    const r = await run('keygen', 'host', '--out', prefix, '--subject', 'ci host');
    expect(r.status).toBe(0);
    expect(r.err).toContain('TEST KEYS — NOT FOR PRODUCTION');
    expect(r.out + r.err).not.toContain('PRIVATE KEY');
    expect(statSync(`${prefix}.key.pem`).mode & 0o777).toBe(0o600);
    const doc = await readHostKeyDocument(`${prefix}.crt.pem`);
    expect(doc.subject).toBe('CN=ci host');
    const jwk = createPublicKey(readFileSync(`${prefix}.key.pem`)).export({ format: 'jwk' });
    expect(Buffer.from(doc.publicKey.subarray(1, 67)).toString('base64url')).toBe(jwk.x);
    const selfSigned = new NodeX509Certificate(doc.der);
    expect(selfSigned.verify(selfSigned.publicKey)).toBe(true);
    // Existing files are kept unless --overwrite.
    const again = await run('keygen', 'host', '--out', prefix);
    expect(again.status).toBe(1);
    expectOneLineError(again.err.split('\n').slice(1).join('\n'), `${prefix}.key.pem`, 'output file exists');
    expect((await run('keygen', 'host', '--out', prefix, '--overwrite')).status).toBe(0);
  });

  it('pki: a hierarchy that verify-hkd accepts and refuses as its README says', async () => {
    const dir = join(tmp, 'pki');
    const g = await run('keygen', 'pki', '--out', dir, '--at', '2031-01-01', '--ca-key-type', 'ec');
    expect(g.status).toBe(0);
    expect(g.err).toContain('TEST KEYS — NOT FOR PRODUCTION');
    expect(statSync(join(dir, 'ibm.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'ibm.crt')).mode & 0o777).toBe(0o644);
    const readme = readFileSync(join(dir, 'README.txt'), 'utf8');
    const command = /pvkit (verify-hkd .*) -k host\.crt/.exec(readme)![1]!.split(' ').map((a) => (a.endsWith('.crt') || a.endsWith('.crl') ? join(dir, a) : a));
    const ok = await run(...command, '-k', join(dir, 'host.crt'));
    expect([ok.status, ok.err]).toEqual([0, '']);
    const expectations = [...readme.matchAll(/^ {2}(host\S*\.crt) +(verified|HKD_\w+)$/gm)].map((m) => [m[1]!, m[2]!] as const);
    expect(expectations).toHaveLength(8);
    for (const [hkd, expected] of expectations) {
      const r = await run(...command, '--format', 'json', '-k', join(dir, hkd));
      expect([hkd, r.status, expected === 'verified' ? 'verified' : JSON.parse(r.out).error.code]).toEqual([hkd, expected === 'verified' ? 0 : 1, expected]);
    }
  });

  it('usage errors', async () => {
    expect((await run('keygen', 'rsa', '--out', join(tmp, 'x'))).status).toBe(2);
    expect((await run('keygen', 'host')).status).toBe(2);
    expect((await run('keygen', 'pki', '--out', join(tmp, 'y'), '--at', '2031-13-01')).status).toBe(2);
    expect((await run('keygen', 'pki', '--out', join(tmp, 'y'), '--rsa-bits', '1024')).status).toBe(2);
  });
});

beforeAll(() => writeFileSync(join(tmp, '.keep'), ''));
