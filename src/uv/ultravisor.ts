/**
 * The emulated Ultravisor (UV-SIE-NOTES §1, §2.3, §8.2): firmware that alone holds the host private
 * keys, owns the secure configuration and its pages, and answers UV calls made with a UV control
 * block (`call(uvcb)` → condition code, rc/rrc written into the block as the real UV does, §1.1).
 *
 * Commands modelled (§0 item 1): CREATE_SEC_CONF, CREATE_SEC_CPU, SET_SEC_CONF_PARAMS (SE-FORMAT
 * §8.2, in `setSecConfParams.ts`), UNPACK_IMG and VERIFY_IMG (§8.3), CPU_SET_STATE, DESTROY_SEC_CPU,
 * DESTROY_SEC_CONF; anything else is rc 0x0002 (invalid command). QUI, sharing, dump, attestation
 * and secrets are not modelled.
 *
 * Secure memory (UV-SIE-NOTES §2.3 step 7, §8 item 5): pages become secure when unpacked; when the
 * secure CPU is first loaded every other page is cleared (it "starts out as a zero page") and all
 * guest storage becomes secure. While a configuration exists the machine's `Storage` accessors —
 * the hypervisor's only way into guest memory — refuse secure pages; the UV itself reads and writes
 * `Storage.bytes` directly. The SIDA copies (`sidaCopyIn`/`sidaCopyOut`) are the UV's part of an
 * instruction intercept: operands travel between guest storage and the SIDA, never to the host.
 */
import type { Cpu } from '../cpu/cpu.js';
import { PAGE_SIZE, type Storage } from '../cpu/storage.js';
import { createXts, type XtsCipher } from '../crypto/xts.js';
import { PCF_FLAGS, flagMask } from '../format/controlFlags.js';
import { PageDigests } from '../format/pageDigests.js';
import type { OpenedSeHeader, SealedSeHeader } from '../format/seHeader.js';
import { pageTweak } from '../format/tweak.js';
import type { HostMemory } from './hostMemory.js';
import { PageOwnership } from './pageOwnership.js';
import {
  RC_UNPACK_ADDRESS,
  RC_UNPACK_PAGE_SECURE,
  RC_UNPACK_VERIFY_MISMATCH,
  RRC_ALD_MISMATCH,
  RRC_NEP_MISMATCH,
  RRC_PLD_MISMATCH,
  RRC_TLD_MISMATCH,
  UVC_CC_ERROR,
  UVC_CC_OK,
  UVC_RC_EXECUTED,
  UVC_RC_INV_CHANDLE,
  UVC_RC_INV_CMD,
  UVC_RC_INV_GHANDLE,
  UVC_RC_INV_LEN,
  UVC_RC_INV_STATE,
  type UvResult,
} from './returnCodes.js';
import { setSecConfParams, type UvCapabilities, type UvHostKey } from './setSecConfParams.js';
import {
  CPU_STATE_OPR,
  CPU_STATE_OPR_LOAD,
  CPU_STATE_STP,
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
  uvcbHeader,
  uvcbNoData,
  uvcbSetSecConfParams,
  uvcbUnpack,
} from './uvcb.js';

/** Secure-configuration states (UV-SIE-NOTES §2.3, "emulator state machine"). */
export type SecureConfigState = 'created' | 'header-set' | 'verified' | 'running';

/** One secure configuration: what SET_SEC_CONF_PARAMS accepted and what UNPACK has fed so far. */
interface SecureConfiguration {
  readonly handle: bigint;
  state: SecureConfigState;
  header?: { opened: OpenedSeHeader; sealed: SealedSeHeader; pcf: bigint; slotIndex: number };
  digests?: PageDigests;
  xts?: XtsCipher;
  readonly cpus: Map<bigint, { num: number; cpu: Cpu; loaded: boolean }>;
}

/** One UV call as the UV saw it (a transcript for tests, UV-SIE-NOTES §7.5 item 5). */
export interface UvCallRecord {
  readonly cmd: number;
  readonly rc: number;
  readonly rrc: number;
}

