/**
 * `pvkit create` (and the `genprotimg` entry point): every option of `pvimg create` (SE-FORMAT §7.1)
 * with its conflicts and requirements, plus pvkit's pins for a fully reproducible image (§6).
 */
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { type Args, flag, optHexWord, optString, type PvkitCommand, stringList } from '../command.js';
import type { CliIo } from '../io.js';
import { InputError, UsageError } from '../../src/errors.js';
import type { PinnedValues } from '../../src/build/createImage.js';
import { DEFAULT_PCF, DEFAULT_SCF, flagMask, hex64, PCF_FLAGS, SCF_FLAGS, type ControlFlag } from '../../src/format/controlFlags.js';
import type { ComponentKind } from '../../src/format/tweak.js';
import { progressReporter } from '../progress.js';
import { type OptionSpec, parseOptionArgs, yargsOptions } from '../optionTable.js';

/** enable/disable pairs: option stem → where its bits live. */
const FLAG_OPTIONS: readonly { stem: string; word: 'pcf' | 'scf'; flag: ControlFlag; invert?: boolean; describe: string }[] = [
  { stem: 'dump', word: 'pcf', flag: PCF_FLAGS.dump, describe: 'allow the guest to be dumped (needs --cck or --enable-cck-update)' },
  { stem: 'pckmo', word: 'pcf', flag: PCF_FLAGS.pckmo, describe: 'PCKMO DEA/TDEA/AES/ECC key functions (default: enabled)' },
  { stem: 'pckmo-hmac', word: 'pcf', flag: PCF_FLAGS.pckmoHmac, describe: 'PCKMO HMAC key functions (default: disabled)' },
  { stem: 'backup-keys', word: 'pcf', flag: PCF_FLAGS.backupKeys, describe: 'allow backup host keys (default: disabled)' },
  {
    stem: 'image-encryption',
    word: 'pcf',
    flag: PCF_FLAGS.noImageDecryption,
    invert: true,
    describe: 'encrypt the components (default: enabled; disabling stores them in plaintext)',
  },
  { stem: 'cck-extension-secret', word: 'scf', flag: SCF_FLAGS.cckExtensionSecret, describe: 'require the CCK-derived extension secret (needs --cck)' },
  { stem: 'cck-update', word: 'scf', flag: SCF_FLAGS.cckUpdate, describe: 'allow the CCK to be updated later (z17+)' },
];

const TWEAK_KINDS: readonly ComponentKind[] = ['kernel', 'ramdisk', 'cmdline', 'stage3b'];

/**
 * Every option of `pvkit create` / `genprotimg`, declared once: yargs reads it for `--help`
 * (`createOptions`), and `parseCreateArgs` reads the command line with it without loading yargs.
 */
export const CREATE_OPTIONS: readonly OptionSpec[] = [
  { name: 'kernel', aliases: ['i', 'image'], type: 'string', describe: 'raw s390x Linux kernel image' },
  { name: 'ramdisk', aliases: ['r'], type: 'string', describe: 'initial RAM disk' },
  { name: 'parmfile', aliases: ['p'], type: 'string', describe: 'kernel command line file' },
  { name: 'output', aliases: ['o'], type: 'string', describe: 'output image' },
  { name: 'host-key-document', aliases: ['k'], type: 'string', repeatable: true, describe: 'host-key document (repeatable, comma-separated)' },
  { name: 'no-verify', type: 'boolean', describe: 'do not verify the host-key documents (not recommended)' },
  { name: 'cert', aliases: ['C', 'crt'], type: 'string', repeatable: true, describe: 'IBM Z signing-key and intermediate CA certificates' },
  { name: 'crl', type: 'string', repeatable: true, describe: 'certificate revocation lists (needs --cert)' },
  { name: 'offline', type: 'boolean', describe: 'never download CRLs (needs --cert)' },
  { name: 'root-ca', type: 'string', describe: 'root CA instead of the system trust store (needs --cert)' },
  { name: 'no-component-check', type: 'boolean', describe: 'skip the kernel and command-line checks' },
  { name: 'overwrite', type: 'boolean', describe: 'replace an existing output file' },
  { name: 'cck', aliases: ['comm-key', 'x-comm-key'], type: 'string', describe: '32-byte customer communication key file' },
  { name: 'hdr-key', aliases: ['x-header-key'], type: 'string', describe: '32-byte header protection key file' },
  { name: 'image-key', aliases: ['x-comp-key'], type: 'string', describe: '64-byte AES-256-XTS component key file' },
  ...FLAG_OPTIONS.flatMap((f): OptionSpec[] => [
    { name: `enable-${f.stem}`, type: 'boolean', describe: f.describe },
    { name: `disable-${f.stem}`, type: 'boolean', describe: `opposite of --enable-${f.stem}` },
  ]),
  { name: 'x-pcf', hidden: true, type: 'string', describe: 'plaintext control flags word (hex), instead of the flag options' },
  { name: 'x-scf', hidden: true, type: 'string', describe: 'secret control flags word (hex), instead of the flag options' },
  { name: 'x-psw', hidden: true, type: 'string', describe: "PSW address (hex) sealed in the SE header instead of stage3b's" },
  { name: 'x-bootloader-directory', hidden: true, type: 'string', describe: 'load stage3a.bin and stage3b_reloc.bin from this directory' },
  { name: 'x-customer-key', hidden: true, type: 'string', describe: 'pvkit: customer P-521 private key (PEM) instead of a fresh one' },
  { name: 'x-header-iv', hidden: true, type: 'string', describe: 'pvkit: 12-byte header GCM IV file instead of a random one' },
  { name: 'x-tweak', hidden: true, type: 'string', repeatable: true, describe: 'pvkit: KIND=HEX12 pins the 6 random tweak bytes of kernel|ramdisk|cmdline|stage3b' },
  { name: 'verbose', aliases: ['v'], type: 'count', describe: 'more messages' },
  { name: 'quiet', aliases: ['q'], type: 'count', describe: 'fewer messages' },
];

