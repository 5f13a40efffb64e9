// CSV export and import of a collection's scalars or one of its groups (spec 30 §4-§6).

import { check, QuiverError } from './errors.js';
import { native, type CsvOptionsStruct } from './native.js';
import { toInt64Big, type DatabaseRef } from './types.js';

export interface CsvOptions {
  /** strftime pattern for date-time columns (e.g. `%d/%m/%Y`); default: dates as stored. */
  dateTimeFormat?: string;
  /** Enum labels: `{ attribute: { locale: { label: value } } }`. Exported integers become labels. */
  enumLabels?: Record<string, Record<string, Record<string, number | bigint>>>;
}

function encodeOptions(op: string, options: CsvOptions | undefined): CsvOptionsStruct {
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
