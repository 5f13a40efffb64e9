// Schema loading and validation through Database.fromSchema: every rule with
// its exact message, the check order, and the upstream quirks the validator must reproduce.

import { afterAll, describe, expect, it } from 'vitest';
import { Database, liveAllocations, LogLevel, QuiverError } from '../lib/index.js';
import { tmpDir, writeSchema } from './helpers.js';

const quiet = { consoleLevel: LogLevel.Off };
const PREFIX = 'Failed to validate schema: ';

const CONFIG = 'CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;';
const FARM = 'CREATE TABLE Farm (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, v REAL) STRICT;';
const BARN_HEAD = 'CREATE TABLE Barn (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL';
const CASCADE = 'ON DELETE CASCADE ON UPDATE CASCADE';
const PARENT = (c: string): string => `id INTEGER NOT NULL REFERENCES ${c}(id) ${CASCADE}`;

/** fromSchema on an in-memory database with `sql`; returns the error message, or null on success. */
function load(...statements: string[]): string | null {
  const schema = writeSchema(tmpDir(), statements.join('\n'));
  let db: Database | undefined;
  try {
    db = Database.fromSchema(':memory:', schema, quiet);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(QuiverError);
    expect((err as QuiverError).code).toBe('QUIVER_ERROR');
    return (err as QuiverError).message;
  } finally {
    db?.close();
  }
}

afterAll(() => {
  expect(liveAllocations()).toBe(0);
});

describe('column types', () => {
  it('INT, BLOB and untyped columns are unknown data types', () => {
    expect(load(CONFIG, 'CREATE TABLE Farm (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, x INT) STRICT;')).toBe('Unknown data type: INT');
    expect(load(CONFIG, 'CREATE TABLE Farm (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, x BLOB) STRICT;')).toBe('Unknown data type: BLOB');
    expect(load(CONFIG, 'CREATE TABLE Farm (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, x);')).toBe('Unknown data type: ');
  });

  it('other unknown types are reported as SQLite reports them, in any table', () => {
    expect(load(CONFIG, 'CREATE TABLE Farm (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, x VARCHAR(10));')).toBe('Unknown data type: VARCHAR(10)');
    expect(load(CONFIG, 'CREATE TABLE Farm (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, d date_time);')).toBe('Unknown data type: date_time');
    expect(load('CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, n NUMERIC);')).toBe('Unknown data type: NUMERIC');
  });

  it('built-in type names in any case and DATE_TIME (non-STRICT) are accepted', () => {
    expect(load(CONFIG, 'CREATE TABLE Farm (id integer PRIMARY KEY, label Text UNIQUE NOT NULL, r real, d DATE_TIME);')).toBeNull();
  });

  it('a table name outside [A-Za-z0-9_] aborts loading without the validation prefix', () => {
    expect(load(CONFIG, 'CREATE TABLE "Farm-x" (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;')).toBe(
      'Cannot query columns: invalid table name: Farm-x',
    );
  });

  it('tables named like sqlite% are left out of the model, views are ignored (upstream quirk)', () => {
    expect(load(CONFIG, 'CREATE TABLE SQLiteData (x BLOB);', 'CREATE VIEW Everything AS SELECT * FROM Configuration;')).toBeNull();
  });
});

describe('Configuration table and collection names', () => {
  it('no Configuration table', () => {
    expect(load(FARM)).toBe(`${PREFIX}Schema must have a 'Configuration' table`);
    expect(load('CREATE TABLE configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;')).toBe(
      `${PREFIX}Schema must have a 'Configuration' table`,
    );
  });

  it('a missing Configuration table is reported before an invalid collection name', () => {
    expect(load('CREATE TABLE Farm_extra (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;')).toBe(
      `${PREFIX}Schema must have a 'Configuration' table`,
    );
  });

  it('a plain table with an underscore is an invalid collection name', () => {
    expect(load(CONFIG, FARM, 'CREATE TABLE Farm_extra (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;')).toBe(
      `${PREFIX}Invalid collection name 'Farm_extra': collection names cannot contain underscores`,
    );
  });

  it('Configuration needs a label column', () => {
    expect(load('CREATE TABLE Configuration (id INTEGER PRIMARY KEY, value REAL) STRICT;')).toBe(
      `${PREFIX}Collection 'Configuration' must have a 'label' column`,
    );
  });
});

