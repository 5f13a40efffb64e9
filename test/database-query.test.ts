// Database.queryInteger / queryFloat / queryString: results per the read rules (integers only
// from stored integers, floats also widened from integers, text only from text), parameter encoding (number/bigint/boolean/string/Date/null), errors, and statements that
// are not SELECTs.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../lib/check.js';
import { Database, LogLevel, QuiverError, liveAllocations } from '../lib/index.js';
import { asPointer, native } from '../lib/native.js';
import type { DatabasePtr, Ptr } from '../lib/types.js';
import { writeFarmSchema, expectNative, thrown } from './helpers.js';

let db: Database;

beforeEach(() => {
  db = Database.fromSchema(':memory:', writeFarmSchema(), { consoleLevel: LogLevel.Off });
});

afterEach(() => {
  db.close();
  expect(liveAllocations()).toBe(0);
});

describe('results without parameters', () => {
  it('returns column 0 of row 0 for each kind', () => {
    expect(db.queryInteger('SELECT 42, 7')).toBe(42);
    expect(db.queryFloat('SELECT 2.25')).toBe(2.25);
    expect(db.queryString("SELECT 'abc'")).toBe('abc');
    expect(db.queryInteger('SELECT -9007199254740991')).toBe(-9007199254740991);
  });

  it('reads the first row of a multi-row result', () => {
    db.createElement('Farm', { label: 'A' });
    db.createElement('Farm', { label: 'B' });
    expect(db.queryString('SELECT label FROM Farm ORDER BY id DESC')).toBe('B');
    expect(db.queryInteger('SELECT COUNT(*) FROM Farm')).toBe(2);
  });

  it('returns null for no rows and for NULL', () => {
    expect(db.queryInteger('SELECT id FROM Farm')).toBeNull();
    expect(db.queryFloat('SELECT area FROM Farm')).toBeNull();
    expect(db.queryString('SELECT label FROM Farm')).toBeNull();
    expect(db.queryInteger('SELECT NULL')).toBeNull();
    expect(db.queryFloat('SELECT NULL')).toBeNull();
    expect(db.queryString('SELECT NULL')).toBeNull();
  });

  it('widens integers for queryFloat only; never narrows or stringifies', () => {
    expect(db.queryFloat('SELECT 3')).toBe(3);
    expect(db.queryInteger('SELECT 3.0')).toBeNull();
    expect(db.queryInteger("SELECT '3'")).toBeNull();
    expect(db.queryFloat("SELECT '3.5'")).toBeNull();
    expect(db.queryString('SELECT 3')).toBeNull();
    expect(db.queryString('SELECT 3.5')).toBeNull();
  });

  it('throws QUIVER_INTEGER_RANGE for an integer result beyond ±(2^53−1); queryFloat still reads it', () => {
    expect(thrown(() => db.queryInteger('SELECT 9007199254740993')).code).toBe('QUIVER_INTEGER_RANGE');
    expect(db.queryFloat('SELECT 9007199254740993')).toBe(9007199254740992);
  });

  it('returns non-ASCII text intact', () => {
    expect(db.queryString("SELECT 'café ☕ 𝄞'")).toBe('café ☕ 𝄞');
  });
});

