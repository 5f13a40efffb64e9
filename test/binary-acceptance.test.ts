// Binary files through Lua scripts: what a script may return (read results as JSON arrays with
// null for NULL cells; never a file, an expression or a metadata object), with single-label files
// in a sub-folder of the database directory.

import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database, liveAllocations, LogLevel, LuaRunner, QuiverError } from '../lib/index.js';
import { collectUntil, tmpDir, writeSchema } from './helpers.js';

const SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
`;

afterAll(async () => {
  expect(await collectUntil(() => liveAllocations() === 0)).toBe(true);
});

function failure(lua: LuaRunner, script: string): string {
  try {
    lua.runRaw(script);
  } catch (err) {
    expect(err).toBeInstanceOf(QuiverError);
    return (err as QuiverError).message;
  }
  throw new Error('expected the script to fail');
}

describe('values a Lua script returns', () => {
  it('a single-label read returns a one-element JSON array, null for a NULL cell; handles cannot be returned', () => {
    const dir = realpathSync(tmpDir('quiver-binary-acceptance-'));
    mkdirSync(path.join(dir, 'lua'));
    const db = Database.fromSchema(path.join(dir, 'test.db'), writeSchema(dir, SCHEMA), { consoleLevel: LogLevel.Off });
    const lua = new LuaRunner(db);
    try {
      lua.run(`
        local md = quiver.metadata{initial_datetime = '2025-01-01T00:00:00', unit = 'MW', labels = {'v'},
          dimensions = {'row'}, dimension_sizes = {3}}
        local w = db:open_file('lua/a', 'w', md)
        w:write({1.5}, {row = 1})
        w:close()
        r = db:open_file('lua/a', 'r')`);
      expect(lua.runRaw('return r:read({row = 1})')).toBe('[1.5]');
      expect(lua.runRaw('return r:read({row = 2}, true)')).toBe('[null]');
      const unsupported = 'Cannot run: script returned an unsupported Lua type';
      expect(failure(lua, "return db:open_file('lua/a', 'r')")).toContain(unsupported);
      expect(failure(lua, "return quiver.expression(db:open_file('lua/a', 'r'))")).toContain(unsupported);
      expect(failure(lua, 'return r:get_metadata()')).toContain(unsupported);
      lua.run('r:close(); r = nil; collectgarbage()');
    } finally {
      lua.close();
      db.close();
    }
  });
});
