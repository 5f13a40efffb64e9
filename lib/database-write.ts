// Writes: elements and whole vector/set groups of one element.

import { endianness } from 'node:os';
import { columnArgs, encodeColumns, int64FromWords, readColumnar, snapshotColumns, type ColumnInput, type Columns, type ColumnsInput } from './columns.js';
import { getGroupMetadata } from './database-metadata.js';
import { withElement, type ArrayValue, type ElementData, type ScalarValue } from './element.js';
import { check } from './check.js';
import { QuiverError } from './errors.js';
import { asPointer, native, type PointerCast } from './native.js';
import { DataType, toInt64, toInt64Big, toSafeNumber, type DatabasePtr, type DatabaseRef } from './types.js';
import { formatDateTime } from './values.js';

// Reused output slot: a typed array is several times cheaper for koffi than a JS array out-param.
const outId = new BigInt64Array(1);

export function createElement(h: DatabaseRef, collection: string, data: ElementData): number {
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const rest = packScalars(data);
    if (rest === null) {
      check(native().quiver_database_create_element_values(h(), collection, pack.types, pack.slots, pack.text, pack.textSize, pack.count, outId));
      return toSafeNumber(outId[0]!);
    }
    data = rest;
  }
  return withElement('createElement', data, (element) => {
    check(native().quiver_database_create_element(h(), collection, element, outId));
    return toSafeNumber(outId[0]!);
  });
}

// createElement's one-call path (quiver_database_create_element_values): an element of scalars
// travels as type tags, two int64 slots per attribute (name offset, value) and one UTF-8 text
// buffer holding the names and string values, all reused from call to call; the names are written
// again only when they differ from the previous call's. Values convert exactly as withElement
// converts them; anything else goes through withElement.
const pack = {
  types: new Int32Array(8),
  slots: new BigInt64Array(16),
  words: new Int32Array(0),
  doubles: new Float64Array(0),
  text: Buffer.alloc(256),
  textSize: 0,
  count: 0,
  names: [] as string[],
  namesEnd: 0,
};
pack.words = new Int32Array(pack.slots.buffer);
pack.doubles = new Float64Array(pack.slots.buffer);
const packNames: string[] = [];
const packValues: unknown[] = [];

function growSlots(n: number): void {
  if (n <= pack.types.length) return;
  const size = Math.max(n, 2 * pack.types.length);
  pack.types = new Int32Array(size);
  pack.slots = new BigInt64Array(2 * size);
  pack.words = new Int32Array(pack.slots.buffer);
  pack.doubles = new Float64Array(pack.slots.buffer);
  pack.names = []; // offsets were in the old slots
}

/** Room for `bytes` more bytes of text after `used`, keeping what is there. */
function textRoom(used: number, bytes: number): void {
  if (used + bytes <= pack.text.length) return;
  const grown = Buffer.alloc(Math.max(used + bytes, 2 * pack.text.length));
  pack.text.copy(grown, 0, 0, used);
  pack.text = grown;
}

/** Appends `str` and a NUL at `pos`; returns the position after the NUL. */
function writeText(str: string, pos: number): number {
  textRoom(pos, 3 * str.length + 1);
  pos += pack.text.write(str, pos, 'utf8');
  pack.text[pos] = 0;
  return pos + 1;
}

function setSlot(slot: number, value: number): void {
  if (LITTLE_ENDIAN) {
    pack.words[2 * slot] = value >>> 0;
    pack.words[2 * slot + 1] = Math.floor(value / 4294967296);
  } else {
    pack.slots[slot] = BigInt(value);
  }
}

/**
 * Fills `pack` from `data` and returns null, or returns every attribute (each read once) when one
 * is not a scalar this path packs.
 */
