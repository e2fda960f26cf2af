/**
 * The tweak-mask half of AES-256-XTS for whole 4096-byte pages, as a small WebAssembly SIMD module
 * generated here (no binary blob, no toolchain). XTS encrypts block j of a page as
 * C = E_K1(P ⊕ T_j) ⊕ T_j with T_0 = E_K2(tweak) and T_{j+1} = T_j·α in GF(2^128) (SE-FORMAT §3.3;
 * IEEE 1619-2007 §5.2). The AES parts are OpenSSL's (AES-256-ECB through node:crypto, one call per
 * batch of pages); this kernel does the per-block arithmetic between them, which plain JavaScript
 * does at about a third of the speed:
 *
 * - `whiten(pages)`: for every page p, from T_0 at `tweakBase + 16p`, writes T_j to the mask area
 *   and XORs it into the data area, block by block;
 * - `unwhiten(bytes)`: XORs the mask area back into the data area (after the ECB pass).
 *
 * Memory layout (fixed at generation): data at 0 (`capacityPages` pages), masks after it, then one
 * 16-byte T_0 per page.
 */

export interface XtsMaskKernel {
  readonly capacityPages: number;
  /** The data area: page-sized units to whiten, ECB-process, and unwhiten in place. */
  readonly data: Uint8Array;
  /** One 16-byte T_0 per page, written by the caller before `whiten`. */
  readonly firstMasks: Uint8Array;
  whiten(pages: number): void;
  unwhiten(bytes: number): void;
}

const PAGE = 4096;
const WASM_PAGE = 65536;

// --- a minimal WebAssembly encoder: just what the two loops below need -------------------------

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (local: number) => [0x20, ...uleb(local)],
  set: (local: number) => [0x21, ...uleb(local)],
  tee: (local: number) => [0x22, ...uleb(local)],
  i32: (value: number) => [0x41, ...sleb(value)],
  i32Eq: [0x46],
  i32Ne: [0x47],
  i32GeU: [0x4f],
  i32Add: [0x6a],
  i32Shl: [0x74],
  // SIMD (prefix 0xfd): memarg = log2 alignment, constant offset.
  v128Load: (offset: number) => [0xfd, ...uleb(0x00), 4, ...uleb(offset)],
  v128Store: (offset: number) => [0xfd, ...uleb(0x0b), 4, ...uleb(offset)],
  v128Const: (bytes: number[]) => [0xfd, ...uleb(0x0c), ...bytes],
  i8x16Shuffle: (lanes: number[]) => [0xfd, ...uleb(0x0d), ...lanes],
  v128And: [0xfd, ...uleb(0x4e)],
  v128Xor: [0xfd, ...uleb(0x51)],
  i64x2Shl: [0xfd, ...uleb(0xcb)],
  i64x2ShrS: [0xfd, ...uleb(0xcc)],
};

function le64(n: number): number[] {
  return Array.from({ length: 8 }, (_, i) => (i < 4 ? (n >>> (8 * i)) & 0xff : 0));
}

/**
 * T·α for a little-endian 128-bit T held as two i64 lanes [lo, hi]: shift both lanes left by one,
 * carry bit 63 of lo into bit 0 of hi, and fold bit 127 back as 0x87 (x^128 = x^7 + x^2 + x + 1).
 * `shr_s 63` turns each lane's top bit into an all-ones or all-zeros mask; swapped across lanes and
 * ANDed with [0x87, 1] they are exactly the two carries (an AND, not a 64-bit multiply, which x86
 * lacks for SIMD lanes).
 */
function timesAlpha(t: number, carry: number): number[] {
  return [
    ...op.get(t), ...op.i32(1), ...op.i64x2Shl,
    ...op.get(t), ...op.i32(63), ...op.i64x2ShrS, ...op.tee(carry), ...op.get(carry),
    ...op.i8x16Shuffle([8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]),
    ...op.v128Const([...le64(0x87), ...le64(1)]), ...op.v128And,
    ...op.v128Xor, ...op.set(t),
  ];
}

