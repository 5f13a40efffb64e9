// LuaRunner: owns one quiver_lua_runner_t*, created on a Database it keeps alive.

import { databaseState, type ChildState, type Database, type DatabaseState } from './database.js';
import { check } from './check.js';
import { QuiverError } from './errors.js';
import { decodeString, native, type OutPtr } from './native.js';
import type { LuaRunnerPtr } from './types.js';
import { requireString } from './values.js';

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
      native().quiver_lua_runner_free(p);
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

  /**
   * Creates a runner on an open database.
   *
   * @param db the database the script sees as `db`
   * @throws {@link QuiverError} `QUIVER_CLOSED` when `db` is closed, `QUIVER_INVALID_ARGUMENT` when it
   * is not a Database.
   */
  constructor(db: Database) {
    const parent = databaseState(db);
    if (parent.ptr === null) throw new QuiverError('Cannot create a LuaRunner: Database is closed', { code: 'QUIVER_CLOSED' });
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
    return this.#state.ptr === null;
  }

  #h(): LuaRunnerPtr {
    const ptr = this.#state.ptr;
    if (ptr !== null) return ptr;
    if (this.#state.parent.ptr === null) {
      throw new QuiverError('LuaRunner is closed: its Database was closed', { code: 'QUIVER_CLOSED' });
    }
    throw new QuiverError('LuaRunner is closed', { code: 'QUIVER_CLOSED' });
  }

  /**
   * Runs a Lua chunk and returns its first return value as JSON text. Integers stay exact, floats use
   * the shortest form that reads back the same, tables become arrays (sequences) or objects (sorted
   * keys), NaN and infinities become `null`.
   *
   * @param script Lua source
   * @returns the JSON text; `''` when the chunk returns nothing
   * @throws {@link QuiverError} with the Lua message (chunk name and line) for a syntax or runtime
   * error, or with the library's message for a `db:` call that failed; also when the result cannot be
   * encoded (a function, invalid UTF-8, nesting too deep, more than 64 MiB).
   */
  runRaw(script: string): string {
    requireString(script, 'script');
    const h = this.#h();
    const lib = native();
    const out: OutPtr = [null];
    check(lib.quiver_lua_runner_run(h, script, out));
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
   * @returns the value (`undefined` when the chunk returns nothing, `null` for `nil`)
   * @throws {@link QuiverError} as {@link LuaRunner.runRaw}.
   */
  run<T = unknown>(script: string): T {
    const json = this.runRaw(script);
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
