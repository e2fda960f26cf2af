/**
 * Every host-key verification scenario of the s390-tools vectors (EXPECTED.md §1.4 U1–U20,
 * §1.5 D1–D35, §1.6 pinned times, and the other upstream assertions of §1.4), read in place from
 * ../shared and run at a pinned verification time so that the results never rot.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { haveShared, sharedPath, sharedSkipReason } from '../support/shared.js';
import { readHostKeyDocument } from '../../src/hostkey/hostKeyDocument.js';
import { type CrlFetcher, HostKeyVerificationError, prepareSigningKey, verifyHostKeyDocuments } from '../../src/hostkey/verify.js';
import { readCertificateFile, readCrlFile } from '../../src/hostkey/certificateFiles.js';
import { isIbmZSigningKey, selectSigningKey } from '../../src/hostkey/signingKey.js';
import { crlDistributionPoints } from '../../src/hostkey/crlFetch.js';
import { authorityKeyId, subjectKeyId } from '../../src/hostkey/keyIdentifier.js';

const ASSETS = 'vectors/s390-tools/pv/tests/assets';
const cert = (f: string): string => sharedPath(ASSETS, 'cert', f);
/** EXPECTED.md §1.6: recommended pinned time, inside every chain's window. */
const PINNED = new Date('2025-01-01T00:00:00Z');

type Mode = 'off' | 'on-mock' | 'on-fail';

/** EXPECTED.md §1.3: the unit-test mock resolves a distribution-point URI as a file in cert/. */
const mockFetch: CrlFetcher = async (uri) => new Uint8Array(readFileSync(cert(uri)));
/** EXPECTED.md §1.3: the integration tests' downloads all fail (bare file names, no scheme). */
const failFetch: CrlFetcher = async (uri) => {
  throw new Error(`download of ${uri} refused in tests`);
};

interface Setup {
  certs: string[];
  crls?: string[];
  root?: string | null;
  mode?: Mode;
  at?: Date;
}

const DEFAULT: Required<Omit<Setup, 'at'>> = {
  certs: ['ibm.crt', 'inter_ca.crt'],
  crls: ['ibm.crl', 'inter_ca.crl'],
  root: 'root_ca.chained.crt',
  mode: 'off',
};

function options(s: Setup) {
  const mode = s.mode ?? 'off';
  const root = s.root === undefined ? DEFAULT.root : s.root;
  return {
    certs: s.certs.map(cert),
    crls: (s.crls ?? []).map(cert),
    rootCa: root === null ? undefined : cert(root),
    offline: mode === 'off',
    at: s.at ?? PINNED,
    fetchCrl: mode === 'on-mock' ? mockFetch : failFetch,
  };
}

type Outcome = 'Ok' | { code: string; x509?: number; depth?: number };

function outcomeOf(e: unknown): Outcome {
  if (e instanceof HostKeyVerificationError) {
    return e.code === 'HKD_CHAIN_INVALID' ? { code: e.code, x509: e.x509Code, depth: e.depth } : { code: e.code };
  }
  throw e;
}

async function construct(s: Setup): Promise<Outcome> {
  try {
    await prepareSigningKey(options(s));
    return 'Ok';
  } catch (e) {
    return outcomeOf(e);
  }
}

async function verify(s: Setup, hkd: string): Promise<Outcome> {
  const doc = await readHostKeyDocument(hkd.includes('/') ? sharedPath(ASSETS, hkd) : cert(hkd));
  try {
    const report = await verifyHostKeyDocuments([doc], options(s));
    expect(report.documents[0]!.ok).toBe(true);
    return 'Ok';
  } catch (e) {
    return outcomeOf(e);
  }
}

const chainErr = (x509: number, depth: number): Outcome => ({ code: 'HKD_CHAIN_INVALID', x509, depth });
const ERR = {
  revoked: { code: 'HKD_REVOKED' },
  after: { code: 'HKD_EXPIRED' },
  before: { code: 'HKD_NOT_YET_VALID' },
  noCrl: { code: 'HKD_NO_CRL' },
  akid: { code: 'HKD_AKID' },
  signature: { code: 'HKD_SIGNATURE' },
  noKey: { code: 'HKD_NO_SIGNING_KEY' },
  manyKeys: { code: 'HKD_MULTIPLE_SIGNING_KEYS' },
} as const;

