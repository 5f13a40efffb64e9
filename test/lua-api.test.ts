// The Lua side of Quiver (spec 40): every §8 acceptance example, then each `db:` method of §4
// called from a script through LuaRunner.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseState } from '../lib/database.js';
import { Database, liveAllocations, LogLevel, LuaRunner, QuiverError } from '../lib/index.js';
import { decodeString, native, type OutPtr } from '../lib/native.js';
import type { LuaRunnerPtr } from '../lib/types.js';
import { tmpDir, writeSchema } from './helpers.js';

const quiet = { consoleLevel: LogLevel.Off };
const QUIVER_OK = 0;
const QUIVER_ERROR = 1;

/** The collections the §8 examples name: Configuration, Collection, C (time series `data`), Items. */
const EXAMPLES_SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Collection (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL,
  some_integer INTEGER, some_float REAL) STRICT;
CREATE TABLE Collection_vector_values (id INTEGER NOT NULL REFERENCES Collection(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, value_float REAL, PRIMARY KEY (id, vector_index)) STRICT;
CREATE TABLE C (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE C_time_series_data (id INTEGER NOT NULL REFERENCES C(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_time TEXT NOT NULL, value REAL, PRIMARY KEY (id, date_time)) STRICT;
CREATE TABLE Items (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, price REAL) STRICT;
`;

interface Fixture extends Disposable {
  db: Database;
  lua: LuaRunner;
  dir: string;
}

/** A database from `sql` (a file in a fresh directory, or `:memory:`) with a runner on it. */
function fixture(sql = EXAMPLES_SCHEMA, where: 'file' | 'memory' = 'file', dir = tmpDir()): Fixture {
  const dbPath = where === 'memory' ? ':memory:' : path.join(dir, 'lua.db');
  const db = Database.fromSchema(dbPath, writeSchema(dir, sql), quiet);
  const lua = new LuaRunner(db);
  return {
    db,
    lua,
    dir,
    [Symbol.dispose]() {
      lua.close();
      db.close();
    },
  };
}

/** The message of the QuiverError that running `script` throws. */
function failure(lua: LuaRunner, script: string): string {
  try {
    lua.runRaw(script);
  } catch (err) {
    expect(err).toBeInstanceOf(QuiverError);
    return (err as QuiverError).message;
  }
  throw new Error(`expected the script to fail: ${script}`);
}

/** A runner made through the C API directly, for the NULL-argument examples. */
function rawRunner(db: Database): LuaRunnerPtr {
  const out: [LuaRunnerPtr | null] = [null];
  expect(native().quiver_lua_runner_new(databaseState(db).ptr, out)).toBe(QUIVER_OK);
  return out[0]!;
}

const REPO = fileURLToPath(new URL('..', import.meta.url));

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/quiver.mjs'), ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => {
  expect(liveAllocations()).toBe(0);
});

describe('spec 40 §8 acceptance examples', () => {
  it('§40 ex.1: quiver_lua_runner_new(NULL, &r) → Null argument: db', () => {
    const out: [LuaRunnerPtr | null] = [null];
    expect(native().quiver_lua_runner_new(null, out)).toBe(QUIVER_ERROR);
    expect(native().quiver_get_last_error()).toBe('Null argument: db');
    expect(out[0]).toBeNull();
  });

  it('§40 ex.2: quiver_lua_runner_new(db, NULL) → Null argument: out_runner', () => {
    using f = fixture();
    expect(native().quiver_lua_runner_new(databaseState(f.db).ptr, null as never)).toBe(QUIVER_ERROR);
    expect(native().quiver_get_last_error()).toBe('Null argument: out_runner');
  });

  it('§40 ex.3: free(NULL) and free_string(NULL) are QUIVER_OK', () => {
    expect(native().quiver_lua_runner_free(null)).toBe(QUIVER_OK);
    expect(native().quiver_lua_runner_free_string(null)).toBe(QUIVER_OK);
  });

  it('§40 ex.4: run with a NULL script, out_result or runner → Null argument: <name>', () => {
    using f = fixture();
    const r = rawRunner(f.db);
    try {
      const out: OutPtr = [null];
      expect(native().quiver_lua_runner_run(r, null as never, out)).toBe(QUIVER_ERROR);
      expect(native().quiver_get_last_error()).toBe('Null argument: script');
      expect(native().quiver_lua_runner_run(r, 'return 1', null as never)).toBe(QUIVER_ERROR);
      expect(native().quiver_get_last_error()).toBe('Null argument: out_result');
      expect(native().quiver_lua_runner_run(null, 'x', out)).toBe(QUIVER_ERROR);
      expect(native().quiver_get_last_error()).toBe('Null argument: runner');
    } finally {
      native().quiver_lua_runner_free(r);
    }
  });

  it('§40 ex.5: an empty script succeeds with a non-NULL empty string', () => {
    using f = fixture();
    const r = rawRunner(f.db);
    try {
      const out: OutPtr = [null];
      expect(native().quiver_lua_runner_run(r, '', out)).toBe(QUIVER_OK);
      expect(out[0]).not.toBeNull();
      expect(decodeString(out[0])).toBe('');
      expect(native().quiver_lua_runner_free_string(out[0])).toBe(QUIVER_OK);
    } finally {
      native().quiver_lua_runner_free(r);
    }
    expect(f.lua.runRaw('')).toBe('');
  });

  it('§40 ex.6: a comment-only script returns ""', () => {
    using f = fixture();
    expect(f.lua.runRaw('-- just a note')).toBe('');
    expect(f.lua.run('-- just a note')).toBeUndefined();
  });

  it('§40 ex.7: integers: return 7 → 7, return -12 → -12', () => {
    using f = fixture();
    expect(f.lua.runRaw('return 7')).toBe('7');
    expect(f.lua.runRaw('return -12')).toBe('-12');
  });

  it('§40 ex.8: floats in shortest form: 2.25, 0.3, 3.0 → 3', () => {
    using f = fixture();
    expect(f.lua.runRaw('return 2.25')).toBe('2.25');
    expect(f.lua.runRaw('return 0.3')).toBe('0.3');
    expect(f.lua.runRaw('return 3.0')).toBe('3');
  });

  it('§40 ex.9: 9007199254740995 stays exact', () => {
    using f = fixture();
    expect(f.lua.runRaw('return 9007199254740995')).toBe('9007199254740995');
  });

  it('§40 ex.10: false → false, nil → null', () => {
    using f = fixture();
    expect(f.lua.runRaw('return false')).toBe('false');
    expect(f.lua.runRaw('return nil')).toBe('null');
  });

  it('§40 ex.11: only the first return value is encoded', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return 'x', 'y'`)).toBe('"x"');
  });

  it('§40 ex.12: NaN and -math.huge → null', () => {
    using f = fixture();
    expect(f.lua.runRaw('return -(0/0)')).toBe('null');
    expect(f.lua.runRaw('return -math.huge')).toBe('null');
  });

  it('§40 ex.13: string escapes (\\t, \\u0002, \\")', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return 'tab\\there'`)).toBe('"tab\\there"');
    expect(f.lua.runRaw('return string.char(2)')).toBe('"\\u0002"');
    expect(f.lua.runRaw(`return 'q"b'`)).toBe('"q\\"b"');
  });

  it('§40 ex.14: UTF-8 bytes pass through unescaped', () => {
    using f = fixture();
    expect(f.lua.runRaw('return string.char(0xC3, 0xB1)')).toBe('"ñ"');
  });

  it('§40 ex.15: invalid UTF-8 in a returned string is an error', () => {
    using f = fixture();
    const msg = 'Cannot run: script return value contains a string that is not valid UTF-8';
    expect(failure(f.lua, 'return string.char(0xFF)')).toBe(msg);
    expect(failure(f.lua, 'return string.char(0xE2, 0x82)')).toBe(msg);
  });

  it('§40 ex.16: sequences become arrays', () => {
    using f = fixture();
    expect(f.lua.runRaw('return {4, 5, 6}')).toBe('[4,5,6]');
    expect(f.lua.runRaw('return {}')).toBe('[]');
    expect(f.lua.runRaw('return {{}, {1}}')).toBe('[[],[1]]');
  });

  it('§40 ex.17: other tables become objects with byte-wise sorted keys', () => {
    using f = fixture();
    expect(f.lua.runRaw('return {z = 1, m = 2}')).toBe('{"m":2,"z":1}');
    expect(f.lua.runRaw(`return {[2] = 'b', [10] = 'j'}`)).toBe('{"10":"j","2":"b"}');
  });

  it('§40 ex.18: mixed keys and key 0 make objects', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return {[1] = 'a', k = 'v'}`)).toBe('{"1":"a","k":"v"}');
    expect(f.lua.runRaw(`return {[0] = 'z'}`)).toBe('{"0":"z"}');
  });

  it('§40 ex.19: a boolean key is an unsupported key type', () => {
    using f = fixture();
    expect(failure(f.lua, 'return {[true] = 1}')).toBe('Cannot run: script returned a table with an unsupported key type');
  });

  it('§40 ex.20: integer key 3 and string key "3" are duplicates', () => {
    using f = fixture();
    expect(failure(f.lua, `local t = {[3] = 'i'}; t['3'] = 's'; return t`)).toBe(
      "Cannot run: script returned a table with duplicate key '3'",
    );
  });

  it('§40 ex.21: returning a function or the db userdata is an unsupported type', () => {
    using f = fixture();
    expect(failure(f.lua, 'return print')).toBe('Cannot run: script returned an unsupported Lua type');
    expect(failure(f.lua, 'return db')).toBe('Cannot run: script returned an unsupported Lua type');
  });

  it('§40 ex.22: a self-referencing table nests too deep', () => {
    using f = fixture();
    expect(failure(f.lua, 'local t = {}; t.me = t; return t')).toBe(
      'Cannot run: script return value nests deeper than 32 levels',
    );
  });

  it('§40 ex.23: 31 nested arrays around 5 encode', () => {
    using f = fixture();
    const json = f.lua.runRaw('local t = 5; for _ = 1, 31 do t = {t} end; return t');
    expect(json).toBe(`${'['.repeat(31)}5${']'.repeat(31)}`);
  });

  it('§40 ex.24: JSON beyond 64 MiB is refused', () => {
    using f = fixture();
    expect(failure(f.lua, `local t = {string.rep('y', 8192)}; for _ = 1, 14 do t = {t, t} end; return t`)).toBe(
      'Cannot run: script return value exceeds 67108864 bytes of JSON',
    );
  });

  it('§40 ex.25: a syntax error fails with the Lua prefix and leaves out_result NULL', () => {
    using f = fixture();
    expect(failure(f.lua, 'x = 1 +')).toMatch(/^Failed to run Lua script: /);
    const r = rawRunner(f.db);
    try {
      const out: OutPtr = [null];
      expect(native().quiver_lua_runner_run(r, 'x = 1 +', out)).toBe(QUIVER_ERROR);
      expect(out[0]).toBeNull();
      expect(native().quiver_get_last_error()).toMatch(/^Failed to run Lua script: /);
    } finally {
      native().quiver_lua_runner_free(r);
    }
  });

  it('§40 ex.26: error() carries the line number', () => {
    using f = fixture();
    const msg = failure(f.lua, "\n\nerror('stop here')");
    expect(msg).toMatch(/^Failed to run Lua script: /);
    expect(msg).toContain(':3:');
    expect(msg).toContain('stop here');
  });

  it('§40 ex.27: a failed assert carries its message', () => {
    using f = fixture();
    expect(failure(f.lua, "assert(false, 'guard tripped')")).toContain('guard tripped');
    expect(failure(f.lua, 'assert(false)')).toContain('assertion failed!');
  });

  it('§40 ex.28: calling nil fails', () => {
    using f = fixture();
    expect(failure(f.lua, 'local n = nil; n()')).toMatch(/^Failed to run Lua script: .*attempt to call a nil value/);
  });

  it('§40 ex.29: globals persist between runs', () => {
    using f = fixture();
    expect(f.lua.runRaw('counter = 10')).toBe('');
    expect(f.lua.runRaw('return counter * 2')).toBe('20');
  });

  it('§40 ex.30: os, io, debug, package, dofile and loadfile are nil', () => {
    using f = fixture();
    for (const name of ['os', 'io', 'debug', 'package', 'dofile', 'loadfile']) {
      expect(f.lua.runRaw(`return ${name}`)).toBe('null');
    }
  });

  it('§40 ex.31: load, utf8 and math.type work', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return load('return 4')()`)).toBe('4');
    expect(f.lua.runRaw('return utf8.char(233)')).toBe('"é"');
    expect(f.lua.runRaw('return math.type(1)')).toBe('"integer"');
  });

  it('§40 ex.32: create_element returns the new id', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return db:create_element('Configuration', {label = 'cfg'})`)).toBe('1');
  });

  it('§40 ex.33: a boolean attribute is an unsupported Lua type', () => {
    using f = fixture();
    expect(failure(f.lua, `db:create_element('Configuration', {label = 'c', enabled = true})`)).toContain(
      "Cannot table_to_element: attribute 'enabled' has unsupported Lua type",
    );
  });

  it('§40 ex.34: an array of booleans has an unsupported element type', () => {
    using f = fixture();
    expect(failure(f.lua, `db:create_element('Configuration', {label = 'c', flags = {true}})`)).toContain(
      "Cannot table_to_element: array 'flags' has unsupported element type",
    );
  });

  it('§40 ex.35: a boolean query parameter is refused', () => {
    using f = fixture();
    expect(failure(f.lua, `db:query_integer('SELECT ?', {false})`)).toContain(
      'Cannot lua_table_to_values: parameter #1 has unsupported Lua type',
    );
  });

  it('§40 ex.36: query_integer with a parameter, query_string of NULL', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return db:query_integer('SELECT 40 + ?', {2})`)).toBe('42');
    expect(f.lua.runRaw(`return db:query_string('SELECT NULL')`)).toBe('null');
  });

  it('§40 ex.37: NULL scalars leave holes in read_scalar_integers', () => {
    {
      using f = fixture();
      f.lua.run(`db:create_element('Collection', {label = 'a', some_integer = 5}); db:create_element('Collection', {label = 'b'})`);
      expect(f.lua.runRaw(`return db:read_scalar_integers('Collection', 'some_integer')`)).toBe('[5]');
    }
    using f = fixture();
    f.lua.run(`db:create_element('Collection', {label = 'a'}); db:create_element('Collection', {label = 'b', some_integer = 5})`);
    expect(f.lua.runRaw(`return db:read_scalar_integers('Collection', 'some_integer')`)).toBe('{"2":5}');
  });

  it('§40 ex.38: read_element_ids of an empty collection → []', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return db:read_element_ids('Collection')`)).toBe('[]');
  });

  it('§40 ex.39: an error inside db:transaction rolls back', () => {
    using f = fixture();
    const msg = failure(
      f.lua,
      `db:transaction(function(d) d:create_element('Collection', {label = 't1'}); error('abort') end)`,
    );
    expect(msg).toContain('abort');
    expect(f.lua.run(`return db:read_scalar_strings('Collection', 'label')`)).toEqual([]);
    expect(f.db.inTransaction()).toBe(false);
  });

  it('§40 ex.40: db:transaction returns the first value; in_transaction outside → false', () => {
    using f = fixture();
    expect(f.lua.runRaw('return db:transaction(function(d) return 5, 6 end)')).toBe('5');
    expect(f.lua.runRaw('return db:in_transaction()')).toBe('false');
  });

  it('§40 ex.41: db:dry_run sees its writes and discards them', () => {
    using f = fixture();
    expect(
      f.lua.runRaw(
        `return db:dry_run(function(d) d:create_element('Collection', {label = 'p'}); return #d:read_element_ids('Collection') end)`,
      ),
    ).toBe('1');
    expect(f.db.readElementIds('Collection')).toEqual([]);
  });

  it('§40 ex.42: db:commit without a transaction fails', () => {
    using f = fixture();
    expect(failure(f.lua, 'db:commit()')).toBe('Failed to run Lua script: Cannot commit: no active transaction');
  });

  it('§40 ex.43: a host dry run around run() discards the script writes', () => {
    using f = fixture();
    f.db.beginDryRun();
    expect(f.lua.runRaw(`db:create_element('Configuration', {label = 'x'}); return 1`)).toBe('1');
    f.db.endDryRun();
    expect(f.db.numberOfElements('Configuration')).toBe(0);
  });

  it('§40 ex.44: get_scalar_metadata data_type of a REAL column → "real"', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return db:get_scalar_metadata('Collection', 'some_float').data_type`)).toBe('"real"');
  });

  it('§40 ex.45: vector metadata has no dimension_column', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return db:get_vector_metadata('Collection', 'values').dimension_column`)).toBe('null');
  });

  describe('time-series group updates from Lua', () => {
    const withElement = (): Fixture => {
      const f = fixture();
      f.lua.run(`db:create_element('C', {label = 'c1'})`);
      return f;
    };

    it('§40 ex.46: a value column longer than the dimension column', () => {
      using f = withElement();
      expect(
        failure(f.lua, `db:update_time_series_group('C', 'data', 1, {date_time = {'2024-01-01'}, value = {1.0, 2.0}})`),
      ).toContain("Cannot update_time_series_group: column 'value' has length 2 but expected 1");
    });

    it('§40 ex.47: the dimension column is missing', () => {
      using f = withElement();
      expect(failure(f.lua, `db:update_time_series_group('C', 'data', 1, {value = {1.0}})`)).toContain(
        "Cannot update_time_series_group: missing dimension column 'date_time'",
      );
    });

    it('§40 ex.48: named columns with no rows', () => {
      using f = withElement();
      expect(failure(f.lua, `db:update_time_series_group('C', 'data', 1, {date_time = {}, value = {}})`)).toContain(
        'contain no rows; pass an empty table {} to clear the group',
      );
    });

    it('§40 ex.49: a column that is not an array', () => {
      using f = withElement();
      expect(failure(f.lua, `db:update_time_series_group('C', 'data', 1, {date_time = '2024-01-01'})`)).toContain(
        "column 'date_time' must be an array of values",
      );
    });

    it('§40 ex.50: a NULL cell written and read back as a hole', () => {
      using f = withElement();
      f.lua.run(
        `db:update_time_series_group('C', 'data', 1, {date_time = {'2024-01-01', '2024-01-02'}, value = {nil, 3.5}})`,
      );
      expect(f.lua.runRaw(`return db:read_time_series_group('C', 'data', 1)`)).toBe(
        '{"date_time":["2024-01-01","2024-01-02"],"value":{"2":3.5}}',
      );
    });
  });

  it('§40 ex.51: export_csv on an in-memory database is refused', () => {
    using f = fixture(EXAMPLES_SCHEMA, 'memory');
    expect(failure(f.lua, `db:export_csv('Items', '', 'out.csv')`)).toContain(
      'Cannot export_csv: database is in-memory, file operations are unavailable',
    );
  });

  it('§40 ex.52: export_csv paths must stay inside the database directory', () => {
    const root = path.join(tmpDir(), 'w');
    using f = fixture(EXAMPLES_SCHEMA, 'file', root);
    f.lua.run(`db:create_element('Items', {label = 'i1', price = 2.5})`);
    expect(failure(f.lua, `db:export_csv('Items', '', '../x.csv')`)).toContain(
      `Cannot export_csv: path '../x.csv' escapes the database directory '${realpathSync(root)}'`,
    );
    expect(existsSync(path.join(root, '..', 'x.csv'))).toBe(false);
    f.lua.run(`db:export_csv('Items', '', 'sub/out.csv')`);
    expect(readFileSync(path.join(root, 'sub', 'out.csv'), 'utf8')).toBe('sep=,\nlabel,price\ni1,2.5\n');
  });

  describe('command line (spec 40 §7, as `quiver run <script> --db <file>`)', () => {
    it('§40 ex.53: no script → No script provided, exit 2', () => {
      const dir = tmpDir();
      const r = cli(['run', '--db', 'db.sqlite'], dir);
      expect(r.status).toBe(2);
      expect(r.stderr.startsWith('No script provided\n')).toBe(true);
      expect(r.stdout).toBe('');
    });

    it('§40 ex.54: --schema with --migrations → exit 2', () => {
      const dir = tmpDir();
      writeFileSync(path.join(dir, 's.lua'), 'return 1');
      const r = cli(['run', 's.lua', '--db', 'db.sqlite', '--schema', 'a.sql', '--migrations', 'm'], dir);
      expect(r.status).toBe(2);
      expect(r.stderr.startsWith('Cannot use --schema and --migrations together\n')).toBe(true);
      expect(existsSync(path.join(dir, 'db.sqlite'))).toBe(false);
    });

    it('§40 ex.55: results on stdout with a newline, nothing for no result, Lua errors exit 1', () => {
      const dir = tmpDir();
      writeSchema(dir, EXAMPLES_SCHEMA, 'a.sql');
      writeFileSync(path.join(dir, 'list.lua'), 'return {1}');
      writeFileSync(path.join(dir, 'quiet.lua'), 'local a = 1');
      writeFileSync(path.join(dir, 'fail.lua'), "error('x')");
      const list = cli(['run', 'list.lua', '--db', 'db.sqlite', '--schema', 'a.sql'], dir);
      expect(list).toMatchObject({ status: 0, stdout: '[1]\n' });
      const silent = cli(['run', 'quiet.lua', '--db', 'db.sqlite'], dir);
      expect(silent).toMatchObject({ status: 0, stdout: '' });
      const failed = cli(['run', 'fail.lua', '--db', 'db.sqlite'], dir);
      expect(failed.status).toBe(1);
      expect(failed.stderr.startsWith('Failed to run Lua script: ')).toBe(true);
      expect(failed.stdout).toBe('');
    });

    it('§40 ex.56: a missing script file exits 1; a UTF-8 BOM is stripped', () => {
      const dir = tmpDir();
      writeSchema(dir, EXAMPLES_SCHEMA, 'a.sql');
      const missing = cli(['run', 'nope.lua', '--db', 'db.sqlite', '--schema', 'a.sql'], dir);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toBe('Script file not found: nope.lua\n');
      writeFileSync(path.join(dir, 'bom.lua'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("return 'ok'")]));
      expect(cli(['run', 'bom.lua', '--db', 'db.sqlite', '--schema', 'a.sql'], dir)).toMatchObject({
        status: 0,
        stdout: '"ok"\n',
      });
    });
  });
});
