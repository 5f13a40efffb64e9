// worker_threads worker of database-workers.test.ts. Loads the library itself (the TypeScript
// sources through tsx, as bin/quiver.mjs does) and opens its OWN Database on the shared file:
// nothing native is received from the main thread. workerData: { dbPath, name, rounds, sent }.
// Writes `rounds` transactions of 10 elements named <name>-<k>, replaces the time series of its own
// element each round, reads between writes (also with an async read), and posts
// { labels, rows, reads, sentIsDatabase }.

import { parentPort, workerData } from 'node:worker_threads';

const { tsImport } = await import('tsx/esm/api');
const lib = await tsImport('../../lib/index.ts', import.meta.url);
const { dbPath, name, rounds, sent } = workerData;

const db = lib.Database.open(dbPath, { consoleLevel: lib.LogLevel.Off, busyTimeoutMs: 20000 });
try {
  const own = db.createElement('Farm', { label: `${name}-own` });
  const labels = [`${name}-own`];
  let reads = 0;
  let rows = 0;
  for (let r = 0; r < rounds; r++) {
    db.transaction(() => {
      for (let k = 0; k < 10; k++) {
        const label = `${name}-${r * 10 + k}`;
        db.createElement('Farm', { label, area: r + k / 10 });
        labels.push(label);
      }
    });
    rows = r + 1;
    const date_time = Array.from({ length: rows }, (_, i) => `2030-01-${String(i + 1).padStart(2, '0')}T00:00:00`);
    await db.updateTimeSeriesGroupAsync('Farm', 'weather', own, { date_time, rain: date_time.map((_, i) => i) });
    const series = await db.readTimeSeriesGroupAsync('Farm', 'weather', own);
    if (series.date_time.length !== rows) throw new Error(`${name}: read ${series.date_time.length} rows, expected ${rows}`);
    if (!db.readScalarStrings('Farm', 'label').includes(labels.at(-1))) throw new Error(`${name}: own write not visible`);
    reads += 2;
  }
  parentPort.postMessage({ labels, rows, reads, sentIsDatabase: sent instanceof lib.Database, sentKeys: Object.keys(sent ?? {}) });
} finally {
  db.close();
}
