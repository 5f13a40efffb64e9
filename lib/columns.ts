// Columnar data in and out of C: vector/set group rows and time-series rows travel as parallel
// column arrays with type tags and per-cell presence masks.

import { QuiverError } from './errors.js';
import {
  asPointer,
  decodeInt32Array,
  decodeMask,
  decodePointerArray,
  decodeStringArray,
  native,
  type OutPtr,
  type OutSize,
  type PointerCast,
} from './native.js';
import koffi from 'koffi';
import { endianness } from 'node:os';
import { DataType, toInt64Big, toSafeNumber, type Ptr } from './types.js';
import { formatDateTime } from './values.js';

/**
 * One column read back from a group. Float and integer columns without NULLs are a `Float64Array`
 * (copied once from the library's buffer); a numeric column with NULLs is an array with `null`
 * cells; a text or date-time column is an array of strings and `null`.
 */
export type Column = Float64Array | (number | null)[] | (string | null)[];
/**
 * A group read back: column name → {@link Column}, every column with the same number of rows, in
 * the schema's declaration order (a time series starts with its dimension column). `{}` when there
 * are no rows.
 */
export type Columns = Record<string, Column>;

/**
 * One column given to a group update. Typed arrays are handed to the library without per-value
 * conversion; a `Float64Array` of whole numbers aimed at an INTEGER column is sent as integers, so a
 * column read back can be written back unchanged. In a plain array, whole numbers and bigints are
 * INTEGER, other numbers make the column FLOAT, strings and Dates (UTC date-time text) are text, and
 * `null`/`undefined` cells are NULL. Mixing strings and numbers in one column is refused.
 */
export type ColumnInput =
  | Float64Array
  | Float32Array
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array
  | readonly (number | bigint | string | Date | null | undefined)[];
/**
 * The rows given to a group update, as columns: column name → {@link ColumnInput}, all of the same
 * length. `{}` (no columns) clears the element's rows.
 */
export type ColumnsInput = Record<string, ColumnInput>;

/** The C-side arguments of a columnar write. Keep the object alive for the duration of the call. */
export interface EncodedColumns {
  names: string[];
  types: Int32Array;
  data: PointerCast[];
  masks: (Uint8Array | null)[];
  columnCount: number;
  rowCount: number;
}

/**
 * The six trailing C arguments of a columnar write (names, types, data, masks, column and row
 * counts), with NULL arrays when there is no column (`{}` clears the element's rows).
 */
export function columnArgs(
  cols: EncodedColumns,
): [string[] | null, Int32Array | null, PointerCast[] | null, (Uint8Array | null)[] | null, number, number] {
  if (cols.columnCount === 0) return [null, null, null, null, 0, cols.rowCount];
  return [cols.names, cols.types, cols.data, cols.masks, cols.columnCount, cols.rowCount];
}

/**
 * Encodes `data` for update_vector_group / update_set_group / update_time_series_group.
 * `op` names the method in error messages. Column type is taken from the values: typed integer
 * arrays, bigints and safe-integer numbers are INTEGER (C widens into REAL columns), any other
 * number makes the column FLOAT, strings and Dates make it STRING. An all-null column is sent as
 * NULL data (every cell NULL). `integerColumns` names the target's INTEGER columns: a float typed
 * array holding only safe integers goes to them as INTEGER, so a column read back as Float64Array
 * can be written back (C refuses REAL data for INTEGER columns).
 */
export function encodeColumns(op: string, data: ColumnsInput, integerColumns?: ReadonlySet<string>): EncodedColumns {
  const entries = Object.entries(snapshotColumns(op, data));
  const columnCount = entries.length;
  const types = new Int32Array(columnCount);
  const dataOut: PointerCast[] = [];
  const masks: (Uint8Array | null)[] = [];
  let rowCount = -1;
  for (let c = 0; c < columnCount; c++) {
    const [name, values] = entries[c]!;
    if (!isColumnLike(values)) throw invalid(`${op}: column '${name}' must be an array, got ${typeof values}`);
    if (rowCount === -1) rowCount = values.length;
    else if (values.length !== rowCount) {
      throw invalid(`${op}: column '${name}' has ${values.length} rows, expected ${rowCount} like the first column`);
    }
    const encoded = encodeColumn(op, name, values, rowCount, integerColumns?.has(name) ?? false);
    types[c] = encoded.type;
    dataOut.push(encoded.data);
    masks.push(encoded.mask);
  }
  // A typed array given as is must still hold its rows: an element getter of a later column could
  // have transferred (detached) its buffer, and C would then read rowCount values from nothing.
  for (const [name, values] of entries) {
    if (ArrayBuffer.isView(values) && values.length !== rowCount) {
      throw invalid(`${op}: column '${name}' changed while the columns were read (its buffer was detached)`);
    }
  }
  return { names: entries.map(([n]) => n), types, data: dataOut, masks, columnCount, rowCount: Math.max(rowCount, 0) };
}

/**
 * A plain copy of the columns object: each property (getters included) read exactly once, so later
 * steps see fixed values. Throws for anything but an object.
 */
