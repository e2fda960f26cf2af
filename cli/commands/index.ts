/**
 * Every pvkit subcommand, in the order `pvkit --help` lists them. An entry names the command and
 * loads its module only when that command runs: each invocation pays (in startup time and memory)
 * only for what it uses. Add new commands here.
 */
import type { PvkitCommand } from '../command.js';

export interface CommandEntry {
  /** yargs command string: name and positionals, e.g. `info [input]`. */
  readonly command: string;
  readonly aliases?: readonly string[];
  readonly describe: string;
  load(): Promise<PvkitCommand>;
}

export const commandEntries: readonly CommandEntry[] = [
  {
    command: 'create',
    describe: 'Build a Secure Execution boot image (pvimg create / genprotimg compatible)',
    load: async () => (await import('./create.js')).createCommand,
  },
  {
    command: 'info [input]',
    describe: 'Show the SE header of an image or a bare header (pvimg info)',
    load: async () => (await import('./info.js')).infoCommand,
  },
  {
    command: 'test <input>',
    describe: 'Test whether an SE image has a key slot for a host key (pvimg test)',
    load: async () => (await import('./test.js')).testCommand,
  },
  {
    command: 'verify <input>',
    describe: 'Verify an SE image: digests, decrypted components and expected contents',
    load: async () => (await import('./verify.js')).verifyCommand,
  },
  {
    command: 'verify-hkd',
    describe: 'Verify host-key documents against the IBM Z signing key, its CA chain and CRLs (like pvverify)',
    load: async () => (await import('./verifyHkd.js')).verifyHkdCommand,
  },
  {
    command: 'sample',
    describe: 'Build a sample Secure Execution image from bundled inputs, show it, verify it and boot it',
    load: async () => (await import('./sample.js')).sampleCommand,
  },
  {
    command: 'keygen <kind>',
    describe: 'Make TEST keys: a host key + self-signed host-key document (host), or a fake IBM-shaped PKI (pki)',
    load: async () => (await import('./keygen.js')).keygenCommand,
  },
  {
    command: 'run <image>',
    describe: 'Boot a plain s390x image on the emulated machine (like qemu-system-s390x -kernel IMAGE)',
    load: async () => (await import('./run.js')).runCommand,
  },
  {
    command: 'boot <image>',
    describe: 'Boot a Secure Execution image on the emulated machine with an emulated Ultravisor (needs a host private key)',
    load: async () => (await import('./boot.js')).bootCommand,
  },
];
