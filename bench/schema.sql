-- Benchmark schema: one collection whose scalars, vector, set and time-series groups cover every
-- workload. Shared verbatim by the quiverdb side (Database.fromSchema) and the better-sqlite3
-- reference (db.exec), so both sides run on identical tables and indexes.
PRAGMA user_version = 1;

CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL
) STRICT;

CREATE TABLE Item (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    int_value INTEGER,
    float_value REAL,
    str_value TEXT
) STRICT;

CREATE TABLE Item_vector_samples (
    id INTEGER NOT NULL REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    sample REAL,
    PRIMARY KEY (id, vector_index)
) STRICT;

CREATE TABLE Item_set_tags (
    id INTEGER NOT NULL REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    tag TEXT NOT NULL,
    UNIQUE (id, tag)
) STRICT;

CREATE TABLE Item_time_series_readings (
    id INTEGER NOT NULL REFERENCES Item(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_time TEXT NOT NULL,
    v1 REAL,
    v2 REAL,
    PRIMARY KEY (id, date_time)
) STRICT;