export interface UltravisorOptions {
  /** Host key pairs: [0] the primary host key, further entries backup host keys (SE-FORMAT §2.4). */
  hostKeys: readonly UvHostKey[];
  capabilities: UvCapabilities;
  /** Guest storage (absolute addresses; the configuration's MSO is 0 as under KVM). */
  storage: Storage;
  /** The machine's CPUs, by CPU address (CREATE_SEC_CPU `num`). */
  cpus: readonly Cpu[];
  hostMemory: HostMemory;
}

const GUEST_HANDLE_BASE = 0x5e0_0000n;
const CPU_HANDLE_BASE = 0xc0_0000n;
const PCF_NO_DECRYPTION = flagMask(PCF_FLAGS.noImageDecryption);
const ZERO_CHUNK = new Uint8Array(1 << 20);

export class Ultravisor {
  private readonly hostKeys: readonly UvHostKey[];
  private readonly caps: UvCapabilities;
  private readonly storage: Storage;
  private readonly cpus: readonly Cpu[];
  private readonly hostMemory: HostMemory;
  private readonly ownership: PageOwnership;
  private config: SecureConfiguration | undefined;
  private configs = 0;
  /** Every call, in order. */
  readonly log: UvCallRecord[] = [];

  constructor(opts: UltravisorOptions) {
    this.hostKeys = opts.hostKeys;
    this.caps = opts.capabilities;
    this.storage = opts.storage;
    this.cpus = opts.cpus;
    this.hostMemory = opts.hostMemory;
    this.ownership = new PageOwnership(opts.storage.size);
  }

  /** The state of the secure configuration, if one exists. */
  get state(): SecureConfigState | undefined {
    return this.config?.state;
  }

  /** Whether guest page `addr` is secure. */
  isSecure(addr: number): boolean {
    return this.ownership.isSecure(addr);
  }

  /**
   * Execute the UV call whose control block is `uvcb` (UVC instruction, UV-SIE-NOTES §1.1). Returns
   * the condition code; rc and rrc are stored in the block's header.
   */
  call(uvcb: Uint8Array): number {
    const h = uvcbHeader.parse(uvcb, 0);
    const r = this.dispatch(h.cmd, h.len, uvcb);
    uvcbHeader.write(uvcb, 0, { len: h.len, cmd: h.cmd, rc: r.rc, rrc: r.rrc });
    this.log.push({ cmd: h.cmd, rc: r.rc, rrc: r.rrc });
    return r.rc === UVC_RC_EXECUTED ? UVC_CC_OK : UVC_CC_ERROR;
  }

  private dispatch(cmd: number, len: number, uvcb: Uint8Array): UvResult {
    const exact = (size: number) => len === size && uvcb.length >= size;
    const res = (rc: number, rrc = 0): UvResult => ({ rc, rrc });
    switch (cmd) {
      case UVC_CMD_CREATE_SEC_CONF:
        return exact(uvcbCreateSecConf.size) ? this.createSecConf(uvcb) : res(UVC_RC_INV_LEN);
      case UVC_CMD_CREATE_SEC_CPU:
        return exact(uvcbCreateSecCpu.size) ? this.createSecCpu(uvcb) : res(UVC_RC_INV_LEN);
      case UVC_CMD_SET_SEC_CONF_PARAMS:
        return exact(uvcbSetSecConfParams.size) ? this.setSecConfParams(uvcb) : res(UVC_RC_INV_LEN);
      case UVC_CMD_UNPACK_IMG:
        return exact(uvcbUnpack.size) ? this.unpack(uvcb) : res(UVC_RC_INV_LEN);
      case UVC_CMD_VERIFY_IMG:
        return exact(uvcbNoData.size) ? this.verify(uvcb) : res(UVC_RC_INV_LEN);
      case UVC_CMD_CPU_SET_STATE:
        return exact(uvcbCpuSetState.size) ? this.cpuSetState(uvcb) : res(UVC_RC_INV_LEN);
      case UVC_CMD_DESTROY_SEC_CPU:
        return exact(uvcbNoData.size) ? this.destroySecCpu(uvcb) : res(UVC_RC_INV_LEN);
      case UVC_CMD_DESTROY_SEC_CONF:
        return exact(uvcbNoData.size) ? this.destroySecConf(uvcb) : res(UVC_RC_INV_LEN);
      default:
        return res(UVC_RC_INV_CMD);
    }
  }

