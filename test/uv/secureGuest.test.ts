/**
 * Instructions the hypervisor sees from a guest running in secure mode (UV-SIE-NOTES §3 right
 * column, §5.1, §6): an assembled test kernel inside a real SE image (stage3a → UV → stage3b →
 * kernel) prints through the SIDA, sends an SCCB that crosses a page (response 0x0100 without
 * running the command), and issues DIAG 308 subcodes that a protected guest may not use.
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createImage } from '../../src/build/createImage.js';
import { readHostKeyDocument } from '../../src/hostkey/hostKeyDocument.js';
import { bootImage } from '../../src/machine/secureMachine.js';
import { assemble, haveCross } from '../cpu/toolchain.js';
import { GUEST_RUNTIME } from '../machine/fixtures.js';
import { HKD, hostKey } from './support.js';

/** The machine tests' runtime, moved to the kernel entry 0x10000 (stage3b drops the first 64 KiB). */
const KERNEL_RUNTIME = GUEST_RUNTIME.replace('.org 0x2000', '.org 0x10000').replace('0x80002000', '0x80010000');

describe.skipIf(!haveCross)('a kernel in secure mode', async () => {
  const key1 = await hostKey(1);
  const hkd = (await readHostKeyDocument(HKD[0]!)).publicKey;

  async function bootKernel(main: string) {
    const { image } = assemble(`${KERNEL_RUNTIME}\nmain:\n stmg %r14,%r15,112(%r15)\n aghi %r15,-160\n${main}\n lmg %r14,%r15,272(%r15)\n br %r14\n`, {
      disassemble: false,
    });
    const dir = mkdtempSync(join(tmpdir(), 'pvkit-uvk-'));
    try {
      writeFileSync(join(dir, 'kernel'), image);
      await createImage({ kernel: join(dir, 'kernel'), output: join(dir, 'se.img'), hostKeys: [hkd], componentCheck: false });
      return bootImage(new Uint8Array(readFileSync(join(dir, 'se.img'))), { hostKeys: [key1], maxInstructions: 20_000_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test('console through the SIDA; an SCCB crossing a page gets response 0x0100', async () => {
    const r = await bootKernel(String.raw`
        larl    %r2, msg
        brasl   %r14, print
        larl    %r2, cross
        mvhhi   0(%r2), 32
        iilf    %r1, 0x00760005
        bras    %r14, sclp_call
        larl    %r2, cross
        llgh    %r2, 6(%r2)
        j       9f
msg:    .asciz "hello from the secure guest\n"
        .balign 4096
        .space  4096 - 16
cross:  .space  32
9:`);
    expect(r.secure).toBe(true);
    expect(r.console).toContain('hello from the secure guest\n');
    expect(r.psw.addr).toBe(0x0100n);
  });

  test('DIAG 308 subcode 8 in secure mode: specification exception', async () => {
    const r = await bootKernel(' lghi %r0,0\n lghi %r3,8\n diag %r0,%r3,0x308');
    expect(r.secure).toBe(true);
    expect(r.psw.addr).toBe(0xdead0006n);
  });

  test('DIAG 308 subcode 1 in secure mode: the UV loads the short PSW at the (zero) absolute 0 → check-stop', async () => {
    const r = await bootKernel(' lghi %r3,1\n diag %r0,%r3,0x308');
    expect(r.stop).toBe('check-stop');
    expect(r.detail).toMatch(/short PSW/);
  });
});
