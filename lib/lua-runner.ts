// LuaRunner: owns one quiver_lua_runner_t*, created on a Database it keeps alive.

import { databaseState, type ChildState, type Database, type DatabaseState } from './database.js';
import { check } from './check.js';
import { QuiverError } from './errors.js';
import { assertIdle, runAsync, type AsyncOptions } from './async-progress.js';
import { callAsync, decodeString, native, type OutPtr } from './native.js';
import type { LuaRunnerPtr } from './types.js';
import { requireString } from './values.js';

/** Options of {@link LuaRunner.runAsync} and {@link LuaRunner.runRawAsync}: the run's limits, plus onProgress and signal. */
export interface LuaRunAsyncOptions extends LuaRunOptions, AsyncOptions {}

/** Limits of a run; 0 or absent means none. */
export interface LuaRunOptions {
  /** Stops the script (Lua code and the SQL it runs) after this many milliseconds. */
  timeoutMs?: number;
  /** Caps the runner's Lua heap, in bytes (globals kept from earlier runs count). */
  memoryLimitBytes?: number;
}

interface Limits {
  timeoutMs: number;
  memoryLimitBytes: number;
}

const NO_LIMITS: Limits = { timeoutMs: 0, memoryLimitBytes: 0 };

/** Reads each option once (before any handle is taken) and checks it; `base` fills what is absent. */
function readLimits(options: LuaRunOptions | undefined, base: Limits, what: string): Limits {
  if (options === undefined) return base;
  if (options === null || typeof options !== 'object') {
    throw new QuiverError(`${what} must be an object`, { code: 'QUIVER_INVALID_ARGUMENT' });
  }
  const timeoutMs = options.timeoutMs;
  const memoryLimitBytes = options.memoryLimitBytes;
  return {
    timeoutMs: timeoutMs === undefined ? base.timeoutMs : limitValue(timeoutMs, 'timeoutMs'),
    memoryLimitBytes: memoryLimitBytes === undefined ? base.memoryLimitBytes : limitValue(memoryLimitBytes, 'memoryLimitBytes'),
  };
}

function limitValue(value: unknown, name: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new QuiverError(`${name} must be a whole number >= 0 (0: no limit), got ${typeof value === 'number' ? value : typeof value}`, {
    code: 'QUIVER_INVALID_ARGUMENT',
  });
}

interface RunnerState extends ChildState {
  ptr: LuaRunnerPtr | null;
  readonly parent: DatabaseState;
}

function makeState(ptr: LuaRunnerPtr, parent: DatabaseState): RunnerState {
  const state: RunnerState = {
    ptr,
    parent,
    release() {
      const p = state.ptr;
      if (p === null) return;
      state.ptr = null;
      parent.children.delete(state);
      // A pool thread may be running this runner's script (or using the Database): free afterwards.
      const op = parent.busy;
      if (op === null) {
        native().quiver_lua_runner_free(p);
        return;
      }
      op.after(() => native().quiver_lua_runner_free(p));
      if (op.owner === state) op.cancel('the LuaRunner was closed');
    },
  };
  return state;
}

const registry = new FinalizationRegistry<RunnerState>((state) => {
  try {
    state.release();
  } catch {
    // Never throw from a finalizer (it would end the process).
  }
});

/**
 * Runs Lua 5.4 scripts inside the process against one {@link Database}, exposed to the script as
 * the global `db` (methods named as in the C API: `db:create_element`, `db:read_scalar_integers`, …).
 * Globals persist between runs on the same runner. Scripts are sandboxed: no `os`, `io`, `debug`
 * or `package` library, no `dofile`/`loadfile`, and the files `db:export_csv`/`db:import_csv` touch
 * must lie inside the database's folder.
 *
 * The runner keeps its Database alive; closing the Database closes its runners. Every method throws
 * {@link QuiverError} (`QUIVER_CLOSED` once closed).
 *
 * @example
 * ```ts
 * using lua = new LuaRunner(db);
 * lua.run('db:create_element("Bus", { label = "North" })');
 * lua.run('return db:read_scalar_strings("Bus", "label")'); // ['North']
 * ```
 */