/** host.crt / host_rev.crt / host_crt_expired.crt → Ok / HkdRevoked / AfterValidity. */
const THREE: [string, Outcome][] = [
  ['host.crt', 'Ok'],
  ['host_rev.crt', ERR.revoked],
  ['host_crt_expired.crt', ERR.after],
];
const THREE_ARMONK: [string, Outcome][] = [['host_armonk.crt', 'Ok'], ...THREE.slice(1)];

describe.skipIf(!haveShared)(`EXPECTED.md §1.4 upstream scenarios${haveShared ? '' : ` (${sharedSkipReason})`}`, () => {
  const hkdCases: [string, Setup, [string, Outcome][]][] = [
    ['U1 verify_offline', { ...DEFAULT }, THREE],
    ['U2 verify_online', { ...DEFAULT, crls: [], mode: 'on-mock' }, THREE],
    ['U3 verify_armonk_crt_offline', { ...DEFAULT, certs: ['ibm_armonk.crt', 'inter_ca.crt'] }, THREE],
    ['U4 verify_armonk_crt_online', { ...DEFAULT, certs: ['ibm_armonk.crt', 'inter_ca.crt'], crls: [], mode: 'on-mock' }, THREE],
    ['U5 verify_armonk_crl_offline', { ...DEFAULT, certs: ['ibm_armonk.crt', 'inter_ca.crt'], crls: ['ibm_armonk.crl', 'inter_ca.crl'] }, THREE],
    ['U6 verify_armonk_crl_online', { ...DEFAULT, certs: ['ibm_armonk.crt', 'inter_ca.crt'], crls: [], mode: 'on-mock' }, THREE],
    ['U7 verify_armonk_hkd_offline', { ...DEFAULT, certs: ['ibm_armonk.crt', 'inter_ca.crt'], crls: ['ibm_armonk.crl', 'inter_ca.crl'] }, THREE_ARMONK],
    ['U8 verify_armonk_hkd_online', { ...DEFAULT, certs: ['ibm_armonk.crt', 'inter_ca.crt'], crls: [], mode: 'on-mock' }, THREE_ARMONK],
  ];
  for (const [name, setup, hkds] of hkdCases) {
    it(`${name}: ${hkds.map(([h]) => h).join(', ')}`, async () => {
      expect(await construct(setup)).toBe('Ok');
      for (const [hkd, expected] of hkds) expect([hkd, await verify(setup, hkd)]).toEqual([hkd, expected]);
    });
  }

  const constructionCases: [string, Setup, Outcome][] = [
    ['U9 verify_chain_online', { ...DEFAULT, crls: [], mode: 'on-mock' }, 'Ok'],
    ['U10 verify_chain_offline', { ...DEFAULT, crls: ['inter_ca.crl'] }, 'Ok'],
    ['U11 two signing keys', { certs: ['ibm.crt', 'ibm_rev.crt'], root: null }, ERR.manyKeys],
    ['U12 no root CRL', { certs: ['inter_ca.crt', 'ibm.crt'], crls: ['inter_ca.crl'], root: 'root_ca.crt', mode: 'on-fail' }, chainErr(3, 1)],
    ['U13 no intermediate CRL', { certs: ['inter_ca.crt', 'ibm.crt'], mode: 'on-fail' }, chainErr(3, 0)],
    ['U14 rogue intermediate', { certs: ['fake_inter_ca.crt', 'ibm.crt'], crls: ['fake_inter_ca.crl'] }, chainErr(20, 0)],
    ['U15 system trust store', { certs: ['inter_ca.crt', 'ibm.crt'], crls: ['inter_ca.crl'], root: null }, chainErr(20, 1)],
    ['U16 everything local', { certs: ['inter_ca.crt', 'ibm.crt'], crls: ['inter_ca.crl'], mode: 'on-fail' }, 'Ok'],
    ['U17 intermediate missing', { certs: ['ibm.crt'], mode: 'on-fail' }, chainErr(20, 0)],
    ['U18 CRL passed as certificate (early)', { certs: ['inter_ca.crt', 'ibm_outdated_early.crl'], crls: ['inter_ca.crl'], mode: 'on-fail' }, ERR.noKey],
    ['U19 CRL passed as certificate (late)', { certs: ['inter_ca.crt', 'ibm_outdated_late.crl'], crls: ['inter_ca.crl'], mode: 'on-fail' }, ERR.noKey],
    ['U20 revoked signing key', { certs: ['inter_ca.crt', 'ibm_rev.crt'], crls: ['inter_ca.crl'], mode: 'on-fail' }, chainErr(23, 0)],
  ];
  for (const [name, setup, expected] of constructionCases) {
    it(name, async () => {
      expect(await construct(setup)).toEqual(expected);
    });
  }

  it('is_ibm_z_sign_key / get_ibm_z_sign_key', async () => {
    const load = async (f: string) => readCertificateFile(cert(f));
    const yes = ['ibm.crt', 'ibm_armonk.crt', 'ibm_rev.crt', 'ibm_expired.crt', 'der.crt', 'ibm.chained.crt', 'fake_ibm.crt'];
    const no = ['inter_ca.crt', 'ibm_wrong_subject.crt', 'root_ca.crt', 'fake_root_ca.crt', 'fake_inter_ca.crt', 'host.crt', 'host2.crt', 'host_rev.crt', 'host_armonk.crt', 'fake_host.crt'];
    for (const f of yes) expect([f, (await load(f)).every(isIbmZSigningKey)]).toEqual([f, true]);
    for (const f of no) expect([f, (await load(f)).some(isIbmZSigningKey)]).toEqual([f, false]);
    const ibm = await load('ibm.crt');
    const inter = await load('inter_ca.crt');
    expect(selectSigningKey(ibm).signingKey).toBe(ibm[0]);
    expect(() => selectSigningKey([...ibm, ...ibm])).toThrow(expect.objectContaining({ code: 'HKD_MULTIPLE_SIGNING_KEYS' }));
    expect(() => selectSigningKey(inter)).toThrow(expect.objectContaining({ code: 'HKD_NO_SIGNING_KEY' }));
    await expect(load('ibm_wrong_subject.crt').then(selectSigningKey)).rejects.toMatchObject({ code: 'HKD_NO_SIGNING_KEY' });
    expect(selectSigningKey([...ibm, ...inter]).signingKey).toBe(ibm[0]);
  });

  it('dist_points, read_certs, read_crls, store_setup', async () => {
    const [ibm] = await readCertificateFile(cert('ibm.crt'));
    expect(crlDistributionPoints(ibm!)).toEqual(['inter_ca.crl']);
    expect((await readCertificateFile(cert('ibm.crt'))).length).toBe(1);
    expect((await readCertificateFile(cert('der.crt'))).length).toBe(1);
    expect((await readCertificateFile(cert('ibm.crl'))).length).toBe(0);
    expect((await readCrlFile(cert('ibm.crl'))).length).toBe(1);
    expect((await readCrlFile(cert('der.crl'))).length).toBe(1);
    await expect(readCrlFile(cert('ibm.crt'))).rejects.toMatchObject({ code: 'E_INPUT', file: cert('ibm.crt') });
    // der.crt/der.crl are the DER forms of ibm.crt/ibm.crl.
    const [der] = await readCertificateFile(cert('der.crt'));
    expect(Buffer.from(der!.der).equals(Buffer.from(ibm!.der))).toBe(true);
    // store_setup: a missing certificate file is ignored by the CRL scan but not when reading certificates.
    await expect(prepareSigningKey({ certs: [cert('ibm.crt'), cert('inter.crt')], crls: [], offline: true, at: PINNED })).rejects.toMatchObject({
      code: 'E_INPUT',
      file: cert('inter.crt'),
    });
  });

  it('akid: ibm.crt names inter_ca, not root_ca (faithful form of the upstream test)', async () => {
    const [ibm] = await readCertificateFile(cert('ibm.crt'));
    const [inter] = await readCertificateFile(cert('inter_ca.crt'));
    const [root] = await readCertificateFile(cert('root_ca.crt'));
    expect(authorityKeyId(ibm!.cert)?.keyId).toBe(subjectKeyId(inter!.cert));
    expect(authorityKeyId(ibm!.cert)?.keyId).not.toBe(subjectKeyId(root!.cert));
    expect(subjectKeyId(root!.cert)).toBe('d69edaf22690b066a649d47de7ce725885b7e82a');
  });
});

