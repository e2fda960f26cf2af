/**
 * Build a Secure Execution boot image in IBM's current layout (SE-FORMAT §4.2), byte-compatible with
 * `pvimg create`: inputs → secured components (encrypted, digested) → SE header → image.
 * Every random value can be pinned (§6), so the same inputs can give the same bytes.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { openOutput, writeAt } from '../outputFile.js';
import { createXts, checkXtsKey, type XtsCipher } from '../crypto/xts.js';
import { generateKeyPair, type P521KeyPair } from '../crypto/p521.js';
import { buildSeHeader } from '../format/seHeader.js';
import { buildIpib } from '../format/ipib.js';
import { imageMetadataLayout, IMAGE_METADATA_MAGIC, IMAGE_METADATA_OFFSET, IMAGE_METADATA_VERSION } from '../format/imageMetadata.js';
import { stage3aArgsLayout, stage3bArgsLayout } from '../format/loaderArgs.js';
import { encodeShortPsw, PSW_MASK_64, shortPswLayout } from '../format/psw.js';
import { COMPONENT_IDS, type ComponentKind, tweakPrefix } from '../format/tweak.js';
import { DEFAULT_PCF, DEFAULT_SCF, PCF_FLAGS, flagMask } from '../format/controlFlags.js';
import { PageDigests } from '../format/pageDigests.js';
import { checkKernel, cmdlineComponent, KERNEL_PROBE_SIZE, maxCmdlineSize } from './componentCheck.js';
import { planImage, STAGE3A_ENTRY, type ImageLayout } from './imageLayout.js';
import { bytesSource, fileSource, type ComponentSource, writeSecureComponent } from './secureComponent.js';
import { ChunkStore } from './chunkStore.js';
import { loadLoaderTemplates, type LoaderTemplates, STAGE3A_ARGS_SIZE, STAGE3B_ARGS_SIZE } from '../loaders/loaderFiles.js';

/** Values that are random unless pinned (SE-FORMAT §6). All are secrets except the IV and tweak parts. */
export interface PinnedValues {
  /** 32-byte header protection key (`--hdr-key`). */
  headerKey?: Uint8Array;
  /** 64-byte AES-256-XTS component key (`--image-key`). */
  xtsKey?: Uint8Array;
  /** 32-byte customer communication key (`--cck`). */
  cck?: Uint8Array;
  /** 12-byte header GCM IV (pvkit `--x-header-iv`). */
  iv?: Uint8Array;
  /** Customer ECDH key pair (pvkit `--x-customer-key`). */
  customerKey?: P521KeyPair;
  /** 6 random bytes of each tweak prefix (pvkit `--x-tweak KIND=HEX`). */
  tweakRandom?: Partial<Record<ComponentKind, Uint8Array>>;
}

