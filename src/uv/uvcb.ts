/**
 * Ultravisor control blocks (UVCBs, UV-SIE-NOTES §1.1–§1.2): every UV call names one block in
 * memory that starts with the 8-byte header {len, cmd, rc, rrc}; the command's payload follows.
 * Field names and offsets are those of Linux's `arch/s390/include/asm/uv.h` as listed in §1.2;
 * `len` must be exactly the block size the UV expects (rc 0x0005 otherwise, §1.1).
 * Only the commands a boot needs are declared (§0 item 1). [inf] §1.2 gives the payload offsets
 * but not every block's total size; the trailing reserved fields here (hence `len`) follow Linux's
 * struct definitions as far as we read them, and only this UV and its callers depend on them.
 */
import { bytes, struct, u16, u32, u64, u8 } from '../binary/struct.js';

/** Command codes (UV-SIE-NOTES §1.2). */
export const UVC_CMD_QUI = 0x0001;
export const UVC_CMD_CREATE_SEC_CONF = 0x0100;
export const UVC_CMD_DESTROY_SEC_CONF = 0x0101;
export const UVC_CMD_CREATE_SEC_CPU = 0x0120;
export const UVC_CMD_DESTROY_SEC_CPU = 0x0121;
export const UVC_CMD_SET_SEC_CONF_PARAMS = 0x0300;
export const UVC_CMD_UNPACK_IMG = 0x0301;
export const UVC_CMD_VERIFY_IMG = 0x0302;
export const UVC_CMD_CPU_SET_STATE = 0x0330;

/** CPU_SET_STATE states (§1.2). */
export const CPU_STATE_OPR = 1;
export const CPU_STATE_STP = 2;
export const CPU_STATE_CHKSTP = 3;
export const CPU_STATE_OPR_LOAD = 5;

export const uvcbHeader = struct('UvcbHeader', [
  ['len', u16],
  ['cmd', u16],
  ['rc', u16],
  ['rrc', u16],
] as const);

/** uv_cb_cgc: create secure configuration. */
export const uvcbCreateSecConf = struct('UvcbCreateSecConf', [
  ['header', bytes(8)],
  ['reserved08', bytes(16)],
  ['guest_handle', u64],
  ['conf_base_stor_origin', u64],
  ['conf_virt_stor_origin', u64],
  ['reserved30', bytes(6)],
  ['flags', u16],
  ['guest_stor_origin', u64],
  ['guest_stor_len', u64],
  ['guest_sca', u64],
  ['guest_asce', u64],
  ['reserved58', bytes(40)],
] as const);

/** uv_cb_csc: create secure CPU. */
export const uvcbCreateSecCpu = struct('UvcbCreateSecCpu', [
  ['header', bytes(8)],
  ['reserved08', bytes(16)],
  ['cpu_handle', u64],
  ['guest_handle', u64],
  ['stor_origin', u64],
  ['reserved30', bytes(6)],
  ['num', u16],
  ['state_origin', u64],
  ['reserved40', bytes(32)],
] as const);

/** uv_cb_ssc: set secure configuration parameters (the SE header, as a host copy). */
export const uvcbSetSecConfParams = struct('UvcbSetSecConfParams', [
  ['header', bytes(8)],
  ['reserved08', bytes(16)],
  ['guest_handle', u64],
  ['sec_header_origin', u64],
  ['sec_header_len', u32],
  ['reserved2c', u32],
  ['reserved30', bytes(32)],
] as const);

/** uv_cb_unp: unpack one page; tweak = {component prefix, byte offset in the component}. */
export const uvcbUnpack = struct('UvcbUnpack', [
  ['header', bytes(8)],
  ['reserved08', bytes(16)],
  ['guest_handle', u64],
  ['gaddr', u64],
  ['tweak0', u64],
  ['tweak1', u64],
  ['reserved38', bytes(24)],
] as const);

/** uv_cb_nodata: a handle only (VERIFY_IMG, DESTROY_SEC_CONF, DESTROY_SEC_CPU). */
export const uvcbNoData = struct('UvcbNoData', [
  ['header', bytes(8)],
  ['reserved08', bytes(16)],
  ['handle', u64],
  ['reserved20', bytes(32)],
] as const);

/** uv_cb_cpu_set_state. */
export const uvcbCpuSetState = struct('UvcbCpuSetState', [
  ['header', bytes(8)],
  ['reserved08', bytes(16)],
  ['cpu_handle', u64],
  ['reserved20', bytes(7)],
  ['state', u8],
  ['reserved28', bytes(40)],
] as const);

/** A fresh UVCB for `cmd`: header filled (len = the layout's size, rc/rrc 0), payload from `fill`. */
export function makeUvcb<V extends { header: Uint8Array }>(
  layout: { size: number; zero(): V; serialize(v: V): Uint8Array },
  cmd: number,
  fill: Partial<Omit<V, 'header'>>,
): Uint8Array {
  const header = uvcbHeader.serialize({ len: layout.size, cmd, rc: 0, rrc: 0 });
  return layout.serialize({ ...layout.zero(), ...fill, header });
}

/** rc and rrc as the UV left them in a block. */
export function uvcbResult(uvcb: Uint8Array): { rc: number; rrc: number } {
  const h = uvcbHeader.parse(uvcb, 0);
  return { rc: h.rc, rrc: h.rrc };
}
