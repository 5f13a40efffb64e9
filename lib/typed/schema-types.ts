// The type machinery of typed studies: a study schema (the `interface Schema` that `quiver types`
// generates) turned into the parameter and result types of Database's methods.
//
// Every helper has an untyped case: a Database without a type argument is a
// `Database<UntypedStudy>`, whose maps have string index signatures. `string extends keyof M`
// detects them, and those helpers then give exactly the types the untyped API always had, so
// existing code keeps compiling unchanged.
//
// Kept to indexed accesses and small mapped types on purpose: type-checking cost grows with every
// call site in a user's code.

import type { ColumnInput, Columns, ColumnsInput } from '../columns.js';
import type { ElementData, ScalarValue } from '../element.js';
import type { RowValue } from '../database-time-series.js';

/** A column's storage type, as the library's metadata reports it (DataType as text). */
export type StorageType = 'INTEGER' | 'REAL' | 'TEXT' | 'DATE_TIME';

/**
 * One column of a study schema: a scalar attribute, a value column of a vector, set or time-series
 * group, or a time-series files column.
 */
export interface ColumnSchema {
  /** Storage type of the column. */
  type: StorageType;
  /** What reads return for one value (`| null` unless the column is NOT NULL). */
  read: number | string | null;
  /** What writes accept for one value (DATE_TIME also takes a Date, foreign keys also a label). */
  write: ScalarValue;
  /**
   * Whether a write must give it: a NOT NULL scalar without DEFAULT (other than the id) when an
   * element is created; a dimension or NOT NULL column without DEFAULT in a group write.
   */
  required: boolean;
  /** The collection a foreign-key column references. */
  references?: string;
  /** Set on the dimension column of a time-series group (the date column rows are ordered by). */
  dimension?: boolean;
}

/** The columns of one group (or of a time-series files table), by column name. */
export type GroupSchema = { [column: string]: ColumnSchema };

/** One collection of a study schema: its scalar attributes and its groups. */
export interface CollectionSchema {
  /** Scalar attributes (`id` and `label` included), by name. */
  scalars: { [attribute: string]: ColumnSchema };
  /** Vector groups, by group name. */
  vectors: { [group: string]: GroupSchema };
  /** Set groups, by group name. */
  sets: { [group: string]: GroupSchema };
  /** Time-series groups, by group name (dimension column included). */
  timeSeries: { [group: string]: GroupSchema };
  /** Columns of the collection's time-series files table; null when it has none. */
  timeSeriesFiles: GroupSchema | null;
}

/**
 * What a study schema type must look like: every property a collection. `S` is the schema itself
 * (so that a generated `interface Schema`, which has no index signature, qualifies).
 */
export type StudySchema<S> = { [C in keyof S]: CollectionSchema };

/** A column of an untyped study: any name, any type. */
export interface UntypedColumn extends ColumnSchema {
  /** Any value a read returns. */
  read: number | string | null;
  /** Any value a write accepts. */
  write: ScalarValue;
}

/** A group of an untyped study: any column name. */
export type UntypedGroup = { [column: string]: UntypedColumn };

/** A collection of an untyped study: any attribute and group name. */
export interface UntypedCollection extends CollectionSchema {
  /** Any attribute name. */
  scalars: UntypedGroup;
  /** Any group name. */
  vectors: { [group: string]: UntypedGroup };
  /** Any group name. */
  sets: { [group: string]: UntypedGroup };
  /** Any group name. */
  timeSeries: { [group: string]: UntypedGroup };
  /** Any column name. */
  timeSeriesFiles: UntypedGroup;
}

/** The schema of a Database opened without a type argument: names are plain strings. */
export interface UntypedStudy {
  [collection: string]: UntypedCollection;
}

// ---- Internal helpers ------------------------------------------------------------------------

/** `U` for an untyped map (string index signature), `T` for a generated one. */
type IfUntyped<M, U, T> = string extends keyof M ? U : T;

/** The collection `C` of `S`. */
type Coll<S, C> = S[C & keyof S] extends infer X extends CollectionSchema ? X : never;

/** The column `K` of a column map. */
type Col<M, K> = M[K & keyof M] extends infer X extends ColumnSchema ? X : never;

/** Names of the columns of `M` whose storage type is one of `T`. */
type NamesOfType<M, T> = IfUntyped<M, string, { [K in keyof M]: M[K] extends { type: T } ? K : never }[keyof M] & string>;

/** Names of the columns of every group in `G` whose storage type is one of `T`. */
type GroupColumnsOfType<G, T> = IfUntyped<G, string, { [K in keyof G]: NamesOfType<G[K], T> }[keyof G]>;

/** The column `K` as the groups of `G` declare it (a union when several groups share it). */
type GroupColumn<G, K> = { [N in keyof G]: K extends keyof G[N] ? G[N][K] : never }[keyof G];

/** Names of the columns of `M` a write must give. */
type RequiredNames<M> = { [K in keyof M]: M[K] extends { required: true } ? K : never }[keyof M];

/** `null` when the column can hold NULL, else nothing. */
type NullOf<Col> = Col extends { read: infer R } ? (null extends R ? null : never) : null;

