// The workloads in report order, each with the ratio (quiverdb / reference) it should stay under:
// bulk reads 1.0, bulk writes 1.3, per-call by-id 2.0, Lua at least 2x faster than the TS loop.

import type { Workload } from '../harness.js';
import { binaryExpression, binaryReadCells, binaryReadWhole, binaryWriteCells, binaryWriteWhole } from './binary.js';
import { importCsvAsyncLoopDelay } from './async.js';
import { createElementsColumns, createElementsGroups, createElementsObjects, createGroups, createScalars } from './create.js';
import { exportCsv, importCsv } from './csv.js';
import { luaCreate } from './lua.js';
import { openClose } from './open-close.js';
import { readFloats, readIntegerById, readIntegers, readStrings } from './read-scalars.js';
import { readVectorFloats } from './read-vectors.js';
import { readTimeSeries, updateTimeSeries } from './time-series.js';

export interface Entry {
  workload: Workload;
  /** Highest acceptable ratio; undefined = reported only. */
  target?: number;
}

const BULK_READ = 1.0;
const BULK_WRITE = 1.3;
const BY_ID = 2.0;
const LUA = 0.5;
// Bulk creation in one call: at most half the reference's time.
const BULK_CREATE = 0.5;
// Opening and closing a database file against better-sqlite3's.
const OPEN_CLOSE = 1.3;
// Binary files against the physical floor (fs and Float64Array): the targets.
const BINARY_IO = 2.0;
const EXPRESSION = 1.5;

export const WORKLOADS: Entry[] = [
  { workload: createScalars, target: BULK_WRITE },
  { workload: createGroups, target: BULK_WRITE },
  { workload: createElementsColumns, target: BULK_CREATE },
  { workload: createElementsObjects, target: BULK_CREATE },
  { workload: createElementsGroups, target: BULK_CREATE },
  { workload: readIntegers, target: BULK_READ },
  { workload: readFloats, target: BULK_READ },
  { workload: readStrings, target: BULK_READ },
  { workload: readIntegerById, target: BY_ID },
  { workload: readVectorFloats, target: BULK_READ },
  { workload: updateTimeSeries, target: BULK_WRITE },
  { workload: readTimeSeries, target: BULK_READ },
  { workload: exportCsv, target: BULK_READ },
  { workload: importCsv, target: BULK_WRITE },
  { workload: luaCreate, target: LUA },
  { workload: openClose, target: OPEN_CLOSE },
  { workload: binaryWriteCells, target: BINARY_IO },
  { workload: binaryWriteWhole, target: BINARY_IO },
  { workload: binaryReadCells, target: BINARY_IO },
  { workload: binaryReadWhole, target: BINARY_IO },
  { workload: binaryExpression, target: EXPRESSION },
  // Async workloads (issue 14, bench/workloads/async.ts): the longest event-loop delay during a
  // 1M-row importCsvAsync, over a 50 ms budget.
  { workload: importCsvAsyncLoopDelay, target: 1.0 },
];
