// Schema metadata: scalar attributes and vector/set groups, their fields and errors.

import { afterEach, describe, expect, it } from 'vitest';
import { Database, DataType, LogLevel, QuiverError, liveAllocations, type ScalarMetadata } from '../lib/index.js';
import { native } from '../lib/native.js';
import { FARM_SCHEMA, tmpDir, writeFarmSchema, writeSchema, expectNative } from './helpers.js';

const quiet = { consoleLevel: LogLevel.Off };
const farmSchema = writeFarmSchema();

// The farm schema plus Silo: DEFAULT spellings, an FK naming no column, and vector groups whose names
// sort differently from their declaration order (one with an underscore in the group name).
const extendedSchema = writeSchema(
  tmpDir(),
  `${FARM_SCHEMA}
CREATE TABLE Silo (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL,
  farm_id INTEGER REFERENCES Farm ON DELETE CASCADE ON UPDATE CASCADE,
  grade TEXT DEFAULT 'n/a', ratio REAL DEFAULT 1.5, built TEXT DEFAULT CURRENT_TIMESTAMP,
  note TEXT DEFAULT NULL, total INTEGER DEFAULT (1+2), date_built TEXT NOT NULL DEFAULT '2000-01-01') STRICT;
CREATE TABLE Silo_vector_soil_ph (id INTEGER NOT NULL REFERENCES Silo(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, ph REAL NOT NULL DEFAULT 7.0, PRIMARY KEY (id, vector_index)) STRICT;
CREATE TABLE Silo_vector_bins (id INTEGER NOT NULL REFERENCES Silo(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, bin INTEGER, PRIMARY KEY (id, vector_index)) STRICT;
`,
);

const open: Database[] = [];
function farm(schema = farmSchema): Database {
  const db = Database.fromSchema(':memory:', schema, quiet);
  open.push(db);
  return db;
}

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  expect(liveAllocations()).toBe(0);
});

/** A column's metadata with the defaults of a plain nullable, non-key, non-FK column. */
function col(name: string, dataType: DataType, extra: Partial<ScalarMetadata> = {}): ScalarMetadata {
  return {
    name,
    dataType,
    notNull: false,
    primaryKey: false,
    defaultValue: null,
    isForeignKey: false,
    referencesCollection: null,
    referencesColumn: null,
    ...extra,
  };
}

const FARM_COLUMNS: ScalarMetadata[] = [
  col('id', DataType.Integer, { notNull: true, primaryKey: true }),
  col('label', DataType.String, { notNull: true }),
  col('area', DataType.Float),
  col('hectares', DataType.Integer, { defaultValue: '10' }),
  col('owner', DataType.String),
  col('date_founded', DataType.DateTime),
  col('organic', DataType.Integer),
];

