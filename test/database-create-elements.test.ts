// Database.createElements (and Lua's db:create_elements): element objects or columns in, ids out,
// each element written exactly as createElement writes it, all in one transaction (all or
// nothing), errors naming the failing row, and the argument checks made before reaching C.

import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database, liveAllocations, LogLevel, LuaRunner, type ElementData } from '../lib/index.js';
import { writeFarmSchema, writeSchema, tmpDir, expectCode, expectNative } from './helpers.js';

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

/** Everything a Farm holds, for comparing two databases. */
function farmContents(d: Database): unknown {
  const ids = d.readElementIds('Farm');
  return {
    ids,
    scalars: ids.map((id) => d.readScalarsById('Farm', id)),
    yields: d.readVectorFloats('Farm', 'crop_yield'),
    harvests: d.readVectorIntegers('Farm', 'harvest_count'),
    crops: d.readSetStrings('Farm', 'crop'),
    weather: ids.map((id) => d.readTimeSeriesGroup('Farm', 'weather', id)),
  };
}

const FARMS: ElementData[] = [
  { label: ' F1 ', area: 12.5, hectares: 40, owner: 'Ann', date_founded: '1999-12-31T23:59:59', organic: true },
  { label: 'F2', area: 3, owner: null, crop_yield: [1.5, 2.5], harvest_count: [3, null], crop: ['corn', 'rye'] },
  { label: 'F3', hectares: 7n, date_founded: new Date(Date.UTC(2020, 1, 29, 12, 0, 0)), crop: [] },
  { label: 'F4', area: 1e300, crop_yield: Float64Array.of(4, 5, 6), harvest_count: BigInt64Array.of(1n, 2n, 3n) },
  { label: 'F5', hectares: undefined, organic: false, date_time: ['2024-01-01T00:00:00'], rain: [0.5] },
];

describe('createElements: element objects', () => {
  it('returns the ids in row order and writes each element as createElement does', () => {
    const ids = db.createElements('Farm', FARMS);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    const loop = Database.fromSchema(':memory:', schema, { consoleLevel: LogLevel.Off });
    try {
      for (const farm of FARMS) loop.createElement('Farm', farm);
      expect(farmContents(db)).toEqual(farmContents(loop));
    } finally {
      loop.close();
    }
    expect(db.readScalarsById('Farm', 5).hectares).toBe(10); // left out: the column default
  });

  it('an empty array creates nothing; the collection must still exist', () => {
    expect(db.createElements('Farm', [])).toEqual([]);
    expectNative(() => db.createElements('Nope', []), 'Cannot create_elements: collection not found: Nope');
  });

  it('foreign-key labels resolve, also to an element created earlier in the same call', () => {
    const dir = tmpDir();
    const file = writeSchema(
      dir,
      `CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
       CREATE TABLE Node (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, parent_id INTEGER,
         FOREIGN KEY (parent_id) REFERENCES Node(id) ON DELETE SET NULL ON UPDATE CASCADE) STRICT;`,
    );
    const tree = Database.fromSchema(':memory:', file, { consoleLevel: LogLevel.Off });
    try {
      const ids = tree.createElements('Node', [{ label: 'root' }, { label: 'a', parent_id: 'root' }, { label: 'b', parent_id: 'a' }]);
      expect(ids).toEqual([1, 2, 3]);
      expect(tree.readScalarIntegers('Node', 'parent_id')).toEqual([null, 1, 2]);
    } finally {
      tree.close();
    }
  });

  it('many rows, some leaving attributes out, get the same ids and values as a loop', () => {
    const rows: ElementData[] = Array.from({ length: 300 }, (_, i) =>
      i % 7 === 3 ? { label: `L${i}`, owner: `o${i}` } : { label: `L${i}`, area: i / 4, hectares: i, crop_yield: i % 5 === 0 ? [i] : [] },
    );
    db.createElement('Farm', { label: 'first' });
    const ids = db.createElements('Farm', rows);
    expect(ids).toEqual(Array.from({ length: 300 }, (_, i) => i + 2));
    const loop = Database.fromSchema(':memory:', schema, { consoleLevel: LogLevel.Off });
    try {
      loop.createElement('Farm', { label: 'first' });
      for (const row of rows) loop.createElement('Farm', row);
      expect(farmContents(db)).toEqual(farmContents(loop));
    } finally {
      loop.close();
    }
  });

  it('a trigger on the table does not disturb the ids', () => {
    db.queryInteger(`CREATE TRIGGER farm_log AFTER INSERT ON Farm BEGIN
      INSERT INTO Barn (label) VALUES ('barn of ' || NEW.label); END`);
    const ids = db.createElements('Farm', Array.from({ length: 100 }, (_, i) => ({ label: `T${i}` })));
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(db.readScalarStringById('Farm', 'label', ids[70]!)).toBe('T70');
    expect(db.readElementIds('Barn')).toHaveLength(100);
  });
});

