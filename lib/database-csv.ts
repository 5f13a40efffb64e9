// CSV export and import of a collection's scalars or one of its groups.

import { check } from './check.js';
import { QuiverError } from './errors.js';
import { native, type CsvOptionsStruct } from './native.js';
import { toInt64Big, type DatabaseRef } from './types.js';

/** Options of {@link Database.exportCsv} and {@link Database.importCsv}. */
export interface CsvOptions {
  /**
   * strftime pattern of date-time cells (e.g. `%d/%m/%Y`). Export writes stored dates in it (text
   * that does not parse as a date stays as stored); import parses cells with it and stores
   * `YYYY-MM-DDTHH:MM:SS`. Default: export writes dates as stored, import accepts
   * `YYYY-MM-DDTHH:MM:SS` or `YYYY-MM-DD HH:MM:SS`.
   */
  dateTimeFormat?: string;
  /**
   * Enum labels of integer attributes: `{ attribute: { locale: { label: value } } }`. Export writes
   * a label instead of each integer that has one; import accepts a label (any case, any locale)
   * where an integer is expected.
   */
  enumLabels?: Record<string, Record<string, Record<string, number | bigint>>>;
}

export function encodeOptions(op: string, options: CsvOptions | undefined): CsvOptionsStruct {
  const attrs: string[] = [];
  const locales: string[] = [];
  const counts: number[] = [];
  const labels: string[] = [];
  const values: bigint[] = [];
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new QuiverError(`${op}: options must be an object`, { code: 'QUIVER_INVALID_ARGUMENT' });
  }
  const fmt = options?.dateTimeFormat ?? '';
  if (typeof fmt !== 'string') throw new QuiverError(`${op}: dateTimeFormat must be a string`, { code: 'QUIVER_INVALID_ARGUMENT' });
  for (const [attribute, byLocale] of Object.entries(options?.enumLabels ?? {})) {
    for (const [locale, entries] of Object.entries(byLocale ?? {})) {
      const pairs = Object.entries(entries ?? {});
      attrs.push(attribute);
      locales.push(locale);
      counts.push(pairs.length);
      for (const [label, value] of pairs) {
        labels.push(label);
        values.push(toInt64Big(value, `enum value of '${attribute}' label '${label}'`));
      }
    }
  }
  const any = attrs.length > 0;
  return {
    date_time_format: fmt,
    enum_attribute_names: any ? attrs : null,
    enum_locale_names: any ? locales : null,
    enum_entry_counts: any ? counts : null,
    enum_labels: labels.length > 0 ? labels : null,
    enum_values: values.length > 0 ? BigInt64Array.from(values) : null,
    enum_group_count: attrs.length,
  };
}

/** Writes `collection`'s scalars (group '') or one group to `path`, streaming row by row. */
export function exportCsv(h: DatabaseRef, collection: string, group: string, path: string, options?: CsvOptions): void {
  const encoded = encodeOptions('exportCsv', options);
  check(native().quiver_database_export_csv(h(), collection, group, path, encoded));
}

/** Reads `path` into `collection` (group '') or one group; all or nothing. */
export function importCsv(h: DatabaseRef, collection: string, group: string, path: string, options?: CsvOptions): void {
  const encoded = encodeOptions('importCsv', options);
  check(native().quiver_database_import_csv(h(), collection, group, path, encoded));
}