function packScalars(data: ElementData): ElementData | null {
  const keys = Object.keys(data);
  packNames.length = 0;
  packValues.length = 0;
  let packable = true;
  for (let k = 0; k < keys.length; k++) {
    const value = data[keys[k]!];
    if (value === undefined) continue;
    packNames.push(keys[k]!);
    packValues.push(value);
    if (packable && value !== null && typeof value === 'object' && !(value instanceof Date)) packable = false;
  }
  if (packable) {
    // As the per-attribute calls refuse them (C would see the text before the NUL only).
    for (let i = 0; i < packNames.length; i++) {
      if (packNames[i]!.indexOf('\0') !== -1) throw nulInString('name');
      const v = packValues[i];
      if (typeof v === 'string' && v.indexOf('\0') !== -1) throw nulInString('value');
    }
  }
  if (!packable) {
    const rest: ElementData = Object.create(null) as ElementData;
    for (let i = 0; i < packNames.length; i++) rest[packNames[i]!] = packValues[i] as ElementData[string];
    return rest;
  }
  const n = packNames.length;
  growSlots(n);
  let sameNames = pack.names.length === n;
  for (let i = 0; sameNames && i < n; i++) sameNames = pack.names[i] === packNames[i];
  if (!sameNames) {
    let pos = 0;
    for (let i = 0; i < n; i++) {
      setSlot(2 * i, pos);
      pos = writeText(packNames[i]!, pos);
    }
    pack.names = packNames.slice();
    pack.namesEnd = pos;
  }
  let pos = pack.namesEnd;
  for (let i = 0; i < n; i++) {
    const value = packValues[i];
    const slot = 2 * i + 1;
    if (value === null) {
      pack.types[i] = DataType.Null;
      continue;
    }
    switch (typeof value) {
      case 'number':
        if (Number.isSafeInteger(value)) {
          pack.types[i] = DataType.Integer;
          setSlot(slot, value);
        } else {
          pack.types[i] = DataType.Float;
          pack.doubles[slot] = value;
        }
        break;
      case 'string':
        pack.types[i] = DataType.String;
        setSlot(slot, pos);
        pos = writeText(value, pos);
        break;
      case 'boolean':
        pack.types[i] = DataType.Integer;
        pack.slots[slot] = value ? 1n : 0n;
        break;
      case 'bigint':
        pack.types[i] = DataType.Integer;
        pack.slots[slot] = toInt64Big(value, `'${packNames[i]}'`);
        break;
      default:
        if (value instanceof Date) {
          pack.types[i] = DataType.String;
          setSlot(slot, pos);
          pos = writeText(formatDateTime(value), pos);
          break;
        }
        // A value withElement refuses (a function, a symbol): it reports it.
        pack.names = [];
        const rest: ElementData = Object.create(null) as ElementData;
        for (let j = 0; j < n; j++) rest[packNames[j]!] = packValues[j] as ElementData[string];
        return rest;
    }
  }
  pack.textSize = pos;
  pack.count = n;
  return null;
}

export function updateElement(h: DatabaseRef, collection: string, id: number | bigint, data: ElementData): void {
  const checkedId = toInt64(id, 'id');
  withElement('updateElement', data, (element) => {
    check(native().quiver_database_update_element(h(), collection, checkedId, element));
  });
}

export function deleteElement(h: DatabasePtr, collection: string, id: number | bigint): void {
  check(native().quiver_database_delete_element(h, collection, toInt64(id, 'id')));
}

type GroupKind = 'vector' | 'set';
type ColumnarKind = GroupKind | 'time_series';

const OPS: Record<ColumnarKind, string> = {
  vector: 'updateVectorGroup',
  set: 'updateSetGroup',
  time_series: 'updateTimeSeriesGroup',
};

/**
 * Replaces every row of one element in a vector, set or time-series group; `{}` clears it.
 * Shared by updateVectorGroup, updateSetGroup and updateTimeSeriesGroup.
 */
