/**
 * `pvkit create` / `genprotimg` read their command line without yargs (cli/optionTable.ts) from the
 * same option table yargs reads for `--help`. The second implementation here is yargs itself, with
 * pvkit's configuration (cliParser): both must give the same record for the same words, and refuse
 * the same mistakes.
 */
import { describe, expect, it } from 'vitest';
import { runCli, cliParser } from '../../cli/main.js';
import { runGenprotimg } from '../../cli/genprotimgCli.js';
import { captureIo } from '../../cli/io.js';
import { CREATE_OPTIONS, createOptions, parseCreateArgs } from '../../cli/commands/create.js';
import { asksForHelpOrVersion, withLongHelp } from '../../cli/optionTable.js';
import { UsageError } from '../../src/errors.js';
import { join } from 'node:path';
import { writeInputs } from '../build/testInputs.js';
import { repoRoot } from '../support/shared.js';

/** What `pvkit create` got from yargs before the table parser existed (cli/main.ts's yargs path). */
async function viaYargs(argv: readonly string[]): Promise<Record<string, unknown>> {
  const y = (await cliParser(argv, 'pvkit create')).version(false).command({
    command: '$0',
    describe: 'create',
    builder: (b) => createOptions(b),
    handler: () => undefined,
  });
  return (await y.parseAsync([...argv])) as Record<string, unknown>;
}

const camel = (n: string) => n.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const spellings = new Set(['_', '$0', ...CREATE_OPTIONS.flatMap((o) => [o.name, ...(o.aliases ?? [])]).flatMap((n) => [n, camel(n)])]);

/** yargs's record reduced to canonical names (it also keys every value by each alias and camelCase spelling). */
function canonical(rec: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(rec)) expect(spellings.has(k), `yargs key ${k}`).toBe(true);
  const out: Record<string, unknown> = { _: rec['_'] };
  for (const o of CREATE_OPTIONS) if (rec[o.name] !== undefined) out[o.name] = rec[o.name];
  return out;
}

const valid: string[][] = [
  [],
  ['--no-verify', '-k', 'h1.crt', '-k', 'h2.crt', '-i', 'kernel', '-r', 'initrd', '-p', 'parm', '-o', 'out.img', '--overwrite', '-q'],
  ['-k', 'a', '-k', 'b'],
  ['-k', 'a,b', '--host-key-document', 'c'],
  ['--host-key-document=a,b'],
  ['-k=a', '-k=b,c'],
  ['-k/abs/a.crt', '-k/b.crt,/c.crt'],
  ['-k', 'a', 'b', 'c'],
  ['-k', 'a', '-k', 'b', 'c', '--offline'],
  ['-k=a', 'b'],
  ['-C', 'a', '--crt', 'b', '--cert=c,d', '--crl', 'x', 'y', '--root-ca', 'root.pem', '--offline'],
  ['-i', 'k1', '--image', 'k2'],
  ['--kernel', 'a', '--kernel=b', '-i/c'],
  ['--kernel=a=b', '--output='],
  ['-i', '-', '-o', 'out'],
  ['-vvv', '-q'],
  ['-v', '-v', '--verbose'],
  ['-qv', '-vq'],
  ['-vk', 'x', 'y'],
  ['-v', 'true', '-q', 'false'],
  ['--no-verify', '--no-component-check', '--overwrite', '--offline'],
  ['--offline=false', '--overwrite=true'],
  ['--no-verify', 'true', '--offline', 'false'],
  ['--enable-dump', '--enable-dump'],
  ['--offline', '--offline=false'],
  ['--comm-key', 'c'],
  ['--x-comm-key', 'c', '--cck', 'd'],
  ['--x-header-key', 'h', '--x-comp-key', 'i'],
  ['--hdr-key=h', '--image-key=i', '--cck=c'],
  ['--hostKeyDocument', 'x', '--noVerify', '--enableDump', '--xCommKey', 'c', '--imageKey', 'i'],
  CREATE_OPTIONS.filter((o) => o.type === 'boolean').map((o) => `--${o.name}`),
  ['--x-pcf', '0xe0', '--x-scf=0', '--x-psw', '10000', '--x-bootloader-directory', 'dir', '--x-customer-key', 'c.pem', '--x-header-iv', 'iv'],
  ['--x-tweak', 'kernel=010203040506,ramdisk=0708090a0b0c', '--x-tweak', 'cmdline=0d0e0f101112', 'stage3b=131415161718'],
  ['-k', 'a', '--', 'b', '--c'],
  ['--', '-k', 'x'],
  ['-p/x/parm', '-r/x/initrd', '-o/x/out'],
];

