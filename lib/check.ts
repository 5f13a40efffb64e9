// The return-code check used after every fallible C call. It sits above native.ts (it reads the
// library's last error), so errors.ts, which native.ts and loader.ts use, imports nothing.

import { QuiverError } from './errors.js';
import { native } from './native.js';

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
