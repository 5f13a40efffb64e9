// LuaRunner.runAsync / runRawAsync: results as run(), progress from quiver.progress, abort of a
// running script (its transaction rolled back, the runner usable), errors, limits, the busy guard,
// close() of the runner or its Database during a run, and C-stack-hungry scripts on the pool thread.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database, LogLevel, LuaRunner, QuiverError } from '../lib/index.js';
import { FARM_SCHEMA, databaseFixture, expectCode, tmpDir, writeSchema } from './helpers.js';

const fresh = databaseFixture(FARM_SCHEMA).open;

async function rejection(p: Promise<unknown>): Promise<QuiverError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(QuiverError);
    return err as QuiverError;
  }
  throw new Error('expected the Promise to reject');
}

// Loops until stopped, reporting its progress; writes first inside its own transaction.
const ENDLESS = `
  db:begin_transaction()
  db:create_element('Farm', { label = 'Lost' })
  local i = 0
  while true do
    i = i + 1
    if i % 1000 == 0 then quiver.progress(i, 0) end
  end`;

describe('LuaRunner.runAsync', () => {
  it('returns what run() returns, off the main thread', async () => {
    const db = fresh();
    using lua = new LuaRunner(db);
    const pending = lua.runAsync<number[]>('db:create_element("Farm", { label = "A" }) return { 1, 2.5, db:read_element_ids("Farm")[1] }');
    expect(db.busy).toBe('runAsync');
    expect(await pending).toEqual([1, 2.5, 1]);
    expect(await lua.runAsync('x = 41')).toBeUndefined();
    expect(await lua.runAsync('return x + 1')).toBe(42); // globals persist, as with run()
    expect(await lua.runRawAsync('return { b = 1, a = "z" }')).toBe('{"a":"z","b":1}');
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['A']);
  });

  it('reports the progress the script gives with quiver.progress, ending at total', async () => {
    const db = fresh();
    using lua = new LuaRunner(db);
    const calls: [number, number][] = [];
    const script = `
      local n = 200
      for i = 1, n do
        db:begin_transaction() db:create_element('Farm', { label = 'F' .. i }) db:commit()
        quiver.progress(i, n)
      end
      return n`;
    expect(await lua.runAsync(script, { onProgress: (d, t) => calls.push([d, t]) })).toBe(200);
    expect(calls.at(-1)).toEqual([200, 200]);
    // Without a follower, quiver.progress does nothing.
    expect(lua.run('quiver.progress(1, 2) return 1')).toBe(1);
    const bad = await rejection(lua.runAsync('quiver.progress(-1, 2)'));
    expect(bad.message).toMatch(/^Failed to run Lua script: script:1: bad argument #1 to 'progress'/);
  });

  it('an abort stops a running script: its transaction is rolled back and the runner stays usable', async () => {
    const db = fresh();
    db.createElement('Farm', { label: 'Kept' });
    using lua = new LuaRunner(db);
    const controller = new AbortController();
    const err = await rejection(
      lua.runAsync(ENDLESS, {
        signal: controller.signal,
        onProgress: (done) => {
          if (done > 0) controller.abort();
        },
      }),
    );
    expect(err.code).toBe('QUIVER_ABORTED');
    expect(err.message).toBe(
      'runAsync() was aborted: Failed to run Lua script: cancelled; the script ended with its transaction still open: it was rolled back',
    );
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['Kept']);
    expect(db.inTransaction()).toBe(false);
    expect(lua.lastError()).toBe('Failed to run Lua script: cancelled; the script ended with its transaction still open: it was rolled back');
    expect(await lua.runAsync('return 7')).toBe(7);
    expect(lua.run('return 8')).toBe(8);
    const early = await rejection(lua.runAsync('return 1', { signal: AbortSignal.abort() }));
    expect(early.code).toBe('QUIVER_ABORTED');
  }, 60_000);

  it('a script cannot swallow the abort with pcall', async () => {
    const db = fresh();
    using lua = new LuaRunner(db);
    const controller = new AbortController();
    const script = 'while true do pcall(function() local i = 0 while true do i = i + 1 if i % 1000 == 0 then quiver.progress(i, 0) end end end) end';
    const err = await rejection(lua.runAsync(script, { signal: controller.signal, onProgress: () => controller.abort() }));
    expect(err.code).toBe('QUIVER_ABORTED');
  }, 60_000);

  it('stops long SQL run by the script too', async () => {
    const db = fresh();
    using lua = new LuaRunner(db);
    const controller = new AbortController();
    const script = `
      quiver.progress(1, 0)
      return db:query_integer('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c')`;
    const err = await rejection(lua.runAsync(script, { signal: controller.signal, onProgress: () => controller.abort() }));
    expect(err.code).toBe('QUIVER_ABORTED');
    expect(err.message).toMatch(/^runAsync\(\) was aborted: Failed to run Lua script: cancelled/);
  }, 60_000);

  it('rejects with the Lua message, and keeps the limits of run()', async () => {
    const db = fresh();
    using lua = new LuaRunner(db);
    const err = await rejection(lua.runAsync('error("boom")'));
    expect(err.code).toBe('QUIVER_ERROR');
    expect(err.message).toBe(expectCode(() => lua.run('error("boom")'), 'QUIVER_ERROR').message);
    expect(lua.lastError()).toBe(err.message);
    const slow = await rejection(lua.runAsync('while true do end', { timeoutMs: 50 }));
    expect(slow.message).toBe('Failed to run Lua script: time limit of 50 ms exceeded');
    expect((await rejection(lua.runAsync(5 as unknown as string))).code).toBe('QUIVER_INVALID_ARGUMENT');
    expect((await rejection(lua.runAsync('return 1', { timeoutMs: -1 }))).code).toBe('QUIVER_INVALID_ARGUMENT');
  });

  it('runs scripts that need a deep C stack on the worker thread', async () => {
    const db = fresh();
    using lua = new LuaRunner(db);
    // Each pcall level nests C frames of the Lua VM; 180 levels stay under Lua's own C-call limit.
    const script = 'local function f(n) if n == 0 then return 0 end local ok, v = pcall(f, n - 1) return v + 1 end return f(180)';
    expect(lua.run(script)).toBe(180);
    expect(await lua.runAsync(script)).toBe(180);
    const sorted = 'local t = {} for i = 1, 2000 do t[i] = (i * 7919) % 2003 end table.sort(t, function(a, b) return a < b end) return t[1]';
    expect(await lua.runAsync(sorted)).toBe(lua.run(sorted));
  });
});

