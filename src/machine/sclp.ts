/**
 * The Service-Call Logical Processor as the plain machine offers it (UV-SIE-NOTES §5.1): SERVICE
 * CALL commands Read SCP Info, Write Event Mask, Write Event Data (ASCII console, event type 0x1a,
 * and line-mode message, type 0x02) and Read Event Data, completed synchronously and signalled
 * by a service-signal external interruption carrying the SCCB address.
 *
 * The checks mirror QEMU's `hw/s390x/sclp.c` (the oracle of UV-SIE-NOTES §7): SCCB in the low
 * 2 GiB, 8-byte aligned and not in the first 8 KiB → specification exception; a header length
 * below 8 → specification; an SCCB crossing a page → response 0x0100.
 */
import { bytes, struct, u16, u32, u64, u8 } from '../binary/struct.js';
import type { Cpu } from '../cpu/cpu.js';
import type { Storage } from '../cpu/storage.js';
import { ebcdicToAscii } from './ebcdic.js';

export const SCLP_CMD_READ_SCP_INFO = 0x0002_0001;
export const SCLP_CMD_READ_SCP_INFO_FORCED = 0x0012_0001;
export const SCLP_CMD_WRITE_EVENT_MASK = 0x0078_0005;
export const SCLP_CMD_WRITE_EVENT_DATA = 0x0076_0005;
export const SCLP_CMD_READ_EVENT_DATA = 0x0077_0005;

export const SCLP_RC_NORMAL_READ_COMPLETION = 0x0010;
export const SCLP_RC_NORMAL_COMPLETION = 0x0020;
export const SCLP_RC_SCCB_BOUNDARY_VIOLATION = 0x0100;
export const SCLP_RC_INVALID_COMMAND = 0x01f0;
export const SCLP_RC_INSUFFICIENT_SCCB_LENGTH = 0x0300;
export const SCLP_RC_INVALID_FUNCTION = 0x40f0;
export const SCLP_RC_NO_EVENT_BUFFERS_STORED = 0x60f0;
export const SCLP_RC_INVALID_MASK_LENGTH = 0x74f0;

export const EVENT_TYPE_OPCMD = 0x01;
export const EVENT_TYPE_MSG = 0x02;
export const EVENT_TYPE_CPI = 0x0b;
export const EVENT_TYPE_ASCII = 0x1a;
export const EVENT_TYPE_SIGNAL_QUIESCE = 0x1d;
/** Event-buffer flag the SCLP sets on each buffer it accepted. */
const EVENT_BUFFER_ACCEPTED = 0x80;

/** Event type → mask bit: 1 << (32 − type) (UV-SIE-NOTES §5.1). */
export const eventMask = (type: number): number => (2 ** (32 - type)) >>> 0;

export const SccbHeader = struct('SccbHeader', [
  ['length', u16],
  ['function_code', u8],
  ['control_mask', bytes(3)],
  ['response_code', u16],
] as const);

export const EventBufferHeader = struct('EventBufferHeader', [
  ['length', u16],
  ['type', u8],
  ['flags', u8],
  ['reserved', u16],
] as const);

/** Write Event Mask SCCB head; four masks of `mask_length` bytes follow. */
export const WriteEventMask = struct('WriteEventMask', [
  ['header', bytes(8)],
  ['reserved', u16],
  ['mask_length', u16],
] as const);

/** The Read SCP Info fields pvkit fills (Linux `sclp_readinfo_sccb`); the rest stays zero. */
export const ReadInfo = struct('ReadInfo', [
  ['header', bytes(8)],
  ['rnmax', u16],
  ['rnsize', u8],
  ['reserved0', bytes(5)],
  ['entries_cpu', u16],
  ['offset_cpu', u16],
  ['reserved1', bytes(4)],
  ['loadparm', bytes(8)],
  ['reserved2', bytes(68)],
  ['rnsize2', u32],
  ['rnmax2', u64],
] as const);

/** Line-mode message: MDB header inside a type-2 event buffer, then objects (MTO = type 4). */
export const MdbHeader = struct('MdbHeader', [
  ['length', u16],
  ['type', u16],
  ['tag', u32],
  ['revision_code', u32],
] as const);
const MTO_HEADER_SIZE = 10;
const MDB_OBJECT_MTO = 4;

export interface SclpOptions {
  storage: Storage;
  /** Console output (ASCII and line-mode text) as it is written. */
  console: (text: string) => void;
  /** Advertise the line-mode console in the SCLP receive mask (QEMU -nographic has only VT220). */
  lineModeConsole: boolean;
}

export class Sclp {
  /** Event types the guest enabled for sending to the SCLP (its "send mask"). */
  guestSendMask = 0;
  guestReceiveMask = 0;

  constructor(private readonly opts: SclpOptions) {}

  /** Events the SCLP can receive from the guest. */
  get sclpReceiveMask(): number {
    let m = eventMask(EVENT_TYPE_ASCII) | eventMask(EVENT_TYPE_CPI);
    if (this.opts.lineModeConsole) m |= eventMask(EVENT_TYPE_MSG);
    return m >>> 0;
  }
  /** Events the SCLP can send to the guest. */
  get sclpSendMask(): number {
    return (eventMask(EVENT_TYPE_ASCII) | eventMask(EVENT_TYPE_SIGNAL_QUIESCE)) >>> 0;
  }