export class LuaRunner implements Disposable {
  readonly #state: RunnerState;
  // Strong reference: the Database must outlive every runner created on it.
  readonly #db: Database;
  readonly #defaults: Limits;

  /**
   * Creates a runner on an open database.
   *
   * @param db the database the script sees as `db`
   * @param options default limits of every run (each run may override them)
   * @throws {@link QuiverError} `QUIVER_CLOSED` when `db` is closed, `QUIVER_INVALID_ARGUMENT` when it
   * is not a Database or a limit is not a whole number >= 0.
   */
  constructor(db: Database, options?: LuaRunOptions) {
    const parent = databaseState(db);
    this.#defaults = readLimits(options, NO_LIMITS, 'LuaRunner options');
    if (parent.ptr === null) throw new QuiverError('Cannot create a LuaRunner: Database is closed', { code: 'QUIVER_CLOSED' });
    assertIdle(parent);
    const out: [LuaRunnerPtr | null] = [null];
    check(native().quiver_lua_runner_new(parent.ptr, out));
    this.#db = db;
    this.#state = makeState(out[0]!, parent);
    parent.children.add(this.#state);
    registry.register(this, this.#state, this);
  }

  /**
   * The Database this runner works on.
   *
   * @returns the database given to the constructor
   */
  get database(): Database {
    return this.#db;
  }

  /**
   * Whether the runner was closed (directly, or by closing its Database).
   *
   * @returns `true` once closed
   */
  get closed(): boolean {
    return this.#state.ptr === null || this.#state.parent.ptr === null;
  }

  #h(): LuaRunnerPtr {
    const ptr = this.#state.ptr;
    if (ptr !== null && this.#state.parent.ptr !== null) {
      assertIdle(this.#state.parent);
      return ptr;
    }
    if (this.#state.parent.ptr === null) {
      throw new QuiverError('LuaRunner is closed: its Database was closed', { code: 'QUIVER_CLOSED' });
    }
    throw new QuiverError('LuaRunner is closed', { code: 'QUIVER_CLOSED' });
  }

  /**
   * Runs a Lua chunk and returns its first return value as JSON text. Integers stay exact, floats use
   * the shortest form that reads back the same, tables become arrays (sequences) or objects (sorted
   * keys), NaN and infinities become `null`. A script stopped by a limit throws `Failed to run Lua
   * script: time limit of <n> ms exceeded` (or `memory limit of <n> bytes exceeded`); the runner
   * stays usable. A transaction or dry run the script began and left open is rolled back, and the
   * run throws saying so.
   *
   * @param script Lua source
   * @param options limits of this run (`timeoutMs`, `memoryLimitBytes`), over the runner's defaults
   * @returns the JSON text; `''` when the chunk returns nothing
   * @throws {@link QuiverError} with the Lua message (chunk name and line) for a syntax or runtime
   * error, or with the library's message for a `db:` call that failed; also when the result cannot be
   * encoded (a function, invalid UTF-8, nesting too deep, more than 64 MiB).
   */
  runRaw(script: string, options?: LuaRunOptions): string {
    requireString(script, 'script');
    const limits = readLimits(options, this.#defaults, 'run options');
    const h = this.#h();
    const lib = native();
    const out: OutPtr = [null];
    check(lib.quiver_lua_runner_run_with_limits(h, script, limits.timeoutMs, limits.memoryLimitBytes, out));
    try {
      return decodeString(out[0]) ?? '';
    } finally {
      lib.quiver_lua_runner_free_string(out[0]);
    }
  }

  /**
   * Runs a Lua chunk and returns its first return value parsed from JSON. Lua integers beyond 2^53
   * come back rounded (JSON numbers are JS numbers): use {@link LuaRunner.runRaw} for exact int64.
   *
   * @typeParam T the type the caller expects the result to have (not checked at run time)
   * @param script Lua source
   * @param options limits of this run (`timeoutMs`, `memoryLimitBytes`), over the runner's defaults
   * @returns the value (`undefined` when the chunk returns nothing, `null` for `nil`)
   * @throws {@link QuiverError} as {@link LuaRunner.runRaw}.
   */
  run<T = unknown>(script: string, options?: LuaRunOptions): T {
    const json = this.runRaw(script, options);
    return json === '' ? (undefined as T) : (JSON.parse(json) as T);
  }

  /**
   * {@link LuaRunner.runRaw} on a worker thread: the event loop stays free while the script runs.
   * `onProgress(done, total)` reports what the script itself reports with `quiver.progress(done,
   * total)` (and `(1, 1)`-style completion: done is raised to total on success). Aborting stops the
   * script at its next instruction batch (or SQL step batch), like a time limit: the run rejects
   * with `QUIVER_ABORTED`, a transaction or dry run the script left open is rolled back, and the
   * runner stays usable. Writes the script had already committed itself stay (a script that does
   * its work inside `db:begin_transaction()` … `db:commit()` changes nothing when aborted before
   * the commit). While it runs, every other call on the runner's Database (and its runners) throws
   * `QUIVER_BUSY`.
   *
   * @param script Lua source
   * @param options limits (`timeoutMs`, `memoryLimitBytes`), `onProgress` and `signal`
   * @returns the JSON text; `''` when the chunk returns nothing
   * @throws (as a rejection) {@link QuiverError} as {@link LuaRunner.runRaw}; `QUIVER_ABORTED`;
   * `QUIVER_BUSY`.
   */
  runRawAsync(script: string, options?: LuaRunAsyncOptions): Promise<string> {
    const parent = this.#state.parent;
    const state = this.#state;
    return runAsync(parent, this, 'runAsync', options, () => {
      requireString(script, 'script');
      const limits = readLimits(options, this.#defaults, 'run options');
      const h = this.#h();
      const out: OutPtr = [null];
      return {
        start: (progress, done) =>
          callAsync('quiver_lua_runner_run_with_progress', [h, script, limits.timeoutMs, limits.memoryLimitBytes, progress, out], done),
        finish: () => {
          try {
            return decodeString(out[0]) ?? '';
          } finally {
            native().quiver_lua_runner_free_string(out[0]);
          }
        },
        discard: () => native().quiver_lua_runner_free_string(out[0]),
      };
    }, state);
  }

  /**
   * {@link LuaRunner.run} on a worker thread: as {@link LuaRunner.runRawAsync}, with the result
   * parsed from JSON.
   *
   * @typeParam T the type the caller expects the result to have (not checked at run time)
   * @param script Lua source
   * @param options limits (`timeoutMs`, `memoryLimitBytes`), `onProgress` and `signal`
   * @returns the value (`undefined` when the chunk returns nothing, `null` for `nil`)
   * @throws (as a rejection) {@link QuiverError} as {@link LuaRunner.runRawAsync}.
   */
  async runAsync<T = unknown>(script: string, options?: LuaRunAsyncOptions): Promise<T> {
    const json = await this.runRawAsync(script, options);
    return json === '' ? (undefined as T) : (JSON.parse(json) as T);
  }

  /**
   * The error message of this runner's latest run.
   *
   * @returns the message; `''` when the latest run succeeded or there was none
   * @throws {@link QuiverError} `QUIVER_CLOSED` once closed.
   */
  lastError(): string {
    const out: [string | null] = [null];
    check(native().quiver_lua_runner_get_error(this.#h(), out));
    return out[0] ?? '';
  }

  /** Frees the runner; its Database stays open. Idempotent, and never throws. */
  close(): void {
    registry.unregister(this);
    this.#state.release();
  }

  /** Same as {@link LuaRunner.close}, for `using` declarations. Never throws. */
  [Symbol.dispose](): void {
    this.close();
  }
}
