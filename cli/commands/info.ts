/**
 * `pvkit info`: show an SE image's header, as `pvimg info` does (SE-FORMAT §7.3), plus where it was
 * found, the IPIB components and decoded flags; `--extract-header` writes the bare header
 * (what `pvextract-hdr` gives attestation tools).
 */
import type { Argv } from 'yargs';
import { type Args, flag, optString, type PvkitCommand, stringList } from '../command.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../../src/errors.js';
import { writeOutputFile } from '../../src/outputFile.js';
import { readHostPrivateKey, readKeyFile } from '../../src/image/hostKeyInput.js';
import { readSeImageFile } from '../../src/image/imageReader.js';
import { buildInfoDocument, NOT_VERIFIED_WARNING, renderInfoText } from '../../src/image/infoDocument.js';
import { INFO_SCHEMA, TEXT_SCHEMA_NOTE } from '../../src/image/infoSchema.js';
import { openImageHeader } from '../../src/image/openHeader.js';

export const FORMATS = ['text', 'text:full', 'json', 'json:pretty', 'json:minify'] as const;
export type OutputFormat = (typeof FORMATS)[number];

/** JSON when stdout is not a terminal, as pvimg does (§7.3). */
export function outputFormat(args: Args, io: CliIo): OutputFormat {
  const f = optString(args, 'format');
  if (f === undefined) return io.stdoutIsTTY ? 'text' : 'json';
  if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${f}'`);
  return f as OutputFormat;
}

export function renderJson(value: unknown, format: OutputFormat): string {
  return `${format === 'json:minify' ? JSON.stringify(value) : JSON.stringify(value, null, 2)}\n`;
}

export const infoCommand: PvkitCommand = {
  options: (y: Argv) =>
    y
      .positional('input', { type: 'string', describe: 'SE image or bare SE header' })
      .option('format', { type: 'string', describe: `output format: ${FORMATS.join(', ')} (default: text on a terminal, else json)` })
      .option('print-schema', { type: 'string', describe: 'print the JSON schema of the output (json) and exit' })
      .option('hdr-key', { type: 'string', alias: ['key', 'x-header-key'], describe: 'header protection key (32 bytes): verify the header tag and decrypt' })
      .option('host-key', { type: 'string', describe: 'pvkit: host private key (PEM); opens the header through its key slot (repeatable)' })
      .option('show-secrets', { type: 'boolean', describe: 'show the decrypted secrets (CCK, XTS key); needs --hdr-key or --host-key' })
      .option('extract-header', { type: 'string', describe: 'write the bare SE header to this file' })
      .option('overwrite', { type: 'boolean', describe: 'replace an existing --extract-header file' }),
  async run(args: Args, io: CliIo): Promise<number> {
    const schema = optString(args, 'print-schema');
    if (schema !== undefined) {
      if (schema === 'json') io.stdout(`${JSON.stringify(INFO_SCHEMA, null, 2)}\n`);
      else if (schema === 'text') io.stdout(`${TEXT_SCHEMA_NOTE}\n`);
      else throw new UsageError(`--print-schema must be json or text, got '${schema}'`);
      return 0;
    }
    const input = optString(args, 'input');
    if (input === undefined) throw new UsageError('an input image is required');
    const format = outputFormat(args, io);
    const hdrKeyPath = optString(args, 'hdr-key');
    const hostKeyPaths = stringList(args, 'host-key');
    if (flag(args, 'show-secrets') && hdrKeyPath === undefined && hostKeyPaths.length === 0) {
      throw new UsageError('--show-secrets needs --hdr-key or --host-key');
    }
    const headerKey = hdrKeyPath === undefined ? undefined : await readKeyFile(hdrKeyPath, 32, 'header protection key');
    const hostKeys = await Promise.all(hostKeyPaths.map(readHostPrivateKey));

    const image = await readSeImageFile(input);
    const opened = openImageHeader(image, { headerKey, hostKeys });
    const doc = buildInfoDocument(image, { opened, showSecrets: flag(args, 'show-secrets') });
    if (!opened) io.stderr(`pvkit: warning: ${NOT_VERIFIED_WARNING}\n`);

    const extract = optString(args, 'extract-header');
    if (extract !== undefined) await writeOutputFile(extract, image.header.bytes, { overwrite: flag(args, 'overwrite') });

    io.stdout(format.startsWith('json') ? renderJson(doc, format) : renderInfoText(doc));
    return 0;
  },
};
