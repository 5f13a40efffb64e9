// Shared test utilities.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, expect } from 'vitest';
import { Database, LogLevel, QuiverError, liveAllocations } from '../lib/index.js';

/**
 * The farm schema (also c-api/tests/fixtures/farm.sql), used by most tests: collections
 * Configuration, Farm (scalars of every type, vector `yields`, set `crops`, time series `weather`)
 * and Barn (foreign key to Farm, vector `neighbors` and set `links` of Farm references).
 */
export const FARM_SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Farm (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, area REAL,
  hectares INTEGER DEFAULT 10, owner TEXT, date_founded TEXT, organic INTEGER) STRICT;
CREATE TABLE Farm_vector_yields (id INTEGER NOT NULL REFERENCES Farm(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, crop_yield REAL, harvest_count INTEGER, PRIMARY KEY (id, vector_index)) STRICT;
CREATE TABLE Farm_set_crops (id INTEGER NOT NULL REFERENCES Farm(id) ON DELETE CASCADE ON UPDATE CASCADE,
  crop TEXT NOT NULL, UNIQUE (id, crop)) STRICT;
CREATE TABLE Barn (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, farm_id INTEGER,
  FOREIGN KEY (farm_id) REFERENCES Farm(id) ON DELETE SET NULL ON UPDATE CASCADE) STRICT;
CREATE TABLE Barn_vector_neighbors (id INTEGER NOT NULL REFERENCES Barn(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, farm_link INTEGER REFERENCES Farm(id) ON DELETE SET NULL ON UPDATE CASCADE,
  PRIMARY KEY (id, vector_index)) STRICT;
CREATE TABLE Barn_set_links (id INTEGER NOT NULL REFERENCES Barn(id) ON DELETE CASCADE ON UPDATE CASCADE,
  farm_link INTEGER REFERENCES Farm(id) ON DELETE CASCADE ON UPDATE CASCADE, UNIQUE (id, farm_link)) STRICT;
CREATE TABLE Farm_time_series_weather (id INTEGER NOT NULL REFERENCES Farm(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_time TEXT NOT NULL, rain REAL, PRIMARY KEY (id, date_time)) STRICT;
`;

/** The plant schema (time series with one and two dimensions, files, a vector, a set). */
export const PLANT_SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Owner (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Plant (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, capacity REAL, kind INTEGER,
  date_built TEXT, owner_id INTEGER, FOREIGN KEY (owner_id) REFERENCES Owner(id) ON DELETE SET NULL ON UPDATE CASCADE) STRICT;
CREATE TABLE Plant_time_series_output (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_time TEXT NOT NULL, mw REAL, note TEXT, PRIMARY KEY (id, date_time)) STRICT;
CREATE TABLE Plant_time_series_bids (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_time TEXT NOT NULL, segment INTEGER NOT NULL, price REAL, PRIMARY KEY (id, date_time, segment)) STRICT;
CREATE TABLE Plant_time_series_files (curve TEXT, limits TEXT) STRICT;
CREATE TABLE Plant_vector_costs (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, cost REAL, PRIMARY KEY (id, vector_index)) STRICT;
CREATE TABLE Plant_set_zones (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  zone TEXT NOT NULL, UNIQUE (id, zone)) STRICT;
`;

const created: string[] = [];

function cleanup(): void {
  if (process.env.QUIVER_KEEP_TMP === '1') return;
  for (const d of created.splice(0)) rmSync(d, { recursive: true, force: true });
}

// Registered while the importing test file is being collected, so it runs after that file's
// tests; the exit hook covers directories created after the last afterAll (or outside vitest).
afterAll(cleanup);
process.once('exit', cleanup);

/**
 * A fresh empty directory under os.tmpdir(), removed after the test file finishes
 * (set QUIVER_KEEP_TMP=1 to keep it for inspection).
 */
export function tmpDir(prefix = 'quiverdb-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Writes `sql` to `<dir>/<name>` (default schema.sql) and returns the file's path. */
export function writeSchema(dir: string, sql: string, name = 'schema.sql'): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, sql);
  return file;
}

/** Writes the farm schema into `dir` (default: a new tmpDir()) and returns the file's path. */
export function writeFarmSchema(dir: string = tmpDir()): string {
  return writeSchema(dir, FARM_SCHEMA, 'farm.sql');
}

/**
 * Writes a migrations folder: `{ 1: 'CREATE TABLE ...', 2: '...' }` becomes `<dir>/1/up.sql`, ...
 * Returns `dir`.
 */
export function writeMigrations(dir: string, steps: Record<string | number, string>): string {
  for (const [version, sql] of Object.entries(steps)) writeSchema(path.join(dir, String(version)), sql, 'up.sql');
  return dir;
}

/** globalThis.gc, available because vitest.config.ts runs the test processes with --expose-gc. */
export function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') throw new Error('gc() is not exposed: run the tests with node --expose-gc');
  gc();
}

/**
 * Runs GC rounds until `done()` is true (then returns true) or `rounds` are used up (false).
 * Each round awaits before gc(): WeakRef.deref() keeps its target alive until the current job
 * ends, so deref() and gc() must never run in the same synchronous stretch. The second await
 * lets FinalizationRegistry callbacks run.
 */
export async function collectUntil(done: () => boolean, rounds = 50): Promise<boolean> {
  for (let i = 0; i < rounds; i++) {
    await sleep(0);
    forceGc();
    await sleep(5);
    if (done()) return true;
  }
  return false;
}

/** The QuiverError `fn` throws (the test fails when it throws nothing or something else). */
export function thrown(fn: () => unknown): QuiverError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(QuiverError);
    return err as QuiverError;
  }
  throw new Error('expected a QuiverError, nothing was thrown');
}

/** `fn` fails in the library with exactly `message` (code QUIVER_ERROR). */
export function expectNative(fn: () => unknown, message: string): void {
  const err = thrown(fn);
  expect(err.code).toBe('QUIVER_ERROR');
  expect(err.message).toBe(message);
}

/** `fn` throws a QuiverError with `code`; returns it for further checks. */
export function expectCode(fn: () => unknown, code: QuiverError['code']): QuiverError {
  const err = thrown(fn);
  expect(err.code).toBe(code);
  return err;
}

/**
 * Databases for one test file, registered at its top level: `open(schema)` creates one from
 * `schema` (default `defaultSchema`) in a new temporary folder, `dir()` is the folder of the last
 * one opened. Each is closed after its test, and the file must end with no native allocation alive.
 */
export function databaseFixture(defaultSchema: string): { open: (schema?: string) => Database; dir: () => string } {
  const dbs: Database[] = [];
  let last = '';
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
  });
  afterAll(() => {
    expect(liveAllocations()).toBe(0);
  });
  return {
    open(schema = defaultSchema) {
      last = tmpDir();
      const db = Database.fromSchema(path.join(last, 'db.sqlite'), writeSchema(last, schema), { consoleLevel: LogLevel.Off });
      dbs.push(db);
      return db;
    },
    dir: () => last,
  };
}