/** Flattens an intersection for readable hovers and messages. */
type Flat<T> = { [K in keyof T]: T[K] } & {};

/** The typed-array forms of a numeric column in a group write. */
type TypedArrayInput = Exclude<ColumnInput, readonly unknown[]>;

/** A numeric storage type. */
type Numeric = 'INTEGER' | 'REAL';

// ---- Names -----------------------------------------------------------------------------------

/** Names of the collections of `S` (`string` for an untyped study). */
export type CollectionName<S> = keyof S & string;

/** Names of the scalar attributes of collection `C` whose storage type is one of `T`. */
export type ScalarName<S, C, T extends StorageType = StorageType> = NamesOfType<Coll<S, C>['scalars'], T>;

/** Names of the vector groups of collection `C`. */
export type VectorGroupName<S, C> = keyof Coll<S, C>['vectors'] & string;

/** Names of the set groups of collection `C`. */
export type SetGroupName<S, C> = keyof Coll<S, C>['sets'] & string;

/** Names of the time-series groups of collection `C`. */
export type TimeSeriesGroupName<S, C> = keyof Coll<S, C>['timeSeries'] & string;

/** `''` (the scalars) or the name of any group of collection `C`: what CSV export and import take. */
export type CsvGroupName<S, C> = IfUntyped<
  Coll<S, C>['scalars'],
  string,
  '' | VectorGroupName<S, C> | SetGroupName<S, C> | TimeSeriesGroupName<S, C>
>;

/** Names of the value columns of `C`'s vector groups whose storage type is one of `T`. */
export type VectorColumnName<S, C, T extends StorageType = StorageType> = GroupColumnsOfType<Coll<S, C>['vectors'], T>;

/** Names of the value columns of `C`'s set groups whose storage type is one of `T`. */
export type SetColumnName<S, C, T extends StorageType = StorageType> = GroupColumnsOfType<Coll<S, C>['sets'], T>;

/** The columns of time-series group `G` of `C`, by name. */
type TimeSeriesColumns<S, C, G> = Coll<S, C>['timeSeries'][G & keyof Coll<S, C>['timeSeries']];

/** Columns of time-series group `G` that readTimeSeriesRow takes (all but the dimension column). */
export type TimeSeriesAttributeName<S, C, G> = IfUntyped<
  TimeSeriesColumns<S, C, G>,
  string,
  { [K in keyof TimeSeriesColumns<S, C, G>]: IsDimension<TimeSeriesColumns<S, C, G>[K]> extends true ? never : K }[keyof TimeSeriesColumns<S, C, G>] &
    string
>;

/** Whether a column is the dimension of its time series. */
type IsDimension<C> = C extends { dimension: true } ? true : false;

/** Collections of `S` that have a time-series files table. */
export type FilesCollectionName<S> = IfUntyped<
  S,
  string,
  { [C in keyof S]: Coll<S, C>['timeSeriesFiles'] extends null ? never : C }[keyof S] & string
>;

/** The columns of collection `C`'s time-series files table. */
type FilesColumns<S, C> = NonNullable<Coll<S, C>['timeSeriesFiles']>;

// ---- Values ----------------------------------------------------------------------------------

/** readScalarIntegers/Floats/Strings: one `V` per element, `| null` unless the attribute is NOT NULL. */
export type ScalarValues<S, C, A, V> = (V | NullOf<Col<Coll<S, C>['scalars'], A>>)[];

/** Every scalar attribute of one element of `C`, as readScalarsById returns them. */
export type ScalarRow<S, C> = IfUntyped<
  Coll<S, C>['scalars'],
  Record<string, number | string | null>,
  { [K in keyof Coll<S, C>['scalars']]: Coll<S, C>['scalars'][K]['read'] }
>;

/** A column of a group read: numbers as Float64Array when the column holds no NULL. */
type ColumnRead<C extends ColumnSchema> = C['type'] extends Numeric
  ? null extends C['read']
    ? Float64Array | (number | null)[]
    : Float64Array
  : null extends C['read']
    ? (string | null)[]
    : string[];

/**
 * One element's rows of a group, as readVectorGroupById, readSetGroupById and readTimeSeriesGroup
 * return them. Columns are absent when the element has no rows.
 */
export type GroupRead<G> = IfUntyped<G, Columns, { [K in keyof G]?: ColumnRead<Col<G, K>> }>;

/** One column given to a group write: its values, or a typed array for a numeric column. */
// Written as conditional types (not plain unions) so that messages show the resolved type, not the alias.
type ColumnWrite<C extends ColumnSchema> = C extends { type: Numeric } ? readonly C['write'][] | TypedArrayInput : readonly C['write'][];

/**
 * The columns of a group write (updateVectorGroup, updateSetGroup, updateTimeSeriesGroup): `{}`
 * clears the element's rows; otherwise every required column (dimension, NOT NULL) is given.
 */
export type GroupWrite<G> = IfUntyped<
  G,
  ColumnsInput,
  | { [K in keyof G]?: never }
  | Flat<{ [K in RequiredNames<G>]: ColumnWrite<Col<G, K>> } & { [K in Exclude<keyof G, RequiredNames<G>>]?: ColumnWrite<Col<G, K>> }>