describe('runAsync and the rest of the Database', () => {
  it('other calls on the Database and its runners throw QUIVER_BUSY during a run', async () => {
    const db = fresh();
    using lua = new LuaRunner(db);
    using other = new LuaRunner(db);
    const controller = new AbortController();
    let checked = false;
    const pending = lua.runAsync(ENDLESS, {
      signal: controller.signal,
      onProgress: () => {
        if (checked) return;
        checked = true;
        expectCode(() => db.readScalarStrings('Farm', 'label'), 'QUIVER_BUSY');
        expectCode(() => other.run('return 1'), 'QUIVER_BUSY');
        expectCode(() => lua.run('return 1'), 'QUIVER_BUSY');
        controller.abort();
      },
    });
    expect((await rejection(other.runAsync('return 1'))).code).toBe('QUIVER_BUSY');
    expect((await rejection(db.importCsvAsync('Farm', '', 'x.csv'))).code).toBe('QUIVER_BUSY');
    expect((await rejection(pending)).code).toBe('QUIVER_ABORTED');
    expect(checked).toBe(true);
    expect(other.run('return 2')).toBe(2);
  }, 60_000);

  it('closing the runner during its run aborts it; the runner is freed once the script stopped', async () => {
    const db = fresh();
    const lua = new LuaRunner(db);
    const pending = lua.runAsync(ENDLESS);
    lua.close();
    expect(lua.closed).toBe(true);
    expectCode(() => lua.run('return 1'), 'QUIVER_CLOSED');
    const err = await rejection(pending);
    expect(err.code).toBe('QUIVER_ABORTED');
    expect(err.message).toMatch(/^runAsync\(\) was aborted: the LuaRunner was closed \(Failed to run Lua script: cancelled/);
    expect(db.readScalarStrings('Farm', 'label')).toEqual([]);
  }, 60_000);

  it('closing the Database during a run aborts it and closes the runner', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'db.sqlite');
    const db = Database.fromSchema(file, writeSchema(dir, FARM_SCHEMA), { consoleLevel: LogLevel.Off });
    const lua = new LuaRunner(db);
    const pending = lua.runAsync(ENDLESS);
    db.close();
    expect(lua.closed).toBe(true);
    expectCode(() => lua.run('return 1'), 'QUIVER_CLOSED');
    const err = await rejection(pending);
    expect(err.code).toBe('QUIVER_ABORTED');
    expect(err.message).toMatch(/^runAsync\(\) was aborted: the Database was closed/);
    using again = Database.open(file, { consoleLevel: LogLevel.Off });
    expect(again.readScalarStrings('Farm', 'label')).toEqual([]);
  }, 60_000);
});
