// Type-level test over the plant schema (test/helpers.ts PLANT_SCHEMA, module plant.types.ts):
// time series with one and two dimensions, a time-series files table, a vector and a set.
// Compiled by tsc, never run.

import { Database } from '../../lib/index.js';
import type { FilesCollectionName } from '../../lib/index.js';
import type { Schema } from './plant.types.js';
import type { Equal, Expect } from './type-assert.js';

const db = Database.fromSchema<Schema>('plant.db', 'plant.sql');

// Time-series files: only Plant has a files table.
type _files = Expect<Equal<FilesCollectionName<Schema>, 'Plant'>>;
const files = db.readTimeSeriesFiles('Plant');
type _filesRead = Expect<Equal<typeof files, { curve: string | null; limits: string | null }>>;
const columns = db.listTimeSeriesFilesColumns('Plant');
type _columns = Expect<Equal<typeof columns, ('curve' | 'limits')[]>>;
db.updateTimeSeriesFiles('Plant', { curve: 'curve.csv' });
db.updateTimeSeriesFiles('Plant', { curve: null, limits: 'limits.csv' });
db.hasTimeSeriesFiles('Owner');
// @ts-expect-error Owner has no files table
db.readTimeSeriesFiles('Owner');
// @ts-expect-error Owner has no files table
db.listTimeSeriesFilesColumns('Owner');
// @ts-expect-error unknown files column
db.updateTimeSeriesFiles('Plant', { prices: 'p.csv' });
// @ts-expect-error a path is text
db.updateTimeSeriesFiles('Plant', { curve: 1 });

// Two dimensions: every write of bids gives date_time and segment.
db.updateTimeSeriesGroup('Plant', 'bids', 1, { date_time: ['2024-01-01', '2024-01-01'], segment: [1, 2], price: [10, 12.5] });
db.upsertTimeSeriesRow('Plant', 'bids', 1, { date_time: '2024-01-02', segment: 1, price: 11 });
db.upsertTimeSeriesRow('Plant', 'bids', 1, { date_time: new Date(), segment: 2n });
const bids = db.readTimeSeriesGroup('Plant', 'bids', 1);
type _bids = Expect<Equal<typeof bids, { date_time?: string[]; segment?: Float64Array; price?: Float64Array | (number | null)[] }>>;
const segments: number[] = db.readTimeSeriesRow('Plant', 'bids', 'segment', '2024-06-01');
const prices: (number | null)[] = db.readTimeSeriesRow('Plant', 'bids', 'price', '2024-06-01');
const notes: (string | null)[] = db.readTimeSeriesRow('Plant', 'output', 'note', '2024-06-01');
void [segments, prices, notes];
// @ts-expect-error segment is a key: required in every write
db.updateTimeSeriesGroup('Plant', 'bids', 1, { date_time: ['2024-01-01'], price: [10] });
// @ts-expect-error segment is a key: required in every row
db.upsertTimeSeriesRow('Plant', 'bids', 1, { date_time: '2024-01-02', price: 11 });
// @ts-expect-error segment is INTEGER NOT NULL
db.updateTimeSeriesGroup('Plant', 'bids', 1, { date_time: ['2024-01-01'], segment: [null] });
// @ts-expect-error note is TEXT
db.upsertTimeSeriesRow('Plant', 'output', 1, { date_time: '2024-01-01', note: 5 });
// @ts-expect-error mw is a column of output, not bids
db.readTimeSeriesRow('Plant', 'bids', 'mw', '2024-06-01');
// @ts-expect-error segment is INTEGER: number[] comes back, never text
const segmentText: (string | null)[] = db.readTimeSeriesRow('Plant', 'bids', 'segment', '2024-06-01');

// A reference to Owner, by id or label.
db.createElement('Owner', { label: 'O1' });
db.createElement('Plant', { label: 'P1', owner_id: 'O1', capacity: 10, kind: 1, date_built: '2000-01-01', cost: [1, 2], zone: ['north'] });
// @ts-expect-error owner_id takes an id or a label, not a Date
db.createElement('Plant', { label: 'P2', owner_id: new Date() });
// @ts-expect-error zone is a set column of TEXT
db.updateSetGroup('Plant', 'zones', 1, { zone: [1] });
// @ts-expect-error costs is a vector group: the set writer does not take it
db.updateSetGroup('Plant', 'costs', 1, {});
// @ts-expect-error Owner has no attribute capacity
db.readScalarFloats('Owner', 'capacity');
// @ts-expect-error the group is called costs
db.getVectorMetadata('Plant', 'cost');
// @ts-expect-error output is a time series, not a set
db.getSetMetadata('Plant', 'output');

// A typed Database is still a Database.
const plain: Database = db;
void plain;
