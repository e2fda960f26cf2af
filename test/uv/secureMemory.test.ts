/**
 * Secure-memory rules of the model (UV-SIE-NOTES §2.3 step 7, §5.1, §6, §8 item 5): once the secure
 * CPU starts, memory that was not unpacked reads as zero (stage3a, the SE header and the IPIB are
 * gone), unpacked pages hold the decrypted components, the hypervisor cannot touch guest storage,
 * SCLP traffic arrives through the SIDA with QEMU's dummy SCCB address 0x4000, and a failed unpack
 * gives the host its pages back cleared.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { bootImage, SecureMachine } from '../../src/machine/secureMachine.js';
import { loadLoaderTemplates } from '../../src/loaders/loaderFiles.js';
import { SecureStorageAccessError } from '../../src/uv/pageOwnership.js';
import { buildTestImage, hostKey, SAMPLE_KERNEL, tamperHeader } from './support.js';

const MAX = 50_000_000;

describe('secure memory', async () => {
  const key1 = await hostKey(1);
  const img = await buildTestImage();
  const { layout, components } = img.created;
  const comp = (kind: string) => components.find((c) => c.kind === kind)!;
  const isZero = (b: Uint8Array) => b.every((x) => x === 0);

  test('at secure start: non-unpacked memory is zero, components are decrypted, the hypervisor is locked out', () => {
    // The plaintext image really had stage3a, header and IPIB there.
    expect(isZero(img.bytes.subarray(0x11000, 0x12000))).toBe(false);
    let checked = false;
    const r = bootImage(img.bytes, {
      hostKeys: [key1],
      maxInstructions: MAX,
      onSecureStart: (sm: SecureMachine) => {
        checked = true;
        expect(sm.uv.state).toBe('running');
        expect(isZero(sm.guestView(0, 0x1000))).toBe(true); // lowcore, short PSW
        expect(isZero(sm.guestView(0x10000, 0x3000))).toBe(true); // stage3a
        expect(isZero(sm.guestView(layout.headerAddr, 0x1000))).toBe(true);
        expect(isZero(sm.guestView(layout.ipibAddr, 0x1000))).toBe(true);
        // Decrypted in place: the kernel's first page and stage3b's code are plaintext again.
        const kernel = new Uint8Array(readFileSync(SAMPLE_KERNEL));
        expect(sm.guestView(comp('kernel').addr, 0x1000)).toEqual(kernel.subarray(0, 0x1000));
        const stage3b = loadLoaderTemplates().stage3b;
        expect(sm.guestView(comp('stage3b').addr, 0x200)).toEqual(stage3b.subarray(0, 0x200));
        // The CPU starts at the PSW sealed in the header: stage3b's address, 64-bit mode.
        expect(sm.machine.cpu.psw).toEqual({ mask: 0x0000000180000000n, addr: BigInt(comp('stage3b').addr) });
        // The hypervisor model may not read or write secure pages (unpacked or not).
        expect(() => sm.machine.storage.read8(comp('stage3b').addr)).toThrow(SecureStorageAccessError);
        expect(() => sm.machine.storage.readBytes(0x11000, 16)).toThrow(SecureStorageAccessError);
        expect(() => sm.machine.storage.write32(0x20000, 1)).toThrow(/secure guest storage at 0x20000/);
      },
    });
    expect(checked).toBe(true);
    expect(r.psw.addr).toBe(0n);
  });

  test('after the boot: SE header and stage3a are gone from guest memory; the last service signal carried 0x4000', () => {
    const sm = new SecureMachine({ hostKeys: [key1] });
    sm.ipl(img.bytes);
    expect(sm.run(MAX)).toBe('disabled-wait');
    // The kernel's stack may now use those pages, but no byte of the SE header survived there.
    const pld = img.created.header.subarray(0xe0, 0x120);
    expect(Buffer.from(sm.guestView(0, img.bytes.length)).indexOf(Buffer.from(pld))).toBe(-1);
    expect(Buffer.from(img.bytes).indexOf(Buffer.from(pld))).toBe(layout.headerAddr + 0xe0);
    // Nor did stage3a: its text is in the image but nowhere in the secure guest's memory.
    const tag = Buffer.from('pvkit stage3a: ', 'latin1');
    expect(Buffer.from(img.bytes).indexOf(tag)).toBeGreaterThan(0x10000);
    expect(Buffer.from(sm.guestView(0, 0x100_0000)).indexOf(tag)).toBe(-1);
    // Lowcore 0x80: external-interruption parameter of the last service signal (UV-SIE-NOTES §5.1).
    expect(sm.guestView(0x80, 4)).toEqual(new Uint8Array([0, 0, 0x40, 0]));
    expect(sm.guestView(0x86, 2)).toEqual(new Uint8Array([0x24, 0x01]));
    expect(() => sm.machine.storage.read64(0x80)).toThrow(SecureStorageAccessError);
  });

  test('a failed VERIFY destroys the configuration: unpacked pages come back cleared, the rest untouched', () => {
    const bad = tamperHeader(img, (h) => h.fill(0, 0x120, 0x128), { reseal: true }); // ALD
    const sm = new SecureMachine({ hostKeys: [key1] });
    sm.ipl(bad);
    expect(sm.run(MAX)).toBe('disabled-wait');
    expect(sm.machine.cpu.psw.addr).toBe(0x4608n);
    expect(sm.uv.state).toBeUndefined();
    // Readable by the hypervisor again; secure contents were cleared, stage3a is still there.
    expect(isZero(sm.machine.storage.readBytes(comp('kernel').addr, 0x1000))).toBe(true);
    expect(sm.machine.storage.readBytes(0x11000, 0x100)).toEqual(bad.subarray(0x11000, 0x11100));
  });
});
