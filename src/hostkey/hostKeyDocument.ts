/**
 * Host-key documents (HKDs): the X.509 certificates that carry a machine's Ultravisor host key
 * (SE-FORMAT §2.4). The key must be EC on P-521; the builder puts SHA-256 of its X80‖Y80 form
 * into a key slot (§1.3, §1.4), so this module hands out the uncompressed point.
 *
 * A file may be PEM or DER. Only its first certificate is used; a warning names the others.
 * Reading uses node:crypto's X.509 parser only: `create --no-verify` and `test -k` should not pay
 * for the full X.509 library, which verify.ts loads when a chain is actually checked.
 */
import { X509Certificate as NodeX509Certificate } from 'node:crypto';
import { InputError } from '../errors.js';
import { p521PointOf } from '../crypto/p521.js';
import { readInputFile } from './inputFile.js';
import { pemBlocks } from './pem.js';

export interface HostKeyDocument {
  readonly path: string;
  /** DER of the first certificate in the file. */
  readonly der: Uint8Array;
  /** The certificate's subject, one `K=V` per line (node:crypto's rendering). */
  readonly subject: string;
  /** Uncompressed SEC1 P-521 point: 0x04 ‖ X(66) ‖ Y(66) — 133 bytes. */
  readonly publicKey: Uint8Array;
}

/** Length of an uncompressed SEC1 P-521 point. */
export { P521_POINT_SIZE as P521_POINT_LENGTH } from '../crypto/p521.js';

const CERTIFICATE_PEM_TYPES: ReadonlySet<string> = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);

function certificateDers(data: Uint8Array): Uint8Array[] {
  const blocks = pemBlocks(data);
  if (blocks === undefined) return [data];
  return blocks.filter((b) => CERTIFICATE_PEM_TYPES.has(b.type)).map((b) => b.der);
}

/** Build a HostKeyDocument from bytes already read (`path` names them in messages). */
export function parseHostKeyDocument(data: Uint8Array, path: string, opts: { warn?: (msg: string) => void } = {}): HostKeyDocument {
  const ders = certificateDers(data);
  let cert: NodeX509Certificate | undefined;
  try {
    if (ders.length > 0) cert = new NodeX509Certificate(ders[0]!);
  } catch (e) {
    if (ders.length > 1 || ders[0] !== data) {
      throw new InputError('PEM certificate block 1 is not a valid X.509 certificate', { file: path, cause: e });
    }
  }
  if (!cert) throw new InputError('not a host-key document: no X.509 certificate found (expected PEM or DER)', { file: path });
  if (ders.length > 1) opts.warn?.(`${path}: holds ${ders.length} certificates; only the first is used as host-key document`);
  return { path, der: new Uint8Array(cert.raw), subject: cert.subject, publicKey: p521PointOf(cert.publicKey, 'host-key document key', path) };
}

/**
 * Read a host-key document (PEM or DER; first certificate, a warning via opts.warn if several).
 * @throws InputError naming the file when it cannot be read, is not a certificate, or its key is not EC P-521.
 */
export async function readHostKeyDocument(path: string, opts: { warn?: (msg: string) => void } = {}): Promise<HostKeyDocument> {
  return parseHostKeyDocument(await readInputFile(path, 'host-key document'), path, opts);
}
