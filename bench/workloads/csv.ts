// Workload 7: the collection's scalars exported to CSV and imported back (replacing every element),
// 100k rows. The reference writes and parses the same file format by hand (csv-text.ts).

import { readFileSync, writeFileSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import type { Pair, Workload } from '../harness.js';
import { csvLine, parseCsv } from './csv-text.js';
import { COLLECTION, TempDir, openQuiver, openReference, populate, scaled } from './fixtures.js';

const COLUMNS = ['label', 'int_value', 'float_value', 'str_value'] as const;

function referenceExport(db: BetterSqlite3.Database, file: string): void {
  const select = db.prepare(`SELECT ${COLUMNS.join(', ')} FROM Item ORDER BY id`).raw();
  const parts = ['sep=,\n', csvLine(COLUMNS)];
  for (const row of select.iterate() as Iterable<(string | number | null)[]>) parts.push(csvLine(row));
  writeFileSync(file, parts.join(''));
}

function fail(message: string): never {
  throw new Error(`reference import: ${message}`);
}

// parseInt/parseFloat accept a leading number like std::stoll/std::stod, as Quiver's import does.
function integerCell(cell: string, column: string): number | null {
  if (cell === '') return null;
  const value = parseInt(cell, 10);
  return Number.isNaN(value) ? fail(`invalid integer '${cell}' in ${column}`) : value;
}

function floatCell(cell: string, column: string): number | null {
  if (cell === '') return null;
  const value = parseFloat(cell);
  return Number.isNaN(value) ? fail(`invalid float '${cell}' in ${column}`) : value;
}

/** Same contract as import_csv for scalars: validate everything, then replace the table, keeping
 *  the ids of labels that already existed. */
function referenceImport(db: BetterSqlite3.Database, file: string): void {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  if (!header || header.length !== COLUMNS.length) fail('column count mismatch');
  const at = COLUMNS.map((c) => header.indexOf(c));
  if (at.includes(-1)) fail('column names mismatch');
  const [iLabel, iInt, iFloat, iStr] = at as [number, number, number, number];
  const values = rows.map((cells, n) => {
    if (cells.length !== header.length) fail(`row ${n + 1} has ${cells.length} columns`);
    const label = cells[iLabel]!;
    if (label === '') fail('label cannot be NULL');
    const str = cells[iStr]!;
    return [label, integerCell(cells[iInt]!, 'int_value'), floatCell(cells[iFloat]!, 'float_value'), str === '' ? null : str] as const;
  });
  const existing = new Map(db.prepare('SELECT label, id FROM Item').raw().all() as [string, number][]);
  const insert = db.prepare('INSERT INTO Item (id, label, int_value, float_value, str_value) VALUES (?, ?, ?, ?, ?)');
  // Like Quiver: no FK enforcement (and so no cascade) while the table is replaced.
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      db.prepare('DELETE FROM Item').run();
      for (const [label, i, f, s] of values) insert.run(existing.get(label) ?? null, label, i, f, s);
    })();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

export const exportCsv: Workload = {
  name: 'exportCsv 100k',
  reference: 'SELECT .raw().iterate(), hand-written CSV, one writeFileSync',
  setup(scale): Pair {
    const tmp = new TempDir();
    const file = tmp.nextFile();
    populate(file, scaled(100_000, scale));
    const quiver = openQuiver(file, true);
    const reference = openReference(file, true);
    const quiverCsv = tmp.nextFile('quiver', 'csv');
    const referenceCsv = tmp.nextFile('reference', 'csv');
    return {
      quiverdb: { run: () => quiver.exportCsv(COLLECTION, '', quiverCsv) },
      reference: { run: () => referenceExport(reference, referenceCsv) },
      dispose() {
        quiver.close();
        reference.close();
        tmp.dispose();
      },
    };
  },
};

export const importCsv: Workload = {
  name: 'importCsv 100k',
  reference: 'hand-written parse + validation, DELETE + prepared INSERT in one transaction',
  setup(scale): Pair {
    const count = scaled(100_000, scale);
    const tmp = new TempDir();
    // One database per side (imports rewrite the table), both importing the file quiverdb exported.
    const quiverFile = tmp.nextFile();
    const referenceFile = tmp.nextFile();
    populate(quiverFile, count);
    populate(referenceFile, count);
    const quiver = openQuiver(quiverFile);
    const reference = openReference(referenceFile);
    const csv = tmp.nextFile('items', 'csv');
    quiver.exportCsv(COLLECTION, '', csv);
    return {
      quiverdb: { run: () => quiver.importCsv(COLLECTION, '', csv) },
      reference: { run: () => referenceImport(reference, csv) },
      dispose() {
        quiver.close();
        reference.close();
        tmp.dispose();
      },
    };
  },
};
