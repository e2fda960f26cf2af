/**
 * `runImage`: boot a plain s390x image the way `qemu-system-s390x -kernel IMAGE -nographic` does
 * and run it to a stop (UV-SIE-NOTES §7.1 oracle B, §7.5). The public entry point of the machine.
 */
import type { MachineProfile } from './facilities.js';
import { PlainMachine } from './plainMachine.js';

export type { MachineProfile } from './facilities.js';

export interface RunOptions {
  /** Default 'z16'. z15/z16/z17 have facility 161 (unpack); z14 and 'qemu' do not. */
  machine?: MachineProfile;
  /** Default 256 MiB (allocated lazily by the OS). */
  memoryBytes?: number;
  /** Stop after this many instructions. */
  maxInstructions?: number;
  /** One line per instruction, comparable with QEMU's -d cpu trace. */
  trace?: (line: string) => void;
  /** Console output (SCLP ASCII + line-mode) as it happens. */
  console?: (text: string) => void;
}

export type StopReason = 'disabled-wait' | 'max-instructions' | 'check-stop';

export interface RunResult {
  console: string;
  stop: StopReason;
  psw: { mask: bigint; addr: bigint };
  instructions: number;
  /** Why a check-stop happened (empty otherwise). */
  detail?: string;
}

/** IPL `image` at absolute 0 as `qemu-system-s390x -kernel IMAGE` does (start at the short PSW at 0) and run. */
export function runImage(image: Uint8Array, opts: RunOptions = {}): RunResult {
  const m = new PlainMachine({
    ...(opts.machine ? { machine: opts.machine } : {}),
    ...(opts.memoryBytes ? { memoryBytes: opts.memoryBytes } : {}),
    ...(opts.console ? { console: opts.console } : {}),
    ...(opts.trace ? { trace: opts.trace } : {}),
  });
  m.ipl(image);
  const stop = m.run(opts.maxInstructions ?? Number.MAX_SAFE_INTEGER);
  return {
    console: m.consoleText,
    stop,
    psw: m.cpu.psw,
    instructions: m.cpu.count,
    ...(m.cpu.stopDetail ? { detail: m.cpu.stopDetail } : {}),
  };
}
