// LuaRunner: owns one quiver_lua_runner_t*, created on a Database it keeps alive (spec 40).

import { databaseState, type ChildState, type Database, type DatabaseState } from './database.js';
import { check, QuiverError } from './errors.js';
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

export class LuaRunner implements Disposable {
  readonly #state: RunnerState;
  // Strong reference: the Database must outlive every runner created on it.
  readonly #db: Database;

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

  /** The Database this runner works on. */
  get database(): Database {
    return this.#db;
  }

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
   * Runs a Lua chunk and returns its return value as JSON text ('' when it returns nothing).
   * Globals persist between runs on the same runner.
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
   * Runs a Lua chunk and returns its return value parsed from JSON (undefined when it returns
   * nothing). JSON numbers become JS numbers, so a Lua integer beyond 2^53 comes back rounded:
   * use runRaw() for exact int64 values. `T` names the result's type (not checked at run time).
   */
  run<T = unknown>(script: string): T {
    const json = this.runRaw(script);
    return json === '' ? (undefined as T) : (JSON.parse(json) as T);
  }

  /** The last Lua error message of this runner ('' when none). */
  lastError(): string {
    const out: [string | null] = [null];
    check(native().quiver_lua_runner_get_error(this.#h(), out));
    return out[0] ?? '';
  }

  /** Frees the runner. Idempotent; the Database stays open. */
  close(): void {
    registry.unregister(this);
    this.#state.release();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
