// Reads: bulk scalars, vectors and sets, by-id forms, element ids and counts.
// Each result is copied out of library memory once and released with the library's matching free.

import { check } from './check.js';
import { QuiverError } from './errors.js';
import { endianness } from 'node:os';
import {
  decodeBytes,
  decodeFloat64Array,
  decodeInt64Words,
  decodeInt64Array,
  decodeMask,
  decodePointerArray,
  decodeSizeArray,
  decodeString,
  decodeStringArray,
  native,
  type NativeBindings,
  type OutInt,
  type OutPtr,
  type OutSize,
} from './native.js';
import { toInt64, toSafeNumber, type DatabasePtr, type Ptr } from './types.js';

type Num = number | null;
type Str = string | null;

export function readScalarIntegers(h: DatabasePtr, collection: string, attribute: string): Num[] {
  const lib = native();
  const values: OutPtr = [null];
  const mask: OutPtr = [null];
  const count: OutSize = [0];
  check(lib.quiver_database_read_scalar_integers(h, collection, attribute, values, mask, count));
  const n = Number(count[0]);
  try {
    return decodeInt64Array(values[0], n, decodeMask(mask[0], n));
  } finally {
    lib.quiver_database_free_integer_array(values[0]);
    lib.quiver_database_free_mask(mask[0]);
  }
}

export function readScalarFloats(h: DatabasePtr, collection: string, attribute: string): Num[] {
  const lib = native();
  const values: OutPtr = [null];
  const mask: OutPtr = [null];
  const count: OutSize = [0];
  check(lib.quiver_database_read_scalar_floats(h, collection, attribute, values, mask, count));
  const n = Number(count[0]);
  try {
    return decodeFloat64Array(values[0], n, decodeMask(mask[0], n));
  } finally {
    lib.quiver_database_free_float_array(values[0]);
    lib.quiver_database_free_mask(mask[0]);
  }
}

export function readScalarStrings(h: DatabasePtr, collection: string, attribute: string): Str[] {
  // One text buffer and one offsets array from C instead of a million C strings: no allocation per
  // value on either side, and ASCII text (the usual case) is sliced without UTF-8 decoding.
  const lib = native();
  const text: OutPtr = [null];
  const size: OutSize = [0];
  const offsets: OutPtr = [null];
  const mask: OutPtr = [null];
  const ascii: OutInt = [0];
  const count: OutSize = [0];
  check(lib.quiver_database_read_scalar_strings_packed(h, collection, attribute, text, size, offsets, mask, ascii, count));
  const n = Number(count[0]);
  try {
    if (n === 0) return [];
    const bytes = decodeBytes(text[0], Number(size[0]));
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) as SliceableBuffer;
    const words = decodeInt64Words(offsets[0], n + 1);
    const present = decodeMask(mask[0], n);
    const slice = ascii[0] === 1 ? buf.latin1Slice : buf.utf8Slice;
    const out = new Array<Str>(n);
    // Offsets fit in 32 bits below 4 GB of text; beyond, the high word counts too.
    const big = LITTLE_ENDIAN ? words[2 * n + 1] !== 0 : true;
    const all = big ? decodeInt64Array(offsets[0], n + 1) : null;
    let start = big ? all![0]! : words[0]! >>> 0;
    for (let i = 0; i < n; i++) {
      const end = big ? all![i + 1]! : words[2 * (i + 1)]! >>> 0;
      out[i] = present !== null && present[i] === 0 ? null : slice.call(buf, start, end);
      start = end;
    }
    return out;
  } finally {
    lib.quiver_database_free_string(text[0]);
    lib.quiver_database_free_integer_array(offsets[0]);
    lib.quiver_database_free_mask(mask[0]);
  }
}

/** Buffer's own slicing methods (present on every Node Buffer, left out of its type). */
type SliceableBuffer = Buffer & {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
};

const LITTLE_ENDIAN = endianness() === 'LE';

// Reused output slots for the by-id reads: these are the per-call hot path (one koffi call each).
const outI64 = new BigInt64Array(1);
const outF64 = new Float64Array(1);
const outHas = new Int32Array(1);
const outStr: OutPtr = [null];