describe.skipIf(!haveShared)(`EXPECTED.md §1.5 derived scenarios${haveShared ? '' : ` (${sharedSkipReason})`}`, () => {
  const hkdCases: [string, Setup, [string, Outcome][]][] = [
    ['D1 host2 offline', { ...DEFAULT }, [['host2.crt', 'Ok']]],
    ['D1 host2 on-mock', { ...DEFAULT, crls: [], mode: 'on-mock' }, [['host2.crt', 'Ok']]],
    ['D2 host_armonk with Poughkeepsie key', { ...DEFAULT }, [['host_armonk.crt', 'Ok']]],
    ['D3 host_uri_na offline', { ...DEFAULT }, [['host_uri_na.crt', 'Ok']]],
    ['D4 host_uri_na on-mock', { ...DEFAULT, crls: [], mode: 'on-mock' }, [['host_uri_na.crt', ERR.noCrl]]],
    ['D5 no signing-key CRL', { ...DEFAULT, crls: ['inter_ca.crl'] }, [['host.crt', ERR.noCrl], ['host_uri_na.crt', ERR.noCrl]]],
    ['D6 invalid signing key HKD', { ...DEFAULT }, [['host_invalid_signing_key.crt', ERR.akid]]],
    ['D7 fake host', { ...DEFAULT }, [['fake_host.crt', ERR.akid]]],
    ['D8 keys/host.pem.crt', { ...DEFAULT }, [['keys/host.pem.crt', ERR.akid]]],
    ['D9 pvattest host.pem.crt', { ...DEFAULT }, [['../../../pvattest/tests/assets/host.pem.crt', ERR.signature]]],
    ['D13 extra HKD in certs', { ...DEFAULT, certs: ['ibm.crt', 'inter_ca.crt', 'host.crt'] }, [['host.crt', 'Ok']]],
    ['D15 CRL not yet valid', { ...DEFAULT, crls: ['ibm_outdated_early.crl', 'inter_ca.crl'] }, [['host.crt', ERR.noCrl]]],
    ['D16 CRL expired', { ...DEFAULT, crls: ['ibm_outdated_late.crl', 'inter_ca.crl'] }, [['host.crt', ERR.noCrl]]],
    ['D17 forged CRL only', { ...DEFAULT, crls: ['ibm_invalid_hash.crl', 'inter_ca.crl'] }, [['host.crt', ERR.noCrl]]],
    ['D18 forged CRL ignored', { ...DEFAULT, crls: ['ibm.crl', 'ibm_invalid_hash.crl', 'inter_ca.crl'] }, [['host.crt', 'Ok'], ['host_rev.crt', ERR.revoked]]],
    ['D19 no Poughkeepsie→Armonk fallback', { ...DEFAULT, crls: ['ibm_armonk.crl', 'inter_ca.crl'] }, [['host.crt', ERR.noCrl]]],
    ['D20 downloaded CRL accepted without name check', { ...DEFAULT, crls: [], mode: 'on-mock' }, [['host_armonk.crt', 'Ok'], ['host_rev.crt', ERR.revoked]]],
    ['D26 genuine root CRL under the rogue file name', { ...DEFAULT, root: 'root_ca.crt', crls: ['ibm.crl', 'inter_ca.crl', 'fake_root_ca_valid.crl'] }, [['host.crt', 'Ok']]],
    ['D27 root CRL as CRL file', { ...DEFAULT, root: 'root_ca.crt', crls: ['ibm.crl', 'inter_ca.crl', 'root_ca.crl'] }, [['host.crt', 'Ok']]],
    ['D29 rogue hierarchy', { certs: ['fake_ibm.crt'], crls: ['fake_root_ca.crl', 'fake_ibm.crl'], root: 'fake_root_ca.crt' }, [['fake_host.crt', 'Ok'], ['host.crt', ERR.akid]]],
    ['D30 DER variants', { ...DEFAULT, certs: ['der.crt', 'inter_ca.crt'], crls: ['der.crl', 'inter_ca.crl'] }, [['host.crt', 'Ok'], ['host_rev.crt', ERR.revoked]]],
    ['D31 chained files', { ...DEFAULT, certs: ['ibm.chained.crt', 'inter_ca.chained.crt'], crls: [] }, [['host.crt', 'Ok'], ['host_rev.crt', ERR.revoked]]],
    ['D33 unrelated CRLs', { ...DEFAULT, crls: ['ibm.crl', 'inter_ca.crl', 'ibm_wrong_subject.crl', 'fake_inter_ca.crl', 'fake_ibm.crl'] }, [['host.crt', 'Ok'], ['host_rev.crt', ERR.revoked]]],
    ['D34 only the rogue signing-key CRL', { ...DEFAULT, crls: ['fake_ibm.crl', 'inter_ca.crl'] }, [['host.crt', ERR.noCrl]]],
  ];
  for (const [name, setup, hkds] of hkdCases) {
    it(name, async () => {
      expect(await construct(setup)).toBe('Ok');
      for (const [hkd, expected] of hkds) expect([hkd, await verify(setup, hkd)]).toEqual([hkd, expected]);
    });
  }

  const constructionCases: [string, Setup, Outcome][] = [
    ['D10 expired signing key', { ...DEFAULT, certs: ['ibm_expired.crt', 'inter_ca.crt'] }, chainErr(10, 0)],
    ['D11 wrong subject', { ...DEFAULT, certs: ['ibm_wrong_subject.crt', 'inter_ca.crt'] }, ERR.noKey],
    ['D12 Poughkeepsie and Armonk keys', { ...DEFAULT, certs: ['ibm.crt', 'ibm_armonk.crt', 'inter_ca.crt'] }, ERR.manyKeys],
    ['D14 revoked key without intermediate CRL', { ...DEFAULT, certs: ['ibm_rev.crt', 'inter_ca.crt'], crls: ['ibm.crl'] }, chainErr(3, 0)],
    ['D21 expired intermediate CRL', { ...DEFAULT, crls: ['ibm.crl', 'inter_ca.invalid_date.crl'] }, chainErr(12, 0)],
    ['D22 expired and valid intermediate CRL', { ...DEFAULT, crls: ['ibm.crl', 'inter_ca.invalid_date.crl', 'inter_ca.crl'] }, 'Ok'],
    ['D23 intermediate-named CRL by the root key', { ...DEFAULT, crls: ['ibm.crl', 'inter_ca.invalid_signer.crl'] }, chainErr(3, 0)],
    ['D24 wrong-signer and valid intermediate CRL', { ...DEFAULT, crls: ['ibm.crl', 'inter_ca.invalid_signer.crl', 'inter_ca.crl'] }, 'Ok'],
    // OpenSSL-specific (EXPECTED.md marks it so): pvkit copies OpenSSL's CRL choice, so it gives 8 too.
    ['D25 wrong-issuer CRL alone', { ...DEFAULT, crls: ['ibm.crl', 'ibm_wrong_issuer.crl'] }, chainErr(8, 0)],
    ['D25 wrong-issuer CRL with inter_ca.crl', { ...DEFAULT, crls: ['ibm.crl', 'ibm_wrong_issuer.crl', 'inter_ca.crl'] }, chainErr(8, 0)],
    ['D28 rogue root CRL', { ...DEFAULT, root: 'root_ca.crt', crls: ['ibm.crl', 'inter_ca.crl', 'fake_root_ca.crl'] }, chainErr(3, 1)],
    ['D32 chained files, root without CRL', { certs: ['ibm.chained.crt', 'inter_ca.chained.crt'], root: 'root_ca.crt' }, chainErr(3, 1)],
    ['D35 rogue intermediate CRL only', { ...DEFAULT, crls: ['ibm.crl', 'fake_inter_ca.crl'] }, chainErr(3, 0)],
  ];
  for (const [name, setup, expected] of constructionCases) {
    it(name, async () => {
      expect(await construct(setup)).toEqual(expected);
    });
  }
});

