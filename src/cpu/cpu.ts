/**
 * One z/Architecture CPU: architected state, the fetch–decode–execute loop with a decoded-
 * instruction cache, address generation for 24/31/64-bit modes, storage operand access, and the
 * interruption mechanism (program, SVC, external; UV-SIE-NOTES §5.2–§5.3).
 *
 * State is kept without BigInt on the hot path: each 64-bit register is an (hi, lo) pair of int32
 * values in two Int32Arrays. The PSW is split into its first and second mask words, the condition
 * code, the program mask and the instruction address (a number; addresses ≥ 2^32 are never
 * inside storage and fail with an addressing exception).
 *
 * Hot code runs as generated JavaScript (`compileBlock`): basic blocks, chained into regions,
 * with inline forms of the common instructions (`InstructionDef.jit`); tracing single-steps
 * through `decodeAt`/`exec` instead. Both must give identical results (test/cpu/blockCompiler).
 *
 * Everything the architecture leaves to the machine (DIAG, SERVC, SIGP, what to do in a wait)
 * goes to a `Hypervisor`.
 */
import type { Hypervisor } from './hypervisor.js';
import { Decoded, extractFields, instructionLength, opcodeKey, type ExecFn } from './formats.js';
import { decodeTable } from './instructions.js';
import {
  CR0_CLOCK_COMPARATOR,
  CR0_SERVICE_SIGNAL,
  EXT_CLOCK_COMPARATOR,
  EXT_SERVICE_SIGNAL,
  LC_EXT_CPU_ADDR,
  LC_EXT_INT_CODE,
  LC_EXT_NEW_PSW,
  LC_EXT_OLD_PSW,
  LC_EXT_PARAMS,
  LC_PGM_CODE,
  LC_PGM_ILC,
  LC_PGM_NEW_PSW,
  LC_PGM_OLD_PSW,
  LC_SVC_CODE,
  LC_SVC_ILC,
  LC_SVC_NEW_PSW,
  LC_SVC_OLD_PSW,
  PGM_ADDRESSING,
  PGM_EXECUTE,
  PGM_OPERATION,
  PGM_PRIVILEGED,
  PGM_SPECIFICATION,
  ProgramException,
} from './interruption.js';
import {
  PSW_HI_CC,
  PSW_HI_EA,
  PSW_HI_EXT,
  PSW_HI_IO,
  PSW_HI_MCHK,
  PSW_HI_PM,
  PSW_HI_PROBLEM,
  PSW_HI_SHORT,
  PSW_HI_WAIT,
  PSW_LO_BA,
  addressingMode,
  type Psw,
} from './psw.js';
import { CODE_SHIFT, PAGE_SHIFT, type Storage } from './storage.js';

/** Most basic blocks compiled into one region function (see `Cpu.compileBlock`). */
const REGION_BLOCKS = 8;

/** Branches whose target is `address + ri` and known when the block is compiled. */
const RELATIVE_BRANCHES = new Set([
  'brc', 'brcl', 'brct', 'brctg', 'brcth', 'brxh', 'brxle', 'brxhg', 'brxlg',
  'crj', 'cgrj', 'clrj', 'clgrj', 'cij', 'cgij', 'clij', 'clgij',
]);

/**
 * A compiled region of basic blocks: `run` starts at the block at `c.pc`; `length` is its longest
 * block (the most instructions it runs before it checks the instruction limit).
 */
interface Block {
  run: (c: Cpu) => void;
  length: number;
  /** Address range [start, end) of its instructions (for invalidation). */
  start: number;
  end: number;
}

export type CpuStop = 'disabled-wait' | 'max-instructions' | 'check-stop';

/** An address that is never inside storage (the result of a 64-bit address ≥ 2^32). */
const BAD_ADDR = 2 ** 52;
const TWO32 = 4294967296;
/** Deterministic TOD clock: TOD units (2^-12 µs) per executed instruction. */
const TOD_PER_INSN = 4n;

export interface CpuOptions {
  storage: Storage;
  hypervisor: Hypervisor;
  /** Facility list stored by STFLE/STFL, bit 0 = MSB of byte 0. */
  facilities: Uint8Array;
  /** CPU ID stored by STIDP. */
  cpuId: bigint;
  /** TOD clock value at instruction 0. */
  todBase?: bigint;
  /**
   * Called after each instruction (also one that ended in a program exception, before the
   * interruption is taken) with its address and decode (undefined when it could not be fetched).
   */
  trace?: CpuTrace;
}

/** Per-instruction trace hook; `exception` is true when the instruction ended in a program exception. */
export type CpuTrace = (cpu: Cpu, addr: number, d: Decoded | undefined, exception: boolean) => void;

