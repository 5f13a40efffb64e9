// Type-level test over the example schema (examples/energy.sql, module examples/energy-types.ts): every
// Database method with a typed schema. Compiled by tsc (test/typed-studies.test.ts), never run.
// Lines marked @ts-expect-error must be type errors; every other line must compile.

import type { GroupMetadata, ScalarMetadata } from '../../lib/index.js';
import { Database, LuaRunner } from '../../lib/index.js';
import type { Schema } from '../../examples/energy-types.js';
import type { Equal, Expect } from './type-assert.js';

const db = Database.fromSchema<Schema>('study.db', 'examples/energy.sql');
type _fromSchema = Expect<Equal<typeof db, Database<Schema>>>;
type _open = Expect<Equal<ReturnType<typeof Database.open<Schema>>, Database<Schema>>>;
type _fromMigrations = Expect<Equal<ReturnType<typeof Database.fromMigrations<Schema>>, Database<Schema>>>;

// ---- Collections ------------------------------------------------------------------------------
db.numberOfElements('Plant');
db.readElementIds('Bus');
db.deleteElement('Configuration', 1);
db.describeCollection('Plant');
db.summarizeCollection('Bus');
db.listScalarAttributes('Plant');
db.listVectorGroups('Plant');
db.listSetGroups('Bus');
db.listTimeSeriesGroups('Configuration');
db.hasTimeSeriesFiles('Plant');
// @ts-expect-error a misspelt collection
db.numberOfElements('Plnt');
// @ts-expect-error collections are case-sensitive
db.readElementIds('plant');
// @ts-expect-error a group table is not a collection
db.deleteElement('Plant_vector_cost_curve', 1);
// @ts-expect-error unknown collection
db.describeCollection('Line');
// @ts-expect-error a name held in a plain string is not known to be a collection
db.listScalarAttributes('Plant' as string);

// ---- createElement ------------------------------------------------------------------------------
db.createElement('Configuration', { label: 'base', horizon_years: 10, discount_rate: 0.05 });
db.createElement('Bus', { label: 'North', voltage_kv: 230 });
db.createElement('Bus', { label: 'South', voltage_kv: null, id: 7 });
db.createElement('Plant', {
  label: 'Coal 1',
  capacity_mw: 450,
  bus_id: 'North', // a reference by label
  date_commissioned: new Date(Date.UTC(1998, 4, 1)),
  segment_mw: [200, 150, 100], // vector columns as arrays
  cost_per_mwh: new Float64Array([31.5, 36, 44.25]),
  fuel: ['coal'], // set column
});
db.createElement('Plant', { label: 'Gas 1', capacity_mw: 300, bus_id: 2, date_commissioned: '2001-01-01T00:00:00' });
db.createElement('Plant', { label: 'Gas 2', capacity_mw: 300, bus_id: null, min_generation_mw: undefined });
db.createElement('Plant', { label: 'Wind', capacity_mw: 120, date_time: ['2030-01-01T00:00:00'], generation_mw: [42] });
const created: number = db.createElement('Bus', { label: 'East' });
void created;
// @ts-expect-error label is NOT NULL without a default
db.createElement('Bus', { voltage_kv: 230 });
// @ts-expect-error capacity_mw is NOT NULL without a default
db.createElement('Plant', { label: 'P' });
// @ts-expect-error unknown attribute (misspelt)
db.createElement('Plant', { label: 'P', capacity_mw: 1, capacty_mw: 2 });
// @ts-expect-error a number for a TEXT attribute
db.createElement('Bus', { label: 42 });
// @ts-expect-error a string for a REAL attribute
db.createElement('Plant', { label: 'P', capacity_mw: '450' });
// @ts-expect-error null for a NOT NULL attribute
db.createElement('Plant', { label: 'P', capacity_mw: null });
// @ts-expect-error a Date for a REAL attribute
db.createElement('Bus', { label: 'B', voltage_kv: new Date() });
// @ts-expect-error a Date for a TEXT attribute that is not a date
db.createElement('Bus', { label: new Date() });
// @ts-expect-error an array for a scalar attribute
db.createElement('Bus', { label: 'B', voltage_kv: [1, 2] });
// @ts-expect-error strings in a REAL vector column
db.createElement('Plant', { label: 'P', capacity_mw: 1, segment_mw: ['a'] });
// @ts-expect-error numbers in a TEXT set column
db.createElement('Plant', { label: 'P', capacity_mw: 1, fuel: [1] });
// @ts-expect-error a scalar for a group column
db.createElement('Plant', { label: 'P', capacity_mw: 1, fuel: 'coal' });
// @ts-expect-error a column of another collection
db.createElement('Bus', { label: 'B', fuel: ['coal'] });
// @ts-expect-error a group name is not a column
db.createElement('Plant', { label: 'P', capacity_mw: 1, cost_curve: [1] });

