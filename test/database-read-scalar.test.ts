// Scalar reads, element ids and counts: NULLs, empty
// collections, missing ids, extraction by storage kind, lookup errors, and the int64 policy on the
// way out; empty results and missing ids also at C level, where the NULL/unchanged outputs are
// visible.

import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database, liveAllocations, LogLevel, QuiverError } from '../lib/index.js';
import { native } from '../lib/native.js';
import type { DatabasePtr } from '../lib/types.js';
import { writeFarmSchema, expectNative, thrown } from './helpers.js';

const schema = writeFarmSchema();
const quiet = { consoleLevel: LogLevel.Off };
let db: Database;

beforeEach(() => {
  db = Database.fromSchema(':memory:', schema, quiet);
});

afterEach(() => {
  db.close();
  expect(liveAllocations()).toBe(0);
});

afterAll(() => {
  expect(liveAllocations()).toBe(0);
});

/** A raw handle on a fresh farm-schema database, for checks of C outputs; closed by the caller. */
function rawHandle(): DatabasePtr {
  const lib = native();
  const out: [DatabasePtr | null] = [null];
  expect(lib.quiver_database_from_schema(':memory:', schema, { read_only: 0, console_level: LogLevel.Off }, out)).toBe(0);
  return out[0]!;
}

describe('bulk scalar reads', () => {
  it('one entry per element in id order, aligned with readElementIds', () => {
    db.createElement('Farm', { label: 'A', area: 1.5, hectares: 3, owner: 'Ann' });
    db.createElement('Farm', { label: 'B', id: 10, area: 2.5, hectares: null, owner: 'Bob' });
    db.createElement('Farm', { label: 'C', id: 5 });
    expect(db.readElementIds('Farm')).toEqual([1, 5, 10]);
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['A', 'C', 'B']);
    expect(db.readScalarFloats('Farm', 'area')).toEqual([1.5, null, 2.5]);
    expect(db.readScalarIntegers('Farm', 'hectares')).toEqual([3, 10, null]);
    expect(db.readScalarStrings('Farm', 'owner')).toEqual(['Ann', null, 'Bob']);
    expect(db.readScalarIntegers('Farm', 'id')).toEqual([1, 5, 10]);
    expect(db.numberOfElements('Farm')).toBe(3);
  });

  it('an empty collection reads as empty arrays', () => {
    expect(db.readScalarIntegers('Farm', 'hectares')).toEqual([]);
    expect(db.readScalarFloats('Farm', 'area')).toEqual([]);
    expect(db.readScalarStrings('Farm', 'label')).toEqual([]);
    expect(db.readElementIds('Farm')).toEqual([]);
    expect(db.readVectorIntegers('Farm', 'harvest_count')).toEqual([]);
    expect(db.numberOfElements('Farm')).toBe(0);
  });

  it('C level: empty results are count 0 with NULL arrays', () => {
    const lib = native();
    const h = rawHandle();
    try {
      const values: [bigint | null] = [null];
      const mask: [bigint | null] = [null];
      const count: [number] = [99];
      expect(lib.quiver_database_read_scalar_integers(h, 'Farm', 'hectares', values, mask, count)).toBe(0);
      expect([values[0], mask[0], Number(count[0])]).toEqual([null, null, 0]);

      const ids: [bigint | null] = [null];
      const n: [number] = [99];
      expect(lib.quiver_database_read_element_ids(h, 'Farm', ids, n)).toBe(0);
      expect([ids[0], Number(n[0])]).toEqual([null, 0]);

      const vectors: [bigint | null] = [null];
      const sizes: [bigint | null] = [null];
      const vn: [number] = [99];
      expect(lib.quiver_database_read_vector_integers(h, 'Farm', 'harvest_count', vectors, sizes, vn)).toBe(0);
      expect([vectors[0], sizes[0], Number(vn[0])]).toEqual([null, null, 0]);
    } finally {
      lib.quiver_database_close(h);
    }
  });

  it('NULLs, integers not narrowed from REAL, integers widened for floats', () => {
    db.createElement('Farm', { label: 'A' });
    db.createElement('Farm', { label: 'B' });
    db.createElement('Farm', { label: 'D', area: 2.5 });
    expect(db.readScalarFloats('Farm', 'area')).toEqual([null, null, 2.5]);
    expect(db.readScalarIntegers('Farm', 'area')).toEqual([null, null, null]);
    expect(db.readScalarFloats('Farm', 'hectares')).toEqual([10, 10, 10]);
  });

  it('an all-NULL column returns a full-length array of nulls', () => {
    for (const label of ['A', 'B', 'C']) db.createElement('Farm', { label });
    expect(db.readScalarFloats('Farm', 'area')).toEqual([null, null, null]);
    expect(db.readScalarIntegers('Farm', 'organic')).toEqual([null, null, null]);
    expect(db.readScalarStrings('Farm', 'owner')).toEqual([null, null, null]);
  });

  it('"" is a present string; numbers read as strings give null', () => {
    db.createElement('Farm', { label: 'A' });
    db.createElement('Farm', { label: 'B', owner: '   ' });
    expect(db.readScalarStrings('Farm', 'owner')).toEqual([null, '']);
    expect(db.readScalarStrings('Farm', 'hectares')).toEqual([null, null]);
    expect(db.readScalarIntegers('Farm', 'label')).toEqual([null, null]);
    expect(db.readScalarFloats('Farm', 'label')).toEqual([null, null]);
  });

  it('DATE_TIME columns read as strings; non-ASCII text round-trips', () => {
    db.createElement('Farm', { label: 'Çiftlik 🚜 農場', date_founded: '2020-02-29T12:00:00' });
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['Çiftlik 🚜 農場']);
    expect(db.readScalarStrings('Farm', 'date_founded')).toEqual(['2020-02-29T12:00:00']);
  });

  it('ASCII and non-ASCII values mixed, and text stored with a NUL byte (it ends at the NUL)', () => {
    db.createElement('Farm', { label: 'plain', owner: 'Ann' });
    db.createElement('Farm', { label: 'Ärla', owner: 'Öz' });
    db.queryInteger("UPDATE Farm SET owner = 'ab' || char(0) || 'cd' WHERE label = 'plain'");
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['plain', 'Ärla']);
    expect(db.readScalarStrings('Farm', 'owner')).toEqual(['ab', 'Öz']);
  });

  it('negative numbers, zero and extreme floats', () => {
    db.createElement('Farm', { label: 'A', hectares: -7, area: -0.5 });
    db.createElement('Farm', { label: 'B', hectares: 0, area: 123456.789 });
    db.createElement('Farm', { label: 'C', hectares: -Number.MAX_SAFE_INTEGER, area: Number.MIN_VALUE });
    // Doubles beyond 2^53 are integral in JS, so createElement treats them as unsafe integers;
    // SQL can still store them, and the float reader returns them exactly.
    db.queryInteger("INSERT INTO Farm (label, area) VALUES ('D', 1e300)");
    expect(db.readScalarIntegers('Farm', 'hectares')).toEqual([-7, 0, -Number.MAX_SAFE_INTEGER, 10]);
    expect(db.readScalarFloats('Farm', 'area')).toEqual([-0.5, 123456.789, Number.MIN_VALUE, 1e300]);
  });

  it('many rows read correctly and free everything', () => {
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) db.createElement('Farm', { label: `F${i}`, hectares: i % 7 === 0 ? null : i, area: i / 4 });
    });
    const ints = db.readScalarIntegers('Farm', 'hectares');
    expect(ints).toHaveLength(2000);
    expect(ints[0]).toBeNull();
    expect(ints[1999]).toBe(1999);
    expect(ints.filter((v) => v === null)).toHaveLength(286);
    expect(db.readScalarFloats('Farm', 'area')[1001]).toBe(250.25);
    expect(db.readScalarStrings('Farm', 'label')[1234]).toBe('F1234');
    expect(db.readElementIds('Farm')).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
  });

  it('reads see uncommitted changes of an open transaction', () => {
    db.beginTransaction();
    db.createElement('Farm', { label: 'Pending' });
    expect(db.numberOfElements('Farm')).toBe(1);
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['Pending']);
    db.rollback();
    expect(db.numberOfElements('Farm')).toBe(0);
    expect(db.readElementIds('Farm')).toEqual([]);
  });
});

