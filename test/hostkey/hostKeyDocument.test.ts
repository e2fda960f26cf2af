/**
 * Reading host-key documents (SE-FORMAT §2.4): PEM and DER, first certificate only, P-521 only,
 * and the 133-byte point checked against the s390-tools vectors (EXPECTED.md §2.1, §2.8) and
 * against Node's own X.509 parser.
 */
import { describe, expect, it } from 'vitest';
import { createHash, createPublicKey, X509Certificate as NodeX509 } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveShared, repoRoot, sharedPath, sharedSkipReason } from '../support/shared.js';
import { P521_POINT_LENGTH, parseHostKeyDocument, readHostKeyDocument } from '../../src/hostkey/hostKeyDocument.js';

const cert = (f: string) => sharedPath('vectors/s390-tools/pv/tests/assets/cert', f);
const tmp = mkdtempSync(join(tmpdir(), 'pvkit-hkd-'));

/** x‖y of the point, each left-padded to 80 bytes (SE-FORMAT §1.4). */
function xy80(point: Uint8Array): Buffer {
  const pad = Buffer.alloc(14);
  return Buffer.concat([pad, point.subarray(1, 67), pad, point.subarray(67)]);
}

/** The point as Node's OpenSSL-backed parser sees it. */
function nodePoint(pem: Buffer | string): Buffer {
  const jwk = new NodeX509(pem).publicKey.export({ format: 'jwk' });
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
}

