// QuiverError and the return-code check used after every fallible C call.
//
// Import note: check() reads the message through native(), and native.ts uses QuiverError. The
// cycle is harmless because neither module touches the other at load time (only inside functions).

import { native } from './native.js';

/** Machine-readable category of a QuiverError. */
export type QuiverErrorCode =
  /** A libquiver_c call returned QUIVER_ERROR; the message is the library's, verbatim. */
  | 'QUIVER_ERROR'
  /** The shared library could not be found (message lists the paths tried and the fixes). */
  | 'QUIVER_LIBRARY_NOT_FOUND'
  /** The shared library was found but cannot be used (dlopen failure, missing symbols). */
  | 'QUIVER_LIBRARY_INCOMPATIBLE'
  /** An integer does not fit: unsafe JS number in, or int64 beyond ±(2^53−1) out. */
  | 'QUIVER_INTEGER_RANGE'
  /** A JS argument of the wrong kind, caught before calling C. */
  | 'QUIVER_INVALID_ARGUMENT'
  /** A method was called on a closed Database / LuaRunner. */
  | 'QUIVER_CLOSED';

export interface QuiverErrorOptions {
  code?: QuiverErrorCode;
  cause?: unknown;
}

/**
 * Every error this package throws on purpose. For failures reported by libquiver_c, `message` is
 * exactly the text of `quiver_get_last_error()` (no prefix added) and `code` is 'QUIVER_ERROR'.
 */
export class QuiverError extends Error {
  override readonly name = 'QuiverError';
  readonly code: QuiverErrorCode | undefined;

  constructor(message: string, options: QuiverErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
  }
}

/** QUIVER_OK, the only success value of quiver_error_t. */
export const QUIVER_OK = 0;

/**
 * Throws the library's last error when `rc` is not QUIVER_OK. Call it immediately after the C call,
 * on the same thread: the message is thread-local and sticky (successful calls do not clear it).
 */
export function check(rc: number): void {
  if (rc !== QUIVER_OK) throw lastError(rc);
}

/** A QuiverError carrying the current thread's `quiver_get_last_error()` text. */
export function lastError(rc: number = 1): QuiverError {
  const message = native().quiver_get_last_error();
  return new QuiverError(message || `libquiver_c call failed with code ${rc} and no error message`, {
    code: 'QUIVER_ERROR',
  });
}
