// LuaRunner (lib/lua-runner.ts): lifecycle, results, errors and sandbox as seen from TypeScript.

import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseState } from '../lib/database.js';
import { Database, liveAllocations, LogLevel, LuaRunner, QuiverError } from '../lib/index.js';
import { collectUntil, tmpDir, writeFarmSchema } from './helpers.js';

const quiet = { consoleLevel: LogLevel.Off };

function farmDb(): Database {
  const dir = tmpDir();
  return Database.fromSchema(path.join(dir, 'farm.db'), writeFarmSchema(dir), quiet);
}

/** Runs `fn` and returns the QuiverError it throws (fails the test when it throws nothing else). */
function quiverError(fn: () => unknown): QuiverError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(QuiverError);
    return err as QuiverError;
  }
  throw new Error('expected a QuiverError, nothing was thrown');
}

afterAll(() => {
  expect(liveAllocations()).toBe(0);
});

describe('LuaRunner', () => {
  it('is created from a Database (new LuaRunner(db))', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    expect(runner.database).toBe(db);
    expect(runner.closed).toBe(false);
    expect(runner.run('return db:path()')).toBe(db.path());
  });

  it('refuses a closed Database and a non-Database', () => {
    const db = farmDb();
    db.close();
    const err = quiverError(() => new LuaRunner(db));
    expect(err.message).toBe('Cannot create a LuaRunner: Database is closed');
    expect(err.code).toBe('QUIVER_CLOSED');
    expect(quiverError(() => new LuaRunner({} as Database)).code).toBe('QUIVER_INVALID_ARGUMENT');
  });

  it('runs scripts that create, read, update and delete elements', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    const id = runner.run(`return db:create_element('Farm', {label = 'North', area = 12.5, crop = {'corn', 'rye'}})`);
    expect(id).toBe(1);
    expect(runner.run(`return db:read_scalars_by_id('Farm', 1)`)).toEqual({
      id: 1,
      label: 'North',
      area: 12.5,
      hectares: 10,
    });
    runner.run(`db:update_element('Farm', 1, {area = 20.0, owner = 'Ana'})`);
    expect(db.readScalarFloatById('Farm', 'area', 1)).toBe(20);
    expect(db.readScalarStringById('Farm', 'owner', 1)).toBe('Ana');
    expect(runner.run(`return db:read_set_strings('Farm', 'crop')`)).toEqual([['corn', 'rye']]);
    runner.run(`db:delete_element('Farm', 1)`);
    expect(db.readElementIds('Farm')).toEqual([]);
    expect(runner.run(`return db:number_of_elements('Farm')`)).toBe(0);
  });

  it('turns a Lua error into a QuiverError carrying the Lua message with chunk name and line', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    const err = quiverError(() => runner.run('local a = 1\nerror("bad thing happened")'));
    expect(err.code).toBe('QUIVER_ERROR');
    expect(err.message).toMatch(/^Failed to run Lua script: \S+:2: bad thing happened$/);
    expect(runner.lastError()).toBe(err.message);
  });

  it('keeps its Database alive while the runner lives', async () => {
    // Everything that could hold the Database lives in this closure's frame, gone after it returns.
    const make = (): { runner: LuaRunner; ref: WeakRef<Database> } => {
      const db = farmDb();
      return { runner: new LuaRunner(db), ref: new WeakRef(db) };
    };
    const { runner, ref } = make();
    // Would stop early if the Database were collected; it must survive every round.
    const collected = await collectUntil(() => ref.deref() === undefined, 10);
    expect(collected).toBe(false);
    expect(runner.run(`return db:create_element('Farm', {label = 'kept'})`)).toBe(1);
    expect(ref.deref()).toBeDefined();
    expect(ref.deref()!.closed).toBe(false);
    const db = runner.database;
    runner.close();
    db.close();
  });

  it('supports `using` (Symbol.dispose) and an idempotent close()', () => {
    using db = farmDb();
    let outer: LuaRunner;
    {
      using runner = new LuaRunner(db);
      outer = runner;
      expect(runner.run('return 1')).toBe(1);
    }
    expect(outer.closed).toBe(true);
    outer.close();
    outer[Symbol.dispose]();
    expect(outer.closed).toBe(true);
    expect(db.closed).toBe(false); // closing a runner never closes its Database
    expect(db.isHealthy()).toBe(true);
  });

  it('works for many run() calls on one runner, and globals persist between them', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    runner.run('total = 0; function bump(n) total = total + n; return total end');
    for (let i = 1; i <= 500; i++) runner.run(`bump(${i})`);
    expect(runner.run('return total')).toBe((500 * 501) / 2);
    runner.run('local hidden = 5');
    expect(runner.run('return hidden')).toBeNull(); // locals do not outlive their chunk
  });

  it('throws QuiverError("LuaRunner is closed") on run() after close()', () => {
    using db = farmDb();
    const runner = new LuaRunner(db);
    runner.close();
    for (const call of [() => runner.run('return 1'), () => runner.runRaw('return 1'), () => runner.lastError()]) {
      const err = quiverError(call);
      expect(err.message).toBe('LuaRunner is closed');
      expect(err.code).toBe('QUIVER_CLOSED');
    }
  });

  it('throws a clear QuiverError (never a crash) on run() after its Database was closed', () => {
    const db = farmDb();
    const runner = new LuaRunner(db);
    db.close();
    expect(runner.closed).toBe(true);
    const err = quiverError(() => runner.run('return db:is_healthy()'));
    expect(err.message).toBe('LuaRunner is closed: its Database was closed');
    expect(err.code).toBe('QUIVER_CLOSED');
    runner.close(); // still harmless
  });

  it('frees a runner that was never closed once it is garbage-collected', async () => {
    using db = farmDb();
    const children = databaseState(db).children;
    (() => {
      new LuaRunner(db).run('x = 1');
    })();
    expect(children.size).toBe(1);
    // The finalizer frees the native runner, which removes it from its Database's children.
    expect(await collectUntil(() => children.size === 0)).toBe(true);
    expect(db.isHealthy()).toBe(true);
  });
});

