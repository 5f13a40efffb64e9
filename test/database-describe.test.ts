// Database.describe / describeCollection / summarizeCollection: Quiver 0.10's exact report texts.

import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database, LogLevel, QuiverError, liveAllocations } from '../lib/index.js';
import { tmpDir, writeFarmSchema, writeSchema, expectNative, thrown } from './helpers.js';

const quiet = { consoleLevel: LogLevel.Off };
let db: Database;

beforeEach(() => {
  db = Database.fromSchema(':memory:', writeFarmSchema(), quiet);
});

afterEach(() => {
  db.close();
  expect(liveAllocations()).toBe(0);
});

/** Lines joined with '\n', each line terminated (the reports end with a newline). */
const text = (...lines: string[]): string => lines.map((l) => `${l}\n`).join('');

const BARN_SECTION = [
  'Collection: Barn (1 element)',
  '  Scalars:',
  '    - id (INTEGER) PRIMARY KEY',
  '    - label (TEXT) NOT NULL',
  '    - farm_id (INTEGER)',
  '  Vectors:',
  '    - neighbors: farm_link(INTEGER)',
  '  Sets:',
  '    - links: farm_link(INTEGER)',
];

const farmSection = (count: string): string[] => [
  `Collection: Farm (${count})`,
  '  Scalars:',
  '    - id (INTEGER) PRIMARY KEY',
  '    - label (TEXT) NOT NULL',
  '    - area (REAL)',
  '    - hectares (INTEGER)',
  '    - owner (TEXT)',
  '    - date_founded (DATE_TIME)',
  '    - organic (INTEGER)',
  '  Vectors:',
  '    - yields: crop_yield(REAL), harvest_count(INTEGER)',
  '  Sets:',
  '    - crops: crop(TEXT)',
  '  Time Series:',
  '    - weather: [date_time], rain(REAL)',
];

describe('describe', () => {
  it('one Barn and two Farms give exactly the expected report', () => {
    db.createElement('Farm', { label: 'F1' });
    db.createElement('Farm', { label: 'F2' });
    db.createElement('Barn', { label: 'B1' });
    expect(db.describe()).toBe(
      text(
        'Database: :memory:',
        'Version: 0',
        '',
        ...BARN_SECTION,
        '',
        'Collection: Configuration (0 elements)',
        '  Scalars:',
        '    - id (INTEGER) PRIMARY KEY',
        '    - label (TEXT) NOT NULL',
        '',
        ...farmSection('2 elements'),
      ),
    );
  });

  it('prints the path as given at open and the current user_version', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'f.db');
    const fileDb = Database.fromSchema(file, writeFarmSchema(dir), quiet);
    try {
      fileDb.queryInteger('PRAGMA user_version = 7');
      expect(fileDb.describe().split('\n').slice(0, 3)).toEqual([`Database: ${file}`, 'Version: 7', '']);
    } finally {
      fileDb.close();
    }
  });

  it('describes a schema with edge cases: raw NOT NULL, name-based DATE_TIME, empty group, several date_ columns', () => {
    const schema = writeSchema(
      tmpDir(),
      `CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, note TEXT NOT NULL DEFAULT 'x') STRICT;
CREATE TABLE Plant (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, cap REAL NOT NULL DEFAULT 0, start_date TEXT, kind INTEGER) STRICT;
CREATE TABLE Plant_vector_empty (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, PRIMARY KEY (id, vector_index)) STRICT;
CREATE TABLE Plant_time_series_gen (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_time TEXT NOT NULL, date_other TEXT, block INTEGER NOT NULL, mw REAL, PRIMARY KEY (id, date_time, block)) STRICT;
`,
    );
    const e = Database.fromSchema(':memory:', schema, quiet);
    try {
      e.createElement('Plant', { label: 'P' });
      expect(e.describe()).toBe(
        text(
          'Database: :memory:',
          'Version: 0',
          '',
          'Collection: Configuration (0 elements)',
          '  Scalars:',
          '    - id (INTEGER) PRIMARY KEY',
          '    - label (TEXT) NOT NULL',
          '    - note (TEXT) NOT NULL',
          '',
          'Collection: Plant (1 element)',
          '  Scalars:',
          '    - id (INTEGER) PRIMARY KEY',
          '    - label (TEXT) NOT NULL',
          '    - cap (REAL) NOT NULL',
          '    - start_date (TEXT)', // the DATE_TIME name rule is a prefix rule (date_)
          '    - kind (INTEGER)',
          '  Vectors:',
          '    - empty: ', // a group without value columns: the colon and a space, nothing after
          '  Time Series:',
          '    - gen: [date_time], [date_other], block(INTEGER), mw(REAL)',
        ),
      );
    } finally {
      e.close();
    }
  });
});

describe('describeCollection', () => {
  it('is exactly the collection section, without header or leading empty line', () => {
    db.createElement('Farm', { label: 'F1' });
    db.createElement('Barn', { label: 'B1' });
    expect(db.describeCollection('Barn')).toBe(text(...BARN_SECTION));
    expect(db.describeCollection('Farm')).toBe(text(...farmSection('1 element')));
    expect(db.describeCollection('Configuration')).toBe(
      text('Collection: Configuration (0 elements)', '  Scalars:', '    - id (INTEGER) PRIMARY KEY', '    - label (TEXT) NOT NULL'),
    );
  });

  it('unknown collections are errors (case-sensitive)', () => {
    expectNative(() => db.describeCollection('Nope'), 'Cannot describe_collection: collection not found: Nope');
    expectNative(() => db.describeCollection('farm'), 'Cannot describe_collection: collection not found: farm');
    expectNative(() => db.describeCollection(''), 'Cannot describe_collection: collection not found: ');
  });

  it('accepts a group table name (any table of the model, as Quiver 0.10 does)', () => {
    expect(db.describeCollection('Farm_set_crops').split('\n')[0]).toBe('Collection: Farm_set_crops (0 elements)');
  });
});