export class Cpu {
  /** General registers: high and low 32 bits. */
  readonly gh = new Int32Array(16);
  readonly gl = new Int32Array(16);
  /** Control registers: high and low 32 bits. */
  readonly crh = new Int32Array(16);
  readonly crl = new Int32Array(16);
  /** Access registers (only saved/restored; no AR mode). */
  readonly ar = new Int32Array(16);
  /** Scratch for multi-word results of int64 helpers. */
  readonly tmp = new Int32Array(4);

  /** PSW first mask word without CC/program mask, second mask word, CC, program mask, address. */
  pswHi = 0;
  pswLo = 0;
  cc = 0;
  pm = 0;
  pc = 0;
  /** Address of the next sequential instruction; branches overwrite it. */
  npc = 0;
  amode: 24 | 31 | 64 = 64;
  prefix = 0;

  readonly storage: Storage;
  readonly mem: Uint8Array;
  readonly memSize: number;
  readonly codeMap: Uint8Array;
  hypervisor: Hypervisor;
  readonly facilities: Uint8Array;
  readonly cpuId: bigint;
  readonly cpuAddress = 0;

  /** Instructions executed so far (program-exception attempts included). */
  count = 0;
  /** The instruction limit of the current `run` (compiled regions chain blocks only below it). */
  runLimit = 0;
  /** Set when the run loop must look at interruptions, wait state or stop before the next instruction. */
  attention = false;
  stopped: CpuStop | undefined;
  stopDetail = '';

  serviceSignalPending = false;
  serviceSignalParam = 0;
  /** Clock comparator (TOD units); armed when set by SCKC. */
  ckc: bigint = 0xffff_ffff_ffff_ffffn;
  todBase: bigint;
  /** TOD advance added when an enabled wait is skipped up to the clock comparator. */
  todSkew = 0n;
  cpuTimer = 0n;
  /** PSW mask words and CC before the instruction being traced (for the trace line). */
  tracePswHi = 0;
  tracePswLo = 0;
  traceCc = 0;
  /** Fixed-point overflow recognised by the last instruction with the PSW mask bit on. */
  pendingOverflow = false;

  readonly pgm = new ProgramException();
  private readonly icache: (Decoded[] | undefined)[];
  /** Compiled basic blocks by start address (same page structure as `icache`). */
  private readonly bcache: (Block[] | undefined)[];
  /** Per-instruction hook; while set, the CPU runs one instruction at a time (no compiled blocks). */
  trace: CpuTrace | undefined;

  constructor(opts: CpuOptions) {
    this.storage = opts.storage;
    this.mem = opts.storage.bytes;
    this.memSize = opts.storage.size;
    this.codeMap = opts.storage.codeMap;
    this.hypervisor = opts.hypervisor;
    this.facilities = opts.facilities;
    this.cpuId = opts.cpuId;
    this.todBase = opts.todBase ?? 0xd000_0000_0000_0000n;
    this.trace = opts.trace;
    this.icache = new Array<Decoded[] | undefined>(this.memSize >>> PAGE_SHIFT);
    this.bcache = new Array<Block[] | undefined>(this.memSize >>> PAGE_SHIFT);
    opts.storage.onCodeWrite = (g) => this.invalidateGranule(g);
  }

  // ---------------------------------------------------------------- PSW

  /** The current 128-bit PSW (mask with CC and program mask merged in). */
  get psw(): Psw {
    const hi = (this.pswHi | (this.cc << 12) | (this.pm << 8)) >>> 0;
    return { mask: (BigInt(hi) << 32n) | BigInt(this.pswLo >>> 0), addr: BigInt(this.pc) };
  }

  /**
   * Load a 16-byte PSW (LPSWE, interruptions, IPL). An invalid PSW is installed and then
   * recognised as an early specification exception (ILC 0), as the Principles of Operation define.
   * Returns false when the PSW was invalid (the exception is then thrown unless `noThrow`).
   */
  loadPsw(maskHi: number, maskLo: number, addrHi: number, addrLo: number, noThrow = false): boolean {
    this.pswHi = maskHi & ~(PSW_HI_CC | PSW_HI_PM);
    this.pswLo = maskLo;
    this.cc = (maskHi >>> 12) & 3;
    this.pm = (maskHi >>> 8) & 0xf;
    const addr = (addrHi >>> 0) * TWO32 + (addrLo >>> 0);
    this.pc = addrHi === 0 ? addrLo >>> 0 : addr < BAD_ADDR ? addr : BAD_ADDR;
    this.npc = this.pc;
    this.attention = true;
    const mode = addressingMode(maskHi, maskLo);
    let valid =
      mode !== 0 &&
      (maskHi & (0x8000_0000 | 0x3800_0000 | PSW_HI_SHORT | 0x7e)) === 0 &&
      (maskLo & 0x7fff_ffff) === 0;
    if (mode === 31 && this.pc > 0x7fff_ffff) valid = false;
    if (mode === 24 && this.pc > 0xff_ffff) valid = false;
    this.amode = mode === 0 ? 64 : mode;
    if (!valid && !noThrow) this.earlySpecification();
    return valid;
  }

