// Database lifecycle: the three ways to obtain a handle, their
// errors, close/dispose, closed-handle errors, introspection and lazy model loading.
// Schema validation is in database-schema-validation.test.ts.

import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database, liveAllocations, LogLevel, QuiverError } from '../lib/index.js';
import { PLANT_SCHEMA, tmpDir, writeFarmSchema, writeMigrations, writeSchema, expectNative, thrown } from './helpers.js';

const quiet = { consoleLevel: LogLevel.Off };
const CONFIG = 'CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;\n';

afterAll(() => {
  expect(liveAllocations()).toBe(0);
});

describe('fromSchema', () => {
  it('a loaded farm schema reports version 0, path ":memory:" and healthy', () => {
    const db = Database.fromSchema(':memory:', writeFarmSchema(), quiet);
    try {
      expect(db.currentVersion()).toBe(0);
      expect(db.path()).toBe(':memory:');
      expect(db.isHealthy()).toBe(true);
      expect(db.closed).toBe(false);
    } finally {
      db.close();
    }
  });

  it('path() is the database path exactly as given', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'sub', '..', 'farm.db');
    const db = Database.fromSchema(file, writeFarmSchema(dir), quiet);
    try {
      expect(db.path()).toBe(file);
      expect(existsSync(path.join(dir, 'farm.db'))).toBe(true);
    } finally {
      db.close();
    }
  });

  it('missing schema file and empty schema file', () => {
    expectNative(() => Database.fromSchema(':memory:', 'missing.sql', quiet), 'Schema file not found: missing.sql');
    expectNative(() => Database.fromSchema(':memory:', '', quiet), 'Schema file not found: ');
    const empty = writeSchema(tmpDir(), '', 'e.sql');
    expectNative(() => Database.fromSchema(':memory:', empty, quiet), `Cannot apply_schema: schema file is empty: ${empty}`);
  });

  it('a directory given as the schema path is reported as an empty schema file', () => {
    const dir = tmpDir();
    expectNative(() => Database.fromSchema(':memory:', dir, quiet), `Cannot apply_schema: schema file is empty: ${dir}`);
  });

  it('readOnly is rejected before the schema path is looked at', () => {
    expectNative(
      () => Database.fromSchema(':memory:', 'missing.sql', { readOnly: true, consoleLevel: LogLevel.Off }),
      'Cannot from_schema: read_only mode (use Database constructor to open existing)',
    );
  });

  it('a schema path that exists but cannot be read as a file (a socket)', async () => {
    const socket = path.join(tmpDir(), 's.sock');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expectNative(() => Database.fromSchema(':memory:', socket, quiet), `Failed to apply_schema: could not open file: ${socket}`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('bad schema files: not SQL, only comments, only a NUL byte', () => {
    const dir = tmpDir();
    expectNative(
      () => Database.fromSchema(':memory:', writeSchema(dir, 'this is not SQL', 'prose.sql'), quiet),
      'Failed to execute SQL: near "this": syntax error',
    );
    expectNative(
      () => Database.fromSchema(':memory:', writeSchema(dir, '-- nothing here\n', 'comment.sql'), quiet),
      "Failed to validate schema: Schema must have a 'Configuration' table",
    );
    // The script is C text: it ends at the first NUL byte.
    const nul = path.join(dir, 'nul.sql');
    writeFileSync(nul, Buffer.concat([Buffer.from([0]), Buffer.from(CONFIG)]));
    expectNative(() => Database.fromSchema(':memory:', nul, quiet), "Failed to validate schema: Schema must have a 'Configuration' table");
  });

  it('a schema without STRICT tables is accepted', () => {
    const schema = writeSchema(tmpDir(), 'CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL);');
    const db = Database.fromSchema(':memory:', schema, quiet);
    try {
      expect(db.createElement('Configuration', { label: 'cfg' })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('a script error never creates the file', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'broken.db');
    const schema = writeSchema(dir, `${CONFIG}CREAT TABLE Farm (id INTEGER);`);
    expectNative(() => Database.fromSchema(file, schema, quiet), 'Failed to execute SQL: near "CREAT": syntax error');
    expect(existsSync(file)).toBe(false);
  });

  it('a validation failure never creates the file', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'invalid.db');
    const schema = writeSchema(dir, 'CREATE TABLE Farm (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;');
    expectNative(
      () => Database.fromSchema(file, schema, quiet),
      "Failed to validate schema: Schema must have a 'Configuration' table",
    );
    expect(existsSync(file)).toBe(false);
  });

  it('fromSchema deletes an existing database file first', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'f.db');
    const schema = writeFarmSchema(dir);
    const first = Database.fromSchema(file, schema, quiet);
    for (const label of ['A', 'B', 'C']) first.createElement('Farm', { label });
    expect(first.numberOfElements('Farm')).toBe(3);
    first.close();

    const second = Database.fromSchema(file, schema, quiet);
    try {
      expect(second.numberOfElements('Farm')).toBe(0);
    } finally {
      second.close();
    }
  });

  it('a malformed schema over an existing database leaves it whole (Quiver 0.10 left 0 bytes)', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'kept.db');
    const db = Database.fromSchema(file, writeFarmSchema(dir), quiet);
    db.createElement('Farm', { label: 'F1' });
    db.close();
    const size = statSync(file).size;
    for (const bad of [`${CONFIG}CREAT TABLE x (id INTEGER);`, 'CREATE TABLE Farm (id INTEGER PRIMARY KEY) STRICT;']) {
      expect(() => Database.fromSchema(file, writeSchema(dir, bad, 'bad.sql'), quiet)).toThrow(QuiverError);
      expect(statSync(file).size).toBe(size);
    }
    const again = Database.open(file, quiet);
    try {
      expect(again.readScalarStrings('Farm', 'label')).toEqual(['F1']);
    } finally {
      again.close();
    }
  });

  it('over a database another handle has open, the file is emptied in place: that handle sees the new schema', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'shared.db');
    const first = Database.fromSchema(file, writeFarmSchema(dir), quiet);
    try {
      first.createElement('Farm', { label: 'old' });
      const tools = `${CONFIG}CREATE TABLE Tool (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;`;
      const second = Database.fromSchema(file, writeSchema(dir, tools, 'tool.sql'), quiet);
      try {
        second.createElement('Tool', { label: 'hammer' });
        // One file for both: the first handle's SQL sees the new table, the old ones are gone.
        expect(first.queryString('SELECT label FROM Tool')).toBe('hammer');
        expect(first.queryInteger("SELECT COUNT(*) FROM sqlite_master WHERE name = 'Farm'")).toBe(0);
        expect(second.createElement('Tool', { label: 'saw' })).toBe(2);
      } finally {
        second.close();
      }
    } finally {
      first.close();
    }
  });

  it('over a handle with an open write transaction it waits the busy timeout, then fails and changes nothing', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'busy.db');
    const first = Database.fromSchema(file, writeFarmSchema(dir), quiet);
    try {
      first.createElement('Farm', { label: 'kept' });
      first.beginTransaction();
      first.createElement('Farm', { label: 'pending' });
      const started = Date.now();
      expectNative(
        () => Database.fromSchema(file, writeFarmSchema(dir), quiet),
        `Cannot from_schema: ${file} cannot be emptied (database is locked (another connection kept it locked for longer than the busy timeout))`,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(4500); // the default busy timeout of 5 s
      first.commit();
      expect(first.readScalarStrings('Farm', 'label')).toEqual(['kept', 'pending']);
    } finally {
      first.close();
    }
  }, 20_000);

  it('a file that is not an SQLite database is refused and left as it was (Quiver 0.10 deletes it)', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'junk.db');
    const text = 'not a database, only text that would fail every read. '.repeat(40);
    writeFileSync(file, text);
    expectNative(() => Database.fromSchema(file, writeFarmSchema(dir), quiet), `Cannot from_schema: ${file} cannot be emptied (file is not a database)`);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('AUTOINCREMENT counters and the version start over', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'again.db');
    Database.fromSchema(file, writeSchema(dir, `${CONFIG}PRAGMA user_version = 3;`), quiet).close();
    const farm = Database.fromSchema(file, writeFarmSchema(dir), quiet);
    try {
      expect(farm.currentVersion()).toBe(0);
      farm.createElement('Farm', { label: 'a' });
      farm.createElement('Farm', { label: 'b' });
    } finally {
      farm.close();
    }
    const again = Database.fromSchema(file, writeFarmSchema(dir), quiet);
    try {
      expect(again.createElement('Farm', { label: 'c' })).toBe(1);
    } finally {
      again.close();
    }
  });

  it('the version is whatever the schema script sets', () => {
    const schema = writeSchema(tmpDir(), `${CONFIG}PRAGMA user_version = 7;`);
    const db = Database.fromSchema(':memory:', schema, quiet);
    try {
      expect(db.currentVersion()).toBe(7);
    } finally {
      db.close();
    }
  });
});