export function readScalarIntegerById(h: DatabasePtr, collection: string, attribute: string, id: number | bigint): Num {
  check(native().quiver_database_read_scalar_integer_by_id(h, collection, attribute, toInt64(id, 'id'), outI64, outHas));
  return outHas[0] === 0 ? null : toSafeNumber(outI64[0]!);
}

/**
 * Throws unless element `id` exists, with the message upstream's by-id writes give. The whole-element
 * reads use it (Quiver 0.10 returns nulls / empty lists for a missing element, like a real one with
 * no values); the single-attribute reads keep upstream's null.
 */
export function requireElement(h: DatabasePtr, collection: string, id: number | bigint): void {
  if (readScalarIntegerById(h, collection, 'id', id) === null) {
    throw new QuiverError(`Element not found: ${id} in collection '${collection}'`, { code: 'QUIVER_ERROR' });
  }
}

export function readScalarFloatById(h: DatabasePtr, collection: string, attribute: string, id: number | bigint): Num {
  check(native().quiver_database_read_scalar_float_by_id(h, collection, attribute, toInt64(id, 'id'), outF64, outHas));
  return outHas[0] === 0 ? null : outF64[0]!;
}

export function readScalarStringById(h: DatabasePtr, collection: string, attribute: string, id: number | bigint): Str {
  const lib = native();
  outStr[0] = null;
  check(lib.quiver_database_read_scalar_string_by_id(h, collection, attribute, toInt64(id, 'id'), outStr, outHas));
  const ptr = outStr[0];
  try {
    return outHas[0] === 0 ? null : decodeString(ptr);
  } finally {
    lib.quiver_database_free_string(ptr);
  }
}

type ListCall = (
  lib: NativeBindings,
  h: DatabasePtr,
  collection: string,
  attribute: string,
  outLists: OutPtr,
  outSizes: OutPtr,
  outCount: OutSize,
) => number;
type ListFree = (lib: NativeBindings, lists: Ptr | null, sizes: Ptr | null, count: number) => number;

/** Runs a per-element list read (vector/set) and decodes each inner array with `decode`. */
function readLists<T>(
  h: DatabasePtr,
  collection: string,
  attribute: string,
  call: ListCall,
  free: ListFree,
  decode: (ptr: Ptr | null, n: number) => T[],
): T[][] {
  const lib = native();
  const lists: OutPtr = [null];
  const sizes: OutPtr = [null];
  const count: OutSize = [0];
  check(call(lib, h, collection, attribute, lists, sizes, count));
  const n = Number(count[0]);
  try {
    const ptrs = decodePointerArray(lists[0], n);
    const lens = decodeSizeArray(sizes[0], n);
    const out = new Array<T[]>(n);
    for (let i = 0; i < n; i++) out[i] = decode(ptrs[i] ?? null, lens[i]!);
    return out;
  } finally {
    free(lib, lists[0], sizes[0], n);
  }
}

const freeInts: ListFree = (l, v, s, n) => l.quiver_database_free_integer_vectors(v, s, n);
const freeFloats: ListFree = (l, v, s, n) => l.quiver_database_free_float_vectors(v, s, n);
const freeStrings: ListFree = (l, v, s, n) => l.quiver_database_free_string_vectors(v, s, n);
const ints = (p: Ptr | null, n: number): number[] => decodeInt64Array(p, n);
const floats = (p: Ptr | null, n: number): number[] => decodeFloat64Array(p, n);
const strings = (p: Ptr | null, n: number): Str[] => decodeStringArray(p, n);

export const readVectorIntegers = (h: DatabasePtr, c: string, a: string): number[][] =>
  readLists(h, c, a, (l, ...r) => l.quiver_database_read_vector_integers(...r), freeInts, ints);
export const readVectorFloats = (h: DatabasePtr, c: string, a: string): number[][] =>
  readLists(h, c, a, (l, ...r) => l.quiver_database_read_vector_floats(...r), freeFloats, floats);