// ---- updateElement ------------------------------------------------------------------------------
db.updateElement('Plant', 1, { capacity_mw: 500 });
db.updateElement('Plant', 1n, { bus_id: 'South', fuel: [], segment_mw: [1, 2], cost_per_mwh: [3, null] });
db.updateElement('Bus', 2, { label: 'Renamed', voltage_kv: null });
db.updateElement('Configuration', 1, {});
// @ts-expect-error unknown attribute
db.updateElement('Bus', 1, { voltage: 1 });
// @ts-expect-error null for a NOT NULL attribute
db.updateElement('Plant', 1, { capacity_mw: null });
// @ts-expect-error a string for an INTEGER attribute that is no reference
db.updateElement('Configuration', 1, { horizon_years: '10' });
// @ts-expect-error booleans are not REAL values
db.updateElement('Bus', 1, { voltage_kv: true });

// ---- Scalar reads -------------------------------------------------------------------------------
type _notNullFloats = Expect<Equal<ReturnType<typeof db.readScalarFloats<'Plant', 'capacity_mw'>>, number[]>>;
const capacities: number[] = db.readScalarFloats('Plant', 'capacity_mw');
const voltages: (number | null)[] = db.readScalarFloats('Bus', 'voltage_kv');
const labels: string[] = db.readScalarStrings('Plant', 'label');
const dates: (string | null)[] = db.readScalarStrings('Plant', 'date_commissioned');
const ids: number[] = db.readScalarIntegers('Plant', 'id');
const buses: (number | null)[] = db.readScalarIntegers('Plant', 'bus_id');
const horizon: number | null = db.readScalarIntegerById('Configuration', 'horizon_years', 1);
const rate: number | null = db.readScalarFloatById('Configuration', 'discount_rate', 1);
const label: string | null = db.readScalarStringById('Bus', 'label', 1);
void [capacities, voltages, labels, dates, ids, buses, horizon, rate, label];
// @ts-expect-error a nullable attribute gives (number | null)[]
const notNullVoltages: number[] = db.readScalarFloats('Bus', 'voltage_kv');
// @ts-expect-error readScalarFloats takes REAL attributes only
db.readScalarFloats('Plant', 'label');
// @ts-expect-error readScalarFloats takes REAL attributes only (not INTEGER)
db.readScalarFloats('Plant', 'bus_id');
// @ts-expect-error readScalarIntegers takes INTEGER attributes only
db.readScalarIntegers('Plant', 'capacity_mw');
// @ts-expect-error readScalarStrings takes TEXT and DATE_TIME attributes only
db.readScalarStrings('Plant', 'capacity_mw');
// @ts-expect-error an attribute of another collection
db.readScalarFloats('Bus', 'capacity_mw');
// @ts-expect-error a vector column is no scalar attribute
db.readScalarFloats('Plant', 'segment_mw');
// @ts-expect-error the by-id readers check the type too
db.readScalarIntegerById('Plant', 'label', 1);
// @ts-expect-error the by-id readers check the type too
db.readScalarStringById('Bus', 'voltage_kv', 1);

