// LuaRunner (lib/lua-runner.ts): lifecycle, results, errors and sandbox as seen from TypeScript.

import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseState } from '../lib/database.js';
import { Database, liveAllocations, LogLevel, LuaRunner, QuiverError, type LuaRunOptions } from '../lib/index.js';
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

describe('LuaRunner limits (timeoutMs, memoryLimitBytes)', () => {
  it('stops a runaway loop at the time limit and stays usable', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    const err = quiverError(() => runner.run('while true do end', { timeoutMs: 50 }));
    expect(err.code).toBe('QUIVER_ERROR');
    expect(err.message).toBe('Failed to run Lua script: time limit of 50 ms exceeded');
    expect(runner.run('return 1 + 1')).toBe(2);
    expect(runner.run('return db:number_of_elements("Farm")', { timeoutMs: 1000 })).toBe(0);
  });

  it('cannot be caught by pcall, xpcall or a coroutine', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    for (const script of [
      'while true do pcall(function() while true do end end) end',
      'while true do xpcall(function() while true do end end, function(e) return e end) end',
      'while true do coroutine.resume(coroutine.create(function() while true do end end)) end',
    ]) {
      expect(quiverError(() => runner.run(script, { timeoutMs: 30 })).message).toBe('Failed to run Lua script: time limit of 30 ms exceeded');
    }
  });

  it('also stops coroutines created by an earlier run without limits', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    runner.run('spin = coroutine.wrap(function() while true do end end)');
    runner.run('co = coroutine.create(function() while true do end end)');
    expect(quiverError(() => runner.run('spin()', { timeoutMs: 30 })).message).toBe('Failed to run Lua script: time limit of 30 ms exceeded');
    expect(quiverError(() => runner.run('coroutine.resume(co) while true do end', { timeoutMs: 30 })).message).toBe(
      'Failed to run Lua script: time limit of 30 ms exceeded',
    );
    // Wrapped create/wrap behave as before.
    expect(runner.run('local c = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end) return {c(1), c(5)}')).toEqual([2, 10]);
    expect(runner.run('local c = coroutine.create(function() error("x") end) local ok, e = coroutine.resume(c) return {ok, coroutine.status(c)}')).toEqual([
      false,
      'dead',
    ]);
  });

  it('stops SQL that runs too long (a recursive query with no end)', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    const sql = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';
    expect(quiverError(() => runner.run(`return db:query_integer('${sql}')`, { timeoutMs: 50 })).message).toBe(
      'Failed to run Lua script: time limit of 50 ms exceeded',
    );
    expect(runner.run(`return db:query_integer('SELECT 7')`)).toBe(7);
  });

  it('stops a script that allocates past the memory limit and stays usable', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    const grow = 'local t = {} for i = 1, 1e9 do t[i] = string.rep("x", 64) .. i end';
    expect(quiverError(() => runner.run(grow, { memoryLimitBytes: 4_000_000 })).message).toBe(
      'Failed to run Lua script: memory limit of 4000000 bytes exceeded',
    );
    // Caught by pcall, the limit still ends the script.
    expect(quiverError(() => runner.run(`local ok = pcall(function() ${grow} end) while true do end`, { memoryLimitBytes: 4_000_000 })).message).toBe(
      'Failed to run Lua script: memory limit of 4000000 bytes exceeded',
    );
    expect(runner.run('return #string.rep("y", 1000)', { memoryLimitBytes: 4_000_000 })).toBe(1000);
    expect(runner.run('return #string.rep("y", 10000000)')).toBe(10_000_000); // no limit on this run
  });

  it('takes default limits from the constructor; run() options override them', () => {
    using db = farmDb();
    using runner = new LuaRunner(db, { timeoutMs: 40, memoryLimitBytes: 8_000_000 });
    expect(quiverError(() => runner.run('while true do end')).message).toBe('Failed to run Lua script: time limit of 40 ms exceeded');
    expect(quiverError(() => runner.runRaw('while true do end', { timeoutMs: 60 })).message).toBe(
      'Failed to run Lua script: time limit of 60 ms exceeded',
    );
    expect(quiverError(() => runner.run('local s = string.rep("x", 20000000)')).message).toBe(
      'Failed to run Lua script: memory limit of 8000000 bytes exceeded',
    );
    expect(runner.run('return #string.rep("x", 20000000)', { memoryLimitBytes: 0 })).toBe(20_000_000);
  });

  it('rejects limits that are not whole numbers >= 0', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    for (const bad of [{ timeoutMs: -1 }, { timeoutMs: 1.5 }, { memoryLimitBytes: '10' }, { timeoutMs: Infinity }]) {
      expect(quiverError(() => runner.run('return 1', bad as LuaRunOptions)).code).toBe('QUIVER_INVALID_ARGUMENT');
    }
    expect(quiverError(() => new LuaRunner(db, { timeoutMs: -5 })).code).toBe('QUIVER_INVALID_ARGUMENT');
    expect(quiverError(() => runner.run('return 1', null as unknown as LuaRunOptions)).code).toBe('QUIVER_INVALID_ARGUMENT');
  });

  it('leaves the database consistent when a limit stops a script in the middle of writing', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    const inTransaction = `db:transaction(function(d)
      for i = 1, 1e9 do d:create_element('Farm', {label = 'F' .. i, area = i * 1.0}) end
    end)`;
    expect(quiverError(() => runner.run(inTransaction, { timeoutMs: 100 })).message).toBe('Failed to run Lua script: time limit of 100 ms exceeded');
    expect(db.numberOfElements('Farm')).toBe(0);
    expect(db.inTransaction()).toBe(false);
    // Memory: each element read back into Lua grows the heap until a db call's result no longer fits.
    runner.run(`for i = 1, 300 do db:create_element('Farm', {label = 'G' .. i, owner = string.rep('o', 1000)}) end`);
    const reads = `db:begin_transaction()
      keep = {}
      for i = 1, 1e9 do
        db:update_element('Farm', 1, {area = i * 1.0})
        keep[i] = db:read_scalar_strings('Farm', 'owner')
      end`;
    expect(quiverError(() => runner.run(reads, { memoryLimitBytes: 3_000_000 })).message).toBe(
      'Failed to run Lua script: memory limit of 3000000 bytes exceeded; the script ended with its transaction still open: it was rolled back',
    );
    expect(db.readScalarFloatById('Farm', 'area', 1)).toBeNull();
    expect(db.queryString('PRAGMA integrity_check')).toBe('ok');
    runner.run('keep = nil');
    expect(runner.run('return db:number_of_elements("Farm")', { memoryLimitBytes: 3_000_000 })).toBe(300);
  });
});