  /** Set the PSW's address-mode bits (SAM24/31/64). */
  setAddressingMode(mode: 24 | 31 | 64): void {
    this.pswHi = mode === 64 ? this.pswHi | PSW_HI_EA : this.pswHi & ~PSW_HI_EA;
    this.pswLo = mode === 24 ? this.pswLo & ~PSW_LO_BA : this.pswLo | PSW_LO_BA;
    this.amode = mode;
  }

  /** Replace the PSW system-mask byte (bits 0–7) — SSM, STOSM, STNSM. */
  setSystemMask(byte: number): void {
    this.pswHi = ((byte & 0xff) << 24) | (this.pswHi & 0x00ff_ffff);
    this.attention = true;
  }

  get problemState(): boolean {
    return (this.pswHi & PSW_HI_PROBLEM) !== 0;
  }

  /** Write the current PSW (with `addr` as instruction address) as 16 bytes at real `at`. */
  storePsw(at: number, addr: number): void {
    const hi = this.pswHi | (this.cc << 12) | (this.pm << 8);
    this.w32(at, hi);
    this.w32(at + 4, this.pswLo);
    this.w32(at + 8, Math.floor(addr / TWO32));
    this.w32(at + 12, addr >>> 0);
  }

  private loadPswFrom(at: number, noThrow: boolean): boolean {
    return this.loadPsw(this.r32(at), this.r32(at + 4), this.r32(at + 8), this.r32(at + 12), noThrow);
  }

  // ---------------------------------------------------------------- exceptions

  /** Recognise a program exception in the current instruction (suppressing/completing: PSW advances). */
  programException(code: number): never {
    this.pgm.code = code;
    this.pgm.atFetch = false;
    throw this.pgm;
  }
  specification(): never {
    return this.programException(PGM_SPECIFICATION);
  }
  addressing(): never {
    return this.programException(PGM_ADDRESSING);
  }
  privileged(): never {
    return this.programException(PGM_PRIVILEGED);
  }
  /** An exception recognised before an instruction exists (PSW not advanced, ILC 0). */
  private earlySpecification(): never {
    this.pgm.code = PGM_SPECIFICATION;
    this.pgm.atFetch = true;
    throw this.pgm;
  }

  private deliverProgram(): void {
    const e = this.pgm;
    const ilc = e.atFetch ? 0 : this.npc - this.pc;
    const old = e.atFetch ? this.pc : this.npc;
    this.count++;
    this.w16(LC_PGM_ILC, ilc);
    this.w16(LC_PGM_CODE, e.code);
    this.storePsw(LC_PGM_OLD_PSW, old);
    if (!this.loadPswFrom(LC_PGM_NEW_PSW, true)) {
      this.stop('check-stop', `program-new PSW invalid after program interruption 0x${e.code.toString(16)}`);
    }
  }

  /** SUPERVISOR CALL interruption (completing: old PSW points past the SVC). */
  supervisorCall(code: number): void {
    this.w16(LC_SVC_ILC, this.npc - this.pc);
    this.w16(LC_SVC_CODE, code);
    this.storePsw(LC_SVC_OLD_PSW, this.npc);
    this.loadPswFrom(LC_SVC_NEW_PSW, true);
    this.npc = this.pc;
  }

  private deliverExternal(code: number, param: number): void {
    this.w32(LC_EXT_PARAMS, param);
    this.w16(LC_EXT_CPU_ADDR, this.cpuAddress);
    this.w16(LC_EXT_INT_CODE, code);
    this.storePsw(LC_EXT_OLD_PSW, this.pc);
    if (!this.loadPswFrom(LC_EXT_NEW_PSW, true)) this.stop('check-stop', 'external-new PSW invalid');
  }

  /** Make a service-signal external interruption pending (SCLP completion, UV-SIE-NOTES §5.1). */
  injectServiceSignal(param: number): void {
    this.serviceSignalPending = true;
    this.serviceSignalParam = param >>> 0;
    this.attention = true;
  }

  stop(reason: CpuStop, detail = ''): void {
    this.stopped = reason;
    this.stopDetail = detail;
    this.attention = true;
  }

  /** TOD clock value now (deterministic: advances with executed instructions). */
  tod(): bigint {
    return this.todBase + BigInt(this.count) * TOD_PER_INSN + this.todSkew;
  }

