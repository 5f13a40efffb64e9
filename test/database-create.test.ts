// Database.createElement: JS value encoding (numbers, bigint, booleans, Date,
// null, arrays and typed arrays), routing of arrays to group tables, FK labels, the type rules and
// every create error, plus argument checks that must fail as QuiverError before reaching C.

import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database, liveAllocations, LogLevel, QuiverError } from '../lib/index.js';
import { writeFarmSchema, expectCode, expectNative, thrown } from './helpers.js';

const schema = writeFarmSchema();
let db: Database;

beforeEach(() => {
  db = Database.fromSchema(':memory:', schema, { consoleLevel: LogLevel.Off });
});

afterEach(() => {
  db.close();
});

afterAll(() => {
  expect(liveAllocations()).toBe(0);
});

/** Rows of Farm_vector_yields for one farm, in vector_index order, read with plain SQL. */
function yieldRows(id: number): { index: number; cropYield: number | null; harvest: number | null }[] {
  const n = db.queryInteger('SELECT COUNT(*) FROM Farm_vector_yields WHERE id = ?', [id])!;
  const rows = [];
  for (let i = 1; i <= n; i++) {
    rows.push({
      index: db.queryInteger('SELECT vector_index FROM Farm_vector_yields WHERE id = ? AND vector_index = ?', [id, i])!,
      cropYield: db.queryFloat('SELECT crop_yield FROM Farm_vector_yields WHERE id = ? AND vector_index = ?', [id, i]),
      harvest: db.queryInteger('SELECT harvest_count FROM Farm_vector_yields WHERE id = ? AND vector_index = ?', [id, i]),
    });
  }
  return rows;
}

