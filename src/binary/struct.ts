/**
 * Binary structures declared once as a field table, parsed and serialized from the same table.
 * All integers are big-endian (s390x; SE-FORMAT §0). 64-bit fields are `bigint` here: structures
 * are not on a hot path, and u64 addresses and flags need all 64 bits.
 */
import { FormatError } from '../errors.js';

export interface FieldType<T> {
  readonly size: number;
  read(view: DataView, offset: number): T;
  write(view: DataView, offset: number, value: T): void;
  /** The value a fresh (all-zero) structure holds. */
  zero(): T;
  equals(a: T, b: T): boolean;
  show(value: T): string;
}

export const u8: FieldType<number> = {
  size: 1,
  read: (v, o) => v.getUint8(o),
  write: (v, o, x) => v.setUint8(o, checkUint(x, 0xff)),
  zero: () => 0,
  equals: (a, b) => a === b,
  show: (x) => `0x${x.toString(16)}`,
};

export const u16: FieldType<number> = {
  size: 2,
  read: (v, o) => v.getUint16(o),
  write: (v, o, x) => v.setUint16(o, checkUint(x, 0xffff)),
  zero: () => 0,
  equals: (a, b) => a === b,
  show: (x) => `0x${x.toString(16)}`,
};

export const u32: FieldType<number> = {
  size: 4,
  read: (v, o) => v.getUint32(o),
  write: (v, o, x) => v.setUint32(o, checkUint(x, 0xffffffff)),
  zero: () => 0,
  equals: (a, b) => a === b,
  show: (x) => `0x${x.toString(16)}`,
};

export const u64: FieldType<bigint> = {
  size: 8,
  read: (v, o) => v.getBigUint64(o),
  write: (v, o, x) => {
    if (x < 0n || x > 0xffff_ffff_ffff_ffffn) throw new RangeError(`u64 out of range: ${x}`);
    v.setBigUint64(o, x);
  },
  zero: () => 0n,
  equals: (a, b) => a === b,
  show: (x) => `0x${x.toString(16)}`,
};

/** A fixed-length byte string. */
export function bytes(size: number): FieldType<Uint8Array> {
  return {
    size,
    read: (v, o) => new Uint8Array(v.buffer, v.byteOffset + o, size).slice(),
    write: (v, o, x) => {
      if (x.length !== size) throw new RangeError(`expected ${size} bytes, got ${x.length}`);
      new Uint8Array(v.buffer, v.byteOffset + o, size).set(x);
    },
    zero: () => new Uint8Array(size),
    equals: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]),
    show: (x) => Buffer.from(x).toString('hex'),
  };
}

function checkUint(x: number, max: number): number {
  if (!Number.isInteger(x) || x < 0 || x > max) throw new RangeError(`value ${x} out of range 0..${max}`);
  return x;
}

/** One row of a layout table: name, type, and optionally the only value the field may hold. */
export type FieldSpec<N extends string = string, T = unknown> = readonly [name: N, type: FieldType<T>, expect?: T];

// FieldType's methods are bivariant in T, so every FieldType<T> fits FieldType<unknown>.
type AnyFieldSpec = readonly [string, FieldType<unknown>, unknown?];

export type StructValue<F extends readonly AnyFieldSpec[]> = {
  [E in F[number] as E[0]]: E[1] extends FieldType<infer T> ? T : never;
};

export interface FieldInfo {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
}

export interface Struct<V> {
  readonly name: string;
  readonly size: number;
  readonly fields: readonly FieldInfo[];
  offsetOf(field: keyof V & string): number;
  /** Parse `size` bytes at `offset`; throws FormatError naming the field and absolute offset on a short buffer or a wrong constant. */
  parse(buf: Uint8Array, offset?: number): V;
  /** Write into `buf` at `offset`. */
  write(buf: Uint8Array, offset: number, value: V): void;
  serialize(value: V): Uint8Array;
  /** A value with every field zero (or its declared constant). */
  zero(): V;
}

/** Declare a structure from its layout table (fields in on-disk order, no padding). */
export function struct<const F extends readonly AnyFieldSpec[]>(name: string, fields: F): Struct<StructValue<F>> {
  type V = StructValue<F>;
  const infos: FieldInfo[] = [];
  let size = 0;
  for (const [fname, type] of fields) {
    infos.push({ name: fname, offset: size, size: type.size });
    size += type.size;
  }
  const offsets = new Map(infos.map((f) => [f.name, f.offset]));
  const view = (buf: Uint8Array) => new DataView(buf.buffer, buf.byteOffset, buf.byteLength);

  return {
    name,
    size,
    fields: infos,
    offsetOf(field) {
      const o = offsets.get(field);
      if (o === undefined) throw new Error(`${name} has no field ${field}`);
      return o;
    },
    parse(buf, offset = 0) {
      if (offset < 0 || offset + size > buf.length) {
        const missing = offset + size - buf.length;
        throw new FormatError(`${name} at offset 0x${offset.toString(16)} is truncated (${missing} bytes missing)`, {
          offset,
          field: name,
        });
      }
      const v = view(buf);
      const out: Record<string, unknown> = {};
      fields.forEach(([fname, type, expect], i) => {
        const at = offset + infos[i]!.offset;
        const value = type.read(v, at);
        if (expect !== undefined && !type.equals(value, expect)) {
          throw new FormatError(
            `${name}.${fname} at offset 0x${at.toString(16)} is ${type.show(value)}, expected ${type.show(expect)}`,
            { offset: at, field: `${name}.${fname}` },
          );
        }
        out[fname] = value;
      });
      return out as V;
    },
    write(buf, offset, value) {
      if (offset < 0 || offset + size > buf.length) throw new RangeError(`${name} does not fit at ${offset}`);
      const v = view(buf);
      const rec = value as Record<string, unknown>;
      fields.forEach(([fname, type], i) => {
        const x = rec[fname];
        if (x === undefined) throw new TypeError(`${name}.${fname} missing`);
        try {
          type.write(v, offset + infos[i]!.offset, x);
        } catch (e) {
          throw new RangeError(`${name}.${fname}: ${(e as Error).message}`);
        }
      });
    },
    serialize(value) {
      const out = new Uint8Array(size);
      this.write(out, 0, value);
      return out;
    },
    zero() {
      const out: Record<string, unknown> = {};
      for (const [fname, type, expect] of fields) out[fname] = expect ?? type.zero();
      return out as V;
    },
  };
}