  /**
   * Deliver what is pending and deliverable; handle the wait state. Returns false when the
   * CPU stopped.
   */
  private service(): boolean {
    for (;;) {
      this.attention = false;
      if (this.stopped !== undefined) return false;
      if (this.pendingOverflow) {
        this.pendingOverflow = false;
        this.pgm.code = 0x08;
        this.pgm.atFetch = false;
        this.pc = this.lastPc;
        this.deliverProgram();
        continue;
      }
      const ext = (this.pswHi & PSW_HI_EXT) !== 0;
      if (ext && this.serviceSignalPending && (this.crl[0]! & CR0_SERVICE_SIGNAL) !== 0) {
        this.serviceSignalPending = false;
        this.deliverExternal(EXT_SERVICE_SIGNAL, this.serviceSignalParam);
        continue;
      }
      if (ext && (this.crl[0]! & CR0_CLOCK_COMPARATOR) !== 0 && this.tod() >= this.ckc) {
        this.deliverExternal(EXT_CLOCK_COMPARATOR, 0);
        continue;
      }
      if ((this.pswHi & PSW_HI_WAIT) === 0) return true;
      if ((this.pswHi & (PSW_HI_EXT | PSW_HI_IO | PSW_HI_MCHK)) === 0) {
        this.stop('disabled-wait');
        return false;
      }
      // Enabled wait: time passes until the clock comparator fires, if it can.
      if (ext && (this.crl[0]! & CR0_CLOCK_COMPARATOR) !== 0 && this.ckc !== 0xffff_ffff_ffff_ffffn) {
        this.todSkew += this.ckc - this.tod();
        continue;
      }
      if (this.hypervisor.onWait(this)) continue;
      this.stop('check-stop', 'enabled wait with no interruption that can ever arrive');
      return false;
    }
  }

  /** Address of the instruction whose completion recognised a fixed-point overflow. */
  private lastPc = 0;

  /** Note a fixed-point overflow; it interrupts after the instruction completes if PSW bit 20 is on. */
  fixedOverflow(): void {
    if ((this.pm & 8) !== 0) {
      this.lastPc = this.pc;
      this.pendingOverflow = true;
      this.attention = true;
    }
  }

  // ---------------------------------------------------------------- run loop

  /** Run until stopped or `count` reaches `limit`. */
  run(limit: number): CpuStop {
    while (this.stopped === undefined && this.count < limit) {
      try {
        if (this.trace !== undefined) this.loopTraced(limit);
        else this.loop(limit);
      } catch (e) {
        if (e !== this.pgm) throw e;
        this.deliverProgram();
      }
    }
    return this.stopped ?? 'max-instructions';
  }

  /**
   * The fast loop: runs compiled basic blocks (see `compileBlock`); near `limit` it single-steps so
   * that `maxInstructions` is exact.
   */
  private loop(limit: number): void {
    const blocks = this.bcache;
    while (this.count < limit) {
      if (this.attention) {
        if (!this.service()) return;
        continue;
      }
      const pc = this.pc;
      const page = pc < TWO32 ? blocks[pc >>> PAGE_SHIFT] : undefined;
      let b = page === undefined ? undefined : page[(pc & 0xfff) >>> 1];
      if (b === undefined) b = this.compileBlock(pc);
      if (b.length > limit - this.count) return this.step(limit);
      this.runLimit = limit;
      b.run(this);
    }
  }

  /** Single-step up to `limit` (or until the next service point). */
  private step(limit: number): void {
    const cache = this.icache;
    while (this.count < limit) {
      if (this.attention) {
        if (!this.service()) return;
        continue;
      }
      const pc = this.pc;
      const page = cache[pc >>> PAGE_SHIFT];
      let d = page === undefined || pc >= TWO32 ? undefined : page[(pc & 0xfff) >>> 1];
      if (d === undefined) d = this.decodeAt(pc);
      this.npc = pc + d.len;
      d.exec(this, d);
      this.pc = this.npc;
      this.count++;
    }
  }

  private loopTraced(limit: number): void {
    const trace = this.trace!;
    while (this.count < limit) {
      if (this.attention) {
        if (!this.service()) return;
        continue;
      }
      const pc = this.pc;
      this.tracePswHi = this.pswHi;
      this.tracePswLo = this.pswLo;
      this.traceCc = this.cc;
      let d: Decoded | undefined;
      try {
        const page = pc < TWO32 ? this.icache[pc >>> PAGE_SHIFT] : undefined;
        d = page?.[(pc & 0xfff) >>> 1] ?? this.decodeAt(pc);
        this.npc = pc + d.len;
        d.exec(this, d);
      } catch (e) {
        trace(this, pc, d, true);
        throw e;
      }
      this.pc = this.npc;
      this.count++;
      trace(this, pc, d, false);
    }
  }

