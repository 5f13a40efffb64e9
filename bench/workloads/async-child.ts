// Child process of the async workload (async.ts): imports <csv> into <db> with importCsvAsync while
// two probes watch this process's event loop, and prints one JSON line:
// { maxDelayMs, histogramMaxMs, importMs }. maxDelayMs is the longest gap between two ticks of a
// 1 ms interval timer beyond its period; histogramMaxMs is perf_hooks.monitorEventLoopDelay's max.
// Usage: async-child.ts <db> <csv>

import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Database, LogLevel } from '../../lib/index.js';

const [dbPath, csvPath] = process.argv.slice(2) as [string, string];
const db = Database.open(dbPath, { consoleLevel: LogLevel.Off });
const PERIOD_MS = 1;
const histogram = monitorEventLoopDelay({ resolution: 10 });
let last = performance.now();
let maxDelayMs = 0;
const probe = setInterval(() => {
  const now = performance.now();
  maxDelayMs = Math.max(maxDelayMs, now - last - PERIOD_MS);
  last = now;
}, PERIOD_MS);
histogram.enable();
const started = performance.now();
last = started;
await db.importCsvAsync('Item', '', csvPath);
const importMs = performance.now() - started;
histogram.disable();
clearInterval(probe);
db.close();
process.stdout.write(JSON.stringify({ maxDelayMs, histogramMaxMs: histogram.max / 1e6, importMs }) + '\n');
