/**
 * pvkit-built test images ([R] layout, SE-FORMAT §4.2) made with the project's `createImage` and
 * pvkit's own loaders, with pinned header/XTS keys and freshly generated host keys whose private
 * halves the verifier can use as the Ultravisor would.
 */
import { createHash, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createImage, type CreatedImage } from '../../../src/build/createImage.js';
import { generateKeyPair, hostKeyHash } from '../../../src/crypto/p521.js';
import type { HostPrivateKey } from '../../../src/image/hostKeyInput.js';

export interface BuiltImage {
  path: string;
  bytes: Uint8Array;
  created: CreatedImage;
  headerKey: Uint8Array;
  xtsKey: Uint8Array;
  hosts: HostPrivateKey[];
  kernel: string;
  initrd: string | undefined;
  parmfile: string | undefined;
  dir: string;
}

function bytesFrom(seed: string, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let block = createHash('sha256').update(seed).digest();
  for (let i = 0; i < n; i += 32) {
    out.set(block.subarray(0, Math.min(32, n - i)), i);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

/** A raw s390x kernel stand-in that passes the §3.4 checks: `S390EP` at 0x10008, max cmdline 0 (= 896). */
export function testKernel(size: number, seed = 'kernel'): Uint8Array {
  const k = bytesFrom(seed, size);
  k.set(Buffer.from('S390EP', 'latin1'), 0x10008);
  k.fill(0, 0x10430, 0x10438);
  k[0] = 0; // not ELF
  return k;
}

export function hostKeys(n: number): HostPrivateKey[] {
  return Array.from({ length: n }, (_, i) => {
    const pair = generateKeyPair();
    return { file: `host${i + 1}`, privateKey: pair.privateKey, publicKey: pair.publicKey, phkh: hostKeyHash(pair.publicKey) };
  });
}

export async function buildTestImage(opts: {
  name: string;
  hosts: number;
  kernelSize?: number;
  initrdSize?: number | undefined;
  cmdline?: string | undefined;
  pcf?: bigint;
  scf?: bigint;
  cck?: boolean;
}): Promise<BuiltImage> {
  const dir = mkdtempSync(join(tmpdir(), `pvkit-${opts.name}-`));
  const kernel = join(dir, 'kernel.bin');
  writeFileSync(kernel, testKernel(opts.kernelSize ?? 0x11234, `${opts.name} kernel`));
  let initrd: string | undefined;
  if (opts.initrdSize !== undefined) {
    initrd = join(dir, 'initrd.bin');
    writeFileSync(initrd, bytesFrom(`${opts.name} initrd`, opts.initrdSize));
  }
  let parmfile: string | undefined;
  if (opts.cmdline !== undefined) {
    parmfile = join(dir, 'parmfile');
    writeFileSync(parmfile, opts.cmdline);
  }
  const headerKey = bytesFrom(`${opts.name} header key`, 32);
  const xtsKey = bytesFrom(`${opts.name} xts key`, 64);
  const hosts = hostKeys(opts.hosts);
  const path = join(dir, 'se.img');
  const created = await createImage({
    kernel,
    ramdisk: initrd,
    parmfile,
    output: path,
    hostKeys: hosts.map((h) => h.publicKey),
    ...(opts.pcf !== undefined ? { pcf: opts.pcf } : {}),
    ...(opts.scf !== undefined ? { scf: opts.scf } : {}),
    pinned: { headerKey, xtsKey, ...(opts.cck ? { cck: bytesFrom('cck', 32) } : {}) },
  });
  return { path, bytes: new Uint8Array(readFileSync(path)), created, headerKey, xtsKey, hosts, kernel, initrd, parmfile, dir };
}

/** Write a host private key as PKCS#8 PEM (what `--host-key` reads). */
export function writeHostKeyPem(path: string, host: HostPrivateKey): string {
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
  const key = createPrivateKey({
    key: { kty: 'EC', crv: 'P-521', d: b64(host.privateKey), x: b64(host.publicKey.subarray(1, 67)), y: b64(host.publicKey.subarray(67)) },
    format: 'jwk',
  });
  writeFileSync(path, key.export({ format: 'pem', type: 'pkcs8' }));
  return path;
}
