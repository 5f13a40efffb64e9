// Shared types and value conversions of the binding: branded native handles, the C enums, and the
// int64 policy.
//
// int64 policy. Integers cross the boundary as JS `number`:
//   - out of C: a value outside ±(2^53−1) throws QuiverError (code QUIVER_INTEGER_RANGE) instead of
//     being rounded silently (toSafeNumber);
//   - into C: a `number` must be a safe integer, a `bigint` must fit in int64_t; anything else
//     throws QuiverError before the call (toInt64).

import { QuiverError } from './errors.js';

declare const handleBrand: unique symbol;

/**
 * A native pointer owned by a wrapper object. koffi 3 represents every pointer as a plain bigint and
 * does not check which opaque type it belongs to, so the brand is what keeps a runner handle from
 * being passed where a database handle is expected. Never let these leave the wrapper classes.
 */
export type Handle<Name extends string> = bigint & { readonly [handleBrand]: Name };
export type DatabasePtr = Handle<'quiver_database_t*'>;
export type ElementPtr = Handle<'quiver_element_t*'>;
export type LuaRunnerPtr = Handle<'quiver_lua_runner_t*'>;
export type BinaryMetadataPtr = Handle<'quiver_binary_metadata_t*'>;
export type BinaryFilePtr = Handle<'quiver_binary_file_t*'>;
export type ExpressionPtr = Handle<'quiver_expression_t*'>;
export type ProgressPtr = Handle<'quiver_progress_t*'>;

/**
 * The database handle, fetched by methods that convert objects, arrays or options only after the
 * conversion: a getter in an argument may close the Database, and then this throws QUIVER_CLOSED
 * instead of handing C a freed pointer.
 */
export type DatabaseRef = () => DatabasePtr;

/** A raw C address (library-allocated result memory, or koffi.alloc memory). */
export type Ptr = bigint;

/** quiver_error_t */
export const ErrorCode = { Ok: 0, Error: 1 } as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Console log levels of the library (`quiver_log_level_t`), for {@link DatabaseOptions.consoleLevel}. */
export const LogLevel = {
  /** Everything the library logs. */
  Debug: 0,
  /** Databases opened and closed, schemas and migrations applied (the default). */
  Info: 1,
  /** Warnings only, such as an array written to several group tables. */
  Warn: 2,
  /** Errors only. */
  Error: 3,
  /** Nothing on the console. */
  Off: 4,
} as const;
/** One of the {@link LogLevel} values. */
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

/** Column types as the library reports them (`quiver_data_type_t`), e.g. in {@link ScalarMetadata.dataType}. */
export const DataType = {
  /** SQLite INTEGER. */
  Integer: 0,
  /** SQLite REAL. */
  Float: 1,
  /** SQLite TEXT. */
  String: 2,
  /** A TEXT column named `date_…` (or declared DATE_TIME), holding `YYYY-MM-DDTHH:MM:SS` text. */
  DateTime: 3,
  /** SQL NULL; used only as a query parameter type. */
  Null: 4,
} as const;
/** One of the {@link DataType} values. */
export type DataType = (typeof DataType)[keyof typeof DataType];

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const SAFE_MAX_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const SAFE_MIN_BIG = BigInt(Number.MIN_SAFE_INTEGER);

/** Message used whenever an int64 coming out of C does not fit a JS number. */
export function unsafeIntegerMessage(value: bigint | number): string {
  return `Integer value ${value} exceeds JavaScript's safe integer range`;
}

/**
 * An int64 read from C as a JS number. koffi hands int64 outputs over as `number` when they are
 * safe and as `bigint` otherwise; both are accepted. Throws QuiverError for values outside ±(2^53−1).
 */
export function toSafeNumber(value: bigint | number): number {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
    throw new QuiverError(unsafeIntegerMessage(value), { code: 'QUIVER_INTEGER_RANGE' });
  }
  if (value > SAFE_MAX_BIG || value < SAFE_MIN_BIG) {
    throw new QuiverError(unsafeIntegerMessage(value), { code: 'QUIVER_INTEGER_RANGE' });
  }
  return Number(value);
}

/**
 * Validates an integer argument for an int64_t parameter. Returns it unchanged (koffi accepts both
 * number and bigint). `what` names the argument in the message, e.g. "id".
 */
export function toInt64(value: unknown, what = 'integer argument'): number | bigint {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
    if (Number.isInteger(value)) {
      throw new QuiverError(
        `Integer value ${value} for ${what} exceeds JavaScript's safe integer range; pass a bigint instead`,
        { code: 'QUIVER_INTEGER_RANGE' },
      );
    }
    throw new QuiverError(`Expected an integer for ${what}, got ${value}`, { code: 'QUIVER_INVALID_ARGUMENT' });
  }
  if (typeof value === 'bigint') {
    if (value > INT64_MAX || value < INT64_MIN) {
      throw new QuiverError(`Integer value ${value} for ${what} is outside the int64 range`, {
        code: 'QUIVER_INTEGER_RANGE',
      });
    }
    return value;
  }
  throw new QuiverError(`Expected an integer (number or bigint) for ${what}, got ${describe(value)}`, {
    code: 'QUIVER_INVALID_ARGUMENT',
  });
}

/** Same check as toInt64, returning a bigint (for filling a BigInt64Array). */
export function toInt64Big(value: unknown, what = 'integer argument'): bigint {
  const v = toInt64(value, what);
  return typeof v === 'bigint' ? v : BigInt(v);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `string '${value}'`;
  return typeof value;
}
