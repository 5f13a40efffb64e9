// Writes: elements and whole vector/set groups of one element.

import { encodeColumns, readColumnar, type Columns, type ColumnsInput } from './columns.js';
import { getGroupMetadata } from './database-metadata.js';
import { withElement, type ElementData } from './element.js';
import { check } from './check.js';
import { native } from './native.js';
import { DataType, toInt64, toSafeNumber, type DatabasePtr } from './types.js';

// Reused output slot: a typed array is several times cheaper for koffi than a JS array out-param.
const outId = new BigInt64Array(1);

export function createElement(h: DatabasePtr, collection: string, data: ElementData): number {
  return withElement('createElement', data, (element) => {
    check(native().quiver_database_create_element(h, collection, element, outId));
    return toSafeNumber(outId[0]!);
  });
}

export function updateElement(h: DatabasePtr, collection: string, id: number | bigint, data: ElementData): void {
  const checkedId = toInt64(id, 'id');
  withElement('updateElement', data, (element) => {
    check(native().quiver_database_update_element(h, collection, checkedId, element));
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
export function updateGroup(kind: ColumnarKind, h: DatabasePtr, collection: string, group: string, id: number | bigint, data: ColumnsInput): void {
  const checkedId = toInt64(id, 'id');
  const cols = encodeColumns(OPS[kind], data, integerColumnsFor(kind, h, collection, group, data));
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
      h,
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
function integerColumnsFor(kind: ColumnarKind, h: DatabasePtr, collection: string, group: string, data: ColumnsInput): ReadonlySet<string> | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  if (!Object.values(data).some((v) => v instanceof Float64Array || v instanceof Float32Array)) return undefined;
  if (typeof collection !== 'string' || typeof group !== 'string') return undefined;
  try {
    const columns = getGroupMetadata(kind, h, collection, group).valueColumns;
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
