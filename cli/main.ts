/**
 * The pvkit command line: yargs parses, the command runs, and this file alone turns errors into
 * messages and exit statuses (SE-FORMAT §7.5: 0 success, 1 error, 2 usage).
 */
import yargs from 'yargs';
import { PvkitError, UsageError } from '../src/errors.js';
import { type CliIo, processIo } from './io.js';
import { type CommandEntry, commandEntries } from './commands/index.js';
import { PVKIT_VERSION } from '../src/version.js';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

/** Run pvkit with `argv` (without node and script); resolves to the exit status. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo = processIo, scriptName = 'pvkit'): Promise<number> {
  const parser = yargs([...argv])
    .scriptName(scriptName)
    .version(PVKIT_VERSION)
    // pvimg's options include --no-verify and --no-component-check as options in their own right.
    .parserConfiguration({ 'boolean-negation': false })
    .strict()
    .demandCommand(1, 'a command is required')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .showHelpOnFail(false)
    .fail((msg, err) => {
      // Throwing stops yargs before any handler runs.
      throw err ?? new UsageError(msg);
    });
  // Only the command being run is loaded; the others are listed by name for --help.
  const invoked = invokedCommand(argv);
  const cmd = invoked ? await invoked.load() : undefined;
  for (const entry of commandEntries) {
    // No yargs handler: yargs renders a command's whole help text after running a handler (tens of
    // ms of text layout on every run), so the command runs below, after parsing.
    parser.command({
      command: entry.command,
      aliases: entry.aliases ? [...entry.aliases] : [],
      describe: entry.describe,
      builder: (y) => (entry === invoked && cmd ? cmd.options(y) : y),
      // yargs' types require a handler, its code does not (and skips the help rendering without one).
      handler: undefined as unknown as () => void,
    });
  }
  let helpText = '';
  try {
    const args = await parser.parseAsync([...argv], {}, (_err, _argv, output) => {
      helpText = output;
    });
    if (helpText) {
      io.stdout(helpText.endsWith('\n') ? helpText : `${helpText}\n`);
      return EXIT_OK;
    }
    if (!cmd) throw new UsageError(`unknown command '${String(args._[0])}'`);
    return await cmd.run(args as Record<string, unknown>, io);
  } catch (e) {
    return reportError(e, io, scriptName);
  }
}

/** The entry named by the first non-option argument, if any. */
function invokedCommand(argv: readonly string[]): CommandEntry | undefined {
  const first = argv.find((a) => !a.startsWith('-'));
  if (first === undefined) return undefined;
  return commandEntries.find((e) => e.command.split(' ')[0] === first || (e.aliases ?? []).includes(first));
}

export function reportError(e: unknown, io: CliIo, scriptName = 'pvkit'): number {
  if (e instanceof PvkitError) {
    io.stderr(`${scriptName}: error: ${e.describe()}\n`);
    if (e instanceof UsageError) io.stderr(`Try '${scriptName} --help' for more information.\n`);
    if (process.env['PVKIT_DEBUG'] && e.stack) io.stderr(`${e.stack}\n`);
    return e instanceof UsageError ? EXIT_USAGE : EXIT_ERROR;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err === 'object' && typeof err.code === 'string' && typeof err.path === 'string') {
    // Node file-system errors: name the file and the problem, no stack.
    const what: Record<string, string> = {
      ENOENT: 'no such file or directory',
      EACCES: 'permission denied',
      EISDIR: 'is a directory',
      ENOTDIR: 'not a directory',
      EEXIST: 'already exists',
      ENOSPC: 'no space left on device',
    };
    io.stderr(`${scriptName}: error: ${err.path}: ${what[err.code] ?? err.message}\n`);
    return EXIT_ERROR;
  }
  io.stderr(`${scriptName}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return EXIT_ERROR;
}
