// Type-level test over the edge schema (test/typed/edge.sql, module edge.types.ts): defaults, a
// required integer, a self-reference, one reference column name shared by a scalar and two
// groups, a nullable dimension, references in a time series, and a column name that is no
// identifier. Compiled by tsc, never run.

import { Database } from '../../lib/index.js';
import type { CreateData, ScalarRow } from '../../lib/index.js';
import type { Schema } from './edge.types.js';
import type { Equal, Expect } from './type-assert.js';

const db = Database.open<Schema>('edge.db');

// NOT NULL with a DEFAULT is optional on create; NOT NULL without one is required.
db.createElement('Configuration', { label: 'c' });
db.createElement('Configuration', { label: 'c', solver: 'cbc', note: null });
db.createElement('Zone', { label: 'Z1', priority: 1, date_created: new Date() });
db.createElement('Zone', { label: 'Z2', priority: true, date_created: '2024-01-01', 'peak load': 3.5, parent_id: 'Z1' });
// @ts-expect-error priority is NOT NULL without a default
db.createElement('Zone', { label: 'Z3', date_created: '2024-01-01' });
// @ts-expect-error date_created is NOT NULL without a default
db.createElement('Zone', { label: 'Z3', priority: 1 });
// @ts-expect-error solver has a default but is NOT NULL: null is no value for it
db.updateElement('Configuration', 1, { solver: null });
// @ts-expect-error the quoted name is the attribute ('peak load'), not an identifier form of it
db.createElement('Zone', { label: 'Z3', priority: 1, date_created: '2024', peak_load: 1 });

type _zoneCreate = Expect<
  Equal<
    CreateData<Schema, 'Zone'>,
    {
      label: string;
      priority: number | bigint | boolean;
      date_created: string | Date;
      id?: number | bigint;
      'peak load'?: number | null;
      parent_id?: number | bigint | string | null;
    }
  >
>;
type _zoneRow = Expect<
  Equal<
    ScalarRow<Schema, 'Zone'>,
    { id: number; label: string; priority: number; date_created: string; 'peak load': number | null; parent_id: number | null }
  >
>;
const created: string[] = db.readScalarStrings('Zone', 'date_created');
const priorities: number[] = db.readScalarIntegers('Zone', 'priority');
const peaks: (number | null)[] = db.readScalarFloats('Zone', 'peak load');
void [created, priorities, peaks];

// zone_id is a scalar reference of Unit and a column of its links vector and zones set: a value
// or an array (written to both groups) is accepted under that name.
db.createElement('Unit', { label: 'U1', zone_id: 'Z1' });
db.createElement('Unit', { label: 'U2', zone_id: ['Z1', 2] });
db.updateElement('Unit', 1, { zone_id: null, weight: [1, 2], tag: ['a', 'b'], date_tagged: [new Date(), null] });
const zoneLinks: number[][] = db.readVectorIntegers('Unit', 'zone_id');
const zoneSet: number[] = db.readSetIntegersById('Unit', 'zone_id', 1);
const tagDates: (string | null)[][] = db.readSetStrings('Unit', 'date_tagged');
void [zoneLinks, zoneSet, tagDates];
const unitSets = db.readSetsById('Unit', 1);
type _unitSets = Expect<Equal<typeof unitSets, { tag: string[]; date_tagged: (string | null)[]; zone_id: number[] }>>;
// @ts-expect-error the links vector's zone_id is not NOT NULL, the zones set's is: null only for links
db.updateSetGroup('Unit', 'zones', 1, { zone_id: [null] });
db.updateVectorGroup('Unit', 'links', 1, { zone_id: [null, 'Z1'] });
// weight is NOT NULL with a DEFAULT: it may be left out, but not given as NULL.
db.updateVectorGroup('Unit', 'links', 1, { zone_id: [1] });
// @ts-expect-error weight is NOT NULL
db.updateVectorGroup('Unit', 'links', 1, { zone_id: [1], weight: [null] });
// @ts-expect-error active is an INTEGER attribute, not a group column: no arrays
db.updateElement('Unit', 1, { active: [1] });

// Time series: references take ids only, and the dimension of state may be NULL.
db.updateTimeSeriesGroup('Unit', 'dispatch', 1, { date_time: ['2024-01-01'], block: [1], zone_ref: [1], status: ['on'] });
db.upsertTimeSeriesRow('Unit', 'dispatch', 1, { date_time: '2024-01-01', block: 1, setpoint: 3n });
db.updateTimeSeriesGroup('Unit', 'state', 1, { date_x: ['2024-01-01'], level: [0.5] });
db.updateTimeSeriesGroup('Unit', 'state', 1, { date_x: ['2024-01-01'], date_a: [null] });
const state = db.readTimeSeriesGroup('Unit', 'state', 1);
type _state = Expect<Equal<typeof state, { date_a?: (string | null)[]; date_x?: string[]; level?: Float64Array | (number | null)[] }>>;
const xs: (string | null)[] = db.readTimeSeriesRow('Unit', 'state', 'date_x', '2024-06-01');
void xs;
// @ts-expect-error time series take no labels for references
db.updateTimeSeriesGroup('Unit', 'dispatch', 1, { date_time: ['2024-01-01'], block: [1], zone_ref: ['Z1'] });
// @ts-expect-error time series take no labels for references
db.upsertTimeSeriesRow('Unit', 'dispatch', 1, { date_time: '2024-01-01', block: 1, zone_ref: 'Z1' });
// @ts-expect-error date_x is the key of state: required
db.updateTimeSeriesGroup('Unit', 'state', 1, { level: [0.5] });
// @ts-expect-error date_a is the dimension of state: not an attribute of readTimeSeriesRow
db.readTimeSeriesRow('Unit', 'state', 'date_a', '2024-06-01');
// @ts-expect-error block is INTEGER: no text
db.upsertTimeSeriesRow('Unit', 'dispatch', 1, { date_time: '2024-01-01', block: '1' });

// Files.
const files = db.readTimeSeriesFiles('Unit');
type _files = Expect<Equal<typeof files, { dispatch: string | null; prices: string | null }>>;
// @ts-expect-error Zone has no files table
db.updateTimeSeriesFiles('Zone', { dispatch: 'x' });
// @ts-expect-error unknown group for CSV
db.exportCsv('Unit', 'link', 'x.csv');
db.exportCsv('Unit', 'state', 'x.csv');
// @ts-expect-error a self-reference takes ids or labels of Zone, not booleans
db.updateElement('Zone', 1, { parent_id: true });
// @ts-expect-error Unit has no attribute priority
db.readScalarIntegerById('Unit', 'priority', 1);

// A typed Database is still a Database.
const plain: Database = db;
void plain;