export const readVectorStrings = (h: DatabasePtr, c: string, a: string): Str[][] =>
  readLists(h, c, a, (l, ...r) => l.quiver_database_read_vector_strings(...r), freeStrings, strings);
export const readSetIntegers = (h: DatabasePtr, c: string, a: string): number[][] =>
  readLists(h, c, a, (l, ...r) => l.quiver_database_read_set_integers(...r), freeInts, ints);
export const readSetFloats = (h: DatabasePtr, c: string, a: string): number[][] =>
  readLists(h, c, a, (l, ...r) => l.quiver_database_read_set_floats(...r), freeFloats, floats);
export const readSetStrings = (h: DatabasePtr, c: string, a: string): Str[][] =>
  readLists(h, c, a, (l, ...r) => l.quiver_database_read_set_strings(...r), freeStrings, strings);

type ByIdCall = (lib: NativeBindings, h: DatabasePtr, c: string, a: string, id: number | bigint, out: OutPtr, count: OutSize) => number;

/** One element's vector or set as a flat array. */
function readListById<T>(
  h: DatabasePtr,
  collection: string,
  attribute: string,
  id: number | bigint,
  call: ByIdCall,
  decode: (ptr: Ptr | null, n: number) => T[],
  free: (lib: NativeBindings, ptr: Ptr | null, n: number) => number,
): T[] {
  const lib = native();
  const values: OutPtr = [null];
  const count: OutSize = [0];
  check(call(lib, h, collection, attribute, toInt64(id, 'id'), values, count));
  const n = Number(count[0]);
  try {
    return decode(values[0], n);
  } finally {
    free(lib, values[0], n);
  }
}

const freeIntArray = (l: NativeBindings, p: Ptr | null): number => l.quiver_database_free_integer_array(p);
const freeFloatArray = (l: NativeBindings, p: Ptr | null): number => l.quiver_database_free_float_array(p);
const freeStringArray = (l: NativeBindings, p: Ptr | null, n: number): number => l.quiver_database_free_string_array(p, n);
type Id = number | bigint;

export const readVectorIntegersById = (h: DatabasePtr, c: string, a: string, id: Id): number[] =>
  readListById(h, c, a, id, (l, ...r) => l.quiver_database_read_vector_integers_by_id(...r), ints, freeIntArray);
export const readVectorFloatsById = (h: DatabasePtr, c: string, a: string, id: Id): number[] =>
  readListById(h, c, a, id, (l, ...r) => l.quiver_database_read_vector_floats_by_id(...r), floats, freeFloatArray);
export const readVectorStringsById = (h: DatabasePtr, c: string, a: string, id: Id): Str[] =>
  readListById(h, c, a, id, (l, ...r) => l.quiver_database_read_vector_strings_by_id(...r), strings, freeStringArray);
export const readSetIntegersById = (h: DatabasePtr, c: string, a: string, id: Id): number[] =>
  readListById(h, c, a, id, (l, ...r) => l.quiver_database_read_set_integers_by_id(...r), ints, freeIntArray);
export const readSetFloatsById = (h: DatabasePtr, c: string, a: string, id: Id): number[] =>
  readListById(h, c, a, id, (l, ...r) => l.quiver_database_read_set_floats_by_id(...r), floats, freeFloatArray);
export const readSetStringsById = (h: DatabasePtr, c: string, a: string, id: Id): Str[] =>
  readListById(h, c, a, id, (l, ...r) => l.quiver_database_read_set_strings_by_id(...r), strings, freeStringArray);

export function readElementIds(h: DatabasePtr, collection: string): number[] {
  const lib = native();
  const ids: OutPtr = [null];
  const count: OutSize = [0];
  check(lib.quiver_database_read_element_ids(h, collection, ids, count));
  try {
    return decodeInt64Array(ids[0], Number(count[0]));
  } finally {
    lib.quiver_database_free_integer_array(ids[0]);
  }
}

export function numberOfElements(h: DatabasePtr, collection: string): number {
  const out: [number | bigint] = [0];
  check(native().quiver_database_number_of_elements(h, collection, out));
  return toSafeNumber(out[0]);
}
