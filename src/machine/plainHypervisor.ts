/**
 * The hypervisor of a plain (non-secure) machine, in the role QEMU/KVM play for a guest
 * (UV-SIE-NOTES §3, §4.5, §8.2): SCLP behind SERVICE CALL, SIGNAL PROCESSOR answered as KVM/QEMU
 * do for a single CPU, DIAGNOSE 0x308 (IPL functions, non-PV behaviour) and 0x44 (yield); any other
 * DIAG code is a specification exception, as in QEMU. A secure machine wraps or replaces this.
 */
import type { Cpu } from '../cpu/cpu.js';
import type { Hypervisor } from '../cpu/hypervisor.js';
import { FACILITY_UNPACK, hasFacility } from './facilities.js';
import type { Sclp } from './sclp.js';

/** SIGP order codes (PoP "Signal Processor"). */
export const SIGP_SENSE = 1;
export const SIGP_EXTERNAL_CALL = 2;
export const SIGP_EMERGENCY_SIGNAL = 3;
export const SIGP_STOP = 5;
export const SIGP_RESTART = 6;
export const SIGP_STOP_AND_STORE_STATUS = 9;
export const SIGP_SET_ARCHITECTURE = 18;
/** SIGP status bits (stored in R1 bits 32–63 with CC 1). */
export const SIGP_STATUS_INVALID_ORDER = 0x0000_0002;
export const SIGP_STATUS_INVALID_PARAMETER = 0x0000_0100;

/** DIAG 308 response codes (UV-SIE-NOTES §3). */
export const DIAG308_RC_OK = 0x0001;
export const DIAG308_RC_NOCONFIG = 0x0102;
export const DIAG308_RC_INVALID_IPIB = 0x0402;
export const DIAG308_RC_NO_PV_CONF = 0x0902;
export const DIAG308_RC_INVALID_FOR_PV = 0x0a02;

/** What the plain hypervisor needs from its machine for resets. */
export interface MachineControl {
  /** Re-IPL: reload the image and restart the CPU as at power-on IPL (DIAG 308 subcode 3). */
  reipl(): void;
  /** Reset and "load normal": restart the CPU from the short PSW at absolute 0 (subcodes 0/1). */
  loadNormal(): void;
}

export class PlainHypervisor implements Hypervisor {
  /** Stored IPL parameter blocks (DIAG 308 subcodes 5/6 and, with facility 161, 8/9). */
  ipib: Uint8Array | undefined;
  pvIpib: Uint8Array | undefined;

  constructor(
    readonly sclp: Sclp,
    readonly control: MachineControl,
  ) {}

  servc(cpu: Cpu, command: number, sccb: number): number {
    return this.sclp.serviceCall(cpu, command, sccb);
  }

  sigp(cpu: Cpu, order: number, r1: number, cpuAddr: number): number {
    if (order === SIGP_SET_ARCHITECTURE) {
      // CZAM: always in z/Architecture mode; KVM and QEMU answer "invalid parameter" (§4.5).
      cpu.gl[r1] = SIGP_STATUS_INVALID_PARAMETER;
      return 1;
    }
    if (cpuAddr !== cpu.cpuAddress) return 3; // not operational: a one-CPU configuration
    switch (order) {
      case SIGP_SENSE:
        return 0;
      case SIGP_STOP:
      case SIGP_STOP_AND_STORE_STATUS:
        cpu.stop('check-stop', 'the only CPU stopped itself with SIGP stop');
        return 0;
      case SIGP_EXTERNAL_CALL:
      case SIGP_EMERGENCY_SIGNAL:
      default:
        cpu.gl[r1] = SIGP_STATUS_INVALID_ORDER;
        return 1;
    }
  }

  diag(cpu: Cpu, code: number, r1: number, r3: number): void {
    switch (code) {
      case 0x44: // voluntary time-slice end: nothing to yield to
        return;
      case 0x308:
        return this.diag308(cpu, r1, r3);
      default:
        cpu.specification();
    }
  }

  onWait(): boolean {
    return false;
  }

  /** DIAG 308 for a non-secure guest (UV-SIE-NOTES §3 table, TCG column). */
  private diag308(cpu: Cpu, r1: number, r3: number): void {
    const subcode = cpu.reg(r3);
    if (subcode > 0xffffn) cpu.specification();
    const unpack = hasFacility(cpu.facilities, FACILITY_UNPACK);
    const setRc = (rc: number): void => {
      cpu.gh[r1 + 1] = 0;
      cpu.gl[r1 + 1] = rc;
    };
    switch (Number(subcode)) {
      case 0:
      case 1:
        this.control.loadNormal();
        return;
      case 3:
        this.control.reipl();
        return;
      case 5:
      case 6:
      case 8:
      case 9: {
        const sc = Number(subcode);
        if (sc >= 8 && !unpack) cpu.specification();
        if ((r1 & 1) !== 0) cpu.specification();
        const addr = Number(cpu.reg(r1) & 0x7fff_ffffn);
        if ((addr & 0xfff) !== 0) cpu.specification();
        if (!cpu.storage.has(addr, 8)) cpu.addressing();
        if (sc === 5 || sc === 8) {
          const len = cpu.storage.read32(addr);
          const pbt = cpu.storage.read8(addr + 5);
          const ok = len >= 8 && len <= 4096 && cpu.storage.has(addr, len) && (sc === 8 ? pbt === 5 : pbt !== 5);
          if (!ok) return setRc(DIAG308_RC_INVALID_IPIB);
          const block = cpu.storage.readBytes(addr, len);
          if (sc === 5) this.ipib = block;
          else this.pvIpib = block;
          return setRc(DIAG308_RC_OK);
        }
        const block = sc === 6 ? this.ipib : this.pvIpib;
        if (block === undefined) return setRc(DIAG308_RC_NOCONFIG);
        if (!cpu.storage.has(addr, block.length)) cpu.addressing();
        cpu.storage.writeBytes(addr, block);
        return setRc(DIAG308_RC_OK);
      }
      case 10:
        if (!unpack) cpu.specification();
        // No Ultravisor in the plain machine: the secure machine takes this subcode over.
        return setRc(this.pvIpib === undefined ? DIAG308_RC_NO_PV_CONF : DIAG308_RC_INVALID_FOR_PV);
      default:
        // 2 (release HSA), 4 (load normal, TCG), 7 and unknown subcodes.
        cpu.specification();
    }
  }
}