const plant = db.readScalarsById('Plant', 1);
type _row = Expect<
  Equal<
    typeof plant,
    {
      id: number;
      label: string;
      capacity_mw: number;
      min_generation_mw: number | null;
      date_commissioned: string | null;
      bus_id: number | null;
    }
  >
>;
// @ts-expect-error not an attribute of Plant
void plant.voltage_kv;

// ---- Vectors and sets -----------------------------------------------------------------------------
const segments: number[][] = db.readVectorFloats('Plant', 'segment_mw');
const costs: number[] = db.readVectorFloatsById('Plant', 'cost_per_mwh', 1);
const fuels: (string | null)[][] = db.readSetStrings('Plant', 'fuel');
const fuelsOfOne: (string | null)[] = db.readSetStringsById('Plant', 'fuel', 1);
void [segments, costs, fuels, fuelsOfOne];
// @ts-expect-error readVectorIntegers takes INTEGER vector columns only
db.readVectorIntegers('Plant', 'segment_mw');
// @ts-expect-error the group name is not a column name
db.readVectorFloats('Plant', 'cost_curve');
// @ts-expect-error a set column is not a vector column
db.readVectorStrings('Plant', 'fuel');
// @ts-expect-error a vector column is not a set column
db.readSetFloats('Plant', 'segment_mw');
// @ts-expect-error Bus has no sets
db.readSetStringsById('Bus', 'fuel', 1);

const curve = db.readVectorGroupById('Plant', 'cost_curve', 1);
type _curve = Expect<Equal<typeof curve, { segment_mw?: Float64Array | (number | null)[]; cost_per_mwh?: Float64Array | (number | null)[] }>>;
const fuelGroup = db.readSetGroupById('Plant', 'fuels', 1);
type _fuelGroup = Expect<Equal<typeof fuelGroup, { fuel?: string[] }>>;
db.updateVectorGroup('Plant', 'cost_curve', 1, { segment_mw: [100, 200], cost_per_mwh: new Float64Array(2) });
db.updateVectorGroup('Plant', 'cost_curve', 1, { segment_mw: curve.segment_mw ?? [] });
db.updateVectorGroup('Plant', 'cost_curve', 1, {});
db.updateSetGroup('Plant', 'fuels', 1, { fuel: ['coal', 'gas'] });
db.updateSetGroup('Plant', 'fuels', 1, {});
// @ts-expect-error a column of another group
db.updateVectorGroup('Plant', 'cost_curve', 1, { fuel: ['coal'] });
// @ts-expect-error strings in a REAL column
db.updateVectorGroup('Plant', 'cost_curve', 1, { segment_mw: ['100'] });
// @ts-expect-error fuel is NOT NULL: a set write that gives rows must give it
db.updateSetGroup('Plant', 'fuels', 1, { fuel: [null] });
// @ts-expect-error the set group is called fuels (fuel is its column)
db.readSetGroupById('Plant', 'fuel', 1);
// @ts-expect-error cost_curve is a vector group, not a set group
db.updateSetGroup('Plant', 'cost_curve', 1, {});

const vectors = db.readVectorsById('Plant', 1);
type _vectors = Expect<Equal<typeof vectors, { segment_mw: (number | null)[]; cost_per_mwh: (number | null)[] }>>;
const sets = db.readSetsById('Plant', 1);
type _sets = Expect<Equal<typeof sets, { fuel: string[] }>>;