describe('open', () => {
  it('a read-only open of a missing file fails', () => {
    const file = path.join(tmpDir(), 'absent.db');
    expectNative(
      () => Database.open(file, { readOnly: true, consoleLevel: LogLevel.Off }),
      'Failed to open database: unable to open database file',
    );
    expect(existsSync(file)).toBe(false);
  });

  it('a path in a missing directory fails to open', () => {
    const file = path.join(tmpDir(), 'no', 'such', 'dir.db');
    expectNative(() => Database.open(file, quiet), 'Failed to open database: unable to open database file');
  });

  it('a new empty file opens; the model is needed only by element calls', () => {
    const file = path.join(tmpDir(), 'empty.db');
    const db = Database.open(file, quiet);
    try {
      expect(db.isHealthy()).toBe(true);
      expect(db.currentVersion()).toBe(0);
      expect(db.path()).toBe(file);
      expectNative(
        () => db.numberOfElements('Farm'),
        "Failed to validate schema: Schema must have a 'Configuration' table",
      );
      expect(db.queryInteger('SELECT 5')).toBe(5);
    } finally {
      db.close();
    }
  });

  it('a failed model load is retried; a successful one is cached', () => {
    const db = Database.open(path.join(tmpDir(), 'lazy.db'), quiet);
    try {
      expectNative(
        () => db.readElementIds('Configuration'),
        "Failed to validate schema: Schema must have a 'Configuration' table",
      );
      db.queryInteger('CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT');
      expect(db.numberOfElements('Configuration')).toBe(0);
      db.queryInteger('CREATE TABLE Farm (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT');
      expectNative(() => db.numberOfElements('Farm'), 'Cannot number_of_elements: collection not found: Farm');
    } finally {
      db.close();
    }
  });

  it('reopening an existing Quiver file keeps its content and version', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'keep.db');
    const created = Database.fromSchema(file, writeFarmSchema(dir), quiet);
    created.createElement('Farm', { label: 'Kept' });
    created.queryInteger('PRAGMA user_version = 3');
    created.close();

    const db = Database.open(file, quiet);
    try {
      expect(db.currentVersion()).toBe(3);
      expect(db.readScalarStrings('Farm', 'label')).toEqual(['Kept']);
    } finally {
      db.close();
    }
  });

  it('readOnly: reads work, writes fail with SQLite\'s read-only error', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'ro.db');
    const created = Database.fromSchema(file, writeFarmSchema(dir), quiet);
    created.createElement('Farm', { label: 'F1' });
    created.close();

    const db = Database.open(file, { readOnly: true, consoleLevel: LogLevel.Off });
    try {
      expect(db.readScalarStrings('Farm', 'label')).toEqual(['F1']);
      expectNative(
        () => db.createElement('Farm', { label: 'F2' }),
        'Failed to execute statement: attempt to write a readonly database',
      );
      expectNative(() => db.deleteElement('Farm', 1), 'Failed to execute statement: attempt to write a readonly database');
      expect(db.numberOfElements('Farm')).toBe(1);
    } finally {
      db.close();
    }
  });

  it('readOnly on a database with a hot journal (a writer died mid-transaction) rolls it back and reads', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'live.db');
    const writer = Database.fromSchema(file, writeFarmSchema(dir), quiet);
    const copy = path.join(dir, 'crashed.db');
    try {
      writer.createElement('Farm', { label: 'committed' });
      // A tiny page cache makes the open transaction spill its pages into the file; a copy of the
      // file and its journal taken now is what a crash leaves behind.
      writer.queryInteger('PRAGMA cache_size = 2');
      writer.beginTransaction();
      for (let i = 0; i < 300; i++) writer.createElement('Farm', { label: `uncommitted ${i}`, owner: 'x'.repeat(200) });
      expect(statSync(`${file}-journal`).size).toBeGreaterThan(512);
      copyFileSync(file, copy);
      copyFileSync(`${file}-journal`, `${copy}-journal`);
      writer.rollback();
    } finally {
      writer.close();
    }
    const db = Database.open(copy, { readOnly: true, consoleLevel: LogLevel.Off });
    try {
      expect(db.readScalarStrings('Farm', 'label')).toEqual(['committed']);
      expect(db.queryString('PRAGMA integrity_check')).toBe('ok');
    } finally {
      db.close();
    }
    expect(existsSync(`${copy}-journal`)).toBe(false);
  });

  it('busyTimeoutMs: a write waits that long for another connection, then fails saying why', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'locked.db');
    const first = Database.fromSchema(file, writeFarmSchema(dir), quiet);
    const second = Database.open(file, { ...quiet, busyTimeoutMs: 300 });
    try {
      first.beginTransaction();
      first.createElement('Farm', { label: 'pending' });
      // Readers are not blocked by a write transaction that has not started committing.
      expect(second.readScalarStrings('Farm', 'label')).toEqual([]);
      const started = Date.now();
      expectNative(
        () => second.createElement('Farm', { label: 'blocked' }),
        'Failed to begin transaction: database is locked (another connection kept it locked for longer than the busy timeout)',
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      first.commit();
      second.createElement('Farm', { label: 'after' });
      expect(first.readScalarStrings('Farm', 'label')).toEqual(['pending', 'after']);
    } finally {
      second.close();
      first.close();
    }
  });

  it('busyTimeoutMs must be an integer from 0 to 2147483647', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 31, '100']) {
      const err = thrown(() => Database.open(':memory:', { ...quiet, busyTimeoutMs: bad as number }));
      expect(err.code).toBe('QUIVER_INVALID_ARGUMENT');
      expect(err.message).toBe(`Invalid busyTimeoutMs ${String(bad)}: expected an integer from 0 to 2147483647`);
    }
    const db = Database.open(':memory:', { ...quiet, busyTimeoutMs: 0 });
    db.close();
  });

  it('a file that is not SQLite opens, then fails where the file is first read', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'junk.db');
    writeFileSync(file, 'definitely not an SQLite database header. '.repeat(40));
    const db = Database.open(file, quiet);
    try {
      expect(db.isHealthy()).toBe(true);
      expectNative(() => db.numberOfElements('Farm'), 'Failed to query table names: file is not a database');
      expectNative(() => db.currentVersion(), 'Failed to read user_version: file is not a database');
      expectNative(() => db.queryInteger('SELECT 1 FROM t'), 'Failed to prepare statement: file is not a database');
    } finally {
      db.close();
    }
  });

  it('"" opens an SQLite temporary database; path() is ""', () => {
    const db = Database.open('', quiet);
    try {
      expect(db.path()).toBe('');
      db.queryInteger('CREATE TABLE t (x INTEGER)');
      expect(db.queryInteger('SELECT COUNT(*) FROM t')).toBe(0);
    } finally {
      db.close();
    }
  });

  it('":memory:" opens a private empty database per handle', () => {
    const a = Database.open(':memory:', quiet);
    const b = Database.open(':memory:', quiet);
    try {
      a.queryInteger('CREATE TABLE t (x INTEGER)');
      expect(a.queryInteger("SELECT COUNT(*) FROM sqlite_master WHERE name = 't'")).toBe(1);
      expect(b.queryInteger("SELECT COUNT(*) FROM sqlite_master WHERE name = 't'")).toBe(0);
      expect(a.path()).toBe(':memory:');
    } finally {
      a.close();
      b.close();
    }
  });

  it('foreign keys are enforced on every connection', () => {
    const db = Database.fromSchema(':memory:', writeFarmSchema(), quiet);
    try {
      expect(db.queryInteger('PRAGMA foreign_keys')).toBe(1);
    } finally {
      db.close();
    }
  });
});

