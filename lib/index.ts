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

// The classes are added by their owners; re-export them here once the files exist:
//   export * from './database.js';    // Database, Element input types, options, metadata types
//   export * from './lua-runner.js';  // LuaRunner
// (Left out for now so `tsc --noEmit` passes before those modules are written.)