  /** Fetch and decode the instruction at `pc` (and cache it). */
  decodeAt(pc: number): Decoded {
    if ((pc & 1) !== 0 && pc < TWO32) {
      this.earlySpecification();
    }
    const m = this.mem;
    if (pc < 0 || pc + 2 > this.memSize) this.fetchAddressing();
    const b0 = m[pc]!;
    const len = instructionLength(b0);
    if (pc + len > this.memSize) this.fetchAddressing();
    const def = decodeTable[opcodeKey(b0, m[pc + 1]!, len === 6 ? m[pc + 5]! : 0)];
    if (def === undefined) {
      this.npc = pc + len;
      return this.programException(PGM_OPERATION);
    }
    const d = new Decoded(def);
    d.len = len;
    extractFields(def.format, m.subarray(pc, pc + len), d);
    if (def.privileged) d.exec = privilegedExec(def.exec);
    const p = pc >>> PAGE_SHIFT;
    let page = this.icache[p];
    if (page === undefined) {
      page = new Array<Decoded>(2048);
      this.icache[p] = page;
    }
    page[(pc & 0xfff) >>> 1] = d;
    this.codeMap[pc >>> CODE_SHIFT] = 1;
    this.codeMap[(pc + len - 1) >>> CODE_SHIFT] = 1;
    return d;
  }

  /** Decode the basic block at `pc`: up to the first instruction that can change the flow of control, the page end or 32 instructions. */
  private decodeBlock(pc: number, first: boolean): Decoded[] | undefined {
    const ds: Decoded[] = [];
    let a = pc;
    for (;;) {
      let d: Decoded;
      if (ds.length === 0 && first) d = this.decodeAt(a);
      else {
        const t = this.tryDecode(a);
        if (t === undefined) break;
        d = t;
      }
      ds.push(d);
      a += d.len;
      if (ds.length >= 32 || d.def.endsBlock || a >>> PAGE_SHIFT !== pc >>> PAGE_SHIFT) break;
    }
    return ds.length === 0 ? undefined : ds;
  }

  /**
   * Compile one basic block into a generated function calling each instruction's semantics from
   * its own call site (or inlining its template), so V8 sees a monomorphic call per instruction
   * and can inline it; it leaves early when an instruction branched (npc differs) or asked for
   * attention (interruption, wait, code write). Pure inline forms (`jitPure`) and storage-only
   * ones (`jitMem`) skip the PSW-address bookkeeping: a storage exception from the latter gets
   * its PSW address and count from `k` in a catch, exactly as if the bookkeeping had been done.
   */
  private compileSegment(pc: number, ds: Decoded[]): (c: Cpu) => void {
    const names: string[] = ['PCS'];
    const args: unknown[] = [[] as number[]];
    const pcs = args[0] as number[];
    let body = '';
    let at = pc;
    let lastFree = false;
    let anyMem = false;
    ds.forEach((d, i) => {
      names.push(`E${i}`, `D${i}`);
      args.push(d.exec, d);
      pcs.push(at);
      const next = at + d.len;
      const def = d.def;
      const inline = def.jit !== undefined && !def.privileged;
      let code = `E${i}(c, D${i});`;
      if (inline) {
        code = def.jit!(d, at).replace(/\$D/g, `D${i}`).replace(/\$K(\d)/g, (_m, k: string) => `K${i}_${k}`);
        (def.jitConsts ?? []).forEach((k, j) => {
          names.push(`K${i}_${j}`);
          args.push(k);
        });
      }
      const pure = inline && def.jitPure === true;
      const mem = inline && !pure && def.jitMem !== undefined;
      lastFree = pure || mem;
      // A fixed-point overflow ($OVF) in an inline form without bookkeeping does the PSW
      // bookkeeping itself and leaves if the overflow interruption is enabled (the instruction
      // completes first, PoP).
      const ovf = `if ((c.pm & 8) !== 0) { c.pc = ${at}; c.npc = ${next}; c.count = n0 + ${i}; c.fixedOverflow(); c.pc = ${next}; c.count = n0 + ${i + 1}; return; }`;
      if (pure) {
        // Cannot branch, fail or need attention: no PSW bookkeeping, no exit check.
        body += `${code.replace(/\$OVF/g, ovf)}\n`;
      } else if (mem) {
        // Can fail only in a storage access (the catch below sets the PSW address from `k`)
        // and ask for attention only by storing into code.
        anyMem = true;
        body += `k = ${i}; ${code.replace(/\$OVF/g, ovf)}\n`;
        if (def.jitMem === 'store' && i < ds.length - 1) body += `if (c.attention) { c.pc = ${next}; c.count = n0 + ${i + 1}; return; }\n`;
      } else {
        body += `${anyMem ? 'k = -1; ' : ''}c.pc = ${at}; c.npc = ${next};${i > 0 ? ` c.count = n0 + ${i};` : ''} ${code.replace(/\$OVF/g, 'c.fixedOverflow();')}\n`;
        if (i < ds.length - 1) body += `if (c.npc !== ${next} || c.attention) { c.pc = c.npc; c.count = n0 + ${i + 1}; return; }\n`;
      }
      at = next;
      pcs.push(next);
    });
    // pcs holds (address, next address) per instruction: PCS[2k], PCS[2k + 1].
    body += `${lastFree ? `c.pc = ${at};` : 'c.pc = c.npc;'} c.count = n0 + ${ds.length};\n`;
    if (anyMem) {
      body = `let k = -1;\ntry {\n${body}} catch (e) {\nif (k >= 0) { c.pc = PCS[2 * k]; c.npc = PCS[2 * k + 1]; c.count = n0 + k; }\nthrow e;\n}\n`;
    }
    body = `const n0 = c.count; let t = 0;\n${body}`;
    // Generated code: the block body above, built only from table-defined templates and numbers.
    return new Function(...names, `return function block(c) {\n${body}};`)(...args) as (c: Cpu) => void;
  }

