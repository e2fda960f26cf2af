/**
 * The SCLP device directly (UV-SIE-NOTES §5.1): SERVC program checks on bad SCCB addresses,
 * response codes (invalid command, bad mask length, page-boundary violation), the masks Write
 * Event Mask returns, Read SCP Info's memory size, Write Event Data's console text (ASCII and
 * line mode) and the "buffer accepted" flag, and the service-signal parameter.
 */
import { describe, expect, test } from 'vitest';
import { PlainMachine } from '../../src/machine/plainMachine.js';
import { ProgramException } from '../../src/cpu/interruption.js';
import {
  SCLP_CMD_READ_SCP_INFO,
  SCLP_CMD_WRITE_EVENT_DATA,
  SCLP_CMD_WRITE_EVENT_MASK,
  SCLP_RC_INVALID_COMMAND,
  SCLP_RC_INVALID_MASK_LENGTH,
  SCLP_RC_NORMAL_COMPLETION,
  SCLP_RC_NORMAL_READ_COMPLETION,
  SCLP_RC_SCCB_BOUNDARY_VIOLATION,
} from '../../src/machine/sclp.js';

function machine(profile: 'qemu' | 'z16' = 'qemu'): PlainMachine {
  return new PlainMachine({ machine: profile, memoryBytes: 4 << 20 });
}

function call(m: PlainMachine, cmd: number, sccb: number): number | ProgramException {
  try {
    return m.sclp.serviceCall(m.cpu, cmd, sccb);
  } catch (e) {
    if (e instanceof ProgramException) return e;
    throw e;
  }
}

const SCCB = 0x10000;

describe('SCLP', () => {
  test('SCCB address checks: low 8 KiB, misaligned, above 2 GiB → specification; past memory → addressing', () => {
    const m = machine();
    for (const a of [0x1000, 0x10004, 0x8000_0000]) expect((call(m, SCLP_CMD_READ_SCP_INFO, a) as ProgramException).code).toBe(6);
    expect((call(m, SCLP_CMD_READ_SCP_INFO, 0x7fff_0000) as ProgramException).code).toBe(5);
    m.storage.write16(SCCB, 4); // header length below 8
    expect((call(m, SCLP_CMD_READ_SCP_INFO, SCCB) as ProgramException).code).toBe(6);
  });

  test('response codes and the service signal', () => {
    const m = machine();
    m.storage.write16(SCCB, 16);
    expect(call(m, 0x12345678, SCCB)).toBe(0);
    expect(m.storage.read16(SCCB + 6)).toBe(SCLP_RC_INVALID_COMMAND);
    expect(m.cpu.serviceSignalPending).toBe(true);
    expect(m.cpu.serviceSignalParam).toBe(SCCB);
    m.storage.write16(SCCB + 0xff8, 16); // crosses into the next page
    call(m, SCLP_CMD_READ_SCP_INFO, SCCB + 0xff8);
    expect(m.storage.read16(SCCB + 0xff8 + 6)).toBe(SCLP_RC_SCCB_BOUNDARY_VIOLATION);
  });

  test('Read SCP Info reports the memory size in 1 MiB increments', () => {
    const m = machine();
    m.storage.write16(SCCB, 4096);
    call(m, SCLP_CMD_READ_SCP_INFO, SCCB);
    expect(m.storage.read16(SCCB + 6)).toBe(SCLP_RC_NORMAL_READ_COMPLETION);
    expect(m.storage.read16(SCCB + 8) * m.storage.read8(SCCB + 10)).toBe(4); // rnmax × rnsize MiB
  });

  test('Write Event Mask: returns the SCLP masks; length 0 is refused', () => {
    for (const [profile, receive] of [['qemu', 0x0020_0040], ['z16', 0x4020_0040]] as const) {
      const m = machine(profile);
      m.storage.write16(SCCB, 32);
      m.storage.write16(SCCB + 10, 4);
      m.storage.write32(SCCB + 16, 0x0000_0040); // guest send mask: ASCII
      call(m, SCLP_CMD_WRITE_EVENT_MASK, SCCB);
      expect(m.storage.read16(SCCB + 6)).toBe(SCLP_RC_NORMAL_COMPLETION);
      expect(m.storage.read32(SCCB + 20)).toBe(receive); // what the SCLP can receive
      expect(m.storage.read32(SCCB + 24)).toBe(0x0000_0048); // what it can send: ASCII, signal quiesce
      expect(m.sclp.guestSendMask).toBe(0x40);
    }
    const m = machine();
    m.storage.write16(SCCB, 32);
    m.storage.write16(SCCB + 10, 0);
    call(m, SCLP_CMD_WRITE_EVENT_MASK, SCCB);
    expect(m.storage.read16(SCCB + 6)).toBe(SCLP_RC_INVALID_MASK_LENGTH);
  });

  test('Write Event Data: ASCII bytes as sent, line-mode MTOs as EBCDIC lines, buffers flagged accepted', () => {
    for (const profile of ['z16', 'qemu'] as const) {
      const m = machine(profile);
      const text = Buffer.from('hi\0', 'latin1');
      // Event 1: ASCII (type 0x1a). Event 2: line-mode message with one MTO "OK" (EBCDIC D6 D2).
      const mto = [0x00, 0x0c, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0xd6, 0xd2];
      const mdb = [0x00, 12 + mto.length, 0x00, 0x01, 0xd4, 0xc4, 0xc2, 0x40, 0, 0, 0, 1, ...mto];
      const ev1 = [0, 6 + text.length, 0x1a, 0, 0, 0, ...text];
      const ev2 = [0, 6 + mdb.length, 0x02, 0, 0, 0, ...mdb];
      const body = [...ev1, ...ev2];
      m.storage.writeBytes(SCCB, new Uint8Array([0, 8 + body.length, 0, 0, 0, 0, 0, 0, ...body]));
      call(m, SCLP_CMD_WRITE_EVENT_DATA, SCCB);
      expect(m.storage.read16(SCCB + 6)).toBe(SCLP_RC_NORMAL_COMPLETION);
      // The qemu profile has no line-mode console (QEMU -nographic): that buffer is neither shown nor accepted.
      expect(m.consoleText).toBe(profile === 'z16' ? 'hi\0OK\n' : 'hi\0');
      expect(m.storage.read8(SCCB + 8 + 3)).toBe(0x80);
      expect(m.storage.read8(SCCB + 8 + ev1.length + 3)).toBe(profile === 'z16' ? 0x80 : 0);
    }
  });
});
