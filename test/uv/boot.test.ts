/**
 * Booting Secure Execution images end to end on the emulated Ultravisor (UV-SIE-NOTES §2.3,
 * SE-FORMAT §8.1): images made by the project's builder for the TEST host keys run the image's own
 * stage3a, go through DIAG 308 8/10, the KVM-PV facade and the Ultravisor, then stage3b and the
 * sample kernel, whose console output (command line, initrd address, size and CRC-32) is checked
 * against values computed here.
 */
import { describe, expect, test } from 'vitest';
import { bootImage } from '../../src/machine/secureMachine.js';
import { PCF_FLAGS, DEFAULT_PCF, flagMask } from '../../src/format/controlFlags.js';
import { buildTestImage, CMDLINE, crc32, hostKey, RAMDISK, type TestImage } from './support.js';

const MAX = 50_000_000;

function expectKernelOutput(console: string, img: TestImage, withRamdisk: boolean, withCmdline: boolean): void {
  expect(console).toContain('pvkit sample kernel\n');
  expect(console).toContain(`cmdline: ${withCmdline ? CMDLINE : ''}\n`);
  if (withRamdisk) {
    const rd = img.created.components.find((c) => c.kind === 'ramdisk')!;
    const crc = crc32(RAMDISK).toString(16).padStart(8, '0');
    expect(console).toContain(`initrd: start=0x${rd.addr.toString(16).padStart(16, '0')} size=${RAMDISK.length} crc32=${crc}\n`);
  } else expect(console).toContain('initrd: none\n');
}

describe('boot on the emulated Ultravisor', async () => {
  const key1 = await hostKey(1);
  const key2 = await hostKey(2);
  const full = await buildTestImage();

  test('round trip: stage3a → UV → stage3b → sample kernel, ends in the disabled wait at 0', () => {
    const t0 = performance.now();
    const r = bootImage(full.bytes, { hostKeys: [key1], maxInstructions: MAX });
    const ms = performance.now() - t0;
    console.log(`boot: ${r.instructions} instructions in ${ms.toFixed(0)} ms`);
    expect(r.stop).toBe('disabled-wait');
    expect(r.psw).toEqual({ mask: 0x0002000180000000n, addr: 0n });
    expect(r.secure).toBe(true);
    expectKernelOutput(r.console, full, true, true);
    // The UV call transcript of a successful boot (UV-SIE-NOTES §2.3 step 5–6).
    const pages = full.created.components.reduce((n, c) => n + c.preparedSize / 4096, 0);
    expect(r.uvCalls.map((c) => c.cmd)).toEqual([0x100, 0x120, 0x300, ...Array<number>(pages).fill(0x301), 0x302, 0x330, 0x330]);
    expect(r.uvCalls.every((c) => c.rc === 1)).toBe(true);
  });

  test('two key slots: boots with either host private key', async () => {
    const two = await buildTestImage({ hosts: [1, 2] });
    for (const k of [key1, key2]) {
      const r = bootImage(two.bytes, { hostKeys: [k], maxInstructions: MAX });
      expect(r.psw.addr).toBe(0n);
      expectKernelOutput(r.console, two, true, true);
    }
  });

  test('PCF bit 35 (components stored unencrypted) boots', async () => {
    const plain = await buildTestImage({ pcf: DEFAULT_PCF | flagMask(PCF_FLAGS.noImageDecryption) });
    const r = bootImage(plain.bytes, { hostKeys: [key1], maxInstructions: MAX });
    expect(r.psw.addr).toBe(0n);
    expectKernelOutput(r.console, plain, true, true);
  });

  test('no ramdisk, no command line', async () => {
    const bare = await buildTestImage({ ramdisk: false, cmdline: false });
    const r = bootImage(bare.bytes, { hostKeys: [key1], maxInstructions: MAX });
    expect(r.psw.addr).toBe(0n);
    expectKernelOutput(r.console, bare, false, false);
  });
});
