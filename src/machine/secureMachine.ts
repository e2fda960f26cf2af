/**
 * A machine that boots IBM Secure Execution images (UV-SIE-NOTES §2.3, §8.2): the plain machine
 * (storage, CPU, SCLP, `-kernel` IPL) with the secure hypervisor in QEMU's place, the KVM-PV facade
 * and the emulated Ultravisor holding the host private keys. The image's own stage3a runs first,
 * asks for secure mode with DIAG 308 8/10, and on success the CPU continues in the secure guest
 * (stage3b, then the kernel) — `bootImage` is `runImage` for SE images.
 */
import { LimitError } from '../errors.js';
import { HostMemory } from '../uv/hostMemory.js';
import { KvmPv } from '../uv/kvmPv.js';
import type { UvCallRecord } from '../uv/ultravisor.js';
import { Ultravisor } from '../uv/ultravisor.js';
import { Sida } from '../uv/sida.js';
import {
  SUPPORTED_PCF,
  SUPPORTED_SCF_BEFORE_Z17,
  SUPPORTED_SCF_Z17,
  type UvCapabilities,
  type UvHostKey,
} from '../uv/setSecConfParams.js';
import type { MachineProfile } from './facilities.js';
import { PlainMachine } from './plainMachine.js';
import type { RunResult } from './run.js';
import { Sclp } from './sclp.js';
import { type ProtectFailure, SecureHypervisor } from './secureHypervisor.js';

export type { UvHostKey } from '../uv/setSecConfParams.js';

export interface BootOptions {
  /** The Ultravisor's host key pairs: [0] primary, the rest backup host keys (SE-FORMAT §2.4). */
  hostKeys: readonly UvHostKey[];
  /** Default 'z16'. z15/z16/z17 have facility 161; z14 and 'qemu' do not (stage3a stops 0x4607). */
  machine?: MachineProfile;
  /** Default 256 MiB. */
  memoryBytes?: number;
  maxInstructions?: number;
  trace?: (line: string) => void;
  console?: (text: string) => void;
  /** Override what the Ultravisor accepts (default: by machine profile). */
  capabilities?: UvCapabilities;
  /** Called right after the secure CPU was loaded, before it runs its first instruction. */
  onSecureStart?: (m: SecureMachine) => void;
}

export interface BootResult extends RunResult {
  /** Whether the guest reached secure mode. */
  secure: boolean;
  /** Every UV call in order, with rc/rrc. */
  uvCalls: readonly UvCallRecord[];
  /** The last failed DIAG 308 subcode 10 (KVM command and UV rc/rrc), if any. */
  failure?: ProtectFailure;
}

export function capabilitiesFor(profile: MachineProfile): UvCapabilities {
  return { supportedPcf: SUPPORTED_PCF, supportedScf: profile === 'z17' ? SUPPORTED_SCF_Z17 : SUPPORTED_SCF_BEFORE_Z17 };
}

export class SecureMachine {
  readonly machine: PlainMachine;
  readonly hypervisor: SecureHypervisor;
  readonly uv: Ultravisor;
  readonly kvm: KvmPv;
  /** Whether the secure CPU has been started at least once. */
  secureStarted = false;

  constructor(opts: BootOptions) {
    let hv: SecureHypervisor | undefined;
    this.machine = new PlainMachine({
      ...(opts.machine ? { machine: opts.machine } : {}),
      ...(opts.memoryBytes ? { memoryBytes: opts.memoryBytes } : {}),
      ...(opts.console ? { console: opts.console } : {}),
      ...(opts.trace ? { trace: opts.trace } : {}),
      hypervisor: (plain) => (hv = new SecureHypervisor(plain)),
    });
    const m = this.machine;
    this.hypervisor = hv!;
    const hostMemory = new HostMemory();
    this.uv = new Ultravisor({
      hostKeys: opts.hostKeys,
      capabilities: opts.capabilities ?? capabilitiesFor(m.profile),
      storage: m.storage,
      cpus: [m.cpu],
      hostMemory,
    });
    this.kvm = new KvmPv(this.uv, hostMemory, m.storage.size, 1);
    const sida = new Sida(m.storage.size);
    const sink = opts.console;
    const sidaSclp = new Sclp({
      storage: sida.storage,
      lineModeConsole: m.profile !== 'qemu',
      console: (t) => {
        m.consoleText += t;
        sink?.(t);
      },
    });
    this.hypervisor.attach({
      storage: m.storage,
      kvm: this.kvm,
      uv: this.uv,
      sida,
      sidaSclp,
      resetCpu: () => m.resetCpu(),
      reipl: () => m.plainHypervisor.control.reipl(),
      onSecureStart: () => {
        this.secureStarted = true;
        opts.onSecureStart?.(this);
      },
    });
  }

  /** IPL `image` at absolute 0 as QEMU `-kernel` does; stage3a starts. */
  ipl(image: Uint8Array): void {
    this.machine.ipl(image);
  }

  run(maxInstructions = Number.MAX_SAFE_INTEGER): RunResult['stop'] {
    return this.machine.run(maxInstructions);
  }

  /** Guest storage as the secure guest sees it (what the UV may read; the hypervisor may not). */
  guestView(addr: number, len: number): Uint8Array {
    return this.machine.storage.bytes.slice(addr, addr + len);
  }
}

/**
 * IPL a Secure Execution image as QEMU `-kernel` does on a machine with an Ultravisor holding
 * `hostKeys`, and run it to a stop. Throws LimitError when the image does not fit in memory.
 */
export function bootImage(image: Uint8Array, opts: BootOptions): BootResult {
  const sm = new SecureMachine(opts);
  if (image.length > sm.machine.storage.size) {
    throw new LimitError(`image of ${image.length} bytes does not fit in ${sm.machine.storage.size} bytes of memory`);
  }
  sm.ipl(image);
  const stop = sm.run(opts.maxInstructions ?? Number.MAX_SAFE_INTEGER);
  const c = sm.machine.cpu;
  const failure = sm.hypervisor.lastFailure;
  return {
    console: sm.machine.consoleText,
    stop,
    psw: c.psw,
    instructions: c.count,
    ...(c.stopDetail ? { detail: c.stopDetail } : {}),
    secure: sm.secureStarted,
    uvCalls: sm.uv.log,
    ...(failure ? { failure } : {}),
  };
}
