/**
 * IPL parameter block of type 5 (PV), SE-FORMAT §5: a 136-byte head followed by one 24-byte entry per
 * secured component (tweak prefix, guest address, prepared length). The [R] layout stores exactly
 * 136 + 24n bytes with `hdrLen` = that size and `pvVersion` 1; the [C] layout declares 4096 and version 0.
 */
import { bytes, struct, u16, u32, u64, u8 } from '../binary/struct.js';
import { FormatError } from '../errors.js';

export const IPL_PBT_PV = 5;

export const ipibHeadLayout = struct('Ipib', [
  ['hdrLen', u32],
  ['hdrFlags', u8],
  ['hdrReserved1', u16],
  ['hdrVersion', u8],
  ['pvLen', u32],
  ['pbt', u8],
  ['pvReserved1', bytes(3)],
  ['loadparm', bytes(8)],
  ['reserved2', bytes(84)],
  ['reserved3', bytes(3)],
  ['pvVersion', u8],
  ['reserved4', u32],
  ['numComp', u32],
  ['pvHdrAddr', u64],
  ['pvHdrSize', u64],
] as const);
export type IpibHead = ReturnType<typeof ipibHeadLayout.parse>;
export const IPIB_HEAD_SIZE = ipibHeadLayout.size; // 136

export const ipibComponentLayout = struct('IpibComponent', [
  ['tweakPref', u64],
  ['addr', u64],
  ['len', u64],
] as const);
export type IpibComponent = ReturnType<typeof ipibComponentLayout.parse>;
export const IPIB_COMPONENT_SIZE = ipibComponentLayout.size; // 24

export interface Ipib {
  readonly head: IpibHead;
  readonly components: readonly IpibComponent[];
}

export function ipibSize(numComp: number): number {
  return IPIB_HEAD_SIZE + IPIB_COMPONENT_SIZE * numComp;
}

/** Serialize an IPIB in the [R] layout (exact length, pv version 1). */
export function buildIpib(input: { pvHdrAddr: bigint; pvHdrSize: bigint; components: readonly IpibComponent[] }): Uint8Array {
  const n = input.components.length;
  const out = new Uint8Array(ipibSize(n));
  ipibHeadLayout.write(out, 0, {
    ...ipibHeadLayout.zero(),
    hdrLen: ipibSize(n),
    hdrVersion: 1,
    pvLen: ipibSize(n) - 8,
    pbt: IPL_PBT_PV,
    pvVersion: 1,
    numComp: n,
    pvHdrAddr: input.pvHdrAddr,
    pvHdrSize: input.pvHdrSize,
  });
  input.components.forEach((c, i) => ipibComponentLayout.write(out, IPIB_HEAD_SIZE + IPIB_COMPONENT_SIZE * i, c));
  return out;
}

/**
 * Parse a type-5 IPIB at `offset`, checking what QEMU checks (§5: pbt 5, 148 ≤ hdrLen ≤ 4096,
 * component count fits, addresses page aligned, prefixes strictly increasing).
 * `baseOffset` is added to offsets in error messages (image offset of `buf`).
 */
export function parseIpib(buf: Uint8Array, offset = 0, baseOffset = 0): Ipib {
  const head = ipibHeadLayout.parse(buf, offset);
  const at = (field: keyof IpibHead & string) => baseOffset + offset + ipibHeadLayout.offsetOf(field);
  if (head.pbt !== IPL_PBT_PV) {
    throw new FormatError(`IPIB parameter-block type is ${head.pbt}, expected ${IPL_PBT_PV} (PV)`, { offset: at('pbt'), field: 'Ipib.pbt' });
  }
  if (head.numComp === 0 || head.numComp > Math.floor((4096 - IPIB_HEAD_SIZE) / IPIB_COMPONENT_SIZE)) {
    throw new FormatError(`IPIB component count ${head.numComp} is invalid`, { offset: at('numComp'), field: 'Ipib.numComp' });
  }
  const size = ipibSize(head.numComp);
  if (head.hdrLen < size || head.hdrLen > 4096) {
    throw new FormatError(`IPIB length ${head.hdrLen} is invalid for ${head.numComp} components (needs ${size}..4096)`, {
      offset: at('hdrLen'),
      field: 'Ipib.hdrLen',
    });
  }
  if (offset + size > buf.length) {
    throw new FormatError(`IPIB is truncated: ${size} bytes needed, ${buf.length - offset} present`, {
      offset: baseOffset + buf.length,
      field: 'Ipib',
    });
  }
  const components: IpibComponent[] = [];
  for (let i = 0; i < head.numComp; i++) {
    const off = offset + IPIB_HEAD_SIZE + IPIB_COMPONENT_SIZE * i;
    const c = ipibComponentLayout.parse(buf, off);
    if (c.addr % 4096n !== 0n || c.len % 4096n !== 0n || c.len === 0n) {
      throw new FormatError(`IPIB component ${i} (addr 0x${c.addr.toString(16)}, len 0x${c.len.toString(16)}) is not page aligned`, {
        offset: baseOffset + off,
        field: `IpibComponent[${i}]`,
      });
    }
    const prev = components[i - 1];
    if (prev && c.tweakPref <= prev.tweakPref) {
      throw new FormatError(`IPIB component ${i} tweak prefix is not greater than component ${i - 1}'s`, {
        offset: baseOffset + off,
        field: `IpibComponent[${i}].tweakPref`,
      });
    }
    components.push(c);
  }
  return { head, components };
}
