/**
 * `pvkit verify-hkd`: verify host-key documents against IBM's chain of trust, like IBM's
 * `pvverify` (SE-FORMAT §7.6). Exit 0 verified, 1 refused or error, 2 usage.
 */
import type { Argv } from 'yargs';
import { type Args, type PvkitCommand, flag, optString, stringList } from '../command.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../../src/errors.js';
import { type HostKeyDocument, readHostKeyDocument } from '../../src/hostkey/hostKeyDocument.js';
import { HostKeyVerificationError, type HostKeyVerificationReport, verifyHostKeyDocuments } from '../../src/hostkey/verify.js';
import { parseVerificationTime } from '../../src/hostkey/verificationTime.js';

function textReport(r: HostKeyVerificationReport): string {
  const lines = [`verification time: ${r.at}${r.offline ? ' (offline)' : ''}`, `IBM Z signing key: ${r.signingKey.subject} (${r.signingKey.source})`];
  r.signingKeyChain.forEach((c, depth) => lines.push(`  depth ${depth}: ${c.subject} [${c.source}]`));
  for (const n of r.downloadNotes) lines.push(`note: ${n}`);
  for (const d of r.documents) lines.push(`${d.path}: verified (${d.subject}, serial ${d.serial}; CRL ${d.crls.join(', ')})`);
  return lines.join('\n') + '\n';
}

export const verifyHkdCommand: PvkitCommand = {
  options(y: Argv): Argv {
    return y
      .option('host-key-document', { alias: 'k', type: 'string', array: true, describe: 'host-key document (PEM or DER); repeatable, comma-separated lists allowed' })
      .option('cert', { alias: ['C', 'crt'], type: 'string', array: true, describe: 'IBM Z signing key and intermediate CA certificate(s); repeatable' })
      .option('crl', { type: 'string', array: true, describe: 'CRL file(s), PEM or DER; repeatable' })
      .option('root-ca', { type: 'string', describe: 'root CA to trust instead of the system roots' })
      .option('offline', { type: 'boolean', describe: 'never download CRLs' })
      .option('at', { type: 'string', describe: 'verify as of this ISO 8601 time (e.g. 2025-01-01T00:00:00Z) instead of now' })
      .option('format', { type: 'string', choices: ['text', 'json'], default: 'text', describe: 'output format' });
  },
  async run(args: Args, io: CliIo): Promise<number> {
    const hkds = stringList(args, 'host-key-document', { commaSeparated: true });
    const certs = stringList(args, 'cert', { commaSeparated: true });
    if (hkds.length === 0) throw new UsageError('at least one host-key document (-k) is required');
    if (certs.length === 0) throw new UsageError('at least one certificate (-C/--cert: the IBM Z signing key and intermediate CA) is required');
    const atText = optString(args, 'at');
    const at = atText === undefined ? undefined : parseVerificationTime(atText);
    if (atText !== undefined && at === undefined) throw new UsageError(`--at expects an ISO 8601 date or date-time, got '${atText}'`);
    const json = optString(args, 'format') === 'json';

    const docs: HostKeyDocument[] = [];
    for (const path of hkds) docs.push(await readHostKeyDocument(path, { warn: (m) => io.stderr(`pvkit: warning: ${m}\n`) }));
    try {
      const report = await verifyHostKeyDocuments(docs, {
        certs,
        crls: stringList(args, 'crl', { commaSeparated: true }),
        rootCa: optString(args, 'root-ca'),
        offline: flag(args, 'offline'),
        at,
      });
      io.stdout(json ? `${JSON.stringify({ ok: true, ...report }, null, 2)}\n` : textReport(report));
      return 0;
    } catch (e) {
      if (json && e instanceof HostKeyVerificationError) {
        const error = { code: e.code, message: e.message, file: e.file, subject: e.subject, depth: e.depth, x509Code: e.x509Code };
        io.stdout(`${JSON.stringify({ ok: false, error }, null, 2)}\n`);
      }
      throw e;
    }
  },
};
