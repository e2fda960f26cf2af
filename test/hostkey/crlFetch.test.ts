/**
 * CRL download (SE-FORMAT §7.6 step 2): http(s) only, timeout, size limit, clear reasons. The
 * server is a loopback one started by the test; nothing leaves the machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { createHttpCrlFetcher, downloadCrls } from '../../src/hostkey/crlFetch.js';
import { loadCertificate } from '../../src/hostkey/certificateFiles.js';
import { generateTestPki } from '../../src/hostkey/testPki.js';
import { PemConverter } from '../../src/hostkey/x509.js';

let server: Server;
let base: string;
const CRL_BODY = Buffer.from('-----BEGIN X509 CRL-----\n');
let crlPem = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ibm.crl') return void res.end(crlPem);
    if (req.url === '/moved') return void res.writeHead(302, { location: '/ibm.crl' }).end();
    if (req.url === '/big') return void res.end(Buffer.alloc(4096, 0x41));
    if (req.url === '/slow') return; // never answers
    if (req.url === '/garbage') return void res.end(CRL_BODY);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('http CRL fetcher', () => {
  const fetcher = createHttpCrlFetcher({ timeoutMs: 300, maxBytes: 2048 });

  it('refuses anything but http(s) without touching the network', async () => {
    for (const url of ['ibm.crl', 'file:///etc/passwd', 'ftp://example.com/x.crl', 'ldap://x/y']) {
      await expect(fetcher(url)).rejects.toMatchObject({ code: 'HKD_CRL_DOWNLOAD', message: `CRL download from ${url} failed: not an http:// or https:// URL` });
    }
  });

  it('downloads, follows redirects, and gives clear reasons for status, size and timeout', async () => {
    crlPem = 'hello';
    expect(Buffer.from(await fetcher(`${base}/moved`)).toString()).toBe('hello');
    await expect(fetcher(`${base}/nothing`)).rejects.toThrow(`CRL download from ${base}/nothing failed: HTTP status 404`);
    await expect(fetcher(`${base}/big`)).rejects.toThrow('larger than 2048 bytes');
    await expect(fetcher(`${base}/slow`)).rejects.toThrow('no answer within 0.3 s');
  });

  it('downloadCrls takes the first distribution point that yields a CRL and notes the failures', async () => {
    const pki = await generateTestPki({ caKeyType: 'ec', crlUrlBase: `${base}/` });
    crlPem = pki.files.find((f) => f.name === 'ibm.crl')!.contents;
    const host = loadCertificate(new Uint8Array(PemConverter.decodeFirst(pki.files.find((f) => f.name === 'host.crt')!.contents)), 'host.crt');
    const notes: string[] = [];
    const crls = await downloadCrls(host, fetcher, notes);
    expect(crls.map((c) => c.source)).toEqual([`${base}/ibm.crl`]);
    expect(notes).toEqual([]);
    const ibm = loadCertificate(new Uint8Array(PemConverter.decodeFirst(pki.files.find((f) => f.name === 'ibm.crt')!.contents)), 'ibm.crt');
    expect(await downloadCrls(ibm, fetcher, notes)).toEqual([]);
    expect(notes).toEqual([`CRL download from ${base}/inter_ca.crl failed: HTTP status 404`]);
    const garbage = await downloadCrls(host, async () => new Uint8Array(readFileSync(new URL(import.meta.url))), notes);
    expect(garbage).toEqual([]);
    expect(notes.at(-1)).toBe(`${base}/ibm.crl: no CRL in the downloaded data`);
  });
});