describe('LuaRunner: what a script leaves open', () => {
  it('rolls back a transaction the script began and did not finish, and says so', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    expect(quiverError(() => runner.run(`db:begin_transaction(); db:create_element('Farm', {label = 'lost'})`)).message).toBe(
      'Failed to run Lua script: the script ended with its transaction still open: it was rolled back',
    );
    expect(db.inTransaction()).toBe(false);
    expect(db.numberOfElements('Farm')).toBe(0);
    // Also when the script fails after beginning it, and when it began it with raw SQL.
    expect(quiverError(() => runner.run(`db:begin_transaction(); db:create_element('Farm', {label = 'x'}); error('boom')`)).message).toMatch(
      /^Failed to run Lua script: \S+:1: boom; the script ended with its transaction still open: it was rolled back$/,
    );
    expect(quiverError(() => runner.run(`db:query_string('BEGIN'); db:create_element('Farm', {label = 'y'})`)).message).toBe(
      'Failed to run Lua script: the script ended with its transaction still open: it was rolled back',
    );
    expect(db.numberOfElements('Farm')).toBe(0);
    expect(db.inTransaction()).toBe(false);
  });

  it('leaves alone a transaction its caller opened before run()', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    db.beginTransaction();
    expect(runner.run(`return db:create_element('Farm', {label = 'mine'})`)).toBe(1);
    expect(db.inTransaction()).toBe(true);
    db.commit();
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['mine']);
    // A transaction the script finished is no concern either.
    runner.run(`db:begin_transaction(); db:create_element('Farm', {label = 'two'}); db:commit()`);
    expect(db.numberOfElements('Farm')).toBe(2);
  });

  it('ends a dry run the script began and did not end, discarding its writes', () => {
    using db = farmDb();
    using runner = new LuaRunner(db);
    expect(quiverError(() => runner.run(`db:begin_dry_run(); db:create_element('Farm', {label = 'ghost'})`)).message).toBe(
      'Failed to run Lua script: the script ended with its dry run still active: it was ended and its writes discarded',
    );
    expect(db.inDryRun()).toBe(false);
    expect(db.inTransaction()).toBe(false);
    expect(db.numberOfElements('Farm')).toBe(0);
  });
});