describe('scalar reads by id', () => {
  beforeEach(() => {
    db.createElement('Farm', { label: 'F1', area: 4.25, hectares: 12, owner: 'Ann', organic: true });
    db.createElement('Farm', { label: 'F2', hectares: null });
  });

  it('present values', () => {
    expect(db.readScalarIntegerById('Farm', 'hectares', 1)).toBe(12);
    expect(db.readScalarFloatById('Farm', 'area', 1)).toBe(4.25);
    expect(db.readScalarStringById('Farm', 'owner', 1)).toBe('Ann');
    expect(db.readScalarIntegerById('Farm', 'hectares', 1n)).toBe(12);
  });

  it('NULL, another storage kind and a missing element are all null, not errors', () => {
    expect(db.readScalarIntegerById('Farm', 'hectares', 2)).toBeNull();
    expect(db.readScalarFloatById('Farm', 'area', 2)).toBeNull();
    expect(db.readScalarStringById('Farm', 'owner', 2)).toBeNull();
    expect(db.readScalarIntegerById('Farm', 'area', 1)).toBeNull();
    expect(db.readScalarStringById('Farm', 'hectares', 1)).toBeNull();
    expect(db.readScalarFloatById('Farm', 'hectares', 1)).toBe(12);
    // A value read before must not leak into a later "no value" result (reused output slots).
    expect(db.readScalarIntegerById('Farm', 'hectares', 1)).toBe(12);
    expect(db.readScalarIntegerById('Farm', 'hectares', 999)).toBeNull();
    expect(db.readScalarFloatById('Farm', 'area', 1)).toBe(4.25);
    expect(db.readScalarFloatById('Farm', 'area', -1)).toBeNull();
  });

  it('a missing id is OK with no value', () => {
    expect(db.readScalarIntegerById('Farm', 'hectares', 999)).toBeNull();
    expect(db.readScalarStringById('Farm', 'label', 999)).toBeNull();
  });

  it('C level: numeric output left unchanged, string output set to NULL', () => {
    const lib = native();
    const h = rawHandle();
    try {
      const value = new BigInt64Array([77n]);
      const has = new Int32Array([5]);
      expect(lib.quiver_database_read_scalar_integer_by_id(h, 'Farm', 'hectares', 999, value, has)).toBe(0);
      expect(value[0]).toBe(77n);
      expect(has[0]).toBe(0);

      const str: [bigint | null] = [123n];
      has[0] = 5;
      expect(lib.quiver_database_read_scalar_string_by_id(h, 'Farm', 'label', 999, str, has)).toBe(0);
      expect(str[0]).toBeNull();
      expect(has[0]).toBe(0);
    } finally {
      lib.quiver_database_close(h);
    }
  });

  it('readScalarsById returns every scalar in declaration order', () => {
    const row = db.readScalarsById('Farm', 1);
    expect(Object.keys(row)).toEqual(['id', 'label', 'area', 'hectares', 'owner', 'date_founded', 'organic']);
    expect(row).toEqual({ id: 1, label: 'F1', area: 4.25, hectares: 12, owner: 'Ann', date_founded: null, organic: 1 });
  });

  it('readScalarsById on a missing element fails like the by-id writes (Quiver 0.10 gives an object of nulls)', () => {
    expectNative(() => db.readScalarsById('Farm', 999), "Element not found: 999 in collection 'Farm'");
    expectNative(() => db.updateElement('Farm', 999, { area: 1 }), "Element not found: 999 in collection 'Farm'");
    // The single-attribute reads keep upstream's null.
    expect(db.readScalarFloatById('Farm', 'area', 999)).toBeNull();
  });

  it('readScalarsById on another collection (FK column as an integer)', () => {
    db.createElement('Barn', { label: 'B1', farm_id: 'F2' });
    expect(db.readScalarsById('Barn', 1)).toEqual({ id: 1, label: 'B1', farm_id: 2 });
  });

  it('id arguments: bigint accepted, unsafe numbers and non-integers rejected before the call', () => {
    expect(thrown(() => db.readScalarIntegerById('Farm', 'hectares', 2 ** 53)).code).toBe('QUIVER_INTEGER_RANGE');
    expect(thrown(() => db.readScalarStringById('Farm', 'label', 1n << 64n)).code).toBe('QUIVER_INTEGER_RANGE');
    for (const bad of [1.5, Number.NaN, '1', null, undefined]) {
      expect(thrown(() => db.readScalarFloatById('Farm', 'area', bad as number)).code).toBe('QUIVER_INVALID_ARGUMENT');
    }
    expect(db.readScalarIntegerById('Farm', 'hectares', (1n << 63n) - 1n)).toBeNull();
  });
});

