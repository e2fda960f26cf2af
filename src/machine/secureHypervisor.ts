/**
 * The hypervisor of a machine that can run Secure Execution guests, in QEMU's role (UV-SIE-NOTES
 * §2.3, §3, §6; SE-FORMAT §8.1). It wraps the plain hypervisor and adds:
 *
 * - DIAG 308 subcode 8 (validate and store the type-5 IPIB: rc 0x0001 / 0x0402), 9 (store it back:
 *   0x0001 / 0x0102) and 10 (enter secure mode: QEMU's `S390_RESET_PV` → `s390_machine_protect`:
 *   KVM_PV_ENABLE, copy the header and KVM_PV_SET_SEC_PARMS, KVM_PV_UNPACK per IPIB component,
 *   KVM_PV_VERIFY, then load and start the CPU, whose PSW the Ultravisor takes from the header).
 *   On failure the configuration is destroyed and the guest continues after the DIAG with
 *   R1+1 = BE16(cmd) ‖ BE16(rrc) ‖ BE16(rc) ‖ BE16(0x0A02). Without facility 161 subcodes ≥ 8 are
 *   specification exceptions.
 * - In secure mode: SERVICE CALL is intercepted; the Ultravisor copies the SCCB into the SIDA, the
 *   SCLP works on the SIDA only and the service signal carries QEMU's dummy address 0x4000
 *   (UV-SIE-NOTES §5.1). DIAG 308 subcodes 0/1 reset the secure CPU (load normal from the secure
 *   guest's absolute 0), 3 leaves secure mode and re-IPLs; 4, 7, 8, 9, 10 are specification
 *   exceptions (§3 table). Any hypervisor access to secure storage throws (the Ultravisor's guard).
 */
import type { Cpu } from '../cpu/cpu.js';
import type { Hypervisor } from '../cpu/hypervisor.js';
import type { Storage } from '../cpu/storage.js';
import { FormatError } from '../errors.js';
import { parseIpib } from '../format/ipib.js';
import { SE_HEADER_MAX_SIZE } from '../format/seHeader.js';
import { isOk, type UvResult } from '../uv/returnCodes.js';
import { KVM_PV_ENABLE, KVM_PV_SET_SEC_PARMS, KVM_PV_UNPACK, KVM_PV_VERIFY, type KvmPv } from '../uv/kvmPv.js';
import { SCLP_PV_DUMMY_ADDR, type Sida, SIDA_SIZE } from '../uv/sida.js';
import type { Ultravisor } from '../uv/ultravisor.js';
import { FACILITY_UNPACK, hasFacility } from './facilities.js';
import {
  DIAG308_RC_INVALID_FOR_PV,
  DIAG308_RC_INVALID_IPIB,
  DIAG308_RC_NO_PV_CONF,
  DIAG308_RC_NOCONFIG,
  DIAG308_RC_OK,
  type PlainHypervisor,
} from './plainHypervisor.js';
import { SCLP_RC_SCCB_BOUNDARY_VIOLATION, SccbHeader, type Sclp } from './sclp.js';

export const DIAG308_SET_PV = 8;
export const DIAG308_STORE_PV = 9;
export const DIAG308_UNPACK_PV = 10;
const IPIB_MAX = 4096;

/** What the secure hypervisor needs from its machine and from the PV stack below it. */
export interface SecureHypervisorParts {
  readonly storage: Storage;
  readonly kvm: KvmPv;
  readonly uv: Ultravisor;
  readonly sida: Sida;
  /** The SCLP as seen through the SIDA (secure mode). */
  readonly sidaSclp: Sclp;
  /** CPU reset (the normal/initial reset QEMU does before loading a CPU). */
  resetCpu(): void;
  /** Re-IPL the image (DIAG 308 subcode 3). */
  reipl(): void;
  /** Called once the secure CPU has been loaded (tests look at memory here). */
  onSecureStart?: () => void;
}

/** The outcome of one DIAG 308 subcode 10: which KVM command failed, with the UV's rc/rrc. */
export interface ProtectFailure {
  readonly cmd: number;
  readonly result: UvResult;
}

export class SecureHypervisor implements Hypervisor {
  /** The PV IPIB stored by subcode 8 (QEMU `ipl->iplb_pv`). */
  pvIpib: Uint8Array | undefined;
  /** The last failed subcode 10, if any. */
  lastFailure: ProtectFailure | undefined;
  private parts: SecureHypervisorParts | undefined;

  constructor(readonly plain: PlainHypervisor) {}

