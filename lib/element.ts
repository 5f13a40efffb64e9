// Builds a native quiver_element_t from a plain object for create/update.

import { check } from './check.js';
import { QuiverError } from './errors.js';
import { encodeFloat64Values, encodeInt64Values, native } from './native.js';
import { toInt64, type ElementPtr } from './types.js';
import { formatDateTime } from './values.js';

/**
 * A scalar attribute value: a whole `number` or a `bigint` is INTEGER (also accepted by REAL
 * columns), another number is REAL (an INTEGER column refuses it, and NaN is stored as NULL), a
 * `boolean` is INTEGER 1/0, a `string` is TEXT (trimmed; for a foreign-key column, the target's
 * label), a `Date` is UTC `YYYY-MM-DDTHH:MM:SS` text, `null` is NULL.
 */
export type ScalarValue = number | bigint | boolean | string | Date | null;
/**
 * An array attribute: the cells of a vector, set or time-series column, routed by column name to
 * the group tables having it. Cells convert as {@link ScalarValue}; `null` cells are NULL.
 */
export type ArrayValue = readonly (number | bigint | boolean | string | Date | null)[] | Float64Array | BigInt64Array | Int32Array;
/**
 * An element to create or update: attribute name → value. Keys whose value is `undefined` are
 * skipped; names are case-sensitive and must be columns of the schema.
 */
export type ElementData = Record<string, ScalarValue | ArrayValue | undefined>;

// One native element is reused by every create/update (cleared before each use): creating and
// destroying one per call costs two extra FFI crossings on the bulk-create path. It is destroyed
// at process exit so the library sees every allocation freed.
let scratch: ElementPtr | null = null;
let scratchBusy = false;

function takeElement(): ElementPtr {
  const lib = native();
  if (scratch !== null && !scratchBusy) {
    scratchBusy = true;
    check(lib.quiver_element_clear(scratch));
    return scratch;
  }
  const out: [ElementPtr | null] = [null];
  check(lib.quiver_element_create(out));
  if (scratch === null) {
    scratch = out[0]!;
    scratchBusy = true;
    process.once('exit', () => {
      if (scratch !== null) native().quiver_element_destroy(scratch);
      scratch = null;
    });
  }
  return out[0]!;
}

function giveBack(element: ElementPtr): void {
  if (element === scratch) scratchBusy = false;
  else native().quiver_element_destroy(element);
}

/** Runs `use` with a native element holding `data`. */
export function withElement<T>(op: string, data: ElementData, use: (element: ElementPtr) => T): T {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw invalid(`${op}: element data must be an object of attribute values, got ${Array.isArray(data) ? 'an array' : data === null ? 'null' : typeof data}`);
  }
  const element = takeElement();
  try {
    for (const name in data) {
      if (!Object.hasOwn(data, name)) continue;
      const value = data[name];
      if (value === undefined) continue;
      setValue(op, element, name, value);
    }
    return use(element);
  } finally {
    giveBack(element);
  }
}

function setValue(op: string, element: ElementPtr, name: string, value: ScalarValue | ArrayValue): void {
  const lib = native();
  if (value === null) return check(lib.quiver_element_set_null(element, name));
  switch (typeof value) {
    case 'string':
      return check(lib.quiver_element_set_string(element, name, value));
    case 'boolean':
      return check(lib.quiver_element_set_integer(element, name, value ? 1 : 0));
    case 'bigint':
      return check(lib.quiver_element_set_integer(element, name, toInt64(value, `'${name}'`)));
    case 'number':
      // Integral doubles beyond 2^53 are floats to JS (1e300): send them as REAL, not as a bad int64.
      // A safe integer goes to koffi as is: no BigInt per value on this hot path.
      if (Number.isSafeInteger(value)) return check(lib.quiver_element_set_integer(element, name, value));
      return check(lib.quiver_element_set_float(element, name, value));
    default:
      break;
  }
  if (value instanceof Date) return check(lib.quiver_element_set_string(element, name, formatDateTime(value)));
  if (value instanceof Float64Array) {
    // Group reads hand integer columns back as Float64Array: integral values go back as INTEGER
    // (which REAL columns accept too), so a read column can be written back unchanged.
    if (value.every(Number.isSafeInteger)) {
      const v = BigInt64Array.from(value, (x) => BigInt(x));
      return check(lib.quiver_element_set_array_integer(element, name, v, v.length, null));
    }
    return check(lib.quiver_element_set_array_float(element, name, value, value.length, null));
  }
  if (value instanceof BigInt64Array) return check(lib.quiver_element_set_array_integer(element, name, value, value.length, null));
  if (value instanceof Int32Array) {
    const v = BigInt64Array.from(value, (x) => BigInt(x));
    return check(lib.quiver_element_set_array_integer(element, name, v, v.length, null));
  }
  if (Array.isArray(value)) return setArray(op, element, name, value);
  throw invalid(`${op}: unsupported value for '${name}': ${typeof value}`);
}

function setArray(op: string, element: ElementPtr, name: string, values: readonly unknown[]): void {
  const lib = native();
  let kind: 'int' | 'float' | 'string' | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const k =
      typeof v === 'string' || v instanceof Date
        ? 'string'
        : typeof v === 'bigint' || typeof v === 'boolean'
          ? 'int'
          : typeof v === 'number'
            ? Number.isSafeInteger(v)
              ? 'int'
              : 'float'
            : undefined;
    if (k === undefined) throw invalid(`${op}: unsupported value in array '${name}' at index ${i}: ${typeof v}`);
    if (kind === undefined || kind === k) kind = k;
    else if (kind !== 'string' && k !== 'string') kind = 'float';
    else throw invalid(`${op}: array '${name}' mixes strings and numbers (index ${i})`);
  }
  const n = values.length;
  if (kind === 'string') {
    const strs = values.map((v) => (v === null || v === undefined ? null : v instanceof Date ? formatDateTime(v) : (v as string)));
    const mask = strs.includes(null) ? Uint8Array.from(strs, (s) => (s === null ? 0 : 1)) : null;
    return check(lib.quiver_element_set_array_string(element, name, strs, n, mask));
  }
  if (kind === 'float') {
    // A float array may also hold the integers (bigint, boolean) that made it mixed.
    const nums = values.map((x) => (typeof x === 'bigint' ? Number(x) : typeof x === 'boolean' ? (x ? 1 : 0) : x));
    const { values: v, mask } = encodeFloat64Values(nums as (number | null)[], `array '${name}'`);
    return check(lib.quiver_element_set_array_float(element, name, v, n, mask));
  }
  // Integers, or no non-null value at all (an empty or all-NULL array: the type does not matter).
  const ints = values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)) as (number | bigint | null)[];
  const { values: v, mask } = encodeInt64Values(ints, `array '${name}'`);
  return check(lib.quiver_element_set_array_integer(element, name, v, n, mask));
}

function invalid(message: string): QuiverError {
  return new QuiverError(message, { code: 'QUIVER_INVALID_ARGUMENT' });
}
