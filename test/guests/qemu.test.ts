/**
 * Every test guest under QEMU (the oracle, UV-SIE-NOTES §7.1 B / §7.3): console bytes and final
 * disabled-wait PSW must be what the guest's own logic predicts (test/guests/catalog.ts). This proves
 * the guests and the QEMU harness before the same guests are used to judge `pvkit run`.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveQemuSystem, qemuSkipReason, runQemuKernel } from '../support/qemu.js';
import { EXIT_MASK, guestPath, guests, readGuest, sampleKernelOutput, SAMPLE_KERNEL_MAX_CMDLINE } from './catalog.js';

if (!haveQemuSystem()) console.warn(qemuSkipReason);

describe.skipIf(!haveQemuSystem())('guests under qemu-system-s390x', () => {
  for (const g of guests) {
    it(`${g.name}: ${g.about}`, async () => {
      const want = g.expect();
      const run = await runQemuKernel(guestPath(g.name), { timeoutMs: g.timeoutMs });
      expect(run.timedOut, `QEMU timed out: ${run.argv.join(' ')}`).toBe(false);
      if (typeof want.console === 'string') expect(run.console).toBe(want.console);
      else want.console(run.console, readGuest(g.name));
      if (want.lineModeConsole !== undefined) expect(run.lineModeConsole).toBe(want.lineModeConsole);
      expect(run.psw).toEqual({ mask: EXIT_MASK, addr: want.exitCode });
    });
  }

  it('sample-kernel: QEMU -append/-initrd fill COMMAND_LINE and INITRD_START/SIZE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvkit-guest-'));
    try {
      const initrd = new Uint8Array(3000).map((_, i) => (i * 7 + 3) & 0xff);
      writeFileSync(join(dir, 'initrd'), initrd);
      const cmdline = 'root=/dev/ram0 pvkit.demo=1 quiet';
      const run = await runQemuKernel(guestPath('sample-kernel'), { timeoutMs: 10_000, append: cmdline, initrd: join(dir, 'initrd') });
      // QEMU loads the initrd at 0x800000 (hw/s390x/ipl.c INITRD_START) for a kernel this small.
      expect(run.console).toBe(sampleKernelOutput(cmdline, { start: 0x800000n, data: initrd }));
      expect(run.psw).toEqual({ mask: EXIT_MASK, addr: 0n });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sample-kernel: boots from the memory state stage3b leaves (SE-FORMAT §4.7)', async () => {
    // stage3b: first 64 KiB of the kernel file dropped (here: zeroed, so no IPL PSW either), the
    // kernel component's leftover bytes behind the moved image (here: 0xa5 garbage over .bss and the
    // stack), command line at 0x10480 (QEMU -append writes the same), initrd start/size recorded at
    // 0x10408/0x10410 with the initrd left where it was.
    const kernel = readGuest('sample-kernel');
    const initrd = new Uint8Array(5000).map((_, i) => (i * 31 + 7) & 0xff);
    const initrdAt = 0x40000;
    const mem = new Uint8Array(initrdAt + initrd.length);
    mem.set(kernel.subarray(0x10000), 0x10000);
    mem.fill(0xa5, kernel.length, initrdAt);
    mem.set(initrd, initrdAt);
    const view = new DataView(mem.buffer);
    view.setBigUint64(0x10408, BigInt(initrdAt));
    view.setBigUint64(0x10410, BigInt(initrd.length));
    const cmdline = 'console=ttysclp0 pvkit.stage3b=1';
    const dir = mkdtempSync(join(tmpdir(), 'pvkit-guest-'));
    try {
      writeFileSync(join(dir, 'moved-kernel'), mem);
      const run = await runQemuKernel(join(dir, 'moved-kernel'), { timeoutMs: 10_000, append: cmdline });
      expect(run.console).toBe(sampleKernelOutput(cmdline, { start: BigInt(initrdAt), data: initrd }));
      expect(run.psw).toEqual({ mask: EXIT_MASK, addr: 0n });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sample-kernel image layout (SE-FORMAT §4.4, §4.7, §4.8)', () => {
  const img = readGuest('sample-kernel');
  const view = new DataView(img.buffer, img.byteOffset, img.byteLength);

  it('is at least 64 KiB with a short PSW at 0 pointing to 0x10000', () => {
    expect(img.length).toBeGreaterThanOrEqual(0x10000);
    expect(view.getBigUint64(0)).toBe(0x0008000180010000n);
  });

  it('has "S390EP" at 0x10008 and the max command-line size at 0x10430', () => {
    expect(Buffer.from(img.subarray(0x10008, 0x1000e)).toString('latin1')).toBe('S390EP');
    expect(view.getBigUint64(0x10430)).toBe(SAMPLE_KERNEL_MAX_CMDLINE);
  });

  it('keeps PARMAREA and COMMAND_LINE free of code and data', () => {
    // 0x10400-0x107ff is written by stage3b, and COMMAND_LINE spans max-size bytes from 0x10480.
    const end = 0x10480 + Number(SAMPLE_KERNEL_MAX_CMDLINE);
    for (let off = 0x10400; off < end; off++) {
      if (off >= 0x10430 && off < 0x10438) continue;
      if (img[off] !== 0) throw new Error(`byte at 0x${off.toString(16)} is 0x${img[off]!.toString(16)}, expected 0`);
    }
  });

  it('needs nothing below 0x10000 but the IPL PSW', () => {
    // stage3b drops the first 64 KiB of the kernel file (SE-FORMAT §4.7).
    expect(img.subarray(8, 0x10000).every((b) => b === 0)).toBe(true);
  });
});
