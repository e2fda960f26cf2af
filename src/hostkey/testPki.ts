/**
 * `pvkit keygen pki`: a complete fake IBM-shaped host-key hierarchy for users' CI and pvkit's own
 * tests (SE-FORMAT §7.6): root CA → intermediate CA → IBM Z signing key (IBM's subject shape,
 * Poughkeepsie) → host-key documents, the CRL of each CA and of the signing key, and broken
 * variants that IBM's rules must refuse. Every validity window is fixed relative to the time `at`,
 * so a verification pinned to `at` (`pvkit verify-hkd --at`) always gives the same answers.
 *
 * Windows (days relative to `at`): CAs and signing key −30…+3650; good HKDs −1…+1825; CRLs
 * thisUpdate −1, nextUpdate +3650; the expired HKD −730…−365; the not-yet-valid HKD +365…+2190;
 * the expired signing key −730…−365.
 *
 * The CRL distribution points are bare file names (as in IBM's test assets) unless a base URL is
 * given, so verification is meant to run `--offline` with the CRL files, or against a web server
 * that serves this directory at that URL.
 */
import type { webcrypto } from 'node:crypto';
import {
  type CaKeyType,
  type GeneratedKey,
  TEST_KEYS_WARNING,
  addDays,
  certificatePem,
  crlPem,
  generateCaKey,
  generateHostKey,
  ibmName,
  privateKeyPem,
  randomSerial,
  wholeSeconds,
} from './testCertificates.js';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  type Extension,
  type JsonName,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  type X509Certificate,
  X509CertificateGenerator,
  X509CrlGenerator,
} from './x509.js';
import type { HostKeyVerificationCode } from './verificationError.js';

export interface TestPkiOptions {
  /** Reference time of every validity window; default now. */
  readonly at?: Date;
  /** Key type of the CAs and the signing key; default RSA (IBM's). */
  readonly caKeyType?: CaKeyType;
  /** RSA modulus length; default 4096 (IBM's). */
  readonly rsaBits?: number;
  /** Prefix for the CRL distribution-point URIs, e.g. `http://127.0.0.1:8080/`; default none. */
  readonly crlUrlBase?: string;
}

export interface TestPkiFile {
  readonly name: string;
  readonly contents: string;
  /** Private keys: to be written with mode 0600 and never printed. */
  readonly secret: boolean;
  readonly description: string;
}

/** What verifying each generated host-key document must give (with the standard setup). */
export interface TestPkiExpectation {
  readonly hkd: string;
  readonly expected: 'ok' | HostKeyVerificationCode;
}

export interface TestPki {
  readonly at: Date;
  readonly files: readonly TestPkiFile[];
  readonly expectations: readonly TestPkiExpectation[];
}

/** The files a standard verification of this hierarchy uses (see README.txt in the output). */
export const TEST_PKI_SETUP = {
  rootCa: 'root_ca.crt',
  certs: ['ibm.crt', 'inter_ca.crt'],
  crls: ['root_ca.crl', 'inter_ca.crl', 'ibm.crl'],
} as const;

const LOC_ARMONK = 'Armonk';
const LOC_POUGHKEEPSIE = 'Poughkeepsie';
const ROOT_NAME = ibmName(LOC_ARMONK, 'pvkit TEST Root CA');
const INTER_NAME = ibmName(LOC_ARMONK, 'pvkit TEST Intermediate CA');
const SIGNING_NAME = ibmName(LOC_POUGHKEEPSIE, 'IBM Z Host Key Signing Service');
/** A signing-service-like name that is not the signing key's. */
const OTHER_SIGNING_NAME = ibmName(LOC_POUGHKEEPSIE, 'pvkit TEST Other Key Signing Service');
const HOST_NAME = (unit: string): JsonName => ibmName(LOC_ARMONK, unit);

interface Issuer {
  readonly name: JsonName;
  readonly key: GeneratedKey;
  readonly crlName: string;
}

