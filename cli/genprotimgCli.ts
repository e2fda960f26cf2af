/**
 * `genprotimg`: the same options as `pvkit create` (pvimg's genprotimg is `pvimg create` under another
 * name, SE-FORMAT §7.1); `genprotimg --version` alone prints the version.
 */
import { processIo, type CliIo } from './io.js';
import { createOptions, runCreate } from './commands/create.js';
import { cliParser, reportError } from './main.js';
import { UsageError } from '../src/errors.js';
import { PVKIT_VERSION } from '../src/version.js';

export async function runGenprotimg(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    io.stdout(`genprotimg (pvkit) ${PVKIT_VERSION}\n`);
    return 0;
  }
  let helpText = '';
  try {
    const args = await createOptions(cliParser(argv, 'genprotimg').version(false)).parseAsync([...argv], {}, (_e, _a, output) => {
      helpText = output;
    });
    if (helpText) {
      io.stdout(`${helpText}\n`);
      return 0;
    }
    if (args._.length > 0) throw new UsageError(`unexpected argument '${String(args._[0])}'`);
    return await runCreate(args as Record<string, unknown>, io, 'genprotimg');
  } catch (e) {
    return reportError(e, io, 'genprotimg');
  }
}
