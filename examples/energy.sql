-- A small energy-planning study: buses, thermal plants with cost curves, fuel sets and
-- hourly generation. Bundled with quiverdb-node for the README example.
PRAGMA user_version = 1;

CREATE TABLE Configuration (
    id INTEGER PRIMARY KEY,
    label TEXT UNIQUE NOT NULL,
    horizon_years INTEGER DEFAULT 5,
    discount_rate REAL DEFAULT 0.08
) STRICT;

CREATE TABLE Bus (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    voltage_kv REAL
) STRICT;

CREATE TABLE Plant (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT UNIQUE NOT NULL,
    capacity_mw REAL NOT NULL,
    min_generation_mw REAL DEFAULT 0,
    date_commissioned TEXT,
    bus_id INTEGER,
    FOREIGN KEY (bus_id) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;

-- Piecewise cost curve: ordered segments per plant.
CREATE TABLE Plant_vector_cost_curve (
    id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    vector_index INTEGER NOT NULL,
    segment_mw REAL,
    cost_per_mwh REAL,
    PRIMARY KEY (id, vector_index)
) STRICT;

-- Fuels a plant can burn (unordered, unique).
CREATE TABLE Plant_set_fuels (
    id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    fuel TEXT NOT NULL,
    UNIQUE (id, fuel)
) STRICT;

-- Hourly generation results.
CREATE TABLE Plant_time_series_generation (
    id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
    date_time TEXT NOT NULL,
    generation_mw REAL,
    PRIMARY KEY (id, date_time)
) STRICT;