export async function generateTestPki(opts: TestPkiOptions = {}): Promise<TestPki> {
  const at = wholeSeconds(opts.at ?? new Date());
  const caKeyType = opts.caKeyType ?? 'rsa';
  const rsaBits = opts.rsaBits ?? 4096;
  const dp = (crl: string): Extension => new CRLDistributionPointsExtension([`${opts.crlUrlBase ?? ''}${crl}`]);
  const files: TestPkiFile[] = [];
  const expectations: TestPkiExpectation[] = [];
  const addCert = (name: string, cert: X509Certificate, description: string) => files.push({ name, contents: certificatePem(cert), secret: false, description });
  const addKey = async (name: string, key: webcrypto.CryptoKey, description: string) =>
    files.push({ name, contents: await privateKeyPem(key), secret: true, description });

  const [rootKey, interKey, signingKey, rogueKey] = await Promise.all([
    generateCaKey(caKeyType, rsaBits),
    generateCaKey(caKeyType, rsaBits),
    generateCaKey(caKeyType, rsaBits),
    // The rogue signer is ECDSA whatever the hierarchy uses, so both signature families get exercised.
    generateCaKey('ec'),
  ]);
  const root: Issuer = { name: ROOT_NAME, key: rootKey, crlName: 'root_ca.crl' };
  const inter: Issuer = { name: INTER_NAME, key: interKey, crlName: 'inter_ca.crl' };
  const signing: Issuer = { name: SIGNING_NAME, key: signingKey, crlName: 'ibm.crl' };

  const issue = async (p: {
    subject: JsonName;
    issuer: Issuer;
    issuerName?: JsonName;
    publicKey: webcrypto.CryptoKey;
    from: number;
    to: number;
    extensions: Extension[];
    akid?: boolean;
    serial?: string;
  }): Promise<X509Certificate> => {
    const extensions = [...p.extensions, await SubjectKeyIdentifierExtension.create(p.publicKey)];
    if (p.akid !== false) extensions.push(await AuthorityKeyIdentifierExtension.create(p.issuer.key.keys.publicKey));
    return X509CertificateGenerator.create({
      serialNumber: p.serial ?? randomSerial(),
      subject: p.subject,
      issuer: p.issuerName ?? p.issuer.name,
      notBefore: addDays(at, p.from),
      notAfter: addDays(at, p.to),
      publicKey: p.publicKey,
      signingKey: p.issuer.key.keys.privateKey,
      signingAlgorithm: p.issuer.key.signingAlgorithm,
      extensions,
    });
  };
  const caExtensions = (crl?: string): Extension[] => [
    new BasicConstraintsExtension(true, undefined, true),
    new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
    ...(crl ? [dp(crl)] : []),
  ];
  const signingExtensions = (): Extension[] => [
    new BasicConstraintsExtension(false, undefined, true),
    new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
    new ExtendedKeyUsageExtension([ExtendedKeyUsage.codeSigning]),
    dp(inter.crlName),
  ];
  const hkdExtensions = (): Extension[] => [new KeyUsagesExtension(KeyUsageFlags.keyAgreement, true), dp(signing.crlName)];

  // The chain.
  const rootCert = await issue({ subject: ROOT_NAME, issuer: root, publicKey: rootKey.keys.publicKey, from: -30, to: 3650, extensions: caExtensions() });
  addCert('root_ca.crt', rootCert, 'test root CA (give it with --root-ca)');
  await addKey('root_ca.key', rootKey.keys.privateKey, 'private key of the test root CA');
  const interCert = await issue({ subject: INTER_NAME, issuer: root, publicKey: interKey.keys.publicKey, from: -30, to: 3650, extensions: caExtensions(root.crlName) });
  addCert('inter_ca.crt', interCert, 'test intermediate CA');
  await addKey('inter_ca.key', interKey.keys.privateKey, 'private key of the test intermediate CA');
  const ibmCert = await issue({ subject: SIGNING_NAME, issuer: inter, publicKey: signingKey.keys.publicKey, from: -30, to: 3650, extensions: signingExtensions() });
  addCert('ibm.crt', ibmCert, 'IBM Z signing key (IBM subject shape, Poughkeepsie), signed by the intermediate CA');
  await addKey('ibm.key', signingKey.keys.privateKey, 'private key of the signing key: sign more test host-key documents with it');
  const ibmRevoked = await issue({ subject: SIGNING_NAME, issuer: inter, publicKey: signingKey.keys.publicKey, from: -30, to: 3650, extensions: signingExtensions() });
  addCert('ibm_revoked.crt', ibmRevoked, 'signing key (same key) revoked in inter_ca.crl: chain X509 error 23');
  const ibmExpired = await issue({ subject: SIGNING_NAME, issuer: inter, publicKey: signingKey.keys.publicKey, from: -730, to: -365, extensions: signingExtensions() });
  addCert('ibm_expired.crt', ibmExpired, 'expired signing key (same key): chain X509 error 10');

  // Host-key documents.
  const host = await generateHostKey();
  const host2 = await generateHostKey();
  const hkd = async (name: string, expected: TestPkiExpectation['expected'], description: string, p: Partial<Parameters<typeof issue>[0]> = {}) => {
    const cert = await issue({ subject: HOST_NAME('pvkit TEST Host Key'), issuer: signing, publicKey: host.keys.publicKey, from: -1, to: 1825, extensions: hkdExtensions(), ...p });
    addCert(name, cert, `${description} → ${expected === 'ok' ? 'verifies' : expected}`);
    expectations.push({ hkd: name, expected });
    return cert;
  };
  await hkd('host.crt', 'ok', 'good host-key document (key host.key)');
  await addKey('host.key', host.keys.privateKey, 'P-521 host private key of host.crt and of every broken variant');
  await hkd('host2.crt', 'ok', 'second good host-key document (key host2.key)', { subject: HOST_NAME('pvkit TEST Host Key 2'), publicKey: host2.keys.publicKey });
  await addKey('host2.key', host2.keys.privateKey, 'P-521 host private key of host2.crt');
  const revokedHkd = await hkd('host_revoked.crt', 'HKD_REVOKED', 'host-key document listed in ibm.crl');
  await hkd('host_expired.crt', 'HKD_EXPIRED', 'expired host-key document', { from: -730, to: -365 });
  await hkd('host_not_yet_valid.crt', 'HKD_NOT_YET_VALID', 'host-key document valid only from a year after --at', { from: 365, to: 2190 });
  const rogue: Issuer = { name: SIGNING_NAME, key: rogueKey, crlName: 'ibm.crl' };
  await hkd('host_wrong_signer.crt', 'HKD_AKID', "signed by another key under the signing key's name; its AKID names that key", { issuer: rogue });
  await hkd('host_forged.crt', 'HKD_SIGNATURE', "signed by another key under the signing key's name, without AKID", { issuer: rogue, akid: false });
  await hkd('host_wrong_issuer.crt', 'HKD_ISSUER_MISMATCH', 'signed by the signing key but naming another issuer', { issuerName: OTHER_SIGNING_NAME });

  // CRLs.
  const crl = async (issuer: Issuer, revoked: string[]) =>
    crlPem(
      await X509CrlGenerator.create({
        issuer: issuer.name,
        thisUpdate: addDays(at, -1),
        nextUpdate: addDays(at, 3650),
        entries: revoked.map((serialNumber) => ({ serialNumber, revocationDate: addDays(at, -1) })),
        signingAlgorithm: issuer.key.signingAlgorithm,
        signingKey: issuer.key.keys.privateKey,
        extensions: [await AuthorityKeyIdentifierExtension.create(issuer.key.keys.publicKey)],
      }),
    );
  files.push({ name: 'root_ca.crl', contents: await crl(root, []), secret: false, description: 'CRL of the root CA' });
  files.push({ name: 'inter_ca.crl', contents: await crl(inter, [ibmRevoked.serialNumber]), secret: false, description: 'CRL of the intermediate CA (revokes ibm_revoked.crt)' });
  files.push({ name: 'ibm.crl', contents: await crl(signing, [revokedHkd.serialNumber]), secret: false, description: 'CRL of the signing key (revokes host_revoked.crt)' });

  files.push({ name: 'README.txt', contents: readme(at, files, expectations), secret: false, description: 'what these files are' });
  return { at, files, expectations };
}