describe('getScalarMetadata', () => {
  it('field values for hectares, id, date_founded and an FK; unknown attribute and collection', () => {
    const db = farm();
    expect(db.getScalarMetadata('Farm', 'hectares')).toEqual(col('hectares', DataType.Integer, { defaultValue: '10' }));
    expect(db.getScalarMetadata('Farm', 'id')).toEqual(col('id', DataType.Integer, { notNull: true, primaryKey: true }));
    expect(db.getScalarMetadata('Farm', 'date_founded').dataType).toBe(DataType.DateTime);
    expect(db.getScalarMetadata('Farm', 'date_founded').dataType).toBe(3);
    expect(db.getScalarMetadata('Barn', 'farm_id')).toEqual(
      col('farm_id', DataType.Integer, { isForeignKey: true, referencesCollection: 'Farm', referencesColumn: 'id' }),
    );
    expectNative(() => db.getScalarMetadata('Farm', 'zzz'), "Scalar attribute not found: 'zzz' in collection 'Farm'");
    expectNative(() => db.getScalarMetadata('Zzz', 'zzz'), 'Cannot get_scalar_metadata: collection not found: Zzz');
  });

  it('every Farm column, label included', () => {
    const db = farm();
    for (const expected of FARM_COLUMNS) expect(db.getScalarMetadata('Farm', expected.name)).toEqual(expected);
  });

  it('names are exact and case-sensitive', () => {
    const db = farm();
    expectNative(() => db.getScalarMetadata('Farm', 'Label'), "Scalar attribute not found: 'Label' in collection 'Farm'");
    expectNative(() => db.getScalarMetadata('farm', 'label'), 'Cannot get_scalar_metadata: collection not found: farm');
    // Group columns are not scalar attributes of the collection.
    expectNative(() => db.getScalarMetadata('Farm', 'crop_yield'), "Scalar attribute not found: 'crop_yield' in collection 'Farm'");
  });

  it('DEFAULT text as SQLite reports it; DEFAULT NULL is the text NULL; FK naming no column gives ""', () => {
    const db = farm(extendedSchema);
    expect(db.listScalarAttributes('Silo')).toEqual([
      col('id', DataType.Integer, { notNull: true, primaryKey: true }),
      col('label', DataType.String, { notNull: true }),
      col('farm_id', DataType.Integer, { isForeignKey: true, referencesCollection: 'Farm', referencesColumn: '' }),
      col('grade', DataType.String, { defaultValue: "'n/a'" }),
      col('ratio', DataType.Float, { defaultValue: '1.5' }),
      col('built', DataType.String, { defaultValue: 'CURRENT_TIMESTAMP' }),
      col('note', DataType.String, { defaultValue: 'NULL' }),
      col('total', DataType.Integer, { defaultValue: '1+2' }),
      col('date_built', DataType.DateTime, { notNull: true, defaultValue: "'2000-01-01'" }),
    ]);
  });
});

describe('getVectorMetadata / getSetMetadata', () => {
  it('yields has crop_yield (FLOAT) then harvest_count (INTEGER); a column name is not a group', () => {
    const db = farm();
    expect(db.getVectorMetadata('Farm', 'yields')).toEqual({
      groupName: 'yields',
      dimensionColumn: null,
      valueColumns: [col('crop_yield', DataType.Float), col('harvest_count', DataType.Integer)],
    });
    expectNative(() => db.getVectorMetadata('Farm', 'crop_yield'), "Vector group not found: 'crop_yield' in collection 'Farm'");
  });

  it('set groups exclude only id; FK value columns carry their target', () => {
    const db = farm();
    expect(db.getSetMetadata('Farm', 'crops')).toEqual({
      groupName: 'crops',
      dimensionColumn: null,
      valueColumns: [col('crop', DataType.String, { notNull: true })],
    });
    const fk = { isForeignKey: true, referencesCollection: 'Farm', referencesColumn: 'id' };
    expect(db.getSetMetadata('Barn', 'links').valueColumns).toEqual([col('farm_link', DataType.Integer, fk)]);
    expect(db.getVectorMetadata('Barn', 'neighbors').valueColumns).toEqual([col('farm_link', DataType.Integer, fk)]);
  });

  it('group names with underscores; NOT NULL and DEFAULT of value columns', () => {
    const db = farm(extendedSchema);
    expect(db.getVectorMetadata('Silo', 'soil_ph')).toEqual({
      groupName: 'soil_ph',
      dimensionColumn: null,
      valueColumns: [col('ph', DataType.Float, { notNull: true, defaultValue: '7.0' })],
    });
  });

  it('unknown collection and group, and the wrong kind of group', () => {
    const db = farm();
    expectNative(() => db.getVectorMetadata('Nope', 'yields'), 'Cannot get_vector_metadata: collection not found: Nope');
    expectNative(() => db.getSetMetadata('Nope', 'crops'), 'Cannot get_set_metadata: collection not found: Nope');
    expectNative(() => db.getVectorMetadata('Farm', 'crops'), "Vector group not found: 'crops' in collection 'Farm'");
    expectNative(() => db.getSetMetadata('Farm', 'yields'), "Set group not found: 'yields' in collection 'Farm'");
    expectNative(() => db.getSetMetadata('Farm', 'crop'), "Set group not found: 'crop' in collection 'Farm'");
    expectNative(() => db.getVectorMetadata('Farm', 'weather'), "Vector group not found: 'weather' in collection 'Farm'");
    expectNative(() => db.getVectorMetadata('Farm', 'Yields'), "Vector group not found: 'Yields' in collection 'Farm'");
  });
});

