// Writes: elements and whole vector/set groups of one element.

import { encodeColumns, readColumnar, snapshotColumns, type Columns, type ColumnsInput } from './columns.js';
import { getGroupMetadata } from './database-metadata.js';
import { withElement, type ElementData } from './element.js';
import { check } from './check.js';
import { native } from './native.js';
import { DataType, toInt64, toSafeNumber, type DatabasePtr, type DatabaseRef } from './types.js';

// Reused output slot: a typed array is several times cheaper for koffi than a JS array out-param.
const outId = new BigInt64Array(1);

export function createElement(h: DatabaseRef, collection: string, data: ElementData): number {
  return withElement('createElement', data, (element) => {
    check(native().quiver_database_create_element(h(), collection, element, outId));
    return toSafeNumber(outId[0]!);
  });
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
  const empty = cols.columnCount === 0;
  check(
    fn(
      h(),
      collection,
      group,
      checkedId,
      empty ? null : cols.names,
      empty ? null : cols.types,
      empty ? null : cols.data,
      empty ? null : cols.masks,
      cols.columnCount,
      cols.rowCount,
    ),
  );
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
