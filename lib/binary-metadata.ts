// BinaryMetadata: owns one quiver_binary_metadata_t*, the description of a binary file (version,
// unit, initial date-time, labels, dimensions with optional time frequencies).

import { withElement, type ElementData } from './element.js';
import { check } from './check.js';
import { QuiverError } from './errors.js';
import {
  allocStruct,
  decodeDimension,
  decodeStringArray,
  native,
  releaseStruct,
  type OutPtr,
} from './native.js';
import { ownership, takeString } from './owned.js';
import { toInt64, toSafeNumber, type BinaryMetadataPtr } from './types.js';
import { dateTimeText, requireString, requireStringList } from './values.js';

/** Frequency of a time dimension, from the lowest to the highest (the C enum order). */
export type TimeFrequency = 'yearly' | 'monthly' | 'weekly' | 'daily' | 'hourly';

/** Every TimeFrequency, in the C enum order (QUIVER_TIME_FREQUENCY_YEARLY = 0 … HOURLY = 4). */
export const TIME_FREQUENCIES: readonly TimeFrequency[] = Object.freeze(['yearly', 'monthly', 'weekly', 'daily', 'hourly']);

/** One dimension as described by a BinaryMetadata. */
export interface Dimension {
  /** Name of the dimension, unique within the file. */
  name: string;
  /** Number of coordinates (1-based) along this dimension. */
  size: number;
  /** True for a dimension that counts time (it has a frequency). */
  isTimeDimension: boolean;
  /** Time dimensions only. */
  frequency?: TimeFrequency;
  /**
   * Time dimensions only: the 1-based coordinate of the initial date-time inside the parent period
   * (computed when the metadata comes from an object, TOML text or a file; 0 from the builders).
   */
  initialValue?: number;
  /** Time dimensions only: index of the enclosing time dimension, -1 for the outermost one. */
  parentDimensionIndex?: number;
}

/** A dimension to create: a time dimension when `frequency` is given. */
export interface DimensionInit {
  /** Name of the dimension, unique within the file. */
  name: string;
  /** Number of coordinates along this dimension (at least 1). */
  size: number;
  /** Makes it a time dimension stepping at this frequency. */
  frequency?: TimeFrequency;
}

/** What BinaryMetadata.from() takes. */
export interface BinaryMetadataInit {
  /** File format version; default '1' (the only one the library accepts). */
  version?: string;
  /** Unit of the values, free text; default ''. */
  unit?: string;
  /** Date-time of the first cell (`YYYY-MM-DDTHH:MM:SS`, UTC; a Date is taken in UTC). */
  initialDatetime: string | Date;
  /** The agents: one value per label in every cell, in this order. */
  labels: readonly string[];
  /** Dimensions in file order (the last one varies fastest); time dimensions in frequency order. */
  dimensions: readonly DimensionInit[];
}

/** A plain snapshot of a BinaryMetadata (toObject()). */
export interface BinaryMetadataInfo {
  /** File format version ('1'). */
  version: string;
  /** Unit of the values, free text. */
  unit: string;
  /** Date-time of the first cell, `YYYY-MM-DDTHH:MM:SS`. */
  initialDatetime: string;
  /** The agents, in file order. */
  labels: string[];
  /** Dimensions in file order. */
  dimensions: Dimension[];
}

const owned = ownership<BinaryMetadataPtr>('BinaryMetadata', (ptr) => native().quiver_binary_metadata_free(ptr));

const states = new WeakMap<BinaryMetadata, { ptr: BinaryMetadataPtr | null }>();

/**
 * The native handle of `md` for a C call. Call it after every other argument has been converted:
 * a conversion that runs user code (a getter) may close `md`.
 * @throws QuiverError (QUIVER_CLOSED) when `md` was closed, (QUIVER_INVALID_ARGUMENT) when it is not a BinaryMetadata.
 */
export function metadataHandle(md: BinaryMetadata): BinaryMetadataPtr {
  const state = states.get(md);
  if (!state) throw new QuiverError('Expected a BinaryMetadata', { code: 'QUIVER_INVALID_ARGUMENT' });
  return owned.live(state);
}

/** Wraps a handle the library just returned (the new BinaryMetadata owns it). */
export function adoptMetadata(ptr: BinaryMetadataPtr): BinaryMetadata {
  return new (BinaryMetadata as unknown as new (token: symbol, ptr: BinaryMetadataPtr) => BinaryMetadata)(INTERNAL, ptr);
}

