/**
 * QEMU as the differential-testing oracle for `pvkit run` (UV-SIE-NOTES §7.1 oracle B, §7.3, §7.4).
 *
 * Runs a flat guest image under `qemu-system-s390x -machine s390-ccw-virtio -kernel IMAGE` (TCG)
 * with a hard timeout and returns what the guest wrote to the SCLP consoles and the disabled-wait
 * PSW it stopped in:
 * - console bytes: the first `-serial` backend is QEMU's SCLP ASCII (VT220, event type 0x1a)
 *   console, the second its line-mode console (event type 2, converted to ASCII by QEMU with a `\n`
 *   *before* each message): both go to files, so QEMU's own messages never mix with the guest's bytes;
 * - final PSW: a disabled wait makes QEMU report a guest panic ("Guest crashed on cpu 0:
 *   disabled-wait" + `PSW: 0x<mask> 0x<addr>` under `-d guest_errors`), and `-action panic=shutdown`
 *   ends QEMU right there (UV-SIE-NOTES §7.3);
 * - per-instruction trace: one translation block per instruction (`-singlestep`, since QEMU 8.1
 *   `-accel tcg,one-insn-per-tb=on`) and `-d cpu,nochain` log the PSW, GRs and CRs *before* each
 *   instruction; `-d int` interleaves the interruptions (UV-SIE-NOTES §7.4). QEMU folds its lazily
 *   computed condition code into the logged PSW mask; an instruction whose translation block was
 *   abandoned and re-entered (seen at SERVC) is logged twice with the same state;
 * - guest memory after the stop (`readMemory`): only then QEMU also gets QMP on stdio, starts
 *   halted (`-S`, so the GUEST_PANICKED event cannot be missed) and pauses at the panic
 *   (`-action panic=pause`) instead of exiting, the runner reads each range with the monitor's `xp`
 *   and quits. Runs without `readMemory` never start QMP, so they stay as fast as a plain `-kernel`
 *   boot; both kinds take the PSW from the same `-d guest_errors` line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The QEMU binary: `$QEMU_SYSTEM_S390X` or `qemu-system-s390x` from PATH. */
export const qemuSystemBinary = process.env.QEMU_SYSTEM_S390X ?? 'qemu-system-s390x';

let versionCache: [number, number] | null | undefined;

