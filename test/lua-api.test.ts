// The Lua side of Quiver: the runner's results, errors, JSON encoding and sandbox as Quiver 0.10
// has them, then each `db:` method called from a script through LuaRunner.

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

/** Collections for the runner tests: Configuration, Collection, C (time series `data`), Items. */
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

describe('Lua runner, as Quiver 0.10 does', () => {
  it('quiver_lua_runner_new(NULL, &r) → Null argument: db', () => {
    const out: [LuaRunnerPtr | null] = [null];
    expect(native().quiver_lua_runner_new(null, out)).toBe(QUIVER_ERROR);
    expect(native().quiver_get_last_error()).toBe('Null argument: db');
    expect(out[0]).toBeNull();
  });

  it('quiver_lua_runner_new(db, NULL) → Null argument: out_runner', () => {
    using f = fixture();
    expect(native().quiver_lua_runner_new(databaseState(f.db).ptr, null as never)).toBe(QUIVER_ERROR);
    expect(native().quiver_get_last_error()).toBe('Null argument: out_runner');
  });

  it('free(NULL) and free_string(NULL) are QUIVER_OK', () => {
    expect(native().quiver_lua_runner_free(null)).toBe(QUIVER_OK);
    expect(native().quiver_lua_runner_free_string(null)).toBe(QUIVER_OK);
  });

  it('run with a NULL script, out_result or runner → Null argument: <name>', () => {
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

  it('an empty script succeeds with a non-NULL empty string', () => {
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

  it('a comment-only script returns ""', () => {
    using f = fixture();
    expect(f.lua.runRaw('-- just a note')).toBe('');
    expect(f.lua.run('-- just a note')).toBeUndefined();
  });

  it('integers: return 7 → 7, return -12 → -12', () => {
    using f = fixture();
    expect(f.lua.runRaw('return 7')).toBe('7');
    expect(f.lua.runRaw('return -12')).toBe('-12');
  });

  it('floats in shortest form: 2.25, 0.3, 3.0 → 3', () => {
    using f = fixture();
    expect(f.lua.runRaw('return 2.25')).toBe('2.25');
    expect(f.lua.runRaw('return 0.3')).toBe('0.3');
    expect(f.lua.runRaw('return 3.0')).toBe('3');
  });

  it('9007199254740995 stays exact', () => {
    using f = fixture();
    expect(f.lua.runRaw('return 9007199254740995')).toBe('9007199254740995');
  });

  it('false → false, nil → null', () => {
    using f = fixture();
    expect(f.lua.runRaw('return false')).toBe('false');
    expect(f.lua.runRaw('return nil')).toBe('null');
  });

  it('only the first return value is encoded', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return 'x', 'y'`)).toBe('"x"');
  });

  it('NaN and -math.huge → null', () => {
    using f = fixture();
    expect(f.lua.runRaw('return -(0/0)')).toBe('null');
    expect(f.lua.runRaw('return -math.huge')).toBe('null');
  });

  it('string escapes (\\t, \\u0002, \\")', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return 'tab\\there'`)).toBe('"tab\\there"');
    expect(f.lua.runRaw('return string.char(2)')).toBe('"\\u0002"');
    expect(f.lua.runRaw(`return 'q"b'`)).toBe('"q\\"b"');
  });

  it('UTF-8 bytes pass through unescaped', () => {
    using f = fixture();
    expect(f.lua.runRaw('return string.char(0xC3, 0xB1)')).toBe('"ñ"');
  });

  it('invalid UTF-8 in a returned string is an error', () => {
    using f = fixture();
    const msg = 'Cannot run: script return value contains a string that is not valid UTF-8';
    expect(failure(f.lua, 'return string.char(0xFF)')).toBe(msg);
    expect(failure(f.lua, 'return string.char(0xE2, 0x82)')).toBe(msg);
  });

  it('sequences become arrays', () => {
    using f = fixture();
    expect(f.lua.runRaw('return {4, 5, 6}')).toBe('[4,5,6]');
    expect(f.lua.runRaw('return {}')).toBe('[]');
    expect(f.lua.runRaw('return {{}, {1}}')).toBe('[[],[1]]');
  });

  it('other tables become objects with byte-wise sorted keys', () => {
    using f = fixture();
    expect(f.lua.runRaw('return {z = 1, m = 2}')).toBe('{"m":2,"z":1}');
    expect(f.lua.runRaw(`return {[2] = 'b', [10] = 'j'}`)).toBe('{"10":"j","2":"b"}');
  });

  it('mixed keys and key 0 make objects', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return {[1] = 'a', k = 'v'}`)).toBe('{"1":"a","k":"v"}');
    expect(f.lua.runRaw(`return {[0] = 'z'}`)).toBe('{"0":"z"}');
  });

  it('a boolean key is an unsupported key type', () => {
    using f = fixture();
    expect(failure(f.lua, 'return {[true] = 1}')).toBe('Cannot run: script returned a table with an unsupported key type');
  });

  it('integer key 3 and string key "3" are duplicates', () => {
    using f = fixture();
    expect(failure(f.lua, `local t = {[3] = 'i'}; t['3'] = 's'; return t`)).toBe(
      "Cannot run: script returned a table with duplicate key '3'",
    );
  });

  it('returning a function or the db userdata is an unsupported type', () => {
    using f = fixture();
    expect(failure(f.lua, 'return print')).toBe('Cannot run: script returned an unsupported Lua type');
    expect(failure(f.lua, 'return db')).toBe('Cannot run: script returned an unsupported Lua type');
  });

  it('a self-referencing table nests too deep', () => {
    using f = fixture();
    expect(failure(f.lua, 'local t = {}; t.me = t; return t')).toBe(
      'Cannot run: script return value nests deeper than 32 levels',
    );
  });

  it('31 nested arrays around 5 encode', () => {
    using f = fixture();
    const json = f.lua.runRaw('local t = 5; for _ = 1, 31 do t = {t} end; return t');
    expect(json).toBe(`${'['.repeat(31)}5${']'.repeat(31)}`);
  });

  it('JSON beyond 64 MiB is refused', () => {
    using f = fixture();
    expect(failure(f.lua, `local t = {string.rep('y', 8192)}; for _ = 1, 14 do t = {t, t} end; return t`)).toBe(
      'Cannot run: script return value exceeds 67108864 bytes of JSON',
    );
  });

  it('a syntax error fails with the Lua prefix and leaves out_result NULL', () => {
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

  it('error() carries the line number', () => {
    using f = fixture();
    const msg = failure(f.lua, "\n\nerror('stop here')");
    expect(msg).toMatch(/^Failed to run Lua script: /);
    expect(msg).toContain(':3:');
    expect(msg).toContain('stop here');
  });

  it('a failed assert carries its message', () => {
    using f = fixture();
    expect(failure(f.lua, "assert(false, 'guard tripped')")).toContain('guard tripped');
    expect(failure(f.lua, 'assert(false)')).toContain('assertion failed!');
  });

  it('calling nil fails', () => {
    using f = fixture();
    expect(failure(f.lua, 'local n = nil; n()')).toMatch(/^Failed to run Lua script: .*attempt to call a nil value/);
  });

  it('globals persist between runs', () => {
    using f = fixture();
    expect(f.lua.runRaw('counter = 10')).toBe('');
    expect(f.lua.runRaw('return counter * 2')).toBe('20');
  });

  it('os, io, debug, package, dofile and loadfile are nil', () => {
    using f = fixture();
    for (const name of ['os', 'io', 'debug', 'package', 'dofile', 'loadfile']) {
      expect(f.lua.runRaw(`return ${name}`)).toBe('null');
    }
  });

  it('load, utf8 and math.type work', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return load('return 4')()`)).toBe('4');
    expect(f.lua.runRaw('return utf8.char(233)')).toBe('"é"');
    expect(f.lua.runRaw('return math.type(1)')).toBe('"integer"');
  });

  it('create_element returns the new id', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return db:create_element('Configuration', {label = 'cfg'})`)).toBe('1');
  });

  it('a boolean attribute is an unsupported Lua type', () => {
    using f = fixture();
    expect(failure(f.lua, `db:create_element('Configuration', {label = 'c', enabled = true})`)).toContain(
      "Cannot table_to_element: attribute 'enabled' has unsupported Lua type",
    );
  });

  it('an array of booleans has an unsupported element type', () => {
    using f = fixture();
    expect(failure(f.lua, `db:create_element('Configuration', {label = 'c', flags = {true}})`)).toContain(
      "Cannot table_to_element: array 'flags' has unsupported element type",
    );
  });

  it('a boolean query parameter is refused', () => {
    using f = fixture();
    expect(failure(f.lua, `db:query_integer('SELECT ?', {false})`)).toContain(
      'Cannot lua_table_to_values: parameter #1 has unsupported Lua type',
    );
  });

  it('query_integer with a parameter, query_string of NULL', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return db:query_integer('SELECT 40 + ?', {2})`)).toBe('42');
    expect(f.lua.runRaw(`return db:query_string('SELECT NULL')`)).toBe('null');
  });

  it('NULL scalars leave holes in read_scalar_integers', () => {
    {
      using f = fixture();
      f.lua.run(`db:create_element('Collection', {label = 'a', some_integer = 5}); db:create_element('Collection', {label = 'b'})`);
      expect(f.lua.runRaw(`return db:read_scalar_integers('Collection', 'some_integer')`)).toBe('[5]');
    }
    using f = fixture();
    f.lua.run(`db:create_element('Collection', {label = 'a'}); db:create_element('Collection', {label = 'b', some_integer = 5})`);
    expect(f.lua.runRaw(`return db:read_scalar_integers('Collection', 'some_integer')`)).toBe('{"2":5}');
  });

  it('read_element_ids of an empty collection → []', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return db:read_element_ids('Collection')`)).toBe('[]');
  });

  it('an error inside db:transaction rolls back', () => {
    using f = fixture();
    const msg = failure(
      f.lua,
      `db:transaction(function(d) d:create_element('Collection', {label = 't1'}); error('abort') end)`,
    );
    expect(msg).toContain('abort');
    expect(f.lua.run(`return db:read_scalar_strings('Collection', 'label')`)).toEqual([]);
    expect(f.db.inTransaction()).toBe(false);
  });

  it('db:transaction returns the first value; in_transaction outside → false', () => {
    using f = fixture();
    expect(f.lua.runRaw('return db:transaction(function(d) return 5, 6 end)')).toBe('5');
    expect(f.lua.runRaw('return db:in_transaction()')).toBe('false');
  });

  it('db:dry_run sees its writes and discards them', () => {
    using f = fixture();
    expect(
      f.lua.runRaw(
        `return db:dry_run(function(d) d:create_element('Collection', {label = 'p'}); return #d:read_element_ids('Collection') end)`,
      ),
    ).toBe('1');
    expect(f.db.readElementIds('Collection')).toEqual([]);
  });

  it('db:commit without a transaction fails', () => {
    using f = fixture();
    expect(failure(f.lua, 'db:commit()')).toBe('Failed to run Lua script: Cannot commit: no active transaction');
  });

  it('a host dry run around run() discards the script writes', () => {
    using f = fixture();
    f.db.beginDryRun();
    expect(f.lua.runRaw(`db:create_element('Configuration', {label = 'x'}); return 1`)).toBe('1');
    f.db.endDryRun();
    expect(f.db.numberOfElements('Configuration')).toBe(0);
  });

  it('get_scalar_metadata data_type of a REAL column → "real"', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return db:get_scalar_metadata('Collection', 'some_float').data_type`)).toBe('"real"');
  });

  it('vector metadata has no dimension_column', () => {
    using f = fixture();
    expect(f.lua.runRaw(`return db:get_vector_metadata('Collection', 'values').dimension_column`)).toBe('null');
  });

  describe('time-series group updates from Lua', () => {
    const withElement = (): Fixture => {
      const f = fixture();
      f.lua.run(`db:create_element('C', {label = 'c1'})`);
      return f;
    };

    it('a value column longer than the dimension column', () => {
      using f = withElement();
      expect(
        failure(f.lua, `db:update_time_series_group('C', 'data', 1, {date_time = {'2024-01-01'}, value = {1.0, 2.0}})`),
      ).toContain("Cannot update_time_series_group: column 'value' has length 2 but expected 1");
    });

    it('the dimension column is missing', () => {
      using f = withElement();
      expect(failure(f.lua, `db:update_time_series_group('C', 'data', 1, {value = {1.0}})`)).toContain(
        "Cannot update_time_series_group: missing dimension column 'date_time'",
      );
    });

    it('named columns with no rows', () => {
      using f = withElement();
      expect(failure(f.lua, `db:update_time_series_group('C', 'data', 1, {date_time = {}, value = {}})`)).toContain(
        'contain no rows; pass an empty table {} to clear the group',
      );
    });

    it('a column that is not an array', () => {
      using f = withElement();
      expect(failure(f.lua, `db:update_time_series_group('C', 'data', 1, {date_time = '2024-01-01'})`)).toContain(
        "column 'date_time' must be an array of values",
      );
    });

    it('a NULL cell written and read back as a hole', () => {
      using f = withElement();
      f.lua.run(
        `db:update_time_series_group('C', 'data', 1, {date_time = {'2024-01-01', '2024-01-02'}, value = {nil, 3.5}})`,
      );
      expect(f.lua.runRaw(`return db:read_time_series_group('C', 'data', 1)`)).toBe(
        '{"date_time":["2024-01-01","2024-01-02"],"value":{"2":3.5}}',
      );
    });
  });

  it('export_csv on an in-memory database is refused', () => {
    using f = fixture(EXAMPLES_SCHEMA, 'memory');
    expect(failure(f.lua, `db:export_csv('Items', '', 'out.csv')`)).toContain(
      'Cannot export_csv: database is in-memory, file operations are unavailable',
    );
  });

  it('export_csv paths must stay inside the database directory', () => {
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

  // Child processes that load the library through tsx: slow on a busy machine.
  describe('command line (as `quiver run <script> --db <file>`)', { timeout: 120_000 }, () => {
    it('no script → No script provided, exit 2', () => {
      const dir = tmpDir();
      const r = cli(['run', '--db', 'db.sqlite'], dir);
      expect(r.status).toBe(2);
      expect(r.stderr.startsWith('No script provided\n')).toBe(true);
      expect(r.stdout).toBe('');
    });

    it('--schema with --migrations → exit 2', () => {
      const dir = tmpDir();
      writeFileSync(path.join(dir, 's.lua'), 'return 1');
      const r = cli(['run', 's.lua', '--db', 'db.sqlite', '--schema', 'a.sql', '--migrations', 'm'], dir);
      expect(r.status).toBe(2);
      expect(r.stderr.startsWith('Cannot use --schema and --migrations together\n')).toBe(true);
      expect(existsSync(path.join(dir, 'db.sqlite'))).toBe(false);
    });

    it('results on stdout with a newline, nothing for no result, Lua errors exit 1', () => {
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

    it('a missing script file exits 1; a UTF-8 BOM is stripped', () => {
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

/** Schema for the method tests: every kind of group and value type on one collection. */
const PLANT_SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Plant (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, capacity REAL,
  units INTEGER DEFAULT 1, owner TEXT, date_built TEXT) STRICT;
CREATE TABLE Plant_vector_output (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, output_mw REAL, output_count INTEGER, output_note TEXT,
  PRIMARY KEY (id, vector_index)) STRICT;
CREATE TABLE Plant_set_codes (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  code INTEGER NOT NULL, UNIQUE (id, code)) STRICT;
CREATE TABLE Plant_set_tags (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  tag TEXT NOT NULL, UNIQUE (id, tag)) STRICT;
CREATE TABLE Plant_set_weights (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  weight REAL NOT NULL, UNIQUE (id, weight)) STRICT;
CREATE TABLE Plant_time_series_load (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_time TEXT NOT NULL, load REAL, PRIMARY KEY (id, date_time)) STRICT;
CREATE TABLE Plant_time_series_files (load_file TEXT, price_file TEXT) STRICT;
`;

/** Two plants: P1 with every attribute and group filled, P2 with only a label and units. */
function plants(): Fixture {
  const f = fixture(PLANT_SCHEMA);
  f.lua.run(`
    db:create_element('Plant', {label = 'P1', capacity = 1.5, units = 3, owner = 'Ana',
      date_built = '2020-01-01T00:00:00', output_mw = {1.0, 2.5}, output_count = {1, 2},
      output_note = {'a', 'b'}, tag = {'x', 'y'}, code = {7}, weight = {0.5}})
    db:create_element('Plant', {label = 'P2', units = 4})
  `);
  return f;
}

const scalarMeta = (name: string, data_type: string, extra: Record<string, unknown> = {}) => ({
  name,
  data_type,
  not_null: false,
  primary_key: false,
  is_foreign_key: false,
  ...extra,
});

describe('db: methods', () => {
  describe('info', () => {
    it('db:is_healthy()', () => {
      using f = plants();
      expect(f.lua.run('return db:is_healthy()')).toBe(true);
    });

    it('db:current_version()', () => {
      using f = plants();
      expect(f.lua.run('return db:current_version()')).toBe(f.db.currentVersion());
      expect(f.lua.run(`return math.type(db:current_version())`)).toBe('integer');
    });

    it('db:path()', () => {
      using f = plants();
      expect(f.lua.run('return db:path()')).toBe(path.join(f.dir, 'lua.db'));
      using m = fixture(PLANT_SCHEMA, 'memory');
      expect(m.lua.run('return db:path()')).toBe(':memory:');
    });

    it('db:number_of_elements(c)', () => {
      using f = plants();
      expect(f.lua.run(`return db:number_of_elements('Plant')`)).toBe(2);
      expect(f.lua.run(`return db:number_of_elements('Configuration')`)).toBe(0);
    });

    it('db:describe()', () => {
      using f = plants();
      const text = f.lua.run('return db:describe()');
      expect(text).toBe(f.db.describe());
      expect(text).toContain('Plant');
    });

    it('db:describe_collection(c)', () => {
      using f = plants();
      expect(f.lua.run(`return db:describe_collection('Plant')`)).toBe(f.db.describeCollection('Plant'));
      expect(failure(f.lua, `return db:describe_collection('Nope')`)).toBe(
        'Failed to run Lua script: Cannot describe_collection: collection not found: Nope',
      );
    });

    it('db:summarize_collection(c)', () => {
      using f = plants();
      expect(f.lua.run(`return db:summarize_collection('Plant')`)).toBe(f.db.summarizeCollection('Plant'));
    });
  });

  describe('transactions and dry runs', () => {
    it('db:begin_transaction() and db:commit()', () => {
      using f = plants();
      const seen = f.lua.run(`
        db:begin_transaction()
        db:create_element('Plant', {label = 'P3'})
        local inside = db:in_transaction()
        db:commit()
        return {inside, db:in_transaction()}`);
      expect(seen).toEqual([true, false]);
      expect(f.db.readScalarStrings('Plant', 'label')).toEqual(['P1', 'P2', 'P3']);
      // The failed script's own transaction is rolled back at the end of the run (Quiver 0.10
      // leaves it open for the next caller).
      expect(failure(f.lua, 'db:begin_transaction(); db:begin_transaction()')).toBe(
        'Failed to run Lua script: Cannot begin_transaction: transaction already active; ' +
          'the script ended with its transaction still open: it was rolled back',
      );
      expect(f.db.inTransaction()).toBe(false);
    });

    it('db:rollback()', () => {
      using f = plants();
      f.lua.run(`db:begin_transaction(); db:create_element('Plant', {label = 'P3'}); db:rollback()`);
      expect(f.db.numberOfElements('Plant')).toBe(2);
      expect(failure(f.lua, 'db:rollback()')).toBe('Failed to run Lua script: Cannot rollback: no active transaction');
    });

    it('db:in_transaction()', () => {
      using f = plants();
      expect(f.lua.run('return db:in_transaction()')).toBe(false);
      expect(f.lua.run('return db:transaction(function(d) return d:in_transaction() end)')).toBe(true);
      expect(f.lua.run('return db:dry_run(function(d) return d:in_transaction() end)')).toBe(true);
    });

    it('db:transaction(fn)', () => {
      using f = plants();
      expect(f.lua.run(`return db:transaction(function(d) return d:create_element('Plant', {label = 'P3'}) end)`)).toBe(3);
      expect(f.db.numberOfElements('Plant')).toBe(3);
      expect(f.lua.run('return db:transaction(function(d) end)')).toBeNull();
    });

    it('db:begin_dry_run() and db:end_dry_run()', () => {
      using f = plants();
      const inside = f.lua.run(`
        db:begin_dry_run()
        db:delete_element('Plant', 1)
        local n = db:number_of_elements('Plant')
        db:end_dry_run()
        return n`);
      expect(inside).toBe(1);
      expect(f.db.numberOfElements('Plant')).toBe(2);
      expect(failure(f.lua, 'db:end_dry_run()')).toBe('Failed to run Lua script: Cannot end_dry_run: no active dry run');
    });

    it('db:in_dry_run()', () => {
      using f = plants();
      expect(f.lua.run('return {db:in_dry_run(), db:dry_run(function(d) return d:in_dry_run() end), db:in_dry_run()}')).toEqual([
        false,
        true,
        false,
      ]);
    });

    it('db:dry_run(fn)', () => {
      using f = plants();
      expect(f.lua.run(`return db:dry_run(function(d) d:update_element('Plant', 1, {owner = 'Bo'}); return d:query_string('SELECT owner FROM Plant WHERE id = 1') end)`)).toBe('Bo');
      expect(f.db.readScalarStringById('Plant', 'owner', 1)).toBe('Ana');
      expect(failure(f.lua, `db:dry_run(function(d) error('inner') end)`)).toContain('inner');
      expect(f.db.inDryRun()).toBe(false);
    });
  });

  describe('create, update, delete', () => {
    it('db:create_element(c, t)', () => {
      using f = plants();
      expect(f.lua.run(`return db:create_element('Plant', {label = 'P3', capacity = 2, output_mw = {4.5}})`)).toBe(3);
      expect(f.db.readScalarFloatById('Plant', 'capacity', 3)).toBe(2); // integer accepted by a REAL column
      expect(f.db.readVectorFloatsById('Plant', 'output_mw', 3)).toEqual([4.5]);
    });

    it('db:update_element(c, id, t)', () => {
      using f = plants();
      expect(f.lua.run(`return db:update_element('Plant', 2, {owner = 'Bo', tag = {'z'}})`)).toBeUndefined(); // returns nothing
      expect(f.db.readScalarStringById('Plant', 'owner', 2)).toBe('Bo');
      expect(f.db.readScalarIntegerById('Plant', 'units', 2)).toBe(4); // unlisted attributes stay
      expect(f.db.readSetStringsById('Plant', 'tag', 2)).toEqual(['z']);
    });

    it('db:delete_element(c, id)', () => {
      using f = plants();
      f.lua.run(`db:delete_element('Plant', 1)`);
      expect(f.db.readElementIds('Plant')).toEqual([2]);
      expect(f.db.readVectorFloats('Plant', 'output_mw')).toEqual([]); // its vector rows cascaded
    });
  });

  // Bulk vector/set reads have one entry per element that has rows (elements without rows are
  // omitted); an element whose rows hold no value for the column gets an empty array.
  describe('bulk reads', () => {
    it('db:read_element_ids(c)', () => {
      using f = plants();
      expect(f.lua.run(`return db:read_element_ids('Plant')`)).toEqual([1, 2]);
    });

    it('db:read_scalar_integers(c, a)', () => {
      using f = plants();
      expect(f.lua.run(`return db:read_scalar_integers('Plant', 'units')`)).toEqual([3, 4]);
    });

    it('db:read_scalar_floats(c, a)', () => {
      using f = plants();
      expect(f.lua.runRaw(`return db:read_scalar_floats('Plant', 'capacity')`)).toBe('[1.5]');
      expect(f.lua.run(`return math.type(db:read_scalar_floats('Plant', 'capacity')[1])`)).toBe('float');
    });

    it('db:read_scalar_strings(c, a)', () => {
      using f = plants();
      expect(f.lua.run(`return db:read_scalar_strings('Plant', 'label')`)).toEqual(['P1', 'P2']);
    });

    it('db:read_vector_integers(c, a)', () => {
      using f = plants();
      expect(f.lua.run(`return db:read_vector_integers('Plant', 'output_count')`)).toEqual([[1, 2]]);
      f.lua.run(`db:update_vector_group('Plant', 'output', 2, {output_mw = {9.0}})`);
      expect(f.lua.run(`return db:read_vector_integers('Plant', 'output_count')`)).toEqual([[1, 2], []]);
    });

    it('db:read_vector_floats(c, a)', () => {
      using f = plants();
      expect(f.lua.run(`return db:read_vector_floats('Plant', 'output_mw')`)).toEqual([[1, 2.5]]);
    });

    it('db:read_vector_strings(c, a)', () => {
      using f = plants();
      f.lua.run(`db:update_vector_group('Plant', 'output', 2, {output_mw = {9.0}})`);
      expect(f.lua.run(`return db:read_vector_strings('Plant', 'output_note')`)).toEqual([['a', 'b'], []]);
    });

    it('db:read_set_integers(c, a)', () => {
      using f = plants();
      f.lua.run(`db:update_set_group('Plant', 'codes', 2, {code = {3, 1}})`);
      expect(f.lua.run(`return db:read_set_integers('Plant', 'code')`)).toEqual([[7], [1, 3]]);
    });

    it('db:read_set_floats(c, a)', () => {
      using f = plants();
      expect(f.lua.run(`return db:read_set_floats('Plant', 'weight')`)).toEqual([[0.5]]);
    });

    it('db:read_set_strings(c, a)', () => {
      using f = plants();
      expect(f.lua.run(`return db:read_set_strings('Plant', 'tag')`)).toEqual([['x', 'y']]);
    });

    it('db:read_scalars_by_id(c, id)', () => {
      using f = plants();
      expect(f.lua.run(`return db:read_scalars_by_id('Plant', 1)`)).toEqual({
        id: 1,
        label: 'P1',
        capacity: 1.5,
        units: 3,
        owner: 'Ana',
        date_built: '2020-01-01T00:00:00',
      });
      expect(f.lua.run(`return db:read_scalars_by_id('Plant', 2)`)).toEqual({ id: 2, label: 'P2', units: 4 });
      expect(failure(f.lua, `return db:read_scalars_by_id('Plant', 99)`)).toContain("Element not found: 99 in collection 'Plant'");
    });

    it('db:read_vectors_by_id(c, id)', () => {
      using f = plants();
      expect(f.lua.run(`return db:read_vectors_by_id('Plant', 1)`)).toEqual({
        output_mw: [1, 2.5],
        output_count: [1, 2],
        output_note: ['a', 'b'],
      });
    });

    it('db:read_sets_by_id(c, id)', () => {
      using f = plants();
      expect(f.lua.run(`return db:read_sets_by_id('Plant', 1)`)).toEqual({ code: [7], tag: ['x', 'y'], weight: [0.5] });
    });

    it('db:read_element_by_id(c, id)', () => {
      using f = plants();
      const element = f.lua.run(`return db:read_element_by_id('Plant', 1)`) as Record<string, unknown>;
      expect(Object.keys(element).sort()).toEqual(
        ['capacity', 'code', 'date_built', 'id', 'label', 'output_count', 'output_mw', 'output_note', 'owner', 'tag', 'units', 'weight'],
      );
      expect(element).toMatchObject({ label: 'P1', units: 3, output_mw: [1, 2.5], code: [7], weight: [0.5] });
    });
  });

  describe('metadata', () => {
    it('db:get_scalar_metadata(c, a)', () => {
      using f = plants();
      expect(f.lua.run(`return db:get_scalar_metadata('Plant', 'units')`)).toEqual(
        scalarMeta('units', 'integer', { default_value: '1' }),
      );
      expect(f.lua.run(`return db:get_scalar_metadata('Plant', 'date_built').data_type`)).toBe('date_time');
      expect(f.lua.run(`return db:get_scalar_metadata('Plant', 'label')`)).toEqual(
        scalarMeta('label', 'text', { not_null: true }),
      );
    });

    it('db:get_vector_metadata(c, g)', () => {
      using f = plants();
      expect(f.lua.run(`return db:get_vector_metadata('Plant', 'output')`)).toEqual({
        group_name: 'output',
        value_columns: [scalarMeta('output_mw', 'real'), scalarMeta('output_count', 'integer'), scalarMeta('output_note', 'text')],
      });
    });

    it('db:get_set_metadata(c, g)', () => {
      using f = plants();
      expect(f.lua.run(`return db:get_set_metadata('Plant', 'tags')`)).toEqual({
        group_name: 'tags',
        value_columns: [scalarMeta('tag', 'text', { not_null: true })],
      });
    });

    it('db:get_time_series_metadata(c, g)', () => {
      using f = plants();
      const m = f.lua.run(`return db:get_time_series_metadata('Plant', 'load')`) as Record<string, unknown>;
      expect(m).toMatchObject({ group_name: 'load', dimension_column: 'date_time' });
      expect((m.value_columns as { name: string }[]).map((c) => c.name)).toEqual(
        f.db.getTimeSeriesMetadata('Plant', 'load').valueColumns.map((c) => c.name),
      );
    });

    it('db:list_scalar_attributes(c)', () => {
      using f = plants();
      const list = f.lua.run(`return db:list_scalar_attributes('Plant')`) as { name: string; primary_key: boolean }[];
      expect(list.map((m) => m.name)).toEqual(['id', 'label', 'capacity', 'units', 'owner', 'date_built']);
      expect(list[0]!.primary_key).toBe(true);
    });

    it('db:list_vector_groups(c)', () => {
      using f = plants();
      const groups = f.lua.run(`return db:list_vector_groups('Plant')`) as Record<string, unknown>[];
      expect(groups.map((g) => g.group_name)).toEqual(['output']);
      expect(groups[0]).not.toHaveProperty('dimension_column');
    });

    it('db:list_set_groups(c)', () => {
      using f = plants();
      const groups = f.lua.run(`return db:list_set_groups('Plant')`) as { group_name: string }[];
      expect(groups.map((g) => g.group_name)).toEqual(['codes', 'tags', 'weights']);
    });

    it('db:list_time_series_groups(c)', () => {
      using f = plants();
      const groups = f.lua.run(`return db:list_time_series_groups('Plant')`) as Record<string, unknown>[];
      expect(groups.map((g) => [g.group_name, g.dimension_column])).toEqual([['load', 'date_time']]);
    });

    it('db:list_time_series_files_columns(c)', () => {
      using f = plants();
      expect(f.lua.run(`return db:list_time_series_files_columns('Plant')`)).toEqual(['load_file', 'price_file']);
    });
  });

  describe('groups', () => {
    it('db:read_time_series_group(c, g, id)', () => {
      using f = plants();
      expect(f.lua.run(`return db:read_time_series_group('Plant', 'load', 1)`)).toEqual([]); // no rows: {}
      f.db.updateTimeSeriesGroup('Plant', 'load', 1, { date_time: ['2024-01-02T00:00:00', '2024-01-01T00:00:00'], load: [2, 1] });
      expect(f.lua.run(`return db:read_time_series_group('Plant', 'load', 1)`)).toEqual({
        date_time: ['2024-01-01T00:00:00', '2024-01-02T00:00:00'],
        load: [1, 2],
      });
    });

    it('db:update_time_series_group(c, g, id, cols)', () => {
      using f = plants();
      f.lua.run(`db:update_time_series_group('Plant', 'load', 1, {date_time = {'2024-01-01T00:00:00'}, load = {7.5}})`);
      expect(f.db.readTimeSeriesGroup('Plant', 'load', 1)).toMatchObject({ date_time: ['2024-01-01T00:00:00'] });
      f.lua.run(`db:update_time_series_group('Plant', 'load', 1, {})`);
      expect(f.lua.run(`return db:read_time_series_group('Plant', 'load', 1)`)).toEqual([]);
    });

    it('db:update_vector_group(c, g, id, cols)', () => {
      using f = plants();
      f.lua.run(`db:update_vector_group('Plant', 'output', 2, {output_mw = {9.0, 8.0}, output_note = {'n'}})`);
      expect(f.lua.run(`return db:read_vectors_by_id('Plant', 2)`)).toEqual({
        output_mw: [9, 8],
        output_count: [],
        output_note: ['n'],
      });
      expect(failure(f.lua, `db:update_vector_group('Plant', 'output', 2, {output_mw = {}})`)).toBe(
        'Failed to run Lua script: Cannot update_vector_group: columns [output_mw] contain no rows; pass an empty table {} to clear the group',
      );
      f.lua.run(`db:update_vector_group('Plant', 'output', 1, {})`);
      expect(f.db.readVectorFloatsById('Plant', 'output_mw', 1)).toEqual([]);
    });

    it('db:update_set_group(c, g, id, cols)', () => {
      using f = plants();
      f.lua.run(`db:update_set_group('Plant', 'codes', 2, {code = {11, 12}})`);
      expect(f.lua.run(`return db:read_set_integers('Plant', 'code')`)).toEqual([[7], [11, 12]]);
      expect(failure(f.lua, `db:update_set_group('Plant', 'codes', 2, {code = 5})`)).toBe(
        "Failed to run Lua script: Cannot update_set_group: column 'code' must be an array of values",
      );
    });

    it('db:read_time_series_row(c, g, attribute, date_time)', () => {
      using f = plants();
      f.lua.run(`
        db:update_time_series_group('Plant', 'load', 1, {date_time = {'2024-01-01T00:00:00', '2024-01-03T00:00:00'}, load = {1.0, 3.0}})
        db:update_time_series_group('Plant', 'load', 2, {date_time = {'2024-01-05T00:00:00'}, load = {5.0}})`);
      expect(f.lua.runRaw(`return db:read_time_series_row('Plant', 'load', 'load', '2024-01-02T00:00:00')`)).toBe('[1]');
      expect(f.lua.runRaw(`return db:read_time_series_row('Plant', 'load', 'load', '2024-01-09T00:00:00')`)).toBe('[3,5]');
    });

    it('db:upsert_time_series_row(c, g, id, row)', () => {
      using f = plants();
      f.lua.run(`db:upsert_time_series_row('Plant', 'load', 1, {date_time = '2024-01-01T00:00:00', load = 1.5})`);
      f.lua.run(`db:upsert_time_series_row('Plant', 'load', 1, {date_time = '2024-01-01T00:00:00', load = 2.5})`);
      expect(f.lua.run(`return db:read_time_series_group('Plant', 'load', 1)`)).toEqual({
        date_time: ['2024-01-01T00:00:00'],
        load: [2.5],
      });
      expect(failure(f.lua, `db:upsert_time_series_row('Plant', 'load', 1, {date_time = '2024-01-02T00:00:00', load = true})`)).toContain(
        "Cannot lua_table_to_value_map: column 'load' has unsupported Lua type",
      );
    });
  });

  describe('time-series files', () => {
    it('db:has_time_series_files(c)', () => {
      using f = plants();
      expect(f.lua.run(`return db:has_time_series_files('Plant')`)).toBe(true);
      expect(f.lua.run(`return db:has_time_series_files('Configuration')`)).toBe(false);
    });

    it('db:read_time_series_files(c)', () => {
      using f = plants();
      expect(f.lua.run(`return db:read_time_series_files('Plant')`)).toEqual([]); // all NULL: no keys
      f.db.updateTimeSeriesFiles('Plant', { load_file: 'load.csv', price_file: null });
      expect(f.lua.run(`return db:read_time_series_files('Plant')`)).toEqual({ load_file: 'load.csv' });
    });

    it('db:update_time_series_files(c, paths)', () => {
      using f = plants();
      f.lua.run(`db:update_time_series_files('Plant', {load_file = 'a.csv', price_file = 'b.csv'})`);
      f.lua.run(`db:update_time_series_files('Plant', {price_file = 'c.csv'})`);
      expect(f.db.readTimeSeriesFiles('Plant')).toEqual({ load_file: null, price_file: 'c.csv' });
    });
  });

  describe('queries', () => {
    it('db:query_string(sql, params?)', () => {
      using f = plants();
      expect(f.lua.run(`return db:query_string('SELECT label FROM Plant WHERE units = ?', {4})`)).toBe('P2');
      expect(f.lua.run(`return db:query_string('SELECT label FROM Plant WHERE id = 99')`)).toBeNull();
    });

    it('db:query_integer(sql, params?)', () => {
      using f = plants();
      expect(f.lua.run(`return db:query_integer('SELECT SUM(units) FROM Plant')`)).toBe(7);
      expect(f.lua.run(`return db:query_integer('SELECT id FROM Plant WHERE label = ?', {'P2'})`)).toBe(2);
      expect(failure(f.lua, `return db:query_integer('SELECT ?')`)).toMatch(/^Failed to run Lua script: .*expected 1/);
    });

    it('db:query_float(sql, params?)', () => {
      using f = plants();
      expect(f.lua.run(`return db:query_float('SELECT capacity * ? FROM Plant WHERE id = 1', {2.0})`)).toBe(3);
      expect(f.lua.run(`return math.type(db:query_float('SELECT 1.25'))`)).toBe('float');
    });
  });

  describe('CSV', () => {
    it('db:export_csv(c, group, path, options?)', () => {
      using f = plants();
      f.lua.run(`db:export_csv('Plant', '', 'plants.csv', {date_time_format = '%Y/%m/%d'})`);
      expect(readFileSync(path.join(f.dir, 'plants.csv'), 'utf8')).toBe(
        'sep=,\nlabel,capacity,units,owner,date_built\nP1,1.5,3,Ana,2020/01/01\nP2,,4,,\n',
      );
      f.lua.run(`db:export_csv('Plant', 'output', 'out/output.csv')`);
      expect(readFileSync(path.join(f.dir, 'out', 'output.csv'), 'utf8')).toBe(
        'sep=,\nid,vector_index,output_mw,output_count,output_note\nP1,1,1,1,a\nP1,2,2.5,2,b\n',
      );
    });

    it('db:import_csv(c, group, path, options?)', () => {
      using f = plants();
      writeFileSync(path.join(f.dir, 'in.csv'), 'sep=,\nlabel,capacity,units,owner,date_built\nQ1,2,Big,Cy,\n');
      f.lua.run(`db:import_csv('Plant', '', 'in.csv', {enum_labels = {units = {en = {Big = 9}}}})`);
      expect(f.lua.run(`return db:read_scalars_by_id('Plant', db:read_element_ids('Plant')[1])`)).toMatchObject({
        label: 'Q1',
        capacity: 2,
        units: 9,
        owner: 'Cy',
      });
      expect(f.db.numberOfElements('Plant')).toBe(1); // import replaces the collection
      expect(failure(f.lua, `db:transaction(function(d) d:import_csv('Plant', '', 'in.csv') end)`)).toContain(
        'Cannot import_csv: transaction already active',
      );
    });
  });
});

describe('values a script cannot store (NaN, NUL inside text, malformed date-times)', () => {
  const SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Item (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, price REAL, date_due TEXT) STRICT;
CREATE TABLE Item_vector_prices (id INTEGER NOT NULL REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, amount REAL, PRIMARY KEY (id, vector_index)) STRICT;
CREATE TABLE Item_time_series_log (id INTEGER NOT NULL REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_time TEXT NOT NULL, note TEXT, PRIMARY KEY (id, date_time)) STRICT;
`;
  const NAN = 'NaN is not a storable value (use NULL for a missing value)';
  const NUL = 'text contains a NUL character';

  it('NaN is refused in scalars, arrays, time series and query parameters', () => {
    using f = fixture(SCHEMA);
    expect(failure(f.lua, `db:create_element('Item', {label = 'a', price = 0/0})`)).toContain(`Cannot create_element: column 'price': ${NAN}`);
    expect(failure(f.lua, `db:create_element('Item', {label = 'a', amount = {1.5, 0/0}})`)).toContain(
      `Cannot create_element: array 'amount' index 1: ${NAN}`,
    );
    f.lua.run(`db:create_element('Item', {label = 'b', price = math.huge})`);
    expect(f.db.readScalarFloats('Item', 'price')).toEqual([Infinity]);
    expect(failure(f.lua, `db:query_float('SELECT ?', {0/0})`)).toContain('Failed to execute statement: parameter 1 is NaN');
    expect(f.db.numberOfElements('Item')).toBe(1);
  });

  it('text with a NUL inside is refused instead of being cut short on read', () => {
    using f = fixture(SCHEMA);
    const id = f.lua.run(`return db:create_element('Item', {label = 'ok'})`) as number;
    expect(failure(f.lua, `db:create_element('Item', {label = 'a\\0b'})`)).toContain(`Cannot create_element: column 'label': ${NUL}`);
    expect(failure(f.lua, `db:update_element('Item', ${id}, {label = 'a\\0b'})`)).toContain(`Cannot update_element: column 'label': ${NUL}`);
    expect(failure(f.lua, `db:update_time_series_group('Item', 'log', ${id}, {date_time = {'2030-01-01'}, note = {'x\\0y'}})`)).toContain(
      `Cannot update_time_series_group: column 'note' index 0: ${NUL}`,
    );
    expect(failure(f.lua, `db:upsert_time_series_row('Item', 'log', ${id}, {date_time = '2030-01-01', note = 'x\\0y'})`)).toContain(
      `Cannot upsert_time_series_row: column 'note' index 0: ${NUL}`,
    );
    expect(failure(f.lua, `db:query_string('SELECT ?', {'x\\0y'})`)).toContain('Failed to execute statement: text of parameter 1 contains a NUL character');
    expect(f.db.readScalarStrings('Item', 'label')).toEqual(['ok']);
    expect(f.db.readTimeSeriesGroup('Item', 'log', id)).toEqual({});
  });

  it('a date column takes only date-time text', () => {
    using f = fixture(SCHEMA);
    expect(failure(f.lua, `db:create_element('Item', {label = 'a', date_due = 'tomorrow'})`)).toContain(
      "Cannot create_element: column 'date_due': 'tomorrow' is not a valid date-time",
    );
    const id = f.lua.run(`return db:create_element('Item', {label = 'a', date_due = '2030-06-01'})`) as number;
    expect(failure(f.lua, `db:update_time_series_group('Item', 'log', ${id}, {date_time = {'2030-06-01', 'later'}})`)).toContain(
      "Cannot update_time_series_group: column 'date_time' index 1: 'later' is not a valid date-time",
    );
  });
});

describe('db:export_csv onto the database file', () => {
  it('is refused and the database stays intact', () => {
    using f = fixture();
    f.lua.run(`db:create_element('Items', {label = 'a', price = 1.5})`);
    expect(failure(f.lua, `db:export_csv('Items', '', 'lua.db')`)).toContain(' is the database file');
    expect(failure(f.lua, `db:export_csv('Items', '', 'quiver_database.log')`)).toContain(" is the database's log file");
    expect(f.lua.run(`return db:read_scalar_floats('Items', 'price')`)).toEqual([1.5]);
  });
});

describe('whole-element reads of a missing element', () => {
  it('fail like the by-id writes (Quiver 0.10 returns an empty table)', () => {
    using f = fixture();
    const id = f.lua.run(`return db:create_element('Collection', {label = 'a', some_float = 1.5, value_float = {2.5}})`) as number;
    for (const method of ['read_scalars_by_id', 'read_vectors_by_id', 'read_sets_by_id', 'read_element_by_id']) {
      expect(failure(f.lua, `return db:${method}('Collection', 99)`)).toContain("Element not found: 99 in collection 'Collection'");
    }
    expect(f.lua.run(`return db:read_element_by_id('Collection', ${id})`)).toMatchObject({ label: 'a', some_float: 1.5, value_float: [2.5] });
    expect(failure(f.lua, `return db:read_vectors_by_id('Nope', 1)`)).toContain('Cannot read_vectors_by_id: collection not found: Nope');
  });
});