describe('options', () => {
  it('every consoleLevel from Debug to Off is accepted', () => {
    for (const level of [LogLevel.Debug, LogLevel.Info, LogLevel.Warn, LogLevel.Error, LogLevel.Off]) {
      const db = Database.open(':memory:', { consoleLevel: level });
      expect(db.isHealthy()).toBe(true);
      db.close();
    }
  });

  it('consoleLevel filters what the library logs to stderr', () => {
    // Native logging bypasses process.stderr, so it is observed in a child process.
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const script = writeSchema(
      tmpDir(),
      `import { Database } from ${JSON.stringify(pathToFileURL(path.join(root, 'lib', 'index.ts')).href)};\n` +
        `Database.open(':memory:', { consoleLevel: Number(process.argv[2]) }).close();\n`,
      'log.mts',
    );
    const run = (level: LogLevel): string => {
      const child = spawnSync(process.execPath, ['--import', 'tsx', script, String(level)], { cwd: root, encoding: 'utf8' });
      expect(child.status, child.stderr).toBe(0);
      expect(child.stdout).toBe('');
      return child.stderr;
    };
    const info = run(LogLevel.Info);
    expect(info).toContain('[info] database opened: :memory:');
    expect(info).toContain('[info] database closed: :memory:');
    const warn = run(LogLevel.Warn);
    expect(warn).toContain('[warning] in-memory database: no log file is written');
    expect(warn).not.toContain('[info]');
    expect(run(LogLevel.Off)).toBe('');
  });

  it('an out-of-range consoleLevel or a non-object options value is an invalid argument', () => {
    for (const bad of [5, -1, 1.5, Number.NaN]) {
      const err = thrown(() => Database.open(':memory:', { consoleLevel: bad as LogLevel }));
      expect(err.code).toBe('QUIVER_INVALID_ARGUMENT');
    }
    const err = thrown(() => Database.open(':memory:', 'quiet' as unknown as object));
    expect(err.code).toBe('QUIVER_INVALID_ARGUMENT');
    expect(err.message).toBe('Database options must be an object');
  });

  it('non-string paths are invalid arguments, not native crashes', () => {
    const schema = writeFarmSchema();
    const cases: (() => unknown)[] = [
      () => Database.open(42 as unknown as string, quiet),
      () => Database.open(undefined as unknown as string, quiet),
      () => Database.fromSchema(null as unknown as string, schema, quiet),
      () => Database.fromSchema(':memory:', 7 as unknown as string, quiet),
      () => Database.fromMigrations(':memory:', {} as unknown as string, quiet),
    ];
    for (const call of cases) expect(thrown(call).code).toBe('QUIVER_INVALID_ARGUMENT');
  });
});