  /**
   * Compile the region at `pc`: the basic block there plus the blocks on the same page that its
   * fall-through and relative-branch targets (transitively, up to REGION_BLOCKS) start. Each
   * block is its own generated function (`compileSegment`, so each keeps V8's inlining budget);
   * the region function dispatches among them with a `switch (c.pc)` in a loop, so a branch to
   * another block of the region (a loop back-edge, a taken or untaken conditional branch)
   * continues there instead of returning to the dispatcher, and any other target leaves. Between
   * blocks it leaves when attention is needed (interruption, wait, a store into code) or the next
   * block could overrun the instruction limit (`length` is the longest block, which the
   * dispatcher checks before entering), so `maxInstructions` stays exact.
   */
  private compileBlock(pc: number): Block {
    const segs: { pc: number; ds: Decoded[] }[] = [{ pc, ds: this.decodeBlock(pc, true)! }];
    const seen = new Set<number>([pc]);
    const pageOf = pc >>> PAGE_SHIFT;
    for (let k = 0; k < segs.length && segs.length < REGION_BLOCKS; k++) {
      const { pc: sp, ds } = segs[k]!;
      const last = ds[ds.length - 1]!;
      let end = sp;
      for (const d of ds) end += d.len;
      const lastPc = end - last.len;
      const targets = [end];
      if (RELATIVE_BRANCHES.has(last.def.mnemonic)) targets.unshift(lastPc + last.ri);
      for (const t of targets) {
        if (segs.length >= REGION_BLOCKS || seen.has(t) || t >>> PAGE_SHIFT !== pageOf || (t & 1) !== 0) continue;
        seen.add(t);
        const more = this.decodeBlock(t, false);
        if (more !== undefined) segs.push({ pc: t, ds: more });
      }
    }
    const fns: ((c: Cpu) => void)[] = [];
    let body = '';
    let lo = pc;
    let hi = pc;
    let maxLen = 0;
    segs.forEach(({ pc: sp, ds }, k) => {
      maxLen = Math.max(maxLen, ds.length);
      fns.push(this.compileSegment(sp, ds));
      let at = sp;
      for (const d of ds) at += d.len;
      body += `case ${sp}: S${k}(c); if (c.attention || c.count + ML > c.runLimit) return; continue;\n`;
      lo = Math.min(lo, sp);
      hi = Math.max(hi, at);
    });
    body = body.replace(/\bML\b/g, String(maxLen));
    // Generated code: a dispatcher over the region's compiled blocks.
    const run =
      segs.length === 1
        ? fns[0]!
        : (new Function(...fns.map((_f, k) => `S${k}`), `return function region(c) {\nfor (;;) {\nswitch (c.pc) {\n${body}default: return;\n}\n}\n};`)(...fns) as (c: Cpu) => void);
    const block: Block = { run, length: maxLen, start: lo, end: hi };
    let page = this.bcache[pageOf];
    if (page === undefined) {
      page = new Array<Block>(2048);
      this.bcache[pageOf] = page;
    }
    for (const { pc: sp } of segs) {
      const slot = (sp & 0xfff) >>> 1;
      if (sp === pc || page[slot] === undefined) page[slot] = block;
    }
    return block;
  }