describe('lookup errors', () => {
  it('unknown attribute and unknown collection', () => {
    expectNative(() => db.readScalarIntegers('Farm', 'nope'), "Cannot read_scalar_integers: column 'nope' not found in table 'Farm'");
    expectNative(() => db.readScalarIntegers('Nope', 'nope'), 'Cannot read_scalar_integers: collection not found: Nope');
  });

  it('every read names its own operation', () => {
    expectNative(() => db.readScalarFloats('Farm', 'Area'), "Cannot read_scalar_floats: column 'Area' not found in table 'Farm'");
    expectNative(() => db.readScalarStrings('Farm', ''), "Cannot read_scalar_strings: column '' not found in table 'Farm'");
    expectNative(() => db.readScalarFloats('farm', 'area'), 'Cannot read_scalar_floats: collection not found: farm');
    expectNative(() => db.readScalarStrings('Nope', 'label'), 'Cannot read_scalar_strings: collection not found: Nope');
    expectNative(
      () => db.readScalarIntegerById('Farm', 'nope', 1),
      "Cannot read_scalar_integer_by_id: column 'nope' not found in table 'Farm'",
    );
    expectNative(() => db.readScalarFloatById('Nope', 'area', 1), 'Cannot read_scalar_float_by_id: collection not found: Nope');
    expectNative(
      () => db.readScalarStringById('Farm', 'nope', 1),
      "Cannot read_scalar_string_by_id: column 'nope' not found in table 'Farm'",
    );
    expectNative(() => db.readScalarStringById('Nope', 'label', 1), 'Cannot read_scalar_string_by_id: collection not found: Nope');
    expectNative(() => db.readElementIds('Nope'), 'Cannot read_element_ids: collection not found: Nope');
    expectNative(() => db.numberOfElements('Nope'), 'Cannot number_of_elements: collection not found: Nope');
    expectNative(() => db.readScalarsById('Nope', 1), 'Cannot list_scalar_attributes: collection not found: Nope');
  });

  it('hostile names are plain unknown names', () => {
    db.createElement('Farm', { label: 'F1' });
    expectNative(
      () => db.readScalarIntegers('Farm', 'hectares FROM Farm; DROP TABLE Farm; --'),
      "Cannot read_scalar_integers: column 'hectares FROM Farm; DROP TABLE Farm; --' not found in table 'Farm'",
    );
    expectNative(
      () => db.readElementIds('Farm; DROP TABLE Farm'),
      'Cannot read_element_ids: collection not found: Farm; DROP TABLE Farm',
    );
    expect(db.numberOfElements('Farm')).toBe(1);
  });

  it('non-string collection or attribute is QUIVER_INVALID_ARGUMENT', () => {
    for (const bad of [1, undefined, {}, Symbol('x')]) {
      const b = bad as unknown as string;
      expect(thrown(() => db.readScalarIntegers(b, 'hectares')).code).toBe('QUIVER_INVALID_ARGUMENT');
      expect(thrown(() => db.readScalarStrings('Farm', b)).code).toBe('QUIVER_INVALID_ARGUMENT');
      expect(thrown(() => db.readScalarFloatById(b, 'area', 1)).code).toBe('QUIVER_INVALID_ARGUMENT');
      expect(thrown(() => db.readElementIds(b)).code).toBe('QUIVER_INVALID_ARGUMENT');
      expect(thrown(() => db.numberOfElements(b)).code).toBe('QUIVER_INVALID_ARGUMENT');
    }
  });
});

