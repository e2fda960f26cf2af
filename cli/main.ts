/**
 * The pvkit command line: yargs parses, the command runs, and this file alone turns errors into
 * messages and exit statuses (SE-FORMAT §7.5: 0 success, 1 error, 2 usage). yargs is loaded only
 * when needed: a command with its own parser (`create`, cli/optionTable.ts) runs without it unless
 * help or the version is asked for.
 */
import type { Argv } from 'yargs';
import { PvkitError, UsageError } from '../src/errors.js';
import { type CliIo, processIo } from './io.js';
import { type CommandEntry, commandEntries } from './commands/index.js';
import { PVKIT_VERSION } from '../src/version.js';
import { asksForHelpOrVersion, withLongHelp } from './optionTable.js';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

/** A yargs parser with pvkit's conventions: strict, errors thrown (not printed), no process exit. */
export async function cliParser(argv: readonly string[], scriptName: string): Promise<Argv> {
  const { default: yargs } = await import('yargs');
  return yargs([...argv])
    .scriptName(scriptName)
    // pvimg's options include --no-verify and --no-component-check as options in their own right.
    .parserConfiguration({ 'boolean-negation': false })
    .strict()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    // pvimg's hidden long help: experimental options are listed only here.
    .showHidden('help-all', 'show the help with the experimental options too')
    .alias('help-all', 'help-experimental')
    .showHelpOnFail(false)
    .fail((msg, err) => {
      // Throwing stops yargs before anything runs. yargs's own complaints (YError, e.g. "Not enough
      // arguments following: kernel") are usage errors, not internal ones.
      if (err && err.name !== 'YError') throw err;
      throw new UsageError(msg ?? err?.message ?? 'invalid arguments');
    });
}

/** Run pvkit with `argv` (without node and script); resolves to the exit status. Never throws. */
export async function runCli(words: readonly string[], io: CliIo = processIo, scriptName = 'pvkit'): Promise<number> {
  const argv = withLongHelp(words);
  let helpText = '';
  const captureHelp = (_err: unknown, _argv: unknown, output: string) => {
    helpText = output;
  };
  try {
    const invoked = invokedCommand(argv);
    const word = argv.find((a) => !a.startsWith('-'));
    if (!invoked && word !== undefined) {
      throw new UsageError(`unknown command '${word}' (commands: ${commandEntries.map((e) => e.command.split(' ')[0]).join(', ')})`);
    }
    if (!invoked) {
      // No command: --help, --version, or a usage error. Commands are listed, none is loaded.
      const parser = (await cliParser(argv, scriptName)).version(PVKIT_VERSION).demandCommand(1, 'a command is required');
      for (const entry of commandEntries) parser.command({ command: entry.command, aliases: [...(entry.aliases ?? [])], describe: entry.describe, handler: () => undefined });
      await parser.parseAsync([...argv], {}, captureHelp);
      if (helpText) io.stdout(helpText.endsWith('\n') ? helpText : `${helpText}\n`);
      return EXIT_OK;
    }
    // Only the invoked command is loaded, and it is parsed as the default command of a parser named
    // after it: yargs renders a named command's whole help text after running it (tens of ms of text
    // layout on every run), a default command's not.
    const cmd = await invoked.entry.load();
    const at = argv.indexOf(invoked.token);
    const rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
    const positionals = invoked.entry.command.split(' ').slice(1).join(' ');
    // A command with its own parser runs without yargs (issue 2: a build's start-up is measured).
    if (cmd.parse && !asksForHelpOrVersion(rest)) return await cmd.run(cmd.parse(rest), io);
    const args = await (await cliParser(rest, `${scriptName} ${invoked.token}`))
      .version(false)
      .command({
        command: positionals ? `$0 ${positionals}` : '$0',
        describe: invoked.entry.describe,
        builder: (y) => cmd.options(y),
        handler: () => undefined,
      })
      .parseAsync(rest, {}, captureHelp);
    if (helpText) {
      io.stdout(helpText.endsWith('\n') ? helpText : `${helpText}\n`);
      return EXIT_OK;
    }
    return await cmd.run(args as Record<string, unknown>, io);
  } catch (e) {
    return reportError(e, io, scriptName);
  }
}

/** The entry named by the first non-option argument, if any, and the word that named it. */
function invokedCommand(argv: readonly string[]): { entry: CommandEntry; token: string } | undefined {
  const token = argv.find((a) => !a.startsWith('-'));
  if (token === undefined) return undefined;
  const entry = commandEntries.find((e) => e.command.split(' ')[0] === token || (e.aliases ?? []).includes(token));
  return entry && { entry, token };
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