  /**
   * SERVICE CALL: validate, run the command, write the response and make the service-signal
   * interruption pending. Returns the condition code (0: accepted).
   */
  serviceCall(cpu: Cpu, command: number, sccb: number): number {
    const mem = this.opts.storage;
    if ((sccb & ~0x1fff) === 0 || (sccb & ~0x7fff_fff8) !== 0) cpu.specification();
    if (!mem.has(sccb, 8)) cpu.addressing();
    const header = SccbHeader.parse(mem.bytes, sccb);
    if (header.length < 8) cpu.specification();
    let rc: number;
    if (((sccb + header.length - 1) & ~0xfff) !== (sccb & ~0xfff)) rc = SCLP_RC_SCCB_BOUNDARY_VIOLATION;
    else if (!mem.has(sccb, header.length)) cpu.addressing();
    else rc = this.command(command, sccb, header.length);
    mem.write16(sccb + SccbHeader.offsetOf('response_code'), rc);
    cpu.injectServiceSignal(sccb & ~3);
    return 0;
  }

  private command(command: number, sccb: number, length: number): number {
    switch (command) {
      case SCLP_CMD_READ_SCP_INFO:
      case SCLP_CMD_READ_SCP_INFO_FORCED:
        return this.readScpInfo(sccb, length);
      case SCLP_CMD_WRITE_EVENT_MASK:
        return this.writeEventMask(sccb, length);
      case SCLP_CMD_WRITE_EVENT_DATA:
        return this.writeEventData(sccb, length);
      case SCLP_CMD_READ_EVENT_DATA:
        return SCLP_RC_NO_EVENT_BUFFERS_STORED;
      default:
        return SCLP_RC_INVALID_COMMAND;
    }
  }

  private readScpInfo(sccb: number, length: number): number {
    const mem = this.opts.storage;
    const cpuEntrySize = 16;
    if (length < ReadInfo.size + cpuEntrySize) return SCLP_RC_INSUFFICIENT_SCCB_LENGTH;
    // Storage increments of 1 MiB (rnsize 1); rnmax = number of increments.
    const incrementMiB = 1;
    const increments = Math.max(1, Math.floor(mem.size / (incrementMiB << 20)));
    const info = ReadInfo.zero();
    info.header = mem.readBytes(sccb, 8);
    info.rnsize = incrementMiB;
    info.rnmax = increments > 0xffff ? 0 : increments;
    info.rnsize2 = incrementMiB;
    info.rnmax2 = BigInt(increments);
    info.entries_cpu = 1;
    info.offset_cpu = ReadInfo.size;
    const out = ReadInfo.serialize(info);
    mem.fill(sccb + 8, length - 8, 0);
    mem.writeBytes(sccb, out);
    // One CPU entry: address 0, type 0 (CP).
    return SCLP_RC_NORMAL_READ_COMPLETION;
  }

  private writeEventMask(sccb: number, length: number): number {
    const mem = this.opts.storage;
    const head = WriteEventMask.parse(mem.bytes, sccb);
    const n = head.mask_length;
    if (n === 0 || n > 1021 || length < WriteEventMask.size + 4 * n) return SCLP_RC_INVALID_MASK_LENGTH;
    const base = sccb + WriteEventMask.size;
    const readMask = (at: number): number => {
      let v = 0;
      for (let i = 0; i < 4; i++) v = (v << 8) | (i < n ? mem.read8(at + i) : 0);
      return v >>> 0;
    };
    const writeMask = (at: number, v: number): void => {
      for (let i = 0; i < n; i++) mem.write8(at + i, i < 4 ? (v >>> (24 - 8 * i)) & 0xff : 0);
    };
    this.guestReceiveMask = readMask(base);
    this.guestSendMask = readMask(base + n);
    writeMask(base + 2 * n, this.sclpReceiveMask);
    writeMask(base + 3 * n, this.sclpSendMask);
    return SCLP_RC_NORMAL_COMPLETION;
  }

  private writeEventData(sccb: number, length: number): number {
    const mem = this.opts.storage;
    if (mem.read8(sccb + SccbHeader.offsetOf('function_code')) !== 0) return SCLP_RC_INVALID_FUNCTION;
    let at = sccb + SccbHeader.size;
    const end = sccb + length;
    while (at + EventBufferHeader.size <= end) {
      const ev = EventBufferHeader.parse(mem.bytes, at);
      if (ev.length < EventBufferHeader.size || at + ev.length > end) break;
      const data = mem.readBytes(at + EventBufferHeader.size, ev.length - EventBufferHeader.size);
      if (ev.type === EVENT_TYPE_ASCII) {
        // Bytes go out as written, a trailing NUL included (UV-SIE-NOTES §5.1).
        this.opts.console(Buffer.from(data).toString('latin1'));
      } else if (ev.type === EVENT_TYPE_MSG) {
        // Without a line-mode console nobody takes the buffer: it is neither shown nor flagged
        // accepted (QEMU without a line-mode device).
        if (!this.opts.lineModeConsole) {
          at += ev.length;
          continue;
        }
        this.opts.console(lineModeText(data));
      }
      mem.write8(at + EventBufferHeader.offsetOf('flags'), ev.flags | EVENT_BUFFER_ACCEPTED);
      at += ev.length;
    }
    return SCLP_RC_NORMAL_COMPLETION;
  }
}

/** Text of a line-mode message: each message-text object (MTO) is one line of EBCDIC. */
function lineModeText(data: Uint8Array): string {
  if (data.length < MdbHeader.size) return '';
  const mdb = MdbHeader.parse(data, 0);
  const end = Math.min(mdb.length, data.length);
  let at = MdbHeader.size;
  let out = '';
  while (at + 4 <= end) {
    const len = (data[at]! << 8) | data[at + 1]!;
    const type = (data[at + 2]! << 8) | data[at + 3]!;
    if (len < 4 || at + len > end) break;
    if (type === MDB_OBJECT_MTO && len >= MTO_HEADER_SIZE) out += `${ebcdicToAscii(data.subarray(at + MTO_HEADER_SIZE, at + len))}\n`;
    at += len;
  }
  return out;
}
