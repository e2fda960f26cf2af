/**
 * Host keys as the inspect/verify commands take them (SE-FORMAT §2.4): the public key of a host-key
 * document (first certificate of a PEM or DER file, no chain verification, as `pvimg test -k` does
 * §7.4), or a host private key (pvkit `--host-key`, to open a header as the Ultravisor would, §8.2).
 * Host-key documents are read by the project's host-key-document module; only the subject key is used.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { hostKeyHash, type P521KeyPair, parsePrivateKey } from '../crypto/p521.js';
import { readHostKeyDocument } from '../hostkey/hostKeyDocument.js';

export interface HostPublicKey {
  readonly file: string;
  /** Uncompressed P-521 point. */
  readonly publicKey: Uint8Array;
  readonly phkh: Uint8Array;
}

export interface HostPrivateKey extends HostPublicKey {
  readonly privateKey: Uint8Array;
}

/**
 * The subject public key of the first certificate in a host-key document (PEM or DER), read by the
 * project's host-key-document module; no chain verification here (as `pvimg test -k`, §7.4).
 */
export async function readHostKeyDocumentKey(path: string, warn?: (message: string) => void): Promise<HostPublicKey> {
  const hkd = await readHostKeyDocument(path, warn ? { warn } : {});
  return { file: path, publicKey: hkd.publicKey, phkh: hostKeyHash(hkd.publicKey) };
}

/** A host private key (PEM/DER PKCS#8 or SEC1 PEM) with its public key and phkh. */
export async function readHostPrivateKey(path: string): Promise<HostPrivateKey> {
  const pair: P521KeyPair = parsePrivateKey(new Uint8Array(await readFile(path)), path);
  return { file: path, privateKey: pair.privateKey, publicKey: pair.publicKey, phkh: hostKeyHash(pair.publicKey) };
}

/** A 32-byte key file (header protection key, §1.6) or 64-byte XTS key (§3.1). */
export async function readKeyFile(path: string, size: number, what: string): Promise<Uint8Array> {
  const data = new Uint8Array(await readFile(path));
  if (data.length !== size) throw new InputError(`${what} must be exactly ${size} bytes, got ${data.length}`, { file: path });
  return data;
}
