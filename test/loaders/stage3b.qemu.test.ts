/**
 * pvkit's stage3b under QEMU TCG in plain (non-secure) mode, entered straight through the IPL PSW
 * with a filled-in parameter block (SE-FORMAT §4.7), loading the loader test kernel: the kernel
 * reports the command line, the initrd location and CRC-32, and a CRC-32 of the data stage3b moved
 * (all compared with values computed here), then stops with code 0. Also the error paths.
 */
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadLoaderTemplates } from '../../src/loaders/loaderFiles.js';
import { pseudoRandom, stage3bImage, testKernel, type Stage3bImageOptions } from './support/images.js';
import { haveQemuSystem, qemuSkipReason, runQemuKernel, type MemoryRange } from '../support/qemu.js';

const DISABLED_WAIT_64 = 0x0002000180000000n;
const EINTERNAL = 0x4511n;
const hex = (x: number | bigint) => `0x${x.toString(16)}`;
const crcHex = (data: Uint8Array) => `0x${crc32(data).toString(16).padStart(8, '0')}`;
const cstr = (s: string) => new TextEncoder().encode(`${s}\0`);
const haveQemu = haveQemuSystem();

/** Boots IMAGE under QEMU (reading READMEMORY after the stop); console with LF line ends. */
async function runImage(image: Uint8Array, readMemory?: readonly MemoryRange[]) {
  const run = await runQemuKernel(image, { timeoutMs: 20_000, readMemory });
  expect(run.exitStatus, run.stderr).toBe(0);
  return { ...run, console: run.console.replaceAll('\r\n', '\n') };
}

