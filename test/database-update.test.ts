// Database.updateElement: foreign-key labels, array routing to group tables, replaced group rows
// and atomicity, with Quiver 0.10's messages.

import { afterEach, describe, expect, it } from 'vitest';
import { Database, LogLevel, QuiverError, liveAllocations } from '../lib/index.js';
import { tmpDir, writeFarmSchema, writeSchema, expectNative } from './helpers.js';

const farmSchema = writeFarmSchema();
const quiet = { consoleLevel: LogLevel.Off };

// A collection whose FK points at itself (self references are allowed).
const SELF_SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Node (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL,
  parent_id INTEGER REFERENCES Node(id) ON DELETE SET NULL ON UPDATE CASCADE) STRICT;
CREATE TABLE Node_vector_path (id INTEGER NOT NULL REFERENCES Node(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, node_id INTEGER REFERENCES Node(id) ON DELETE SET NULL ON UPDATE CASCADE,
  PRIMARY KEY (id, vector_index)) STRICT;
`;
const selfSchema = writeSchema(tmpDir(), SELF_SCHEMA);

const open: Database[] = [];
function farm(): Database {
  const db = Database.fromSchema(':memory:', farmSchema, quiet);
  open.push(db);
  return db;
}

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  expect(liveAllocations()).toBe(0);
});

/** Rows of Farm 1's yields group as plain arrays (null for NULL). */
function yields(db: Database, id = 1): Record<string, (number | string | null)[]> {
  const cols = db.readVectorGroupById('Farm', 'yields', id);
  return Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Array.from(v as ArrayLike<number | string | null>)]));
}

describe('updateElement: scalars', () => {
  it('changes only the named attributes of that element', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1', area: 1.5, hectares: 3, owner: 'Ann', organic: 1 });
    db.createElement('Farm', { label: 'F2', area: 9.5, owner: 'Bob' });
    db.updateElement('Farm', 1, { area: 2.25, owner: '  Cy  ' });
    expect(db.readScalarsById('Farm', 1)).toEqual({
      id: 1,
      label: 'F1',
      area: 2.25,
      hectares: 3,
      owner: 'Cy', // strings are trimmed when bound
      date_founded: null,
      organic: 1,
    });
    expect(db.readScalarsById('Farm', 2)).toEqual({
      id: 2,
      label: 'F2',
      area: 9.5,
      hectares: 10,
      owner: 'Bob',
      date_founded: null,
      organic: null,
    });
  });

  it('writes NULL for null (even over a DEFAULT) and accepts booleans, bigints and Dates', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1', owner: 'Ann' });
    db.updateElement('Farm', 1n, {
      owner: null,
      hectares: null,
      organic: true,
      date_founded: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    });
    expect(db.readScalarStringById('Farm', 'owner', 1)).toBeNull();
    expect(db.readScalarIntegerById('Farm', 'hectares', 1)).toBeNull();
    expect(db.readScalarIntegerById('Farm', 'organic', 1)).toBe(1);
    expect(db.readScalarStringById('Farm', 'date_founded', 1)).toBe('2024-01-02T03:04:05');
    db.updateElement('Farm', 1, { hectares: 12n, organic: false });
    expect(db.readScalarIntegers('Farm', 'hectares')).toEqual([12]);
    expect(db.readScalarIntegers('Farm', 'organic')).toEqual([0]);
  });

  it('an integer widens into a REAL column; a float into an INTEGER column is rejected', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    db.updateElement('Farm', 1, { area: 7 });
    expect(db.readScalarFloatById('Farm', 'area', 1)).toBe(7);
    expectNative(
      () => db.updateElement('Farm', 1, { hectares: 2.5 }),
      "Cannot update_element: type mismatch for column 'hectares': expected INTEGER, got REAL",
    );
    expectNative(
      () => db.updateElement('Farm', 1, { hectares: 'x' }),
      "Cannot resolve attribute: 'hectares' is INTEGER but received string 'x' (not a foreign key)",
    );
    expectNative(() => db.updateElement('Farm', 1, { nope: 1 }), "Column 'nope' not found in table 'Farm'");
    expect(db.readScalarIntegerById('Farm', 'hectares', 1)).toBe(10);
  });

  it('renaming the label works and a duplicate label fails with the SQLite message', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    db.createElement('Farm', { label: 'F2' });
    db.updateElement('Farm', 1, { label: 'Renamed' });
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['Renamed', 'F2']);
    expectNative(
      () => db.updateElement('Farm', 1, { label: 'F2' }),
      'Failed to execute statement: UNIQUE constraint failed: Farm.label',
    );
    expectNative(
      () => db.updateElement('Farm', 2, { label: null }),
      'Failed to execute statement: NOT NULL constraint failed: Farm.label',
    );
  });

  it('changing id moves the group rows along (ON UPDATE CASCADE)', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1', crop_yield: [1.5, 2.5], crop: ['kale'] });
    db.updateElement('Farm', 1, { id: 50 });
    expect(db.readElementIds('Farm')).toEqual([50]);
    expect(db.readVectorFloatsById('Farm', 'crop_yield', 50)).toEqual([1.5, 2.5]);
    expect(db.readSetStringsById('Farm', 'crop', 50)).toEqual(['kale']);
    expect(db.readVectorFloatsById('Farm', 'crop_yield', 1)).toEqual([]);
  });

  it('rejects bad TypeScript input before calling the library', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    expect(() => db.updateElement('Farm', 1.5, { owner: 'x' })).toThrow(expect.objectContaining({ code: 'QUIVER_INVALID_ARGUMENT' }));
    expect(() => db.updateElement('Farm', 1, null as never)).toThrow(expect.objectContaining({ code: 'QUIVER_INVALID_ARGUMENT' }));
    expect(() => db.updateElement('Farm', 1, { owner: {} as never })).toThrow(expect.objectContaining({ code: 'QUIVER_INVALID_ARGUMENT' }));
    expect(db.readScalarStringById('Farm', 'owner', 1)).toBeNull();
  });
});

describe('updateElement: errors', () => {
  it('empty element, missing id and unknown collection', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    expectNative(
      () => db.updateElement('Farm', 1, {}),
      'Cannot update_element: element must have at least one attribute to update',
    );
    // undefined entries are skipped, so this is an empty element too
    expectNative(
      () => db.updateElement('Farm', 1, { owner: undefined }),
      'Cannot update_element: element must have at least one attribute to update',
    );
    expectNative(() => db.updateElement('Farm', 999, { hectares: 3 }), "Element not found: 999 in collection 'Farm'");
    expectNative(() => db.updateElement('Nope', 1, { hectares: 3 }), 'Cannot update_element: collection not found: Nope');
  });
});

describe('updateElement: check order and routing', () => {
  it('emptiness is checked before existence, existence before label resolution', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    db.createElement('Barn', { label: 'B1' });
    expectNative(() => db.updateElement('Farm', 999, {}), 'Cannot update_element: element must have at least one attribute to update');
    expectNative(() => db.updateElement('Barn', 999, { farm_id: 'Nope' }), "Element not found: 999 in collection 'Barn'");
  });

  it('scalars resolve before arrays', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    db.createElement('Barn', { label: 'B1' });
    expectNative(
      () => db.updateElement('Barn', 1, { farm_link: ['Nope2'], farm_id: 'Nope1' }),
      "Failed to resolve label 'Nope1' to ID in table 'Farm'",
    );
  });

  it('empty arrays are routed on update (unlike create); scalar names and group names are not array targets', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1', harvest_count: [1] });
    expectNative(
      () => db.updateElement('Farm', 1, { nope: [] }),
      "Cannot update_element: array 'nope' does not match any vector, set, or time series table in collection 'Farm'",
    );
    expectNative(
      () => db.updateElement('Farm', 1, { owner: ['x'] }),
      "Cannot update_element: array 'owner' does not match any vector, set, or time series table in collection 'Farm'",
    );
    // The direct-name table Farm_vector_yields is chosen, and it has no column 'yields'.
    expectNative(() => db.updateElement('Farm', 1, { yields: [1] }), "Column 'yields' not found in table 'Farm_vector_yields'");
    expect(db.readVectorIntegersById('Farm', 'harvest_count', 1)).toEqual([1]);
  });
});

describe('updateElement: foreign-key labels', () => {
  it('a label string resolves to the id (trimmed)', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    db.createElement('Farm', { label: 'F2' });
    db.createElement('Barn', { label: 'B1' });
    db.updateElement('Barn', 1, { farm_id: ' F2 ' });
    expect(db.readScalarIntegerById('Barn', 'farm_id', 1)).toBe(2);
  });

  it('unknown label and dangling integer id', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    db.createElement('Farm', { label: 'F2' });
    db.createElement('Barn', { label: 'B1', farm_id: 1 });
    expectNative(() => db.updateElement('Barn', 1, { farm_id: 'Nope' }), "Failed to resolve label 'Nope' to ID in table 'Farm'");
    expectNative(() => db.updateElement('Barn', 1, { farm_id: 99 }), 'Failed to execute statement: FOREIGN KEY constraint failed');
    expect(db.readScalarIntegerById('Barn', 'farm_id', 1)).toBe(1);
  });

  it('a label array is written to every group table with that column', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    db.createElement('Farm', { label: 'F2' });
    db.createElement('Barn', { label: 'B1' });
    db.updateElement('Barn', 1, { farm_link: ['F1', 'F2'] });
    const neighbors = db.readVectorGroupById('Barn', 'neighbors', 1);
    expect(Object.keys(neighbors)).toEqual(['farm_link']);
    expect(neighbors.farm_link).toEqual(new Float64Array([1, 2]));
    expect(db.readSetGroupById('Barn', 'links', 1)).toEqual({ farm_link: new Float64Array([1, 2]) });
  });

  it('the unresolved label is reported untrimmed and nothing is written', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    db.createElement('Barn', { label: 'B1' });
    expectNative(
      () => db.updateElement('Barn', 1, { label: 'B2', farm_link: ['F1', ' Zed '] }),
      "Failed to resolve label ' Zed ' to ID in table 'Farm'",
    );
    expect(db.readScalarStringById('Barn', 'label', 1)).toBe('B1');
    expect(db.readVectorGroupById('Barn', 'neighbors', 1)).toEqual({});
  });

  it('self reference: a label of the same collection, including the element itself', () => {
    const db = Database.fromSchema(':memory:', selfSchema, quiet);
    open.push(db);
    db.createElement('Node', { label: 'root' });
    db.createElement('Node', { label: 'leaf' });
    db.updateElement('Node', 2, { parent_id: 'root' });
    db.updateElement('Node', 1, { parent_id: 'root' });
    expect(db.readScalarIntegers('Node', 'parent_id')).toEqual([1, 1]);
    db.updateElement('Node', 2, { node_id: ['leaf', 'root', null] });
    expect(db.readVectorGroupById('Node', 'path', 2)).toEqual({ node_id: [2, 1, null] });
    // Labels resolve before any write, so a label introduced by the same update is not found yet.
    expectNative(
      () => db.updateElement('Node', 2, { label: 'twig', parent_id: 'twig' }),
      "Failed to resolve label 'twig' to ID in table 'Node'",
    );
    expect(db.readScalarStringById('Node', 'label', 2)).toBe('leaf');
  });
});

describe('updateElement: arrays replace group rows', () => {
  it('a vector array replaces the rows (vector_index restarts at 1); other elements keep theirs', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1', crop_yield: [1.5, 2.5, 3.5], harvest_count: [1, 2, 3] });
    db.createElement('Farm', { label: 'F2', crop_yield: [9.5], harvest_count: [9] });
    db.updateElement('Farm', 1, { crop_yield: new Float64Array([4.5]), harvest_count: BigInt64Array.from([7n]) });
    expect(yields(db, 1)).toEqual({ crop_yield: [4.5], harvest_count: [7] });
    expect(yields(db, 2)).toEqual({ crop_yield: [9.5], harvest_count: [9] });
    expect(db.queryInteger('SELECT max(vector_index) FROM Farm_vector_yields WHERE id = 1')).toBe(1);
  });

  it('an empty array clears the whole table for that element', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1', crop_yield: [1.5, 2.5], harvest_count: [1, 2] });
    db.updateElement('Farm', 1, { harvest_count: [] });
    expect(db.readVectorGroupById('Farm', 'yields', 1)).toEqual({});
    expect(db.queryInteger('SELECT count(*) FROM Farm_vector_yields WHERE id = 1')).toBe(0);
  });

  it('group columns not given become NULL in the new rows', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1', crop_yield: [5.5, 6.5, 7.5], harvest_count: [1, 2, 3] });
    db.updateElement('Farm', 1, { crop_yield: [1, 2] });
    expect(yields(db)).toEqual({ crop_yield: [1, 2], harvest_count: [null, null] });
  });

  it('an empty and a non-empty array for the same table is a length mismatch; rows stay', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1', crop_yield: [5.5], harvest_count: [1] });
    expectNative(
      () => db.updateElement('Farm', 1, { harvest_count: [], crop_yield: [1, 2] }),
      "Cannot update_element: vector columns in table 'Farm_vector_yields' must have the same length",
    );
    expect(yields(db)).toEqual({ crop_yield: [5.5], harvest_count: [1] });
  });

  it('a time-series array without its dimension fails in SQLite; rows stay', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    db.updateTimeSeriesGroup('Farm', 'weather', 1, { date_time: ['2024-01-01', '2024-01-02'], rain: [0.5, 1.5] });
    expectNative(
      () => db.updateElement('Farm', 1, { rain: [1, 2] }),
      'Failed to execute statement: NOT NULL constraint failed: Farm_time_series_weather.date_time',
    );
    expect(db.queryInteger('SELECT count(*) FROM Farm_time_series_weather WHERE id = 1')).toBe(2);
    expect(db.queryFloat('SELECT sum(rain) FROM Farm_time_series_weather WHERE id = 1')).toBe(2);
  });

  it('a set array replaces the set; the vector group of the element is untouched', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1', crop: ['kale', 'beet'], crop_yield: [1.5] });
    db.updateElement('Farm', 1, { crop: ['rye'] });
    expect(db.readSetStringsById('Farm', 'crop', 1)).toEqual(['rye']);
    expect(db.readVectorFloatsById('Farm', 'crop_yield', 1)).toEqual([1.5]);
  });

  it('scalars and arrays in one update; a rejected array leaves its table intact', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1', harvest_count: [4] });
    db.updateElement('Farm', 1, { owner: 'Ann', harvest_count: [5, 6] });
    expect(db.readScalarStringById('Farm', 'owner', 1)).toBe('Ann');
    expect(db.readVectorIntegersById('Farm', 'harvest_count', 1)).toEqual([5, 6]);
    expectNative(
      () => db.updateElement('Farm', 1, { harvest_count: [1.5] }),
      "Cannot update_element: type mismatch for array 'harvest_count' index 0: expected INTEGER, got REAL",
    );
    expectNative(
      () => db.updateElement('Farm', 1, { nope: [1] }),
      "Cannot update_element: array 'nope' does not match any vector, set, or time series table in collection 'Farm'",
    );
    expectNative(
      () => db.updateElement('Farm', 1, { crop: ['a', 'a'] }),
      'Failed to execute statement: UNIQUE constraint failed: Farm_set_crops.id, Farm_set_crops.crop',
    );
    expect(db.readVectorIntegersById('Farm', 'harvest_count', 1)).toEqual([5, 6]);
  });

  it('inside an explicit transaction a failed update keeps its scalar write until rollback', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    db.createElement('Farm', { label: 'F2' });
    const call = (): void => db.updateElement('Farm', 2, { owner: 'ZED', crop_yield: ['x'] });
    const message = "Cannot update_element: type mismatch for array 'crop_yield' index 0: expected REAL, got TEXT";

    db.beginTransaction();
    expectNative(call, message);
    expect(db.readScalarStringById('Farm', 'owner', 2)).toBe('ZED');
    db.rollback();
    expect(db.readScalarStringById('Farm', 'owner', 2)).toBeNull();

    // Outside a transaction the call is atomic.
    expectNative(call, message);
    expect(db.readScalarStringById('Farm', 'owner', 2)).toBeNull();
  });
});

describe('values refused on update (NaN, malformed date-times)', () => {
  it('NaN in a scalar, an element array or a Float64Array group column fails and changes nothing', () => {
    const db = farm();
    const id = db.createElement('Farm', { label: 'F', area: 2, crop_yield: [1, 2] });
    const nan = 'NaN is not a storable value (use NULL for a missing value)';
    expectNative(() => db.updateElement('Farm', id, { area: Number.NaN }), `Cannot update_element: column 'area': ${nan}`);
    expectNative(() => db.updateElement('Farm', id, { crop_yield: [Number.NaN] }), `Cannot update_element: array 'crop_yield' index 0: ${nan}`);
    expectNative(
      () => db.updateVectorGroup('Farm', 'yields', id, { crop_yield: Float64Array.of(3, Number.NaN) }),
      `Cannot update_vector_group: array 'crop_yield' index 1: ${nan}`,
    );
    expect(db.readScalarFloatById('Farm', 'area', id)).toBe(2);
    expect(yields(db, id).crop_yield).toEqual([1, 2]);
  });

  it('a date column takes only date-time text', () => {
    const db = farm();
    const id = db.createElement('Farm', { label: 'F', date_founded: '2020-01-01' });
    expectNative(
      () => db.updateElement('Farm', id, { date_founded: '01/02/2020' }),
      "Cannot update_element: column 'date_founded': '01/02/2020' is not a valid date-time (expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, years 0000 to 9999)",
    );
    expect(db.readScalarStringById('Farm', 'date_founded', id)).toBe('2020-01-01');
  });
});
