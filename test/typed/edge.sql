-- Corners of the type generator: defaults, a required integer, references from scalars and from
-- groups (one column name shared by a scalar and two groups), a self-reference, a time series with
-- two dimensions and a reference, a files table, and a column name that is no identifier.
CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL,
    solver TEXT NOT NULL DEFAULT 'highs',
    note TEXT DEFAULT NULL
) STRICT;

CREATE TABLE Zone (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    priority INTEGER NOT NULL,
    date_created TEXT NOT NULL,
    "peak load" REAL,
    parent_id INTEGER,
    FOREIGN KEY (parent_id) REFERENCES Zone(id) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;

CREATE TABLE Unit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    active INTEGER DEFAULT 1,
    zone_id INTEGER,
    FOREIGN KEY (zone_id) REFERENCES Zone(id) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;

CREATE TABLE Unit_vector_links (
    id INTEGER NOT NULL REFERENCES Unit(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    zone_id INTEGER REFERENCES Zone(id) ON DELETE SET NULL ON UPDATE CASCADE,
    weight REAL NOT NULL DEFAULT 1,
    PRIMARY KEY (id, vector_index)
) STRICT;

CREATE TABLE Unit_set_zones (
    id INTEGER NOT NULL REFERENCES Unit(id) ON DELETE CASCADE ON UPDATE CASCADE,
    zone_id INTEGER NOT NULL REFERENCES Zone(id) ON DELETE CASCADE ON UPDATE CASCADE,
    UNIQUE (id, zone_id)
) STRICT;

CREATE TABLE Unit_set_tags (
    id INTEGER NOT NULL REFERENCES Unit(id) ON DELETE CASCADE ON UPDATE CASCADE,
    tag TEXT NOT NULL,
    date_tagged TEXT,
    UNIQUE (id, tag, date_tagged)
) STRICT;

CREATE TABLE Unit_time_series_dispatch (
    id INTEGER NOT NULL REFERENCES Unit(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_time TEXT NOT NULL,
    block INTEGER NOT NULL,
    power REAL,
    setpoint INTEGER,
    zone_ref INTEGER REFERENCES Zone(id) ON DELETE SET NULL ON UPDATE CASCADE,
    status TEXT,
    PRIMARY KEY (id, date_time, block)
) STRICT;

CREATE TABLE Unit_time_series_files (dispatch TEXT, prices TEXT) STRICT;

-- The dimension is the first date column by name (date_a), not the primary-key date (date_x).
CREATE TABLE Unit_time_series_state (
    id INTEGER NOT NULL REFERENCES Unit(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_x TEXT NOT NULL,
    level REAL,
    date_a TEXT,
    PRIMARY KEY (id, date_x)
) STRICT;
