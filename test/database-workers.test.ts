// worker_threads: several workers each open their own Database on one file and write and read
// (sync and async calls) while the main thread reads through its own Database; afterwards the main
// thread sees every committed write. A Database object posted to a worker arrives without its
// native handle: nothing native crosses threads.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Database, LogLevel } from '../lib/index.js';
import { FARM_SCHEMA, tmpDir, writeSchema } from './helpers.js';

const WORKER = fileURLToPath(new URL('./children/thread-worker.mjs', import.meta.url));

interface Report {
  labels: string[];
  rows: number;
  reads: number;
  sentIsDatabase: boolean;
  sentKeys: string[];
}

function runWorker(data: { dbPath: string; name: string; rounds: number; sent?: unknown }): Promise<Report> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: data });
    let report: Report | undefined;
    worker.on('message', (m: Report) => (report = m));
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code === 0 && report) resolve(report);
      else reject(new Error(`worker ${data.name} exited with code ${code}`));
    });
  });
}

describe('worker_threads on one database file', () => {
  it('workers write and read through their own Databases; the main thread reads everything', async () => {
    const dir = tmpDir('quiverdb-workers-');
    const dbPath = path.join(dir, 'shared.db');
    using main = Database.fromSchema(dbPath, writeSchema(dir, FARM_SCHEMA), { consoleLevel: LogLevel.Off });
    const names = ['a', 'b', 'c'];
    const running = Promise.all(names.map((name) => runWorker({ dbPath, name, rounds: 8, sent: name === 'a' ? main : undefined })));
    // The main thread keeps reading while the workers write.
    let mainReads = 0;
    let settled = false;
    void running.finally(() => (settled = true)).catch(() => {});
    while (!settled) {
      const count = main.numberOfElements('Farm');
      expect(count).toBeGreaterThanOrEqual(0);
      mainReads++;
      await new Promise((r) => setTimeout(r, 5));
    }
    const reports = await running;
    expect(mainReads).toBeGreaterThan(0);

    const stored = main.readScalarStrings('Farm', 'label');
    for (const report of reports) {
      expect(report.rows).toBe(8);
      expect(report.reads).toBe(16);
      for (const label of report.labels) expect(stored).toContain(label);
    }
    expect(stored).toHaveLength(3 * (1 + 8 * 10));
    for (const name of names) {
      const own = main.readElementIds('Farm')[stored.indexOf(`${name}-own`)]!;
      expect(main.readTimeSeriesGroup('Farm', 'weather', own).date_time).toHaveLength(8);
    }
    // What a worker received for a posted Database: a plain copy, no handle, no methods.
    expect(reports[0]!.sentIsDatabase).toBe(false);
    expect(reports[0]!.sentKeys).toEqual([]);
  }, 120_000);
});