describe('element ids and counts', () => {
  it('ids are ascending and skip deleted elements', () => {
    for (const label of ['A', 'B', 'C', 'D']) db.createElement('Farm', { label });
    db.deleteElement('Farm', 2);
    expect(db.readElementIds('Farm')).toEqual([1, 3, 4]);
    expect(db.numberOfElements('Farm')).toBe(3);
    expect(db.numberOfElements('Barn')).toBe(0);
    expect(db.readElementIds('Configuration')).toEqual([]);
  });
});

describe('any table of the model counts as a collection (as Quiver 0.10 does)', () => {
  it('scalar reads, ids and counts on a group table read its rows', () => {
    db.createElement('Farm', { label: 'A', harvest_count: [5, 6] });
    db.createElement('Farm', { label: 'B', harvest_count: [7] });
    expect(db.readScalarIntegers('Farm_vector_yields', 'harvest_count')).toEqual([5, 6, 7]);
    expect(db.readScalarIntegers('Farm_vector_yields', 'vector_index')).toEqual([1, 2, 1]);
    expect(db.readElementIds('Farm_vector_yields')).toEqual([1, 1, 2]);
    expect(db.numberOfElements('Farm_vector_yields')).toBe(3);
    expect(db.readScalarIntegerById('Farm_vector_yields', 'harvest_count', 2)).toBe(7);
  });

  it('tables outside the model are still not found', () => {
    expectNative(() => db.numberOfElements('sqlite_sequence'), 'Cannot number_of_elements: collection not found: sqlite_sequence');
    expectNative(() => db.readElementIds('sqlite_master'), 'Cannot read_element_ids: collection not found: sqlite_master');
  });
});