export function updateGroup(kind: ColumnarKind, h: DatabaseRef, collection: string, group: string, id: number | bigint, data: ColumnsInput): void {
  const checkedId = toInt64(id, 'id');
  // Read each column once, before the handle is taken (a getter may close the Database).
  const columns = snapshotColumns(OPS[kind], data);
  const cols = encodeColumns(OPS[kind], columns, integerColumnsFor(kind, h, collection, group, columns));
  const lib = native();
  const fn =
    kind === 'vector'
      ? lib.quiver_database_update_vector_group
      : kind === 'set'
        ? lib.quiver_database_update_set_group
        : lib.quiver_database_update_time_series_group;
  check(fn(h(), collection, group, checkedId, ...columnArgs(cols)));
}

/**
 * The group's INTEGER columns, looked up only when a float typed array is given: group reads return
 * INTEGER columns without NULLs as Float64Array, and writing them back must not be a type mismatch.
 * A failed lookup is left to the update call to report.
 */
export function integerColumnsFor(kind: ColumnarKind, h: DatabaseRef, collection: string, group: string, data: ColumnsInput): ReadonlySet<string> | undefined {
  if (!Object.values(data).some((v) => v instanceof Float64Array || v instanceof Float32Array)) return undefined;
  if (typeof collection !== 'string' || typeof group !== 'string') return undefined;
  const ptr = h(); // outside the try: a closed Database is QUIVER_CLOSED, not a lookup to skip
  try {
    const columns = getGroupMetadata(kind, ptr, collection, group).valueColumns;
    return new Set(columns.filter((c) => c.dataType === DataType.Integer).map((c) => c.name));
  } catch {
    return undefined;
  }
}

/** One element's rows of a vector (by vector_index) or set (insertion order) group, as columns. */
export function readGroupById(kind: GroupKind, h: DatabasePtr, collection: string, group: string, id: number | bigint): Columns {
  const checkedId = toInt64(id, 'id');
  const lib = native();
  const fn = kind === 'vector' ? lib.quiver_database_read_vector_group_by_id : lib.quiver_database_read_set_group_by_id;
  return readColumnar((o) => check(fn(h, collection, group, checkedId, o.names, o.types, o.data, o.masks, o.columnCount, o.rowCount)));
}

// ---- Bulk creation ------------------------------------------------------------------------------

/**
 * Columns of elements to create with {@link Database.createElements}: attribute name → one value
 * per element. A scalar attribute is a typed array or an array of {@link ScalarValue}s (`undefined`
 * leaves the attribute out of that element, so its column default applies; `null` is NULL). An array
 * attribute (vector, set or time-series column) is an array holding one array or typed array per
 * element (`null`/`undefined`: that element has none). Every column has one entry per element.
 */
export type ElementColumns = Record<string, ColumnInput | readonly (ScalarValue | undefined)[] | readonly (ArrayValue | null | undefined)[]>;

/** The elements given to {@link Database.createElements}: element objects, or columns of them. */
export type ElementRows = readonly ElementData[] | ElementColumns;

/** The C-side arguments of quiver_database_create_elements. Keep it alive for the call. */
export interface EncodedElementRows {
  names: string[];
  types: Int32Array;
  data: PointerCast[];
  masks: (Uint8Array | null)[];
  offsets: (BigInt64Array | null)[];
  columnCount: number;
  rowCount: number;
}

/**
 * quiver_database_create_elements' arguments after the collection: the encoded columns (NULL
 * arrays when there is none), the counts and the id buffer (NULL for zero rows).
 */
export function elementRowsArgs(
  e: EncodedElementRows,
  ids: BigInt64Array,
): [
  string[] | null,
  Int32Array | null,
  PointerCast[] | null,
  (Uint8Array | null)[] | null,
  (BigInt64Array | null)[] | null,
  number,
  number,
  BigInt64Array | null,
] {
  const none = e.columnCount === 0;
  return [
    none ? null : e.names,
    none ? null : e.types,
    none ? null : e.data,
    none ? null : e.masks,
    none ? null : e.offsets,
    e.columnCount,
    e.rowCount,
    e.rowCount === 0 ? null : ids,
  ];
}

// Mask bytes of quiver_database_create_elements.
const NULL_CELL = 0;
const NOT_GIVEN = 2;