describe('close and dispose', () => {
  it('close() is idempotent and flips closed', () => {
    const db = Database.fromSchema(':memory:', writeFarmSchema(), quiet);
    db.close();
    expect(db.closed).toBe(true);
    expect(() => db.close()).not.toThrow();
    expect(() => db[Symbol.dispose]()).not.toThrow();
    expect(db.closed).toBe(true);
  });

  it('`using` closes the database at the end of the block', () => {
    let escaped: Database | undefined;
    {
      using db = Database.fromSchema(':memory:', writeFarmSchema(), quiet);
      escaped = db;
      expect(db.createElement('Farm', { label: 'F1' })).toBe(1);
      expect(db.closed).toBe(false);
    }
    expect(escaped.closed).toBe(true);
    expect(thrown(() => escaped!.isHealthy()).code).toBe('QUIVER_CLOSED');
  });

  it('`using` closes the database when the block throws', () => {
    let escaped: Database | undefined;
    expect(() => {
      using db = Database.open(':memory:', quiet);
      escaped = db;
      throw new Error('boom');
    }).toThrow('boom');
    expect(escaped!.closed).toBe(true);
  });

  it('a closed file database releases the file: it can be reopened and sees committed data', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'reopen.db');
    const db = Database.fromSchema(file, writeFarmSchema(dir), quiet);
    db.createElement('Farm', { label: 'F1' });
    db.close();
    expect(statSync(file).size).toBeGreaterThan(0);
    const again = Database.open(file, quiet);
    try {
      expect(again.readScalarStrings('Farm', 'label')).toEqual(['F1']);
    } finally {
      again.close();
    }
  });

  it('an open transaction is rolled back by close()', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'tx.db');
    const db = Database.fromSchema(file, writeFarmSchema(dir), quiet);
    db.beginTransaction();
    db.createElement('Farm', { label: 'Uncommitted' });
    db.close();
    const again = Database.open(file, quiet);
    try {
      expect(again.numberOfElements('Farm')).toBe(0);
    } finally {
      again.close();
    }
  });

  it('every method of a closed Database throws QuiverError "Database is closed" (QUIVER_CLOSED)', async () => {
    const db = Database.fromSchema(':memory:', writeFarmSchema(), quiet);
    db.createElement('Farm', { label: 'F1' });
    db.close();

    const skip = new Set(['constructor', 'close']);
    const methods = Object.getOwnPropertyNames(Database.prototype).filter((name) => {
      if (skip.has(name)) return false;
      const desc = Object.getOwnPropertyDescriptor(Database.prototype, name)!;
      return typeof desc.value === 'function';
    });
    // Sanity: the list is the real API, not an accidentally empty one.
    expect(methods).toEqual(expect.arrayContaining(['isHealthy', 'path', 'currentVersion', 'createElement', 'readScalarIntegers', 'readElementIds', 'numberOfElements', 'queryInteger', 'beginTransaction', 'transaction', 'dryRun']));
    expect(methods.length).toBeGreaterThan(40);

    // Plausible arguments for any signature; a closed handle must be reported before they matter.
    const args: unknown[] = ['Farm', 'label', 1, { label: 'x' }, 'x'];
    for (const name of methods) {
      const fn = (db as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
      const callArgs = name === 'transaction' || name === 'dryRun' ? [() => 1] : args;
      let err: unknown;
      try {
        const result = fn.apply(db, callArgs);
        // The *Async methods report it as a rejection.
        if (result instanceof Promise) await result.catch((e: unknown) => (err = e));
      } catch (e) {
        err = e;
      }
      expect(err, name).toBeInstanceOf(QuiverError);
      expect((err as QuiverError).message, name).toBe('Database is closed');
      expect((err as QuiverError).code, name).toBe('QUIVER_CLOSED');
    }
  });
});