  /** Decode without recognising exceptions (for the tail of a block). */
  private tryDecode(pc: number): Decoded | undefined {
    if ((pc & 1) !== 0 || pc + 6 > this.memSize) return undefined;
    const m = this.mem;
    const b0 = m[pc]!;
    const def = decodeTable[opcodeKey(b0, m[pc + 1]!, instructionLength(b0) === 6 ? m[pc + 5]! : 0)];
    if (def === undefined) return undefined;
    const page = this.icache[pc >>> PAGE_SHIFT];
    return page?.[(pc & 0xfff) >>> 1] ?? this.decodeAt(pc);
  }

  private fetchAddressing(): never {
    this.pgm.code = PGM_ADDRESSING;
    this.pgm.atFetch = true;
    throw this.pgm;
  }

  /**
   * A store hit granule `g`: drop the decodes that overlap it (an instruction up to 6 bytes long
   * may start before it) and the compiled blocks that contain it.
   */
  private invalidateGranule(g: number): void {
    const lo = Math.max(0, (g << CODE_SHIFT) - 6);
    const hi = (g + 1) << CODE_SHIFT;
    for (let a = lo; a < hi; a += 2) {
      const page = this.icache[a >>> PAGE_SHIFT];
      if (page !== undefined) page[(a & 0xfff) >>> 1] = undefined as unknown as Decoded;
    }
    const p = g >>> (PAGE_SHIFT - CODE_SHIFT);
    for (const q of p > 0 ? [p - 1, p] : [p]) {
      const blocks = this.bcache[q];
      if (blocks === undefined) continue;
      for (let i = 0; i < blocks.length; i++) {
        const b = blocks[i];
        if (b !== undefined && b.start < hi && b.end > lo) blocks[i] = undefined as unknown as Block;
      }
    }
    this.codeMap[g] = 0;
    // A running block may hold stale decodes: make it stop after the storing instruction.
    this.attention = true;
  }

  /** Drop every cached decode (after a reset or a bulk change of memory). */
  flushDecodeCache(): void {
    this.icache.fill(undefined);
    this.bcache.fill(undefined);
    this.codeMap.fill(0);
  }

  /**
   * EXECUTE: run the instruction at `addr` with its second byte ORed with `orByte`, without
   * caching it. The executed instruction's relative branches are relative to `addr`.
   */
  execute(addr: number, orByte: number): void {
    if ((addr & 1) !== 0) this.specification();
    const m = this.mem;
    if (addr + 2 > this.memSize) this.addressing();
    const b = new Uint8Array(6);
    const len = instructionLength(m[addr]!);
    if (addr + len > this.memSize) this.addressing();
    b.set(m.subarray(addr, addr + len));
    b[1] = b[1]! | orByte;
    const def = decodeTable[opcodeKey(b[0]!, b[1]!, b[5]!)];
    if (def === undefined) this.programException(PGM_OPERATION);
    if (def.mnemonic === 'ex' || def.mnemonic === 'exrl') this.programException(PGM_EXECUTE);
    const d = new Decoded(def);
    d.len = len;
    extractFields(def.format, b, d);
    const exNext = this.npc;
    const exPc = this.pc;
    this.pc = addr;
    this.npc = exNext;
    try {
      if (def.privileged && this.problemState) this.privileged();
      def.exec(this, d);
    } finally {
      this.pc = exPc;
    }
  }

  // ---------------------------------------------------------------- addresses and storage

  /** Effective address D(X,B) in the current addressing mode. */
  ea(x: number, b: number, d: number): number {
    if (this.amode === 64) {
      let lo = d;
      let hi = 0;
      if (b !== 0) {
        lo += this.gl[b]! >>> 0;
        hi = this.gh[b]!;
      }
      if (x !== 0) {
        lo += this.gl[x]! >>> 0;
        hi += this.gh[x]!;
      }
      if (lo >= TWO32 || lo < 0) {
        const c = Math.floor(lo / TWO32);
        lo -= c * TWO32;
        hi += c;
      }
      return (hi | 0) === 0 ? lo : BAD_ADDR;
    }
    let a = d;
    if (b !== 0) a += this.gl[b]!;
    if (x !== 0) a += this.gl[x]!;
    return this.amode === 31 ? a & 0x7fff_ffff : a & 0xff_ffff;
  }

  /**
   * Low 32 bits of D(B) when the "address" is not used to access storage (shift amounts, DIAG
   * function codes, SIGP orders, pad bytes): no addressing-mode wrap or range check applies.
   */
  eaLow(b: number, d: number): number {
    return b === 0 ? d : (d + this.gl[b]!) | 0;
  }

  /** Wrap an address computed by adding to another address in the current mode (e.g. operand + length). */
  wrap(a: number): number {
    return this.amode === 64 ? a : this.amode === 31 ? a & 0x7fff_ffff : a & 0xff_ffff;
  }

  /** Relative-branch target of the current instruction. */
  rel(ri: number): number {
    return this.wrap(this.pc + ri);
  }