describe.skipIf(!haveQemu)(`stage3b under QEMU${haveQemu ? '' : ` (${qemuSkipReason})`}`, () => {
  const { stage3b } = loadLoaderTemplates();

  async function boot(o: Stage3bImageOptions) {
    const built = stage3bImage(stage3b, o);
    const run = await runImage(built.image);
    expect(run.timedOut).toBe(false);
    return { ...built, run };
  }

  function kernelReport(cmdline: string, initrd: { addr: bigint; data: Uint8Array } | undefined, tail: Uint8Array) {
    const initrdLine = initrd
      ? `start=${hex(initrd.addr)} size=${hex(initrd.data.length)} crc32=${crcHex(initrd.data)}`
      : `start=0x0 size=0x0 crc32=0x00000000`;
    return (
      `test kernel: cmdline=[${cmdline}]\n` +
      `test kernel: initrd ${initrdLine}\n` +
      `test kernel: tail len=${hex(tail.length)} crc32=${crcHex(tail)}\n`
    );
  }

  // Where stage3b sits decides its start-up path (stage3b_head.S): above the stack it copies itself
  // to 0xA000; inside 0x2000..0xEFFF it runs in place; straddling 0xF000 it copies to 0x2000.
  const placements: [string, number | undefined, number | undefined][] = [
    ['after the components, as pvimg places it (copies itself to 0xA000)', undefined, 0xa000],
    ['at 0x3000 (runs in place)', 0x3000, undefined],
    ['at 0xE000, across the stack (copies itself to 0x2000)', 0xe000, 0x2000],
  ];
  for (const [name, stage3bAddr, copyAt] of placements) {
    it(`boots the test kernel with cmdline and initrd: stage3b ${name}`, async () => {
      const { kernel, tail } = testKernel({ tailLength: 0x23456 });
      const initrd = pseudoRandom(0x1801, 7);
      const cmdline = 'root=/dev/ram0 console=ttysclp0 pvkit=yes';
      const built = stage3bImage(stage3b, { kernel, initrd, cmdline: cstr(cmdline), stage3bAddr });
      const run = await runImage(built.image, [0xa000, 0x2000].map((addr) => ({ addr, count: 1 })));
      const { args } = built;
      // The kernel source (0x15000 + 0x10000..) overlaps its destination (0x10000..): memmove.
      expect(args.kernelSrc + 0x10000n).toBeLessThan(0x10000n + args.kernelSize - 0x10000n);
      expect(run.console).toBe(kernelReport(cmdline, { addr: args.initrdSrc, data: initrd }, tail));
      expect(run.psw).toEqual({ mask: DISABLED_WAIT_64, addr: 0n });
      // The copy (if any) is where stage3b_head.S says, and nowhere else.
      const first = new DataView(stage3b.buffer, stage3b.byteOffset).getBigUint64(0);
      for (const addr of [0xa000, 0x2000]) expect(run.memory.get(addr)?.[0] === first).toBe(addr === copyAt);
    });
  }

  it('leaves the parameter area alone without cmdline and initrd', async () => {
    const { kernel, tail } = testKernel({ tailLength: 0x100 });
    const { run } = await boot({ kernel });
    expect(run.console).toBe(kernelReport('', undefined, tail));
    expect(run.psw).toEqual({ mask: DISABLED_WAIT_64, addr: 0n });
  });

  it('accepts a command line of exactly the kernel maximum (default 896 with NUL)', async () => {
    const { kernel, tail } = testKernel();
    const cmdline = 'x'.repeat(895);
    const { run } = await boot({ kernel, cmdline: cstr(cmdline) });
    expect(run.console).toBe(kernelReport(cmdline, undefined, tail));
  });

  it('jumps to the PSW of the parameter block', async () => {
    // Entering the test kernel at 0x11000 (its _start) instead of 0x10000 works as well.
    const { kernel, tail } = testKernel();
    const { run } = await boot({ kernel, args: { pswAddr: 0x11000n } });
    expect(run.console).toBe(kernelReport('', undefined, tail));
    expect(run.psw).toEqual({ mask: DISABLED_WAIT_64, addr: 0n });
  });

  it('reports a program interruption in its handler (kernel PSW pointing at zeros: operation exception)', async () => {
    // 0x8000 holds zeros in this image; opcode 0x00 is invalid → program interruption code 0x0001,
    // old PSW after the 2-byte instruction.
    const { kernel } = testKernel();
    const { run } = await boot({ kernel, args: { pswAddr: 0x8000n } });
    expect(run.console).toBe('pvkit loader: program interruption 0x0001 at 0x8002, stopping\n');
    expect(run.psw).toEqual({ mask: DISABLED_WAIT_64, addr: 0xdead0001n });
  });

  describe('errors: a message and a disabled wait with 0x4511', () => {
    async function expectError(o: Stage3bImageOptions, message: string) {
      const { run } = await boot(o);
      expect(run.console).toBe(`pvkit stage3b: error: ${message}\n`);
      expect(run.psw).toEqual({ mask: DISABLED_WAIT_64, addr: EINTERNAL });
    }

    it('kernel smaller than 64 KiB', async () => {
      const kernel = new Uint8Array(0xffff);
      await expectError({ kernel }, 'kernel is too small (0xffff bytes, at least 0x10000 needed)');
    });

    it('command line longer than the default 896 bytes', async () => {
      const { kernel } = testKernel();
      await expectError(
        { kernel, cmdline: cstr('y'.repeat(896)) },
        'kernel command line is too long (897 bytes with NUL, kernel allows 896)',
      );
    });

    it('command line longer than the maximum the kernel states at 0x10430', async () => {
      const { kernel } = testKernel({ maxCmdline: 64 });
      await expectError(
        { kernel, cmdline: cstr('z'.repeat(64)) },
        'kernel command line is too long (65 bytes with NUL, kernel allows 64)',
      );
    });

    it('command line without its terminating NUL', async () => {
      const { kernel } = testKernel();
      await expectError(
        { kernel, cmdline: new TextEncoder().encode('console=ttysclp0') },
        'kernel command line is not NUL-terminated',
      );
    });

    it('command line inside the range the kernel is moved to', async () => {
      const { kernel } = testKernel();
      await expectError(
        { kernel, cmdline: cstr('a'), args: { cmdlineSrc: 0x18000n } },
        `command line at 0x18000 lies where the kernel is moved (0x10000..${hex(kernel.length - 1)})`,
      );
    });

    it('initrd inside the range the kernel is moved to', async () => {
      const { kernel } = testKernel();
      await expectError(
        { kernel, initrd: new Uint8Array(16), args: { initrdSrc: 0x20000n } },
        `initrd at 0x20000 lies where the kernel is moved (0x10000..${hex(kernel.length - 1)})`,
      );
    });
  });
});
