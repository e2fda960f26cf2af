/**
 * Downloading CRLs from the distribution points named in certificates (SE-FORMAT §7.6 step 2).
 *
 * Only done when not offline. The fetcher is injectable so that tests never touch the network; the
 * default one accepts only http:// and https:// URLs, follows redirects, gives up after 3 s and
 * refuses bodies over 1 MiB (the limits of IBM's C tool). A failed download is not an error by
 * itself (IBM's tools go on without that CRL); its reason is kept as a note so that a later
 * "no CRL" refusal can say why.
 */
import { PvkitError } from '../errors.js';
import { type LoadedCertificate, type LoadedCrl, parseCrls } from './certificateFiles.js';
import { CRLDistributionPointsExtension } from './x509.js';

/** Resolves to the bytes served at `url` (PEM or DER CRLs), or rejects with a reason. */
export type CrlFetcher = (url: string) => Promise<Uint8Array>;

export const CRL_DOWNLOAD_TIMEOUT_MS = 3000;
export const CRL_DOWNLOAD_MAX_BYTES = 1024 * 1024;

export class CrlDownloadError extends PvkitError {
  constructor(url: string, reason: string, cause?: unknown) {
    super('HKD_CRL_DOWNLOAD', `CRL download from ${url} failed: ${reason}`, { cause });
  }
}

/** The network fetcher: http(s) only, timeout, size limit. */
export function createHttpCrlFetcher(opts: { timeoutMs?: number; maxBytes?: number } = {}): CrlFetcher {
  const timeoutMs = opts.timeoutMs ?? CRL_DOWNLOAD_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? CRL_DOWNLOAD_MAX_BYTES;
  return async (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new CrlDownloadError(url, 'not an http:// or https:// URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new CrlDownloadError(url, 'not an http:// or https:// URL');
    let res: Response;
    try {
      res = await fetch(parsed, {
        redirect: 'follow',
        signal: AbortSignal.timeout(timeoutMs),
        headers: { 'user-agent': 'pvkit-crl' },
      });
    } catch (e) {
      const name = (e as Error).name;
      throw new CrlDownloadError(url, name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : String((e as Error).cause ?? e), e);
    }
    if (!res.ok) throw new CrlDownloadError(url, `HTTP status ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) throw new CrlDownloadError(url, `larger than ${maxBytes} bytes`);
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = res.body?.getReader();
    try {
      while (reader) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > maxBytes) {
          await reader.cancel();
          throw new CrlDownloadError(url, `larger than ${maxBytes} bytes`);
        }
        chunks.push(value);
      }
    } catch (e) {
      if (e instanceof CrlDownloadError) throw e;
      const name = (e as Error).name;
      throw new CrlDownloadError(url, name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : String(e), e);
    }
    const out = new Uint8Array(total);
    let off = 0;
    for (const c of chunks) {
      out.set(c, off);
      off += c.byteLength;
    }
    return out;
  };
}

/** The URIs of the certificate's CRL distribution points, in order. */
export function crlDistributionPoints(cert: LoadedCertificate): string[] {
  const ext = cert.cert.getExtension(CRLDistributionPointsExtension);
  if (ext === null) return [];
  const uris: string[] = [];
  for (const dp of ext.distributionPoints) {
    for (const gn of dp.distributionPoint?.fullName ?? []) {
      if (gn.uniformResourceIdentifier !== undefined) uris.push(gn.uniformResourceIdentifier);
    }
  }
  return uris;
}

/**
 * The CRLs of the first distribution point of `cert` that yields any. Failures are appended to
 * `notes` and otherwise ignored.
 */
export async function downloadCrls(cert: LoadedCertificate, fetcher: CrlFetcher, notes: string[]): Promise<LoadedCrl[]> {
  for (const uri of crlDistributionPoints(cert)) {
    try {
      const crls = parseCrls(await fetcher(uri), uri);
      if (crls.length > 0) return crls;
      notes.push(`${uri}: no CRL in the downloaded data`);
    } catch (e) {
      notes.push(e instanceof CrlDownloadError ? e.message : `${uri}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return [];
}