describe('createElements: columns', () => {
  it('typed arrays and value arrays; undefined leaves an attribute out, null is NULL', () => {
    const ids = db.createElements('Farm', {
      label: ['A', 'B', 'C'],
      area: Float64Array.of(1.5, 2, 3.25),
      hectares: [1, undefined, null],
      organic: Int32Array.of(1, 0, 1),
    });
    expect(ids).toEqual([1, 2, 3]);
    expect(db.readScalarFloats('Farm', 'area')).toEqual([1.5, 2, 3.25]);
    expect(db.readScalarIntegers('Farm', 'hectares')).toEqual([1, 10, null]);
    expect(db.readScalarIntegers('Farm', 'organic')).toEqual([1, 0, 1]);
  });

  it('a Float64Array of whole numbers goes to an INTEGER column, as createElement sends whole numbers', () => {
    db.createElements('Farm', { label: ['A', 'B'], hectares: Float64Array.of(4, 5) });
    expect(db.readScalarIntegers('Farm', 'hectares')).toEqual([4, 5]);
    expectNative(
      () => db.createElements('Farm', { label: ['C', 'D'], hectares: Float64Array.of(4, 5.5) }),
      "Cannot create_elements: row 0: type mismatch for column 'hectares': expected INTEGER, got REAL",
    );
  });

  it('vector, set and time-series attributes: one array per element', () => {
    const ids = db.createElements('Farm', {
      label: ['A', 'B'],
      crop_yield: [[1, 2.5], Float64Array.of(3)],
      crop: [['x'], null],
      date_time: [['2024-01-01', '2024-01-02'], []],
      rain: [[1, null], []],
    });
    expect(db.readVectorFloats('Farm', 'crop_yield')).toEqual([[1, 2.5], [3]]);
    expect(db.readSetStringsById('Farm', 'crop', ids[0]!)).toEqual(['x']);
    expect(db.readSetStringsById('Farm', 'crop', ids[1]!)).toEqual([]);
    expect(db.readTimeSeriesGroup('Farm', 'weather', ids[0]!)).toEqual({ date_time: ['2024-01-01', '2024-01-02'], rain: [1, null] });
  });

  it('no columns create nothing', () => {
    expect(db.createElements('Farm', {})).toEqual([]);
    expect(db.readElementIds('Farm')).toEqual([]);
  });
});

describe('createElements: all or nothing', () => {
  it('a failing row changes nothing and is named with its column', () => {
    db.createElement('Farm', { label: 'kept' });
    expectNative(
      () => db.createElements('Farm', [{ label: 'A' }, { label: 'B', hectares: 'many' }]),
      "Cannot create_elements: row 1: Cannot resolve attribute: 'hectares' is INTEGER but received string 'many' (not a foreign key)",
    );
    expectNative(
      () => db.createElements('Farm', [{ label: 'A' }, { label: 'B' }, { label: 'C', area: 'big' }]),
      "Cannot create_elements: row 2: type mismatch for column 'area': expected REAL, got TEXT",
    );
    expectNative(
      () => db.createElements('Farm', [{ label: 'A', nope: 1 }]),
      "Cannot create_elements: row 0: Column 'nope' not found in table 'Farm'",
    );
    expectNative(
      () => db.createElements('Farm', [{ label: 'A' }, { label: 'kept' }]),
      'Cannot create_elements: row 1: Failed to execute statement: UNIQUE constraint failed: Farm.label',
    );
    expectNative(
      () => db.createElements('Farm', [{ label: 'A', crop_yield: [1, 2], harvest_count: [1] }]),
      "Cannot create_elements: row 0: vector columns in table 'Farm_vector_yields' must have the same length",
    );
    expectNative(
      () => db.createElements('Barn', [{ label: 'b', farm_id: 'Nowhere' }]),
      "Cannot create_elements: row 0: Failed to resolve label 'Nowhere' to ID in table 'Farm'",
    );
    expectNative(
      () => db.createElements('Farm', [{ label: 'A' }, { area: 1 }]),
      'Cannot create_elements: row 1: Failed to execute statement: NOT NULL constraint failed: Farm.label',
    );
    expectNative(() => db.createElements('Farm', [{ label: 'A' }, {}]), 'Cannot create_elements: row 1: element must have at least one scalar attribute');
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['kept']);
    expect(db.queryInteger('SELECT COUNT(*) FROM Farm_vector_yields')).toBe(0);
  });

  it('inside a transaction, only this call is undone', () => {
    db.transaction(() => {
      db.createElement('Farm', { label: 'in tx' });
      expectCode(() => db.createElements('Farm', [{ label: 'X' }, { label: 'in tx' }]), 'QUIVER_ERROR');
      expect(db.inTransaction()).toBe(true);
      db.createElements('Farm', [{ label: 'Y' }]);
    });
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['in tx', 'Y']);
  });
});

