// Decoding the server's binary time series (lib/studio/series.ts describes the layout) and shaping
// it for a plot: one line per numeric column, or, for a group with extra dimensions (a segment, a
// block…), one line per column and combination of those dimensions.

import type { SeriesColumn, SeriesHeader } from './api.js';

/** A decoded time series: x plus every column, numbers as float64 views (NaN for NULL). */
export interface Series {
  /** The reply's header (rows, columns, text columns). */
  header: SeriesHeader;
  /** Seconds since 1970 UTC, or row numbers when the date-times did not parse. */
  x: Float64Array;
  /** Numeric columns (views into the reply, no copy). */
  numbers: Map<string, Float64Array>;
}

/** A line of a plot. */
export interface Line {
  /** Legend text. */
  label: string;
  /** One value per x (null: a gap). */
  values: Float64Array | (number | null)[];
}

/** Reads the reply of /api/collections/:c/elements/:id/time-series/:group. */
export function decodeSeries(buffer: ArrayBuffer): Series {
  const length = new DataView(buffer).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length))) as SeriesHeader;
  const start = Math.ceil((4 + length) / 8) * 8;
  const n = header.rows;
  const x = new Float64Array(buffer, start, n);
  const numbers = new Map<string, Float64Array>();
  let block = 1;
  for (const c of header.columns) {
    if (c.encoding === 'f64') numbers.set(c.name, new Float64Array(buffer, start + 8 * n * block++, n));
  }
  return { header, x, numbers };
}

function withGaps(values: Float64Array): (number | null)[] {
  return Array.from(values, (v) => (Number.isNaN(v) ? null : v));
}

function keyText(series: Series, keys: SeriesColumn[], row: number): string {
  return keys.map((k) => `${k.name}=${k.encoding === 'f64' ? series.numbers.get(k.name)![row] : series.header.text[k.name]![row]}`).join(', ');
}

/** The plot's x values and lines. NULLs become gaps; only columns with NULLs are copied. */
export function plotLines(series: Series): { x: Float64Array; lines: Line[] } {
  const value = series.header.columns.filter((c) => c.encoding === 'f64' && !c.key);
  const keys = series.header.columns.filter((c) => c.key);
  if (keys.length === 0) {
    const lines = value.map((c) => {
      const v = series.numbers.get(c.name)!;
      return { label: c.name, values: c.nulls ? withGaps(v) : v };
    });
    return { x: series.x, lines };
  }
  // Extra dimensions: distinct x in order, one line per (column, key combination).
  const xs = Array.from(new Set(series.x)).sort((a, b) => a - b);
  const position = new Map(xs.map((v, i) => [v, i]));
  const lines = new Map<string, (number | null)[]>();
  for (let row = 0; row < series.header.rows; row++) {
    const key = keyText(series, keys, row);
    const at = position.get(series.x[row]!)!;
    for (const c of value) {
      const label = `${c.name} (${key})`;
      let line = lines.get(label);
      if (!line) lines.set(label, (line = new Array<number | null>(xs.length).fill(null)));
      const v = series.numbers.get(c.name)![row]!;
      line[at] = Number.isNaN(v) ? null : v;
    }
  }
  return { x: Float64Array.from(xs), lines: [...lines].map(([label, values]) => ({ label, values })) };
}

/** The dimension's text at `row`: the stored date-time (UTC) or, for unparsed ones, the raw text. */
export function dimensionText(series: Series, row: number): string {
  if (series.header.x === 'index') return series.header.text[series.header.dimension]?.[row] ?? '';
  return new Date(series.x[row]! * 1000).toISOString().slice(0, 19);
}