describe.skipIf(!haveShared)(`host-key documents from the s390-tools vectors${haveShared ? '' : ` (${sharedSkipReason})`}`, () => {
  it('gives the host key of keys/host.pem.crt exactly as EXPECTED.md §2.1 lists it, with its PHKH', async () => {
    const doc = await readHostKeyDocument(sharedPath('vectors/s390-tools/pv/tests/assets/keys/host.pem.crt'));
    expect(doc.publicKey.length).toBe(P521_POINT_LENGTH);
    expect(xy80(doc.publicKey).toString('hex')).toBe(
      '00000000000000000000000000000176881cd84b8b6de7123c7e900edf78e7f7b684999146b1263ba8b86c8447f08ab6d469c2b128ed9e1c35015805acd3d30233d39122f7e2f8aa1c2b147b7883b406' +
        '000000000000000000000000000000c34556c25cf92f29ce66bd44114d6b7b3c78e13a3f90bdb90040f6876e5262f778a61a937d1b34802eb257e34e0672dd5f2a347addaa282035092a70c35c2e7973',
    );
    expect(createHash('sha256').update(xy80(doc.publicKey)).digest('hex')).toBe('415c25a5d19c381e619733e1c1b7fbd88bdd1c31d882d5ade04b97043c5010f0');
  });

  it('gives the PHKH of pvattest host.pem.crt (EXPECTED.md §2.8)', async () => {
    const doc = await readHostKeyDocument(sharedPath('vectors/s390-tools/pvattest/tests/assets/host.pem.crt'));
    expect(createHash('sha256').update(xy80(doc.publicKey)).digest('hex')).toBe('596e8bf9ceb88e686c74ff007c6df5124e00156981279011f0c6c388b6e95892');
  });

  it('reads PEM and DER alike and agrees with Node on every asset HKD', async () => {
    for (const name of ['host.crt', 'host2.crt', 'host_rev.crt', 'host_armonk.crt', 'fake_host.crt']) {
      const pem = readFileSync(cert(name));
      const doc = await readHostKeyDocument(cert(name));
      expect(Buffer.from(doc.publicKey).equals(nodePoint(pem))).toBe(true);
      const derPath = join(tmp, `${name}.der`);
      writeFileSync(derPath, new NodeX509(pem).raw);
      const der = await readHostKeyDocument(derPath);
      expect(Buffer.from(der.der).equals(new NodeX509(pem).raw)).toBe(true);
      expect(Buffer.from(der.publicKey).equals(Buffer.from(doc.publicKey))).toBe(true);
      expect(der.subject).toBe(doc.subject);
    }
  });

  it('uses the first of several certificates and warns', async () => {
    const both = join(tmp, 'two.pem');
    writeFileSync(both, Buffer.concat([readFileSync(cert('host2.crt')), readFileSync(cert('host.crt'))]));
    const warnings: string[] = [];
    const doc = await readHostKeyDocument(both, { warn: (m) => warnings.push(m) });
    expect(Buffer.from(doc.publicKey).equals(nodePoint(readFileSync(cert('host2.crt'))))).toBe(true);
    expect(warnings).toEqual([`${both}: holds 2 certificates; only the first is used as host-key document`]);
    // A file whose only certificate follows a CRL (ibm.chained.crt) gives no warning.
    const w2: string[] = [];
    await expect(readHostKeyDocument(cert('ibm.chained.crt'), { warn: (m) => w2.push(m) })).rejects.toMatchObject({ code: 'E_INPUT' });
    expect(w2).toEqual([]);
  });

  it('refuses RSA keys, CRLs, garbage and missing files with an InputError naming the file', async () => {
    await expect(readHostKeyDocument(cert('ibm.crt'))).rejects.toMatchObject({ code: 'E_INPUT', file: cert('ibm.crt'), message: expect.stringContaining('not an EC P-521 key') });
    await expect(readHostKeyDocument(cert('ibm.crl'))).rejects.toMatchObject({ code: 'E_INPUT', message: expect.stringContaining('no X.509 certificate') });
    await expect(Promise.resolve().then(() => parseHostKeyDocument(new Uint8Array([0x30, 0x03, 1, 2, 3]), 'junk.bin'))).rejects.toMatchObject({ code: 'E_INPUT', file: 'junk.bin' });
    await expect(readHostKeyDocument(join(tmp, 'absent.crt'))).rejects.toMatchObject({ code: 'E_INPUT', file: join(tmp, 'absent.crt'), message: 'cannot read host-key document: no such file' });
    const der = new NodeX509(readFileSync(cert('host.crt'))).raw;
    for (const [name, bytes] of [
      ['truncated.der', der.subarray(0, der.length - 40)],
      ['long-length.der', Buffer.concat([Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff]), der.subarray(4)])],
      ['nested.der', Buffer.alloc(4000, 0x30)],
      ['random.der', Buffer.from(Array.from({ length: 1500 }, (_, i) => (i * 7919) & 0xff))],
    ] as const) {
      writeFileSync(join(tmp, name), bytes);
      await expect(readHostKeyDocument(join(tmp, name))).rejects.toMatchObject({ code: 'E_INPUT', file: join(tmp, name), message: expect.stringContaining('no X.509 certificate found') });
    }
    const torn = readFileSync(cert('host.crt'), 'utf8').replace(/\n[A-Za-z0-9+/]{20}/, '\n');
    writeFileSync(join(tmp, 'torn.crt'), torn);
    await expect(readHostKeyDocument(join(tmp, 'torn.crt'))).rejects.toMatchObject({ code: 'E_INPUT', file: join(tmp, 'torn.crt') });
  });
});

describe('committed test keys (keys/)', () => {
  for (const n of [1, 2]) {
    it(`host-test-${n}: the certificate's P-521 key is the public half of the private key`, async () => {
      const doc = await readHostKeyDocument(join(repoRoot, 'keys', `host-test-${n}.crt.pem`));
      const jwk = createPublicKey(readFileSync(join(repoRoot, 'keys', `host-test-${n}.key.pem`))).export({ format: 'jwk' });
      expect(jwk.crv).toBe('P-521');
      const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
      expect(Buffer.from(doc.publicKey).equals(point)).toBe(true);
      expect(doc.subject).toContain('TEST');
    });
  }
  it('sample-cck.bin is a 32-byte key', () => {
    expect(readFileSync(join(repoRoot, 'keys', 'sample-cck.bin')).length).toBe(32);
  });
});