function readme(at: Date, files: readonly TestPkiFile[], expectations: readonly TestPkiExpectation[]): string {
  const when = at.toISOString().replace('.000Z', 'Z');
  const lines = [
    TEST_KEYS_WARNING,
    '',
    `A fake IBM-shaped host-key hierarchy made by \`pvkit keygen pki --at ${when}\`.`,
    'Its root is a test root: nothing real trusts it, and nothing signed under it can run on IBM Z.',
    '',
    'Files:',
    ...files.map((f) => `  ${f.name.padEnd(24)} ${f.description}`),
    '',
    'Verify (pinned to the reference time, offline):',
    `  pvkit verify-hkd --offline --at ${when} --root-ca ${TEST_PKI_SETUP.rootCa} ` +
      TEST_PKI_SETUP.certs.map((c) => `-C ${c}`).join(' ') +
      ' ' +
      TEST_PKI_SETUP.crls.map((c) => `--crl ${c}`).join(' ') +
      ' -k host.crt',
    '',
    'Expected results with that setup:',
    ...expectations.map((e) => `  ${e.hkd.padEnd(24)} ${e.expected === 'ok' ? 'verified' : e.expected}`),
    `  (without ibm.crl: HKD_NO_CRL; with -C ibm_revoked.crt or -C ibm_expired.crt instead of ibm.crt: HKD_CHAIN_INVALID)`,
    '',
  ];
  return lines.join('\n');
}
