// The machinery of the *Async methods: one native call on koffi's worker pool per operation, a
// quiver_progress_t that this thread polls for onProgress and cancels on abort, and the busy mark
// that keeps every other call off the handle until the pool thread is done with it.
//
// Why polling: koffi can call a JS callback from a pool thread only by queueing it to the main
// thread and blocking the pool thread until it ran; the C side instead publishes done/total in
// atomics that a timer here reads, so the native work never waits for the event loop.

import { QuiverError } from './errors.js';
import { native, type OutBorrowedStr } from './native.js';
import type { ProgressPtr } from './types.js';

/** Options of every *Async method. */
export interface AsyncOptions {
  /**
   * Called on the main thread (every {@link PROGRESS_INTERVAL_MS} ms at most, only when the figures
   * changed, and once more with `done === total` when the operation succeeds). `total` is 0 until
   * known. A throw from it aborts the operation, which then rejects with that error (unless the
   * operation had already finished: its result stands and the Promise resolves).
   */
  onProgress?(done: number, total: number): void;
  /** Aborts the operation: it stops at its next check and rejects with a `QUIVER_ABORTED` QuiverError. */
  signal?: AbortSignal;
}

/** How often a running operation's progress is read, in milliseconds. */
export const PROGRESS_INTERVAL_MS = 50;

/** An operation running on a handle; other calls on it throw `QUIVER_BUSY` meanwhile. */
export interface PendingOp {
  /** The method's name, for messages (`importCsvAsync`). */
  readonly name: string;
  /** The object the operation runs for (the Database's state, or a LuaRunner's). */
  readonly owner: object;
  /** Asks the native call to stop; `reason` ends up in the rejection ("the Database was closed"). */
  cancel(reason: string): void;
  /** Runs `fn` once the native call has returned (frees that must wait for it). */
  after(fn: () => void): void;
}

/** Something that can carry a busy mark: a Database's native state. */
export interface BusyHolder {
  busy: PendingOp | null;
}

/** The error every call made while `holder` is busy throws. */
export function busyError(op: PendingOp): QuiverError {
  return new QuiverError(
    `Database is busy: ${op.name}() is running on it; await it before making other calls on this Database or its LuaRunners`,
    { code: 'QUIVER_BUSY' },
  );
}

/** Throws QUIVER_BUSY while an async operation runs on `holder`. */
export function assertIdle(holder: BusyHolder): void {
  if (holder.busy !== null) throw busyError(holder.busy);
}

/** Wrappers pinned while their operation runs, so no finalizer frees a handle the pool thread uses. */
const pinned = new Set<object>();

function readOptions(name: string, options: AsyncOptions | undefined): { onProgress?: AsyncOptions['onProgress']; signal?: AbortSignal } {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object') {
    throw new QuiverError(`${name}: options must be an object`, { code: 'QUIVER_INVALID_ARGUMENT' });
  }
  const { onProgress, signal } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new QuiverError(`${name}: onProgress must be a function`, { code: 'QUIVER_INVALID_ARGUMENT' });
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new QuiverError(`${name}: signal must be an AbortSignal`, { code: 'QUIVER_INVALID_ARGUMENT' });
  }
  return { onProgress, signal };
}

/** What an operation gives {@link runAsync}: how to start the native call, and how to read its result. */
export interface NativeJob<T> {
  /** Starts the koffi async call with `progress`; `done` receives its return code (or koffi's error). */
  start(progress: ProgressPtr, done: (err: unknown, rc: number) => void): void;
  /** Builds the result after a successful call (decode outputs, free them). */
  finish(): T;
  /** Releases outputs after a failed call, when the call may have left any (optional). */
  discard?(): void;
}

/**
 * Runs one native operation off the main thread. `prepare` converts the arguments (on this thread,
 * before anything is marked busy) and returns the job; every failure, conversion errors included,
 * comes back as a rejected Promise.
 *
 * @param holder the handle's state (its busy mark is set for the duration)
 * @param pin the wrapper to keep reachable while the call runs
 * @param name the method name for messages
 * @param options onProgress and signal
 * @param prepare converts the arguments and returns the job; called synchronously
 * @param owner what the operation runs for (see {@link PendingOp.owner}); the holder by default
 * @returns the job's result
 */