  private configOf(handle: bigint): SecureConfiguration | undefined {
    return this.config !== undefined && this.config.handle === handle ? this.config : undefined;
  }

  private cpuOf(handle: bigint): { conf: SecureConfiguration; entry: { num: number; cpu: Cpu; loaded: boolean } } | undefined {
    const conf = this.config;
    const entry = conf?.cpus.get(handle);
    return conf && entry ? { conf, entry } : undefined;
  }

  private createSecConf(uvcb: Uint8Array): UvResult {
    const cb = uvcbCreateSecConf.parse(uvcb, 0);
    // [inf] One configuration at a time (a KVM guest has one); a second one is an invalid state.
    if (this.config !== undefined) return { rc: UVC_RC_INV_STATE, rrc: 0 };
    // UV-SIE-NOTES §1.3 CREATE_SEC_CONF: 0x101 MSO beyond the maximum, 0x102 MSO + MSL beyond it.
    if (cb.guest_stor_origin !== 0n) return { rc: 0x0101, rrc: 0 };
    if (cb.guest_stor_len === 0n || cb.guest_stor_len > BigInt(this.storage.size)) return { rc: 0x0102, rrc: 0 };
    const handle = GUEST_HANDLE_BASE + BigInt(++this.configs);
    this.config = { handle, state: 'created', cpus: new Map() };
    this.storage.accessCheck = (addr, len) => this.ownership.checkHostAccess(addr, len);
    uvcbCreateSecConf.write(uvcb, 0, { ...cb, guest_handle: handle });
    return { rc: UVC_RC_EXECUTED, rrc: 0 };
  }

  private createSecCpu(uvcb: Uint8Array): UvResult {
    const cb = uvcbCreateSecCpu.parse(uvcb, 0);
    const conf = this.configOf(cb.guest_handle);
    if (conf === undefined) return { rc: UVC_RC_INV_GHANDLE, rrc: 0 };
    const cpu = this.cpus[cb.num];
    if (cpu === undefined) return { rc: 0x0103, rrc: 0 }; // CPU number too large (§1.3)
    const handle = CPU_HANDLE_BASE + BigInt(cb.num);
    if (conf.cpus.has(handle)) return { rc: 0x0104, rrc: 0 }; // already defined (§1.3)
    conf.cpus.set(handle, { num: cb.num, cpu, loaded: false });
    uvcbCreateSecCpu.write(uvcb, 0, { ...cb, cpu_handle: handle });
    return { rc: UVC_RC_EXECUTED, rrc: 0 };
  }

  private setSecConfParams(uvcb: Uint8Array): UvResult {
    const cb = uvcbSetSecConfParams.parse(uvcb, 0);
    const conf = this.configOf(cb.guest_handle);
    if (conf === undefined) return { rc: UVC_RC_INV_GHANDLE, rrc: 0 };
    if (conf.state !== 'created') return { rc: UVC_RC_INV_STATE, rrc: 0 };
    const header = this.hostMemory.read(cb.sec_header_origin, cb.sec_header_len);
    const out = setSecConfParams(header, this.hostKeys, this.caps);
    if (out.opened === undefined) return out.result;
    const pcf = out.sealed.head.pcf;
    conf.header = { opened: out.opened, sealed: out.sealed, pcf, slotIndex: out.slotIndex };
    conf.digests = new PageDigests();
    // PCF bit 35: pages are stored in plaintext and not decrypted (SE-FORMAT §1.8, §3.5).
    if ((pcf & PCF_NO_DECRYPTION) === 0n) conf.xts = createXts(out.opened.xtsKey);
    conf.state = 'header-set';
    return out.result;
  }

