/**
 * PEM text (RFC 7468): the typed base64 blocks between `-----BEGIN X-----` and `-----END X-----`.
 * Kept free of the X.509 library so that reading a host-key document stays cheap.
 */

export interface PemBlock {
  readonly type: string;
  readonly der: Uint8Array;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** PEM blocks of `data` in order, or undefined when it is not PEM text (e.g. DER). */
export function pemBlocks(data: Uint8Array): PemBlock[] | undefined {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
  if (!text.includes('-----BEGIN ')) return undefined;
  const blocks: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK)) {
    // RFC 1421-style headers ("Proc-Type: ...") precede a blank line; they carry no DER.
    const body = m[2]!.includes(':') ? m[2]!.slice(m[2]!.search(/\r?\n\r?\n/) + 1) : m[2]!;
    if (!/^[A-Za-z0-9+/=\s]*$/.test(body)) return undefined;
    blocks.push({ type: m[1]!, der: new Uint8Array(Buffer.from(body.replace(/\s+/g, ''), 'base64')) });
  }
  return blocks;
}