describe('parameters', () => {
  it('binds an integral number and a bigint as INTEGER, a fractional number as REAL', () => {
    expect(db.queryString('SELECT typeof(?)', [7])).toBe('integer');
    expect(db.queryString('SELECT typeof(?)', [7n])).toBe('integer');
    expect(db.queryString('SELECT typeof(?)', [7.5])).toBe('real');
    // A JS number has no int/float distinction: 7.0 is the integer 7.
    expect(db.queryString('SELECT typeof(?)', [7.0])).toBe('integer');
    expect(db.queryInteger('SELECT ? + 1', [41])).toBe(42);
    expect(db.queryFloat('SELECT ?', [0.1])).toBe(0.1);
  });

  it('applies the widening rules to bound values too', () => {
    expect(db.queryFloat('SELECT ?', [5])).toBe(5);
    expect(db.queryInteger('SELECT ?', [5.5])).toBeNull();
    expect(db.queryString('SELECT ?', [5])).toBeNull();
  });

  it('binds a bigint beyond 2^53 exactly', () => {
    expect(db.queryString('SELECT CAST(? AS TEXT)', [9223372036854775807n])).toBe('9223372036854775807');
    expect(db.queryString('SELECT CAST(? AS TEXT)', [-9223372036854775808n])).toBe('-9223372036854775808');
    // ...but reading it back as a JS number would lose precision, so that is an error.
    expect(thrown(() => db.queryInteger('SELECT ?', [9007199254740993n])).code).toBe('QUIVER_INTEGER_RANGE');
  });

  it('binds ±Infinity as REAL and refuses NaN (SQLite would turn it into NULL)', () => {
    expect(db.queryFloat('SELECT ?', [Infinity])).toBe(Infinity);
    expect(db.queryFloat('SELECT ?', [-Infinity])).toBe(-Infinity);
    expect(db.queryString('SELECT typeof(?)', [Infinity])).toBe('real');
    expectNative(() => db.queryInteger('SELECT ? + ?', [1, Number.NaN]), 'Failed to execute statement: parameter 2 is NaN (use NULL for a missing value)');
  });

  it('binds booleans as 1 / 0', () => {
    expect(db.queryInteger('SELECT ?', [true])).toBe(1);
    expect(db.queryInteger('SELECT ?', [false])).toBe(0);
    expect(db.queryString('SELECT typeof(?)', [true])).toBe('integer');
  });

  it('binds strings trimmed of leading and trailing whitespace', () => {
    expect(db.queryString('SELECT ?', ['  padded\t\n'])).toBe('padded');
    expect(db.queryInteger('SELECT length(?)', ['  ab  '])).toBe(2);
    expect(db.queryString('SELECT ?', ['   '])).toBe('');
  });

  it('binds a Date as UTC date-time text', () => {
    const d = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    expect(db.queryString('SELECT ?', [d])).toBe('2024-01-02T03:04:05');
    expect(db.queryString('SELECT typeof(?)', [d])).toBe('text');
  });

  it('binds null as NULL', () => {
    expect(db.queryInteger('SELECT ? IS NULL', [null])).toBe(1);
    expect(db.queryString('SELECT ?', [null])).toBeNull();
  });

  it('binds a hole in a sparse parameter array as NULL (types and values stay aligned)', () => {
    const params: (number | null)[] = [1];
    params[2] = 3; // index 1 is a hole
    expect(db.queryInteger('SELECT ?1 + coalesce(?2, 10) + ?3', params)).toBe(14);
  });

  it('binds several parameters in order, numbered placeholders by index', () => {
    expect(db.queryString('SELECT ? || ? || ?', ['a', 'b', 'c'])).toBe('abc');
    expect(db.queryString('SELECT ?2 || ?1', ['x', 'y'])).toBe('yx');
    expect(db.queryInteger('SELECT ?1 + ?1', [21])).toBe(42);
  });

  it('filters rows with parameters', () => {
    db.createElement('Farm', { label: 'A', hectares: 5 });
    db.createElement('Farm', { label: 'B', hectares: 50 });
    expect(db.queryString('SELECT label FROM Farm WHERE hectares > ?', [10])).toBe('B');
    expect(db.queryInteger('SELECT id FROM Farm WHERE label = ?', [' A '])).toBe(1);
    expect(db.queryInteger('SELECT id FROM Farm WHERE label = ?', ['Z'])).toBeNull();
  });

  it('treats an empty parameter array like no parameters', () => {
    expect(db.queryInteger('SELECT 5', [])).toBe(5);
    expectNative(() => db.queryInteger('SELECT ?', []), 'Failed to execute statement: expected 1 bound parameter(s) but got 0');
  });

  it('rejects a wrong parameter count with Quiver 0.10\'s message', () => {
    expectNative(() => db.queryInteger('SELECT ?', [1, 2]), 'Failed to execute statement: expected 1 bound parameter(s) but got 2');
    expectNative(() => db.queryFloat('SELECT 1', [1]), 'Failed to execute statement: expected 0 bound parameter(s) but got 1');
    expectNative(() => db.queryString('SELECT ?3', ['a']), 'Failed to execute statement: expected 3 bound parameter(s) but got 1');
  });

  it('binds a number beyond 2^53 as a float (it is a double in JS); bigints beyond int64 are rejected', () => {
    expect(db.queryFloat('SELECT ? + 0.0', [1e21])).toBe(1e21);
    expect(db.queryString('SELECT typeof(?)', [2 ** 60])).toBe('real');
    expect(db.queryString('SELECT CAST(? AS TEXT)', [2n ** 60n])).toBe('1152921504606846976');
    expect(thrown(() => db.queryInteger('SELECT ?', [2n ** 63n])).code).toBe('QUIVER_INTEGER_RANGE');
  });

  it('rejects unsupported parameter values with QUIVER_INVALID_ARGUMENT', () => {
    for (const bad of [{}, [1], Symbol('s'), () => 1, new Uint8Array(1)]) {
      expect(thrown(() => db.queryInteger('SELECT ?', [bad as never])).code).toBe('QUIVER_INVALID_ARGUMENT');
    }
    expect(thrown(() => db.queryInteger('SELECT ?', 5 as never)).code).toBe('QUIVER_INVALID_ARGUMENT');
    expect(thrown(() => db.queryInteger('SELECT ?', [new Date(Number.NaN)])).code).toBe('QUIVER_INVALID_ARGUMENT');
  });

  it('rejects a string parameter with an embedded NUL (C would bind only the text before it)', () => {
    const err = thrown(() => db.queryString('SELECT ?', ['a\0b']));
    expect(err.code).toBe('QUIVER_INVALID_ARGUMENT');
    expect(err.message).toBe('Query parameter at index 0 contains a NUL character');
  });

  it('binds a string with a lone surrogate without crashing (encoded as U+FFFD)', () => {
    expect(db.queryString('SELECT ?', ['a\uD800b'])).toBe('a\uFFFDb');
  });

  it('rejects a non-string sql with QUIVER_INVALID_ARGUMENT', () => {
    expect(thrown(() => db.queryInteger(1 as never)).code).toBe('QUIVER_INVALID_ARGUMENT');
    expect(thrown(() => db.queryString(undefined as never, [])).code).toBe('QUIVER_INVALID_ARGUMENT');
  });
});

