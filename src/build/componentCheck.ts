/**
 * Checks pvimg makes on the kernel and command line before building (SE-FORMAT §3.4; skipped with
 * `--no-component-check`): the kernel must be a raw s390x Linux image (not ELF, `S390EP` at 0x10008),
 * and the command line incl. its NUL must fit the kernel's maximum (u64 at 0x10430, 0 → 896).
 */
import { InputError } from '../errors.js';

export const KERNEL_MAGIC_OFFSET = 0x10008;
export const KERNEL_MAGIC = 'S390EP';
export const KERNEL_MAX_CMDLINE_OFFSET = 0x10430;
export const LEGACY_COMMAND_LINE_SIZE = 896;

/** The first bytes of the kernel needed for the checks: up to and including the max-cmdline field. */
export const KERNEL_PROBE_SIZE = KERNEL_MAX_CMDLINE_OFFSET + 8;

export interface KernelInfo {
  /** Maximum command-line size in bytes, NUL included. */
  readonly maxCmdlineSize: number;
}

/** `probe` = the first KERNEL_PROBE_SIZE bytes of the kernel file (or all of it, if shorter). */
export function checkKernel(probe: Uint8Array, file: string): KernelInfo {
  if (probe.length >= 4 && probe[0] === 0x7f && probe[1] === 0x45 && probe[2] === 0x4c && probe[3] === 0x46) {
    throw new InputError('kernel is an ELF file; Secure Execution needs the raw s390x kernel image (e.g. arch/s390/boot/bzImage), or use --no-component-check', {
      file,
    });
  }
  const magic = Buffer.from(probe.subarray(KERNEL_MAGIC_OFFSET, KERNEL_MAGIC_OFFSET + 6)).toString('latin1');
  if (magic !== KERNEL_MAGIC) {
    throw new InputError(`not an s390x raw kernel image: no '${KERNEL_MAGIC}' marker at offset 0x${KERNEL_MAGIC_OFFSET.toString(16)} (use --no-component-check to build anyway)`, {
      file,
    });
  }
  return { maxCmdlineSize: maxCmdlineSize(probe) };
}

export function maxCmdlineSize(probe: Uint8Array): number {
  if (probe.length < KERNEL_PROBE_SIZE) return LEGACY_COMMAND_LINE_SIZE;
  const v = new DataView(probe.buffer, probe.byteOffset, probe.byteLength).getBigUint64(KERNEL_MAX_CMDLINE_OFFSET);
  if (v === 0n) return LEGACY_COMMAND_LINE_SIZE;
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

/** The cmdline component: parmfile bytes with a NUL appended unless already there ([R], §3.4). */
export function cmdlineComponent(parmfile: Uint8Array): Uint8Array {
  if (parmfile.length > 0 && parmfile[parmfile.length - 1] === 0) return parmfile;
  const out = new Uint8Array(parmfile.length + 1);
  out.set(parmfile);
  return out;
}