/** QEMU's version as [major, minor], or null when the binary is missing. */
export function qemuSystemVersion(): [number, number] | null {
  if (versionCache !== undefined) return versionCache;
  const r = spawnSync(qemuSystemBinary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const m = r.status === 0 ? /version (\d+)\.(\d+)/.exec(r.stdout) : null;
  versionCache = m ? [Number(m[1]), Number(m[2])] : null;
  return versionCache;
}

/** True when `qemu-system-s390x` runs here (Debian package qemu-system-misc). */
export function haveQemuSystem(): boolean {
  return qemuSystemVersion() !== null;
}

export const qemuSkipReason = `${qemuSystemBinary} not found (apt install qemu-system-misc): QEMU oracle tests skipped`;

/** A 16-byte z/Architecture PSW (UV-SIE-NOTES §5.2). */
export interface Psw {
  mask: bigint;
  addr: bigint;
}

export interface QemuRunOptions {
  /** Hard limit; QEMU is killed (SIGKILL) when it is reached. */
  timeoutMs: number;
  /** `-cpu` model; TCG accepts `max` and `qemu` (named hardware models are refused, §7.5). */
  cpuModel?: string;
  /** Guest memory in MiB (default 128). */
  memoryMiB?: number;
  /** `-append`: QEMU copies it to 0x10480 (COMMAND_LINE) of an image with `S390EP` at 0x10008. */
  append?: string;
  /** `-initrd`: QEMU loads it at 0x800000 and stores start/size at 0x10408/0x10410. */
  initrd?: string;
  /** Log a per-instruction trace (see traceQemuKernel). */
  trace?: boolean;
  /**
   * Guest memory to read once the guest has stopped in a panic (disabled wait): `count`
   * doublewords from each absolute `addr`, reported in `QemuRun.memory`. Switches the run to QMP
   * (see the module comment); a guest that never panics leaves `memory` empty.
   */
  readMemory?: readonly MemoryRange[];
}

/** `count` doublewords of guest absolute storage from `addr`. */
export interface MemoryRange {
  addr: number;
  count: number;
}

export interface QemuRun {
  /** SCLP ASCII console, one JS char per byte (latin1), exactly as the guest sent it. */
  console: string;
  consoleBytes: Uint8Array;
  /** SCLP line-mode console as QEMU renders it (EBCDIC→ASCII, `\n` after each message). */
  lineModeConsole: string;
  /** The disabled-wait PSW QEMU reported, undefined when the guest never stopped that way. */
  psw: Psw | undefined;
  /** Why QEMU considered the guest crashed ("disabled-wait", "pgmint-loop", ...), if it did. */
  reason: string | undefined;
  /** The doublewords of each `readMemory` range, keyed by its `addr`. */
  memory: Map<number, bigint[]>;
  /** The whole `-D` log (guest errors, and in trace mode the CPU states). */
  rawLog: string;
  timedOut: boolean;
  /** QEMU's exit status (null when killed). */
  exitStatus: number | null;
  /** QEMU's own stderr (warnings, startup errors). */
  stderr: string;
  /** Command line used, for failure messages. */
  argv: string[];
}

const PANIC_PSW = /Guest crashed on cpu \d+: disabled-wait\s*\nPSW: 0x([0-9a-f]{16}) 0x([0-9a-f]{16})/;
const PANIC_REASON = /Guest crashed on cpu \d+: ([\w-]+)/;

/**
 * Runs IMAGE (a file, or the bytes of a flat image: file offset = guest address) like
 * `qemu-system-s390x -kernel IMAGE` and collects consoles, final PSW and, if asked, guest memory.
 */
export async function runQemuKernel(image: string | Uint8Array, options: QemuRunOptions): Promise<QemuRun> {
  return runQemu(image, options, async (log) => readLogCapped(log));
}

/**
 * The common runner: `readLog` turns the `-D` log file into `rawLog` (and may parse it on the way)
 * before the scratch folder is removed.
 */
async function runQemu(image: string | Uint8Array, options: QemuRunOptions, readLog: (logPath: string) => Promise<string>): Promise<QemuRun> {
  if (typeof image === 'string' && !existsSync(image)) throw new Error(`runQemuKernel: ${image}: no such file`);
  const dir = mkdtempSync(join(tmpdir(), 'pvkit-qemu-'));
  let imagePath = image;
  if (typeof imagePath !== 'string') {
    imagePath = join(dir, 'image.bin');
    writeFileSync(imagePath, image);
  }
  const ranges = options.readMemory ?? [];
  const qmp = ranges.length > 0;
  const vt = join(dir, 'console-vt220.txt');
  const lm = join(dir, 'console-linemode.txt');
  const log = join(dir, 'qemu.log');
  const debug = options.trace ? 'cpu,int,nochain,guest_errors' : 'guest_errors';
  const argv = [
    '-machine', 's390-ccw-virtio', '-cpu', options.cpuModel ?? 'max', '-m', String(options.memoryMiB ?? 128),
    '-nographic', '-nodefaults', '-no-reboot',
    '-serial', `file:${vt}`, '-serial', `file:${lm}`,
    '-kernel', imagePath,
    ...(options.append !== undefined ? ['-append', options.append] : []),
    ...(options.initrd !== undefined ? ['-initrd', options.initrd] : []),
    ...(qmp ? ['-qmp', 'stdio', '-S', '-action', 'panic=pause'] : ['-action', 'panic=shutdown']),
    ...(options.trace ? singleStepArgs() : []),
    '-d', debug, '-D', log,
  ];
  try {
    const memory = new Map<number, bigint[]>();
    const { status, stderr, timedOut } = await spawnQemu(qemuSystemBinary, argv, options.timeoutMs, ranges, memory);
    const consoleBytes = readOr(vt);
    const rawLog = await readLog(log);
    const m = PANIC_PSW.exec(rawLog);
    const run: QemuRun = {
      console: Buffer.from(consoleBytes).toString('latin1'),
      consoleBytes: new Uint8Array(consoleBytes),
      lineModeConsole: readOr(lm).toString('latin1'),
      psw: m ? { mask: BigInt(`0x${m[1]}`), addr: BigInt(`0x${m[2]}`) } : undefined,
      reason: PANIC_REASON.exec(rawLog)?.[1],
      memory,
      rawLog,
      timedOut,
      exitStatus: status,
      stderr,
      argv: [qemuSystemBinary, ...argv],
    };
    return run;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One logged instruction: the CPU state before it executes (UV-SIE-NOTES §7.4). */
export interface TraceStep {
  /** Index in the trace, from 0. */
  i: number;
  /** Instruction address. */
  pc: bigint;
  /** PSW mask including the condition code (bits 18-19). */
  mask: bigint;
  /** GR0-GR15. */
  r: BigUint64Array;
  /** CR0-CR15. */
  c: BigUint64Array;
  /** Interruption records QEMU logged between the previous step and this one. */
  interrupts: string[];
}

export interface QemuTrace {
  run: QemuRun;
  steps: TraceStep[];
}

/**
 * Runs IMAGE with a per-instruction CPU-state log and parses it while reading the file (QEMU writes
 * ~700 bytes per instruction: UV-SIE-NOTES §7.4). `rawLog` keeps only QEMU's other messages.
 */
export async function traceQemuKernel(imagePath: string, options: Omit<QemuRunOptions, 'trace'> & { maxSteps?: number }): Promise<QemuTrace> {
  const parser = new QemuCpuLogParser(options.maxSteps);
  const other: string[] = [];
  const run = await runQemu(imagePath, { ...options, trace: true }, async (logPath) => {
    if (!existsSync(logPath)) return '';
    const lines = createInterface({ input: createReadStream(logPath, { encoding: 'latin1' }), crlfDelay: Infinity });
    for await (const line of lines) if (!parser.line(line) && line !== '') other.push(line);
    return other.join('\n');
  });
  return { run, steps: parser.steps };
}

const HEX = '([0-9a-fA-F]{16})';
const PSW_LINE = new RegExp(`^PSW=mask ${HEX} addr ${HEX}`);
const REG_FIELD = /([RC])(\d\d)=([0-9a-fA-F]{16})/g;

/** Incremental parser of QEMU's `-d cpu[,int]` s390x log. */
export class QemuCpuLogParser {
  readonly steps: TraceStep[] = [];
  private pending: string[] = [];
  private cur: TraceStep | undefined;

  /** Records past `maxSteps` are recognised but not kept (a runaway guest must not exhaust memory). */
  constructor(private readonly maxSteps = 5_000_000) {}

  /** Consumes one log line; false when the line is not part of the CPU/interrupt log. */
  line(line: string): boolean {
    const p = PSW_LINE.exec(line);
    if (p) {
      if (this.steps.length >= this.maxSteps) {
        this.cur = undefined;
        return true;
      }
      this.cur = {
        i: this.steps.length, pc: BigInt(`0x${p[2]}`), mask: BigInt(`0x${p[1]}`),
        r: new BigUint64Array(16), c: new BigUint64Array(16), interrupts: this.pending,
      };
      this.pending = [];
      this.steps.push(this.cur);
      return true;
    }
    if ((line.startsWith('R') || line.startsWith('C')) && /^[RC]\d\d=/.test(line)) {
      // Four registers per line: "R00=... R01=... R02=... R03=...".
      const cur = this.cur;
      if (cur) for (const m of line.matchAll(REG_FIELD)) (m[1] === 'R' ? cur.r : cur.c)[Number(m[2])] = BigInt(`0x${m[3]}`);
      return true;
    }
    if (line.startsWith('s390_cpu_do_interrupt')) {
      this.pending.push(line.trim());
      return true;
    }
    return false;
  }
}

/** Parses a whole QEMU `-d cpu[,int]` s390x log held in memory. */
export function parseQemuCpuLog(log: string): TraceStep[] {
  const parser = new QemuCpuLogParser();
  for (const line of log.split('\n')) parser.line(line);
  return parser.steps;
}

function singleStepArgs(): string[] {
  const v = qemuSystemVersion();
  // `-singlestep` became `-accel tcg,one-insn-per-tb=on` in QEMU 8.1 (UV-SIE-NOTES §7.4).
  return v && (v[0] > 8 || (v[0] === 8 && v[1] >= 1)) ? ['-accel', 'tcg,one-insn-per-tb=on'] : ['-singlestep'];
}

/**
 * A misbehaving guest can make QEMU log without end until the timeout (e.g. one guest-error line
 * per instruction): keep the first and the last MiB, where the panic PSW is.
 */
function readLogCapped(path: string, keep = 1 << 20): string {
  if (!existsSync(path)) return '';
  const size = statSync(path).size;
  if (size <= 4 * keep) return readFileSync(path).toString('latin1');
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(keep);
    const tail = Buffer.alloc(keep);
    readSync(fd, head, 0, keep, 0);
    readSync(fd, tail, 0, keep, size - keep);
    return `${head.toString('latin1')}\n[... ${size - 2 * keep} bytes of QEMU log left out ...]\n${tail.toString('latin1')}`;
  } finally {
    closeSync(fd);
  }
}

function readOr(path: string): Buffer {
  return existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
}

interface QmpMessage {
  QMP?: unknown;
  event?: string;
  id?: number;
  return?: unknown;
  error?: { desc?: string };
}

/**
 * Runs QEMU, killing it (SIGKILL) at the timeout. With memory RANGES, argv has
 * `-qmp stdio -S -action panic=pause`: the CPU is started once QMP is negotiated, and at
 * GUEST_PANICKED each range is read with `xp` into MEMORY, then QEMU is told to quit. A failed or
 * short read rejects: a missing doubleword must not look like a guest bug.
 */
function spawnQemu(
  cmd: string,
  args: string[],
  timeoutMs: number,
  ranges: readonly MemoryRange[],
  memory: Map<number, bigint[]>,
): Promise<{ status: number | null; stderr: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const qmp = ranges.length > 0;
    const child = spawn(cmd, args, { stdio: [qmp ? 'pipe' : 'ignore', qmp ? 'pipe' : 'ignore', 'pipe'] });
    const { stdin, stdout, stderr: stderrStream } = child;
    let stderr = '';
    let timedOut = false;
    let failure: Error | undefined;
    stderrStream?.setEncoding('utf8');
    stderrStream?.on('data', (d: string) => {
      if (stderr.length < 65536) stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else resolve({ status, stderr, timedOut });
    });
    // Without memory to read, QEMU's stdin and stdout are not connected at all.
    if (!qmp || !stdin || !stdout) return;

    let panicked = false;
    let nextId = 1;
    const replies = new Map<number, (msg: QmpMessage) => void>();
    const fail = (e: Error) => {
      failure ??= e;
      child.kill('SIGKILL');
    };
    const send = (execute: string, args?: object, onReply?: (msg: QmpMessage) => void) => {
      const id = nextId++;
      replies.set(id, (msg) => {
        if (msg.error !== undefined) fail(new Error(`QMP ${execute} failed: ${msg.error.desc ?? JSON.stringify(msg.error)}`));
        else onReply?.(msg);
      });
      stdin.write(`${JSON.stringify({ execute, ...(args ? { arguments: args } : {}), id })}\n`);
    };
    const readRange = (i: number) => {
      const range = ranges[i];
      if (range === undefined) {
        send('quit');
        return;
      }
      const commandLine = `xp /${range.count}gx 0x${range.addr.toString(16)}`;
      send('human-monitor-command', { 'command-line': commandLine }, (msg) => {
        const text = typeof msg.return === 'string' ? msg.return : '';
        const words = parseXp(text);
        if (words.length !== range.count) {
          fail(new Error(`QMP ${commandLine}: expected ${range.count} doublewords, got ${JSON.stringify(text)}`));
          return;
        }
        memory.set(range.addr, words);
        readRange(i + 1);
      });
    };
    stdin.on('error', () => {
      // QEMU is gone (startup error, timeout): its status and stderr tell why.
    });
    createInterface({ input: stdout, crlfDelay: Infinity }).on('line', (line) => {
      let msg: QmpMessage;
      try {
        msg = JSON.parse(line) as QmpMessage;
      } catch {
        return;
      }
      if (msg.QMP !== undefined) {
        // Events flow only after negotiation; -S holds the CPU until then.
        send('qmp_capabilities');
        send('cont');
      } else if (msg.id !== undefined) {
        const onReply = replies.get(msg.id);
        replies.delete(msg.id);
        onReply?.(msg);
      } else if (msg.event === 'GUEST_PANICKED' && !panicked) {
        panicked = true;
        readRange(0);
      }
    });
  });
}

/** `xp /Ngx` output (`0000000000013078: 0x0000000000014000 0x0000000000000280` lines) → the values in order. */
function parseXp(text: string): bigint[] {
  const out: bigint[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    for (const word of line.slice(colon + 1).trim().split(/\s+/)) if (/^0x[0-9a-f]+$/i.test(word)) out.push(BigInt(word));
  }
  return out;
}