describe('collection tables', () => {
  it('id must exist and be a primary-key column', () => {
    expect(load(CONFIG, 'CREATE TABLE Farm (id INTEGER, label TEXT UNIQUE NOT NULL) STRICT;')).toBe(
      `${PREFIX}Collection 'Farm' must have 'id' as primary key`,
    );
    expect(load(CONFIG, 'CREATE TABLE Farm (farm INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;')).toBe(
      `${PREFIX}Collection 'Farm' must have 'id' as primary key`,
    );
  });

  it('label must exist, be TEXT, NOT NULL and UNIQUE on exactly (label)', () => {
    expect(load(CONFIG, 'CREATE TABLE Farm (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL) STRICT;')).toBe(
      `${PREFIX}Collection 'Farm' must have a 'label' column`,
    );
    expect(load(CONFIG, 'CREATE TABLE Farm (id INTEGER PRIMARY KEY, label INTEGER UNIQUE NOT NULL) STRICT;')).toBe(
      `${PREFIX}Collection 'Farm' label column must be TEXT type`,
    );
    expect(load(CONFIG, 'CREATE TABLE Farm (id INTEGER PRIMARY KEY, label TEXT UNIQUE) STRICT;')).toBe(
      `${PREFIX}Collection 'Farm' label column must have NOT NULL constraint`,
    );
    expect(load(CONFIG, 'CREATE TABLE Farm (id INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT;')).toBe(
      `${PREFIX}Collection 'Farm' label column must have UNIQUE constraint`,
    );
    expect(load(CONFIG, 'CREATE TABLE Farm (id INTEGER PRIMARY KEY, label TEXT NOT NULL, v REAL, UNIQUE (label, v)) STRICT;')).toBe(
      `${PREFIX}Collection 'Farm' label column must have UNIQUE constraint`,
    );
  });

  it('a DATE_TIME label is not TEXT', () => {
    expect(load('CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label DATE_TIME UNIQUE NOT NULL);')).toBe(
      `${PREFIX}Collection 'Configuration' label column must be TEXT type`,
    );
  });

  it('a separate UNIQUE INDEX on label counts, unless its name has other characters (upstream quirk)', () => {
    const farm = 'CREATE TABLE Farm (id INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT;';
    expect(load(CONFIG, farm, 'CREATE UNIQUE INDEX farm_label ON Farm (label);')).toBeNull();
    expect(load(CONFIG, farm, 'CREATE UNIQUE INDEX "farm-label" ON Farm (label);')).toBe(
      `${PREFIX}Collection 'Farm' label column must have UNIQUE constraint`,
    );
  });

  it('collections are checked in byte-wise name order (uppercase first)', () => {
    expect(
      load(
        CONFIG,
        'CREATE TABLE zeta (id INTEGER PRIMARY KEY) STRICT;',
        'CREATE TABLE Alpha (id INTEGER PRIMARY KEY) STRICT;',
        'CREATE TABLE Beta (id INTEGER PRIMARY KEY) STRICT;',
      ),
    ).toBe(`${PREFIX}Collection 'Alpha' must have a 'label' column`);
  });
});