describe('LuaRunner sandbox: SQL and paths', () => {
  function fileDb(): { db: Database; dir: string } {
    const dir = path.join(tmpDir(), 'work');
    mkdirSync(dir);
    return { db: Database.fromSchema(path.join(dir, 'farm.db'), writeFarmSchema(tmpDir()), quiet), dir };
  }

  it('refuses ATTACH, DETACH, VACUUM INTO, load_extension() and the directory pragmas', () => {
    const { db, dir } = fileDb();
    using _db = db;
    using runner = new LuaRunner(db);
    const outside = path.join(tmpDir(), 'escape.db');
    const refused = (sql: string, what: string): void => {
      const err = quiverError(() => runner.run(`return db:query_string([[${sql}]])`));
      expect(err.message).toContain(`Cannot query_string: ${what} is not allowed in Lua scripts`);
    };
    refused(`ATTACH DATABASE '${outside}' AS e`, 'ATTACH (or VACUUM INTO)');
    refused(`ATTACH DATABASE 'file:${outside}?mode=rwc' AS e`, 'ATTACH (or VACUUM INTO)');
    refused(`VACUUM INTO '${outside}'`, 'ATTACH (or VACUUM INTO)');
    refused(`VACUUM main INTO '${path.join(dir, 'copy.db')}'`, 'ATTACH (or VACUUM INTO)');
    refused('DETACH DATABASE temp', 'DETACH');
    refused(`SELECT load_extension('/usr/lib/x.so')`, 'load_extension()');
    refused(`PRAGMA temp_store_directory = '/tmp'`, 'PRAGMA temp_store_directory');
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(path.join(dir, 'copy.db'))).toBe(false);
    // A plain VACUUM (no target) and ordinary SQL still work, and the TypeScript side is not restricted.
    expect(runner.run(`db:query_string('VACUUM'); return db:query_integer('SELECT count(*) FROM Farm')`)).toBe(0);
    db.queryString(`ATTACH DATABASE '${outside}' AS e`);
    db.queryString('DETACH DATABASE e');
    expect(existsSync(outside)).toBe(true);
  });

  it('resolves symbolic links before checking that a path stays in the database folder', () => {
    const { db, dir } = fileDb();
    using _db = db;
    using runner = new LuaRunner(db);
    runner.run(`db:create_element('Farm', {label = 'F1'})`);
    const outsideDir = tmpDir();
    const outsideFile = path.join(outsideDir, 'target.csv');
    // A link to a file that does not exist yet: writing through it would create the file outside.
    symlinkSync(outsideFile, path.join(dir, 'dangling.csv'));
    symlinkSync(outsideDir, path.join(dir, 'linkdir'));
    writeFileSync(path.join(outsideDir, 'existing.csv'), 'sep=,\nlabel\nX\n');
    symlinkSync(path.join(outsideDir, 'existing.csv'), path.join(dir, 'existing.csv'));
    for (const [call, p] of [
      ['export_csv', 'dangling.csv'],
      ['export_csv', 'linkdir/out.csv'],
      ['export_csv', 'linkdir/new/deeper.csv'],
      ['export_csv', 'existing.csv'],
      ['import_csv', 'existing.csv'],
      ['export_csv', 'missing/../../x.csv'],
    ] as const) {
      const err = quiverError(() => runner.run(`db:${call}('Farm', '', '${p}')`));
      expect(err.message).toMatch(new RegExp(`^Failed to run Lua script: Cannot ${call}: path '${p.replace(/\./g, '\\.')}' (escapes the database directory|cannot be resolved)`));
    }
    expect(readdirSync(outsideDir).sort()).toEqual(['existing.csv']);
    expect(readFileSync(path.join(outsideDir, 'existing.csv'), 'utf8')).toBe('sep=,\nlabel\nX\n');
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['F1']);
    // Links that stay inside the folder are fine.
    mkdirSync(path.join(dir, 'real'));
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'inside'));
    runner.run(`db:export_csv('Farm', '', 'inside/out.csv')`);
    expect(readFileSync(path.join(dir, 'real', 'out.csv'), 'utf8')).toContain('F1');
  });
});

describe('LuaRunner closed from an option getter', () => {
  it('throws QUIVER_CLOSED when the runner or its Database is closed while the options are read', () => {
    const db = farmDb();
    const runner = new LuaRunner(db);
    const closingRunner = { get timeoutMs() { runner.close(); return 100; } };
    expect(quiverError(() => runner.run('return 1', closingRunner)).code).toBe('QUIVER_CLOSED');
    const runner2 = new LuaRunner(db);
    const closingDb = { get memoryLimitBytes() { db.close(); return 1_000_000; } };
    const err = quiverError(() => runner2.runRaw('return 1', closingDb));
    expect(err.code).toBe('QUIVER_CLOSED');
    expect(err.message).toBe('LuaRunner is closed: its Database was closed');
    const db2 = farmDb();
    const closingCtor = { get timeoutMs() { db2.close(); return 10; } };
    expect(quiverError(() => new LuaRunner(db2, closingCtor)).code).toBe('QUIVER_CLOSED');
  });
});
