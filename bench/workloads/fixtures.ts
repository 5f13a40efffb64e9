// Fixtures shared by the workloads: temp directories, opening either side on a schema file, the
// deterministic bench data, and bulk population through better-sqlite3 (untimed setup only, so
// read workloads do not depend on the quiverdb write path being fast).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { Database, LogLevel } from '../../lib/index.js';

export const SCHEMA_PATH = fileURLToPath(new URL('../schema.sql', import.meta.url));
const SCHEMA_SQL = readFileSync(SCHEMA_PATH, 'utf8');

export const COLLECTION = 'Item';

/** A fresh directory under the OS temp dir, removed by dispose(). */
export class TempDir {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'quiver-bench-'));
  private counter = 0;

  /** A new, not yet existing file path in this directory. */
  nextFile(stem = 'db', ext = 'sqlite'): string {
    return path.join(this.dir, `${stem}-${this.counter++}.${ext}`);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Removes a database file and any journal SQLite left next to it. */
export function removeDatabase(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

/** Scales a full-run size for --quick, never below 1. */
export function scaled(n: number, scale: number): number {
  return Math.max(1, Math.round(n * scale));
}

// Quiver switches foreign keys on for every connection; the reference does the same so deletes
// and inserts pay for the same checks.
export function openReference(file: string, readonly = false): BetterSqlite3.Database {
  const db = new BetterSqlite3(file, { readonly });
  db.pragma('foreign_keys = ON');
  return db;
}

export function createReference(file: string): BetterSqlite3.Database {
  const db = openReference(file);
  db.exec(SCHEMA_SQL);
  return db;
}

export function createQuiver(file: string): Database {
  return Database.fromSchema(file, SCHEMA_PATH, { consoleLevel: LogLevel.Off });
}

export function openQuiver(file: string, readOnly = false): Database {
  return Database.open(file, { readOnly, consoleLevel: LogLevel.Off });
}

/** Scalars of bench element i (1-based); labels are unique, values vary per element. */
// A type alias (not an interface) so it is assignable to quiverdb's ElementData record.
export type ItemScalars = {
  label: string;
  int_value: number;
  float_value: number;
  str_value: string;
};

export function itemScalars(i: number): ItemScalars {
  return {
    label: `item${i}`,
    int_value: (i * 7919) % 1_000_003,
    float_value: i * 0.5 + 0.25,
    str_value: `str${i}`,
  };
}

export function itemSamples(i: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => i + k * 0.125);
}

export function itemTags(i: number, count: number): string[] {
  return Array.from({ length: count }, (_, k) => `tag${(i + k) % 97}_${k}`);
}

/** Hourly ISO 8601 timestamps from 2000-01-01T00:00:00, ascending (text order = time order). */
export function hourlyDates(count: number): string[] {
  const start = Date.UTC(2000, 0, 1);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 3_600_000).toISOString().slice(0, 19));
}

/** Deterministic PRNG (mulberry32) so both sides and every run see the same "random" ids. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PopulateOptions {
  samplesPerItem?: number;
  tagsPerItem?: number;
}

/** Creates `file` with the bench schema and `count` elements, in one better-sqlite3 transaction. */
export function populate(file: string, count: number, options: PopulateOptions = {}): void {
  const db = createReference(file);
  const item = db.prepare('INSERT INTO Item (id, label, int_value, float_value, str_value) VALUES (?, ?, ?, ?, ?)');
  const sample = db.prepare('INSERT INTO Item_vector_samples (id, vector_index, sample) VALUES (?, ?, ?)');
  const tag = db.prepare('INSERT INTO Item_set_tags (id, tag) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const s = itemScalars(i);
      item.run(i, s.label, s.int_value, s.float_value, s.str_value);
      if (options.samplesPerItem) {
        itemSamples(i, options.samplesPerItem).forEach((v, k) => sample.run(i, k + 1, v));
      }
      if (options.tagsPerItem) for (const t of itemTags(i, options.tagsPerItem)) tag.run(i, t);
    }
  })();
  db.close();
}
