/**
 * `genprotimg`: the same options as `pvkit create` (pvimg's genprotimg is `pvimg create` under another
 * name, SE-FORMAT §7.1); `genprotimg --version` alone prints the version. A build parses its
 * arguments without yargs (cli/optionTable.ts); only `--help` (and a `--version` among other
 * arguments, which is refused) goes through yargs.
 */
import { processIo, type CliIo } from './io.js';
import { createOptions, parseCreateArgs, runCreate } from './commands/create.js';
import { cliParser, reportError } from './main.js';
import { asksForHelpOrVersion, withLongHelp } from './optionTable.js';
import type { Args } from './command.js';
import { UsageError } from '../src/errors.js';
import { PVKIT_VERSION } from '../src/version.js';

export async function runGenprotimg(words: readonly string[], io: CliIo = processIo): Promise<number> {
  const argv = withLongHelp(words);
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    io.stdout(`genprotimg (pvkit) ${PVKIT_VERSION}\n`);
    return 0;
  }
  let helpText = '';
  try {
    let args: Args;
    if (asksForHelpOrVersion(argv)) {
      args = await createOptions((await cliParser(argv, 'genprotimg')).version(false)).parseAsync([...argv], {}, (_e, _a, output) => {
        helpText = output;
      });
      if (helpText) {
        io.stdout(`${helpText}\n`);
        return 0;
      }
    } else {
      args = parseCreateArgs(argv);
    }
    const rest = args['_'] as readonly unknown[];
    if (rest.length > 0) throw new UsageError(`unexpected argument '${String(rest[0])}'`);
    return await runCreate(args, io, 'genprotimg');
  } catch (e) {
    return reportError(e, io, 'genprotimg');
  }
}
