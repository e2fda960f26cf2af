/**
 * `pvkit test`: does the image have a key slot for this host? As `pvimg test` (SE-FORMAT §7.4):
 * `-k HKD…` compares each document's host-key hash (§2.4) with the key slots (no chain verification);
 * `--key-hashes[=FILE]` reads the Ultravisor's host-key hashes (default /sys/firmware/uv/keys/all).
 * Exit 0 if at least one matches, 1 if none (or on error), 2 on usage errors.
 */
import { readFile } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { type Args, optString, type PvkitCommand, stringList } from '../command.js';
import type { CliIo } from '../io.js';
import { InputError, UsageError } from '../../src/errors.js';
import { readHostKeyDocumentKey } from '../../src/image/hostKeyInput.js';
import { readSeImageFile } from '../../src/image/imageReader.js';

export const UV_KEYS_FILE = '/sys/firmware/uv/keys/all';

/** Parse the UV key-hash file (§2.4: one 64-hex-digit hash per line; line 1 primary, 2 backup; zero = empty). */
export function parseKeyHashes(text: string, file: string): { line: number; hash: string }[] {
  const out: { line: number; hash: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    const s = raw.trim().toLowerCase();
    if (s === '') return;
    if (!/^[0-9a-f]{64}$/.test(s)) throw new InputError(`line ${i + 1} is not a 64-digit hex host-key hash`, { file });
    if (!/^0+$/.test(s)) out.push({ line: i + 1, hash: s });
  });
  return out;
}

const lineName = (n: number) => (n === 1 ? 'primary host key' : n === 2 ? 'backup host key' : `host key on line ${n}`);

export const testCommand: PvkitCommand = {
  options: (y: Argv) =>
    y
      .positional('input', { type: 'string', describe: 'SE image or bare SE header' })
      .option('host-key-document', { alias: 'k', type: 'string', describe: 'host-key document (repeatable, comma-separated)' })
      .option('key-hashes', { type: 'string', describe: `host-key hash file (use --key-hashes=FILE; default ${UV_KEYS_FILE})` }),
  async run(args: Args, io: CliIo): Promise<number> {
    const input = optString(args, 'input');
    if (input === undefined) throw new UsageError('an input image is required');
    const hkds = stringList(args, 'host-key-document', { commaSeparated: true });
    const keyHashesGiven = args['key-hashes'] !== undefined;
    if ((hkds.length > 0) === keyHashesGiven) throw new UsageError('give exactly one of --host-key-document/-k and --key-hashes');

    const image = await readSeImageFile(input);
    const slots = new Set(image.header.keySlots.map((s) => Buffer.from(s.phkh).toString('hex')));

    let matched = 0;
    if (hkds.length > 0) {
      for (const path of hkds) {
        const key = await readHostKeyDocumentKey(path, (m) => io.stderr(`pvkit: warning: ${path}: ${m}\n`));
        const ok = slots.has(Buffer.from(key.phkh).toString('hex'));
        if (ok) matched++;
        io.stdout(`${ok ? '✓' : '✘'} ${path}\n`);
      }
    } else {
      const given = optString(args, 'key-hashes');
      const path = given === undefined || given === '' ? UV_KEYS_FILE : given;
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (e) {
        if (path === UV_KEYS_FILE) throw new InputError('Query Ultravisor Keys not supported (no host-key hash file)', { file: path, cause: e });
        throw e;
      }
      for (const { line, hash } of parseKeyHashes(text, path)) {
        const ok = slots.has(hash);
        if (ok) matched++;
        io.stdout(`${ok ? '✓' : '✘'} ${lineName(line)} (${hash.slice(0, 16)}…)\n`);
      }
    }
    if (matched === 0) {
      io.stderr(`pvkit: error: ${input}: the SE image has no key slot for any of the given host keys\n`);
      return 1;
    }
    io.stdout(`The SE image has a key slot for ${matched} of the given host key(s).\n`);
    return 0;
  },
};
