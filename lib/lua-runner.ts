// LuaRunner: owns one quiver_lua_runner_t*, created on a Database it keeps alive (spec 40).

import { databaseState, type ChildState, type Database, type DatabaseState } from './database.js';
import { check, QuiverError } from './errors.js';
import { decodeString, native, type OutPtr } from './native.js';
import type { LuaRunnerPtr } from './types.js';
import { requireString } from './values.js';

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
  readonly #defaults: Limits;

  /** `options` are the default limits of every run (each run may override them). */
  constructor(db: Database, options?: LuaRunOptions) {
    const parent = databaseState(db);
    this.#defaults = readLimits(options, NO_LIMITS, 'LuaRunner options');
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
   * Globals persist between runs on the same runner. A script stopped by a limit throws
   * "Failed to run Lua script: time limit of <n> ms exceeded" (or memory limit); the runner stays
   * usable. A transaction or dry run the script began and left open is rolled back, and the run
   * throws saying so.
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
   * Runs a Lua chunk and returns its return value parsed from JSON (undefined when it returns
   * nothing). JSON numbers become JS numbers, so a Lua integer beyond 2^53 comes back rounded:
   * use runRaw() for exact int64 values.
   */
  run(script: string, options?: LuaRunOptions): unknown {
    const json = this.runRaw(script, options);
    return json === '' ? undefined : JSON.parse(json);
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
