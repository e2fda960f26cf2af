/**
 * `pvkit keygen`: TEST key material. `keygen host` makes a P-521 host key pair and a self-signed
 * host-key document (for `pvkit create --no-verify -k`); `keygen pki` makes a complete fake
 * IBM-shaped hierarchy with CRLs and broken variants (SE-FORMAT §7.6) for CI. Private keys are
 * written with mode 0600 and never printed.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { type Args, type PvkitCommand, flag, optInt, optString, reqString } from '../command.js';
import type { CliIo } from '../io.js';
import { InputError, UsageError } from '../../src/errors.js';
import { writeOutputFile } from '../../src/outputFile.js';
import { TEST_KEYS_WARNING, type CaKeyType } from '../../src/hostkey/testCertificates.js';
import { generateTestHostKey } from '../../src/hostkey/testHostKey.js';
import { generateTestPki } from '../../src/hostkey/testPki.js';
import { parseVerificationTime } from '../../src/hostkey/verificationTime.js';

interface PlannedFile {
  readonly path: string;
  readonly contents: string;
  readonly secret: boolean;
}

async function writeAll(files: readonly PlannedFile[], overwrite: boolean, io: CliIo): Promise<void> {
  if (!overwrite) {
    // Refuse before writing anything, so that a refusal leaves no half-made set behind.
    const { stat } = await import('node:fs/promises');
    for (const f of files) {
      const exists = await stat(f.path).then(
        () => true,
        () => false,
      );
      if (exists) throw new InputError('output file exists (use --overwrite to replace it)', { file: f.path });
    }
  }
  for (const f of files) {
    await writeOutputFile(f.path, f.contents, { overwrite: true, mode: f.secret ? 0o600 : 0o644 });
    io.stdout(`wrote ${f.path}${f.secret ? ' (private key, mode 0600)' : ''}\n`);
  }
}

function atOption(args: Args): Date | undefined {
  const text = optString(args, 'at');
  if (text === undefined) return undefined;
  const at = parseVerificationTime(text);
  if (at === undefined) throw new UsageError(`--at expects an ISO 8601 date or date-time, got '${text}'`);
  return at;
}

export const keygenCommand: PvkitCommand = {
  options(y: Argv): Argv {
    return y
      .positional('kind', { type: 'string', choices: ['host', 'pki'], describe: 'host: one test host key; pki: a complete fake hierarchy' })
      .option('out', { alias: 'o', type: 'string', describe: 'host: path prefix (writes PREFIX.key.pem, PREFIX.crt.pem); pki: directory' })
      .option('subject', { type: 'string', describe: 'host: common name of the self-signed host-key document' })
      .option('at', { type: 'string', describe: 'reference time of the validity windows (ISO 8601; default now)' })
      .option('ca-key-type', { type: 'string', choices: ['rsa', 'ec'], default: 'rsa', describe: 'pki: RSA-4096/SHA-512 (IBM) or ECDSA P-384 CAs' })
      .option('rsa-bits', { type: 'number', default: 4096, describe: 'pki: RSA modulus length of the CAs and signing key' })
      .option('crl-url-base', { type: 'string', describe: 'pki: prefix of the CRL distribution-point URIs (default: bare file names)' })
      .option('overwrite', { type: 'boolean', describe: 'replace existing files' });
  },
  async run(args: Args, io: CliIo): Promise<number> {
    const kind = reqString(args, 'kind');
    const out = reqString(args, 'out');
    const at = atOption(args);
    const overwrite = flag(args, 'overwrite');
    io.stderr(`pvkit: ${TEST_KEYS_WARNING}\n`);
    if (kind === 'host') {
      const key = await generateTestHostKey({ subject: optString(args, 'subject'), at });
      await writeAll(
        [
          { path: `${out}.key.pem`, contents: key.privateKeyPem, secret: true },
          { path: `${out}.crt.pem`, contents: key.certificatePem, secret: false },
        ],
        overwrite,
        io,
      );
      return 0;
    }
    if (kind !== 'pki') throw new UsageError(`unknown keygen kind '${kind}' (expected host or pki)`);
    if (optString(args, 'subject') !== undefined) throw new UsageError('--subject applies to keygen host only');
    const rsaBits = optInt(args, 'rsa-bits') ?? 4096;
    if (rsaBits < 2048 || rsaBits > 16384 || rsaBits % 8 !== 0) throw new UsageError(`--rsa-bits must be a multiple of 8 from 2048 to 16384, got ${rsaBits}`);
    const pki = await generateTestPki({
      at,
      caKeyType: (optString(args, 'ca-key-type') ?? 'rsa') as CaKeyType,
      rsaBits,
      crlUrlBase: optString(args, 'crl-url-base'),
    });
    await mkdir(out, { recursive: true });
    await writeAll(
      pki.files.map((f) => ({ path: join(out, f.name), contents: f.contents, secret: f.secret })),
      overwrite,
      io,
    );
    io.stdout(`reference time ${pki.at.toISOString()}; see ${join(out, 'README.txt')} for the expected verification results\n`);
    return 0;
  },
};