describe('fromMigrations argument errors', () => {
  it('readOnly is rejected first', () => {
    expectNative(
      () => Database.fromMigrations(':memory:', '/nonexistent/migrations', { readOnly: true, consoleLevel: LogLevel.Off }),
      'Cannot from_migrations: read_only mode (use Database constructor to open existing)',
    );
  });

  it('a missing migrations path and a path that is a file', () => {
    const dir = tmpDir();
    const missing = path.join(dir, 'nope');
    expectNative(() => Database.fromMigrations(':memory:', missing, quiet), `Migrations path not found: ${missing}`);
    const file = writeSchema(dir, CONFIG, 'not-a-dir.sql');
    expectNative(
      () => Database.fromMigrations(':memory:', file, quiet),
      `Cannot from_migrations: path is not a directory: ${file}`,
    );
  });

  it('on a file that is not SQLite it fails reading the version', () => {
    const dir = tmpDir();
    const junk = path.join(dir, 'junk.db');
    writeFileSync(junk, 'not a database, just some text that is long enough. '.repeat(40));
    const migrations = path.join(dir, 'migrations');
    mkdirSync(path.join(migrations, '1'), { recursive: true });
    writeSchema(path.join(migrations, '1'), CONFIG, 'up.sql');
    expectNative(
      () => Database.fromMigrations(junk, migrations, quiet),
      'Failed to read user_version: file is not a database',
    );
  });
});

