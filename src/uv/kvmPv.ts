/**
 * The KVM side of protected virtualization (UV-SIE-NOTES §1.4, §8.2 "KvmPv facade"): the
 * `KVM_PV_*` commands QEMU issues, each built from UV calls with KVM's own argument checks, each
 * answering {rc, rrc} as `struct kvm_pv_cmd` does. Nothing here sees a key: the header is copied
 * to host memory and handed to the Ultravisor by address.
 */
import { PAGE_SIZE } from '../cpu/storage.js';
import type { HostMemory } from './hostMemory.js';
import { OK, isOk, type UvResult } from './returnCodes.js';
import type { Ultravisor } from './ultravisor.js';
import {
  CPU_STATE_OPR,
  CPU_STATE_OPR_LOAD,
  makeUvcb,
  UVC_CMD_CPU_SET_STATE,
  UVC_CMD_CREATE_SEC_CONF,
  UVC_CMD_CREATE_SEC_CPU,
  UVC_CMD_DESTROY_SEC_CONF,
  UVC_CMD_DESTROY_SEC_CPU,
  UVC_CMD_SET_SEC_CONF_PARAMS,
  UVC_CMD_UNPACK_IMG,
  UVC_CMD_VERIFY_IMG,
  uvcbCpuSetState,
  uvcbCreateSecConf,
  uvcbCreateSecCpu,
  uvcbNoData,
  uvcbResult,
  uvcbSetSecConfParams,
  uvcbUnpack,
} from './uvcb.js';

/** KVM_S390_PV_COMMAND ids (UV-SIE-NOTES §1.4); 2/3/4 are what the DIAG 308 error word carries. */
export const KVM_PV_ENABLE = 0;
export const KVM_PV_DISABLE = 1;
export const KVM_PV_SET_SEC_PARMS = 2;
export const KVM_PV_UNPACK = 3;
export const KVM_PV_VERIFY = 4;

/** KVM refuses the SE header above 8 KiB before any UV call (§1.4). */
export const KVM_PV_MAX_HEADER = 8192;

/** A KVM-level refusal made without a UV call (an errno in KVM): rc 0 as in `kvm_pv_cmd`. */
const EINVAL: UvResult = Object.freeze({ rc: 0, rrc: 0 });

export class KvmPv {
  private guestHandle: bigint | undefined;
  private readonly cpuHandles: bigint[] = [];

  constructor(
    private readonly uv: Ultravisor,
    private readonly hostMemory: HostMemory,
    private readonly guestMemorySize: number,
    private readonly cpuCount: number,
  ) {}

  /** Whether the VM is protected (a secure configuration exists). */
  get protected(): boolean {
    return this.guestHandle !== undefined;
  }

  private uvc(cb: Uint8Array): UvResult {
    this.uv.call(cb);
    return uvcbResult(cb);
  }

  /** KVM_PV_ENABLE: CREATE_SEC_CONF, then CREATE_SEC_CPU for every vCPU. */
  enable(): UvResult {
    if (this.guestHandle !== undefined) return EINVAL;
    const cgc = makeUvcb(uvcbCreateSecConf, UVC_CMD_CREATE_SEC_CONF, { guest_stor_len: BigInt(this.guestMemorySize) });
    const r = this.uvc(cgc);
    if (!isOk(r)) return r;
    this.guestHandle = uvcbCreateSecConf.parse(cgc, 0).guest_handle;
    for (let num = 0; num < this.cpuCount; num++) {
      const csc = makeUvcb(uvcbCreateSecCpu, UVC_CMD_CREATE_SEC_CPU, { guest_handle: this.guestHandle, num });
      const rc = this.uvc(csc);
      if (!isOk(rc)) {
        this.disable();
        return rc;
      }
      this.cpuHandles.push(uvcbCreateSecCpu.parse(csc, 0).cpu_handle);
    }
    return OK;
  }

  /** KVM_PV_DISABLE: DESTROY_SEC_CPU per vCPU, then DESTROY_SEC_CONF. */
  disable(): UvResult {
    if (this.guestHandle === undefined) return EINVAL;
    let result = OK;
    for (const h of this.cpuHandles.splice(0)) {
      const r = this.uvc(makeUvcb(uvcbNoData, UVC_CMD_DESTROY_SEC_CPU, { handle: h }));
      if (!isOk(r)) result = r;
    }
    const r = this.uvc(makeUvcb(uvcbNoData, UVC_CMD_DESTROY_SEC_CONF, { handle: this.guestHandle }));
    if (!isOk(r)) result = r;
    this.guestHandle = undefined;
    return result;
  }

  /** KVM_PV_SET_SEC_PARMS: copy the header into host memory, SET_SEC_CONF_PARAMS. */
  setSecParms(header: Uint8Array): UvResult {
    if (this.guestHandle === undefined || header.length > KVM_PV_MAX_HEADER) return EINVAL;
    const origin = this.hostMemory.place(header);
    try {
      return this.uvc(
        makeUvcb(uvcbSetSecConfParams, UVC_CMD_SET_SEC_CONF_PARAMS, {
          guest_handle: this.guestHandle,
          sec_header_origin: origin,
          sec_header_len: header.length,
        }),
      );
    } finally {
      this.hostMemory.free(origin);
    }
  }

  /** KVM_PV_UNPACK {addr, size, tweak}: page-aligned, non-empty; one UNPACK_IMG per 4 KiB page. */
  unpack(addr: bigint, size: bigint, tweak: bigint): UvResult {
    const page = BigInt(PAGE_SIZE);
    if (this.guestHandle === undefined || addr % page !== 0n || size % page !== 0n || size === 0n) return EINVAL;
    for (let offset = 0n; offset < size; offset += page) {
      const r = this.uvc(
        makeUvcb(uvcbUnpack, UVC_CMD_UNPACK_IMG, { guest_handle: this.guestHandle, gaddr: addr + offset, tweak0: tweak, tweak1: offset }),
      );
      if (!isOk(r)) return r;
    }
    return OK;
  }

  /** KVM_PV_VERIFY: VERIFY_IMG. */
  verify(): UvResult {
    if (this.guestHandle === undefined) return EINVAL;
    return this.uvc(makeUvcb(uvcbNoData, UVC_CMD_VERIFY_IMG, { handle: this.guestHandle }));
  }

  /**
   * KVM_SET_MP_STATE(LOAD) then start: CPU_SET_STATE OPR_LOAD and OPR (UV-SIE-NOTES §2.3 step 6) —
   * the Ultravisor loads the secure CPU's PSW.
   */
  loadAndStart(cpuNum: number): UvResult {
    const h = this.cpuHandles[cpuNum];
    if (h === undefined) return EINVAL;
    const load = this.uvc(makeUvcb(uvcbCpuSetState, UVC_CMD_CPU_SET_STATE, { cpu_handle: h, state: CPU_STATE_OPR_LOAD }));
    if (!isOk(load)) return load;
    return this.uvc(makeUvcb(uvcbCpuSetState, UVC_CMD_CPU_SET_STATE, { cpu_handle: h, state: CPU_STATE_OPR }));
  }
}
