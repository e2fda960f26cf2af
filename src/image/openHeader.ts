/**
 * Open an image's SE header with what the user holds (SE-FORMAT §1.6, §2.2–§2.3): the header
 * protection key (`--hdr-key`), or a host private key (pvkit `--host-key`), tried against the key
 * slots the way the Ultravisor does (§8.2 steps 6–9).
 */
import { CryptoError } from '../errors.js';
import { type OpenedSeHeader, openSeHeader, openSeHeaderWithHostKey } from '../format/seHeader.js';
import type { HostPrivateKey } from './hostKeyInput.js';
import type { SeImage } from './imageReader.js';

export interface OpenedBy extends OpenedSeHeader {
  readonly openedBy: string;
  readonly slotIndex: number | undefined;
}

/** Throws CryptoError (E_AUTH, E_NO_SLOT, E_KEY) naming the image when no given key opens the header. */
export function openImageHeader(image: SeImage, keys: { headerKey?: Uint8Array | undefined; hostKeys?: readonly HostPrivateKey[] }): OpenedBy | undefined {
  if (keys.headerKey) {
    try {
      return { ...openSeHeader(image.header, keys.headerKey), openedBy: 'hdr-key', slotIndex: undefined };
    } catch (e) {
      if (e instanceof CryptoError) throw new CryptoError(e.code as 'E_AUTH', `${e.message} (with --hdr-key)`, { file: image.path, cause: e });
      throw e;
    }
  }
  const hosts = keys.hostKeys ?? [];
  if (hosts.length === 0) return undefined;
  const why: string[] = [];
  for (const host of hosts) {
    try {
      const r = openSeHeaderWithHostKey(image.header, host);
      return { ...r, openedBy: `host-key:${host.file}`, slotIndex: r.slotIndex };
    } catch (e) {
      if (!(e instanceof CryptoError)) throw e;
      why.push(`${host.file}: ${e.message}`);
    }
  }
  throw new CryptoError('E_NO_SLOT', `no given host key opens the SE header (${why.join('; ')})`, { file: image.path });
}