describe('fromMigrations', () => {
  const FARM = 'CREATE TABLE Farm (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;';

  it('numeric folders apply in order, non-numeric ones are ignored; re-running applies nothing', () => {
    const dir = tmpDir();
    const migrations = writeMigrations(path.join(dir, 'migrations'), {
      1: `${CONFIG}PRAGMA user_version = 42;`,
      2: FARM,
      5: 'ALTER TABLE Farm ADD COLUMN area REAL;',
      // Not migrations: their SQL would fail if it ran.
      abc: 'THIS IS NOT SQL;',
      '.hidden': 'THIS IS NOT SQL EITHER;',
    });
    writeFileSync(path.join(migrations, '7'), 'a plain file, not a folder');
    writeFileSync(path.join(migrations, '1', 'down.sql'), 'DROP TABLE Configuration;');
    const file = path.join(dir, 'm.db');

    const db = Database.fromMigrations(file, migrations, quiet);
    try {
      expect(db.currentVersion()).toBe(5);
      expect(db.createElement('Farm', { label: 'F1', area: 2.5 })).toBe(1);
      expect(db.readScalarFloats('Farm', 'area')).toEqual([2.5]);
    } finally {
      db.close();
    }

    const again = Database.fromMigrations(file, migrations, quiet);
    try {
      expect(again.currentVersion()).toBe(5);
      expect(again.readScalarStrings('Farm', 'label')).toEqual(['F1']);
    } finally {
      again.close();
    }
  });

  it('a folder name must be a plain decimal version: 01, " 4", +5, 0, -1, 7x and numbers beyond int64 fail before anything runs', () => {
    for (const bad of ['01', ' 4', '+5', '0', '-1', '7x', '9223372036854775808', '1 ']) {
      const dir = tmpDir();
      const migrations = writeMigrations(path.join(dir, 'migrations'), { 1: CONFIG, [bad]: 'NOT SQL;' });
      const file = path.join(dir, 'n.db');
      expectNative(
        () => Database.fromMigrations(file, migrations, quiet),
        `Cannot from_migrations: invalid migration folder name '${bad}': a version is written in plain decimal from 1 to 9223372036854775807, without sign, spaces or leading zeros`,
      );
      expect(existsSync(file)).toBe(false);
    }
  });

  it('versions beyond 32 bits are recorded and read back exactly', () => {
    const dir = tmpDir();
    const migrations = writeMigrations(path.join(dir, 'migrations'), { 1: CONFIG, 4294967297: FARM });
    const file = path.join(dir, 'big.db');
    const db = Database.fromMigrations(file, migrations, quiet);
    try {
      expect(db.currentVersion()).toBe(4294967297);
      expect(db.queryInteger('PRAGMA user_version')).toBe(2147483647);
      expect(db.listScalarAttributes('Farm').map((m) => m.name)).toEqual(['id', 'label']);
      expect(db.describe()).not.toContain('_quiver_version');
    } finally {
      db.close();
    }
    writeMigrations(migrations, { 9007199254740991: 'ALTER TABLE Farm ADD COLUMN extra REAL;' });
    const again = Database.fromMigrations(file, migrations, quiet); // 4294967297 is not applied twice
    try {
      expect(again.currentVersion()).toBe(9007199254740991);
      expect(again.listScalarAttributes('Farm').map((m) => m.name)).toContain('extra');
    } finally {
      again.close();
    }
  });

  it('pending migrations only: a later folder applies on top of an existing file; gaps are fine', () => {
    const dir = tmpDir();
    const migrations = writeMigrations(path.join(dir, 'migrations'), { 1: CONFIG, 3: FARM });
    const file = path.join(dir, 'gap.db');
    Database.fromMigrations(file, migrations, quiet).close();

    writeMigrations(migrations, { 10: 'ALTER TABLE Farm ADD COLUMN owner TEXT;' });
    const db = Database.fromMigrations(file, migrations, quiet);
    try {
      expect(db.currentVersion()).toBe(10);
      expect(db.listScalarAttributes('Farm').map((m) => m.name)).toEqual(['id', 'label', 'owner']);
    } finally {
      db.close();
    }
  });

  it('a file at a higher version than any folder gets nothing applied', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'ahead.db');
    const created = Database.fromSchema(file, writeSchema(dir, `${CONFIG}PRAGMA user_version = 9;`), quiet);
    created.close();
    const migrations = writeMigrations(path.join(dir, 'migrations'), { 1: 'NOT SQL;' });
    const db = Database.fromMigrations(file, migrations, quiet);
    try {
      expect(db.currentVersion()).toBe(9);
      expect(db.numberOfElements('Configuration')).toBe(0);
    } finally {
      db.close();
    }
  });

  it('an empty folder on an empty file succeeds; the model is validated lazily later', () => {
    const dir = tmpDir();
    const migrations = path.join(dir, 'migrations');
    mkdirSync(migrations);
    const db = Database.fromMigrations(path.join(dir, 'e.db'), migrations, quiet);
    try {
      expect(db.currentVersion()).toBe(0);
      expectNative(() => db.readElementIds('Farm'), "Failed to validate schema: Schema must have a 'Configuration' table");
    } finally {
      db.close();
    }
  });

  it('a failing migration is rolled back alone; earlier ones stay committed', () => {
    const dir = tmpDir();
    const migrations = writeMigrations(path.join(dir, 'migrations'), { 1: CONFIG, 2: `${FARM} NOT SQL;` });
    const file = path.join(dir, 'fail.db');
    expectNative(
      () => Database.fromMigrations(file, migrations, quiet),
      'Failed to migrate_up: migration 2: Failed to execute SQL: near "NOT": syntax error',
    );
    const db = Database.open(file, quiet);
    try {
      expect(db.currentVersion()).toBe(1);
      expect(db.queryInteger("SELECT COUNT(*) FROM sqlite_master WHERE name = 'Farm'")).toBe(0);
      expect(db.numberOfElements('Configuration')).toBe(0);
    } finally {
      db.close();
    }
  });

  it('a folder without up.sql, and BEGIN inside up.sql', () => {
    const dir = tmpDir();
    const noUp = path.join(dir, 'no-up');
    mkdirSync(path.join(noUp, '1'), { recursive: true });
    expectNative(() => Database.fromMigrations(path.join(dir, 'a.db'), noUp, quiet), 'Cannot migrate_up: migration 1 has no up.sql file');

    const withBegin = writeMigrations(path.join(dir, 'begin'), { 1: `BEGIN TRANSACTION;\n${CONFIG}` });
    expectNative(
      () => Database.fromMigrations(path.join(dir, 'b.db'), withBegin, quiet),
      'Failed to migrate_up: migration 1: Failed to execute SQL: cannot start a transaction within a transaction',
    );
  });

  it('an empty up.sql counts as missing; earlier migrations of the run stay committed', () => {
    const dir = tmpDir();
    const migrations = writeMigrations(path.join(dir, 'migrations'), { 1: CONFIG, 2: '' });
    const file = path.join(dir, 'empty-up.db');
    expectNative(() => Database.fromMigrations(file, migrations, quiet), 'Cannot migrate_up: migration 2 has no up.sql file');
    const db = Database.open(file, quiet);
    try {
      expect(db.currentVersion()).toBe(1);
    } finally {
      db.close();
    }
  });

  it('COMMIT inside up.sql makes the final commit fail', () => {
    const dir = tmpDir();
    const migrations = writeMigrations(path.join(dir, 'migrations'), { 1: `${CONFIG}\nCOMMIT;` });
    expectNative(
      () => Database.fromMigrations(path.join(dir, 'c.db'), migrations, quiet),
      'Failed to migrate_up: migration 1: Failed to commit transaction: cannot commit - no transaction is active',
    );
  });

  it('validation fails after the run, which stays committed with the new version', () => {
    const dir = tmpDir();
    const migrations = writeMigrations(path.join(dir, 'migrations'), { 1: CONFIG, 2: 'CREATE TABLE Oops (x INTEGER) STRICT;' });
    const file = path.join(dir, 'oops.db');
    expectNative(
      () => Database.fromMigrations(file, migrations, quiet),
      "Failed to validate schema: Collection 'Oops' must have 'id' as primary key",
    );
    const db = Database.open(file, quiet);
    try {
      expect(db.currentVersion()).toBe(2);
      expect(db.queryInteger("SELECT COUNT(*) FROM sqlite_master WHERE name = 'Oops'")).toBe(1);
    } finally {
      db.close();
    }
  });
});