  /** Connect the machine's parts (they exist only after the CPU that needs this hypervisor). */
  attach(parts: SecureHypervisorParts): void {
    this.parts = parts;
  }

  private get p(): SecureHypervisorParts {
    if (this.parts === undefined) throw new Error('SecureHypervisor used before attach()');
    return this.parts;
  }

  /** Whether the guest runs in secure mode. */
  get secure(): boolean {
    return this.parts !== undefined && this.parts.kvm.protected && this.parts.uv.state === 'running';
  }

  servc(cpu: Cpu, command: number, sccb: number): number {
    if (!this.secure) return this.plain.servc(cpu, command, sccb);
    return this.servcIntercept(cpu, command, sccb);
  }

  sigp(cpu: Cpu, order: number, r1: number, cpuAddr: number): number {
    return this.plain.sigp(cpu, order, r1, cpuAddr);
  }

  onWait(_cpu: Cpu): boolean {
    return this.plain.onWait();
  }

  diag(cpu: Cpu, code: number, r1: number, r3: number): void {
    if (this.secure) {
      if (code === 0x44) return;
      if (code === 0x308) return this.diag308Secure(cpu, r1, r3);
      cpu.specification();
    }
    if (code !== 0x308) return this.plain.diag(cpu, code, r1, r3);
    const subcode = cpu.reg(r3);
    if (subcode === BigInt(DIAG308_SET_PV) || subcode === BigInt(DIAG308_STORE_PV) || subcode === BigInt(DIAG308_UNPACK_PV)) {
      if (!hasFacility(cpu.facilities, FACILITY_UNPACK)) cpu.specification();
      if (subcode === BigInt(DIAG308_UNPACK_PV)) return this.unpackPv(cpu, r1);
      return this.setOrStorePv(cpu, r1, Number(subcode));
    }
    return this.plain.diag(cpu, code, r1, r3);
  }

  private setRc(cpu: Cpu, r1: number, value: bigint): void {
    cpu.setReg(r1 + 1, value);
  }

  /** Subcodes 8 and 9 (SE-FORMAT §8.1 step 1; QEMU `diag308_parm_check`, `iplb_valid_pv`). */
  private setOrStorePv(cpu: Cpu, r1: number, subcode: number): void {
    const mem = this.p.storage;
    if ((r1 & 1) !== 0) cpu.specification();
    const addr = cpu.reg(r1);
    if ((addr & 0xfffn) !== 0n) cpu.specification();
    if (addr + BigInt(IPIB_MAX) > BigInt(mem.size)) cpu.addressing();
    const at = Number(addr);
    if (subcode === DIAG308_STORE_PV) {
      if (this.pvIpib === undefined) return this.setRc(cpu, r1, BigInt(DIAG308_RC_NOCONFIG));
      mem.writeBytes(at, this.pvIpib);
      return this.setRc(cpu, r1, BigInt(DIAG308_RC_OK));
    }
    const len = mem.read32(at);
    if (len > IPIB_MAX) return this.setRc(cpu, r1, BigInt(DIAG308_RC_INVALID_IPIB));
    const block = mem.readBytes(at, len);
    try {
      const ipib = parseIpib(block);
      const { pvHdrAddr, pvHdrSize } = ipib.head;
      if (pvHdrSize === 0n || pvHdrSize > BigInt(SE_HEADER_MAX_SIZE) || pvHdrAddr + pvHdrSize > BigInt(mem.size)) {
        return this.setRc(cpu, r1, BigInt(DIAG308_RC_INVALID_IPIB));
      }
    } catch (e) {
      if (e instanceof FormatError) return this.setRc(cpu, r1, BigInt(DIAG308_RC_INVALID_IPIB));
      throw e;
    }
    this.pvIpib = block;
    this.setRc(cpu, r1, BigInt(DIAG308_RC_OK));
  }

  /** Subcode 10: QEMU's `S390_RESET_PV` and `s390_machine_protect` (UV-SIE-NOTES §2.3 steps 4–8). */
  private unpackPv(cpu: Cpu, r1: number): void {
    if (this.pvIpib === undefined) return this.setRc(cpu, r1, BigInt(DIAG308_RC_NO_PV_CONF));
    const failure = this.protect();
    if (failure === undefined) {
      this.lastFailure = undefined;
      this.p.onSecureStart?.();
      return;
    }
    // s390_pv_inject_reset_error: leave PV, report in R1+1, continue after the DIAG (§2.3 step 8).
    this.lastFailure = failure;
    this.p.kvm.disable();
    const word =
      (BigInt(failure.cmd & 0xffff) << 48n) |
      (BigInt(failure.result.rrc & 0xffff) << 32n) |
      (BigInt(failure.result.rc & 0xffff) << 16n) |
      BigInt(DIAG308_RC_INVALID_FOR_PV);
    this.setRc(cpu, r1, word);
  }

