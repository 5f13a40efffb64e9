// Ownership of native handles and library-allocated strings for the binary-file, metadata and
// expression wrappers: each handle is freed exactly once, by close() or by the FinalizationRegistry,
// whichever comes first.

import { check } from './check.js';
import { QuiverError } from './errors.js';
import { decodeString, type OutPtr } from './native.js';
import type { Ptr } from './types.js';

/** The native state of one wrapper, kept apart from it so the registry never holds the wrapper. */
export interface Owned<P> {
  ptr: P | null;
}

export interface Ownership<P> {
  /** Starts owning `ptr` on behalf of `wrapper` (freed when `wrapper` is collected, unless released first). */
  adopt(wrapper: object, ptr: P): Owned<P>;
  /** Frees the handle now (idempotent) and forgets the wrapper's registration. */
  release(wrapper: object, state: Owned<P>): void;
  /** The live handle; throws QuiverError (QUIVER_CLOSED) once released. */
  live(state: Owned<P>): P;
}

/**
 * One FinalizationRegistry per kind of handle. `warning`, when given, is emitted as a process
 * warning whenever the finalizer had to free a handle nobody closed (for handles that hold files).
 */
export function ownership<P>(kind: string, free: (ptr: P) => unknown, warning?: { code: string; message: string }): Ownership<P> {
  const releaseState = (state: Owned<P>): boolean => {
    const ptr = state.ptr;
    if (ptr === null) return false;
    state.ptr = null; // before the C call: whatever happens there, the pointer is never used again
    free(ptr);
    return true;
  };
  const registry = new FinalizationRegistry<Owned<P>>((state) => {
    try {
      if (releaseState(state) && warning) process.emitWarning(warning.message, { code: warning.code });
    } catch {
      // A throw from a finalizer would end the process.
    }
  });
  return {
    adopt(wrapper, ptr) {
      const state: Owned<P> = { ptr };
      registry.register(wrapper, state, wrapper);
      return state;
    },
    release(wrapper, state) {
      registry.unregister(wrapper);
      releaseState(state);
    },
    live(state) {
      if (state.ptr === null) throw new QuiverError(`${kind} is closed`, { code: 'QUIVER_CLOSED' });
      return state.ptr;
    },
  };
}

/** Runs `call` with an out-pointer for a library-allocated string; returns it and frees it with `free`. */
export function takeString(call: (out: OutPtr) => number, free: (ptr: Ptr | null) => number): string {
  const out: OutPtr = [null];
  check(call(out));
  try {
    return decodeString(out[0]) ?? '';
  } finally {
    free(out[0]);
  }
}
