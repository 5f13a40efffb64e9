// Public surface of quiverdb-node.
//
// lib/native.ts (the raw koffi declarations) is private on purpose: handles and raw pointers must
// not leave the wrapper classes. Importing this module never loads the native library; the first
// call that needs it does.

import { native } from './native.js';

export { QuiverError } from './errors.js';
export type { QuiverErrorCode, QuiverErrorOptions } from './errors.js';

// Loader diagnostics: where the native library is looked for, and which file would be used.
export { candidatePaths, resolveLibraryPath, libraryFileName, LIBRARY_ENV_VAR } from './loader.js';
export type { LoaderOptions } from './loader.js';
export { loadedLibraryPath } from './native.js';

export { DataType, LogLevel } from './types.js';

/**
 * Version of the loaded libquiver_c: the Quiver C API version it implements, e.g. `"0.10.0"`.
 *
 * @returns the version text
 * @throws {@link QuiverError} `QUIVER_LIBRARY_NOT_FOUND` / `QUIVER_LIBRARY_INCOMPATIBLE` when the
 * native library cannot be loaded.
 */
export function version(): string {
  return native().quiver_version();
}

export { Database, type DatabaseOptions } from './database.js';
export { LuaRunner, type LuaRunOptions, type LuaRunAsyncOptions } from './lua-runner.js';
export type { ElementData, ScalarValue, ArrayValue } from './element.js';
export type { ElementColumns, ElementRows } from './database-write.js';
export type { Column, Columns, ColumnInput, ColumnsInput } from './columns.js';
export type { ScalarMetadata, GroupMetadata } from './database-metadata.js';
export type { QueryParam } from './database-query.js';
export type { RowValue } from './database-time-series.js';
export type { CsvOptions } from './database-csv.js';
export type { CsvAsyncOptions } from './database-async.js';
export { PROGRESS_INTERVAL_MS, type AsyncOptions } from './async-progress.js';

// Typed studies: `quiver types` / generateTypes write a Schema; Database<Schema> is checked by it.
export { generateTypes, type GenerateTypesOptions } from './typed/generate.js';
export type {
  CollectionName,
  CollectionSchema,
  ColumnSchema,
  CreateData,
  CsvGroupName,
  FilesCollectionName,
  FilesColumnName,
  FilesRead,
  FilesWrite,
  GroupRead,
  GroupSchema,
  GroupsRow,
  GroupWrite,
  ScalarName,
  ScalarRow,
  ScalarValues,
  SetColumnName,
  SetGroup,
  SetGroupName,
  SetGroups,
  StorageType,
  StudySchema,
  TimeSeriesAttributeName,
  TimeSeriesGroup,
  TimeSeriesGroupName,
  TimeSeriesRowRead,
  TimeSeriesRowWrite,
  UntypedCollection,
  UntypedColumn,
  UntypedGroup,
  UntypedStudy,
  UpdateData,
  VectorColumnName,
  VectorGroup,
  VectorGroupName,
  VectorGroups,
} from './typed/schema-types.js';

// ---- binary files, CSV converter, expressions ----
export { BinaryMetadata, TIME_FREQUENCIES } from './binary-metadata.js';
export type { BinaryMetadataInfo, BinaryMetadataInit, Dimension, DimensionInit, TimeFrequency } from './binary-metadata.js';
export { BinaryFile } from './binary-file.js';
export type { Address, BinaryFileMode } from './binary-file.js';
export { binToCsv, csvToBin } from './csv-converter.js';
export type { BinToCsvOptions } from './csv-converter.js';
export { Expression, ifelse } from './expression.js';
export type { AggregateOperation, BinaryOperation, Operand } from './expression.js';
// ---- end binary files, CSV converter, expressions ----

/**
 * How many allocations the library has handed out and not yet had freed; 0 when nothing leaks
 * (for leak tests).
 *
 * @returns the count
 * @throws {@link QuiverError} when the native library cannot be loaded.
 */
export function liveAllocations(): number {
  return Number(native().quiver_debug_live_allocations());
}
