/**
 * `pvkit verify` (beyond IBM's tools): prove an SE image is exactly what a release pipeline meant to
 * ship (SE-FORMAT §8.6). Opens the header with `--hdr-key` or a host private key, recomputes the page
 * digests, decrypts and compares the components, and checks the expectations given.
 * Exit 0 = verified, 3 = NOT verified (a check failed), 1 = error, 2 = usage.
 */
import { readFile } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { type Args, optHexWord, optString, type PvkitCommand, stringList } from '../command.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../../src/errors.js';
import { readHostKeyDocumentKey, readHostPrivateKey, readKeyFile } from '../../src/image/hostKeyInput.js';
import { type ImageFile, openImageFile } from '../../src/image/imageFile.js';
import { NAMED_FLAGS, type VerifyExpectations, verifyImagePath, type VerifyReport } from '../../src/image/imageVerify.js';
import { renderJson } from './info.js';

export const EXIT_NOT_VERIFIED = 3;
const VERIFY_FORMATS = ['text', 'json', 'json:pretty', 'json:minify'] as const;

/** The stable JSON form of a report (`api_level` 1). */
export function verifyReportJson(r: VerifyReport): unknown {
  return {
    api_level: 1,
    image: r.image,
    verified: r.verified,
    layout: r.layout ?? null,
    header_found_by: r.headerFoundBy ?? null,
    header_offset: r.headerOffset ?? null,
    checks: r.checks.map((c) => ({ name: c.name, ok: c.ok, detail: c.detail })),
  };
}

export function verifyReportText(r: VerifyReport): string {
  const width = Math.max(...r.checks.map((c) => c.name.length));
  const lines = r.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.name.padEnd(width)}  ${c.detail}`);
  const failed = r.checks.filter((c) => !c.ok).length;
  lines.push(r.verified ? `VERIFIED: ${r.image} (${r.checks.length} checks passed)` : `NOT VERIFIED: ${r.image} (${failed} of ${r.checks.length} checks failed)`);
  return `${lines.join('\n')}\n`;
}

function parseFlagExpectation(s: string): { name: string; on: boolean } {
  const m = /^([a-z0-9-]+)=(on|off|yes|no|true|false|1|0)$/.exec(s.trim());
  if (!m || !NAMED_FLAGS[m[1]!]) {
    throw new UsageError(`--expect-flag expects NAME=on|off with NAME one of ${Object.keys(NAMED_FLAGS).join(', ')}; got '${s}'`);
  }
  return { name: m[1]!, on: ['on', 'yes', 'true', '1'].includes(m[2]!) };
}

export const verifyCommand: PvkitCommand = {
  options: (y: Argv) =>
    y
      .positional('input', { type: 'string', describe: 'SE image' })
      .option('hdr-key', { type: 'string', alias: ['key', 'x-header-key'], describe: 'header protection key (32 bytes)' })
      .option('host-key', { type: 'string', describe: 'host private key (PEM): open the header through its key slot (repeatable)' })
      .option('image-key', { type: 'string', alias: ['x-comp-key'], describe: 'expected component (XTS) key (64 bytes); with --hdr-key or --host-key' })
      .option('expect-kernel', { type: 'string', describe: 'the kernel the image must hold (with any --expect-kernel/-initrd/-cmdline, the image must hold exactly the components given)' })
      .option('expect-initrd', { type: 'string', alias: ['expect-ramdisk'], describe: 'the initrd the image must hold' })
      .option('expect-cmdline', { type: 'string', alias: ['expect-parmfile'], describe: 'parmfile: the command line the image must hold' })
      .option('expect-host-key', { type: 'string', describe: 'host-key document; the key slots must be exactly these (repeatable)' })
      .option('expect-pcf', { type: 'string', describe: 'exact plaintext control flags (hex)' })
      .option('expect-scf', { type: 'string', describe: 'exact secret control flags (hex)' })
      .option('expect-psw', { type: 'string', describe: 'address (hex) of the sealed PSW, for images built with --x-psw (default: stage3b)' })
      .option('expect-flag', { type: 'string', describe: `NAME=on|off (${Object.keys(NAMED_FLAGS).join(', ')}); repeatable` })
      .option('format', { type: 'string', describe: `report format: ${VERIFY_FORMATS.join(', ')} (default text)` }),
  async run(args: Args, io: CliIo): Promise<number> {
    const input = optString(args, 'input');
    if (input === undefined) throw new UsageError('an input image is required');
    const format = optString(args, 'format') ?? 'text';
    if (!(VERIFY_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${VERIFY_FORMATS.join(', ')}`);
    const hdrKeyPath = optString(args, 'hdr-key');
    const hostKeyPaths = stringList(args, 'host-key');
    const imageKeyPath = optString(args, 'image-key');
    if (hdrKeyPath === undefined && hostKeyPaths.length === 0) {
      throw new UsageError('verify needs a way to open the header: --hdr-key, --host-key, or --image-key with --hdr-key');
    }
    const pcf = optHexWord(args, 'expect-pcf');
    const scf = optHexWord(args, 'expect-scf');
    const pswAddr = optHexWord(args, 'expect-psw');
    const flags = stringList(args, 'expect-flag').map(parseFlagExpectation);
    const expectHostKeys = stringList(args, 'expect-host-key', { commaSeparated: true });

    const keys = {
      headerKey: hdrKeyPath === undefined ? undefined : await readKeyFile(hdrKeyPath, 32, 'header protection key'),
      hostKeys: await Promise.all(hostKeyPaths.map(readHostPrivateKey)),
      imageKey: imageKeyPath === undefined ? undefined : await readKeyFile(imageKeyPath, 64, 'image (XTS) key'),
    };
    const opened: ImageFile[] = [];
    const openExpected = async (name: string): Promise<ImageFile | undefined> => {
      const p = optString(args, name);
      if (p === undefined) return undefined;
      const f = await openImageFile(p);
      opened.push(f);
      return f;
    };
    try {
      const cmdlinePath = optString(args, 'expect-cmdline');
      const expectations: VerifyExpectations = {
        kernel: await openExpected('expect-kernel'),
        initrd: await openExpected('expect-initrd'),
        cmdline: cmdlinePath === undefined ? undefined : new Uint8Array(await readFile(cmdlinePath)),
        hostKeys: expectHostKeys.length ? await Promise.all(expectHostKeys.map((p) => readHostKeyDocumentKey(p, (m) => io.stderr(`pvkit: warning: ${p}: ${m}\n`)))) : undefined,
        pcf,
        scf,
        flags,
        pswAddr,
      };
      const report = await verifyImagePath(input, keys, expectations);
      io.stdout(format === 'text' ? verifyReportText(report) : renderJson(verifyReportJson(report), format as 'json'));
      return report.verified ? 0 : EXIT_NOT_VERIFIED;
    } finally {
      for (const f of opened) await f.close();
    }
  },
};
