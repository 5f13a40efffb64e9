// Async operations: how long the event loop stalls while importCsvAsync imports 1M rows on a worker
// thread. The quiverdb figure is the longest event-loop delay seen by a 1 ms interval timer during
// the import (in a child process of its own, so nothing else runs on that loop); the reference
// "time" is the 50 ms budget, so the ratio is delay / budget and the target is 1.0.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Pair, Workload } from '../harness.js';
import { COLLECTION, TempDir, openQuiver, populate, scaled } from './fixtures.js';

const CHILD = fileURLToPath(new URL('./async-child.ts', import.meta.url));
const BUDGET_MS = 50;

interface ChildReport {
  maxDelayMs: number;
  histogramMaxMs: number;
  importMs: number;
}

function importInChild(db: string, csv: string): ChildReport {
  // process.execArgv carries tsx's loader flags (the bench runs under tsx).
  const r = spawnSync(process.execPath, [...process.execArgv, CHILD, db, csv], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`async import child failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildReport;
}

export const importCsvAsyncLoopDelay: Workload = {
  name: 'importCsvAsync 1M: event-loop delay',
  reference: `the ${BUDGET_MS} ms budget (ratio = longest event-loop delay / ${BUDGET_MS} ms)`,
  setup(scale): Pair {
    const count = scaled(1_000_000, scale);
    const tmp = new TempDir();
    const file = tmp.nextFile();
    populate(file, count);
    const csv = tmp.nextFile('items', 'csv');
    const quiver = openQuiver(file);
    quiver.exportCsv(COLLECTION, '', csv);
    quiver.close();
    return {
      quiverdb: {
        run: () => undefined,
        // Each run re-imports the file (every label kept: 1M updates in one transaction).
        measure: () => Math.max(0, importInChild(file, csv).maxDelayMs),
      },
      reference: { run: () => undefined, measure: () => BUDGET_MS },
      dispose: () => tmp.dispose(),
    };
  },
};