describe('int64 beyond 2^53 on the way out', () => {
  it('a stored value beyond ±(2^53−1) throws QUIVER_INTEGER_RANGE instead of rounding', () => {
    db.createElement('Farm', { label: 'ok', hectares: 1 });
    db.queryInteger("INSERT INTO Farm (label, hectares) VALUES ('big', 9007199254740993)");
    db.queryInteger("INSERT INTO Farm (label, hectares) VALUES ('neg', -9007199254740992)");

    const bulk = thrown(() => db.readScalarIntegers('Farm', 'hectares'));
    expect(bulk.code).toBe('QUIVER_INTEGER_RANGE');
    expect(bulk.message).toContain('9007199254740993');
    expect(thrown(() => db.readScalarIntegerById('Farm', 'hectares', 2)).code).toBe('QUIVER_INTEGER_RANGE');
    expect(thrown(() => db.readScalarIntegerById('Farm', 'hectares', 3)).code).toBe('QUIVER_INTEGER_RANGE');
    expect(thrown(() => db.readScalarsById('Farm', 2)).code).toBe('QUIVER_INTEGER_RANGE');
    // Other rows and other readers are unaffected; the float reader widens (with rounding, as doubles do).
    expect(db.readScalarIntegerById('Farm', 'hectares', 1)).toBe(1);
    expect(db.readScalarFloatById('Farm', 'hectares', 2)).toBe(9007199254740992);
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['ok', 'big', 'neg']);
  });

  it('the exact safe limits still read as numbers', () => {
    db.queryInteger("INSERT INTO Farm (label, hectares) VALUES ('max', 9007199254740991), ('min', -9007199254740991)");
    expect(db.readScalarIntegers('Farm', 'hectares')).toEqual([Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]);
  });

  it('a huge element id breaks readElementIds, not numberOfElements', () => {
    db.queryInteger("INSERT INTO Farm (id, label) VALUES (9223372036854775807, 'last')");
    expect(thrown(() => db.readElementIds('Farm')).code).toBe('QUIVER_INTEGER_RANGE');
    expect(db.numberOfElements('Farm')).toBe(1);
    expect(db.readScalarStringById('Farm', 'label', 9223372036854775807n)).toBe('last');
  });
});
