/**
 * stage3a's DIAG 308 paths under QEMU. TCG has no unpack facility, so these runs use
 * stage3a_fakeuv.bin: the same sources built with PVKIT_FAKE_UV (test/loaders/build.sh), where the
 * facility answer and the DIAG 308 result words come from a table at 0x8000 in the image.
 * Checks the decoding of the subcode-10 result word (SE-FORMAT §8.1 step 3) into the messages of
 * §8.4 and the stop code 0x4608, and that subcode 8 receives the IPIB address.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stage3aImage } from './support/images.js';
import { haveQemuSystem, qemuSkipReason, runQemuKernel } from '../support/qemu.js';

const FAKE_UV_TABLE = 0x8000;
const DISABLED_WAIT_64 = 0x0002000180000000n;
const haveQemu = haveQemuSystem();
const fakeuv = new Uint8Array(readFileSync(fileURLToPath(new URL('stage3a_fakeuv.bin', import.meta.url))));

async function boot(facility: boolean, rc8: bigint, rc10: bigint) {
  const built = stage3aImage(fakeuv);
  const view = new DataView(built.image.buffer);
  view.setBigUint64(FAKE_UV_TABLE, facility ? 1n : 0n);
  view.setBigUint64(FAKE_UV_TABLE + 8, rc8);
  view.setBigUint64(FAKE_UV_TABLE + 16, rc10);
  const qemu = await runQemuKernel(built.image, { timeoutMs: 20_000, readMemory: [{ addr: FAKE_UV_TABLE + 24, count: 1 }] });
  expect(qemu.exitStatus, qemu.stderr).toBe(0);
  expect(qemu.timedOut).toBe(false);
  // The loaders end their lines with CR LF on the SCLP ASCII console.
  const run = { ...qemu, console: qemu.console.replaceAll('\r\n', '\n') };
  return { ...built, run, ipibSeen: run.memory.get(FAKE_UV_TABLE + 24)?.[0] };
}

/** The result word of a failed subcode 10: cmd ‖ rrc ‖ rc ‖ diag_rc (§8.1 step 3). */
const word = (cmd: number, rrc: number, rc: number, diagRc = 0x0a02) =>
  (BigInt(cmd) << 48n) | (BigInt(rrc) << 32n) | (BigInt(rc) << 16n) | BigInt(diagRc);

const PREFIX = 'pvkit stage3a: ';
const hex4 = (x: number) => `0x${x.toString(16).padStart(4, '0')}`;

// [cmd, rc, rrc, what stage3a must say] — the pairs of SE-FORMAT §8.4 (and §8.5's tamper list).
const cases: [number, number, number, string][] = [
  [4, 0x0102, 0x001a, 'address list digest (ALD) of the image does not match the SE header'],
  [4, 0x0102, 0x001b, 'page list digest (PLD) of the image does not match the SE header'],
  [4, 0x0102, 0x001c, 'tweak list digest (TLD) of the image does not match the SE header'],
  [4, 0x0102, 0x001d, 'number of encrypted pages does not match the SE header'],
  [2, 0x0104, 0x0001, 'SE header version is not supported by this machine'],
  [2, 0x0106, 0x0030, 'SE header sets a plaintext control flag (PCF) this machine does not support'],
  [2, 0x0108, 0x0005, "no key slot of the SE header is for this machine's host key"],
  [2, 0x0108, 0x000b, 'customer ECDH public key in the SE header is invalid'],
  [2, 0x0108, 0x0034, 'backup host-key hash does not match this machine'],
  [2, 0x0108, 0x0077, 'the image was not prepared for this host'],
  [2, 0x0109, 0x0000, 'SE header sets a secret control flag (SCF) this machine does not support'],
  [2, 0x010a, 0x0031, 'SE header size does not match the size given in the IPIB'],
  [2, 0x010a, 0x0039, 'SE header encrypted-area size is invalid'],
  [2, 0x010a, 0x0040, 'SE header has no key slots'],
  [3, 0x0107, 0x0002, 'the Ultravisor rejected the image'],
];
const cmdName: Record<number, string> = { 2: 'KVM_PV_SET_SEC_PARMS', 3: 'KVM_PV_UNPACK', 4: 'KVM_PV_VERIFY' };

describe.skipIf(!haveQemu)(`stage3a DIAG 308 paths (fake-UV build) under QEMU${haveQemu ? '' : ` (${qemuSkipReason})`}`, () => {
  const labelled = cases.map(([cmd, rc, rrc, text]) => [`cmd ${cmd} rc ${hex4(rc)} rrc ${hex4(rrc)}`, cmd, rc, rrc, text] as const);
  it.each(labelled)('%s', async (_label, cmd, rc, rrc, text) => {
    const { run, ipibAddr, ipibSeen } = await boot(true, 1n, word(cmd, rrc, rc));
    expect(ipibSeen).toBe(BigInt(ipibAddr));
    expect(run.console).toBe(
      `${PREFIX}error: entering secure mode failed: ${text}\n` +
        `${PREFIX}diag_rc=0x0a02 cmd=${cmdName[cmd]} rc=${hex4(rc)} rrc=${hex4(rrc)}\n`,
    );
    expect(run.psw).toEqual({ mask: DISABLED_WAIT_64, addr: 0x4608n });
  });

  it('names an unknown pv_cmd UNKNOWN', async () => {
    const { run } = await boot(true, 1n, word(9, 0x0005, 0x0108));
    expect(run.console).toContain(`${PREFIX}diag_rc=0x0a02 cmd=UNKNOWN rc=0x0108 rrc=0x0005\n`);
  });

  it('reports an old hypervisor that returns a bare 0x0a02', async () => {
    const { run } = await boot(true, 1n, 0x0a02n);
    expect(run.console).toBe(
      `${PREFIX}error: entering secure mode failed: the hypervisor could not enter secure mode (no Ultravisor details)\n` +
        `${PREFIX}diag_rc=0x0a02 cmd=UNKNOWN rc=0x0000 rrc=0x0000\n`,
    );
  });

  it('reports 0x0902 (no PV IPIB stored) from subcode 10', async () => {
    const { run } = await boot(true, 1n, 0x0902n);
    expect(run.console).toContain('the hypervisor has no protected-virtualization IPL parameter block');
    expect(run.psw?.addr).toBe(0x4608n);
  });

  it('stops with 0x4608 when subcode 8 does not answer 0x0001', async () => {
    const { run, ipibAddr } = await boot(true, 0x0402n, 0n);
    expect(run.console).toBe(
      `${PREFIX}error: DIAG 308 subcode 8 (set PV IPIB at 0x${ipibAddr.toString(16)}) failed: response code 0x0402\n`,
    );
    expect(run.psw).toEqual({ mask: DISABLED_WAIT_64, addr: 0x4608n });
  });

  it('does not issue DIAG 308 without the facility', async () => {
    const { run, ipibSeen } = await boot(false, 1n, 0n);
    expect(run.console).toContain('unpack facility not available');
    expect(run.psw?.addr).toBe(0x4607n);
    expect(ipibSeen).toBe(0n);
  });
});