function moduleBytes(capacityPages: number): Uint8Array {
  const maskBase = capacityPages * PAGE;
  const tweakBase = 2 * maskBase;
  const memoryPages = Math.ceil((tweakBase + 16 * capacityPages) / WASM_PAGE);

  // whiten(pages): locals 0 pages, 1 p, 2 i, 3 end, 4 T, 5 carry
  const [pages, p, i, end, t, carry] = [0, 1, 2, 3, 4, 5];
  const whiten = [
    ...vec([[...uleb(3), I32], [...uleb(2), V128]]),
    ...op.block, ...op.loop,
    ...op.get(p), ...op.get(pages), ...op.i32Eq, ...op.brIf(1),
    ...op.get(p), ...op.i32(4), ...op.i32Shl, ...op.v128Load(tweakBase), ...op.set(t),
    ...op.get(p), ...op.i32(12), ...op.i32Shl, ...op.tee(i), ...op.i32(PAGE), ...op.i32Add, ...op.set(end),
    ...op.loop,
    ...op.get(i), ...op.get(t), ...op.v128Store(maskBase),
    ...op.get(i), ...op.get(i), ...op.v128Load(0), ...op.get(t), ...op.v128Xor, ...op.v128Store(0),
    ...timesAlpha(t, carry),
    ...op.get(i), ...op.i32(16), ...op.i32Add, ...op.tee(i), ...op.get(end), ...op.i32Ne, ...op.brIf(0),
    ...op.end,
    ...op.get(p), ...op.i32(1), ...op.i32Add, ...op.set(p), ...op.br(0),
    ...op.end, ...op.end, ...op.end,
  ];
  // unwhiten(bytes): locals 0 bytes, 1 i
  const [bytes, j] = [0, 1];
  const unwhiten = [
    ...vec([[...uleb(1), I32]]),
    ...op.block, ...op.loop,
    ...op.get(j), ...op.get(bytes), ...op.i32GeU, ...op.brIf(1),
    ...op.get(j), ...op.get(j), ...op.v128Load(0), ...op.get(j), ...op.v128Load(maskBase), ...op.v128Xor, ...op.v128Store(0),
    ...op.get(j), ...op.i32(16), ...op.i32Add, ...op.set(j), ...op.br(0),
    ...op.end, ...op.end, ...op.end,
  ];
  const withSize = (body: number[]) => [...uleb(body.length), ...body];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[I32]]), ...vec([])]])), // type 0: (i32) -> ()
    ...section(3, vec([[0], [0]])),
    ...section(5, vec([[0x00, ...uleb(memoryPages)]])),
    ...section(7, vec([
      [...name('memory'), 0x02, 0],
      [...name('whiten'), 0x00, 0],
      [...name('unwhiten'), 0x00, 1],
    ])),
    ...section(10, vec([withSize(whiten), withSize(unwhiten)])),
  ]);
}

/** The part of the WebAssembly JS API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: { capacityPages: number; module: object | null } | undefined;

/**
 * A kernel for batches of up to `capacityPages` pages, or `undefined` where this engine has no
 * WebAssembly SIMD (then callers fall back to one OpenSSL XTS call per page).
 */
export function createXtsMaskKernel(capacityPages = 32): XtsMaskKernel | undefined {
  if (compiled?.capacityPages !== capacityPages) {
    const bytes = moduleBytes(capacityPages);
    compiled = { capacityPages, module: wasm?.validate(bytes) ? new wasm.Module(bytes) : null };
  }
  if (compiled.module === null || !wasm) return undefined;
  const instance = new wasm.Instance(compiled.module, {});
  const exports = instance.exports as { memory: { buffer: ArrayBuffer }; whiten: (n: number) => void; unwhiten: (n: number) => void };
  const memory = new Uint8Array(exports.memory.buffer);
  const maskBase = capacityPages * PAGE;
  return {
    capacityPages,
    data: memory.subarray(0, maskBase),
    firstMasks: memory.subarray(2 * maskBase, 2 * maskBase + 16 * capacityPages),
    whiten: exports.whiten,
    unwhiten: exports.unwhiten,
  };
}
