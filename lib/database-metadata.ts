// Schema metadata: attributes and groups of a collection, in declaration order.

import { check } from './check.js';
import {
  allocStruct,
  decodeGroupMetadata,
  decodeGroupMetadataArray,
  decodeScalarMetadata,
  decodeScalarMetadataArray,
  native,
  releaseStruct,
  type GroupMetadataRecord,
  type NativeBindings,
  type OutPtr,
  type OutSize,
  type ScalarMetadataRecord,
} from './native.js';
import type { DataType, DatabasePtr, Ptr } from './types.js';

/** One column: a scalar attribute of a collection, or a value column of a group. */
export interface ScalarMetadata {
  /** The column name. */
  name: string;
  /** DataType.Integer, Float, String or DateTime. */
  dataType: DataType;
  /** NOT NULL, or an INTEGER primary-key column (as Quiver 0.10 reports it). */
  notNull: boolean;
  /** Part of the table's primary key. */
  primaryKey: boolean;
  /**
   * The column's DEFAULT as SQLite reports the SQL text (`DEFAULT NULL` gives `'NULL'`), or null
   * without one.
   */
  defaultValue: string | null;
  /** The column is the source of a foreign key. */
  isForeignKey: boolean;
  /** The table the foreign key points at; null when not a foreign key. */
  referencesCollection: string | null;
  /** The column the foreign key points at (`''` when the key names none); null when not a foreign key. */
  referencesColumn: string | null;
}

/** A vector, set or time-series group of a collection. */
export interface GroupMetadata {
  /** The group name: the table name after `<Collection>_vector_`, `_set_` or `_time_series_`. */
  groupName: string;
  /** Time series: the dimension column (e.g. `date_time`); vectors and sets: null. */
  dimensionColumn: string | null;
  /**
   * The group's columns except `id` (and `vector_index`, and a time series' dimension column), in
   * declaration order.
   */
  valueColumns: ScalarMetadata[];
}

export type GroupKind = 'vector' | 'set' | 'time_series';

function scalar(r: ScalarMetadataRecord): ScalarMetadata {
  return {
    name: r.name ?? '',
    dataType: r.data_type as DataType,
    notNull: r.not_null !== 0,
    primaryKey: r.primary_key !== 0,
    defaultValue: r.default_value,
    isForeignKey: r.is_foreign_key !== 0,
    referencesCollection: r.references_collection,
    referencesColumn: r.references_column,
  };
}

function group(r: GroupMetadataRecord): GroupMetadata {
  return { groupName: r.group_name ?? '', dimensionColumn: r.dimension_column, valueColumns: r.value_columns.map(scalar) };
}

export function getScalarMetadata(h: DatabasePtr, collection: string, attribute: string): ScalarMetadata {
  const lib = native();
  const out = allocStruct('quiver_scalar_metadata_t');
  try {
    check(lib.quiver_database_get_scalar_metadata(h, collection, attribute, out));
    try {
      return scalar(decodeScalarMetadata(out));
    } finally {
      lib.quiver_database_free_scalar_metadata(out);
    }
  } finally {
    releaseStruct(out);
  }
}

const getters: Record<GroupKind, (l: NativeBindings, h: DatabasePtr, c: string, g: string, out: Ptr) => number> = {
  vector: (l, ...a) => l.quiver_database_get_vector_metadata(...a),
  set: (l, ...a) => l.quiver_database_get_set_metadata(...a),
  time_series: (l, ...a) => l.quiver_database_get_time_series_metadata(...a),
};

export function getGroupMetadata(kind: GroupKind, h: DatabasePtr, collection: string, groupName: string): GroupMetadata {
  const lib = native();
  const out = allocStruct('quiver_group_metadata_t');
  try {
    check(getters[kind](lib, h, collection, groupName, out));
    try {
      return group(decodeGroupMetadata(out));
    } finally {
      lib.quiver_database_free_group_metadata(out);
    }
  } finally {
    releaseStruct(out);
  }
}

export function listScalarAttributes(h: DatabasePtr, collection: string): ScalarMetadata[] {
  const lib = native();
  const out: OutPtr = [null];
  const count: OutSize = [0];
  check(lib.quiver_database_list_scalar_attributes(h, collection, out, count));
  const n = Number(count[0]);
  try {
    return decodeScalarMetadataArray(out[0], n).map(scalar);
  } finally {
    // The free rejects a NULL array (as Quiver 0.10 does): an empty result has nothing to free.
    if (out[0] !== null) lib.quiver_database_free_scalar_metadata_array(out[0], n);
  }
}

const listers: Record<GroupKind, (l: NativeBindings, h: DatabasePtr, c: string, out: OutPtr, n: OutSize) => number> = {
  vector: (l, ...a) => l.quiver_database_list_vector_groups(...a),
  set: (l, ...a) => l.quiver_database_list_set_groups(...a),
  time_series: (l, ...a) => l.quiver_database_list_time_series_groups(...a),
};

export function listGroups(kind: GroupKind, h: DatabasePtr, collection: string): GroupMetadata[] {
  const lib = native();
  const out: OutPtr = [null];
  const count: OutSize = [0];
  check(listers[kind](lib, h, collection, out, count));
  const n = Number(count[0]);
  try {
    return decodeGroupMetadataArray(out[0], n).map(group);
  } finally {
    if (out[0] !== null) lib.quiver_database_free_group_metadata_array(out[0], n);
  }
}