describe('createElements: arguments refused before the call', () => {
  it('rows that are no objects, columns of different lengths, unsupported or mixed values', () => {
    expect(expectCode(() => db.createElements('Farm', [{ label: 'A' }, null as unknown as ElementData]), 'QUIVER_INVALID_ARGUMENT').message).toBe(
      'createElements: row 1 must be an object of attribute values, got null',
    );
    expect(expectCode(() => db.createElements('Farm', { label: ['A', 'B'], area: [1] }), 'QUIVER_INVALID_ARGUMENT').message).toBe(
      "createElements: column 'area' has 1 rows, expected 2 like the first column",
    );
    expect(expectCode(() => db.createElements('Farm', [{ label: 'A', area: {} as unknown as number }]), 'QUIVER_INVALID_ARGUMENT').message).toBe(
      "createElements: row 0: unsupported value for 'area': Object",
    );
    expect(expectCode(() => db.createElements('Farm', [{ label: 'A', owner: 1 }, { label: 'B', owner: 'x' }]), 'QUIVER_INVALID_ARGUMENT').message).toBe(
      "createElements: attribute 'owner' mixes strings and numbers (row 1)",
    );
    expect(expectCode(() => db.createElements('Farm', [{ label: 'A\0B' }]), 'QUIVER_INVALID_ARGUMENT').message).toBe(
      "createElements: row 0: 'label' contains a NUL character",
    );
    expect(expectCode(() => db.createElements('Farm', new Map() as unknown as ElementData[]), 'QUIVER_INVALID_ARGUMENT').message).toBe(
      'createElements: expected an array of elements or a plain object of columns, got Map',
    );
    expectCode(() => db.createElements('Farm', [{ label: 'A', hectares: 2n ** 70n }]), 'QUIVER_INTEGER_RANGE');
    expect(db.readElementIds('Farm')).toEqual([]);
  });

  it('a closed database is QUIVER_CLOSED', () => {
    db.close();
    expectCode(() => db.createElements('Farm', [{ label: 'A' }]), 'QUIVER_CLOSED');
  });
});

describe("Lua db:create_elements", () => {
  it('creates every element in one call and returns the ids; a failing row changes nothing', () => {
    const lua = new LuaRunner(db);
    expect(
      lua.run(`return db:create_elements("Farm", { { label = "A", area = 1.5, crop_yield = { 1, 2 } }, { label = "B", crop = { "x" } } })`),
    ).toEqual([1, 2]);
    expect(db.readVectorFloatsById('Farm', 'crop_yield', 1)).toEqual([1, 2]);
    expect(db.readSetStringsById('Farm', 'crop', 2)).toEqual(['x']);
    expect(() => lua.run(`db:create_elements("Farm", { { label = "C" }, { label = "A" } })`)).toThrow(
      'Failed to run Lua script: Cannot create_elements: row 1: Failed to execute statement: UNIQUE constraint failed: Farm.label',
    );
    expect(() => lua.run(`db:create_elements("Farm", { { label = "C" }, 5 })`)).toThrow(
      'Cannot create_elements: row 1 must be a table of attribute values',
    );
    expect(lua.run(`return db:create_elements("Farm", {})`)).toEqual([]);
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['A', 'B']);
  });
});
