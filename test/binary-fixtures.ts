// Shared fixtures of the binary-file tests: the SIMPLE, TIME and HOURLY metadata, files filled
// from a formula, and raw-handle access for the C-level checks.

import path from 'node:path';
import { expect } from 'vitest';
import { metadataHandle } from '../lib/binary-metadata.js';
import { binaryFileHandle } from '../lib/binary-file.js';
import { BinaryFile, BinaryMetadata, type BinaryMetadataInit, type ElementData } from '../lib/index.js';
import { native } from '../lib/native.js';
import { tmpDir } from './helpers.js';

export const QUIVER_OK = 0;
export const QUIVER_ERROR = 1;

/** The element entries of SIMPLE: rows 3 × cols 2, labels val1/val2, unit MW. */
export const SIMPLE_ELEMENT: ElementData = {
  version: '1',
  initial_datetime: '2025-01-01T00:00:00',
  unit: 'MW',
  dimensions: ['row', 'col'],
  dimension_sizes: [3, 2],
  labels: ['val1', 'val2'],
};

export const SIMPLE: BinaryMetadataInit = {
  initialDatetime: '2025-01-01T00:00:00',
  unit: 'MW',
  dimensions: [
    { name: 'row', size: 3 },
    { name: 'col', size: 2 },
  ],
  labels: ['val1', 'val2'],
};

/** stage (4, monthly) × block (31, daily) from 2025-01-01, labels plant_1/plant_2. */
export const TIME: BinaryMetadataInit = {
  initialDatetime: '2025-01-01T00:00:00',
  unit: 'MW',
  dimensions: [
    { name: 'stage', size: 4, frequency: 'monthly' },
    { name: 'block', size: 31, frequency: 'daily' },
  ],
  labels: ['plant_1', 'plant_2'],
};

/** day (3, daily) × hour (24, hourly) from 2025-01-01, label val. */
export const HOURLY: BinaryMetadataInit = {
  initialDatetime: '2025-01-01T00:00:00',
  unit: 'MW',
  dimensions: [
    { name: 'day', size: 3, frequency: 'daily' },
    { name: 'hour', size: 24, frequency: 'hourly' },
  ],
  labels: ['val'],
};

/** A fresh base path `<new tmp dir>/<name>`. */
export function basePath(name = 'data'): string {
  return path.join(tmpDir('quiverdb-binary-'), name);
}

/** The SIMPLE cells in file order, as [row, col]. */
export const SIMPLE_CELLS: readonly (readonly [number, number])[] = [
  [1, 1],
  [1, 2],
  [2, 1],
  [2, 2],
  [3, 1],
  [3, 2],
];

/** Writes a SIMPLE file at `p` where cell (r, c) label k (0-based) holds f(r, c, k). Returns `p`. */
export function fill(p: string, f: (r: number, c: number, k: number) => number, init: BinaryMetadataInit = SIMPLE): string {
  using file = BinaryFile.open(p, 'w', init);
  for (const [r, c] of SIMPLE_CELLS) file.write({ row: r, col: c }, [f(r, c, 0), f(r, c, 1)]);
  return p;
}

/** The 12 values of a SIMPLE-shaped file, (1,1,k0), (1,1,k1), (1,2,k0), … (NULLs as NaN). */
export function cells(p: string): number[] {
  using file = BinaryFile.open(p, 'r');
  return SIMPLE_CELLS.flatMap(([r, c]) => Array.from(file.read({ row: r, col: c }, true)));
}

/** `f` over the SIMPLE cells in the order of cells(). */
export function expected(f: (r: number, c: number, k: number) => number): number[] {
  return SIMPLE_CELLS.flatMap(([r, c]) => [f(r, c, 0), f(r, c, 1)]);
}

/** Runs `use` with the raw handle of a metadata object (closed afterwards). */
export function withRawMetadata<T>(md: BinaryMetadata, use: (h: ReturnType<typeof metadataHandle>) => T): T {
  try {
    return use(metadataHandle(md));
  } finally {
    md.close();
  }
}

export { binaryFileHandle, metadataHandle };

/** The last error text after a raw call that must fail. */
export function rawError(rc: number): string {
  expect(rc).toBe(QUIVER_ERROR);
  return native().quiver_get_last_error();
}
