/**
 * Optional: images built with IBM's own stage3a/stage3b boot on pvkit's emulated Ultravisor.
 * IBM's loaders are never part of this repository (they are IBM code); point PVKIT_IBM_LOADERS at a
 * folder holding `stage3a.bin` and `stage3b_reloc.bin` that you cross-built yourself from s390-tools
 * to run these tests. Without it they skip.
 */
import { describe, expect, it } from 'vitest';
import { bootImage } from '../../src/machine/secureMachine.js';
import { buildTestImage, CMDLINE, crc32, hostKey, RAMDISK } from './support.js';

const dir = process.env['PVKIT_IBM_LOADERS'];

describe.skipIf(!dir)(`IBM loaders from PVKIT_IBM_LOADERS (${dir ?? 'not set: skipped'})`, () => {
  it('IBM stage3a/stage3b unpack the image through DIAG 308 and start the kernel in secure mode', async () => {
    const img = await buildTestImage({ loaderDir: dir! });
    const r = bootImage(img.bytes, { hostKeys: [await hostKey(1)], machine: 'z16' });
    expect(r.secure).toBe(true);
    expect(r.console).toContain('pvkit sample kernel');
    expect(r.console).toContain(`cmdline: ${CMDLINE}`);
    expect(r.console).toContain(`crc32=${crc32(RAMDISK).toString(16).padStart(8, '0')}`);
    expect(r.stop).toBe('disabled-wait');
    expect(r.psw.addr).toBe(0n);
  });

  it("IBM stage3a reports the Ultravisor's refusal of a foreign host key and stops at 0x4608", async () => {
    const img = await buildTestImage({ loaderDir: dir! });
    const r = bootImage(img.bytes, { hostKeys: [await hostKey(2)], machine: 'z16' });
    expect(r.secure).toBe(false);
    expect(r.failure?.result).toEqual({ rc: 0x0108, rrc: 0x0005 });
    expect(r.psw.addr).toBe(0x4608n);
  });
});
