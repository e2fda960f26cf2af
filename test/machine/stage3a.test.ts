/**
 * pvkit's own stage3a inside a real SE image (built by the project's image builder with the
 * guests' sample kernel) under `pvkit run` on profiles without facility 161: it must print its
 * "unpack facility not available" message and stop in the disabled wait 0x4607, exactly as under
 * QEMU (UV-SIE-NOTES §7.3 oracle C). With facility 161 it goes on to DIAG 308, which the plain
 * machine answers without an Ultravisor.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createImage } from '../../src/build/createImage.js';
import { generateKeyPair } from '../../src/crypto/p521.js';
import { runImage } from '../../src/machine/run.js';
import { haveQemuSystem, runQemuKernel } from '../support/qemu.js';

const kernel = new URL('../guests/sample-kernel.bin', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'pvkit-s3a-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync(kernel))('stage3a on the plain machine', async () => {
  const output = join(dir, 'se.img');
  await createImage({ kernel, output, hostKeys: [generateKeyPair().publicKey], componentCheck: false });
  const image = new Uint8Array(readFileSync(output));

  test.each(['z14', 'qemu'] as const)('profile %s (no facility 161): message and disabled wait 0x4607', (machine) => {
    const r = runImage(image, { machine, maxInstructions: 20_000_000 });
    expect(r.console).toMatch(/unpack facility/i);
    expect(r.stop).toBe('disabled-wait');
    expect(r.psw).toEqual({ mask: 0x0002000180000000n, addr: 0x4607n });
  });

  test('profile z16 (facility 161): stage3a reaches DIAG 308 and reports the failed unpack', () => {
    const r = runImage(image, { machine: 'z16', maxInstructions: 20_000_000 });
    expect(r.console).not.toMatch(/unpack facility/i);
    expect(r.stop).toBe('disabled-wait');
    expect(r.psw.addr).not.toBe(0x4607n);
  });

  test.skipIf(!haveQemuSystem())('identical console and PSW under QEMU', async () => {
    const ours = runImage(image, { machine: 'qemu', maxInstructions: 20_000_000 });
    const q = await runQemuKernel(output, { timeoutMs: 30_000 });
    expect(ours.console).toBe(q.console);
    expect(ours.psw).toEqual(q.psw);
  });
});
