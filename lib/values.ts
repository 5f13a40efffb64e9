// Conversions of JS values into the forms the C API stores.

import { QuiverError } from './errors.js';

/**
 * A Date as Quiver's date-time text, `YYYY-MM-DDTHH:MM:SS` in UTC (DATE_TIME values are ISO 8601
 * text without zone or fraction, by convention). UTC so the text does not depend on the machine.
 */
export function formatDateTime(date: Date): string {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new QuiverError('Invalid Date given as a date-time value', { code: 'QUIVER_INVALID_ARGUMENT' });
  // toISOString writes other years as +010000 / -000001, which is no date-time text.
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) {
    throw new QuiverError(`Date out of range for a date-time value: year ${year} (dates must lie within years 0000 to 9999)`, {
      code: 'QUIVER_INVALID_ARGUMENT',
    });
  }
  return date.toISOString().slice(0, 19);
}

/** A date-time argument given as text or Date. */
export function dateTimeText(value: string | Date, what: string): string {
  if (value instanceof Date) return formatDateTime(value);
  if (typeof value === 'string') return value;
  throw new QuiverError(`Expected a string or Date for ${what}, got ${value === null ? 'null' : typeof value}`, {
    code: 'QUIVER_INVALID_ARGUMENT',
  });
}

/** Checks a string argument before it reaches C (koffi would otherwise throw its own TypeError). */
export function requireString(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  throw new QuiverError(`Expected a string for ${what}, got ${value === null ? 'null' : typeof value}`, {
    code: 'QUIVER_INVALID_ARGUMENT',
  });
}

/**
 * Checks a list of names before it reaches C as a `const char **`: an array of strings without NUL
 * characters (C would see a shorter name); with `allowNull`, null entries pass for the library to
 * report. Returns a copy, so later changes to the caller's array cannot reach the call.
 */
export function requireStringList(value: unknown, what: string, allowNull = false): (string | null)[] {
  if (!Array.isArray(value)) {
    throw new QuiverError(`Expected an array of strings for ${what}, got ${value === null ? 'null' : typeof value}`, {
      code: 'QUIVER_INVALID_ARGUMENT',
    });
  }
  const out: (string | null)[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (typeof v === 'string' && !v.includes('\0')) out[i] = v;
    else if (v === null && allowNull) out[i] = null;
    else {
      const got = typeof v === 'string' ? 'a string with a NUL character' : v === null ? 'null' : typeof v;
      throw new QuiverError(`Expected a string for ${what} at index ${i}, got ${got}`, { code: 'QUIVER_INVALID_ARGUMENT' });
    }
  }
  return out;
}
