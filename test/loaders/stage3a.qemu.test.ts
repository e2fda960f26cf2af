/**
 * pvkit's stage3a under QEMU TCG, which has no unpack facility (UV-SIE-NOTES §7.1): stage3a must
 * patch the IPIB (SE-FORMAT §4.6 step 3), bring up the SCLP console, find facility 161 missing,
 * say so and stop in a disabled wait with code 0x4607.
 */
import { describe, expect, it } from 'vitest';
import { loadLoaderTemplates } from '../../src/loaders/loaderFiles.js';
import { FAKE_HEADER_SIZE, IPIB_PV_HDR_ADDR_OFFSET, stage3aImage } from './support/images.js';
import { haveQemuSystem, qemuSkipReason, runQemuKernel } from '../support/qemu.js';

const DISABLED_WAIT_64 = 0x0002000180000000n;
const haveQemu = haveQemuSystem();

/** Boots IMAGE, reads the IPIB's pv_hdr_addr and pv_hdr_size after the stop; console with LF line ends. */
async function boot(image: Uint8Array, peekAt: number) {
  const run = await runQemuKernel(image, { timeoutMs: 20_000, readMemory: [{ addr: peekAt, count: 2 }] });
  expect(run.exitStatus, run.stderr).toBe(0);
  return { ...run, console: run.console.replaceAll('\r\n', '\n') };
}

describe.skipIf(!haveQemu)(`stage3a under QEMU${haveQemu ? '' : ` (${qemuSkipReason})`}`, () => {
  const { stage3a } = loadLoaderTemplates();

  it('reports the missing unpack facility and stops with 0x4607 after patching the IPIB', async () => {
    const { image, ipibAddr, hdrAddr } = stage3aImage(stage3a);
    const peekAt = ipibAddr + IPIB_PV_HDR_ADDR_OFFSET;
    const run = await boot(image, peekAt);

    expect(run.timedOut).toBe(false);
    expect(run.console).toContain('unpack facility not available');
    expect(run.console).toBe(
      'pvkit stage3a: error: unpack facility not available (facility 161): ' +
        'this machine cannot run Secure Execution guests\n',
    );
    expect(run.reason).toBe('disabled-wait');
    expect(run.psw).toEqual({ mask: DISABLED_WAIT_64, addr: 0x4607n });
    // The file's IPIB had pv_hdr_addr = pv_hdr_size = 0; stage3a filled them in.
    expect(run.memory.get(peekAt)).toEqual([BigInt(hdrAddr), BigInt(FAKE_HEADER_SIZE)]);
  });

  it('follows the parameter block to a pvimg-style layout (header at 0x14000, IPIB after the components)', async () => {
    // SE-FORMAT §4.2: [R] pvimg puts the header at 0x14000 and the IPIB on the page after stage3b.
    const { image, ipibAddr, hdrAddr } = stage3aImage(stage3a, { hdrAddr: 0x14000, ipibAddr: 0x7f000 });
    const peekAt = ipibAddr + IPIB_PV_HDR_ADDR_OFFSET;
    const run = await boot(image, peekAt);
    expect(run.console).toContain('unpack facility not available');
    expect(run.psw).toEqual({ mask: DISABLED_WAIT_64, addr: 0x4607n });
    expect(run.memory.get(peekAt)).toEqual([BigInt(hdrAddr), BigInt(FAKE_HEADER_SIZE)]);
  });

  it('refuses an unpatched template (zero parameter block) with 0x4608 and leaves the IPIB alone', async () => {
    const { image, ipibAddr } = stage3aImage(stage3a, { patchArgs: false });
    const peekAt = ipibAddr + IPIB_PV_HDR_ADDR_OFFSET;
    const run = await boot(image, peekAt);

    expect(run.console).toMatch(/^pvkit stage3a: error: parameter block not set \(hdr_offs=0x0 hdr_size=0x0 ipib_offs=0x0\)\n$/);
    expect(run.psw).toEqual({ mask: DISABLED_WAIT_64, addr: 0x4608n });
    expect(run.memory.get(peekAt)).toEqual([0n, 0n]);
  });
});
