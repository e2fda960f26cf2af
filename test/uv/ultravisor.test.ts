/**
 * The Ultravisor and the KVM-PV facade without a CPU run: UV-call mechanics (UV-SIE-NOTES §1.1–§1.3:
 * exact UVCB length, invalid command, handles, state order), UNPACK's page rules, the backup-host-key
 * rule of SE-FORMAT §8.2 row 6, and a complete unpack of a builder-made image whose decrypted pages
 * must equal the builder's inputs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Storage } from '../../src/cpu/storage.js';
import type { Cpu } from '../../src/cpu/cpu.js';
import { DEFAULT_PCF, msb0 } from '../../src/format/controlFlags.js';
import { parseIpib } from '../../src/format/ipib.js';
import { HostMemory } from '../../src/uv/hostMemory.js';
import { KvmPv } from '../../src/uv/kvmPv.js';
import { SUPPORTED_PCF, SUPPORTED_SCF_BEFORE_Z17, setSecConfParams } from '../../src/uv/setSecConfParams.js';
import { Ultravisor } from '../../src/uv/ultravisor.js';
import { makeUvcb, uvcbNoData, uvcbResult, uvcbUnpack, UVC_CMD_VERIFY_IMG, UVC_CMD_UNPACK_IMG } from '../../src/uv/uvcb.js';
import { buildTestImage, hostKey, RAMDISK, SAMPLE_KERNEL } from './support.js';

const caps = { supportedPcf: SUPPORTED_PCF, supportedScf: SUPPORTED_SCF_BEFORE_Z17 };

describe('Ultravisor', async () => {
  const key1 = await hostKey(1);
  const key2 = await hostKey(2);
  const img = await buildTestImage();

  function setup(memory = 0x100_0000) {
    const storage = new Storage(memory);
    const hostMemory = new HostMemory();
    const uv = new Ultravisor({ hostKeys: [key1], capabilities: caps, storage, cpus: [{} as Cpu], hostMemory });
    return { storage, uv, kvm: new KvmPv(uv, hostMemory, memory, 1) };
  }

  test('UV-call mechanics: length, command, handle, state', () => {
    const { uv, kvm } = setup();
    const short = makeUvcb(uvcbNoData, UVC_CMD_VERIFY_IMG, {});
    short[1] = short[1]! - 8; // len − 8
    expect(uv.call(short)).toBe(1);
    expect(uvcbResult(short)).toEqual({ rc: 0x0005, rrc: 0 });
    const unknown = makeUvcb(uvcbNoData, 0x0abc, {});
    uv.call(unknown);
    expect(uvcbResult(unknown).rc).toBe(0x0002);
    const noConf = makeUvcb(uvcbNoData, UVC_CMD_VERIFY_IMG, { handle: 1n });
    uv.call(noConf);
    expect(uvcbResult(noConf).rc).toBe(0x0020);
    expect(kvm.enable()).toEqual({ rc: 1, rrc: 0 });
    expect(kvm.enable().rc).toBe(0); // KVM refuses a second enable itself
    // UNPACK and VERIFY before the header was set: invalid state.
    expect(kvm.unpack(0x20000n, 0x1000n, 0n)).toEqual({ rc: 0x0003, rrc: 0 });
    expect(kvm.verify()).toEqual({ rc: 0x0003, rrc: 0 });
    expect(kvm.unpack(0x20800n, 0x1000n, 0n).rc).toBe(0); // KVM: not page aligned → EINVAL
    expect(kvm.disable()).toEqual({ rc: 1, rrc: 0 });
    expect(uv.state).toBeUndefined();
  });

  test('a builder-made image unpacks to its inputs and verifies; page rules', () => {
    const { storage, uv, kvm } = setup();
    storage.writeBytes(0, img.bytes);
    const ipib = parseIpib(img.bytes, img.created.layout.ipibAddr);
    expect(kvm.enable().rc).toBe(1);
    // With a configuration, a hypervisor read of a non-secure page is still fine.
    const header = storage.readBytes(img.created.layout.headerAddr, img.created.header.length);
    expect(kvm.setSecParms(header)).toEqual({ rc: 1, rrc: 0 });
    for (const c of ipib.components) expect(kvm.unpack(c.addr, c.len, c.tweakPref)).toEqual({ rc: 1, rrc: 0 });
    const kernelAddr = Number(ipib.components[0]!.addr);
    // A page cannot be unpacked twice; the page is secure now.
    const again = makeUvcb(uvcbUnpack, UVC_CMD_UNPACK_IMG, { guest_handle: 0x5e0_0001n, gaddr: BigInt(kernelAddr), tweak0: 0n, tweak1: 0n });
    expect(uv.call(again)).toBe(1);
    expect(uvcbResult(again).rc).toBe(0x0107);
    expect(uv.isSecure(kernelAddr)).toBe(true);
    expect(() => storage.read8(kernelAddr)).toThrow(/secure guest storage/);
    expect(kvm.verify()).toEqual({ rc: 1, rrc: 0 });
    // Decrypted in place: the kernel and initrd bytes the builder was given.
    const kernel = new Uint8Array(readFileSync(SAMPLE_KERNEL));
    expect(storage.bytes.subarray(kernelAddr, kernelAddr + kernel.length)).toEqual(kernel);
    const rd = Number(ipib.components[1]!.addr);
    expect(storage.bytes.subarray(rd, rd + RAMDISK.length)).toEqual(RAMDISK);
    expect(uv.state).toBe('verified');
  });

  test('unpacking out of order breaks the digests (TLD/ALD/PLD are order-sensitive)', () => {
    const { storage, kvm } = setup();
    storage.writeBytes(0, img.bytes);
    const ipib = parseIpib(img.bytes, img.created.layout.ipibAddr);
    kvm.enable();
    kvm.setSecParms(storage.readBytes(img.created.layout.headerAddr, img.created.header.length));
    for (const c of [...ipib.components].reverse()) kvm.unpack(c.addr, c.len, c.tweakPref);
    expect(kvm.verify()).toEqual({ rc: 0x0102, rrc: 0x001a });
  });

  test('backup host keys (SE-FORMAT §8.2 row 6): only with PCF bit 62', async () => {
    const forKey2 = (await buildTestImage({ hosts: [2] })).created.header;
    const forKey2Backup = (await buildTestImage({ hosts: [2], pcf: DEFAULT_PCF | msb0(62) })).created.header;
    expect(setSecConfParams(forKey2, [key1, key2], caps).result).toEqual({ rc: 0x0108, rrc: 0x0005 });
    const ok = setSecConfParams(forKey2Backup, [key1, key2], caps);
    expect(ok.result).toEqual({ rc: 1, rrc: 0 });
    expect(ok.opened?.xtsKey.length).toBe(64);
    expect(setSecConfParams(forKey2Backup, [key1], caps).result).toEqual({ rc: 0x0108, rrc: 0x0034 });
    // The primary key always works, whatever PCF says.
    expect(setSecConfParams(forKey2Backup, [key2], caps).result).toEqual({ rc: 1, rrc: 0 });
  });

  test('checks run in the order of SE-FORMAT §8.2: with two faults the earlier row reports', () => {
    const h0 = img.created.header;
    const v = (h: Uint8Array) => new DataView(h.buffer, h.byteOffset, h.byteLength);
    const faults: Record<string, (h: Uint8Array) => void> = {
      version: (h) => v(h).setUint32(8, 0x200),
      sehs: (h) => v(h).setUint32(12, h.length + 16),
      nks: (h) => v(h).setBigUint64(0x20, 0n),
      sea: (h) => v(h).setBigUint64(0x28, 144n),
      pcf: (h) => v(h).setBigUint64(0x38, 1n << 63n),
      phkh: (h) => h.fill(0, 0x1a0, 0x1c0),
      customer: (h) => h.fill(0, 0x40, 0xe0),
      tag: (h) => void (h[h.length - 1]! ^= 1),
    };
    const expected: Record<string, [number, number]> = {
      version: [0x0104, 0x0001],
      sehs: [0x010a, 0x0031],
      nks: [0x010a, 0x0040],
      sea: [0x010a, 0x0039],
      pcf: [0x0106, 0x0030],
      phkh: [0x0108, 0x0005],
      customer: [0x0108, 0x000b],
      tag: [0x010a, 0x0041],
    };
    const names = Object.keys(faults);
    for (let i = 0; i < names.length; i++) {
      for (let j = i; j < names.length; j++) {
        const h = h0.slice();
        if (j !== i) faults[names[j]!]!(h);
        faults[names[i]!]!(h);
        const [rc, rrc] = expected[names[i]!]!;
        expect(setSecConfParams(h, [key1], caps).result, `${names[i]} + ${names[j]}`).toEqual({ rc, rrc });
      }
    }
  });

  test('a key slot whose wrapped key was altered → 0x0108 / [inf] 0x0006; truncated header → 0x010A / 0x0031', () => {
    const h = img.created.header.slice();
    h[0x1a0 + 40]! ^= 1; // inside slot 0's wrpk
    expect(setSecConfParams(h, [key1], caps).result).toEqual({ rc: 0x0108, rrc: 0x0006 });
    expect(setSecConfParams(img.created.header.subarray(0, 200), [key1], caps).result).toEqual({ rc: 0x010a, rrc: 0x0031 });
    expect(setSecConfParams(new Uint8Array(8), [key1], caps).result).toEqual({ rc: 0x010a, rrc: 0x0031 });
  });
});
