// Two processes on one database file, writing and reading at the same time for a few seconds
// (test/children/concurrent-worker.ts). With the default busy timeout neither sees an error other
// than a documented lock timeout, and every write either reported committed is in the file.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Database, liveAllocations, LogLevel } from '../lib/index.js';
import { tmpDir, writeSchema } from './helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const worker = path.join(root, 'test', 'children', 'concurrent-worker.ts');

const SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Item (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, n INTEGER) STRICT;
CREATE TABLE Item_time_series_load (id INTEGER NOT NULL REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_time TEXT NOT NULL, mw REAL, PRIMARY KEY (id, date_time)) STRICT;
`;

afterAll(() => {
  expect(liveAllocations()).toBe(0);
});

interface Report {
  writes: number;
  reads: number;
  timeouts: number;
  maxWaitMs: number;
  labels: string[];
}

interface Worker {
  ready: Promise<void>;
  go(): void;
  done: Promise<Report>;
}

function startWorker(dbPath: string, name: string, ms: number): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, dbPath, name, String(ms)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (out.startsWith('R\n')) markReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const done = new Promise<Report>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      markReady();
      if (code !== 0) reject(new Error(`worker ${name} failed (code ${code}): ${err}`));
      else resolve(JSON.parse(out.slice(2)) as Report);
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), done };
}

describe('two processes on one file', () => {
  it('write and read side by side for a few seconds: no error but lock timeouts, nothing lost', async () => {
    const dir = tmpDir('quiverdb-concurrency-');
    const dbPath = path.join(dir, 'shared.db');
    Database.fromSchema(dbPath, writeSchema(dir, SCHEMA), { consoleLevel: LogLevel.Off }).close();

    const workers = [startWorker(dbPath, 'a', 3000), startWorker(dbPath, 'b', 3000)];
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    const reports = await Promise.all(workers.map((w) => w.done));
    if (process.env.QUIVER_REPORT_CONCURRENCY) console.log(reports.map(({ labels, ...r }) => ({ ...r, labels: labels.length })));

    const db = Database.open(dbPath, { consoleLevel: LogLevel.Off });
    try {
      expect(db.queryString('PRAGMA integrity_check')).toBe('ok');
      const stored = new Set(db.readScalarStrings('Item', 'label'));
      for (const report of reports) {
        expect(report.writes).toBeGreaterThan(0);
        expect(report.reads).toBeGreaterThan(0);
        // A lock timeout is the one documented error. With the 5 s default it takes a wait longer
        // than this whole run, so at most one can happen; without a busy timeout there are
        // thousands (every contended call fails at once).
        expect(report.timeouts).toBeLessThanOrEqual(1);
        for (const label of report.labels) expect(stored.has(label), label).toBe(true);
      }
      expect(stored.size).toBe(reports[0].labels.length + reports[1].labels.length);
    } finally {
      db.close();
    }
  }, 120_000);
});