  private unpack(uvcb: Uint8Array): UvResult {
    const cb = uvcbUnpack.parse(uvcb, 0);
    const conf = this.configOf(cb.guest_handle);
    if (conf === undefined) return { rc: UVC_RC_INV_GHANDLE, rrc: 0 };
    if (conf.state !== 'header-set' || conf.digests === undefined) return { rc: UVC_RC_INV_STATE, rrc: 0 };
    if (cb.gaddr % BigInt(PAGE_SIZE) !== 0n || cb.gaddr + BigInt(PAGE_SIZE) > BigInt(this.storage.size)) {
      return { rc: RC_UNPACK_ADDRESS, rrc: 0 };
    }
    const addr = Number(cb.gaddr);
    if (this.ownership.isSecure(addr)) return { rc: RC_UNPACK_PAGE_SECURE, rrc: 0 };
    if (cb.tweak1 > BigInt(Number.MAX_SAFE_INTEGER)) return { rc: RC_UNPACK_ADDRESS, rrc: 0 };
    const page = this.storage.bytes.subarray(addr, addr + PAGE_SIZE);
    const tweak = pageTweak(cb.tweak0, Number(cb.tweak1));
    // SE-FORMAT §8.3: digest the page as it is in guest memory (the ciphertext) before decrypting.
    conf.digests.addPage(cb.gaddr, tweak, page);
    if (conf.xts !== undefined) conf.xts.decrypt(tweak, page, page);
    this.storage.touched(addr, PAGE_SIZE);
    this.ownership.makeSecure(addr);
    return { rc: UVC_RC_EXECUTED, rrc: 0 };
  }

  private verify(uvcb: Uint8Array): UvResult {
    const cb = uvcbNoData.parse(uvcb, 0);
    const conf = this.configOf(cb.handle);
    if (conf === undefined) return { rc: UVC_RC_INV_GHANDLE, rrc: 0 };
    if (conf.state !== 'header-set' || conf.digests === undefined || conf.header === undefined) return { rc: UVC_RC_INV_STATE, rrc: 0 };
    const got = conf.digests.digest();
    conf.digests = undefined;
    const head = conf.header.sealed.head;
    const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
    // SE-FORMAT §8.3 [inf]: the order of comparison is unknown; report count, ALD, PLD, TLD.
    const mismatch = (rrc: number): UvResult => ({ rc: RC_UNPACK_VERIFY_MISMATCH, rrc });
    if (got.nep !== head.nep) return mismatch(RRC_NEP_MISMATCH);
    if (!same(got.ald, head.ald)) return mismatch(RRC_ALD_MISMATCH);
    if (!same(got.pld, head.pld)) return mismatch(RRC_PLD_MISMATCH);
    if (!same(got.tld, head.tld)) return mismatch(RRC_TLD_MISMATCH);
    conf.state = 'verified';
    return { rc: UVC_RC_EXECUTED, rrc: 0 };
  }

  private cpuSetState(uvcb: Uint8Array): UvResult {
    const cb = uvcbCpuSetState.parse(uvcb, 0);
    const found = this.cpuOf(cb.cpu_handle);
    if (found === undefined) return { rc: UVC_RC_INV_CHANDLE, rrc: 0 };
    const { conf, entry } = found;
    switch (cb.state) {
      case CPU_STATE_OPR_LOAD:
        if (conf.state === 'verified') {
          this.startSecureGuest(conf);
          const psw = conf.header!.opened.psw;
          this.loadPsw(entry.cpu, psw.mask, psw.addr);
        } else if (conf.state === 'running') {
          // A PV reset (DIAG 308 0/1): load normal from absolute 0 of the secure guest (§3 table).
          this.loadShortPsw(entry.cpu);
        } else return { rc: UVC_RC_INV_STATE, rrc: 0 };
        entry.loaded = true;
        return { rc: UVC_RC_EXECUTED, rrc: 0 };
      case CPU_STATE_OPR:
        return entry.loaded ? { rc: UVC_RC_EXECUTED, rrc: 0 } : { rc: UVC_RC_INV_STATE, rrc: 0 };
      case CPU_STATE_STP:
        return { rc: UVC_RC_EXECUTED, rrc: 0 };
      default:
        return { rc: UVC_RC_INV_STATE, rrc: 0 };
    }
  }

  private destroySecCpu(uvcb: Uint8Array): UvResult {
    const cb = uvcbNoData.parse(uvcb, 0);
    const found = this.cpuOf(cb.handle);
    if (found === undefined) return { rc: UVC_RC_INV_CHANDLE, rrc: 0 };
    found.conf.cpus.delete(cb.handle);
    return { rc: UVC_RC_EXECUTED, rrc: 0 };
  }