export function runAsync<T>(
  holder: BusyHolder,
  pin: object,
  name: string,
  options: AsyncOptions | undefined,
  prepare: () => NativeJob<T>,
  owner: object = holder,
): Promise<T> {
  let opts: ReturnType<typeof readOptions>;
  let job: NativeJob<T>;
  try {
    opts = readOptions(name, options);
    if (opts.signal?.aborted) throw abortedError(name, 'Aborted before it started; nothing was done', opts.signal.reason);
    assertIdle(holder);
    job = prepare();
    assertIdle(holder); // a getter read while converting may have started another operation
  } catch (err) {
    return Promise.reject(err);
  }
  const { onProgress, signal } = opts;
  const lib = native();
  const out: [ProgressPtr | null] = [null];
  if (lib.quiver_progress_new(out) !== 0 || out[0] === null) {
    return Promise.reject(new QuiverError(`${name}: ${lib.quiver_get_last_error() || 'could not create a progress handle'}`, { code: 'QUIVER_ERROR' }));
  }
  const progress = out[0];

  return new Promise<T>((resolve, reject) => {
    const deferred: (() => void)[] = [];
    let closedBy: string | undefined;
    let callbackError: { error: unknown } | undefined;
    let lastDone = -1;
    let lastTotal = -1;
    const done: [number | bigint] = [0];
    const total: [number | bigint] = [0];

    const report = (): void => {
      if (!onProgress || callbackError) return;
      lib.quiver_progress_get(progress, done, total);
      const d = Number(done[0]);
      const t = Number(total[0]);
      if (d === lastDone && t === lastTotal) return;
      lastDone = d;
      lastTotal = t;
      try {
        onProgress(d, t);
      } catch (err) {
        callbackError = { error: err };
        lib.quiver_progress_cancel(progress);
      }
    };
    const onAbort = (): void => {
      lib.quiver_progress_cancel(progress);
    };
    const op: PendingOp = {
      name,
      owner,
      cancel(reason) {
        closedBy ??= reason;
        lib.quiver_progress_cancel(progress);
      },
      after(fn) {
        deferred.push(fn);
      },
    };

    const timer = onProgress ? setInterval(report, PROGRESS_INTERVAL_MS) : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });
    holder.busy = op;
    pinned.add(pin);

    const complete = (err: unknown, rc: number): void => {
      if (timer !== undefined) clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
      let outcome: { ok: true; value: T } | { ok: false; error: unknown };
      if (err !== undefined && err !== null) {
        outcome = { ok: false, error: err instanceof QuiverError ? err : new QuiverError(`${name}: ${String((err as Error)?.message ?? err)}`, { code: 'QUIVER_ERROR', cause: err }) };
      } else if (rc === 0) {
        // Success stands even when an abort came too late to stop it: the work is done.
        report();
        try {
          outcome = { ok: true, value: job.finish() };
        } catch (e) {
          outcome = { ok: false, error: e };
        }
      } else {
        const message: OutBorrowedStr = [null];
        lib.quiver_progress_get_error(progress, message);
        const text = message[0] || `${name}: the native call failed with no message`;
        try {
          job.discard?.();
        } catch {
          // Nothing to report beyond the failure itself.
        }
        if (callbackError) outcome = { ok: false, error: callbackError.error };
        else if (closedBy !== undefined) outcome = { ok: false, error: abortedError(name, `${closedBy} (${text})`) };
        else if (signal?.aborted) outcome = { ok: false, error: abortedError(name, text, signal.reason) };
        else outcome = { ok: false, error: new QuiverError(text, { code: 'QUIVER_ERROR' }) };
      }
      lib.quiver_progress_free(progress);
      holder.busy = null;
      pinned.delete(pin);
      for (const fn of deferred) {
        try {
          fn();
        } catch {
          // Deferred frees never throw on purpose; nothing may stop the others.
        }
      }
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    };

    try {
      job.start(progress, complete);
    } catch (err) {
      if (timer !== undefined) clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
      lib.quiver_progress_free(progress);
      holder.busy = null;
      pinned.delete(pin);
      for (const fn of deferred) fn();
      reject(err);
    }
  });
}

function abortedError(name: string, detail: string, cause?: unknown): QuiverError {
  return new QuiverError(`${name}() was aborted: ${detail}`, { code: 'QUIVER_ABORTED', cause });
}
