/**
 * The per-document checks of SE-FORMAT §7.6 step 5 on synthetic certificates, for the rules no
 * s390-tools asset exercises: IBM's CRL issuer-name quirks (Armonk→Poughkeepsie and the
 * C, O, OU, L, ST, CN attribute order), the 112-bit minimum, CRLs without nextUpdate, and the
 * building blocks (name comparison, time parsing, key strength).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { webcrypto } from 'node:crypto';
import { loadCertificate, loadCrl } from '../../src/hostkey/certificateFiles.js';
import {
  canonicalName,
  formatName,
  inIbmCrlIssuerOrder,
  namesEqual,
  namesEquivalentForIbm,
  rdnsOf,
} from '../../src/hostkey/distinguishedName.js';
import { checkHostKeyDocument, crlIssuerNameVariants, type VerifiedSigningKey } from '../../src/hostkey/verify.js';
import { addDays, generateCaKey, generateHostKey, ibmName, randomSerial } from '../../src/hostkey/testCertificates.js';
import { publicKeySecurityBits, signatureDigestBits } from '../../src/hostkey/securityBits.js';
import { parseVerificationTime } from '../../src/hostkey/verificationTime.js';
import {
  AuthorityKeyIdentifierExtension,
  type JsonName,
  Name,
  SubjectKeyIdentifierExtension,
  type X509Certificate,
  X509CertificateGenerator,
  X509CrlGenerator,
} from '../../src/hostkey/x509.js';

const AT = new Date('2026-01-01T00:00:00Z');
const UNIT = 'IBM Z Host Key Signing Service';
const reordered = (locality: string): JsonName => {
  const n = ibmName(locality, UNIT);
  const get = (t: string) => n.find((r) => t in r)!;
  return ['C', 'O', 'OU', 'L', 'ST', 'CN'].map(get);
};

describe('IBM CRL issuer-name quirks and per-document rules', () => {
  let signer: Awaited<ReturnType<typeof generateCaKey>>;
  let signingCert: X509Certificate;
  let hkd: X509Certificate;
  let hkdKey: webcrypto.CryptoKeyPair;

  const crlNamed = async (issuer: JsonName, revoked: string[], nextUpdate: Date | null = addDays(AT, 30)) =>
    loadCrl(
      new Uint8Array(
        (
          await X509CrlGenerator.create({
            issuer,
            thisUpdate: addDays(AT, -1),
            nextUpdate: nextUpdate ?? undefined,
            entries: revoked.map((serialNumber) => ({ serialNumber, revocationDate: addDays(AT, -1) })),
            signingAlgorithm: signer.signingAlgorithm,
            signingKey: signer.keys.privateKey,
          })
        ).rawData,
      ),
      `crl-${formatName(rdnsOf(new Name(issuer)))}`,
    );

  const keyWith = (crls: ReturnType<typeof loadCrl>[]): VerifiedSigningKey => {
    const signing = loadCertificate(new Uint8Array(signingCert.rawData), 'signing.crt');
    return {
      signingKey: signing,
      chain: { certificates: [signing], crls: [] },
      crls,
      at: AT,
      offline: true,
      fetchCrl: async () => {
        throw new Error('offline');
      },
      downloadNotes: [],
    };
  };

  beforeAll(async () => {
    signer = await generateCaKey('ec');
    signingCert = await X509CertificateGenerator.createSelfSigned({
      serialNumber: randomSerial(),
      name: ibmName('Armonk', UNIT),
      notBefore: addDays(AT, -10),
      notAfter: addDays(AT, 100),
      keys: signer.keys,
      signingAlgorithm: signer.signingAlgorithm,
      extensions: [await SubjectKeyIdentifierExtension.create(signer.keys.publicKey)],
    });
    hkdKey = (await generateHostKey()).keys;
    hkd = await X509CertificateGenerator.create({
      serialNumber: '7a' + randomSerial().slice(2),
      subject: ibmName('Armonk', 'IBM Z Host Key'),
      issuer: ibmName('Poughkeepsie', UNIT),
      notBefore: addDays(AT, -1),
      notAfter: addDays(AT, 10),
      publicKey: hkdKey.publicKey,
      signingKey: signer.keys.privateKey,
      signingAlgorithm: signer.signingAlgorithm,
      extensions: [await AuthorityKeyIdentifierExtension.create(signer.keys.publicKey)],
    });
  });

  it('tries the signing key name, then Poughkeepsie, then Poughkeepsie reordered, then the name reordered', () => {
    const variants = crlIssuerNameVariants(rdnsOf(signingCert.subjectName)).map(formatName);
    expect(variants).toEqual([
      formatName(rdnsOf(new Name(ibmName('Armonk', UNIT)))),
      formatName(rdnsOf(new Name(ibmName('Poughkeepsie', UNIT)))),
      formatName(rdnsOf(new Name(reordered('Poughkeepsie')))),
      formatName(rdnsOf(new Name(reordered('Armonk')))),
    ]);
    expect(crlIssuerNameVariants(rdnsOf(new Name(ibmName('Poughkeepsie', UNIT))))).toHaveLength(2);
  });

  it.each([
    ['Poughkeepsie, C-O-OU-L-ST-CN order', () => reordered('Poughkeepsie')],
    ['Armonk, C-O-OU-L-ST-CN order', () => reordered('Armonk')],
    ['Poughkeepsie, subject order', () => ibmName('Poughkeepsie', UNIT)],
  ])('finds a CRL issued as %s', async (_label, name) => {
    const clean = await crlNamed(name(), ['01bc']);
    await expect(checkHostKeyDocument(hkd, 'hkd.crt', keyWith([clean]))).resolves.toMatchObject({ ok: true, crls: [clean.source] });
    const revoking = await crlNamed(name(), [hkd.serialNumber]);
    await expect(checkHostKeyDocument(hkd, 'hkd.crt', keyWith([revoking]))).rejects.toMatchObject({ code: 'HKD_REVOKED', file: 'hkd.crt' });
  });

  it('ignores CRLs under other names and CRLs without nextUpdate', async () => {
    const other = await crlNamed(ibmName('Armonk', 'IBM Z Intermediate CA'), []);
    await expect(checkHostKeyDocument(hkd, 'hkd.crt', keyWith([other]))).rejects.toMatchObject({ code: 'HKD_NO_CRL' });
    const noNext = await crlNamed(ibmName('Armonk', UNIT), [], null);
    expect(noNext.crl.nextUpdate).toBeUndefined();
    await expect(checkHostKeyDocument(hkd, 'hkd.crt', keyWith([noNext]))).rejects.toMatchObject({ code: 'HKD_NO_CRL', message: expect.stringContaining('1 found, none currently valid') });
  });

  it('refuses an HKD key under 112 bits before anything else (HKD_SECURITY_BITS)', async () => {
    const weak = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as webcrypto.CryptoKeyPair;
    const cert = await X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: ibmName('Armonk', 'IBM Z Host Key'),
      issuer: ibmName('Armonk', UNIT),
      // Also expired: the strength check must come first.
      notBefore: addDays(AT, -10),
      notAfter: addDays(AT, -5),
      publicKey: weak.publicKey,
      signingKey: signer.keys.privateKey,
      signingAlgorithm: signer.signingAlgorithm,
    });
    await expect(checkHostKeyDocument(cert, 'weak.crt', keyWith([]))).rejects.toMatchObject({ code: 'HKD_SECURITY_BITS', message: expect.stringContaining('80-bit key') });
  });
});

describe('building blocks', () => {
  it('compares names as OpenSSL does: case and white space folded, RDN order significant', () => {
    const a = rdnsOf(new Name('C=US, O=International  Business Machines Corporation, OU=x'));
    const b = rdnsOf(new Name('C=us, O=international business machines corporation , OU=X'));
    const c = rdnsOf(new Name('O=International Business Machines Corporation, C=US, OU=x'));
    expect(namesEqual(a, b)).toBe(true);
    expect(canonicalName(a)).toBe(canonicalName(b));
    expect(namesEqual(a, c)).toBe(false);
    const pk = rdnsOf(new Name(ibmName('Poughkeepsie', UNIT)));
    const ar = rdnsOf(new Name(reordered('Armonk')));
    expect(namesEquivalentForIbm(pk, ar)).toBe(true);
    expect(namesEquivalentForIbm(pk, rdnsOf(new Name(ibmName('Poughkeepsie', 'Other Key Signing Service'))))).toBe(false);
    expect(inIbmCrlIssuerOrder(a)).toBeUndefined();
  });

  it('parses --at as ISO 8601, UTC unless an offset is given, and refuses anything else', () => {
    expect(parseVerificationTime('2025-01-01')?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(parseVerificationTime('2025-01-01T12:30')?.toISOString()).toBe('2025-01-01T12:30:00.000Z');
    expect(parseVerificationTime('2025-01-01T12:30:05+01:00')?.toISOString()).toBe('2025-01-01T11:30:05.000Z');
    expect(parseVerificationTime('2025-01-01 12:30:05Z')?.toISOString()).toBe('2025-01-01T12:30:05.000Z');
    for (const bad of ['', 'now', '2025-02-30', '2025-13-01', '1735689600', '01/01/2025']) expect([bad, parseVerificationTime(bad)]).toEqual([bad, undefined]);
  });

  it('rates keys and digests as NIST SP 800-57 / OpenSSL do', () => {
    expect(publicKeySecurityBits({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 4096 })).toBe(128);
    expect(publicKeySecurityBits({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048 })).toBe(112);
    expect(publicKeySecurityBits({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024 })).toBe(80);
    expect(publicKeySecurityBits({ name: 'ECDSA', namedCurve: 'P-521' })).toBe(256);
    expect(publicKeySecurityBits({ name: 'ECDSA', namedCurve: 'P-256' })).toBe(128);
    expect(publicKeySecurityBits({ name: 'unknown' })).toBe(0);
    expect(signatureDigestBits({ name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-1' } })).toBe(63);
    expect(signatureDigestBits({ name: 'ECDSA', hash: 'SHA-512' })).toBe(256);
  });
});
