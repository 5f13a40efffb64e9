// Single-value SQL queries with typed parameters, and the text reports.

import { check } from './check.js';
import { QuiverError } from './errors.js';
import { asPointer, decodeString, native, type OutPtr, type PointerCast } from './native.js';
import { DataType, toInt64Big, toSafeNumber, type DatabasePtr } from './types.js';
import { formatDateTime } from './values.js';

/**
 * A query parameter, bound to the next `?`: a whole number or bigint as INTEGER, another number as
 * FLOAT, a boolean as 1/0, a string as text (trimmed of surrounding whitespace, as every bound string
 * is), a Date as UTC `YYYY-MM-DDTHH:MM:SS` text, `null` as NULL.
 */
export type QueryParam = number | bigint | boolean | string | Date | null;

interface EncodedParams {
  types: Int32Array;
  values: (PointerCast | null)[];
}

function encodeParams(params: readonly QueryParam[]): EncodedParams {
  if (!Array.isArray(params)) throw new QuiverError('Query parameters must be an array', { code: 'QUIVER_INVALID_ARGUMENT' });
  const types = new Int32Array(params.length);
  const values: (PointerCast | null)[] = [];
  params.forEach((p, i) => {
    if (p === null || p === undefined) {
      types[i] = DataType.Null;
      values.push(null);
    } else if (typeof p === 'string' || p instanceof Date) {
      types[i] = DataType.String;
      // C would see only the text before an embedded NUL: refuse rather than bind a shorter value.
      if (typeof p === 'string' && p.includes('\0')) {
        throw new QuiverError(`Query parameter at index ${i} contains a NUL character`, { code: 'QUIVER_INVALID_ARGUMENT' });
      }
      // The C API takes the char* itself for STRING (not a pointer to it).
      values.push(asPointer(typeof p === 'string' ? p : formatDateTime(p), 'const char *'));
    } else if (typeof p === 'bigint' || typeof p === 'boolean' || (typeof p === 'number' && Number.isSafeInteger(p))) {
      types[i] = DataType.Integer;
      const v = typeof p === 'boolean' ? (p ? 1n : 0n) : toInt64Big(p, `query parameter ${i}`);
      values.push(asPointer(BigInt64Array.of(v), 'int64_t *'));
    } else if (typeof p === 'number') {
      types[i] = DataType.Float;
      values.push(asPointer(Float64Array.of(p), 'double *'));
    } else {
      throw new QuiverError(`Unsupported query parameter at index ${i}: ${typeof p}`, { code: 'QUIVER_INVALID_ARGUMENT' });
    }
  });
  return { types, values };
}

const outHas = new Int32Array(1);

export function queryInteger(h: DatabasePtr, sql: string, params?: readonly QueryParam[]): number | null {
  const lib = native();
  const out: [number | bigint] = [0];
  if (params === undefined) check(lib.quiver_database_query_integer(h, sql, out, outHas));
  else {
    const p = encodeParams(params);
    check(lib.quiver_database_query_integer_params(h, sql, p.types, p.values, p.types.length, out, outHas));
  }
  return outHas[0] === 0 ? null : toSafeNumber(out[0]);
}

export function queryFloat(h: DatabasePtr, sql: string, params?: readonly QueryParam[]): number | null {
  const lib = native();
  const out: [number] = [0];
  if (params === undefined) check(lib.quiver_database_query_float(h, sql, out, outHas));
  else {
    const p = encodeParams(params);
    check(lib.quiver_database_query_float_params(h, sql, p.types, p.values, p.types.length, out, outHas));
  }
  return outHas[0] === 0 ? null : out[0];
}

export function queryString(h: DatabasePtr, sql: string, params?: readonly QueryParam[]): string | null {
  const lib = native();
  const out: OutPtr = [null];
  if (params === undefined) check(lib.quiver_database_query_string(h, sql, out, outHas));
  else {
    const p = encodeParams(params);
    check(lib.quiver_database_query_string_params(h, sql, p.types, p.values, p.types.length, out, outHas));
  }
  try {
    return outHas[0] === 0 ? null : decodeString(out[0]);
  } finally {
    lib.quiver_database_free_string(out[0]);
  }
}

/** Runs a report call that hands back a library-allocated string, and frees it. */
export function report(call: (out: OutPtr) => number): string {
  const out: OutPtr = [null];
  check(call(out));
  try {
    return decodeString(out[0]) ?? '';
  } finally {
    native().quiver_database_free_string(out[0]);
  }
}
