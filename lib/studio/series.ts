// One element's time-series group in the compact binary form the browser plots from: the date-times
// as seconds since 1970 (UTC) and every numeric column as float64, with no per-value JSON. A million
// rows are 8 MB per column and need no parsing on the other side.
//
// Layout: uint32 LE header length | header JSON (UTF-8) | zero padding to a multiple of 8 |
// float64 LE blocks of `rows` values: x first, then each column whose encoding is 'f64', in header
// order. NULL is NaN. Text columns travel in the header.

import type { Column, Columns, GroupMetadata } from '../index.js';
import { columnType, type ColumnType } from './study.js';

/** A column of an encoded series. */
export interface SeriesColumn {
  /** Column name. */
  name: string;
  /** Its type. */
  type: ColumnType;
  /** An extra dimension (part of the primary key besides id and the date-time). */
  key: boolean;
  /** 'f64': a float64 block; 'text': an array in the header's `text`. */
  encoding: 'f64' | 'text';
  /** Whether the column has NULLs (NaN in its block). */
  nulls: boolean;
}

/** The JSON header of an encoded series. */
export interface SeriesHeader {
  /** Group name. */
  group: string;
  /** The date-time dimension column. */
  dimension: string;
  /** Number of rows. */
  rows: number;
  /** 'time': x is seconds since 1970 UTC; 'index': some date-time did not parse, x is the row number. */
  x: 'time' | 'index';
  /** Value columns in declaration order. */
  columns: SeriesColumn[];
  /** Text columns by name (and the raw date-times when `x` is 'index'). */
  text: Record<string, (string | null)[]>;
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = digit(s, i);
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// Other ISO 8601 forms (fractions, offsets) go through Date.parse; V8 would also "parse" free text.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?([zZ]|[+-]\d{2}:?\d{2})?$/;

/**
 * Seconds since 1970 (UTC) of a stored date-time: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS` (or a space
 * for the T) read without Date objects, being the million-row hot path; other ISO 8601 forms
 * through Date.parse, as UTC unless they carry an offset. NaN when it is not an ISO date.
 */
export function parseDateTime(s: string): number {
  if ((s.length === 10 || s.length === 19) && s[4] === '-' && s[7] === '-') {
    const days = daysFromCivil(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
    if (s.length === 10) return days * 86400;
    if ((s[10] === 'T' || s[10] === ' ') && s[13] === ':' && s[16] === ':') {
      return days * 86400 + digits(s, 11, 2) * 3600 + digits(s, 14, 2) * 60 + digits(s, 17, 2);
    }
  }
  const match = ISO_DATE_TIME.exec(s);
  if (!match) return NaN;
  const ms = Date.parse(match[4] ? s.replace(' ', 'T') : `${s.replace(' ', 'T')}${match[1] ? '' : 'T00:00:00'}Z`);
  return Number.isNaN(ms) ? NaN : ms / 1000;
}

function fillNumbers(target: Float64Array, column: Column): boolean {
  if (column instanceof Float64Array) {
    target.set(column);
    return false;
  }
  let nulls = false;
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (typeof v === 'number') target[i] = v;
    else {
      target[i] = NaN;
      nulls = true;
    }
  }
  return nulls;
}

/** Encodes one element's rows of `group` (as readTimeSeriesGroup returns them). */
export function encodeSeries(group: GroupMetadata, data: Columns): Buffer {
  const dimension = group.dimensionColumn ?? 'date_time';
  const dates = (data[dimension] ?? []) as (string | null)[];
  const rows = dates.length;
  const columns: SeriesColumn[] = group.valueColumns.map((c) => {
    const type = columnType(c.dataType);
    const numeric = type === 'integer' || type === 'float';
    return { name: c.name, type, key: c.primaryKey, encoding: numeric ? 'f64' : 'text', nulls: false };
  });
  const text: Record<string, (string | null)[]> = {};
  for (const c of columns) if (c.encoding === 'text') text[c.name] = Array.from((data[c.name] ?? []) as ArrayLike<string | null>);

  const numeric = columns.filter((c) => c.encoding === 'f64');
  const blocks = 1 + numeric.length;
  // The header is finished after the blocks are filled (the null flags), so size the blocks first.
  const values = new Float64Array(blocks * rows);
  const x = values.subarray(0, rows);
  let timed = true;
  for (let i = 0; i < rows; i++) {
    const t = parseDateTime(dates[i] ?? '');
    if (Number.isNaN(t)) {
      timed = false;
      break;
    }
    x[i] = t;
  }
  if (!timed) {
    for (let i = 0; i < rows; i++) x[i] = i;
    text[dimension] = dates;
  }
  numeric.forEach((c, k) => {
    c.nulls = fillNumbers(values.subarray((k + 1) * rows, (k + 2) * rows), data[c.name] ?? []);
  });

  const header: SeriesHeader = { group: group.groupName, dimension, rows, x: timed ? 'time' : 'index', columns, text };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = Math.ceil((4 + json.length) / 8) * 8;
  const out = Buffer.alloc(start + values.byteLength);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  // Float64Array uses the platform's byte order; every platform Node and browsers run on is little-endian.
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), start);
  return out;
}
