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

/** Version of the loaded libquiver_c (the Quiver C API version it implements, e.g. "0.10.0"). */
export function version(): string {
  return native().quiver_version();
}

export { Database, type DatabaseOptions } from './database.js';
export { LuaRunner } from './lua-runner.js';
export type { ElementData, ScalarValue, ArrayValue } from './element.js';
export type { Column, Columns, ColumnInput, ColumnsInput } from './columns.js';
export type { ScalarMetadata, GroupMetadata } from './database-metadata.js';
export type { QueryParam } from './database-query.js';
export type { RowValue } from './database-time-series.js';
export type { CsvOptions } from './database-csv.js';

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

/** Outstanding allocations the library has handed out and not yet had freed (for leak tests). */
export function liveAllocations(): number {
  return Number(native().quiver_debug_live_allocations());
}