const INTERNAL = Symbol('BinaryMetadata');

function newHandle(call: (out: [BinaryMetadataPtr | null]) => number): BinaryMetadata {
  const out: [BinaryMetadataPtr | null] = [null];
  check(call(out));
  return adoptMetadata(out[0]!);
}

function invalid(message: string): QuiverError {
  return new QuiverError(message, { code: 'QUIVER_INVALID_ARGUMENT' });
}

/** The element entries of quiver_binary_metadata_from_element for a BinaryMetadataInit. */
function initToElement(init: BinaryMetadataInit): ElementData {
  if (init === null || typeof init !== 'object') throw invalid('BinaryMetadata.from: expected an object');
  const dims: unknown = init.dimensions;
  if (!Array.isArray(dims)) throw invalid('BinaryMetadata.from: dimensions must be an array of { name, size, frequency? }');
  const names: string[] = [];
  const sizes: (number | bigint)[] = [];
  const timeNames: string[] = [];
  const frequencies: string[] = [];
  dims.forEach((d: unknown, i) => {
    if (d === null || typeof d !== 'object') throw invalid(`BinaryMetadata.from: dimension ${i} must be an object { name, size, frequency? }`);
    const { name, size, frequency } = d as DimensionInit;
    names.push(requireString(name, `dimension ${i} name`));
    sizes.push(toInt64(size, `dimension '${name}' size`));
    if (frequency !== undefined) {
      timeNames.push(name);
      frequencies.push(requireString(frequency, `dimension '${name}' frequency`));
    }
  });
  const data: ElementData = {
    version: requireString(init.version ?? '1', 'version'),
    unit: requireString(init.unit ?? '', 'unit'),
    // Missing → '' so that the library reports it ("Failed to parse initial_datetime: ").
    initial_datetime: init.initialDatetime === undefined ? '' : dateTimeText(init.initialDatetime, 'initialDatetime'),
    labels: requireStringList(init.labels, 'labels') as string[],
    dimensions: names,
    dimension_sizes: sizes,
  };
  // Optional arrays: left out when empty, as Quiver's own bindings do.
  if (timeNames.length > 0) {
    data.time_dimensions = timeNames;
    data.frequencies = frequencies;
  }
  return data;
}

/**
 * Metadata of a binary file: version, unit, initial date-time, labels (agents) and dimensions.
 *
 * Build one with {@link BinaryMetadata.from} (validated, time initial values computed),
 * {@link BinaryMetadata.fromToml}, {@link BinaryMetadata.fromElement}, or start empty with
 * {@link BinaryMetadata.create} and use the builder methods (not validated until toToml() or a
 * file is opened for writing with it). Owns a native handle: close() it, or use `using`; a
 * forgotten one is freed when garbage-collected.
 */
export class BinaryMetadata implements Disposable {
  readonly #state: { ptr: BinaryMetadataPtr | null };

