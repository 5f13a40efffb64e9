// Type-level test over the farm schema (test/helpers.ts FARM_SCHEMA, module farm.types.ts):
// integer and date attributes, a reference with labels, reference columns shared by a vector and a
// set group, and migrations / open as the way in. Compiled by tsc, never run.

import { Database } from '../../lib/index.js';
import type { Schema } from './farm.types.js';
import type { Equal, Expect } from './type-assert.js';

const db = Database.fromMigrations<Schema>('farm.db', 'migrations');
const again = Database.open<Schema>('farm.db', { readOnly: true });
type _again = Expect<Equal<typeof again, Database<Schema>>>;

// Integers take numbers, bigints and booleans (stored 0/1); dates take text or a Date.
db.createElement('Farm', { label: 'F1', hectares: 10n, organic: true, date_founded: new Date(), area: 1.5, owner: null });
db.createElement('Farm', { label: 'F2', crop_yield: [1.5, null], harvest_count: new BigInt64Array(2), crop: ['wheat'] });
db.createElement('Farm', { label: 'F3', date_time: ['2024-01-01T00:00:00'], rain: [0.5] });
// @ts-expect-error hectares is INTEGER: a text value is not accepted
db.createElement('Farm', { label: 'F4', hectares: 'ten' });
// @ts-expect-error a Date only for DATE_TIME attributes
db.createElement('Farm', { label: 'F4', owner: new Date() });
// @ts-expect-error attribute names are case-sensitive
db.createElement('Farm', { label: 'F4', Area: 1 });

// A reference takes the target's id or label; reference columns of groups too.
db.createElement('Barn', { label: 'B1', farm_id: 'F1', farm_link: ['F1', 2, null] });
db.updateElement('Barn', 1, { farm_id: 2 });
db.updateVectorGroup('Barn', 'neighbors', 1, { farm_link: ['F1', 'F2'] });
db.updateSetGroup('Barn', 'links', 1, { farm_link: [1n, 2n] });
// @ts-expect-error a Date is neither an id nor a label
db.updateElement('Barn', 1, { farm_id: new Date() });
// @ts-expect-error readScalarStrings takes no INTEGER reference
db.readScalarStrings('Barn', 'farm_id');

const barnIds: number[] = db.readVectorIntegersById('Barn', 'farm_link', 1);
const linked: number[][] = db.readSetIntegers('Barn', 'farm_link');
const counts: number[][] = db.readVectorIntegers('Farm', 'harvest_count');
const yields: number[] = db.readVectorFloatsById('Farm', 'crop_yield', 1);
const crops: (string | null)[] = db.readSetStringsById('Farm', 'crop', 1);
void [barnIds, linked, counts, yields, crops];
// @ts-expect-error harvest_count is INTEGER
db.readVectorFloats('Farm', 'harvest_count');
// @ts-expect-error crop_yield is REAL
db.readVectorIntegersById('Farm', 'crop_yield', 1);
// @ts-expect-error farm_link is a column of Barn's groups, not Farm's
db.readSetIntegers('Farm', 'farm_link');

// Scalars of every type, NOT NULL or not.
const organic: (number | null)[] = db.readScalarIntegers('Farm', 'organic');
const founded: (string | null)[] = db.readScalarStrings('Farm', 'date_founded');
const farmIds: number[] = db.readScalarIntegers('Farm', 'id');
void [organic, founded, farmIds];
// @ts-expect-error organic can be NULL
const organicNotNull: number[] = db.readScalarIntegers('Farm', 'organic');
// @ts-expect-error area is REAL
db.readScalarIntegers('Farm', 'area');
// @ts-expect-error date_founded is DATE_TIME: a string reader
db.readScalarFloatById('Farm', 'date_founded', 1);

const barn = db.readScalarsById('Barn', 1);
type _barn = Expect<Equal<typeof barn, { id: number; label: string; farm_id: number | null }>>;
const barnVectors = db.readVectorsById('Barn', 1);
type _barnVectors = Expect<Equal<typeof barnVectors, { farm_link: (number | null)[] }>>;
const yieldsGroup = db.readVectorGroupById('Farm', 'yields', 1);
type _yieldsGroup = Expect<
  Equal<typeof yieldsGroup, { crop_yield?: Float64Array | (number | null)[]; harvest_count?: Float64Array | (number | null)[] }>
>;

// Time series.
db.updateTimeSeriesGroup('Farm', 'weather', 1, { date_time: ['2024-01-01T00:00:00'], rain: [1] });
const rain: (number | null)[] = db.readTimeSeriesRow('Farm', 'weather', 'rain', new Date());
void rain;
// @ts-expect-error rain is REAL
db.updateTimeSeriesGroup('Farm', 'weather', 1, { date_time: ['2024-01-01T00:00:00'], rain: ['wet'] });
// @ts-expect-error weather belongs to Farm
db.readTimeSeriesGroup('Barn', 'weather', 1);
// @ts-expect-error Configuration has no groups
db.readVectorGroupById('Configuration', 'yields', 1);
// @ts-expect-error Configuration has no attribute named like that
db.updateElement('Configuration', 1, { hectares: 1 });
// @ts-expect-error no CSV group of that name
db.importCsv('Farm', 'weathers', 'w.csv');

// A typed Database is still a Database.
const plain: Database = db;
void plain;
