// Child process of database-concurrency.test.ts: for <ms> milliseconds, alternately writes (a
// transaction creating 5 elements named <name>-<k>, a time-series replace of its own element) and
// reads (labels, ids, a count) on a database another worker uses at the same time. A lock that
// outlasts the busy timeout is counted as a timeout; any other error ends the worker with code 1.
// Prints "R" once open, starts on a line from stdin (so both workers start together), and at the
// end prints one JSON line: { writes, reads, timeouts, maxWaitMs, labels } (labels: committed ones).
// Usage: concurrent-worker.ts <db> <name> <ms>

import { readSync, writeSync } from 'node:fs';
import { Database, LogLevel, QuiverError } from '../../lib/index.js';

const [dbPath, name, ms] = process.argv.slice(2) as [string, string, string];
const db = Database.open(dbPath, { consoleLevel: LogLevel.Off });
const own = db.createElement('Item', { label: `${name}-own`, n: -1 });
const labels: string[] = [`${name}-own`];
let writes = 0;
let reads = 0;
let timeouts = 0;
let maxWaitMs = 0;
const dates = Array.from({ length: 24 }, (_, h) => `2030-01-01T${String(h).padStart(2, '0')}:00:00`);

function timed(fn: () => void): void {
  const started = performance.now();
  try {
    fn();
  } catch (err) {
    if (!(err instanceof QuiverError) || !err.message.includes('database is locked')) {
      writeSync(2, `${name}: ${String(err)}\n`);
      process.exit(1);
    }
    timeouts++;
  }
  maxWaitMs = Math.max(maxWaitMs, performance.now() - started);
}

writeSync(1, 'R\n');
readSync(0, Buffer.alloc(16)); // blocks until the parent says go
const end = Date.now() + Number(ms);
// Until the deadline, and at least until one write and one read went through.
for (let k = 0; Date.now() < end || writes === 0 || reads === 0; k += 5) {
  timed(() => {
    const batch = [0, 1, 2, 3, 4].map((i) => `${name}-${k + i}`);
    db.transaction(() => {
      for (const [i, label] of batch.entries()) db.createElement('Item', { label, n: k + i });
    });
    labels.push(...batch);
    writes++;
  });
  timed(() => {
    db.updateTimeSeriesGroup('Item', 'load', own, { date_time: dates, mw: new Float64Array(24).fill(k) });
    writes++;
  });
  timed(() => {
    // Separate reads may see the other worker's commits in between; each must see our own.
    const all = new Set(db.readScalarStrings('Item', 'label'));
    if (labels.some((label) => !all.has(label))) throw new Error('a committed write is not visible');
    const ids = db.readElementIds('Item');
    if (ids.some((id, i) => i > 0 && id <= ids[i - 1]!)) throw new Error('ids out of order');
    if (db.queryInteger('SELECT COUNT(*) FROM Item')! < labels.length) throw new Error('own writes missing');
    reads++;
  });
}
db.close();
writeSync(1, `${JSON.stringify({ writes, reads, timeouts, maxWaitMs: Math.round(maxWaitMs), labels })}\n`);
