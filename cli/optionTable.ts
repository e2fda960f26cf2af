/**
 * A command's options declared once, as a table, and read two ways: as yargs options (for `--help`
 * and anything else that still goes through yargs), and by a small parser on Node's own
 * `util.parseArgs` that builds the same argument record without loading yargs. `pvkit create` and
 * `genprotimg` (SE-FORMAT §7.1) take the second way: loading and configuring yargs costs about as
 * much start-up time as Node itself, on a command whose whole run is measured (issue 2).
 *
 * The parser reproduces what pvkit's yargs configuration (cli/main.ts `cliParser`) makes of the same
 * words, so that both ways give the same record: canonical names as keys (aliases, one-letter short
 * options and camelCase spellings all map to them), every value of a repeatable option in an array,
 * a second value of a single-valued option turning it into an array too (the command then says it
 * may be given only once), counts for count options (0 when absent), `--x=true|false` and
 * `--x true|false` for booleans, the words after a repeatable option's value appended to it as long
 * as no option intervenes (`-k a.crt b.crt`), `-k=VALUE` meaning `-k VALUE`, and the words after
 * `--` in `_`. It reports unknown options, missing values and stray words as usage errors naming the
 * word the user typed.
 */
import { parseArgs } from 'node:util';
import type { Argv, Options } from 'yargs';
import { UsageError } from '../src/errors.js';
import type { Args } from './command.js';

export interface OptionSpec {
  /** Canonical long name: `--NAME`, and the key in the argument record. */
  readonly name: string;
  /** Other names; one-letter ones are short options (`-k`), the rest long ones (`--crt`). */
  readonly aliases?: readonly string[];
  /** `count` options count their occurrences (`-vv` is 2). */
  readonly type: 'string' | 'boolean' | 'count';
  /** A `string` option given any number of times; its value is always an array. */
  readonly repeatable?: boolean;
  readonly describe: string;
  /** Experimental: left out of `--help`, shown by `--help-all` / `--help-experimental` (as pvimg does). */
  readonly hidden?: boolean;
}

/** The table as yargs options (string options require their argument, as pvimg's do). */
export function yargsOptions(y: Argv, table: readonly OptionSpec[]): Argv {
  let a = y;
  for (const o of table) {
    const opt: Options = { type: o.type, describe: o.describe };
    if (o.aliases && o.aliases.length > 0) opt.alias = [...o.aliases];
    if (o.repeatable) opt.array = true;
    if (o.type === 'string') opt.requiresArg = true;
    if (o.hidden) opt.hidden = true;
    a = a.option(o.name, opt);
  }
  return a;
}

/** `host-key-document` → `hostKeyDocument`: yargs accepts this spelling of every long name too. */
function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

type ParseArgsOptions = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** What the table looks like to parseArgs: every long spelling as an option of its own, short letters on the canonical one. */
function compile(table: readonly OptionSpec[]): { config: ParseArgsOptions; byName: Map<string, OptionSpec> } {
  const config: ParseArgsOptions = {};
  const byName = new Map<string, OptionSpec>();
  for (const o of table) {
    const type = o.type === 'string' ? 'string' : 'boolean';
    const longs = [o.name, ...(o.aliases ?? []).filter((a) => a.length > 1)];
    for (const n of longs.flatMap((l) => [l, camelCase(l)])) {
      config[n] = { type };
      byName.set(n, o);
    }
    const shorts = (o.aliases ?? []).filter((a) => a.length === 1);
    if (shorts.length > 1) throw new Error(`option --${o.name}: at most one one-letter alias`); // parseArgs's limit
    if (shorts[0] !== undefined) config[o.name]!.short = shorts[0];
  }
  return { config, byName };
}

/**
 * Parse `argv` (the words after the command) against `table` into the record yargs would give,
 * without loading yargs. Throws UsageError for anything yargs (strict) would refuse.
 */
export function parseOptionArgs(argv: readonly string[], table: readonly OptionSpec[]): Args {
  const { config, byName } = compile(table);
  // Not strict: parseArgs's own errors are long and name no option consistently; ours below do.
  const { tokens } = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
  const strings = new Map<OptionSpec, string[]>();
  const booleans = new Map<OptionSpec, boolean>();
  const counts = new Map<OptionSpec, number>();
  const rest: string[] = [];
  /** The option whose value(s) a following bare word may extend (repeatable) or set (true/false). */
  let open: OptionSpec | undefined;
  let terminated = false;
  for (const t of tokens) {
    if (t.kind === 'option-terminator') {
      terminated = true;
      open = undefined;
      continue;
    }
    if (t.kind === 'positional') {
      const word = t.value;
      if (terminated) rest.push(word);
      else if (open?.repeatable) strings.get(open)!.push(word);
      else if (open && open.type !== 'string' && (word === 'true' || word === 'false')) {
        if (open.type === 'boolean') booleans.set(open, word === 'true');
        open = undefined;
      } else throw new UsageError(`unexpected argument '${word}'`);
      continue;
    }
    const spec = byName.get(t.name);
    if (spec === undefined) throw new UsageError(`unknown option ${t.rawName}`);
    open = spec;
    if (spec.type === 'string') {
      let value = t.value;
      // parseArgs hands a string option the next word even when it is another option; yargs (and
      // pvimg) do not, so that is a missing value. A lone '-' is a value.
      if (value === undefined || (!t.inlineValue && value.length > 1 && value.startsWith('-'))) {
        throw new UsageError(`option ${t.rawName} needs a value`);
      }
      if (t.inlineValue && t.rawName.length === 2 && value.startsWith('=')) value = value.slice(1); // -k=VALUE
      const list = strings.get(spec) ?? [];
      list.push(value);
      strings.set(spec, list);
      continue;
    }
    if (t.value !== undefined) {
      // yargs reads `--flag=true|false` for booleans; anything else, and any value of a count, is a mistake.
      if (spec.type === 'count' || (t.value !== 'true' && t.value !== 'false')) {
        throw new UsageError(`option ${t.rawName} takes no value, got '${t.value}'`);
      }
      open = undefined;
    }
    if (spec.type === 'boolean') booleans.set(spec, t.value !== 'false');
    else counts.set(spec, (counts.get(spec) ?? 0) + 1);
  }
  const args: Record<string, unknown> = { _: rest };
  for (const o of table) {
    if (o.type === 'count') args[o.name] = counts.get(o) ?? 0;
    else if (o.type === 'boolean') {
      if (booleans.has(o)) args[o.name] = booleans.get(o);
    } else {
      const list = strings.get(o);
      if (list) args[o.name] = o.repeatable || list.length > 1 ? list : list[0];
    }
  }
  return args;
}

/** Whether `argv` asks for help or the version: those still go through yargs, which renders them. */
export function asksForHelpOrVersion(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '-h' || /^--(help|help-all|help-experimental|version)(=|$)/.test(a)) return true;
  }
  return false;
}

/**
 * pvimg's `--help-all` / `--help-experimental` stand alone; yargs shows hidden options only along
 * with `--help`, so they bring it in.
 */
export function withLongHelp(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  const long = options.some((a) => a === '--help-all' || a === '--help-experimental');
  return long && !options.includes('--help') ? ['--help', ...argv] : argv;
}