describe('closing the Database from inside an argument', () => {
  // Every method that reads objects, arrays or options: a getter (or Date method) in the argument
  // closes the Database. The arguments are converted before the handle is taken, so the call
  // fails with QUIVER_CLOSED instead of handing C a freed handle (a crash, a hang or a bogus error).
  type Case = [name: string, call: (db: Database, close: () => void) => unknown];
  const getter = <T>(close: () => void, value: T): { get(): T } => ({
    get() {
      close();
      return value;
    },
  });
  const withGetter = <T extends object>(target: T, key: string, close: () => void, value: unknown): T =>
    Object.defineProperty(target, key, { ...getter(close, value), enumerable: true });
  const closingDate = (close: () => void): Date => {
    const d = new Date(Date.UTC(2030, 0, 1));
    d.toISOString = () => {
      close();
      return '2030-01-01T00:00:00.000Z';
    };
    return d;
  };
  const cases: Case[] = [
    ['createElement (scalar getter)', (db, c) => db.createElement('Plant', withGetter({ label: 'g' }, 'capacity', c, 9))],
    ['createElement (array element getter)', (db, c) => db.createElement('Plant', { label: 'g', cost: withGetter([0], '0', c, 1.5) })],
    ['createElement (Date value)', (db, c) => db.createElement('Plant', { label: 'g', date_built: closingDate(c) })],
    ['updateElement', (db, c) => db.updateElement('Plant', 1, withGetter({}, 'capacity', c, 9))],
    ['updateVectorGroup', (db, c) => db.updateVectorGroup('Plant', 'costs', 1, withGetter({}, 'cost', c, [1, 2]))],
    ['updateSetGroup', (db, c) => db.updateSetGroup('Plant', 'zones', 1, { zone: withGetter(['a', 'b'], '1', c, 'z') })],
    ['updateTimeSeriesGroup', (db, c) => db.updateTimeSeriesGroup('Plant', 'output', 1, withGetter({ date_time: ['2030-01-01'] }, 'mw', c, [1]))],
    [
      'updateTimeSeriesGroup (float column to an INTEGER column: metadata lookup)',
      (db, c) =>
        db.updateTimeSeriesGroup('Plant', 'bids', 1, withGetter({ date_time: ['2030-01-01'], price: Float64Array.of(2) }, 'segment', c, Float64Array.of(1))),
    ],
    ['upsertTimeSeriesRow', (db, c) => db.upsertTimeSeriesRow('Plant', 'output', 1, withGetter({ date_time: '2030-01-01' }, 'mw', c, 3))],
    ['readTimeSeriesRow (Date)', (db, c) => db.readTimeSeriesRow('Plant', 'output', 'mw', closingDate(c))],
    ['updateTimeSeriesFiles', (db, c) => db.updateTimeSeriesFiles('Plant', withGetter({}, 'curve', c, 'curve.csv'))],
    ['queryInteger params', (db, c) => db.queryInteger('SELECT ?', withGetter([0], '0', c, 1))],
    ['queryFloat params', (db, c) => db.queryFloat('SELECT ?', [closingDate(c)])],
    ['queryString params', (db, c) => db.queryString('SELECT ?', withGetter([0], '0', c, 'x'))],
    ['exportCsv options', (db, c) => db.exportCsv('Plant', '', path.join(tmpDir(), 'out.csv'), withGetter({}, 'dateTimeFormat', c, '%Y'))],
    [
      'importCsv enum labels',
      (db, c) => db.importCsv('Plant', '', path.join(tmpDir(), 'in.csv'), { enumLabels: { kind: { en: withGetter({}, 'Low', c, 1) } } }),
    ],
    ['transaction(fn)', (db, c) => db.transaction(() => c())],
  ];

  for (const [name, call] of cases) {
    it(`${name}: QUIVER_CLOSED, and the database file is intact`, () => {
      const dir = tmpDir();
      const file = path.join(dir, 'plant.db');
      const db = Database.fromSchema(file, writeSchema(dir, PLANT_SCHEMA), quiet);
      db.createElement('Plant', { label: 'P1' });
      const err = thrown(() => call(db, () => db.close()));
      if (name !== 'transaction(fn)') {
        expect(err.code).toBe('QUIVER_CLOSED');
        expect(err.message).toBe('Database is closed');
      }
      expect(db.closed).toBe(true);
      using again = Database.open(file, quiet);
      expect(again.readScalarStrings('Plant', 'label')).toEqual(['P1']);
      expect(again.queryString('PRAGMA integrity_check')).toBe('ok');
    });
  }

  it('reads each array element once: the C call never reads the caller\'s array', () => {
    using db = Database.fromSchema(':memory:', writeSchema(tmpDir(), PLANT_SCHEMA), quiet);
    const id = db.createElement('Plant', { label: 'P1' });
    let reads = 0;
    // Closes the Database on the second read: a second read would happen during the C call.
    const zones = Object.defineProperty(['a'], '1', {
      get() {
        if (++reads > 1) db.close();
        return 'b';
      },
      enumerable: true,
    });
    db.updateSetGroup('Plant', 'zones', id, { zone: zones });
    expect(reads).toBe(1);
    expect(db.readSetStringsById('Plant', 'zone', id).sort()).toEqual(['a', 'b']);
  });

  it('refuses a typed array whose buffer was detached by a later column\'s getter', () => {
    using db = Database.fromSchema(':memory:', writeSchema(tmpDir(), PLANT_SCHEMA), quiet);
    const id = db.createElement('Plant', { label: 'P1' });
    const mw = new Float64Array(1000).fill(1);
    const dates = Array.from({ length: 1000 }, (_, i) => `2030-01-01T00:00:${String(i % 60).padStart(2, '0')}`);
    const late = Object.defineProperty(dates.slice(), '999', {
      get() {
        structuredClone(mw.buffer, { transfer: [mw.buffer] }); // detaches mw
        return '2031-01-01';
      },
      enumerable: true,
    });
    const err = thrown(() => db.updateTimeSeriesGroup('Plant', 'output', id, { mw, date_time: late }));
    expect(err.code).toBe('QUIVER_INVALID_ARGUMENT');
    expect(err.message).toBe("updateTimeSeriesGroup: column 'mw' changed while the columns were read (its buffer was detached)");
    expect(db.readTimeSeriesGroup('Plant', 'output', id)).toEqual({});
  });
});
