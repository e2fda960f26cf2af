/**
 * Flat memory images (file offset = guest address, SE-FORMAT §4.1) that put pvkit's loaders in
 * front of QEMU without Secure Execution: stage3a as in a real image (§4.2/§4.3 layout) and
 * stage3b entered directly through the short IPL PSW (plain, non-secure mode), with the loader
 * test kernel (test/loaders/kernel) as its kernel.
 *
 * The loaders' parameter blocks and the IPIB come from the format declarations (src/format).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stage3aArgsLayout, stage3bArgsLayout, type Stage3bArgs } from '../../../src/format/loaderArgs.js';
import { IPIB_HEAD_SIZE, ipibComponentLayout, ipibHeadLayout } from '../../../src/format/ipib.js';

export const PSW_MASK_64 = 0x0000000180000000n;
const SHORT_PSW_BIT12 = 0x0008000000000000n;

export const pageUp = (x: number) => Math.ceil(x / 0x1000) * 0x1000;

/** SE-FORMAT §4.4: the 8-byte IPL PSW at 0 that QEMU -kernel enters through. */
export function shortPsw(addr: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, PSW_MASK_64 | SHORT_PSW_BIT12 | BigInt(addr));
  return out;
}

/** Deterministic filler (xorshift32), so a failing run can be reproduced. */
export function pseudoRandom(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// stage3a

export const IPIB_PV_HDR_ADDR_OFFSET = ipibHeadLayout.offsetOf('pvHdrAddr');
export const FAKE_HEADER_SIZE = 640;

export interface Stage3aImage {
  image: Uint8Array;
  argsAddr: number;
  ipibAddr: number;
  hdrAddr: number;
}

export interface Stage3aImageOptions {
  /** false: leave the template's parameter block as it is (zero). */
  patchArgs?: boolean;
  ipibAddr?: number;
  hdrAddr?: number;
}

/**
 * stage3a at 0x10000 and, by default as [C] genprotimg lays them out (SE-FORMAT §4.3), the IPIB
 * on the next page and a 640-byte fake SE header on the page after; the parameter block points at
 * both unless `patchArgs` is false (an unpatched template).
 */
export function stage3aImage(stage3a: Uint8Array, o: Stage3aImageOptions = {}): Stage3aImage {
  const patchArgs = o.patchArgs ?? true;
  const argsAddr = 0x10000 + stage3a.length - stage3aArgsLayout.size;
  const ipibAddr = o.ipibAddr ?? pageUp(0x10000 + stage3a.length);
  const hdrAddr = o.hdrAddr ?? ipibAddr + 0x1000;
  const image = new Uint8Array(Math.max(ipibAddr, hdrAddr) + 0x1000);
  image.set(shortPsw(0x11000), 0);
  image.set(stage3a, 0x10000);
  if (patchArgs) {
    stage3aArgsLayout.write(image, argsAddr, {
      hdrOffs: BigInt(hdrAddr - argsAddr),
      hdrSize: BigInt(FAKE_HEADER_SIZE),
      ipibOffs: BigInt(ipibAddr - argsAddr),
    });
  }
  const n = 1;
  ipibHeadLayout.write(image, ipibAddr, {
    ...ipibHeadLayout.zero(),
    hdrLen: IPIB_HEAD_SIZE + n * ipibComponentLayout.size,
    hdrVersion: 1,
    pvLen: IPIB_HEAD_SIZE - 8 + n * ipibComponentLayout.size,
    pbt: 5,
    pvVersion: 1,
    numComp: n,
  });
  ipibComponentLayout.write(image, ipibAddr + IPIB_HEAD_SIZE, { tweakPref: 0x1n << 48n, addr: 0x20000n, len: 0x1000n });
  image.set(new TextEncoder().encode('IBMSecEx'), hdrAddr);
  return { image, argsAddr, ipibAddr, hdrAddr };
}

// ---------------------------------------------------------------------------------------------
// stage3b + test kernel

export const TEST_KERNEL_PATH = fileURLToPath(new URL('../testkernel.bin', import.meta.url));
/** Where the test kernel keeps the tail length and where the tail starts (kernel/head.S). */
export const TAIL_LEN_OFFSET = 0x10010;
export const TAIL_OFFSET = 0x20000;
export const MAX_COMMAND_LINE_SIZE = 0x10430;

export interface TestKernelOptions {
  tailLength?: number;
  /** Value for the kernel's u64 at 0x10430 (0: stage3b uses 896). */
  maxCmdline?: number;
  seed?: number;
}

/** The committed test kernel, padded to 0x20000 and followed by `tailLength` filler bytes. */
export function testKernel(options: TestKernelOptions = {}): { kernel: Uint8Array; tail: Uint8Array } {
  const code = new Uint8Array(readFileSync(TEST_KERNEL_PATH));
  if (code.length > TAIL_OFFSET) throw new Error('test kernel code reaches the tail offset');
  const tail = pseudoRandom(options.tailLength ?? 0x9000, options.seed ?? 0x5eed);
  const kernel = new Uint8Array(TAIL_OFFSET + tail.length);
  kernel.set(code, 0);
  kernel.set(tail, TAIL_OFFSET);
  const view = new DataView(kernel.buffer);
  view.setBigUint64(TAIL_LEN_OFFSET, BigInt(tail.length));
  view.setBigUint64(MAX_COMMAND_LINE_SIZE, BigInt(options.maxCmdline ?? 0));
  return { kernel, tail };
}

export interface Stage3bImageOptions {
  kernel: Uint8Array;
  initrd?: Uint8Array;
  /** Raw command-line component bytes (include the NUL yourself). */
  cmdline?: Uint8Array;
  /** Page-aligned address of stage3b; default: the page after the last component. */
  stage3bAddr?: number;
  /** Page-aligned kernel address; default 0x15000 as in a pvimg image (§4.2). */
  kernelAddr?: number;
  /** Override parameter-block fields after the layout has been computed. */
  args?: Partial<Stage3bArgs>;
}

export interface Stage3bImage {
  image: Uint8Array;
  stage3bAddr: number;
  args: Stage3bArgs;
}

/** Short PSW → stage3b; kernel, initrd?, cmdline? on page boundaries as pvimg orders them (§4.2). */
export function stage3bImage(stage3b: Uint8Array, o: Stage3bImageOptions): Stage3bImage {
  const kernelAddr = o.kernelAddr ?? 0x15000;
  let next = pageUp(kernelAddr + o.kernel.length);
  const initrdAddr = o.initrd ? next : 0;
  if (o.initrd) next = pageUp(next + o.initrd.length);
  const cmdlineAddr = o.cmdline ? next : 0;
  if (o.cmdline) next = pageUp(next + o.cmdline.length);
  const stage3bAddr = o.stage3bAddr ?? next;
  const end = Math.max(next, stage3bAddr + stage3b.length);
  const image = new Uint8Array(end);
  image.set(o.kernel, kernelAddr);
  if (o.initrd) image.set(o.initrd, initrdAddr);
  if (o.cmdline) image.set(o.cmdline, cmdlineAddr);
  const args = {
    kernelSrc: BigInt(kernelAddr),
    kernelSize: BigInt(o.kernel.length),
    cmdlineSrc: BigInt(cmdlineAddr),
    cmdlineSize: BigInt(o.cmdline?.length ?? 0),
    initrdSrc: BigInt(initrdAddr),
    initrdSize: BigInt(o.initrd?.length ?? 0),
    pswMask: PSW_MASK_64,
    pswAddr: 0x10000n,
    ...o.args,
  };
  const loader = stage3b.slice();
  stage3bArgsLayout.write(loader, loader.length - stage3bArgsLayout.size, args);
  image.set(loader, stage3bAddr);
  // Written last: a stage3b placed at 0 would otherwise hide the IPL PSW.
  image.set(shortPsw(stage3bAddr), 0);
  return { image, stage3bAddr, args };
}