describe('check order across rules', () => {
  it('table structures are checked in one pass over all tables in name order (a vector table before a collection)', () => {
    expect(
      load(CONFIG, 'CREATE TABLE Beta (id INTEGER PRIMARY KEY) STRICT;', 'CREATE TABLE Alpha_vector_x (id INTEGER, vector_index INTEGER, x REAL) STRICT;'),
    ).toBe(`${PREFIX}Vector table 'Alpha_vector_x' references non-existent collection 'Alpha'`);
  });

  it('table structures are checked before duplicate attributes, duplicates before foreign keys', () => {
    const dupVector = `CREATE TABLE Farm_vector_x (${PARENT('Farm')}, vector_index INTEGER NOT NULL, v REAL, PRIMARY KEY (id, vector_index)) STRICT;`;
    expect(load(CONFIG, FARM, dupVector, 'CREATE TABLE Zed (id INTEGER PRIMARY KEY) STRICT;')).toBe(
      `${PREFIX}Collection 'Zed' must have a 'label' column`,
    );
    expect(load(CONFIG, FARM, dupVector, `${BARN_HEAD}, owner INTEGER REFERENCES Farm(id)) STRICT;`)).toBe(
      `${PREFIX}Duplicate attribute 'v' found in table 'Farm_vector_x' (already defined in collection 'Farm')`,
    );
  });
});

