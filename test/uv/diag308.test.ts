/**
 * DIAG 308 subcodes 8/9/10 of the secure hypervisor, driven by small assembled guests (UV-SIE-NOTES
 * §3, SE-FORMAT §8.1): specification exceptions without facility 161 and for bad operands, the
 * response codes 0x0001/0x0102/0x0402/0x0902, subcode 9 storing back exactly the block subcode 8
 * accepted, and subcode 10's packed failure word BE16(cmd) ‖ BE16(rrc) ‖ BE16(rc) ‖ 0x0A02.
 */
import { describe, expect, test } from 'vitest';
import { buildIpib } from '../../src/format/ipib.js';
import type { MachineProfile } from '../../src/machine/facilities.js';
import { SecureMachine } from '../../src/machine/secureMachine.js';
import { assemble, haveCross } from '../cpu/toolchain.js';
import { GUEST_RUNTIME } from '../machine/fixtures.js';
import { hostKey } from './support.js';

const IPIB_AT = 0x82000;
const STORE_AT = 0x84000;

describe.skipIf(!haveCross)('DIAG 308 subcodes 8/9/10', async () => {
  const key1 = await hostKey(1);
  const ipib = buildIpib({
    pvHdrAddr: 0x90000n, // no SE header there: SET_SEC_CONF_PARAMS must refuse it
    pvHdrSize: 640n,
    components: [
      { tweakPref: 0x0028_0000_0000_0001n, addr: 0xa0000n, len: 0x1000n },
      { tweakPref: 0x0046_0000_0000_0001n, addr: 0xa1000n, len: 0x1000n },
    ],
  });

  /** Run `code` as main (result in r2) with the IPIB placed at IPIB_AT. */
  function run(code: string, machine: MachineProfile = 'z16', block: Uint8Array = ipib) {
    const { image } = assemble(`${GUEST_RUNTIME}\nmain:\n${code}\n br %r14\n`, { disassemble: false });
    const mem = new Uint8Array(0xb0000);
    mem.set(image);
    mem.set(block, IPIB_AT);
    const sm = new SecureMachine({ hostKeys: [key1], machine, memoryBytes: 0x100000 });
    sm.ipl(mem);
    expect(sm.run(1_000_000)).toBe('disabled-wait');
    return { result: sm.machine.cpu.psw.addr, sm };
  }
  const diag = (sub: number, addr: number, r1 = 0) => ` llilf %r${r1},0x${addr.toString(16)}\n lghi %r3,${sub}\n diag %r${r1},%r3,0x308\n`;

  test('without facility 161 subcodes 8, 9 and 10 are specification exceptions', () => {
    for (const sub of [8, 9, 10]) expect(run(diag(sub, IPIB_AT), 'z14').result).toBe(0xdead0006n);
  });

  test('bad operands: odd R1, unaligned IPIB → specification; beyond memory → addressing', () => {
    expect(run(diag(8, IPIB_AT, 1)).result).toBe(0xdead0006n);
    expect(run(diag(8, IPIB_AT + 8)).result).toBe(0xdead0006n);
    expect(run(diag(8, 0x100000)).result).toBe(0xdead0005n);
  });

  test('9 and 10 without a stored PV IPIB: 0x0102 and 0x0902', () => {
    expect(run(`${diag(9, STORE_AT)} lgr %r2,%r1`).result).toBe(0x0102n);
    expect(run(`${diag(10, 0)} lgr %r2,%r1`).result).toBe(0x0902n);
  });

  test('8 refuses an invalid block (0x0402): wrong type, tweak prefixes not increasing', () => {
    const wrongType = ipib.slice();
    wrongType[12] = 2;
    expect(run(`${diag(8, IPIB_AT)} lgr %r2,%r1`, 'z16', wrongType).result).toBe(0x0402n);
    const order = ipib.slice();
    order.set(ipib.subarray(136 + 24, 136 + 32), 136); // component 0 gets component 1's prefix
    expect(run(`${diag(8, IPIB_AT)} lgr %r2,%r1`, 'z16', order).result).toBe(0x0402n);
  });

  test('8 stores a valid block (0x0001), 9 writes it back, 10 reports the UV error word', () => {
    const { result, sm } = run(`${diag(8, IPIB_AT)} lgr %r6,%r1\n${diag(9, STORE_AT)} lgr %r7,%r1\n${diag(10, 0)} lgr %r2,%r1`);
    expect(sm.machine.cpu.reg(6)).toBe(0x0001n);
    expect(sm.machine.cpu.reg(7)).toBe(0x0001n);
    expect(sm.guestView(STORE_AT, ipib.length)).toEqual(ipib);
    // No SE header at pv_hdr_addr: KVM_PV_SET_SEC_PARMS (2) fails with rc 0x0104 / rrc 0x0001.
    expect(result).toBe(0x0002_0001_0104_0a02n);
    expect(sm.uv.state).toBeUndefined(); // the configuration was destroyed again
    expect(sm.uv.log.map((c) => c.cmd)).toEqual([0x100, 0x120, 0x300, 0x121, 0x101]);
  });
});
