/**
 * `pvkit boot IMAGE --host-key HOST-PRIVATE.pem`: boot a Secure Execution image on the emulated
 * machine with an Ultravisor holding the given host private keys (UV-SIE-NOTES §2.3; SE-FORMAT
 * §8.1): the image's own stage3a runs, DIAG 308 8/10 unpacks and verifies it, stage3b and the kernel
 * run in secure mode; the SCLP console goes to stdout.
 *
 * The first --host-key is the Ultravisor's primary host key, further ones are backup host keys,
 * usable only by images that set PCF bit 62 (SE-FORMAT §1.8, §8.2 row 6).
 *
 * Exit status as for `pvkit run`: 0 disabled wait at PSW address 0; 3 disabled wait at another
 * address (e.g. stage3a's 0x4608 after an Ultravisor error, 0x4607 without facility 161);
 * 4 --max-insns reached; 5 check-stop; 1 error; 2 usage error. The final PSW goes to stderr unless 0.
 */
import type { Argv } from 'yargs';
import { type Args, flag, type PvkitCommand, stringList } from '../command.js';
import type { CliIo } from '../io.js';
import { FormatError, UsageError } from '../../src/errors.js';
import { readSeImageFile } from '../../src/image/imageReader.js';
import { bootImage, type BootResult } from '../../src/machine/secureMachine.js';
import { describeResult, showResult } from '../../src/uv/returnCodes.js';
import { KVM_PV_ENABLE, KVM_PV_SET_SEC_PARMS, KVM_PV_UNPACK, KVM_PV_VERIFY } from '../../src/uv/kvmPv.js';
import { UVC_CMD_CPU_SET_STATE, UVC_CMD_SET_SEC_CONF_PARAMS, UVC_CMD_UNPACK_IMG, UVC_CMD_VERIFY_IMG } from '../../src/uv/uvcb.js';
import { readHostPrivateKey } from '../../src/image/hostKeyInput.js';
import { machineOptions, runMachine } from '../machineRun.js';

export const bootCommand: PvkitCommand = {
  options: (y: Argv) =>
    machineOptions(
      y
        .positional('image', { type: 'string', describe: 'Secure Execution image (pvimg/genprotimg/pvkit create output)' })
        .option('host-key', {
          type: 'string',
          describe: "the Ultravisor's host private key (PEM); repeat for backup host keys (used only with PCF bit 62)",
        })
        .option('verbose', { alias: 'v', type: 'boolean', describe: "summarise the Ultravisor's work on stderr" }),
      ' (stage3a stops at 0x4608 when the Ultravisor refuses the image, 0x4607 without the unpack facility)',
    ),
  async run(args: Args, io: CliIo): Promise<number> {
    const keyPaths = stringList(args, 'host-key');
    if (keyPaths.length === 0) {
      throw new UsageError('--host-key HOST-PRIVATE.pem is required: the emulated Ultravisor needs the private key of a host the image was built for');
    }
    const hostKeys = await Promise.all(keyPaths.map(readHostPrivateKey));
    let booted: BootResult | undefined;
    const status = await runMachine(
      args,
      io,
      'boot',
      (image, opts) => (booted = bootImage(image, { ...opts, hostKeys })),
      (result) => (result.secure ? ', secure mode' : ''),
    );
    if (booted?.failure) {
      // stage3a prints the reason on the guest console; CI logs also get it on stderr.
      const { cmd, result } = booted.failure;
      const meaning = describeResult(result);
      io.stderr(`pvkit: boot: the Ultravisor refused the image: ${KVM_PV_NAMES[cmd] ?? `command ${cmd}`} ${showResult(result)}${meaning ? ` (${meaning})` : ''}\n`);
    }
    if (booted && status !== 0 && booted.uvCalls.length === 0) {
      // Nothing was asked of the Ultravisor. The machine ran the file as real hardware would; say
      // why when the file is no SE image at all.
      const notSe = await readSeImageFile(String(args['image'])).then(
        () => undefined,
        (e: unknown) => (e instanceof FormatError ? e.message : undefined),
      );
      if (notSe) io.stderr(`pvkit: boot: ${String(args['image'])} is not a Secure Execution image (${notSe})\n`);
    }
    if (booted && flag(args, 'verbose')) io.stderr(uvSummary(booted));
    return status;
  },
};

const KVM_PV_NAMES: Record<number, string> = {
  [KVM_PV_ENABLE]: 'KVM_PV_ENABLE',
  [KVM_PV_SET_SEC_PARMS]: 'KVM_PV_SET_SEC_PARMS',
  [KVM_PV_UNPACK]: 'KVM_PV_UNPACK',
  [KVM_PV_VERIFY]: 'KVM_PV_VERIFY',
};

/** One stderr line per kind of Ultravisor call: how many, and the last result. */
function uvSummary(result: BootResult): string {
  const names: [number, string][] = [
    [UVC_CMD_SET_SEC_CONF_PARAMS, 'set secure configuration parameters (open the SE header)'],
    [UVC_CMD_UNPACK_IMG, 'unpack (decrypt and digest one page)'],
    [UVC_CMD_VERIFY_IMG, 'verify (page count, ALD, PLD, TLD)'],
    [UVC_CMD_CPU_SET_STATE, 'start the secure CPU'],
  ];
  let out = '';
  for (const [cmd, what] of names) {
    const calls = result.uvCalls.filter((c) => c.cmd === cmd);
    const last = calls[calls.length - 1];
    if (!last) continue;
    out += `pvkit: boot: Ultravisor: ${what}: ${calls.length} call(s), last ${showResult(last)}\n`;
  }
  out += `pvkit: boot: ${result.secure ? 'the guest ran in secure mode' : 'the guest never reached secure mode'}, ${result.instructions} instructions\n`;
  return out;
}