export function createOptions(y: Argv): Argv {
  return yargsOptions(y, CREATE_OPTIONS);
}

/** `create`'s arguments (the words after the command) as yargs would give them, without yargs. */
export function parseCreateArgs(argv: readonly string[]): Args {
  return parseOptionArgs(argv, CREATE_OPTIONS);
}

function readKeyFile(path: string | undefined, size: number, what: string): Uint8Array | undefined {
  if (path === undefined) return undefined;
  const data = new Uint8Array(readFileSync(path));
  if (data.length !== size) throw new InputError(`${what} must be exactly ${size} bytes, the file has ${data.length}`, { file: path });
  return data;
}

function conflict(args: Args, a: string, b: string): void {
  if (args[a] !== undefined && args[b] !== undefined) throw new UsageError(`--${a} cannot be used with --${b}`);
}

/** Resolve PCF/SCF from --x-pcf/--x-scf or the defaults, then the enable/disable options (§7.1 order). */
export function resolveFlags(args: Args): { pcf: bigint; scf: bigint } {
  const xPcf = optHexWord(args, 'x-pcf');
  const xScf = optHexWord(args, 'x-scf');
  let pcf = xPcf ?? DEFAULT_PCF;
  let scf = xScf ?? DEFAULT_SCF;
  for (const f of FLAG_OPTIONS) {
    const en = flag(args, `enable-${f.stem}`);
    const dis = flag(args, `disable-${f.stem}`);
    if (en && dis) throw new UsageError(`--enable-${f.stem} and --disable-${f.stem} are mutually exclusive`);
    if (!en && !dis) continue;
    if (f.word === 'pcf' && xPcf !== undefined) throw new UsageError(`--x-pcf cannot be combined with --${en ? 'enable' : 'disable'}-${f.stem}`);
    if (f.word === 'scf' && xScf !== undefined) throw new UsageError(`--x-scf cannot be combined with --${en ? 'enable' : 'disable'}-${f.stem}`);
    const set = en !== (f.invert ?? false);
    const m = flagMask(f.flag);
    if (f.word === 'pcf') pcf = set ? pcf | m : pcf & ~m;
    else scf = set ? scf | m : scf & ~m;
  }
  const hasCck = optString(args, 'cck') !== undefined;
  if (flag(args, 'enable-dump') && !hasCck && !flag(args, 'enable-cck-update')) {
    throw new UsageError('--enable-dump requires --cck or --enable-cck-update');
  }
  if (flag(args, 'enable-cck-extension-secret') && !hasCck) throw new UsageError('--enable-cck-extension-secret requires --cck');
  if (flag(args, 'enable-cck-extension-secret') && flag(args, 'enable-cck-update')) {
    throw new UsageError('--enable-cck-extension-secret cannot be used with --enable-cck-update');
  }
  return { pcf, scf };
}

function parseTweaks(args: Args): Partial<Record<ComponentKind, Uint8Array>> {
  const out: Partial<Record<ComponentKind, Uint8Array>> = {};
  for (const item of stringList(args, 'x-tweak', { commaSeparated: true })) {
    const m = /^([a-z0-9]+)=([0-9a-fA-F]{12})$/.exec(item);
    const kind = m?.[1] as ComponentKind | undefined;
    if (!m || !kind || !TWEAK_KINDS.includes(kind)) {
      throw new UsageError(`--x-tweak expects KIND=HEX12 with KIND one of ${TWEAK_KINDS.join(', ')}, got '${item}'`);
    }
    out[kind] = new Uint8Array(Buffer.from(m[2]!, 'hex'));
  }
  return out;
}

