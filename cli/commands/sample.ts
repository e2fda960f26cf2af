/**
 * `pvkit sample`: the newcomer's tour on bundled inputs. Builds a Secure Execution image from the
 * sample kernel (test/guests/sample-kernel.bin), a small initrd and a command line for pvkit's TEST
 * host key, shows it with `info` (opened through the host key, as the Ultravisor would), proves its
 * contents with `verify`, and boots it with `boot` on the emulated Ultravisor: the image's own stage3a
 * asks for the unpack, stage3b and the sample kernel then run in secure mode and print to the console.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Argv } from 'yargs';
import { type Args, optString, type PvkitCommand } from '../command.js';
import type { CliIo } from '../io.js';

export const sampleCommand: PvkitCommand = {
  options: (y: Argv) =>
    y.option('out', { type: 'string', default: 'pvkit-sample', describe: 'folder for the sample inputs and image', requiresArg: true }),
  run: async (args: Args, io: CliIo) => {
    const [{ packageRoot }, { createImage }, { readHostKeyDocument }, { runCli }] = await Promise.all([
      import('../../src/packageRoot.js'),
      import('../../src/build/createImage.js'),
      import('../../src/hostkey/hostKeyDocument.js'),
      import('../main.js'),
    ]);
    const root = packageRoot();
    const out = optString(args, 'out') ?? 'pvkit-sample';
    await mkdir(out, { recursive: true });
    const kernel = join(root, 'test', 'guests', 'sample-kernel.bin');
    const hostCert = join(root, 'keys', 'host-test-1.crt.pem');
    const hostKey = join(root, 'keys', 'host-test-1.key.pem');
    const initrd = join(out, 'initrd.img');
    const parmfile = join(out, 'parmfile.txt');
    const image = join(out, 'sample-se.img');
    await writeFile(initrd, 'pvkit sample initrd: any bytes the guest should find in memory.\n'.repeat(200));
    await writeFile(parmfile, 'console=ttysclp0 pvkit.sample=1');
    const show = (p: string) => relative(process.cwd(), p) || p;

    io.stdout(`== pvkit create: ${show(image)}\n`);
    io.stdout(`   kernel ${show(kernel)}, initrd ${show(initrd)}, cmdline ${show(parmfile)}\n`);
    io.stdout(`   host-key document ${show(hostCert)} (a TEST key; self-signed, so not verified: --no-verify)\n`);
    const doc = await readHostKeyDocument(hostCert);
    const built = await createImage({ kernel, ramdisk: initrd, parmfile, output: image, overwrite: true, hostKeys: [doc.publicKey] });
    io.stdout(`   ${built.size} bytes, SE header at 0x${built.layout.headerAddr.toString(16)}, IPIB at 0x${built.layout.ipibAddr.toString(16)}\n\n`);

    io.stdout(`== pvkit info ${show(image)} --host-key ${show(hostKey)}\n`);
    let status = await runCli(['info', image, '--host-key', hostKey, '--format', 'text'], io);
    if (status !== 0) return status;

    io.stdout(`\n== pvkit verify ${show(image)} --host-key ... --expect-kernel ... --expect-initrd ... --expect-cmdline ... --expect-host-key ...\n`);
    status = await runCli(
      ['verify', image, '--host-key', hostKey, '--expect-kernel', kernel, '--expect-initrd', initrd, '--expect-cmdline', parmfile, '--expect-host-key', hostCert],
      io,
    );
    if (status !== 0) return status;

    io.stdout(`\n== pvkit boot ${show(image)} --host-key ${show(hostKey)}   (emulated Ultravisor; guest console follows)\n`);
    status = await runCli(['boot', image, '--host-key', hostKey], io);
    io.stdout(status === 0 ? '== the guest stopped in its success wait state (exit 0)\n' : `== boot ended with exit status ${status}\n`);
    return status;
  },
};
