/**
 * `pvkit boot IMAGE --host-key HOST-PRIVATE.pem`: boot a Secure Execution image on the emulated
 * machine with an Ultravisor holding the given host private keys (UV-SIE-NOTES §2.3; SE-FORMAT
 * §8.1): the image's own stage3a runs, DIAG 308 8/10 unpacks and verifies it, stage3b and the kernel
 * run in secure mode; the SCLP console goes to stdout.
 *
 * The first --host-key is the Ultravisor's primary host key, further ones are backup host keys,
 * usable only by images that set PCF bit 62 (SE-FORMAT §1.8, §8.2 row 6).
 *
 * Exit status as for `pvkit run`: 0 disabled wait at PSW address 0; 3 disabled wait at another
 * address (e.g. stage3a's 0x4608 after an Ultravisor error, 0x4607 without facility 161);
 * 4 --max-insns reached; 5 check-stop; 1 error; 2 usage error. The final PSW goes to stderr unless 0.
 */
import { readFileSync, writeSync } from 'node:fs';
import type { Argv } from 'yargs';
import { type Args, optInt, optString, type PvkitCommand, reqString, stringList } from '../command.js';
import type { CliIo } from '../io.js';
import { InputError, LimitError, UsageError } from '../../src/errors.js';
import { openOutput, type OutputFile } from '../../src/outputFile.js';
import { MACHINE_PROFILES, type MachineProfile } from '../../src/machine/facilities.js';
import { bootImage, type BootResult } from '../../src/machine/secureMachine.js';
import { readHostPrivateKey } from '../../src/image/hostKeyInput.js';
import { formatPsw } from '../../src/cpu/psw.js';
import { EXIT_CHECK_STOP, EXIT_MAX_INSNS, EXIT_WAIT_NONZERO, parseMemorySize } from './run.js';

export const bootCommand: PvkitCommand = {
  options: (y: Argv) =>
    y
      .positional('image', { type: 'string', describe: 'Secure Execution image (pvimg/genprotimg/pvkit create output)' })
      .option('host-key', {
        type: 'string',
        describe: "the Ultravisor's host private key (PEM); repeat for backup host keys (used only with PCF bit 62)",
      })
      .option('machine', { type: 'string', describe: `machine profile: ${MACHINE_PROFILES.join(', ')} (default z16)` })
      .option('mem', { type: 'string', describe: 'memory size, e.g. 128M (default 256M)' })
      .option('max-insns', { type: 'string', describe: 'stop after N instructions (exit status 4)' })
      .option('trace', { type: 'string', describe: 'write one line per instruction to FILE (stderr without FILE)' })
      .epilogue(
        'Exit status: 0 disabled wait at PSW address 0; 3 disabled wait at another address (stage3a stops at 0x4608 when ' +
          'the Ultravisor refuses the image, 0x4607 without the unpack facility); 4 --max-insns reached; 5 check-stop; ' +
          '1 error; 2 usage error. The final PSW is printed to stderr unless the status is 0.',
      ),
  async run(args: Args, io: CliIo): Promise<number> {
    const imagePath = reqString(args, 'image');
    const keyPaths = stringList(args, 'host-key');
    if (keyPaths.length === 0) {
      throw new UsageError('--host-key HOST-PRIVATE.pem is required: the emulated Ultravisor needs the private key of a host the image was built for');
    }
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

    const hostKeys = [];
    for (const p of keyPaths) hostKeys.push(await readHostPrivateKey(p));
    let image: Uint8Array;
    try {
      image = new Uint8Array(readFileSync(imagePath));
    } catch (e) {
      throw new InputError(`cannot read the image: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: imagePath, cause: e });
    }
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

    let result: BootResult;
    try {
      result = bootImage(image, {
        hostKeys,
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
      if (e instanceof LimitError && e.file === undefined) throw new LimitError(e.message, { file: imagePath, cause: e });
      throw e;
    }
    const psw = formatPsw(result.psw);
    const where = `(${result.instructions} instructions${result.secure ? ', secure mode' : ''})`;
    switch (result.stop) {
      case 'disabled-wait':
        if (result.psw.addr === 0n) return 0;
        io.stderr(`pvkit: boot: disabled wait, PSW ${psw} ${where}\n`);
        return EXIT_WAIT_NONZERO;
      case 'max-instructions':
        io.stderr(`pvkit: boot: --max-insns reached, PSW ${psw} ${where}\n`);
        return EXIT_MAX_INSNS;
      case 'check-stop':
        io.stderr(`pvkit: boot: check-stop${result.detail ? ` (${result.detail})` : ''}, PSW ${psw} ${where}\n`);
        return EXIT_CHECK_STOP;
    }
  },
};