export interface CreateImageOptions {
  kernel: string;
  ramdisk?: string | undefined;
  parmfile?: string | undefined;
  output: string;
  overwrite?: boolean;
  /** Host public keys (uncompressed P-521 points), one key slot each, in order. */
  hostKeys: readonly Uint8Array[];
  /** Plaintext control flags (default 0xE0). Bit 35 set = components stored unencrypted (§3.5). */
  pcf?: bigint;
  /** Secret control flags (default 0). */
  scf?: bigint;
  /** `--x-psw`: the PSW address sealed in the SE header instead of stage3b's address. */
  headerPswAddr?: bigint | undefined;
  /** Kernel/cmdline checks of §3.4 (default on). */
  componentCheck?: boolean;
  pinned?: PinnedValues;
  /** Loader templates; default: pvkit's own stage3a/stage3b. */
  loaders?: LoaderTemplates;
  /** XTS implementation (default: node:crypto's `createXts`; tests pass `createNobleXts`). */
  xts?: (key: Uint8Array) => XtsCipher;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

export interface CreatedComponent {
  readonly kind: ComponentKind;
  readonly addr: number;
  readonly size: number;
  readonly preparedSize: number;
  readonly tweakPrefix: bigint;
}

export interface CreatedImage {
  readonly path: string;
  readonly size: number;
  readonly layout: ImageLayout;
  readonly header: Uint8Array;
  readonly components: readonly CreatedComponent[];
  readonly pcf: bigint;
  readonly scf: bigint;
}

function pinnedOrRandom(value: Uint8Array | undefined, size: number, what: string): Uint8Array {
  if (value === undefined) return new Uint8Array(randomBytes(size));
  if (value.length !== size) throw new InputError(`${what} must be ${size} bytes, got ${value.length}`);
  return value;
}

export async function createImage(opts: CreateImageOptions): Promise<CreatedImage> {
  const pcf = opts.pcf ?? DEFAULT_PCF;
  const scf = opts.scf ?? DEFAULT_SCF;
  const encrypt = (pcf & flagMask(PCF_FLAGS.noImageDecryption)) === 0n;
  const loaders = opts.loaders ?? loadLoaderTemplates();
  const pinned = opts.pinned ?? {};

  const sources: ComponentSource[] = [];
  try {
    const kernel = fileSource(opts.kernel);
    sources.push(kernel);
    const probe = new Uint8Array(Math.min(KERNEL_PROBE_SIZE, kernel.size));
    await kernel.read(probe, 0);
    const componentCheck = opts.componentCheck ?? true;
    const maxCmdline = componentCheck ? checkKernel(probe, opts.kernel).maxCmdlineSize : maxCmdlineSize(probe);
    const ramdisk = opts.ramdisk === undefined ? undefined : fileSource(opts.ramdisk);
    if (ramdisk) sources.push(ramdisk);
    let cmdline: Uint8Array | undefined;
    if (opts.parmfile !== undefined) {
      cmdline = cmdlineComponent(new Uint8Array(readFileSync(opts.parmfile)));
      if (componentCheck && cmdline.length > maxCmdline) {
        throw new InputError(`kernel command line is ${cmdline.length} bytes with its NUL, more than the kernel's maximum of ${maxCmdline}`, {
          file: opts.parmfile,
        });
      }
    }

    // Random values (§6), each replaceable by a pinned one.
    const xtsKey = pinnedOrRandom(pinned.xtsKey, 64, 'image (XTS) key');
    checkXtsKey(xtsKey);
    const cck = pinnedOrRandom(pinned.cck, 32, 'customer communication key');
    const iv = pinnedOrRandom(pinned.iv, 12, 'header IV');
    const headerKey = pinnedOrRandom(pinned.headerKey, 32, 'header key');
    const customerKey = pinned.customerKey ?? generateKeyPair();
    const prefixOf = (kind: ComponentKind) =>
      tweakPrefix(COMPONENT_IDS.pvimg[kind], pinnedOrRandom(pinned.tweakRandom?.[kind], 6, `tweak random bytes of ${kind}`));

    const stage3bTemplate = loaders.stage3b;
    const layout = planImage({
      stage3aSize: loaders.stage3a.length,
      hostKeyCount: opts.hostKeys.length,
      kernelSize: kernel.size,
      ramdiskSize: ramdisk?.size,
      cmdlineSize: cmdline?.length,
      stage3bSize: stage3bTemplate.length,
    });
    const placed = (kind: ComponentKind) => layout.components.find((c) => c.kind === kind);

    // stage3b = template with its last 64 bytes replaced by the parameter block (§4.7).
    const stage3b = stage3bTemplate.slice();
    stage3bArgsLayout.write(stage3b, stage3b.length - STAGE3B_ARGS_SIZE, {
      kernelSrc: BigInt(placed('kernel')!.addr),
      kernelSize: BigInt(kernel.size),
      cmdlineSrc: BigInt(placed('cmdline')?.addr ?? 0),
      cmdlineSize: BigInt(cmdline?.length ?? 0),
      initrdSrc: BigInt(placed('ramdisk')?.addr ?? 0),
      initrdSize: BigInt(ramdisk?.size ?? 0),
      pswMask: PSW_MASK_64,
      pswAddr: 0x10000n,
    });
    const sourceOf: Record<ComponentKind, ComponentSource | undefined> = {
      kernel,
      ramdisk,
      cmdline: cmdline && bytesSource(cmdline),
      stage3b: bytesSource(stage3b),
    };

    const total = layout.components.reduce((s, c) => s + c.size, 0);
    const out = await openOutput(opts.output, { overwrite: opts.overwrite ?? false });
    const store = new ChunkStore(out.handle.fd);
    try {
      const write = (data: Uint8Array, at: number) => writeAt(out.handle.fd, data, at);
      const xts = encrypt ? (opts.xts ?? createXts)(xtsKey) : undefined;
      const digests = new PageDigests();
      let before = 0;
      const components: CreatedComponent[] = [];
      for (const c of layout.components) {
        const prefix = prefixOf(c.kind);
        await writeSecureComponent({
          source: sourceOf[c.kind]!,
          addr: c.addr,
          tweakPrefix: prefix,
          xts,
          digests,
          sink: store,
          onProgress: opts.onProgress && ((done) => opts.onProgress!(before + done, total)),
        });
        before += c.size;
        components.push({ ...c, tweakPrefix: prefix });
      }
      const stage3bAddr = placed('stage3b')!.addr;
      const header = buildSeHeader({
        ...digests.digest(await store.finish()),
        headerKey,
        iv,
        customerPrivateKey: customerKey.privateKey,
        customerPublicKey: customerKey.publicKey,
        hostKeys: opts.hostKeys,
        pcf,
        secrets: { cck, xtsKey, psw: { mask: PSW_MASK_64, addr: opts.headerPswAddr ?? BigInt(stage3bAddr) }, scf },
      });
      await write(header, layout.headerAddr);
      await write(
        buildIpib({
          pvHdrAddr: BigInt(layout.headerAddr),
          pvHdrSize: BigInt(header.length),
          components: components.map((c) => ({ tweakPref: c.tweakPrefix, addr: BigInt(c.addr), len: BigInt(c.preparedSize) })),
        }),
        layout.ipibAddr,
      );
      // stage3a with its parameter block: offsets relative to the block itself (§4.6).
      const stage3a = loaders.stage3a.slice();
      const argsAddr = layout.stage3aArgsAddr;
      stage3aArgsLayout.write(stage3a, stage3a.length - STAGE3A_ARGS_SIZE, {
        hdrOffs: BigInt(layout.headerAddr - argsAddr),
        hdrSize: BigInt(header.length),
        ipibOffs: BigInt(layout.ipibAddr - argsAddr),
      });
      await write(stage3a, layout.stage3aAddr);
      await write(shortPswLayout.serialize({ psw: encodeShortPsw(PSW_MASK_64, BigInt(STAGE3A_ENTRY)) }), 0);
      await write(
        imageMetadataLayout.serialize({
          magic: IMAGE_METADATA_MAGIC,
          hdrOff: BigInt(layout.headerAddr),
          version: IMAGE_METADATA_VERSION,
          ipibOff: BigInt(layout.ipibAddr),
        }),
        IMAGE_METADATA_OFFSET,
      );
      await out.commit();
      return { path: opts.output, size: layout.imageSize, layout, header, components, pcf, scf };
    } catch (e) {
      await store.settle();
      await out.abort();
      throw e;
    }
  } finally {
    for (const s of sources) s.close();
  }
}