  /** Branch target held in register r (0 means no branch is decided by the caller). */
  regAddr(r: number): number {
    if (this.amode === 64) {
      const hi = this.gh[r]!;
      return hi === 0 ? this.gl[r]! >>> 0 : BAD_ADDR + (this.gl[r]! >>> 0);
    }
    return this.amode === 31 ? this.gl[r]! & 0x7fff_ffff : this.gl[r]! & 0xff_ffff;
  }

  /** Check an operand [a, a+len) exists. */
  check(a: number, len: number): void {
    if (a + len > this.memSize) this.addressing();
  }

  r8(a: number): number {
    if (a >= this.memSize) this.addressing();
    return this.mem[a]!;
  }
  r16(a: number): number {
    if (a + 2 > this.memSize) this.addressing();
    const m = this.mem;
    return (m[a]! << 8) | m[a + 1]!;
  }
  /** 32-bit load as an int32 bit pattern. */
  r32(a: number): number {
    if (a + 4 > this.memSize) this.addressing();
    const m = this.mem;
    return (m[a]! << 24) | (m[a + 1]! << 16) | (m[a + 2]! << 8) | m[a + 3]!;
  }
  w8(a: number, v: number): void {
    if (a >= this.memSize) this.addressing();
    this.mem[a] = v;
    if (this.codeMap[a >>> CODE_SHIFT] !== 0) this.storage.touched(a, 1);
  }
  w16(a: number, v: number): void {
    if (a + 2 > this.memSize) this.addressing();
    const m = this.mem;
    m[a] = v >>> 8;
    m[a + 1] = v;
    if (this.codeMap[a >>> CODE_SHIFT] !== 0 || this.codeMap[(a + 1) >>> CODE_SHIFT] !== 0) this.storage.touched(a, 2);
  }
  w32(a: number, v: number): void {
    if (a + 4 > this.memSize) this.addressing();
    const m = this.mem;
    m[a] = v >>> 24;
    m[a + 1] = v >>> 16;
    m[a + 2] = v >>> 8;
    m[a + 3] = v;
    if (this.codeMap[a >>> CODE_SHIFT] !== 0 || this.codeMap[(a + 3) >>> CODE_SHIFT] !== 0) this.storage.touched(a, 4);
  }
  /** Store 64 bits (hi, lo). */
  w64(a: number, hi: number, lo: number): void {
    if (a + 8 > this.memSize) this.addressing();
    const m = this.mem;
    m[a] = hi >>> 24;
    m[a + 1] = hi >>> 16;
    m[a + 2] = hi >>> 8;
    m[a + 3] = hi;
    m[a + 4] = lo >>> 24;
    m[a + 5] = lo >>> 16;
    m[a + 6] = lo >>> 8;
    m[a + 7] = lo;
    if (this.codeMap[a >>> CODE_SHIFT] !== 0 || this.codeMap[(a + 7) >>> CODE_SHIFT] !== 0) this.storage.touched(a, 8);
  }
  /** Load 64 bits at `a` into register r. */
  load64(r: number, a: number): void {
    if (a + 8 > this.memSize) this.addressing();
    const m = this.mem;
    this.gh[r] = (m[a]! << 24) | (m[a + 1]! << 16) | (m[a + 2]! << 8) | m[a + 3]!;
    this.gl[r] = (m[a + 4]! << 24) | (m[a + 5]! << 16) | (m[a + 6]! << 8) | m[a + 7]!;
  }

  // ---------------------------------------------------------------- registers (not hot-path API)

  /** GPR r as an unsigned BigInt (for tests, traces and hypervisors). */
  reg(r: number): bigint {
    return (BigInt(this.gh[r]! >>> 0) << 32n) | BigInt(this.gl[r]! >>> 0);
  }
  setReg(r: number, v: bigint): void {
    this.gh[r] = Number((v >> 32n) & 0xffff_ffffn) | 0;
    this.gl[r] = Number(v & 0xffff_ffffn) | 0;
  }
  ctl(r: number): bigint {
    return (BigInt(this.crh[r]! >>> 0) << 32n) | BigInt(this.crl[r]! >>> 0);
  }
  setCtl(r: number, v: bigint): void {
    this.crh[r] = Number((v >> 32n) & 0xffff_ffffn) | 0;
    this.crl[r] = Number(v & 0xffff_ffffn) | 0;
    this.attention = true;
  }
}

/** Wrap a privileged instruction's semantics with the problem-state check (UV-SIE-NOTES §4.5). */
function privilegedExec(exec: ExecFn): ExecFn {
  return (cpu, d) => {
    if ((cpu.pswHi & PSW_HI_PROBLEM) !== 0) cpu.privileged();
    exec(cpu, d);
  };
}
