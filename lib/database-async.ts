// The Database's *Async operations: arguments converted here on the main thread, the native call run
// on koffi's worker pool through runAsync (async-progress.ts), which holds the busy mark.

import { columnArgs, encodeColumns, newColumnarOuts, snapshotColumns, takeColumnar, type Columns, type ColumnsInput } from './columns.js';
import { encodeOptions, type CsvOptions } from './database-csv.js';
import { decodeIds, elementRowsArgs, encodeElementRows, integerColumnsFor, type ElementColumns, type ElementRows } from './database-write.js';
import { runAsync, type AsyncOptions, type BusyHolder } from './async-progress.js';
import { callAsync } from './native.js';
import { toInt64, type DatabaseRef } from './types.js';

/** Options of {@link Database.importCsvAsync} and {@link Database.exportCsvAsync}: the CSV options plus onProgress and signal. */
export interface CsvAsyncOptions extends CsvOptions, AsyncOptions {}

/** importCsvAsync and exportCsvAsync: they differ only in their name and C function. */
export function csvAsync(
  op: 'importCsvAsync' | 'exportCsvAsync',
  holder: BusyHolder,
  pin: object,
  h: DatabaseRef,
  collection: string,
  group: string,
  path: string,
  options: CsvAsyncOptions | undefined,
): Promise<void> {
  const fn = op === 'importCsvAsync' ? 'quiver_database_import_csv_with_progress' : 'quiver_database_export_csv_with_progress';
  return runAsync(holder, pin, op, options, () => {
    const encoded = encodeOptions(op, options);
    const db = h();
    return {
      start: (progress, done) => callAsync(fn, [db, collection, group, path, encoded, progress], done),
      finish: () => undefined,
    };
  });
}

export function updateTimeSeriesGroupAsync(
  holder: BusyHolder,
  pin: object,
  h: DatabaseRef,
  collection: string,
  group: string,
  id: number | bigint,
  data: ColumnsInput,
  options: AsyncOptions | undefined,
): Promise<void> {
  return runAsync(holder, pin, 'updateTimeSeriesGroupAsync', options, () => {
    const checkedId = toInt64(id, 'id');
    // Typed arrays are copied: the caller may change them while the worker thread reads.
    const columns = Object.fromEntries(
      Object.entries(snapshotColumns('updateTimeSeriesGroupAsync', data)).map(([name, v]) => [name, ArrayBuffer.isView(v) && !(v instanceof DataView) ? v.slice() : v]),
    ) as ColumnsInput;
    // `cols` holds every buffer the pool thread reads; the closures below keep it alive until done.
    const cols = encodeColumns('updateTimeSeriesGroupAsync', columns, integerColumnsFor('time_series', h, collection, group, columns));
    const db = h();
    return {
      start: (progress, done) =>
        callAsync('quiver_database_update_time_series_group_with_progress', [db, collection, group, checkedId, ...columnArgs(cols), progress], done),
      finish: () => void cols,
    };
  });
}

export function readTimeSeriesGroupAsync(
  holder: BusyHolder,
  pin: object,
  h: DatabaseRef,
  collection: string,
  group: string,
  id: number | bigint,
  options: AsyncOptions | undefined,
): Promise<Columns> {
  return runAsync(holder, pin, 'readTimeSeriesGroupAsync', options, () => {
    const checkedId = toInt64(id, 'id');
    const db = h();
    const o = newColumnarOuts();
    return {
      start: (progress, done) =>
        callAsync(
          'quiver_database_read_time_series_group_with_progress',
          [db, collection, group, checkedId, progress, o.names, o.types, o.data, o.masks, o.columnCount, o.rowCount],
          done,
        ),
      finish: () => takeColumnar(o),
    };
  });
}

/** A shallow copy of `rows` whose typed-array columns are copies (the caller may change its own meanwhile). */
function detachedRows(rows: ElementRows): ElementRows {
  if (Array.isArray(rows) || rows === null || typeof rows !== 'object') return rows;
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(rows as ElementColumns)) out[name] = ArrayBuffer.isView(v) && !(v instanceof DataView) ? (v as Float64Array).slice() : v;
  return out as ElementColumns;
}

export function createElementsAsync(
  holder: BusyHolder,
  pin: object,
  h: DatabaseRef,
  collection: string,
  rows: ElementRows,
  options: AsyncOptions | undefined,
): Promise<number[]> {
  return runAsync(holder, pin, 'createElementsAsync', options, () => {
    const e = encodeElementRows('createElementsAsync', detachedRows(rows));
    const ids = new BigInt64Array(e.rowCount);
    const db = h();
    return {
      start: (progress, done) =>
        callAsync('quiver_database_create_elements_with_progress', [db, collection, ...elementRowsArgs(e, ids), progress], done),
      // `e` holds the buffers the worker thread reads: referenced here until the call is over.
      finish: () => (void e, decodeIds(ids)),
    };
  });
}
