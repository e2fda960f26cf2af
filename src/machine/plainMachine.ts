/**
 * A plain (non-secure) s390x machine: storage, one CPU, the SCLP and the plain hypervisor, and
 * the IPL that `qemu-system-s390x -kernel IMAGE` performs (UV-SIE-NOTES §5.3, §7.5 item 2;
 * SE-FORMAT §4.1): the image is loaded at absolute 0; the entry is the address in the short PSW
 * at 0 (bits 33–63 of its word at offset 4), except that 0x800 (old kernels) becomes 0x10000, and
 * for entry 0x10000 the (empty) command line is copied to 0x10480 as QEMU does for Linux images;
 * the CPU starts with PSW mask 0x0000000180000000, all GRs 0, CR0 = 0xe0 and CR14 = 0xc2000000.
 */
import { Cpu, type CpuStop } from '../cpu/cpu.js';
import type { Hypervisor } from '../cpu/hypervisor.js';
import { LimitError } from '../errors.js';
import { Storage } from '../cpu/storage.js';
import { expandShortPsw } from '../cpu/psw.js';
import { cpuId, facilityList, type MachineProfile } from './facilities.js';
import { PlainHypervisor } from './plainHypervisor.js';
import { Sclp } from './sclp.js';
import { createTracer, type Tracer } from './trace.js';

/** Linux image layout constants QEMU's -kernel IPL uses. */
export const KERN_IMAGE_START = 0x10000;
export const KERN_PARM_AREA = 0x10480;

export const IPL_CR0 = 0xe0;
export const IPL_CR14 = 0xc200_0000;

export interface MachineOptions {
  machine?: MachineProfile;
  memoryBytes?: number;
  console?: (text: string) => void;
  trace?: (line: string) => void;
  /** Wrap the plain hypervisor (a secure machine intercepts DIAG 308 and friends this way). */
  hypervisor?: (plain: PlainHypervisor) => Hypervisor;
}

export class PlainMachine {
  readonly profile: MachineProfile;
  readonly storage: Storage;
  readonly sclp: Sclp;
  readonly plainHypervisor: PlainHypervisor;
  readonly cpu: Cpu;
  consoleText = '';
  private readonly tracer: Tracer | undefined;
  private image: Uint8Array = new Uint8Array(0);

  constructor(opts: MachineOptions = {}) {
    this.profile = opts.machine ?? 'z16';
    this.storage = new Storage(opts.memoryBytes ?? 256 * 1024 * 1024);
    const sink = opts.console;
    this.sclp = new Sclp({
      storage: this.storage,
      lineModeConsole: this.profile !== 'qemu',
      console: (t) => {
        this.consoleText += t;
        sink?.(t);
      },
    });
    this.plainHypervisor = new PlainHypervisor(this.sclp, {
      reipl: () => this.ipl(this.image),
      loadNormal: () => this.loadNormal(),
    });
    const hv = opts.hypervisor ? opts.hypervisor(this.plainHypervisor) : this.plainHypervisor;
    this.tracer = opts.trace ? createTracer(opts.trace) : undefined;
    this.cpu = new Cpu({
      storage: this.storage,
      hypervisor: hv,
      facilities: facilityList(this.profile),
      cpuId: cpuId(this.profile),
      ...(this.tracer ? { trace: this.tracer.trace } : {}),
    });
  }

  /** IPL `image` at absolute 0 as QEMU `-kernel` does. */
  ipl(image: Uint8Array): void {
    if (image.length > this.storage.size) {
      throw new LimitError(`image of ${image.length} bytes does not fit in ${this.storage.size} bytes of memory`);
    }
    this.image = image;
    this.storage.writeBytes(0, image);
    let entry = this.storage.read32(4) & 0x7fff_ffff;
    // QEMU decides by the PSW address alone ("S390EP" at 0x10008 plays no part in the entry).
    if (entry === KERN_IMAGE_START || entry === 0x800) {
      entry = KERN_IMAGE_START;
      // QEMU copies the (empty) command line into the kernel's parameter area.
      if (image.length > KERN_PARM_AREA) this.storage.write8(KERN_PARM_AREA, 0);
    }
    this.resetCpu();
    this.cpu.loadPsw(0x0000_0001, 0x8000_0000, 0, entry, true);
    this.tracer?.snapshot(this.cpu);
  }

  /** Reset and load normal: the PSW comes from the short PSW at absolute 0 (DIAG 308 0/1). */
  loadNormal(): void {
    this.resetCpu();
    const psw = expandShortPsw(this.storage.read64(0));
    const c = this.cpu;
    if (psw === undefined) {
      c.stop('check-stop', 'load normal: the PSW at absolute 0 is not a valid short PSW');
      return;
    }
    c.loadPsw(Number(psw.mask >> 32n), Number(psw.mask & 0xffff_ffffn), 0, Number(psw.addr), true);
    c.npc = c.pc;
    this.tracer?.snapshot(c);
  }

  /** Reset the CPU to its IPL state (registers, CR0/CR14, pending interruptions); used by IPL and the secure machine. */
  resetCpu(): void {
    const c = this.cpu;
    c.gh.fill(0);
    c.gl.fill(0);
    c.crh.fill(0);
    c.crl.fill(0);
    c.ar.fill(0);
    c.crl[0] = IPL_CR0;
    c.crl[14] = IPL_CR14;
    c.prefix = 0;
    c.serviceSignalPending = false;
    c.pendingOverflow = false;
    c.ckc = 0xffff_ffff_ffff_ffffn;
    c.stopped = undefined;
    c.attention = true;
  }

  /** Run until a stop or `maxInstructions` in total. */
  run(maxInstructions = Number.MAX_SAFE_INTEGER): CpuStop {
    return this.cpu.run(maxInstructions);
  }
}