/** One column on its way to C: the values (undefined = not given) and, for arrays, the offsets. */
interface PendingColumn {
  name: string;
  values: unknown[];
  offsets: number[] | null;
}

/**
 * Converts element objects or columns into quiver_database_create_elements' arguments. Values
 * convert as createElement converts them; `op` names the method in error messages.
 */
export function encodeElementRows(op: string, rows: ElementRows): EncodedElementRows {
  const pending = Array.isArray(rows) ? pendingFromObjects(op, rows as readonly ElementData[]) : pendingFromColumns(op, rows as ElementColumns);
  const out: EncodedElementRows = {
    names: [],
    types: new Int32Array(pending.columns.length),
    data: [],
    masks: [],
    offsets: [],
    columnCount: pending.columns.length,
    rowCount: pending.rowCount,
  };
  pending.columns.forEach((column, c) => {
    const encoded = encodeValues(op, column);
    out.names.push(column.name);
    out.types[c] = encoded.type;
    out.data.push(encoded.data);
    out.masks.push(encoded.mask);
    out.offsets.push(column.offsets === null ? null : int64Array(column.offsets));
  });
  return out;
}

/** Creates every row in one C call; the ids in row order. */
export function createElements(h: DatabaseRef, collection: string, rows: ElementRows): number[] {
  const e = encodeElementRows('createElements', rows);
  const ids = new BigInt64Array(e.rowCount);
  check(native().quiver_database_create_elements(h(), collection, ...elementRowsArgs(e, ids)));
  return decodeIds(ids);
}

/** int64 ids written by C, as numbers (throws beyond 2^53). */
export function decodeIds(ids: BigInt64Array): number[] {
  const n = ids.length;
  const out = new Array<number>(n);
  if (LITTLE_ENDIAN) {
    const words = new Int32Array(ids.buffer, ids.byteOffset, 2 * n);
    for (let i = 0, j = 0; i < n; i++, j += 2) out[i] = int64FromWords(words[j]!, words[j + 1]!);
  } else {
    for (let i = 0; i < n; i++) out[i] = toSafeNumber(ids[i]!);
  }
  return out;
}

type ValueKind = 'int' | 'float' | 'string';

interface Pending {
  columns: PendingColumn[];
  rowCount: number;
}

function pendingFromObjects(op: string, given: readonly ElementData[]): Pending {
  const n = given.length;
  const scalars = new Map<string, unknown[]>();
  const arrays = new Map<string, unknown[]>();
  for (let r = 0; r < n; r++) {
    const row = given[r];
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw invalid(`${op}: row ${r} must be an object of attribute values, got ${Array.isArray(row) ? 'an array' : row === null ? 'null' : typeof row}`);
    }
    for (const name in row) {
      if (!Object.hasOwn(row, name)) continue;
      const value = row[name];
      if (value === undefined) continue;
      const target = isArrayValue(value) ? arrays : scalars;
      let column = target.get(name);
      if (column === undefined) {
        column = new Array<unknown>(n); // holes read as undefined: not given
        target.set(name, column);
      }
      column[r] = value;
    }
  }
  const columns: Pending['columns'] = [];
  for (const [name, values] of scalars) columns.push({ name, values, offsets: null });
  for (const [name, perRow] of arrays) columns.push(flattenArrays(op, name, perRow, n));
  return { columns, rowCount: n };
}