export async function runCreate(args: Args, io: CliIo, tool = 'pvkit'): Promise<number> {
  const quiet = Number(args['quiet'] ?? 0) > 0;
  const warn = (msg: string) => {
    if (!quiet) io.stderr(`${tool}: WARNING: ${msg}\n`);
  };
  const kernel = optString(args, 'kernel');
  const output = optString(args, 'output');
  const hkds = stringList(args, 'host-key-document', { commaSeparated: true });
  if (kernel === undefined) throw new UsageError('missing required option --kernel (-i)');
  if (output === undefined) throw new UsageError('missing required option --output (-o)');
  if (hkds.length === 0) throw new UsageError('at least one --host-key-document (-k) is required');
  const noVerify = flag(args, 'no-verify');
  const certs = stringList(args, 'cert', { commaSeparated: true });
  if (noVerify && certs.length > 0) throw new UsageError('--no-verify cannot be used with --cert');
  if (!noVerify && certs.length === 0) {
    throw new UsageError('either --cert (to verify the host-key documents) or --no-verify is required');
  }
  for (const o of ['crl', 'offline', 'root-ca']) {
    if (args[o] !== undefined && certs.length === 0) throw new UsageError(`--${o} requires --cert`);
  }
  conflict(args, 'image-key', 'disable-image-encryption');
  const { pcf, scf } = resolveFlags(args);
  if (pcf & flagMask(PCF_FLAGS.noImageDecryption) && optString(args, 'image-key') !== undefined) {
    throw new UsageError('--image-key cannot be used when image encryption is disabled');
  }

  const tweakRandom = parseTweaks(args);
  const pswAddr = optHexWord(args, 'x-psw');

  // Loaded here, not at the top: `pvkit --help` and other commands should not pay for them.
  const [{ createImage }, { parsePrivateKey }, { loadLoaderTemplates }, { readHostKeyDocument }] = await Promise.all([
    import('../../src/build/createImage.js'),
    import('../../src/crypto/p521.js'),
    import('../../src/loaders/loaderFiles.js'),
    import('../../src/hostkey/hostKeyDocument.js'),
  ]);
  const documents = [];
  for (const path of hkds) documents.push(await readHostKeyDocument(path, { warn }));
  if (noVerify) {
    warn('host-key document verification is disabled; the image may not be protected against a host with a forged key');
  } else {
    const { verifyHostKeyDocuments } = await import('../../src/hostkey/verify.js');
    await verifyHostKeyDocuments(documents, {
      certs,
      crls: stringList(args, 'crl', { commaSeparated: true }),
      rootCa: optString(args, 'root-ca'),
      offline: flag(args, 'offline'),
    });
  }
  if (pcf & flagMask(PCF_FLAGS.noImageDecryption)) warn('image encryption is disabled: the components are stored in plaintext');

  const pinned: PinnedValues = {
    headerKey: readKeyFile(optString(args, 'hdr-key'), 32, 'header key'),
    xtsKey: readKeyFile(optString(args, 'image-key'), 64, 'image key'),
    cck: readKeyFile(optString(args, 'cck'), 32, 'customer communication key'),
    iv: readKeyFile(optString(args, 'x-header-iv'), 12, 'header IV'),
    tweakRandom,
  };
  const custKeyFile = optString(args, 'x-customer-key');
  if (custKeyFile !== undefined) pinned.customerKey = parsePrivateKey(readFileSync(custKeyFile), custKeyFile);
  const loaderDir = optString(args, 'x-bootloader-directory');
  const progress = progressReporter(io, 'building');
  const image = await createImage({
    kernel,
    ramdisk: optString(args, 'ramdisk'),
    parmfile: optString(args, 'parmfile'),
    output,
    overwrite: flag(args, 'overwrite'),
    hostKeys: documents.map((d) => d.publicKey),
    pcf,
    scf,
    headerPswAddr: pswAddr,
    componentCheck: !flag(args, 'no-component-check'),
    pinned,
    loaders: loaderDir === undefined ? undefined : loadLoaderTemplates(loaderDir),
    onProgress: progress.update,
  });
  progress.done();
  if (Number(args['verbose'] ?? 0) > 0) {
    io.stderr(`${tool}: wrote ${image.path} (${image.size} bytes, ${documents.length} key slot(s), PCF ${hex64(image.pcf)}, SCF ${hex64(image.scf)})\n`);
  }
  return 0;
}

export const createCommand: PvkitCommand = {
  options: createOptions,
  parse: parseCreateArgs,
  run: (args, io) => runCreate(args, io),
};