  /** Returns undefined when the CPU now runs the secure guest, else the failing KVM command. */
  private protect(): ProtectFailure | undefined {
    const { kvm, storage } = this.p;
    const ipib = parseIpib(this.pvIpib!);
    const enable = kvm.enable();
    if (!isOk(enable)) return { cmd: KVM_PV_ENABLE, result: enable };
    // s390_ipl_prepare_pv_header: the header is read from (still non-secure) guest memory.
    const header = storage.readBytes(Number(ipib.head.pvHdrAddr), Number(ipib.head.pvHdrSize));
    const set = kvm.setSecParms(header);
    if (!isOk(set)) return { cmd: KVM_PV_SET_SEC_PARMS, result: set };
    for (const c of ipib.components) {
      const size = (c.len + 0xfffn) & ~0xfffn;
      const r = kvm.unpack(c.addr, size, c.tweakPref);
      if (!isOk(r)) return { cmd: KVM_PV_UNPACK, result: r };
    }
    const verify = kvm.verify();
    if (!isOk(verify)) return { cmd: KVM_PV_VERIFY, result: verify };
    // s390_do_cpu_load_normal in PV: reset, then LOAD (the UV loads the header's PSW) and start.
    this.p.resetCpu();
    const start = kvm.loadAndStart(0);
    if (!isOk(start)) throw new Error(`secure CPU did not start after a successful VERIFY (rc 0x${start.rc.toString(16)})`);
    return undefined;
  }

  /** DIAG 308 issued by a secure guest (UV-SIE-NOTES §3 table, right column). */
  private diag308Secure(cpu: Cpu, _r1: number, r3: number): void {
    const subcode = cpu.reg(r3);
    if (subcode > 0xffffn) cpu.specification();
    switch (Number(subcode)) {
      case 0:
      case 1:
        // Notification intercept; the CPU is reset and the UV loads the PSW from absolute 0.
        this.p.resetCpu();
        this.p.kvm.loadAndStart(0);
        return;
      case 3:
        // Re-IPL leaves protected mode first (s390_machine_unprotect).
        this.p.kvm.disable();
        this.p.reipl();
        return;
      default:
        // 4, 7, 8, 9, 10 are specification exceptions in PV; 5/6 (IPIB via the SIDA) are not modelled.
        cpu.specification();
    }
  }

  /**
   * SERVICE CALL from a secure guest: the UV validates the SCCB address and copies the SCCB into the
   * SIDA; the SCLP answers on the SIDA; the UV copies the result back (UV-SIE-NOTES §5.1, §6).
   */
  private servcIntercept(cpu: Cpu, command: number, sccb: number): number {
    const { uv, sida, sidaSclp, storage } = this.p;
    // The same address rules as a non-secure SERVC (sclp.ts, QEMU sclp_service_call).
    if ((sccb & ~0x1fff) === 0 || (sccb & ~0x7fff_fff8) !== 0) cpu.specification();
    if (sccb + SccbHeader.size > storage.size) cpu.addressing();
    const inPage = SIDA_SIZE - (sccb & (SIDA_SIZE - 1));
    uv.sidaCopyIn(sccb, Math.min(inPage, storage.size - sccb), sida.page);
    const length = SccbHeader.parse(sida.page, 0).length;
    if (length < SccbHeader.size) cpu.specification();
    if (length > inPage) {
      // Crosses a page: answered without running the command (QEMU sccb_verify_boundary).
      sida.page[SccbHeader.offsetOf('response_code')] = SCLP_RC_SCCB_BOUNDARY_VIOLATION >>> 8;
      sida.page[SccbHeader.offsetOf('response_code') + 1] = SCLP_RC_SCCB_BOUNDARY_VIOLATION & 0xff;
      uv.sidaCopyOut(sccb, SccbHeader.size, sida.page);
      cpu.injectServiceSignal(SCLP_PV_DUMMY_ADDR);
      return 0;
    }
    const cc = sidaSclp.serviceCall(cpu, command, SCLP_PV_DUMMY_ADDR);
    uv.sidaCopyOut(sccb, length, sida.page);
    return cc;
  }
}