describe('LuaRunner results', () => {
  it('runRaw returns the JSON text produced by the library', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    expect(runner.runRaw(`return {b = {1, 2.5, 'x'}, a = true, n = nil}`)).toBe('{"a":true,"b":[1,2.5,"x"]}');
    expect(runner.run(`return {b = {1, 2.5, 'x'}, a = true}`)).toEqual({ a: true, b: [1, 2.5, 'x'] });
  });

  it('returns undefined from run() and "" from runRaw() when the script returns nothing', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    expect(runner.run('local x = 1')).toBeUndefined();
    expect(runner.runRaw('local x = 1')).toBe('');
    expect(runner.run('return')).toBeUndefined();
    expect(runner.run('return nil')).toBeNull();
  });

  it('returns int64 values exactly in runRaw, and safe integers as numbers from run()', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    expect(runner.runRaw('return math.maxinteger')).toBe('9223372036854775807');
    expect(runner.runRaw('return math.mininteger')).toBe('-9223372036854775808');
    expect(runner.runRaw('return 9007199254740993')).toBe('9007199254740993');
    expect(runner.run('return 9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(runner.run('return -42')).toBe(-42);
    // Stored and read back through the database as INTEGER.
    runner.run(`db:create_element('Farm', {label = 'big', hectares = 9007199254740993})`);
    expect(runner.runRaw(`return db:read_scalar_integers('Farm', 'hectares')[1]`)).toBe('9007199254740993');
  });

  it('returns float values in shortest round-trip form', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    expect(runner.run('return 0.1 + 0.2')).toBe(0.1 + 0.2);
    expect(runner.runRaw('return 1e300')).toBe('1e+300');
    expect(runner.runRaw('return 2.0')).toBe('2');
    expect(runner.run('return 7 / 2')).toBe(3.5);
    expect(runner.run('return math.huge')).toBeNull();
  });
});

describe('LuaRunner errors', () => {
  it('reports a syntax error with the Lua message', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    const err = quiverError(() => runner.run('x = = 1'));
    expect(err.message).toMatch(/^Failed to run Lua script: \S+:1: unexpected symbol near '='$/);
  });

  it('reports a runtime error with the Lua message', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    const err = quiverError(() => runner.run('local t = nil\nreturn t.field'));
    expect(err.message).toMatch(/^Failed to run Lua script: \S+:2: attempt to index a nil value \(local 't'\)$/);
  });

  it('reports an error raised by a db call inside the script with the library message', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    runner.run(`db:create_element('Farm', {label = 'dup'})`);
    const err = quiverError(() => runner.run(`db:create_element('Farm', {label = 'dup'})`));
    expect(err.message).toBe('Failed to run Lua script: Failed to execute statement: UNIQUE constraint failed: Farm.label');
    const missing = quiverError(() => runner.run(`return db:read_element_ids('Nope')`));
    expect(missing.message).toMatch(/^Failed to run Lua script: .*Nope/);
  });

  it('reports a JSON encoding failure without the Lua prefix, keeping the side effects', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    const err = quiverError(() => runner.run(`db:create_element('Farm', {label = 'kept'}); return print`));
    expect(err.message).toBe('Cannot run: script returned an unsupported Lua type');
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['kept']);
  });

  it('stays usable after a failed run', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    expect(() => runner.run('before = 1; error("x")')).toThrow(QuiverError);
    expect(runner.run('return before')).toBe(1);
    expect(runner.lastError()).toBe('');
  });

  it('rejects a non-string script before reaching Lua', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    const err = quiverError(() => runner.run(42 as unknown as string));
    expect(err.code).toBe('QUIVER_INVALID_ARGUMENT');
  });
});

describe('LuaRunner sandbox', () => {
  it('opens only base, string, table, math, coroutine and utf8', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    expect(
      runner.run(`return {string = type(string), table = type(table), math = type(math),
        coroutine = type(coroutine), utf8 = type(utf8), print = type(print), load = type(load)}`),
    ).toEqual({
      string: 'table',
      table: 'table',
      math: 'table',
      coroutine: 'table',
      utf8: 'table',
      print: 'function',
      load: 'function',
    });
    expect(runner.run('return {os, io, debug, package, require, dofile, loadfile}')).toEqual([]); // all nil
  });

  it('has no os.execute, io.popen or require of native modules', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    expect(quiverError(() => runner.run(`os.execute('true')`)).message).toMatch(
      /^Failed to run Lua script: \S+:1: attempt to index a nil value \(global 'os'\)$/,
    );
    expect(quiverError(() => runner.run(`io.popen('ls')`)).message).toMatch(/attempt to index a nil value \(global 'io'\)/);
    expect(quiverError(() => runner.run(`require('socket.core')`)).message).toMatch(
      /attempt to call a nil value \(global 'require'\)/,
    );
    expect(quiverError(() => runner.run(`package.loadlib('libc.so.6', 'system')`)).message).toMatch(
      /attempt to index a nil value \(global 'package'\)/,
    );
  });

  it('keeps load() to text chunks (no precompiled bytecode)', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    expect(runner.run(`return load('return 4')()`)).toBe(4);
    // string.dump gives bytecode; loading it must fail (binary chunks are refused).
    const result = runner.run(`local f, msg = load(string.dump(function() return 1 end)); return {f == nil, msg}`) as [
      boolean,
      string,
    ];
    expect(result[0]).toBe(true);
    expect(result[1]).toMatch(/binary/);
  });
});