describe.skipIf(!haveShared)(`EXPECTED.md §1.6 pinned verification times${haveShared ? '' : ` (${sharedSkipReason})`}`, () => {
  const rows: [string, Outcome, Outcome?, Outcome?, Outcome?][] = [
    ['2023-01-01T00:00:00Z', chainErr(11, 0)],
    ['2024-03-15T00:00:00Z', chainErr(9, 2)],
    ['2024-03-21T14:52:38Z', 'Ok', ERR.before, ERR.before, ERR.after],
    ['2024-03-21T14:52:39Z', 'Ok', 'Ok', ERR.revoked, ERR.after],
    ['2025-01-01T00:00:00Z', 'Ok', 'Ok', ERR.revoked, ERR.after],
    ['2388-12-23T14:52:36Z', 'Ok', 'Ok', ERR.revoked, ERR.after],
    ['2388-12-23T14:52:38Z', chainErr(10, 2)],
    ['2389-01-01T00:00:00Z', chainErr(12, 0)],
  ];
  for (const [time, construction, ...hkds] of rows) {
    it(`at ${time}`, async () => {
      const setup = { ...DEFAULT, at: new Date(time) };
      expect(await construct(setup)).toEqual(construction);
      const names = ['host.crt', 'host_rev.crt', 'host_crt_expired.crt'];
      for (let i = 0; i < hkds.length; i++) expect([names[i], await verify(setup, names[i]!)]).toEqual([names[i], hkds[i]]);
    });
  }
});
