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
  | 'QUIVER_CLOSED'
  /** A call was made on a Database (or one of its LuaRunners) while one of its *Async operations runs. */
  | 'QUIVER_BUSY'
  /** An *Async operation was stopped by its AbortSignal, or by close(), before it finished. */
  | 'QUIVER_ABORTED';

/** Options of the {@link QuiverError} constructor. */
export interface QuiverErrorOptions {
  /** The error's category. */
  code?: QuiverErrorCode;
  /** The underlying error, kept as the standard `cause` property. */
  cause?: unknown;
}

/**
 * Every error this package throws on purpose. For a failure reported by libquiver_c, `message` is
 * exactly the library's text (`quiver_get_last_error()`, no prefix added) and `code` is
 * `'QUIVER_ERROR'`; errors found before the library is called carry the other codes.
 *
 * @example
 * ```ts
 * try {
 *   db.createElement('Plant', { label: 'Coal 1' });
 * } catch (err) {
 *   if (err instanceof QuiverError && err.code === 'QUIVER_ERROR') console.error(err.message);
 * }
 * ```
 */
export class QuiverError extends Error {
  /** Always `'QuiverError'`. */
  override readonly name = 'QuiverError';
  /** The error's category; `undefined` only for errors constructed without one. */
  readonly code: QuiverErrorCode | undefined;

  /**
   * Creates an error; the package does this, user code rarely needs to.
   *
   * @param message the text, shown as `message`
   * @param options the code and cause
   */
  constructor(message: string, options: QuiverErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
  }
}
