/**
 * `pvkit run IMAGE`: boot a plain s390x image as `qemu-system-s390x -kernel IMAGE -nographic`
 * does (UV-SIE-NOTES §5, §7.1 oracle B) and run it; the SCLP console goes to stdout. Exit status:
 * see cli/machineRun.ts.
 */
import type { Argv } from 'yargs';
import type { Args, PvkitCommand } from '../command.js';
import type { CliIo } from '../io.js';
import { machineOptions, runMachine } from '../machineRun.js';
import { runImage } from '../../src/machine/run.js';

export const runCommand: PvkitCommand = {
  options: (y: Argv) => machineOptions(y.positional('image', { type: 'string', describe: 'flat image loaded at absolute 0' }), ''),
  run: (args: Args, io: CliIo) => runMachine(args, io, 'run', runImage),
};