function pendingFromColumns(op: string, data: ElementColumns): Pending {
  const proto = data === null || typeof data !== 'object' ? undefined : Object.getPrototypeOf(data);
  if (proto !== Object.prototype && proto !== null) {
    const got = data === null ? 'null' : proto === undefined ? typeof data : (proto.constructor?.name ?? 'an object');
    throw invalid(`${op}: expected an array of elements or a plain object of columns, got ${got}`);
  }
  const entries = Object.entries(data);
  let rowCount = -1;
  const columns: Pending['columns'] = [];
  for (const [name, column] of entries) {
    if (column === undefined) continue;
    if (!Array.isArray(column) && !(ArrayBuffer.isView(column) && !(column instanceof DataView))) {
      throw invalid(`${op}: column '${name}' must be an array or a typed array, got ${column === null ? 'null' : typeof column}`);
    }
    const length = (column as ArrayLike<unknown>).length;
    if (rowCount === -1) rowCount = length;
    else if (length !== rowCount) throw invalid(`${op}: column '${name}' has ${length} rows, expected ${rowCount} like the first column`);
    if (ArrayBuffer.isView(column)) {
      columns.push({ name, values: [column], offsets: null }); // a typed array, encoded as is
      continue;
    }
    // Our own copy, each element read once (a getter must not change what C reads).
    const values = new Array<unknown>(length);
    let arrayColumn = false;
    for (let i = 0; i < length; i++) {
      const v = (column as readonly unknown[])[i];
      values[i] = v;
      if (!arrayColumn && v !== null && v !== undefined && isArrayValue(v)) arrayColumn = true;
    }
    columns.push(arrayColumn ? flattenArrays(op, name, values, length) : { name, values, offsets: null });
  }
  return { columns, rowCount: Math.max(rowCount, 0) };
}

function isArrayValue(v: unknown): boolean {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** Per-row arrays as one run of cells plus row_count + 1 offsets. */
function flattenArrays(op: string, name: string, perRow: readonly unknown[], n: number): PendingColumn {
  const offsets = new Array<number>(n + 1);
  const cells: unknown[] = [];
  offsets[0] = 0;
  for (let r = 0; r < n; r++) {
    const value = perRow[r];
    if (value !== null && value !== undefined) {
      if (value instanceof Float64Array) {
        // As createElement: integral values go as INTEGER (a read column can be written back).
        const integral = value.every((x) => Number.isSafeInteger(x) && !Object.is(x, -0));
        for (const x of value) cells.push(integral ? x : new Float(x));
      } else if (value instanceof BigInt64Array || value instanceof Int32Array || Array.isArray(value)) {
        const m = value.length;
        for (let i = 0; i < m; i++) cells.push((value as ArrayLike<unknown>)[i]);
      } else {
        throw invalid(`${op}: row ${r}: unsupported value for '${name}': ${describe(value)}`);
      }
    }
    offsets[r + 1] = cells.length;
  }
  return { name, values: cells, offsets };
}

/** A number that stays REAL even when integral (a cell of a non-integral Float64Array). */
class Float {
  constructor(readonly value: number) {}
}

interface EncodedValues {
  type: number;
  data: PointerCast;
  mask: Uint8Array | null;
}

function encodeValues(op: string, column: PendingColumn): EncodedValues {
  const { name, values, offsets } = column;
  const isArray = offsets !== null;
  if (!isArray && values.length === 1 && ArrayBuffer.isView(values[0])) return encodeTyped(op, name, values[0] as ArrayBufferView);
  const n = values.length;
  const where = (i: number): string => (isArray ? `array '${name}' index ${i}` : `row ${i}: '${name}'`);
  let kind: ValueKind | undefined;
  let mask: Uint8Array | null = null;
  let sawConversion = false;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      mask ??= new Uint8Array(n).fill(1);
      mask[i] = v === null || isArray ? NULL_CELL : NOT_GIVEN;
      continue;
    }
    let k: ValueKind;
    switch (typeof v) {
      case 'number':
        k = Number.isSafeInteger(v) ? 'int' : 'float';
        break;
      case 'string':
        k = 'string';
        // C reads text up to its first NUL: refuse it rather than store less.
        if (v.indexOf('\0') !== -1) throw invalid(`${op}: ${isArray ? `array '${name}' index ${i}` : `row ${i}: '${name}'`} contains a NUL character`);
        break;
      case 'bigint':
        k = 'int';
        sawConversion = true;
        break;
      case 'boolean':
        k = 'int';
        sawConversion = true;
        break;
      default:
        if (v instanceof Date) k = 'string';
        else if (v instanceof Float) k = 'float';
        else throw invalid(`${op}: ${isArray ? `${where(i)}: unsupported value` : `row ${i}: unsupported value for '${name}'`}: ${describe(v)}`);
        sawConversion = true;
    }
    if (kind === k) continue;
    if (kind === undefined) kind = k;
    else if (kind !== 'string' && k !== 'string') kind = 'float';
    else throw invalid(`${op}: ${isArray ? `array '${name}'` : `attribute '${name}'`} mixes strings and numbers (${isArray ? 'index' : 'row'} ${i})`);
  }
  if (kind === undefined) return { type: DataType.Integer, data: null as unknown as PointerCast, mask };
  if (kind === 'string') {
    if (mask === null && !sawConversion) return { type: DataType.String, data: asPointer(values, 'const char **'), mask };
    const strs = new Array<string | null>(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      strs[i] = v === null || v === undefined ? null : v instanceof Date ? formatDateTime(v) : (v as string);
    }
    return { type: DataType.String, data: asPointer(strs, 'const char **'), mask };
  }
  if (kind === 'float') {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      out[i] = v instanceof Float ? v.value : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? (v ? 1 : 0) : (v as number);
    }
    return { type: DataType.Float, data: asPointer(out, 'double *'), mask };
  }
  const out = new BigInt64Array(n);
  const words = LITTLE_ENDIAN ? new Int32Array(out.buffer) : null;
  for (let i = 0; i < n; i++) {
    let v = values[i];
    if (v === null || v === undefined) continue;
    if (typeof v === 'boolean') v = v ? 1 : 0;
    if (words !== null && typeof v === 'number') {
      words[2 * i] = v >>> 0;
      words[2 * i + 1] = Math.floor(v / 4294967296);
    } else {
      out[i] = toInt64Big(v, isArray ? where(i) : `row ${i} '${name}'`);
    }
  }
  return { type: DataType.Integer, data: asPointer(out, 'int64_t *'), mask };
}