  private destroySecConf(uvcb: Uint8Array): UvResult {
    const cb = uvcbNoData.parse(uvcb, 0);
    const conf = this.configOf(cb.handle);
    if (conf === undefined) return { rc: UVC_RC_INV_GHANDLE, rrc: 0 };
    if (conf.cpus.size !== 0) return { rc: UVC_RC_INV_STATE, rrc: 0 };
    // [inf] Secure pages go back to the host cleared: no decrypted byte leaves the configuration.
    for (const p of this.ownership.securePages()) {
      this.storage.bytes.fill(0, p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
      this.storage.touched(p * PAGE_SIZE, PAGE_SIZE);
    }
    this.ownership.releaseAll();
    this.storage.accessCheck = undefined;
    this.config = undefined;
    return { rc: UVC_RC_EXECUTED, rrc: 0 };
  }

  /**
   * First load of the secure CPU after VERIFY: every page that was not unpacked reads as zero from
   * now on and all guest storage is secure (UV-SIE-NOTES §2.3 step 7, §8 item 5).
   */
  private startSecureGuest(conf: SecureConfiguration): void {
    const mem = this.storage.bytes;
    const chunk = ZERO_CHUNK.length;
    for (let base = 0; base < mem.length; base += chunk) {
      const end = Math.min(base + chunk, mem.length);
      if (Buffer.from(mem.buffer, mem.byteOffset + base, end - base).equals(Buffer.from(ZERO_CHUNK.buffer, 0, end - base))) continue;
      for (let a = base; a < end; a += PAGE_SIZE) {
        if (this.ownership.isSecure(a)) continue;
        mem.fill(0, a, a + PAGE_SIZE);
        this.storage.touched(a, PAGE_SIZE);
      }
    }
    this.ownership.makeAllSecure();
    conf.state = 'running';
  }

  private loadPsw(cpu: Cpu, mask: bigint, addr: bigint): void {
    const hi = Number(mask >> 32n) | 0;
    const lo = Number(mask & 0xffff_ffffn) | 0;
    const valid = cpu.loadPsw(hi, lo, Number(addr >> 32n) | 0, Number(addr & 0xffff_ffffn) | 0, true);
    cpu.npc = cpu.pc;
    // [inf] An invalid sealed PSW would make the UV refuse to start the CPU; the model check-stops.
    if (!valid) cpu.stop('check-stop', `the PSW in the SE header is invalid: 0x${mask.toString(16)} 0x${addr.toString(16)}`);
  }

  /** Load normal from the short PSW at absolute 0 (UV-SIE-NOTES §3, subcodes 0/1 in PV). */
  private loadShortPsw(cpu: Cpu): void {
    const m = this.storage.bytes;
    const w0 = ((m[0]! << 24) | (m[1]! << 16) | (m[2]! << 8) | m[3]!) >>> 0;
    const w1 = ((m[4]! << 24) | (m[5]! << 16) | (m[6]! << 8) | m[7]!) >>> 0;
    if ((w0 & 0x0008_0000) === 0) {
      cpu.stop('check-stop', 'load normal: the PSW at absolute 0 of the secure guest is not a valid short PSW');
      return;
    }
    this.loadPsw(cpu, (BigInt((w0 ^ 0x0008_0000) >>> 0) << 32n) | BigInt(w1 & 0x8000_0000), BigInt(w1 & 0x7fff_ffff));
  }

  /**
   * Intercept, UV part: copy `len` bytes of secure guest storage at `addr` into the SIDA
   * (UV-SIE-NOTES §6 "instruction operands … in the SIDA").
   */
  sidaCopyIn(addr: number, len: number, sida: Uint8Array): void {
    sida.fill(0);
    sida.set(this.storage.bytes.subarray(addr, addr + len), 0);
  }

  /** Intercept completion: copy the first `len` SIDA bytes back to guest storage at `addr`. */
  sidaCopyOut(addr: number, len: number, sida: Uint8Array): void {
    this.storage.bytes.set(sida.subarray(0, len), addr);
    this.storage.touched(addr, len);
  }
}
