// Time series and time-series files of one collection.

import { readColumnar, type Columns, type ColumnsInput } from './columns.js';
import { updateGroup } from './database-write.js';
import { check } from './check.js';
import { QuiverError } from './errors.js';
import {
  asPointer,
  decodeFloat64Array,
  decodeInt64Array,
  decodeStringArray,
  native,
  type OutPtr,
  type OutSize,
  type PointerCast,
} from './native.js';
import { DataType, toInt64, toInt64Big, type DatabasePtr } from './types.js';
import { dateTimeText, formatDateTime } from './values.js';

/** All rows of one element, ordered by the dimension columns; `{}` when it has none. */
export function readTimeSeriesGroup(h: DatabasePtr, collection: string, group: string, id: number | bigint): Columns {
  const checkedId = toInt64(id, 'id');
  const lib = native();
  return readColumnar((o) =>
    check(lib.quiver_database_read_time_series_group(h, collection, group, checkedId, o.names, o.types, o.data, o.masks, o.columnCount, o.rowCount)),
  );
}

/** Replaces all rows of one element; `{}` clears them. Columns are arrays or typed arrays of equal length. */
export function updateTimeSeriesGroup(h: DatabasePtr, collection: string, group: string, id: number | bigint, data: ColumnsInput): void {
  updateGroup('time_series', h, collection, group, id, data);
}

/**
 * A value of {@link Database.upsertTimeSeriesRow}: a whole number or bigint is INTEGER, another
 * number FLOAT, a string or Date (UTC `YYYY-MM-DDTHH:MM:SS`) text. There is no `null`: leave the
 * column out instead (it becomes NULL).
 */
export type RowValue = number | bigint | string | Date;

/** Inserts or replaces the row keyed by (id, dimension values). */
export function upsertTimeSeriesRow(h: DatabasePtr, collection: string, group: string, id: number | bigint, row: Record<string, RowValue>): void {
  const checkedId = toInt64(id, 'id');
  if (row === null || typeof row !== 'object' || Array.isArray(row)) {
    throw new QuiverError('upsertTimeSeriesRow: row must be an object of column values', { code: 'QUIVER_INVALID_ARGUMENT' });
  }
  const entries = Object.entries(row).filter(([, v]) => v !== undefined);
  const types = new Int32Array(entries.length);
  const data: PointerCast[] = entries.map(([name, v], i) => {
    if (typeof v === 'string' || v instanceof Date) {
      types[i] = DataType.String;
      return asPointer([typeof v === 'string' ? v : formatDateTime(v)], 'const char **');
    }
    if (typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v))) {
      types[i] = DataType.Integer;
      return asPointer(BigInt64Array.of(toInt64Big(v, `column '${name}'`)), 'int64_t *');
    }
    if (typeof v === 'number') {
      types[i] = DataType.Float;
      return asPointer(Float64Array.of(v), 'double *');
    }
    throw new QuiverError(`upsertTimeSeriesRow: unsupported value for column '${name}': ${v === null ? 'null' : typeof v}`, {
      code: 'QUIVER_INVALID_ARGUMENT',
    });
  });
  const empty = entries.length === 0;
  check(
    native().quiver_database_upsert_time_series_row(
      h,
      collection,
      group,
      checkedId,
      empty ? null : entries.map(([n]) => n),
      empty ? null : types,
      empty ? null : data,
      entries.length,
    ),
  );
}

/**
 * One value per element (ascending id): the latest non-NULL value of `attribute` at or before
 * `dateTime`. Elements without one give null (floats, strings) or 0 (integers, as the C API defines).
 */
export function readTimeSeriesRow(
  h: DatabasePtr,
  collection: string,
  group: string,
  attribute: string,
  dateTime: string | Date,
): (number | string | null)[] {
  const lib = native();
  const type: [number] = [0];
  const values: OutPtr = [null];
  const count: OutSize = [0];
  check(lib.quiver_database_read_time_series_row(h, collection, group, attribute, dateTimeText(dateTime, 'dateTime'), type, values, count));
  const n = Number(count[0]);
  switch (type[0]) {
    case DataType.Integer:
      try {
        return decodeInt64Array(values[0], n);
      } finally {
        lib.quiver_database_free_integer_array(values[0]);
      }
    case DataType.Float:
      try {
        return decodeFloat64Array(values[0], n).map((v) => (Number.isNaN(v) ? null : v));
      } finally {
        lib.quiver_database_free_float_array(values[0]);
      }
    default:
      try {
        return decodeStringArray(values[0], n);
      } finally {
        lib.quiver_database_free_string_array(values[0], n);
      }
  }
}

export function hasTimeSeriesFiles(h: DatabasePtr, collection: string): boolean {
  const out: [number] = [0];
  check(native().quiver_database_has_time_series_files(h, collection, out));
  return out[0] !== 0;
}

export function listTimeSeriesFilesColumns(h: DatabasePtr, collection: string): string[] {
  const lib = native();
  const out: OutPtr = [null];
  const count: OutSize = [0];
  check(lib.quiver_database_list_time_series_files_columns(h, collection, out, count));
  const n = Number(count[0]);
  try {
    return decodeStringArray(out[0], n) as string[];
  } finally {
    lib.quiver_database_free_string_array(out[0], n);
  }
}

/** Column → stored path (null when unset), in column order. */
export function readTimeSeriesFiles(h: DatabasePtr, collection: string): Record<string, string | null> {
  const lib = native();
  const columns: OutPtr = [null];
  const paths: OutPtr = [null];
  const count: OutSize = [0];
  check(lib.quiver_database_read_time_series_files(h, collection, columns, paths, count));
  const n = Number(count[0]);
  try {
    const names = decodeStringArray(columns[0], n);
    const values = decodeStringArray(paths[0], n);
    const out: Record<string, string | null> = {};
    for (let i = 0; i < n; i++) out[names[i]!] = values[i] ?? null;
    return out;
  } finally {
    lib.quiver_database_free_time_series_files(columns[0], paths[0], n);
  }
}

/** Replaces the collection's one row of paths: columns not given become null. */
export function updateTimeSeriesFiles(h: DatabasePtr, collection: string, data: Record<string, string | null>): void {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new QuiverError('updateTimeSeriesFiles: expected an object of column → path', { code: 'QUIVER_INVALID_ARGUMENT' });
  }
  const entries = Object.entries(data);
  for (const [name, v] of entries) {
    if (v !== null && typeof v !== 'string') {
      throw new QuiverError(`updateTimeSeriesFiles: path for '${name}' must be a string or null`, { code: 'QUIVER_INVALID_ARGUMENT' });
    }
  }
  const empty = entries.length === 0;
  check(
    native().quiver_database_update_time_series_files(
      h,
      collection,
      empty ? null : entries.map(([n]) => n),
      empty ? null : entries.map(([, v]) => v),
      entries.length,
    ),
  );
}
