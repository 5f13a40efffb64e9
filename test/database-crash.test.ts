// Crash durability: a child process writing in transactions, CSV imports, time-series updates and
// exports (test/children/crash-writer.ts) is killed with SIGKILL at random points, over and over,
// on one database file. After every kill the file opens (read-only, which first rolls back the hot
// journal), passes PRAGMA integrity_check and foreign_key_check, holds every write the child
// reported committed, nothing it had not begun, and each in-flight write either whole or not at all.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Database, liveAllocations, LogLevel } from '../lib/index.js';
import { tmpDir, writeSchema } from './helpers.js';

const RUNS = 20;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const writer = path.join(root, 'test', 'children', 'crash-writer.ts');
const quiet = { consoleLevel: LogLevel.Off };

const SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Item (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, n INTEGER) STRICT;
CREATE TABLE Item_vector_values (id INTEGER NOT NULL REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, value REAL, PRIMARY KEY (id, vector_index)) STRICT;
CREATE TABLE Item_set_tags (id INTEGER NOT NULL REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
  tag TEXT NOT NULL, UNIQUE (id, tag)) STRICT;
CREATE TABLE Item_time_series_load (id INTEGER NOT NULL REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_time TEXT NOT NULL, mw REAL, PRIMARY KEY (id, date_time)) STRICT;
`;

afterAll(() => {
  expect(liveAllocations()).toBe(0);
});

interface Run {
  begun: number[];
  committed: Set<number>;
}

/** Starts the writer at `first`, kills it `delayMs` after it is ready, and returns what it reported. */
function killWriterAfter(dbPath: string, first: number, dir: string, delayMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dbPath, String(first), dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (timer === undefined && out.startsWith('R\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`the writer ended by itself (code ${code}): ${err}`));
        return;
      }
      const run: Run = { begun: [], committed: new Set() };
      for (const line of out.split('\n')) {
        const [kind, n] = line.split(' ');
        if (kind === 'B') run.begun.push(Number(n));
        if (kind === 'C') run.committed.add(Number(n));
      }
      resolve(run);
    });
  });
}

/** What the file must hold, carried from run to run. */
interface Expected {
  items: Set<number>; // t<n> elements that exist
  tags: number | null; // n of the import the tags come from
  load: number | null; // n of the update base's time series comes from
  next: number;
}

function verify(dbPath: string, dir: string, run: Run, expected: Expected): void {
  const inFlight = run.begun.filter((n) => !run.committed.has(n));
  expect(inFlight.length).toBeLessThanOrEqual(1);
  const doubt = inFlight[0];

  const db = Database.open(dbPath, { readOnly: true, consoleLevel: LogLevel.Off });
  try {
    expect(db.queryString('PRAGMA integrity_check')).toBe('ok');
    expect(db.queryInteger('SELECT COUNT(*) FROM pragma_foreign_key_check')).toBe(0);

    // Transactions: every element whole; committed ones present; the one in flight whole or absent.
    for (const n of run.begun) if (n % 4 === 0 && run.committed.has(n)) expected.items.add(n);
    const rows = JSON.parse(
      db.queryString(`SELECT json_group_array(json_array(i.n, (SELECT COUNT(*) || ':' || TOTAL(value) FROM Item_vector_values v WHERE v.id = i.id),
        (SELECT COUNT(*) || ':' || ifnull(MIN(mw), '') || ':' || ifnull(MAX(mw), '') FROM Item_time_series_load s WHERE s.id = i.id)))
        FROM Item i WHERE label <> 'base'`)!,
    ) as [number, string, string][];
    const present = new Set<number>();
    for (const [n, vector, load] of rows) {
      expect(vector).toBe(`3:${3 * n}.0`);
      expect(load).toBe(`24:${n}.0:${n}.0`);
      present.add(n);
    }
    if (doubt !== undefined && doubt % 4 === 0 && present.has(doubt)) expected.items.add(doubt);
    expect([...present].sort((a, b) => a - b)).toEqual([...expected.items].sort((a, b) => a - b));

    // The import and the time-series update: the last committed one, or the one in flight, whole.
    const lastCommitted = (kind: number): number | undefined =>
      run.begun.filter((n) => n % 4 === kind && run.committed.has(n)).at(-1);
    const tags = db.queryString("SELECT json_group_array(tag) FROM Item_set_tags") ?? '[]';
    const tagSources = new Set((JSON.parse(tags) as string[]).map((t) => Number(t.split(':')[0])));
    const tagCount = (JSON.parse(tags) as string[]).length;
    expected.tags = lastCommitted(1) ?? expected.tags;
    if (doubt !== undefined && doubt % 4 === 1 && tagSources.has(doubt)) expected.tags = doubt;
    expect([...tagSources]).toEqual(expected.tags === null ? [] : [expected.tags]);
    expect(tagCount).toBe(expected.tags === null ? 0 : 40);

    const load = db.queryString("SELECT COUNT(*) || ':' || ifnull(MIN(mw), '') || ':' || ifnull(MAX(mw), '') FROM Item_time_series_load WHERE id = 1");
    expected.load = lastCommitted(2) ?? expected.load;
    if (doubt !== undefined && doubt % 4 === 2 && load === `48:${doubt}.0:${doubt}.0`) expected.load = doubt;
    expect(load).toBe(expected.load === null ? '0::' : `48:${expected.load}.0:${expected.load}.0`);
  } finally {
    db.close();
  }

  // An export is whole or absent (its temporary file may be left behind by the kill).
  const exported = path.join(dir, 'export.csv');
  if (existsSync(exported)) {
    const lines = readFileSync(exported, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, 2)).toEqual(['sep=,', 'id,date_time,mw']);
    for (const line of lines.slice(2, -1)) expect(line.split(',')).toHaveLength(3);
  }
  expected.next = Math.max(expected.next, ...run.begun.map((n) => n + 1));
}

/** `runs` kills on one fresh database; returns the number of writes the writer reported committed. */
async function killRepeatedly(runs: number): Promise<number> {
  const dir = tmpDir('quiverdb-crash-');
  const dbPath = path.join(dir, 'crash.db');
  const db = Database.fromSchema(dbPath, writeSchema(dir, SCHEMA), quiet);
  db.createElement('Item', { label: 'base' });
  db.close();

  const expected: Expected = { items: new Set(), tags: null, load: null, next: 0 };
  let writes = 0;
  for (let i = 0; i < runs; i++) {
    const run = await killWriterAfter(dbPath, expected.next, dir, 10 + Math.floor(Math.random() * 150));
    writes += run.committed.size;
    verify(dbPath, dir, run, expected);
  }
  return writes;
}

describe('SIGKILL during writes', () => {
  it(`${RUNS} kills at random points leave an intact database with exactly the committed writes`, async () => {
    // Two databases side by side, half the kills each: the writers' start-up overlaps.
    const writes = await Promise.all([killRepeatedly(RUNS / 2), killRepeatedly(RUNS / 2)]);
    for (const w of writes) expect(w).toBeGreaterThan(0); // the writer got going before the kills
  }, 240_000);
});