export function snapshotColumns(op: string, data: ColumnsInput): ColumnsInput {
  // Only a plain object: a Map, a Date or a class instance has no own columns and would pass as
  // `{}`, which clears the group.
  const proto = data === null || typeof data !== 'object' ? undefined : Object.getPrototypeOf(data);
  if (proto !== Object.prototype && proto !== null) {
    const got = data === null ? 'null' : Array.isArray(data) ? 'an array' : proto === undefined ? typeof data : (proto.constructor?.name ?? 'an object');
    throw invalid(`${op}: expected a plain object of columns, got ${got}`);
  }
  return Object.fromEntries(Object.entries(data)) as ColumnsInput;
}

function isColumnLike(v: unknown): v is ColumnInput {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

interface EncodedColumn {
  type: number;
  data: PointerCast;
  mask: Uint8Array | null;
}

function encodeColumn(op: string, name: string, values: ColumnInput, n: number, integerTarget: boolean): EncodedColumn {
  if (values instanceof Float64Array || values instanceof Float32Array) {
    if (integerTarget) {
      const ints = safeIntegersToInt64(values);
      if (ints !== null) return { type: DataType.Integer, data: asPointer(ints, 'int64_t *'), mask: null };
    }
    const doubles = values instanceof Float64Array ? values : Float64Array.from(values);
    return { type: DataType.Float, data: asPointer(doubles, 'double *'), mask: null };
  }
  if (values instanceof BigInt64Array) return { type: DataType.Integer, data: asPointer(values, 'int64_t *'), mask: null };
  if (values instanceof BigUint64Array) {
    const out = BigInt64Array.from(values, (v, i) => toInt64Big(v, `column '${name}' row ${i}`));
    return { type: DataType.Integer, data: asPointer(out, 'int64_t *'), mask: null };
  }
  if (ArrayBuffer.isView(values)) {
    // Int8..Uint32 arrays: every value is a safe integer.
    return { type: DataType.Integer, data: asPointer(safeIntegersToInt64(values as Int32Array)!, 'int64_t *'), mask: null };
  }
  // Our own copy of exactly n elements, each read once: koffi must never read the caller's array
  // during the C call (an element getter could close the Database under it).
  const source = values as readonly unknown[];
  const arr = new Array<unknown>(n);
  for (let i = 0; i < n; i++) arr[i] = source[i];
  let kind: 'int' | 'float' | 'string' | undefined;
  let mask: Uint8Array | null = null;
  let sawDate = false;
  for (let i = 0; i < n; i++) {
    const v = arr[i];
    if (v === null || v === undefined) {
      mask ??= new Uint8Array(n).fill(1);
      mask[i] = 0;
      continue;
    }
    // Integral numbers beyond 2^53 (e.g. 1e300) and -0 count as floats: they are no exact int64.
    const k =
      typeof v === 'number'
        ? Number.isSafeInteger(v) && !Object.is(v, -0)
          ? 'int'
          : 'float'
        : typeof v === 'string' || v instanceof Date
          ? 'string'
          : typeof v === 'bigint'
            ? 'int'
            : undefined;
    if (k === undefined) throw invalid(`${op}: column '${name}' row ${i}: unsupported value of type ${typeof v}`);
    if (k === 'string' && typeof v !== 'string') sawDate = true;
    if (kind === k) continue;
    if (kind === undefined) kind = k;
    else if ((kind === 'int' && k === 'float') || (kind === 'float' && k === 'int')) kind = 'float';
    else throw invalid(`${op}: column '${name}' mixes strings and numbers (row ${i})`);
  }
  if (kind === undefined) {
    // Every cell is NULL: the C API reads no data for a NULL data pointer.
    return { type: DataType.Integer, data: null as unknown as PointerCast, mask };
  }
  if (kind === 'string') {
    // Plain strings without NULLs go as they are (already our copy).
    if (mask === null && !sawDate) return { type: DataType.String, data: asPointer(arr, 'const char **'), mask };
    const strs = new Array<string | null>(n);
    for (let i = 0; i < n; i++) {
      const v = arr[i];
      strs[i] = v === null || v === undefined ? null : v instanceof Date ? formatDateTime(v) : (v as string);
    }
    return { type: DataType.String, data: asPointer(strs, 'const char **'), mask };
  }
  if (kind === 'float') {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = arr[i];
      if (v !== null && v !== undefined) out[i] = Number(v);
    }
    return { type: DataType.Float, data: asPointer(out, 'double *'), mask };
  }
  const out = new BigInt64Array(n);
  const words = LITTLE_ENDIAN ? new Int32Array(out.buffer) : null;
  for (let i = 0; i < n; i++) {
    const v = arr[i];
    if (v === null || v === undefined) continue;
    if (words !== null && typeof v === 'number' && Number.isSafeInteger(v)) {
      words[2 * i] = v >>> 0;
      words[2 * i + 1] = Math.floor(v / 4294967296);
    } else {
      out[i] = toInt64Big(v, `column '${name}' row ${i}`);
    }
  }
  return { type: DataType.Integer, data: asPointer(out, 'int64_t *'), mask };
}