/** Mistakes, each with the word the message must name. */
const invalid: [string[], string][] = [
  [['--bogus'], '--bogus'],
  [['-Z'], '-Z'],
  [['-vZ'], '-Z'],
  [['--no-offline'], '--no-offline'],
  [['--bogus=1'], '--bogus'],
  [['--kernel'], '--kernel'],
  [['-i'], '-i'],
  [['-k', 'a', '--cert'], '--cert'],
  [['--kernel', '--output', 'x'], '--kernel'],
  [['-k', '-x'], '-k'],
  [['--hdr-key', '--'], '--hdr-key'],
  [['--image', '-q'], '--image'],
  [['stray'], 'stray'],
  [['--kernel', 'a', 'b'], 'b'],
  [['--offline', 'c'], 'c'],
  [['-k', 'a', '--offline', 'c'], 'c'],
  [['--offline', 'TRUE'], 'TRUE'],
];

describe('create arguments without yargs (cli/optionTable.ts)', () => {
  it.each(valid.map((v) => [v.join(' ') || '(none)', v] as const))('same record as yargs: %s', async (_name, argv) => {
    const fast = parseCreateArgs(argv);
    expect(fast).toEqual(canonical(await viaYargs(argv)));
  });

  it('gives repeatable options arrays, a twice-given single option an array, counts, and -k=VALUE as VALUE', () => {
    const a = parseCreateArgs(['-k=a,b', 'c', '-i', 'k1', '--image=k2', '-o', 'o', '-vvq', '--no-verify', '--crt', 'x']);
    expect(a).toEqual({ _: [], 'host-key-document': ['a,b', 'c'], kernel: ['k1', 'k2'], output: 'o', verbose: 2, quiet: 1, 'no-verify': true, cert: ['x'] });
  });

  it.each(invalid.map(([v, w]) => [v.join(' '), v, w] as const))('refuses %s, naming the word, as yargs does', async (_name, argv, word) => {
    let err: unknown;
    try {
      parseCreateArgs(argv);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    const msg = (err as Error).message;
    expect(msg).not.toContain('\n');
    expect(msg).toContain(word);
    await expect(viaYargs(argv)).rejects.toBeInstanceOf(UsageError);
  });

  it('deliberate differences: -kVALUE with a letter is read, values on flags and counts other than true/false are refused', async () => {
    // yargs reads -kfoo as -k -f -o -o (and refuses -f); parseArgs, like getopt, reads -k foo.
    expect(parseCreateArgs(['-kfoo'])['host-key-document']).toEqual(['foo']);
    await expect(viaYargs(['-kfoo'])).rejects.toBeInstanceOf(UsageError);
    // yargs reads the dots of -k./a.crt as dot-notation and gives an object; parseArgs the path.
    expect(parseCreateArgs(['-k./a.crt'])['host-key-document']).toEqual(['./a.crt']);
    expect((await viaYargs(['-k./a.crt']))['host-key-document']).not.toEqual(['./a.crt']);
    // yargs turns --offline=foo into false and --verbose=3 into 1, silently.
    expect(() => parseCreateArgs(['--offline=foo'])).toThrow(/option --offline takes no value, got 'foo'/);
    expect(() => parseCreateArgs(['--verbose=3'])).toThrow(/option --verbose takes no value, got '3'/);
  });

  it('sends --help, -h and --version (before --) to yargs', () => {
    expect(asksForHelpOrVersion(['-k', 'a', '--help'])).toBe(true);
    expect(asksForHelpOrVersion(['-h'])).toBe(true);
    expect(asksForHelpOrVersion(['--version'])).toBe(true);
    expect(asksForHelpOrVersion(['--help=true'])).toBe(true);
    expect(asksForHelpOrVersion(['-k', 'a', '--', '--help'])).toBe(false);
    expect(asksForHelpOrVersion(['--helpful', '-k', '-h.crt'])).toBe(false);
  });
});

describe('create command line through runCli / runGenprotimg', () => {
  it('--help lists every option of the table but the experimental ones, for pvkit create and genprotimg', async () => {
    expect(CREATE_OPTIONS.filter((o) => o.hidden).map((o) => o.name)).toContain('x-psw');
    for (const run of [(io: ReturnType<typeof captureIo>) => runCli(['create', '-k', 'x', '--help'], io), (io: ReturnType<typeof captureIo>) => runGenprotimg(['--help'], io)]) {
      const io = captureIo();
      expect(await run(io)).toBe(0);
      expect(io.err).toBe('');
      for (const o of CREATE_OPTIONS) {
        if (o.hidden) {
          expect(io.out).not.toMatch(new RegExp(`--${o.name}[ ,]`));
          continue;
        }
        expect(io.out).toMatch(new RegExp(`--${o.name}[ ,]`));
        expect(io.out).toContain(o.describe.slice(0, 40));
        for (const a of o.aliases ?? []) expect(io.out).toContain(a.length === 1 ? `-${a},` : `--${a}`);
      }
    }
  });

  it('--help-all and --help-experimental (pvimg\'s hidden long help) list the experimental options too', async () => {
    const runs = [
      (io: ReturnType<typeof captureIo>) => runCli(['create', '--help-all'], io),
      (io: ReturnType<typeof captureIo>) => runGenprotimg(['--help-experimental'], io),
      (io: ReturnType<typeof captureIo>) => runGenprotimg(['-k', 'a', '--help-all'], io),
    ];
    for (const run of runs) {
      const io = captureIo();
      expect(await run(io)).toBe(0);
      expect(io.err).toBe('');
      for (const o of CREATE_OPTIONS) expect(io.out).toMatch(new RegExp(`--${o.name}[ ,]`));
    }
    expect(withLongHelp(['-k', 'a', '--help-all'])).toEqual(['--help', '-k', 'a', '--help-all']);
    expect(withLongHelp(['-k', 'a', '--', '--help-all'])).toEqual(['-k', 'a', '--', '--help-all']);
  });

  it('an output in a folder that does not exist: exit 1, one line naming the output the user gave', async () => {
    const inp = writeInputs();
    const out = join(inp.dir, 'no-such-folder', 'se.img');
    const io = captureIo();
    expect(await runCli(['create', '--no-verify', '-k', join(repoRoot, 'keys', 'host-test-1.crt.pem'), '-i', inp.kernel, '-o', out, '-q'], io)).toBe(1);
    expect(io.err).toBe(`pvkit: error: ${out}: cannot create the output file: its folder does not exist\n`);
  });

  it('usage errors from either parser exit 2 with one line naming the option', async () => {
    const cases: [(io: ReturnType<typeof captureIo>) => Promise<number>, RegExp][] = [
      [(io) => runCli(['create', '--no-verify', '--bogus'], io), /^pvkit: error: unknown option --bogus$/],
      [(io) => runCli(['create', '-k', 'a', '-o'], io), /^pvkit: error: option -o needs a value$/],
      [(io) => runGenprotimg(['-k', 'a', '--output'], io), /^genprotimg: error: option --output needs a value$/],
      [(io) => runGenprotimg(['-k', 'a', '--', 'extra'], io), /^genprotimg: error: unexpected argument 'extra'$/],
      // The yargs path: its own complaints are usage errors too, not internal errors.
      [(io) => runCli(['sample', '--out'], io), /^pvkit: error: Not enough arguments following: out$/],
    ];
    for (const [run, msg] of cases) {
      const io = captureIo();
      expect(await run(io), msg.source).toBe(2);
      expect(io.err.split('\n')[0]).toMatch(msg);
      expect(io.err).not.toMatch(/internal error|\n\s+at /);
    }
  });
});
