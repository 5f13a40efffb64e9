// QuiverError: the one error type of the package. The bottom layer of lib/: it imports nothing, so
// every other module may use it (the return-code check that needs the native library is check.ts).

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