const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * The values as int64, or null when one is not a safe integer (or is -0). Written as two int32
 * words per value on little-endian hosts: no BigInt per cell.
 */
function safeIntegersToInt64(values: ArrayLike<number>): BigInt64Array | null {
  const n = values.length;
  const out = new BigInt64Array(n);
  const words = LITTLE_ENDIAN ? new Int32Array(out.buffer) : null;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isSafeInteger(v) || Object.is(v, -0)) return null;
    if (words !== null) {
      words[2 * i] = v >>> 0;
      words[2 * i + 1] = Math.floor(v / 4294967296);
    } else {
      out[i] = BigInt(v);
    }
  }
  return out;
}

/** Output slots of a columnar read (read_vector/set_group_by_id, read_time_series_group). */
export interface ColumnarOuts {
  names: OutPtr;
  types: OutPtr;
  data: OutPtr;
  masks: OutPtr;
  columnCount: OutSize;
  rowCount: OutSize;
}

/**
 * Runs a columnar read and converts its result. `call` performs the C call with the given output
 * slots and throws on error; whatever it produced is released with free_time_series_data, also when
 * decoding fails.
 */
export function readColumnar(call: (outs: ColumnarOuts) => void): Columns {
  const outs = newColumnarOuts();
  call(outs);
  return takeColumnar(outs);
}

/** Empty output slots for a columnar read. */
export function newColumnarOuts(): ColumnarOuts {
  return { names: [null], types: [null], data: [null], masks: [null], columnCount: [0], rowCount: [0] };
}

/** Converts what a successful columnar read left in `outs`, then frees it (also when decoding fails). */
export function takeColumnar(outs: ColumnarOuts): Columns {
  const columnCount = Number(outs.columnCount[0]);
  const rowCount = Number(outs.rowCount[0]);
  try {
    return decodeColumnar(outs, columnCount, rowCount);
  } finally {
    native().quiver_database_free_time_series_data(
      outs.names[0],
      outs.types[0],
      outs.data[0],
      outs.masks[0],
      columnCount,
      rowCount,
    );
  }
}

function decodeColumnar(outs: ColumnarOuts, columnCount: number, rowCount: number): Columns {
  const result: Columns = {};
  if (columnCount === 0) return result;
  const names = decodeStringArray(outs.names[0], columnCount);
  const types = decodeInt32Array(outs.types[0], columnCount);
  const data = decodePointerArray(outs.data[0], columnCount);
  const masks = decodePointerArray(outs.masks[0], columnCount);
  for (let c = 0; c < columnCount; c++) {
    const mask = decodeMask(masks[c] ?? null, rowCount);
    result[names[c]!] = decodeColumn(types[c]!, data[c] ?? null, mask, rowCount);
  }
  return result;
}

function hasNull(mask: Uint8Array | null): boolean {
  return mask !== null && mask.indexOf(0) !== -1;
}

function decodeColumn(type: number, ptr: Ptr | null, mask: Uint8Array | null, n: number): Column {
  if (n === 0) return type === DataType.Integer || type === DataType.Float ? new Float64Array(0) : [];
  switch (type) {
    case DataType.Float: {
      const values = ptr === null ? new Float64Array(n) : (koffi.decode(ptr, 'double', n) as Float64Array);
      if (!hasNull(mask) && ptr !== null) return values;
      const out = new Array<number | null>(n);
      for (let i = 0; i < n; i++) out[i] = ptr === null || (mask !== null && mask[i] === 0) ? null : values[i]!;
      return out;
    }
    case DataType.Integer: {
      const withNulls = hasNull(mask) || ptr === null;
      const out: Float64Array | (number | null)[] = withNulls ? new Array<number | null>(n) : new Float64Array(n);
      const words = ptr === null ? null : (koffi.decode(ptr, 'int32_t', 2 * n) as Int32Array);
      for (let i = 0, j = 0; i < n; i++, j += 2) {
        if (words === null || (mask !== null && mask[i] === 0)) {
          out[i] = null as unknown as number;
          continue;
        }
        out[i] = int64FromWords(words[j]!, words[j + 1]!);
      }
      return out;
    }
    case DataType.String:
    case DataType.DateTime: {
      const strs = decodeStringArray(ptr, n);
      if (hasNull(mask)) for (let i = 0; i < n; i++) if (mask![i] === 0) strs[i] = null;
      return strs;
    }
    default:
      throw new QuiverError(`Unknown column data type ${type} in a columnar result`, { code: 'QUIVER_ERROR' });
  }
}

/** A little-endian int64 given as two int32 words, as an exact JS number (throws beyond 2^53). */
export function int64FromWords(lo: number, hi: number): number {
  if (hi >= -2097152 && hi <= 2097151) {
    const v = hi * 4294967296 + (lo >>> 0);
    if (v !== -9007199254740992) return v;
  }
  return toSafeNumber((BigInt(hi) << 32n) | BigInt(lo >>> 0));
}

function invalid(message: string): QuiverError {
  return new QuiverError(message, { code: 'QUIVER_INVALID_ARGUMENT' });
}
