/**
 * What `pvkit run` and `pvkit boot` share: the machine options (`--machine`, `--mem`, `--max-insns`,
 * `--trace`), reading the image, the trace file, and turning the run's outcome into an exit status.
 *
 * Exit status (documented in each command's `--help`):
 *   0  disabled wait with PSW address 0 (the guests' "success")
 *   3  disabled wait with another address (the address is the guest's reason code)
 *   4  --max-insns reached
 *   5  check-stop (e.g. an invalid new PSW, an enabled wait nothing can end, SIGP stop)
 *   1/2 errors and usage errors, as for every pvkit command.
 * For every non-zero outcome the final PSW goes to stderr.
 */
import { readFileSync, writeSync } from 'node:fs';
import type { Argv } from 'yargs';
import { type Args, optInt, optString, reqString } from './command.js';
import type { CliIo } from './io.js';
import { InputError, LimitError, UsageError } from '../src/errors.js';
import { openOutput, type OutputFile } from '../src/outputFile.js';
import { MACHINE_PROFILES, type MachineProfile } from '../src/machine/facilities.js';
import type { RunOptions, RunResult } from '../src/machine/run.js';
import { formatPsw } from '../src/cpu/psw.js';

export const EXIT_WAIT_NONZERO = 3;
export const EXIT_MAX_INSNS = 4;
export const EXIT_CHECK_STOP = 5;

/** "256M", "1G", "65536", "512MiB" → bytes. */
export function parseMemorySize(text: string): number {
  const m = /^(\d+)\s*([kmg])?(i?b)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`--mem expects a size like 128M or 1G, got '${text}'`);
  const unit = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase()] ?? 1;
  return Number(m[1]) * unit;
}

export function machineOptions(y: Argv, exitNote: string): Argv {
  return y
    .option('machine', { type: 'string', describe: `machine profile: ${MACHINE_PROFILES.join(', ')} (default z16)` })
    .option('mem', { type: 'string', describe: 'memory size, e.g. 128M (default 256M)' })
    .option('max-insns', { type: 'string', describe: 'stop after N instructions (exit status 4)' })
    .option('trace', { type: 'string', describe: 'write one line per instruction to FILE (stderr without FILE)' })
    .epilogue(
      `Exit status: 0 disabled wait at PSW address 0; 3 disabled wait at another address${exitNote}; 4 --max-insns reached; ` +
        '5 check-stop; 1 error; 2 usage error. The final PSW is printed to stderr unless the status is 0.',
    );
}

/**
 * Read the `image` argument, run `start` on it with the machine options, and map the outcome to the
 * exit status. `name` prefixes the stderr report; `describe` may add to the instruction count.
 */
export async function runMachine<R extends RunResult>(
  args: Args,
  io: CliIo,
  name: string,
  start: (image: Uint8Array, opts: RunOptions) => R,
  describe: (result: R) => string = () => '',
): Promise<number> {
  const imagePath = reqString(args, 'image');
  const machine = optString(args, 'machine') ?? 'z16';
  if (!(MACHINE_PROFILES as readonly string[]).includes(machine)) {
    throw new UsageError(`--machine must be one of ${MACHINE_PROFILES.join(', ')}, got '${machine}'`);
  }
  const memText = optString(args, 'mem');
  const memoryBytes = memText === undefined ? undefined : parseMemorySize(memText);
  const maxInsns = optInt(args, 'max-insns');
  if (maxInsns !== undefined && maxInsns < 0) throw new UsageError('--max-insns must not be negative');
  const traceArg = args['trace'];
  const tracePath = typeof traceArg === 'string' && traceArg !== '' ? traceArg : undefined;
  const traceToStderr = traceArg === '' || traceArg === true;

  // A missing or unreadable file is reported by the CLI as `FILE: no such file or directory`.
  const image = new Uint8Array(readFileSync(imagePath));
  if (image.length < 8) throw new InputError('image is shorter than its 8-byte IPL PSW', { file: imagePath });

  let traceFile: OutputFile | undefined;
  let pending = '';
  const flush = (): void => {
    if (traceFile !== undefined && pending !== '') writeSync(traceFile.handle.fd, pending);
    pending = '';
  };
  let trace: ((line: string) => void) | undefined;
  if (tracePath !== undefined) {
    traceFile = await openOutput(tracePath, { overwrite: true });
    trace = (line) => {
      pending += `${line}\n`;
      if (pending.length > 1 << 20) flush();
    };
  } else if (traceToStderr) trace = (line) => io.stderr(`${line}\n`);

  let result: R;
  try {
    result = start(image, {
      machine: machine as MachineProfile,
      ...(memoryBytes !== undefined ? { memoryBytes } : {}),
      ...(maxInsns !== undefined ? { maxInstructions: maxInsns } : {}),
      ...(trace ? { trace } : {}),
      console: (t) => io.stdout(t),
    });
    flush();
    await traceFile?.commit();
  } catch (e) {
    await traceFile?.abort();
    // Name the image in size errors (memory too small for it, bad --mem).
    if (e instanceof LimitError && e.file === undefined) throw new LimitError(e.message, { file: imagePath, cause: e });
    throw e;
  }
  const psw = formatPsw(result.psw);
  const where = `(${result.instructions} instructions${describe(result)})`;
  switch (result.stop) {
    case 'disabled-wait':
      if (result.psw.addr === 0n) return 0;
      io.stderr(`pvkit: ${name}: disabled wait, PSW ${psw} ${where}\n`);
      return EXIT_WAIT_NONZERO;
    case 'max-instructions':
      io.stderr(`pvkit: ${name}: --max-insns reached, PSW ${psw} ${where}\n`);
      return EXIT_MAX_INSNS;
    case 'check-stop':
      io.stderr(`pvkit: ${name}: check-stop${result.detail ? ` (${result.detail})` : ''}, PSW ${psw} ${where}\n`);
      return EXIT_CHECK_STOP;
  }
}