>;

/** One row for upsertTimeSeriesRow: the dimension columns and any value columns (no NULL). */
export type TimeSeriesRowWrite<G> = IfUntyped<
  G,
  Record<string, RowValue>,
  Flat<
    { [K in RequiredNames<G>]: Exclude<Col<G, K>['write'], null> } & {
      [K in Exclude<keyof G, RequiredNames<G>>]?: Exclude<Col<G, K>['write'], null>;
    }
  >
>;

/** What readTimeSeriesRow returns for attribute `A` of group `G` (integers without a value read 0). */
export type TimeSeriesRowRead<G, A> = IfUntyped<
  G,
  (number | string | null)[],
  Col<G, A>['type'] extends 'INTEGER' ? number[] : Col<G, A>['type'] extends 'REAL' ? (number | null)[] : (string | null)[]
>;

/** Every vector (or set) column of one element of a collection, keyed by column name. */
export type GroupsRow<G> = IfUntyped<
  G,
  Record<string, (number | string | null)[]>,
  { [K in GroupColumnsOfType<G, StorageType>]: Extract<GroupColumn<G, K>, ColumnSchema>['read'][] }
>;

/** An element array for a group column in createElement/updateElement. */
type ArrayWrite<C> = C extends { type: Numeric; write: infer W } ? readonly W[] | Float64Array | BigInt64Array | Int32Array : C extends ColumnSchema ? readonly C['write'][] : never;

/** Names of the columns of every vector, set and time-series group of `C`. */
type ArrayName<K extends CollectionSchema> =
  | GroupColumnsOfType<K['vectors'], StorageType>
  | GroupColumnsOfType<K['sets'], StorageType>
  | GroupColumnsOfType<K['timeSeries'], StorageType>;

/** The group column `N` of collection `K`, from whichever group kinds have it. */
type ArrayColumn<K extends CollectionSchema, N> = GroupColumn<K['vectors'], N> | GroupColumn<K['sets'], N> | GroupColumn<K['timeSeries'], N>;

/** A scalar write for attribute `N`, or an element array when a group column shares its name. */
type ScalarOrArray<K extends CollectionSchema, N extends keyof K['scalars']> = N extends ArrayName<K>
  ? K['scalars'][N]['write'] | ArrayWrite<ArrayColumn<K, N>>
  : K['scalars'][N]['write'];

/** Optional attributes of an element write: scalars not required, and group columns as arrays. */
type OptionalAttributes<K extends CollectionSchema, Required extends PropertyKey> = {
  [N in Exclude<keyof K['scalars'], Required>]?: ScalarOrArray<K, N>;
} & { [N in Exclude<ArrayName<K>, keyof K['scalars']>]?: ArrayWrite<ArrayColumn<K, N>> };

/**
 * The data of createElement for collection `C`: its scalars (NOT NULL ones without DEFAULT
 * required) and its group columns as arrays.
 */
export type CreateData<S, C> = IfUntyped<
  Coll<S, C>['scalars'],
  ElementData,
  Flat<
    { [N in RequiredNames<Coll<S, C>['scalars']>]: ScalarOrArray<Coll<S, C>, N> } & OptionalAttributes<Coll<S, C>, RequiredNames<Coll<S, C>['scalars']>>
  >
>;

/** The data of updateElement for collection `C`: any of its scalars and group columns (as arrays). */
export type UpdateData<S, C> = IfUntyped<Coll<S, C>['scalars'], ElementData, Flat<OptionalAttributes<Coll<S, C>, never>>>;

/** The columns of vector group `G` of collection `C`. */
export type VectorGroup<S, C, G> = Coll<S, C>['vectors'][G & keyof Coll<S, C>['vectors']];

/** The columns of set group `G` of collection `C`. */
export type SetGroup<S, C, G> = Coll<S, C>['sets'][G & keyof Coll<S, C>['sets']];

/** The columns of time-series group `G` of collection `C` (dimension included). */
export type TimeSeriesGroup<S, C, G> = TimeSeriesColumns<S, C, G>;

/** The vector groups of collection `C`. */
export type VectorGroups<S, C> = Coll<S, C>['vectors'];

/** The set groups of collection `C`. */
export type SetGroups<S, C> = Coll<S, C>['sets'];

/** Names of the time-series files columns of `C`. */
export type FilesColumnName<S, C> = IfUntyped<FilesColumns<S, C>, string, keyof FilesColumns<S, C> & string>;

/** readTimeSeriesFiles: every files column of `C` with its path (null when unset). */
export type FilesRead<S, C> = IfUntyped<FilesColumns<S, C>, Record<string, string | null>, { [K in keyof FilesColumns<S, C>]: string | null }>;

/** updateTimeSeriesFiles: paths for some of `C`'s files columns (null clears one). */
export type FilesWrite<S, C> = IfUntyped<FilesColumns<S, C>, Record<string, string | null>, { [K in keyof FilesColumns<S, C>]?: string | null }>;
