// Conversion between a binary file (`<path>.qvr` + `<path>.toml`) and `<path>.csv`.

import { check } from './check.js';
import { QuiverError } from './errors.js';
import { native } from './native.js';
import { requireString } from './values.js';

/** Options of binToCsv(). */
export interface BinToCsvOptions {
  /**
   * Replace the time dimensions by one leading `date` column (`datetime` when a dimension is
   * hourly) holding each cell's date-time. Default true, as in Quiver's own bindings; no effect
   * on a file without time dimensions.
   */
  aggregateTimeDimensions?: boolean;
}

/**
 * Writes `<path>.csv` from the binary file at base path `path`: a header (dimension columns, then
 * the labels), then one line per cell in file order; NULL values are written `null`, numbers with
 * 6 significant digits.
 * @throws QuiverError with the library's message: `File not found: <path>`, metadata errors,
 *   `Cannot open_file: file is already open for writing: <path>`; QUIVER_INVALID_ARGUMENT for
 *   arguments of the wrong JS type.
 */
export function binToCsv(path: string, options: BinToCsvOptions = {}): void {
  requireString(path, 'path');
  if (options === null || typeof options !== 'object') {
    throw new QuiverError('binToCsv: options must be an object', { code: 'QUIVER_INVALID_ARGUMENT' });
  }
  const aggregate = options.aggregateTimeDimensions ?? true;
  check(native().quiver_csv_converter_bin_to_csv(path, aggregate ? 1 : 0));
}

/**
 * Writes `<path>.qvr` (and rewrites `<path>.toml`) from `<path>.csv` and the metadata in
 * `<path>.toml`; the CSV must have the layout binToCsv() writes (either time form).
 * @throws QuiverError with the library's message: `Metadata file not found: <path>.toml`,
 *   `Unexpected header in CSV file: …`, `CSV header has <n> columns, expected <m>`,
 *   `CSV dimension '<column>' has value '<text>', expected '<expected>'`, `stod`.
 */
export function csvToBin(path: string): void {
  requireString(path, 'path');
  check(native().quiver_csv_converter_csv_to_bin(path));
}
