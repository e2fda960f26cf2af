import type { Argv } from 'yargs';
import type { CliIo } from './io.js';
import { UsageError } from '../src/errors.js';
import { parseFlagWord } from '../src/format/controlFlags.js';

/** Parsed command-line arguments as yargs hands them over; read them through the accessors below. */
export type Args = Readonly<Record<string, unknown>>;

/**
 * One `pvkit` subcommand's implementation: its options and `run`, which returns the exit status.
 * Its name and description live in `cli/commands/index.ts`, which loads the module on demand.
 */
export interface PvkitCommand {
  options(y: Argv): Argv;
  /**
   * Optional: parse the words after the command into the record `options` would make yargs give,
   * without loading yargs (cli/optionTable.ts). When present, runs without --help/--version use it.
   */
  parse?(argv: readonly string[]): Args;
  run(args: Args, io: CliIo): Promise<number>;
}

export function optString(args: Args, name: string): string | undefined {
  const v = args[name];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    throw new UsageError(`--${name} may be given only once`);
  }
  if (typeof v !== 'string') return String(v);
  return v;
}

export function reqString(args: Args, name: string): string {
  const v = optString(args, name);
  if (v === undefined) throw new UsageError(`missing required option --${name}`);
  return v;
}

/** A repeatable option, also accepting comma-separated lists (as pvimg does for -k, -C, --crl). */
export function stringList(args: Args, name: string, opts: { commaSeparated?: boolean } = {}): string[] {
  const v = args[name];
  if (v === undefined || v === null) return [];
  const list = (Array.isArray(v) ? v : [v]).map((x) => String(x));
  return opts.commaSeparated ? list.flatMap((x) => x.split(',')).filter((x) => x.length > 0) : list;
}

export function flag(args: Args, name: string): boolean {
  return args[name] === true;
}

export function optInt(args: Args, name: string): number | undefined {
  const s = optString(args, name);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} expects an integer, got '${s}'`);
  return n;
}

/** A hexadecimal 64-bit option value (`--x-pcf`, `--x-psw`, `--expect-pcf`, ...): optional 0x, at most 16 digits. */
export function optHexWord(args: Args, name: string): bigint | undefined {
  const s = optString(args, name);
  if (s === undefined) return undefined;
  const v = parseFlagWord(s);
  if (v === undefined) throw new UsageError(`--${name} expects a hexadecimal value of at most 16 digits, got '${s}'`);
  return v;
}