describe('vector tables', () => {
  it('parent collection must exist', () => {
    expect(load(CONFIG, `CREATE TABLE Ghost_vector_x (id INTEGER NOT NULL, vector_index INTEGER NOT NULL, x REAL, PRIMARY KEY (id, vector_index)) STRICT;`)).toBe(
      `${PREFIX}Vector table 'Ghost_vector_x' references non-existent collection 'Ghost'`,
    );
  });

  it('id column must exist', () => {
    expect(load(CONFIG, FARM, 'CREATE TABLE Farm_vector_x (farm INTEGER NOT NULL, vector_index INTEGER NOT NULL, x REAL, PRIMARY KEY (farm, vector_index)) STRICT;')).toBe(
      `${PREFIX}Vector table 'Farm_vector_x' must have 'id' column`,
    );
  });

  it('id as the only primary-key column', () => {
    expect(load(CONFIG, FARM, 'CREATE TABLE Farm_vector_w (id INTEGER PRIMARY KEY, vector_index INTEGER, w REAL) STRICT;')).toBe(
      `${PREFIX}Vector table 'Farm_vector_w' must have composite primary key (id, vector_index), not just 'id'`,
    );
    // Quiver 0.10's wording (a column named like the scalar would also be a duplicate, but the
    // vector-table checks run before the duplicate-attribute check).
    expect(load(CONFIG, FARM, 'CREATE TABLE Farm_vector_v (id INTEGER PRIMARY KEY, vector_index INTEGER, v REAL) STRICT;')).toBe(
      `${PREFIX}Vector table 'Farm_vector_v' must have composite primary key (id, vector_index), not just 'id'`,
    );
  });

  it('vector_index column must exist', () => {
    expect(load(CONFIG, FARM, `CREATE TABLE Farm_vector_x (${PARENT('Farm')}, position INTEGER NOT NULL, x REAL, PRIMARY KEY (id, position)) STRICT;`)).toBe(
      `${PREFIX}Vector table 'Farm_vector_x' must have 'vector_index' column`,
    );
  });

  it('the parent FK must be CASCADE/CASCADE', () => {
    expect(load(CONFIG, FARM, 'CREATE TABLE Farm_vector_x (id INTEGER NOT NULL REFERENCES Farm(id) ON DELETE CASCADE, vector_index INTEGER NOT NULL, x REAL, PRIMARY KEY (id, vector_index)) STRICT;')).toBe(
      `${PREFIX}Vector table 'Farm_vector_x' FK to parent must use ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    expect(load(CONFIG, FARM, 'CREATE TABLE Farm_vector_x (id INTEGER NOT NULL REFERENCES Farm(id) ON DELETE SET NULL ON UPDATE CASCADE, vector_index INTEGER NOT NULL, x REAL, PRIMARY KEY (id, vector_index)) STRICT;')).toBe(
      `${PREFIX}Vector table 'Farm_vector_x' FK to parent must use ON DELETE CASCADE ON UPDATE CASCADE`,
    );
  });

  it('a foreign key to the parent must exist', () => {
    expect(load(CONFIG, FARM, 'CREATE TABLE Farm_vector_x (id INTEGER NOT NULL, vector_index INTEGER NOT NULL, x REAL, PRIMARY KEY (id, vector_index)) STRICT;')).toBe(
      `${PREFIX}Vector table 'Farm_vector_x' must have foreign key to parent collection 'Farm'`,
    );
  });

  it('a vector table without any primary key passes (upstream quirk)', () => {
    expect(load(CONFIG, FARM, `CREATE TABLE Farm_vector_x (${PARENT('Farm')}, vector_index INTEGER NOT NULL, x REAL) STRICT;`)).toBeNull();
  });

  it('a second FK from id (to another collection) must also be CASCADE/CASCADE (foreign-key check)', () => {
    expect(
      load(
        CONFIG,
        FARM,
        `${BARN_HEAD}) STRICT;`,
        `CREATE TABLE Farm_vector_x (${PARENT('Farm')}, vector_index INTEGER NOT NULL, x REAL, PRIMARY KEY (id, vector_index), FOREIGN KEY (id) REFERENCES Barn(id) ON UPDATE CASCADE) STRICT;`,
      ),
    ).toBe(`${PREFIX}Vector table 'Farm_vector_x' parent FK must use ON DELETE CASCADE ON UPDATE CASCADE`);
  });
});

describe('set tables', () => {
  it('a set table needs a UNIQUE constraint', () => {
    expect(load(CONFIG, FARM, `CREATE TABLE Farm_set_tags (${PARENT('Farm')}, tag TEXT NOT NULL) STRICT;`)).toBe(
      `${PREFIX}Set table 'Farm_set_tags' must have a UNIQUE constraint`,
    );
  });

  it('every value column must be in a unique index (first in name order reported)', () => {
    expect(load(CONFIG, FARM, `CREATE TABLE Farm_set_tags (${PARENT('Farm')}, tag TEXT NOT NULL, zeta TEXT, alpha TEXT, UNIQUE (id, tag)) STRICT;`)).toBe(
      `${PREFIX}Set table 'Farm_set_tags' column 'alpha' must be part of a UNIQUE constraint`,
    );
  });

  it('a primary key auto-index counts; FK columns are exempt; the parent is not checked (upstream quirk)', () => {
    expect(load(CONFIG, FARM, `CREATE TABLE Farm_set_tags (${PARENT('Farm')}, tag TEXT NOT NULL, PRIMARY KEY (id, tag)) STRICT;`)).toBeNull();
    expect(
      load(CONFIG, FARM, `${BARN_HEAD}) STRICT;`, `CREATE TABLE Farm_set_tags (${PARENT('Farm')}, tag TEXT NOT NULL, barn_id INTEGER REFERENCES Barn(id) ${CASCADE}, UNIQUE (id, tag)) STRICT;`),
    ).toBeNull();
    expect(load(CONFIG, 'CREATE TABLE Ghost_set_tags (id INTEGER, tag TEXT, UNIQUE (id, tag)) STRICT;')).toBeNull();
  });
});

describe('time-series files tables', () => {
  it('parent collection must exist', () => {
    expect(load(CONFIG, 'CREATE TABLE Ghost_time_series_files (rain_file TEXT) STRICT;')).toBe(
      `${PREFIX}Time series files table 'Ghost_time_series_files' references non-existent collection 'Ghost'`,
    );
  });

  it('every column must be TEXT (a date_ column counts as DATE_TIME); name order', () => {
    expect(load(CONFIG, FARM, 'CREATE TABLE Farm_time_series_files (rain_file TEXT, zz INTEGER, aa REAL) STRICT;')).toBe(
      `${PREFIX}Time series files table 'Farm_time_series_files' column 'aa' must be TEXT type (for file paths)`,
    );
    expect(load(CONFIG, FARM, 'CREATE TABLE Farm_time_series_files (rain_file TEXT, date_file TEXT) STRICT;')).toBe(
      `${PREFIX}Time series files table 'Farm_time_series_files' column 'date_file' must be TEXT type (for file paths)`,
    );
    expect(load(CONFIG, FARM, 'CREATE TABLE Farm_time_series_files (rain_file TEXT, price_file TEXT) STRICT;')).toBeNull();
  });
});

describe('duplicate attributes', () => {
  it('a vector value column repeating a scalar', () => {
    expect(load(CONFIG, FARM, `CREATE TABLE Farm_vector_x (${PARENT('Farm')}, vector_index INTEGER NOT NULL, v REAL, PRIMARY KEY (id, vector_index)) STRICT;`)).toBe(
      `${PREFIX}Duplicate attribute 'v' found in table 'Farm_vector_x' (already defined in collection 'Farm')`,
    );
  });

  it('between groups, the table later in name order is reported', () => {
    expect(
      load(
        CONFIG,
        FARM,
        `CREATE TABLE Farm_vector_a (${PARENT('Farm')}, vector_index INTEGER NOT NULL, w REAL, PRIMARY KEY (id, vector_index)) STRICT;`,
        `CREATE TABLE Farm_set_b (${PARENT('Farm')}, w REAL NOT NULL, UNIQUE (id, w)) STRICT;`,
      ),
    ).toBe(`${PREFIX}Duplicate attribute 'w' found in table 'Farm_vector_a' (already defined in collection 'Farm')`);
  });

  it('time-series value columns count, their date_ columns do not', () => {
    expect(
      load(CONFIG, FARM, `CREATE TABLE Farm_time_series_t (${PARENT('Farm')}, date_time TEXT NOT NULL, v REAL, PRIMARY KEY (id, date_time)) STRICT;`),
    ).toBe(`${PREFIX}Duplicate attribute 'v' found in table 'Farm_time_series_t' (already defined in collection 'Farm')`);
    expect(
      load(
        CONFIG,
        'CREATE TABLE Farm (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, date_time TEXT) STRICT;',
        `CREATE TABLE Farm_time_series_t (${PARENT('Farm')}, date_time TEXT NOT NULL, rain REAL, PRIMARY KEY (id, date_time)) STRICT;`,
      ),
    ).toBeNull();
  });

  it('FK columns may repeat across groups; Configuration is never checked', () => {
    expect(
      load(
        CONFIG,
        FARM,
        `${BARN_HEAD}, farm_link INTEGER REFERENCES Farm(id) ON DELETE SET NULL ON UPDATE CASCADE) STRICT;`,
        `CREATE TABLE Barn_vector_n (${PARENT('Barn')}, vector_index INTEGER NOT NULL, farm_link INTEGER REFERENCES Farm(id) ON DELETE SET NULL ON UPDATE CASCADE, PRIMARY KEY (id, vector_index)) STRICT;`,
        `CREATE TABLE Barn_set_l (${PARENT('Barn')}, farm_link INTEGER REFERENCES Farm(id) ${CASCADE}, UNIQUE (id, farm_link)) STRICT;`,
      ),
    ).toBeNull();
    expect(
      load(
        'CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, v REAL) STRICT;',
        `CREATE TABLE Configuration_vector_x (${PARENT('Configuration')}, vector_index INTEGER NOT NULL, v REAL, PRIMARY KEY (id, vector_index)) STRICT;`,
      ),
    ).toBeNull();
  });
});

describe('foreign keys', () => {
  it('ON DELETE SET NULL on a NOT NULL column (checked before the action rules)', () => {
    expect(load(CONFIG, FARM, `${BARN_HEAD}, farm_id INTEGER NOT NULL REFERENCES Farm(id) ON DELETE SET NULL ON UPDATE CASCADE) STRICT;`)).toBe(
      `${PREFIX}Foreign key column 'farm_id' in table 'Barn' has ON DELETE SET NULL but NOT NULL constraint`,
    );
    expect(load(CONFIG, FARM, `${BARN_HEAD}, farm_id INTEGER NOT NULL REFERENCES Farm(id) ON DELETE SET NULL) STRICT;`)).toBe(
      `${PREFIX}Foreign key column 'farm_id' in table 'Barn' has ON DELETE SET NULL but NOT NULL constraint`,
    );
  });

  it('ON UPDATE must be CASCADE', () => {
    expect(load(CONFIG, FARM, `${BARN_HEAD}, farm_id INTEGER REFERENCES Farm(id) ON DELETE CASCADE) STRICT;`)).toBe(
      `${PREFIX}Foreign key 'farm_id' in table 'Barn' must use ON UPDATE CASCADE`,
    );
    expect(load(CONFIG, FARM, `${BARN_HEAD}, farm_id INTEGER REFERENCES Farm(id) ON DELETE CASCADE ON UPDATE SET NULL) STRICT;`)).toBe(
      `${PREFIX}Foreign key 'farm_id' in table 'Barn' must use ON UPDATE CASCADE`,
    );
  });

  it('ON DELETE must be SET NULL or CASCADE (NO ACTION and RESTRICT rejected)', () => {
    expect(load(CONFIG, FARM, `${BARN_HEAD}, farm_id INTEGER REFERENCES Farm(id) ON UPDATE CASCADE) STRICT;`)).toBe(
      `${PREFIX}Foreign key 'farm_id' in table 'Barn' must use ON DELETE SET NULL or ON DELETE CASCADE`,
    );
    expect(load(CONFIG, FARM, `${BARN_HEAD}, farm_id INTEGER REFERENCES Farm(id) ON DELETE RESTRICT ON UPDATE CASCADE) STRICT;`)).toBe(
      `${PREFIX}Foreign key 'farm_id' in table 'Barn' must use ON DELETE SET NULL or ON DELETE CASCADE`,
    );
  });

  it('naming pattern; the <collection>_id tail is literal', () => {
    expect(load(CONFIG, FARM, `${BARN_HEAD}, owner INTEGER REFERENCES Farm(id) ${CASCADE}) STRICT;`)).toBe(
      `${PREFIX}Foreign key column 'owner' in table 'Barn' should follow naming pattern '<collection>_id'`,
    );
    expect(
      load(CONFIG, FARM, `${BARN_HEAD}) STRICT;`, `CREATE TABLE Barn_vector_n (${PARENT('Barn')}, vector_index INTEGER NOT NULL, next INTEGER REFERENCES Farm(id) ${CASCADE}, PRIMARY KEY (id, vector_index)) STRICT;`),
    ).toBe(`${PREFIX}Foreign key column 'next' in table 'Barn_vector_n' should follow naming pattern '<collection>_id'`);
  });

  it('accepted names: <t>_id, <t>_..., anything containing _id (case-insensitive)', () => {
    for (const col of ['farm_id', 'Farm_ID', 'farm_link', 'owner_id', 'main_identifier']) {
      expect(load(CONFIG, FARM, `${BARN_HEAD}, ${col} INTEGER REFERENCES Farm(id) ${CASCADE}) STRICT;`), col).toBeNull();
    }
  });

  it('set and time-series tables are exempt from the naming rule; time series also from the action rules', () => {
    expect(
      load(CONFIG, FARM, `${BARN_HEAD}) STRICT;`, `CREATE TABLE Barn_set_s (${PARENT('Barn')}, owner INTEGER REFERENCES Farm(id) ${CASCADE}, UNIQUE (id, owner)) STRICT;`),
    ).toBeNull();
    expect(
      load(
        CONFIG,
        FARM,
        `CREATE TABLE Farm_time_series_t (id INTEGER NOT NULL REFERENCES Farm(id), date_time TEXT NOT NULL, owner INTEGER REFERENCES Farm(id), PRIMARY KEY (id, date_time)) STRICT;`,
      ),
    ).toBeNull();
  });

  it('the set parent link follows the general action rule', () => {
    expect(load(CONFIG, FARM, `CREATE TABLE Farm_set_s (id INTEGER NOT NULL REFERENCES Farm(id) ON DELETE CASCADE, s TEXT, UNIQUE (id, s)) STRICT;`)).toBe(
      `${PREFIX}Foreign key 'id' in table 'Farm_set_s' must use ON UPDATE CASCADE`,
    );
  });

  it('self-references are allowed', () => {
    expect(load(CONFIG, `CREATE TABLE Farm (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL, farm_id INTEGER REFERENCES Farm(id) ON DELETE SET NULL ON UPDATE CASCADE) STRICT;`)).toBeNull();
  });
});