describe('scalars', () => {
  it('stores every scalar type and returns the new id', () => {
    const id = db.createElement('Farm', {
      label: 'F1',
      area: 12.5,
      hectares: 40,
      owner: 'Ann',
      date_founded: '1999-12-31T23:59:59',
      organic: 1,
    });
    expect(id).toBe(1);
    expect(db.readScalarsById('Farm', id)).toEqual({
      id: 1,
      label: 'F1',
      area: 12.5,
      hectares: 40,
      owner: 'Ann',
      date_founded: '1999-12-31T23:59:59',
      organic: 1,
    });
  });

  it('booleans are stored as 1/0', () => {
    const yes = db.createElement('Farm', { label: 'Y', organic: true });
    const no = db.createElement('Farm', { label: 'N', organic: false });
    expect(db.readScalarIntegerById('Farm', 'organic', yes)).toBe(1);
    expect(db.readScalarIntegerById('Farm', 'organic', no)).toBe(0);
    expect(db.queryString('SELECT typeof(organic) FROM Farm WHERE id = ?', [no])).toBe('integer');
  });

  it('a Date is stored as UTC text YYYY-MM-DDTHH:MM:SS (milliseconds dropped)', () => {
    const id = db.createElement('Farm', { label: 'D', date_founded: new Date(Date.UTC(2021, 6, 4, 5, 6, 7, 890)) });
    expect(db.readScalarStringById('Farm', 'date_founded', id)).toBe('2021-07-04T05:06:07');
  });

  it('an invalid Date is an invalid argument and writes nothing', () => {
    expectCode(() => db.createElement('Farm', { label: 'D', date_founded: new Date('nope') }), 'QUIVER_INVALID_ARGUMENT');
    expect(db.numberOfElements('Farm')).toBe(0);
  });

  it('bigint values within int64 are stored', () => {
    const id = db.createElement('Farm', { label: 'B', hectares: 123n });
    expect(db.readScalarIntegerById('Farm', 'hectares', id)).toBe(123);
    const big = db.createElement('Farm', { label: 'Max', hectares: (1n << 63n) - 1n });
    expect(db.queryString('SELECT CAST(hectares AS TEXT) FROM Farm WHERE id = ?', [big])).toBe('9223372036854775807');
  });

  it('a huge integral double such as 1e300 is stored in a REAL column as a float', () => {
    const id = db.createElement('Farm', { label: 'Huge', area: 1e300 });
    expect(db.readScalarFloatById('Farm', 'area', id)).toBe(1e300);
    db.deleteElement('Farm', id);
  });

  it('unsafe integers and out-of-int64 bigints are QUIVER_INTEGER_RANGE, before anything is written', () => {
    expectCode(() => db.createElement('Farm', { label: 'U', hectares: 1n << 63n }), 'QUIVER_INTEGER_RANGE');
    expectCode(() => db.createElement('Farm', { label: 'U', harvest_count: [-(1n << 64n)] }), 'QUIVER_INTEGER_RANGE');
    // A number beyond 2^53 is a double to JS: it goes as REAL, which an INTEGER column rejects.
    expect(() => db.createElement('Farm', { label: 'U', hectares: 2 ** 53 })).toThrow(
      "Cannot create_element: type mismatch for column 'hectares': expected INTEGER, got REAL",
    );
    expect(() => db.createElement('Farm', { label: 'U', harvest_count: [1, 2 ** 53] })).toThrow(
      "Cannot create_element: type mismatch for array 'harvest_count' index 0: expected INTEGER, got REAL",
    );
    expect(db.numberOfElements('Farm')).toBe(0);
    expect(Number.MAX_SAFE_INTEGER).toBe(2 ** 53 - 1);
    const id = db.createElement('Farm', { label: 'Safe', hectares: Number.MAX_SAFE_INTEGER });
    expect(db.readScalarIntegerById('Farm', 'hectares', id)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('the label is trimmed', () => {
    expect(db.createElement('Farm', { label: '  F1 ' })).toBe(1);
    expect(db.readScalarStringById('Farm', 'label', 1)).toBe('F1');
  });

  it('every string is trimmed; a whitespace-only string becomes "" (not NULL)', () => {
    const id = db.createElement('Farm', { label: '\tW\n', owner: '   ', date_founded: ' 2020-01-01T00:00:00 ' });
    expect(db.readScalarsById('Farm', id)).toMatchObject({ label: 'W', owner: '', date_founded: '2020-01-01T00:00:00' });
    const empty = db.createElement('Farm', { label: '' });
    expect(db.readScalarStringById('Farm', 'label', empty)).toBe('');
  });

  it('a missing label violates NOT NULL', () => {
    expectNative(() => db.createElement('Farm', { owner: 'Ann' }), 'Failed to execute statement: NOT NULL constraint failed: Farm.label');
    expectNative(() => db.createElement('Farm', { label: null }), 'Failed to execute statement: NOT NULL constraint failed: Farm.label');
  });

  it('a duplicate label violates UNIQUE (also after trimming)', () => {
    db.createElement('Farm', { label: 'F1' });
    expectNative(() => db.createElement('Farm', { label: 'F1' }), 'Failed to execute statement: UNIQUE constraint failed: Farm.label');
    expectNative(() => db.createElement('Farm', { label: ' F1 ' }), 'Failed to execute statement: UNIQUE constraint failed: Farm.label');
    expect(db.numberOfElements('Farm')).toBe(1);
  });

  it('arrays alone are not enough', () => {
    expectNative(
      () => db.createElement('Farm', { harvest_count: [1, 2] }),
      'Cannot create_element: element must have at least one scalar attribute',
    );
    expectNative(() => db.createElement('Farm', {}), 'Cannot create_element: element must have at least one scalar attribute');
    expectNative(
      () => db.createElement('Farm', { label: undefined }),
      'Cannot create_element: element must have at least one scalar attribute',
    );
  });

  it('a non-integer number for an INTEGER column is a REAL mismatch; an integer for REAL is widened', () => {
    // JS has no 3.0 distinct from 3: integral numbers are always sent as INTEGER, so 3.5 stands in.
    expectNative(
      () => db.createElement('Farm', { label: 'F2', hectares: 3.5 }),
      "Cannot create_element: type mismatch for column 'hectares': expected INTEGER, got REAL",
    );
    expect(db.createElement('Farm', { label: 'F2', area: 7 })).toBe(1);
    expect(db.readScalarFloats('Farm', 'area')).toEqual([7]);
    expect(db.queryString("SELECT typeof(area) FROM Farm WHERE label = 'F2'")).toBe('real');
  });

  it('a string for a non-FK INTEGER column', () => {
    expectNative(
      () => db.createElement('Farm', { label: 'F2', hectares: 'x' }),
      "Cannot resolve attribute: 'hectares' is INTEGER but received string 'x' (not a foreign key)",
    );
  });

  it('an integer for a DATE_TIME column (date_ name rule)', () => {
    expectNative(
      () => db.createElement('Farm', { label: 'F2', date_founded: 5 }),
      "Cannot create_element: type mismatch for column 'date_founded': expected DATE_TIME, got INTEGER",
    );
    expectNative(
      () => db.createElement('Farm', { label: 'F2', owner: 1.5 }),
      "Cannot create_element: type mismatch for column 'owner': expected TEXT, got REAL",
    );
    expectNative(
      () => db.createElement('Farm', { label: 'F2', area: 'wide' }),
      "Cannot create_element: type mismatch for column 'area': expected REAL, got TEXT",
    );
    expectNative(
      () => db.createElement('Farm', { label: 'F2', organic: true, owner: false }),
      "Cannot create_element: type mismatch for column 'owner': expected TEXT, got INTEGER",
    );
  });

  it('unknown attributes (case-sensitive) and unknown collections', () => {
    expectNative(() => db.createElement('Farm', { label: 'F2', nope: 1 }), "Column 'nope' not found in table 'Farm'");
    expectNative(() => db.createElement('Farm', { label: 'F2', Area: 1 }), "Column 'Area' not found in table 'Farm'");
    expectNative(() => db.createElement('farm', { label: 'F2' }), 'Cannot create_element: collection not found: farm');
    expectNative(() => db.createElement('', { label: 'F2' }), 'Cannot create_element: collection not found: ');
  });

  it('omitted attributes get the DEFAULT, an explicit null stores NULL', () => {
    const d = db.createElement('Farm', { label: 'D' });
    expect(db.readScalarIntegerById('Farm', 'hectares', d)).toBe(10);
    const e = db.createElement('Farm', { label: 'E', hectares: null });
    expect(db.readScalarIntegerById('Farm', 'hectares', e)).toBeNull();
    expect(db.queryInteger('SELECT hectares IS NULL FROM Farm WHERE id = ?', [e])).toBe(1);
  });

  it('NaN is refused with a clear error (Quiver 0.10 stored it as NULL)', () => {
    const before = db.numberOfElements('Farm');
    expectNative(
      () => db.createElement('Farm', { label: 'N', area: Number.NaN }),
      "Cannot create_element: column 'area': NaN is not a storable value (use NULL for a missing value)",
    );
    expectNative(
      () => db.createElement('Farm', { label: 'N', crop_yield: [1, Number.NaN] }),
      "Cannot create_element: array 'crop_yield' index 1: NaN is not a storable value (use NULL for a missing value)",
    );
    expect(db.numberOfElements('Farm')).toBe(before);
  });

  it('date-time text must be a date-time; Dates must lie within years 0000 to 9999', () => {
    const forms = '(expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, years 0000 to 9999)';
    for (const bad of ['garbage', '2030-13-45T99:99:99', '2030-02-30', '10000-01-01', '2030-01-01T10']) {
      expectNative(
        () => db.createElement('Farm', { label: 'D', date_founded: bad }),
        `Cannot create_element: column 'date_founded': '${bad}' is not a valid date-time ${forms}`,
      );
    }
    const far = new Date(Date.UTC(10000, 0, 1));
    const err = expectCode(() => db.createElement('Farm', { label: 'D', date_founded: far }), 'QUIVER_INVALID_ARGUMENT');
    expect(err.message).toBe('Date out of range for a date-time value: year 10000 (dates must lie within years 0000 to 9999)');
    expect(expectCode(() => db.createElement('Farm', { label: 'D', date_founded: new Date(Date.UTC(-1, 0, 1)) }), 'QUIVER_INVALID_ARGUMENT').message).toBe(
      'Date out of range for a date-time value: year -1 (dates must lie within years 0000 to 9999)',
    );
    const ok = ['2030-01-01', ' 2030-01-01T10:00 ', '2030-01-01 10:00:00', '2030-01-01T10:00:00.5', '2030-01-01T10:00:00+02:00', '0000-01-01'];
    for (const [i, text] of ok.entries()) {
      const id = db.createElement('Farm', { label: `D${i}`, date_founded: text });
      expect(db.readScalarStringById('Farm', 'date_founded', id)).toBe(text.trim());
    }
    const id = db.createElement('Farm', { label: 'D9999', date_founded: new Date(Date.UTC(9999, 11, 31, 23, 59, 59)) });
    expect(db.readScalarStringById('Farm', 'date_founded', id)).toBe('9999-12-31T23:59:59');
  });

  it('infinities are floats: stored in REAL, rejected for INTEGER', () => {
    const id = db.createElement('Farm', { label: 'Inf', area: Number.POSITIVE_INFINITY });
    expect(db.readScalarFloatById('Farm', 'area', id)).toBe(Number.POSITIVE_INFINITY);
    expectNative(
      () => db.createElement('Farm', { label: 'Inf2', hectares: Number.NEGATIVE_INFINITY }),
      "Cannot create_element: type mismatch for column 'hectares': expected INTEGER, got REAL",
    );
  });

  it('an explicit id is used; AUTOINCREMENT continues after it and never reuses ids', () => {
    expect(db.createElement('Farm', { label: 'X', id: 100 })).toBe(100);
    expect(db.createElement('Farm', { label: 'Y' })).toBe(101);

    const fresh = Database.fromSchema(':memory:', schema, { consoleLevel: LogLevel.Off });
    try {
      for (const label of ['A', 'B', 'C']) fresh.createElement('Farm', { label });
      fresh.deleteElement('Farm', 2);
      expect(fresh.createElement('Farm', { label: 'D' })).toBe(4);
      expect(fresh.readElementIds('Farm')).toEqual([1, 3, 4]);
    } finally {
      fresh.close();
    }
  });

  it('a failed create does not consume an AUTOINCREMENT id', () => {
    db.createElement('Farm', { label: 'A' });
    expect(() => db.createElement('Farm', { label: 'A' })).toThrow(QuiverError);
    expect(() => db.createElement('Farm', { label: 'B', crop: ['x', 'x'] })).toThrow(QuiverError);
    expect(db.createElement('Farm', { label: 'C' })).toBe(2);
  });

  it('an id beyond 2^53 given as a number is a double, rejected by the INTEGER id column', () => {
    expect(() => db.createElement('Farm', { label: 'Big', id: 2 ** 60 })).toThrow(
      "Cannot create_element: type mismatch for column 'id': expected INTEGER, got REAL",
    );
    expect(db.numberOfElements('Farm')).toBe(0);
  });
});

describe('arrays', () => {
  it('a Float64Array of integers (as group reads return them) is written to an INTEGER vector column', () => {
    const a = db.createElement('Farm', { label: 'RA', harvest_count: [4, 5] });
    const column = db.readVectorGroupById('Farm', 'yields', a).harvest_count;
    expect(column).toBeInstanceOf(Float64Array);
    const b = db.createElement('Farm', { label: 'RB', harvest_count: column as Float64Array });
    expect(db.readVectorIntegersById('Farm', 'harvest_count', b)).toEqual([4, 5]);
    db.deleteElement('Farm', a);
    db.deleteElement('Farm', b);
  });

  it('vector columns go to Farm_vector_yields (vector_index 1..n), set columns to Farm_set_crops', () => {
    const id = db.createElement('Farm', { label: 'F', crop_yield: [1.5, 2.5, 3.5], harvest_count: [1, 2, 3], crop: ['wheat', 'corn'] });
    expect(yieldRows(id)).toEqual([
      { index: 1, cropYield: 1.5, harvest: 1 },
      { index: 2, cropYield: 2.5, harvest: 2 },
      { index: 3, cropYield: 3.5, harvest: 3 },
    ]);
    expect(db.readSetStringsById('Farm', 'crop', id)).toEqual(['corn', 'wheat']);
    expect(db.readVectorFloatsById('Farm', 'crop_yield', id)).toEqual([1.5, 2.5, 3.5]);
  });

  it('null cells are stored as NULL in their row', () => {
    const id = db.createElement('Farm', { label: 'F', crop_yield: [1.5, null, 2.5], harvest_count: [null, 7, null] });
    expect(yieldRows(id)).toEqual([
      { index: 1, cropYield: 1.5, harvest: null },
      { index: 2, cropYield: null, harvest: 7 },
      { index: 3, cropYield: 2.5, harvest: null },
    ]);
  });

  it('an all-null array is accepted for any column type', () => {
    const id = db.createElement('Farm', { label: 'F', crop_yield: [null, null] });
    expect(yieldRows(id)).toEqual([
      { index: 1, cropYield: null, harvest: null },
      { index: 2, cropYield: null, harvest: null },
    ]);
  });

  it('typed arrays: Float64Array, BigInt64Array, Int32Array', () => {
    const id = db.createElement('Farm', {
      label: 'T',
      crop_yield: new Float64Array([0.25, 0.5]),
      harvest_count: new BigInt64Array([3n, 4n]),
    });
    expect(yieldRows(id)).toEqual([
      { index: 1, cropYield: 0.25, harvest: 3 },
      { index: 2, cropYield: 0.5, harvest: 4 },
    ]);
    const id2 = db.createElement('Farm', { label: 'T2', harvest_count: new Int32Array([-1, 9]) });
    expect(db.readVectorIntegersById('Farm', 'harvest_count', id2)).toEqual([-1, 9]);
  });

  it('integers in a REAL array are widened; a mix of integers and fractions is a float array', () => {
    const id = db.createElement('Farm', { label: 'W', crop_yield: [1, 2.5, 3n, true] });
    expect(db.readVectorFloatsById('Farm', 'crop_yield', id)).toEqual([1, 2.5, 3, 1]);
    // The mixed array is sent as floats, so its first cell is already a REAL for an INTEGER column.
    expectNative(
      () => db.createElement('Farm', { label: 'M', harvest_count: [1, 2.5] }),
      "Cannot create_element: type mismatch for array 'harvest_count' index 0: expected INTEGER, got REAL",
    );
  });

  it('strings and Dates in arrays; strings are trimmed', () => {
    const id = db.createElement('Farm', { label: 'S', crop: [' rye ', 'oat'] });
    expect(db.readSetStringsById('Farm', 'crop', id)).toEqual(['oat', 'rye']);
    const t = db.createElement('Farm', { label: 'TS', date_time: [new Date(Date.UTC(2024, 0, 1)), '2024-01-02T00:00:00'], rain: [1, 2] });
    expect(db.queryString('SELECT date_time FROM Farm_time_series_weather WHERE id = ? ORDER BY date_time LIMIT 1', [t])).toBe(
      '2024-01-01T00:00:00',
    );
    expect(db.queryInteger('SELECT COUNT(*) FROM Farm_time_series_weather WHERE id = ?', [t])).toBe(2);
  });

  it('booleans in arrays are integers', () => {
    const id = db.createElement('Farm', { label: 'Bool', harvest_count: [true, false, true] });
    expect(db.readVectorIntegersById('Farm', 'harvest_count', id)).toEqual([1, 0, 1]);
  });

  it('an array matching no group; an empty one is skipped silently', () => {
    expectNative(
      () => db.createElement('Farm', { label: 'F2', nope: [1.5] }),
      "Cannot create_element: array 'nope' does not match any vector, set, or time series table in collection 'Farm'",
    );
    expectNative(
      () => db.createElement('Farm', { label: 'F2', owner: ['a'] }),
      "Cannot create_element: array 'owner' does not match any vector, set, or time series table in collection 'Farm'",
    );
    expect(db.createElement('Farm', { label: 'F2', nope: [] })).toBe(1);
  });

  it('vector columns of different lengths', () => {
    expectNative(
      () => db.createElement('Farm', { label: 'F3', crop_yield: [1, 2, 3], harvest_count: [1, 2] }),
      "Cannot create_element: vector columns in table 'Farm_vector_yields' must have the same length",
    );
    expect(db.numberOfElements('Farm')).toBe(0);
  });

  it('duplicate set values fail and the whole create is undone', () => {
    db.createElement('Farm', { label: 'F1' });
    expectNative(
      () => db.createElement('Farm', { label: 'F3', crop: ['wheat', 'wheat'] }),
      'Failed to execute statement: UNIQUE constraint failed: Farm_set_crops.id, Farm_set_crops.crop',
    );
    expect(db.numberOfElements('Farm')).toBe(1);
    expect(db.numberOfElements('Farm_set_crops')).toBe(0);
    // Trimming happens before UNIQUE is checked.
    expectNative(
      () => db.createElement('Farm', { label: 'F4', crop: ['wheat', ' wheat'] }),
      'Failed to execute statement: UNIQUE constraint failed: Farm_set_crops.id, Farm_set_crops.crop',
    );
  });

  it('cell type mismatches report the first failing index', () => {
    expectNative(
      () => db.createElement('Farm', { label: 'F3', harvest_count: [1.5] }),
      "Cannot create_element: type mismatch for array 'harvest_count' index 0: expected INTEGER, got REAL",
    );
    expectNative(
      () => db.createElement('Farm', { label: 'F3', crop_yield: ['a'] }),
      "Cannot create_element: type mismatch for array 'crop_yield' index 0: expected REAL, got TEXT",
    );
    expectNative(
      () => db.createElement('Farm', { label: 'F3', crop_yield: [null, 'a', 'b'] }),
      "Cannot create_element: type mismatch for array 'crop_yield' index 1: expected REAL, got TEXT",
    );
    expectNative(
      () => db.createElement('Farm', { label: 'F3', crop: [1, 2] }),
      "Cannot create_element: type mismatch for array 'crop' index 0: expected TEXT, got INTEGER",
    );
    expect(db.numberOfElements('Farm')).toBe(0);
  });

  it('an empty column next to a full one of the same vector is skipped (NULLs)', () => {
    const id = db.createElement('Farm', { label: 'F3', crop_yield: [1.0, 2.5], harvest_count: [] });
    expect(yieldRows(id)).toEqual([
      { index: 1, cropYield: 1, harvest: null },
      { index: 2, cropYield: 2.5, harvest: null },
    ]);
  });

  it('a NULL cell in a NOT NULL set column fails', () => {
    expectNative(
      () => db.createElement('Farm', { label: 'F', crop: ['a', null] }),
      'Failed to execute statement: NOT NULL constraint failed: Farm_set_crops.crop',
    );
  });
});

describe('foreign keys', () => {
  beforeEach(() => {
    db.createElement('Farm', { label: 'F1' });
    db.createElement('Farm', { label: 'F2' });
  });

  it('a label string for an FK column is resolved (trimmed) to the id', () => {
    const b = db.createElement('Barn', { label: 'B1', farm_id: ' F2 ' });
    expect(db.readScalarIntegerById('Barn', 'farm_id', b)).toBe(2);
    const c = db.createElement('Barn', { label: 'B2', farm_id: 1 });
    expect(db.readScalarIntegerById('Barn', 'farm_id', c)).toBe(1);
  });

  it('an unknown label and an unknown id', () => {
    expectNative(
      () => db.createElement('Barn', { label: 'B1', farm_id: ' Nope ' }),
      "Failed to resolve label ' Nope ' to ID in table 'Farm'",
    );
    expectNative(() => db.createElement('Barn', { label: 'B1', farm_id: 99 }), 'Failed to execute statement: FOREIGN KEY constraint failed');
    expect(db.numberOfElements('Barn')).toBe(0);
  });

  it('FK label arrays are written to every group holding that column', () => {
    const b = db.createElement('Barn', { label: 'B1', farm_link: ['F2', 'F1'] });
    expect(db.readVectorIntegersById('Barn', 'farm_link', b)).toEqual([2, 1]);
    expect(db.readSetIntegersById('Barn', 'farm_link', b)).toEqual([1, 2]);
  });

  it('a label array cell that does not resolve fails the whole create', () => {
    expectNative(
      () => db.createElement('Barn', { label: 'B1', farm_link: ['F1', 'F9'] }),
      "Failed to resolve label 'F9' to ID in table 'Farm'",
    );
    expect(db.numberOfElements('Barn')).toBe(0);
    expect(db.numberOfElements('Barn_vector_neighbors')).toBe(0);
  });
});

describe('argument checks (never a crash)', () => {
  it('a non-string collection is QUIVER_INVALID_ARGUMENT', () => {
    for (const bad of [42, undefined, {}, ['Farm'], Symbol('Farm'), 1n]) {
      expectCode(() => db.createElement(bad as unknown as string, { label: 'x' }), 'QUIVER_INVALID_ARGUMENT');
    }
    expect(db.numberOfElements('Farm')).toBe(0);
  });

  it('a null collection reaches C as NULL and gets its NULL-argument error', () => {
    expectNative(() => db.createElement(null as unknown as string, { label: 'x' }), 'Null argument: collection');
    expect(db.numberOfElements('Farm')).toBe(0);
  });

  it('element data that is not a plain object is QUIVER_INVALID_ARGUMENT', () => {
    for (const bad of [null, undefined, 'label', 5, [['label', 'x']]]) {
      expectCode(() => db.createElement('Farm', bad as never), 'QUIVER_INVALID_ARGUMENT');
    }
  });

  it('unsupported values are QUIVER_INVALID_ARGUMENT', () => {
    const bad: unknown[] = [{}, () => 1, Symbol('s'), new Map(), new Uint8Array(2), [{}], ['a', 1], [Symbol('s')]];
    for (const value of bad) {
      expectCode(() => db.createElement('Farm', { label: 'x', crop: value } as never), 'QUIVER_INVALID_ARGUMENT');
    }
    expect(db.numberOfElements('Farm')).toBe(0);
  });

  it('a hostile collection name is just an unknown collection; nothing changes', () => {
    db.createElement('Configuration', { label: 'cfg' });
    expectNative(
      () => db.createElement('x; DROP TABLE Configuration', { label: 'x' }),
      'Cannot create_element: collection not found: x; DROP TABLE Configuration',
    );
    expectNative(
      () => db.createElement('Farm (label) VALUES (1); DROP TABLE Configuration; --', { label: 'x' }),
      'Cannot create_element: collection not found: Farm (label) VALUES (1); DROP TABLE Configuration; --',
    );
    expect(db.readScalarStrings('Configuration', 'label')).toEqual(['cfg']);
    expect(db.queryInteger("SELECT COUNT(*) FROM sqlite_master WHERE name = 'Configuration'")).toBe(1);
    expect(db.numberOfElements('Farm')).toBe(0);
  });

  it('a hostile attribute name is an unknown column; nothing changes', () => {
    const name = "label) VALUES ('x'); DROP TABLE Farm; --";
    expectNative(() => db.createElement('Farm', { label: 'F', [name]: 1 }), `Column '${name}' not found in table 'Farm'`);
    expect(db.numberOfElements('Farm')).toBe(0);
    expect(db.queryInteger("SELECT COUNT(*) FROM sqlite_master WHERE name = 'Farm'")).toBe(1);
  });

  it('data values are not changed by createElement and can be reused', () => {
    const data = { label: ' Same ', crop: ['a', 'b'], area: 1.5 };
    const copy = structuredClone(data);
    db.createElement('Farm', data);
    expect(data).toEqual(copy);
    expectNative(() => db.createElement('Farm', data), 'Failed to execute statement: UNIQUE constraint failed: Farm.label');
  });
});