describe('summarizeCollection', () => {
  it('reproduces the expected summary exactly (counts, value distributions, group fill)', () => {
    const a = db.createElement('Farm', { label: 'A' });
    const b = db.createElement('Farm', { label: 'B' });
    db.createElement('Farm', { label: 'C', hectares: null, organic: 1 });
    db.createElement('Farm', { label: 'D' });
    db.updateVectorGroup('Farm', 'yields', a, { crop_yield: [1.5, 2.5] });
    db.updateElement('Farm', b, { crop: ['wheat', 'corn'] });
    expect(db.summarizeCollection('Farm')).toBe(
      text(
        'Collection: Farm (4 elements)',
        '  Scalars:',
        '    - id: 4 non-null, 0 null',
        '    - label: 4 non-null, 0 null',
        '    - area: 0 non-null, 4 null',
        '    - hectares: 3 non-null, 1 null; values {10: 3}',
        '    - owner: 0 non-null, 4 null',
        '    - date_founded: 0 non-null, 4 null',
        '    - organic: 1 non-null, 3 null; values {1: 1}',
        '  Vectors:',
        '    - yields: 1/4 non-empty',
        '  Sets:',
        '    - crops: 1/4 non-empty',
        '  Time Series:',
        '    - weather: 0/4 non-empty',
      ),
    );
  });

  it('the values suffix is present for 64 distinct integers and absent for 65', () => {
    for (let i = 1; i <= 65; i++) db.createElement('Farm', { label: `F${i}`, hectares: i });
    const hectaresLine = (): string => db.summarizeCollection('Farm').split('\n')[5]!;
    expect(hectaresLine()).toBe('    - hectares: 65 non-null, 0 null');
    db.deleteElement('Farm', 65);
    const values = Array.from({ length: 64 }, (_, i) => `${i + 1}: 1`).join(', ');
    expect(hectaresLine()).toBe(`    - hectares: 64 non-null, 0 null; values {${values}}`);
  });

  it('sorts values numerically, counts rows per value, ignores NULLs', () => {
    for (const [label, hectares] of [['a', 10], ['b', -5], ['c', 2], ['d', 10], ['e', null]] as const) {
      db.createElement('Farm', { label, hectares });
    }
    expect(db.summarizeCollection('Farm').split('\n')[5]).toBe('    - hectares: 4 non-null, 1 null; values {-5: 1, 2: 1, 10: 2}');
  });

  it('counts elements with rows per group; an empty collection says 0 elements', () => {
    expect(db.summarizeCollection('Barn')).toBe(
      text(
        'Collection: Barn (0 elements)',
        '  Scalars:',
        '    - id: 0 non-null, 0 null',
        '    - label: 0 non-null, 0 null',
        '    - farm_id: 0 non-null, 0 null',
        '  Vectors:',
        '    - neighbors: 0/0 non-empty',
        '  Sets:',
        '    - links: 0/0 non-empty',
      ),
    );
    const f = db.createElement('Farm', { label: 'F' });
    db.createElement('Barn', { label: 'B1', farm_id: f });
    db.createElement('Barn', { label: 'B2' });
    db.updateVectorGroup('Barn', 'neighbors', 1, { farm_link: [f, f] }); // two rows, one element
    db.updateSetGroup('Barn', 'links', 2, { farm_link: [f] });
    expect(db.summarizeCollection('Barn')).toBe(
      text(
        'Collection: Barn (2 elements)',
        '  Scalars:',
        '    - id: 2 non-null, 0 null',
        '    - label: 2 non-null, 0 null',
        '    - farm_id: 1 non-null, 1 null; values {1: 1}',
        '  Vectors:',
        '    - neighbors: 1/2 non-empty',
        '  Sets:',
        '    - links: 1/2 non-empty',
      ),
    );
  });

  it('unknown collections are errors', () => {
    expectNative(() => db.summarizeCollection('Nope'), 'Cannot summarize_collection: collection not found: Nope');
    expectNative(() => db.summarizeCollection('sqlite_sequence'), 'Cannot summarize_collection: collection not found: sqlite_sequence');
  });
});

describe('arguments and lifecycle', () => {
  it('rejects non-string collection names with QUIVER_INVALID_ARGUMENT', () => {
    for (const bad of [1, undefined, {}, ['Farm']]) {
      expect(thrown(() => db.describeCollection(bad as never)).code).toBe('QUIVER_INVALID_ARGUMENT');
      expect(thrown(() => db.summarizeCollection(bad as never)).code).toBe('QUIVER_INVALID_ARGUMENT');
    }
  });

  it('throws QUIVER_CLOSED after close', () => {
    const other = Database.fromSchema(':memory:', writeFarmSchema(), quiet);
    other.close();
    expect(thrown(() => other.describe()).code).toBe('QUIVER_CLOSED');
    expect(thrown(() => other.describeCollection('Farm')).code).toBe('QUIVER_CLOSED');
    expect(thrown(() => other.summarizeCollection('Farm')).code).toBe('QUIVER_CLOSED');
  });

  it('reports the model-loading error on a database that fails validation', () => {
    const bare = Database.open(':memory:', quiet);
    try {
      expectNative(() => bare.describe(), "Failed to validate schema: Schema must have a 'Configuration' table");
      expectNative(() => bare.summarizeCollection('Farm'), "Failed to validate schema: Schema must have a 'Configuration' table");
    } finally {
      bare.close();
    }
  });
});
