/**
 * The fake IBM-shaped hierarchy of `pvkit keygen pki` (src/hostkey/testPki.ts): pvkit's verifier
 * accepts its good host-key documents and refuses each broken variant with the code IBM's rules
 * give (SE-FORMAT §7.6), for RSA-4096 (IBM's shape) and for ECDSA CAs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { X509Certificate as NodeX509 } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTestPki, TEST_PKI_SETUP, type TestPki } from '../../src/hostkey/testPki.js';
import { readHostKeyDocument } from '../../src/hostkey/hostKeyDocument.js';
import { HostKeyVerificationError, prepareSigningKey, verifyHostKeyDocuments } from '../../src/hostkey/verify.js';
import { readCertificateFile } from '../../src/hostkey/certificateFiles.js';
import { isIbmZSigningKey } from '../../src/hostkey/signingKey.js';
import { TEST_KEYS_WARNING } from '../../src/hostkey/testCertificates.js';

const AT = new Date('2030-06-01T12:00:00Z');
const haveOpenssl = spawnSync('openssl', ['version']).status === 0;

for (const caKeyType of ['rsa', 'ec'] as const) {
  describe(`generated test PKI (${caKeyType === 'rsa' ? 'RSA-4096/SHA-512' : 'ECDSA P-384'} CAs)`, () => {
    let dir: string;
    let pki: TestPki;
    const f = (name: string) => join(dir, name);
    const setup = (over: { certs?: string[]; crls?: string[]; rootCa?: string; at?: Date } = {}) => ({
      certs: (over.certs ?? [...TEST_PKI_SETUP.certs]).map(f),
      crls: (over.crls ?? [...TEST_PKI_SETUP.crls]).map(f),
      rootCa: f(over.rootCa ?? TEST_PKI_SETUP.rootCa),
      offline: true,
      at: over.at ?? AT,
    });
    const outcome = async (hkd: string, over: Parameters<typeof setup>[0] = {}) => {
      try {
        await verifyHostKeyDocuments([await readHostKeyDocument(f(hkd))], setup(over));
        return 'ok';
      } catch (e) {
        if (e instanceof HostKeyVerificationError) return e.code === 'HKD_CHAIN_INVALID' ? `${e.code}:${e.x509Code}@${e.depth}` : e.code;
        throw e;
      }
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'pvkit-pki-'));
      pki = await generateTestPki({ at: AT, caKeyType });
      for (const file of pki.files) writeFileSync(f(file.name), file.contents);
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is IBM-shaped: one signing key by IBM rules, README warns, keys are marked secret', async () => {
      const [ibm] = await readCertificateFile(f('ibm.crt'));
      expect(isIbmZSigningKey(ibm!)).toBe(true);
      for (const name of ['root_ca.crt', 'inter_ca.crt', 'host.crt']) expect((await readCertificateFile(f(name))).some(isIbmZSigningKey)).toBe(false);
      expect(pki.files.find((x) => x.name === 'README.txt')!.contents).toContain(TEST_KEYS_WARNING);
      expect(pki.files.filter((x) => x.secret).map((x) => x.name).sort()).toEqual(['host.key', 'host2.key', 'ibm.key', 'inter_ca.key', 'root_ca.key']);
      for (const x of pki.files) if (!x.secret) expect(x.contents).not.toContain('PRIVATE KEY');
      if (caKeyType === 'rsa') expect(ibm!.cert.publicKey.algorithm).toMatchObject({ modulusLength: 4096 });
    });

    it('accepts the good documents with the full chain in the report', async () => {
      const report = await verifyHostKeyDocuments([await readHostKeyDocument(f('host.crt')), await readHostKeyDocument(f('host2.crt'))], setup());
      expect(report.documents.map((d) => d.ok)).toEqual([true, true]);
      expect(report.signingKeyChain.map((c) => c.source)).toEqual([f('ibm.crt'), f('inter_ca.crt'), f('root_ca.crt')]);
      expect(report.documents[0]!.chain).toHaveLength(4);
      expect(report.documents[0]!.crls).toEqual([f('ibm.crl')]);
    });

    it('gives every expectation the generator recorded', async () => {
      expect(pki.expectations.map((e) => e.expected).sort()).toEqual(
        ['HKD_AKID', 'HKD_EXPIRED', 'HKD_ISSUER_MISMATCH', 'HKD_NOT_YET_VALID', 'HKD_REVOKED', 'HKD_SIGNATURE', 'ok', 'ok'].sort(),
      );
      for (const e of pki.expectations) expect([e.hkd, await outcome(e.hkd)]).toEqual([e.hkd, e.expected]);
    });

    it('refuses a missing signing-key CRL, a revoked or expired signing key, a missing root CRL, an untrusted root', async () => {
      expect(await outcome('host.crt', { crls: ['root_ca.crl', 'inter_ca.crl'] })).toBe('HKD_NO_CRL');
      expect(await outcome('host.crt', { certs: ['ibm_revoked.crt', 'inter_ca.crt'] })).toBe('HKD_CHAIN_INVALID:23@0');
      expect(await outcome('host.crt', { certs: ['ibm_expired.crt', 'inter_ca.crt'] })).toBe('HKD_CHAIN_INVALID:10@0');
      expect(await outcome('host.crt', { crls: ['inter_ca.crl', 'ibm.crl'] })).toBe('HKD_CHAIN_INVALID:3@1');
      expect(await outcome('host.crt', { crls: ['root_ca.crl', 'ibm.crl'] })).toBe('HKD_CHAIN_INVALID:3@0');
      // The test root is not trusted unless given: trusting the intermediate instead is not enough.
      expect(await outcome('host.crt', { rootCa: 'inter_ca.crt' })).toBe('HKD_CHAIN_INVALID:2@1');
      expect(await outcome('host.crt', { certs: ['ibm.crt'] })).toBe('HKD_CHAIN_INVALID:20@0');
    });

    it('agrees with Node\'s own X.509 code (OpenSSL) on the host-key document signatures', () => {
      const node = (name: string) => new NodeX509(readFileSync(f(name)));
      const ibm = node('ibm.crt');
      expect(node('host.crt').verify(ibm.publicKey)).toBe(true);
      expect(node('host_wrong_issuer.crt').verify(ibm.publicKey)).toBe(true);
      expect(node('host_wrong_issuer.crt').checkIssued(ibm)).toBe(false);
      expect(node('host_forged.crt').verify(ibm.publicKey)).toBe(false);
      expect(node('host_wrong_signer.crt').verify(ibm.publicKey)).toBe(false);
    });

    it.skipIf(!haveOpenssl)('agrees with `openssl verify` (strict, CRLs for the whole chain, level 2) on the signing-key chain', () => {
      const verify = (leaf: string, crls: string[]) => {
        const r = spawnSync(
          'openssl',
          ['verify', '-attime', String(AT.getTime() / 1000), '-x509_strict', '-crl_check_all', '-auth_level', '2', '-CAfile', f('root_ca.crt'),
            '-untrusted', f('inter_ca.crt'), ...crls.flatMap((c) => ['-CRLfile', f(c)]), f(leaf)],
          { encoding: 'utf8' },
        );
        const m = /error (\d+) at (\d+) depth/.exec(r.stdout + r.stderr);
        return m ? `HKD_CHAIN_INVALID:${m[1]}@${m[2]}` : r.status === 0 ? 'ok' : `exit ${r.status}: ${r.stdout}${r.stderr}`;
      };
      const ours = async (leaf: string, crls: string[]) => {
        try {
          await prepareSigningKey({ ...setup({ certs: [leaf, 'inter_ca.crt'], crls }) });
          return 'ok';
        } catch (e) {
          return e instanceof HostKeyVerificationError ? `${e.code}:${e.x509Code}@${e.depth}` : String(e);
        }
      };
      const cases: [string, string[]][] = [
        ['ibm.crt', ['root_ca.crl', 'inter_ca.crl']],
        ['ibm_revoked.crt', ['root_ca.crl', 'inter_ca.crl']],
        ['ibm_expired.crt', ['root_ca.crl', 'inter_ca.crl']],
        ['ibm.crt', ['inter_ca.crl']],
        ['ibm.crt', ['root_ca.crl']],
      ];
      return Promise.all(cases.map(async ([leaf, crls]) => expect([leaf, crls, await ours(leaf, crls)]).toEqual([leaf, crls, verify(leaf, crls)])));
    });

    it('follows the fixed validity windows relative to --at', async () => {
      expect(await outcome('host_not_yet_valid.crt', { at: new Date(AT.getTime() + 400 * 86_400_000) })).toBe('ok');
      // HKDs and CRLs start one day before --at: the boundary is inclusive, one second earlier the CRLs are not yet valid.
      expect(await outcome('host.crt', { at: new Date(AT.getTime() - 86_400_000) })).toBe('ok');
      expect(await outcome('host.crt', { at: new Date(AT.getTime() - 86_400_000 - 1000) })).toBe('HKD_CHAIN_INVALID:11@0');
      expect(await outcome('host.crt', { at: new Date(AT.getTime() + 1900 * 86_400_000) })).toBe('HKD_EXPIRED');
      // CRLs (thisUpdate at −1 day) come before the CA certificates' −30 days.
      expect(await outcome('host.crt', { at: new Date(AT.getTime() - 10 * 86_400_000) })).toBe('HKD_CHAIN_INVALID:11@0');
      await expect(prepareSigningKey(setup({ at: new Date(AT.getTime() + 4000 * 86_400_000) }))).rejects.toMatchObject({ code: 'HKD_CHAIN_INVALID', x509Code: 12 });
    });
  });
}
