/**
 * `pvkit keygen host`: a TEST host key pair (EC P-521, SE-FORMAT §2.4) and a self-signed
 * host-key document for it, for building images with `pvkit create --no-verify -k`, the way
 * CoreOS and Kata pipelines fake one by hand today. The private key lets pvkit's emulated
 * Ultravisor open the key slot. Such a document can never pass verification (it is not signed by
 * an IBM Z signing key); use `testPki.ts` for documents that should.
 */
import { addDays, certificatePem, generateHostKey, privateKeyPem, randomSerial, wholeSeconds } from './testCertificates.js';
import { KeyUsageFlags, KeyUsagesExtension, SubjectKeyIdentifierExtension, type X509Certificate, X509CertificateGenerator } from './x509.js';

export const DEFAULT_TEST_HOST_SUBJECT = 'pvkit TEST host key (not for production)';

export interface TestHostKey {
  /** PKCS#8 PEM private key. */
  readonly privateKeyPem: string;
  /** The self-signed host-key document, PEM. */
  readonly certificatePem: string;
  readonly certificate: X509Certificate;
}

export async function generateTestHostKey(opts: { subject?: string; at?: Date } = {}): Promise<TestHostKey> {
  const at = wholeSeconds(opts.at ?? new Date());
  const { keys, signingAlgorithm } = await generateHostKey();
  const certificate = await X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: [{ CN: [opts.subject ?? DEFAULT_TEST_HOST_SUBJECT] }],
    notBefore: addDays(at, -1),
    notAfter: addDays(at, 3650),
    keys,
    signingAlgorithm,
    extensions: [
      new KeyUsagesExtension(KeyUsageFlags.keyAgreement | KeyUsageFlags.digitalSignature, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { privateKeyPem: await privateKeyPem(keys.privateKey), certificatePem: certificatePem(certificate), certificate };
}