  /** @internal Use the static factories. */
  private constructor(token: symbol, ptr: BinaryMetadataPtr) {
    if (token !== INTERNAL) throw invalid('BinaryMetadata has no public constructor: use BinaryMetadata.from(), fromToml() or create()');
    this.#state = owned.adopt(this, ptr);
    states.set(this, this.#state);
  }

  /**
   * Empty metadata for the builder methods: version '', unit '', initial date-time
   * 1970-01-01T00:00:00, no labels, no dimensions.
   * @returns a new BinaryMetadata.
   * @throws QuiverError when the library cannot allocate it.
   */
  static create(): BinaryMetadata {
    return newHandle((out) => native().quiver_binary_metadata_create(out));
  }

  /**
   * Validated metadata from an object. `version` defaults to '1' and `unit` to ''.
   * @returns a new BinaryMetadata whose time dimensions have their initial values computed.
   * @throws QuiverError with the library's message for invalid metadata (e.g.
   *   `Number of labels must be positive, got 0`, `Unknown frequency: Monthly`), or
   *   QUIVER_INVALID_ARGUMENT for arguments of the wrong JS type.
   */
  static from(init: BinaryMetadataInit): BinaryMetadata {
    return BinaryMetadata.fromElement(initToElement(init));
  }

  /**
   * Validated metadata from the entries Quiver's element form uses: `version`, `unit`,
   * `initial_datetime` (strings), `labels`, `dimensions`, `time_dimensions`, `frequencies`
   * (string arrays) and `dimension_sizes` (integer array).
   * @returns a new BinaryMetadata.
   * @throws QuiverError with the library's message (e.g. `Cannot from_element: missing array 'dimensions'`).
   */
  static fromElement(data: ElementData): BinaryMetadata {
    return withElement('BinaryMetadata.fromElement', data, (el) => newHandle((out) => native().quiver_binary_metadata_from_element(el, out)));
  }

  /**
   * Validated metadata parsed from the text of a `.toml` sidecar.
   * @returns a new BinaryMetadata.
   * @throws QuiverError with the library's message for a TOML syntax error or invalid metadata.
   */
  static fromToml(toml: string): BinaryMetadata {
    requireString(toml, 'toml');
    return newHandle((out) => native().quiver_binary_metadata_from_toml(toml, out));
  }

  #h(): BinaryMetadataPtr {
    return owned.live(this.#state);
  }

  /** Whether close() has been called. */
  get closed(): boolean {
    return this.#state.ptr === null;
  }

  /** Frees the native handle. Idempotent; every other method throws QUIVER_CLOSED afterwards. */
  close(): void {
    owned.release(this, this.#state);
  }

  /** Same as close(), for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  // ---- builders ---------------------------------------------------------------------------------

  /**
   * Replaces the unit.
   * @returns this, for chaining.
   * @throws QuiverError (QUIVER_CLOSED) on a closed metadata.
   */
  setUnit(unit: string): this {
    requireString(unit, 'unit');
    check(native().quiver_binary_metadata_set_unit(this.#h(), unit));
    return this;
  }

  /**
   * Replaces the version text (only '1' passes validation).
   * @returns this, for chaining.
   * @throws QuiverError (QUIVER_CLOSED) on a closed metadata.
   */
  setVersion(version: string): this {
    requireString(version, 'version');
    check(native().quiver_binary_metadata_set_version(this.#h(), version));
    return this;
  }

  /**
   * Replaces the initial date-time. Does not recompute the initial values of time dimensions.
   * @returns this, for chaining.
   * @throws QuiverError `Failed to parse initial_datetime: <text>` (the old value stays).
   */
  setInitialDatetime(dateTime: string | Date): this {
    const text = dateTimeText(dateTime, 'initialDatetime');
    check(native().quiver_binary_metadata_set_initial_datetime(this.#h(), text));
    return this;
  }

  /**
   * Replaces the labels (an empty list is allowed here and rejected by validation).
   * @returns this, for chaining.
   * @throws QuiverError `Cannot set_labels: null label at index <i>` for a null entry (nothing changes).
   */
  setLabels(labels: readonly (string | null)[]): this {
    const list = requireStringList(labels, 'labels', true);
    check(native().quiver_binary_metadata_set_labels(this.#h(), list, list.length));
    return this;
  }

  /**
   * Appends a dimension without time properties (checked later, by validation).
   * @returns this, for chaining.
   * @throws QuiverError (QUIVER_INVALID_ARGUMENT) for a size that is not an integer.
   */
  addDimension(name: string, size: number | bigint): this {
    requireString(name, 'name');
    const n = toInt64(size, 'size');
    check(native().quiver_binary_metadata_add_dimension(this.#h(), name, n));
    return this;
  }

  /**
   * Appends a time dimension; its parent is the last time dimension already present and its
   * initial value is 0 (round-trip through toToml()/fromToml() to compute it).
   * @returns this, for chaining.
   * @throws QuiverError `Unknown frequency: <frequency>` (nothing appended).
   */
  addTimeDimension(name: string, size: number | bigint, frequency: TimeFrequency): this {
    requireString(name, 'name');
    const n = toInt64(size, 'size');
    requireString(frequency, 'frequency');
    check(native().quiver_binary_metadata_add_time_dimension(this.#h(), name, n, frequency));
    return this;
  }

  // ---- getters ----------------------------------------------------------------------------------

  /** The unit text. @throws QuiverError (QUIVER_CLOSED) on a closed metadata. */
  get unit(): string {
    const h = this.#h();
    const lib = native();
    return takeString((out) => lib.quiver_binary_metadata_get_unit(h, out), lib.quiver_binary_metadata_free_string);
  }

  /** The version text ('' on fresh metadata). @throws QuiverError (QUIVER_CLOSED) on a closed metadata. */
  get version(): string {
    const h = this.#h();
    const lib = native();
    return takeString((out) => lib.quiver_binary_metadata_get_version(h, out), lib.quiver_binary_metadata_free_string);
  }

  /** The initial date-time as `YYYY-MM-DDTHH:MM:SS` (UTC). @throws QuiverError (QUIVER_CLOSED) on a closed metadata. */
  get initialDatetime(): string {
    const h = this.#h();
    const lib = native();
    return takeString((out) => lib.quiver_binary_metadata_get_initial_datetime(h, out), lib.quiver_binary_metadata_free_string);
  }

  /** The labels, in order. @throws QuiverError (QUIVER_CLOSED) on a closed metadata. */
  get labels(): string[] {
    const lib = native();
    const out: OutPtr = [null];
    const count: [number] = [0];
    check(lib.quiver_binary_metadata_get_labels(this.#h(), out, count));
    try {
      return decodeStringArray(out[0], count[0]) as string[];
    } finally {
      lib.quiver_binary_metadata_free_string_array(out[0], count[0]);
    }
  }

  /** How many dimensions carry time properties. @throws QuiverError (QUIVER_CLOSED) on a closed metadata. */
  get numberOfTimeDimensions(): number {
    const out: [number | bigint] = [0];
    check(native().quiver_binary_metadata_get_number_of_time_dimensions(this.#h(), out));
    return toSafeNumber(out[0]);
  }

  /** How many dimensions there are. @throws QuiverError (QUIVER_CLOSED) on a closed metadata. */
  get dimensionCount(): number {
    const out: [number] = [0];
    check(native().quiver_binary_metadata_get_dimension_count(this.#h(), out));
    return Number(out[0]);
  }

  /**
   * One dimension by 0-based index.
   * @returns its name, size and, for a time dimension, frequency, initial value and parent index.
   * @throws QuiverError `Cannot get_dimension: index out of range`.
   */
  dimension(index: number): Dimension {
    const i = toInt64(index, 'index');
    if (typeof i === 'number' && i < 0) throw invalid(`Expected a non-negative index, got ${i}`);
    const h = this.#h();
    const lib = native();
    const mem = allocStruct('quiver_dimension_t');
    try {
      check(lib.quiver_binary_metadata_get_dimension(h, i, mem));
      const d = decodeDimension(mem);
      lib.quiver_binary_metadata_free_dimension(mem);
      const dim: Dimension = { name: d.name ?? '', size: toSafeNumber(d.size), isTimeDimension: d.is_time_dimension !== 0 };
      if (dim.isTimeDimension) {
        const t = d.time_properties;
        dim.frequency = TIME_FREQUENCIES[t.frequency];
        dim.initialValue = toSafeNumber(t.initial_value);
        dim.parentDimensionIndex = toSafeNumber(t.parent_dimension_index);
      }
      return dim;
    } finally {
      releaseStruct(mem);
    }
  }

  /** Every dimension, in file order. @throws QuiverError (QUIVER_CLOSED) on a closed metadata. */
  get dimensions(): Dimension[] {
    const n = this.dimensionCount;
    const out: Dimension[] = [];
    for (let i = 0; i < n; i++) out.push(this.dimension(i));
    return out;
  }

  /**
   * Validates and writes the `.toml` sidecar text (keys sorted, no trailing newline).
   * @returns the TOML text.
   * @throws QuiverError with the first validation failure (e.g. `Incompatible file version: expected 1, got `).
   */
  toToml(): string {
    const h = this.#h();
    const lib = native();
    return takeString((out) => lib.quiver_binary_metadata_to_toml(h, out), lib.quiver_binary_metadata_free_string);
  }

  /**
   * A plain-object snapshot (not validated).
   * @returns version, unit, initialDatetime, labels and dimensions.
   * @throws QuiverError (QUIVER_CLOSED) on a closed metadata.
   */
  toObject(): BinaryMetadataInfo {
    return {
      version: this.version,
      unit: this.unit,
      initialDatetime: this.initialDatetime,
      labels: this.labels,
      dimensions: this.dimensions,
    };
  }

  /** The snapshot of toObject(), for JSON.stringify. */
  toJSON(): BinaryMetadataInfo {
    return this.toObject();
  }
}

/**
 * `metadata` as a handle for one call: a BinaryMetadata is used as is, an init object becomes a
 * temporary BinaryMetadata that is freed after `use`.
 */
export function withMetadata<T>(metadata: BinaryMetadata | BinaryMetadataInit, use: (md: BinaryMetadata) => T): T {
  if (metadata instanceof BinaryMetadata) return use(metadata);
  const md = BinaryMetadata.from(metadata);
  try {
    return use(md);
  } finally {
    md.close();
  }
}
