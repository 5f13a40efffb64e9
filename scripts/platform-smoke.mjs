#!/usr/bin/env node
// Node smoke test of a prebuild on a foreign platform (run by scripts/platform-tests.sh under
// qemu-aarch64 or wine): open a database from a schema, create and read elements, run Lua, export
// and import CSV, through the built package (dist/) and koffi. Plain JavaScript, no dependencies
// beyond the package itself, so any Node 20 binary can run it.
//
//   node scripts/platform-smoke.mjs <package dir with dist/ and prebuilds/> <work dir>
// Prints one line per step and "smoke: ok (<library path>)"; exits 1 on the first failure.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [pkgDir, workDir] = process.argv.slice(2);
if (!pkgDir || !workDir) {
  console.error('usage: platform-smoke.mjs <package dir> <work dir>');
  process.exit(2);
}
const q = await import(pathToFileURL(path.join(pkgDir, 'dist', 'index.js')).href);
mkdirSync(workDir, { recursive: true });

function step(name, fn) {
  try {
    const out = fn();
    console.log(`smoke: ${name}: ok${out === undefined ? '' : ` (${JSON.stringify(out)})`}`);
  } catch (err) {
    console.error(`smoke: ${name}: FAILED: ${err?.stack ?? err}`);
    process.exit(1);
  }
}
function expectEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  return actual;
}

const schema = path.join(workDir, 'schema.sql');
writeFileSync(
  schema,
  `PRAGMA user_version = 1;
CREATE TABLE Configuration (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Plant (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  label TEXT UNIQUE NOT NULL,
  capacity_mw REAL NOT NULL DEFAULT 0
) STRICT;
`,
);
const dbFile = path.join(workDir, 'smoke.db');
let db;
step('version', () => q.version());
step('open from schema', () => {
  db = q.Database.fromSchema(dbFile, schema, { consoleLevel: q.LogLevel.Off });
  return path.basename(dbFile);
});
step('create', () => {
  db.createElement('Plant', { label: 'Hydro 1', capacity_mw: 120.5 });
  db.createElement('Plant', { label: 'Wind 2', capacity_mw: 48 });
});
step('read', () => expectEqual(db.readScalarFloats('Plant', 'capacity_mw'), [120.5, 48], 'capacities'));
step('lua', () => {
  const lua = new q.LuaRunner(db);
  try {
    lua.run(`db:create_element("Plant", { label = "Solar 3", capacity_mw = 10 * 3 })`);
    return expectEqual(lua.run(`return db:read_scalar_strings("Plant", "label")`), ['Hydro 1', 'Wind 2', 'Solar 3'], 'labels');
  } finally {
    lua.close();
  }
});
const csvFile = path.join(workDir, 'plants.csv');
step('csv export', () => {
  db.exportCsv('Plant', '', csvFile);
  return readFileSync(csvFile, 'utf8').split(/\r?\n/)[0];
});
step('csv import', () => {
  const other = q.Database.fromSchema(path.join(workDir, 'copy.db'), schema, { consoleLevel: q.LogLevel.Off });
  try {
    other.importCsv('Plant', '', csvFile);
    return expectEqual(other.readScalarStrings('Plant', 'label'), ['Hydro 1', 'Wind 2', 'Solar 3'], 'imported labels');
  } finally {
    other.close();
  }
});
step('error path', () => {
  try {
    db.createElement('Nope', { label: 'x' });
  } catch (err) {
    if (!(err instanceof q.QuiverError)) throw err;
    return err.code;
  }
  throw new Error('no QuiverError for a missing collection');
});
db.close();
console.log(`smoke: ok (${q.loadedLibraryPath?.() ?? 'library loaded'}, ${process.platform}-${process.arch})`);