// ---- Time series --------------------------------------------------------------------------------
const hours = ['2030-01-01T00:00:00', '2030-01-01T01:00:00'];
db.updateTimeSeriesGroup('Plant', 'generation', 1, { date_time: hours, generation_mw: new Float64Array([300, 310]) });
db.updateTimeSeriesGroup('Plant', 'generation', 1, { date_time: [new Date()], generation_mw: [null] });
db.updateTimeSeriesGroup('Plant', 'generation', 1, {});
db.upsertTimeSeriesRow('Plant', 'generation', 1, { date_time: '2030-01-01T02:00:00', generation_mw: 320 });
db.upsertTimeSeriesRow('Plant', 'generation', 1, { date_time: new Date() });
const series = db.readTimeSeriesGroup('Plant', 'generation', 1);
type _series = Expect<Equal<typeof series, { date_time?: string[]; generation_mw?: Float64Array | (number | null)[] }>>;
const atNoon: (number | null)[] = db.readTimeSeriesRow('Plant', 'generation', 'generation_mw', '2030-01-01T12:00:00');
void atNoon;
// @ts-expect-error the dimension column must be given
db.updateTimeSeriesGroup('Plant', 'generation', 1, { generation_mw: [1] });
// @ts-expect-error the dimension column must be given
db.upsertTimeSeriesRow('Plant', 'generation', 1, { generation_mw: 1 });
// @ts-expect-error unknown column
db.upsertTimeSeriesRow('Plant', 'generation', 1, { date_time: '2030', output: 1 });
// @ts-expect-error a row value cannot be null
db.upsertTimeSeriesRow('Plant', 'generation', 1, { date_time: '2030', generation_mw: null });
// @ts-expect-error numbers for the date column
db.updateTimeSeriesGroup('Plant', 'generation', 1, { date_time: [1, 2] });
// @ts-expect-error readTimeSeriesRow does not take the dimension column
db.readTimeSeriesRow('Plant', 'generation', 'date_time', '2030');
// @ts-expect-error unknown group
db.readTimeSeriesGroup('Plant', 'output', 1);
// @ts-expect-error Bus has no time series
db.readTimeSeriesGroup('Bus', 'generation', 1);

// ---- Time-series files (none in this schema) --------------------------------------------------------
// @ts-expect-error Plant has no time-series files table
db.readTimeSeriesFiles('Plant');
// @ts-expect-error Plant has no time-series files table
db.updateTimeSeriesFiles('Plant', {});

// ---- Metadata and CSV -----------------------------------------------------------------------------
const scalarMeta: ScalarMetadata = db.getScalarMetadata('Plant', 'bus_id');
const vectorMeta: GroupMetadata = db.getVectorMetadata('Plant', 'cost_curve');
const setMeta: GroupMetadata = db.getSetMetadata('Plant', 'fuels');
const seriesMeta: GroupMetadata = db.getTimeSeriesMetadata('Plant', 'generation');
void [scalarMeta, vectorMeta, setMeta, seriesMeta];
db.exportCsv('Plant', '', 'plants.csv');
db.exportCsv('Plant', 'generation', 'generation.csv', { dateTimeFormat: '%Y' });
db.importCsv('Plant', 'fuels', 'fuels.csv');
// @ts-expect-error unknown attribute
db.getScalarMetadata('Plant', 'voltage_kv');
// @ts-expect-error fuels is a set group
db.getVectorMetadata('Plant', 'fuels');
// @ts-expect-error a column name is no group name
db.exportCsv('Plant', 'fuel', 'x.csv');

// ---- Unchanged parts: queries, transactions, Lua --------------------------------------------------
const total: number | null = db.queryFloat('SELECT SUM(capacity_mw) FROM Plant');
void total;
const id = db.transaction((tx) => {
  type _tx = Expect<Equal<typeof tx, Database<Schema>>>;
  return tx.createElement('Bus', { label: 'West' });
});
type _id = Expect<Equal<typeof id, number>>;
db.dryRun((tx) => tx.updateElement('Bus', id, { voltage_kv: 1 }));
// A typed Database is still a Database: LuaRunner and untyped helpers take it.
const plain: Database = db;
const lua = new LuaRunner(db);
const answer = lua.run<{ plants: number }>('return { plants = db:number_of_elements("Plant") }');
type _answer = Expect<Equal<typeof answer, { plants: number }>>;
void [plain, answer];

// Numeric columns take any typed array.
db.updateVectorGroup('Plant', 'cost_curve', 1, { segment_mw: new Float32Array(2), cost_per_mwh: new Int32Array(2) });