describe('statements other than SELECT', () => {
  it('runs DDL and DML, and RETURNING gives the value', () => {
    expect(db.queryInteger('CREATE TABLE Scratch (x INTEGER)')).toBeNull();
    expect(db.queryInteger('INSERT INTO Scratch (x) VALUES (?), (?)', [1, 2])).toBeNull();
    expect(db.queryInteger('SELECT SUM(x) FROM Scratch')).toBe(3);
    expect(db.queryInteger('UPDATE Scratch SET x = x * 10 RETURNING x')).toBe(10);
    expect(db.queryInteger('DELETE FROM Scratch WHERE x = ?', [20])).toBeNull();
    expect(db.queryInteger('SELECT COUNT(*) FROM Scratch')).toBe(1);
  });

  it('writes through query are visible to the typed reads', () => {
    db.queryInteger("INSERT INTO Farm (label, hectares) VALUES (?, ?)", ['Q', 3]);
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['Q']);
    expect(db.readScalarIntegerById('Farm', 'hectares', 1)).toBe(3);
  });

  it('reads PRAGMAs', () => {
    expect(db.queryInteger('PRAGMA user_version')).toBe(0);
    expect(db.queryInteger('PRAGMA foreign_keys')).toBe(1);
  });

  it('reports SQLite errors with Quiver 0.10\'s prefixes', () => {
    expectNative(() => db.queryInteger('SELECT nope FROM Farm'), 'Failed to prepare statement: no such column: nope');
    expectNative(() => db.queryInteger('SELECT * FROM Nope'), 'Failed to prepare statement: no such table: Nope');
    expectNative(
      () => db.queryInteger("INSERT INTO Farm (label) VALUES ('A'), ('A')"),
      'Failed to execute statement: UNIQUE constraint failed: Farm.label',
    );
  });

  it('a failed query changes nothing (statement atomicity)', () => {
    db.createElement('Farm', { label: 'A' });
    expectNative(
      () => db.queryInteger("INSERT INTO Farm (label) VALUES ('B'), ('A')"),
      'Failed to execute statement: UNIQUE constraint failed: Farm.label',
    );
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['A']);
  });
});

describe('as Quiver 0.10 does', () => {
  it('integer needs a stored integer, float widens, string needs text, only the first statement runs', () => {
    expect(db.queryInteger('SELECT 1.5')).toBeNull();
    expect(db.queryFloat('SELECT 2')).toBe(2);
    expect(db.queryString('SELECT 42')).toBeNull();
    expect(db.queryString("SELECT 'a'; SELECT 'b'")).toBe('a');
  });

  it('empty SQL, syntax error, missing parameter and BLOB errors', () => {
    expectNative(() => db.queryInteger(''), 'Failed to execute statement: not an error');
    expectNative(() => db.queryInteger('SELEC 1'), 'Failed to prepare statement: near "SELEC": syntax error');
    expectNative(() => db.queryInteger('SELECT ?'), 'Failed to execute statement: expected 1 bound parameter(s) but got 0');
    expectNative(() => db.queryInteger("SELECT 1, x'00'"), 'Failed to execute statement: BLOB type not supported');
  });

  it('string parameter trimmed, mixed integer/float parameters, NULL parameter', () => {
    expect(db.queryString('SELECT ?', ['  hi  '])).toBe('hi');
    expect(db.queryFloat('SELECT ? * ?', [5, 2.5])).toBe(12.5);
    expect(db.queryInteger('SELECT ? IS NULL', [null])).toBe(1);
  });

  it('C level: DATE_TIME parameter type and a NULL string pointer are rejected', () => {
    // The TS API never produces these (Date → STRING, null → NULL type), so call the C entry point
    // on a raw handle of its own.
    const lib = native();
    const out: [DatabasePtr | null] = [null];
    check(lib.quiver_database_open(':memory:', { read_only: 0, console_level: LogLevel.Off }, out));
    const h = out[0]!;
    try {
      const value: [Ptr | null] = [null];
      const has = new Int32Array(1);
      const text = asPointer('x', 'const char *');
      expect(lib.quiver_database_query_string_params(h, 'SELECT ?', Int32Array.of(3), [text], 1, value, has)).not.toBe(0);
      expect(lib.quiver_get_last_error()).toBe('Cannot query: unknown parameter type 3');
      expect(lib.quiver_database_query_string_params(h, 'SELECT ?', Int32Array.of(2), [null], 1, value, has)).not.toBe(0);
      expect(lib.quiver_get_last_error()).toBe('Cannot query: parameter at index 0 has null string value');
      expect(value[0]).toBeNull();
    } finally {
      lib.quiver_database_close(h);
    }
  });
});