describe('list*', () => {
  it('Farm columns in declaration order; unknown collection lists no groups; NULL array free is an error', () => {
    const db = farm();
    expect(db.listScalarAttributes('Farm').map((m) => m.name)).toEqual([
      'id',
      'label',
      'area',
      'hectares',
      'owner',
      'date_founded',
      'organic',
    ]);
    expect(db.listVectorGroups('Zzz')).toEqual([]);
    expect(db.listSetGroups('Zzz')).toEqual([]);
    const lib = native();
    expect(lib.quiver_database_free_group_metadata_array(null, 0)).not.toBe(0);
    expect(lib.quiver_get_last_error()).toBe('Null argument: metadata');
    expect(lib.quiver_database_free_scalar_metadata_array(null, 0)).not.toBe(0);
    expect(lib.quiver_get_last_error()).toBe('Null argument: metadata');
  });

  it('listScalarAttributes gives exactly what getScalarMetadata gives, per column', () => {
    const db = farm();
    expect(db.listScalarAttributes('Farm')).toEqual(FARM_COLUMNS);
    expect(db.listScalarAttributes('Configuration')).toEqual([
      col('id', DataType.Integer, { notNull: true, primaryKey: true }),
      col('label', DataType.String, { notNull: true }),
    ]);
    expectNative(() => db.listScalarAttributes('Nope'), 'Cannot list_scalar_attributes: collection not found: Nope');
  });

  it('groups in table-name order, each as from get*Metadata', () => {
    const db = farm(extendedSchema);
    expect(db.listVectorGroups('Silo').map((g) => g.groupName)).toEqual(['bins', 'soil_ph']);
    expect(db.listVectorGroups('Silo')).toEqual([db.getVectorMetadata('Silo', 'bins'), db.getVectorMetadata('Silo', 'soil_ph')]);
    expect(db.listVectorGroups('Farm')).toEqual([db.getVectorMetadata('Farm', 'yields')]);
    expect(db.listSetGroups('Farm')).toEqual([db.getSetMetadata('Farm', 'crops')]);
    expect(db.listVectorGroups('Barn')).toEqual([db.getVectorMetadata('Barn', 'neighbors')]);
    expect(db.listSetGroups('Barn')).toEqual([db.getSetMetadata('Barn', 'links')]);
    expect(db.listSetGroups('Silo')).toEqual([]);
    expect(db.listVectorGroups('Configuration')).toEqual([]);
  });

  it('an empty list result does not disturb the last error (no free of a NULL array)', () => {
    const db = farm();
    const lib = native();
    lib.quiver_clear_last_error();
    expect(db.listVectorGroups('Configuration')).toEqual([]);
    expect(db.listSetGroups('Zzz')).toEqual([]);
    expect(db.readSetsById('Configuration', db.createElement('Configuration', { label: 'c' }))).toEqual({});
    expect(lib.quiver_get_last_error()).toBe('');
  });

  it('metadata reads leave the database unchanged and work on a read-only handle', () => {
    const dir = tmpDir();
    const file = `${dir}/farm.db`;
    farm().close();
    const writer = Database.fromSchema(file, farmSchema, quiet);
    writer.createElement('Farm', { label: 'F1' });
    writer.close();
    const db = Database.open(file, { ...quiet, readOnly: true });
    open.push(db);
    expect(db.listScalarAttributes('Farm')).toEqual(FARM_COLUMNS);
    expect(db.getVectorMetadata('Farm', 'yields').groupName).toBe('yields');
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['F1']);
  });
});