/** A typed-array scalar column: whole numbers go as INTEGER, as createElement sends them. */
function encodeTyped(op: string, name: string, values: ArrayBufferView): EncodedValues {
  if (values instanceof BigInt64Array) return { type: DataType.Integer, data: asPointer(values, 'int64_t *'), mask: null };
  if (values instanceof BigUint64Array) {
    const out = BigInt64Array.from(values, (v, i) => toInt64Big(v, `row ${i} '${name}'`));
    return { type: DataType.Integer, data: asPointer(out, 'int64_t *'), mask: null };
  }
  const numbers = values as unknown as Float64Array;
  const ints = safeIntegers(numbers);
  if (ints !== null) return { type: DataType.Integer, data: asPointer(ints, 'int64_t *'), mask: null };
  const doubles = numbers instanceof Float64Array ? numbers : Float64Array.from(numbers);
  void op;
  return { type: DataType.Float, data: asPointer(doubles, 'double *'), mask: null };
}

/** The values as int64 when every one is a safe integer (not -0), else null. */
function safeIntegers(values: ArrayLike<number>): BigInt64Array | null {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isSafeInteger(v) || Object.is(v, -0)) return null;
  }
  return int64Array(values);
}

/** Safe integers as a BigInt64Array, written as two int32 words per value on little-endian hosts. */
function int64Array(values: ArrayLike<number>): BigInt64Array {
  const n = values.length;
  const out = new BigInt64Array(n);
  if (LITTLE_ENDIAN) {
    const words = new Int32Array(out.buffer);
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      words[2 * i] = v >>> 0;
      words[2 * i + 1] = Math.floor(v / 4294967296);
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = BigInt(values[i]!);
  }
  return out;
}

const LITTLE_ENDIAN = endianness() === 'LE';

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return Object.getPrototypeOf(v)?.constructor?.name ?? 'object';
}

function nulInString(param: string): QuiverError {
  return new QuiverError(`Expected a string without NUL characters for ${param}`, { code: 'QUIVER_INVALID_ARGUMENT' });
}

function invalid(message: string): QuiverError {
  return new QuiverError(message, { code: 'QUIVER_INVALID_ARGUMENT' });
}
