// Database: owns one quiver_database_t*. Methods are thin: they check the handle and hand it to the
// area modules (database-read.ts, database-write.ts, ...), which do the conversions.

import type { Columns, ColumnsInput } from './columns.js';
import * as csv from './database-csv.js';
import * as meta from './database-metadata.js';
import * as q from './database-query.js';
import * as rd from './database-read.js';
import * as ts from './database-time-series.js';
import * as wr from './database-write.js';
import type { ElementData } from './element.js';
import type { ElementColumns, ElementRows } from './database-write.js';
import { check } from './check.js';
import { QuiverError } from './errors.js';
import { native, type DatabaseOptionsStruct } from './native.js';
import { assertIdle, type AsyncOptions, type PendingOp } from './async-progress.js';
import * as asy from './database-async.js';
import { LogLevel, toSafeNumber, type DatabasePtr, type DatabaseRef } from './types.js';
import { requireString } from './values.js';
import type {
  CollectionName,
  CreateData,
  CsvGroupName,
  FilesCollectionName,
  FilesColumnName,
  FilesRead,
  FilesWrite,
  GroupRead,
  GroupsRow,
  GroupWrite,
  ScalarName,
  ScalarRow,
  ScalarValues,
  SetColumnName,
  SetGroup,
  SetGroupName,
  SetGroups,
  StudySchema,
  TimeSeriesAttributeName,
  TimeSeriesGroup,
  TimeSeriesGroupName,
  TimeSeriesRowRead,
  TimeSeriesRowWrite,
  UntypedStudy,
  UpdateData,
  VectorColumnName,
  VectorGroup,
  VectorGroupName,
  VectorGroups,
} from './typed/schema-types.js';

/** Options of {@link Database.open}, {@link Database.fromSchema} and {@link Database.fromMigrations}. */
export interface DatabaseOptions {
  /** Open without write access (writes fail with SQLite's read-only error). */
  readOnly?: boolean;
  /** Console log level of the library (LogLevel.Debug … LogLevel.Off); default LogLevel.Info. */
  consoleLevel?: LogLevel;
  /**
   * How long a call waits for another connection's lock before failing with "database is locked";
   * default 5000 ms, 0 fails at once. Applies from the end of the open (fromSchema/fromMigrations
   * apply their scripts under the default).
   */
  busyTimeoutMs?: number;
}

/** A native object that depends on a Database (a LuaRunner): freed before its Database. */
export interface ChildState {
  /** Frees the native object; idempotent, never throws. */
  release(): void;
}

/** Native state of a Database, kept apart from the wrapper so the finalizer never holds the wrapper. */
export interface DatabaseState {
  ptr: DatabasePtr | null;
  readonly children: Set<ChildState>;
  /** The *Async operation running on the handle (pool thread), or null: no other call may use it meanwhile. */
  busy: PendingOp | null;
}

function releaseDatabase(state: DatabaseState): boolean {
  const ptr = state.ptr;
  if (ptr === null) return false;
  state.ptr = null; // before the C call: a throw below must not leave a dangling pointer behind
  const children = [...state.children];
  state.children.clear();
  const free = (): void => {
    for (const child of children) child.release();
    native().quiver_database_close(ptr);
  };
  // A pool thread is using the handle: stop its operation and free everything once it returned.
  const op = state.busy;
  if (op !== null) {
    op.after(free);
    op.cancel('the Database was closed');
  } else {
    free();
  }
  return true;
}

const registry = new FinalizationRegistry<DatabaseState>((state) => {
  try {
    if (releaseDatabase(state)) {
      process.emitWarning('A quiverdb Database was garbage-collected without close(); it has been closed.', {
        code: 'QUIVER_UNCLOSED_DATABASE',
      });
    }
  } catch {
    // A throw from a finalizer would kill the process; there is no one to report to.
  }
});

const states = new WeakMap<object, DatabaseState>();

/** The native state of `db` (for LuaRunner, which registers itself as a child). */
export function databaseState(db: Database): DatabaseState {
  const state = states.get(db);
  if (!state) throw new QuiverError('Expected a Database', { code: 'QUIVER_INVALID_ARGUMENT' });
  return state;
}

function encodeOptions(options: DatabaseOptions | undefined): DatabaseOptionsStruct {
  const base = native().quiver_database_options_default();
  if (options === undefined) return base;
  if (options === null || typeof options !== 'object') {
    throw new QuiverError('Database options must be an object', { code: 'QUIVER_INVALID_ARGUMENT' });
  }
  const level = options.consoleLevel ?? base.console_level;
  if (!Number.isInteger(level) || level < LogLevel.Debug || level > LogLevel.Off) {
    throw new QuiverError(`Invalid consoleLevel ${String(level)}: expected LogLevel.Debug (0) to LogLevel.Off (4)`, {
      code: 'QUIVER_INVALID_ARGUMENT',
    });
  }
  return { read_only: options.readOnly ? 1 : 0, console_level: level };
}

function busyTimeoutOption(options: DatabaseOptions | undefined): number | undefined {
  const ms = options?.busyTimeoutMs;
  if (ms === undefined) return undefined;
  if (!Number.isInteger(ms) || ms < 0 || ms > 2147483647) {
    throw new QuiverError(`Invalid busyTimeoutMs ${String(ms)}: expected an integer from 0 to 2147483647`, {
      code: 'QUIVER_INVALID_ARGUMENT',
    });
  }
  return ms;
}

type Opener = (options: DatabaseOptionsStruct, out: [DatabasePtr | null]) => number;

/**
 * An open Quiver database: one SQLite file (or `':memory:'`) whose tables follow Quiver's schema
 * conventions (collections, and their vector, set and time-series group tables). Get one from
 * {@link Database.open}, {@link Database.fromSchema} or {@link Database.fromMigrations}; release it
 * with {@link Database.close} or a `using` declaration. A Database dropped without closing is
 * closed by a finalizer, with a `QUIVER_UNCLOSED_DATABASE` process warning.
 *
 * Every method throws {@link QuiverError}; its `code` tells the kind of failure:
 * - `QUIVER_CLOSED`: the database was closed;
 * - `QUIVER_INVALID_ARGUMENT`: a JS argument of the wrong kind, caught before the library is called;
 * - `QUIVER_INTEGER_RANGE`: an integer that does not fit (an unsafe `number` in, or a stored
 *   integer beyond ±(2^53 − 1) read out);
 * - `QUIVER_ERROR`: the library refused the call; `message` is its text, for example
 *   `Cannot create_element: collection not found: Nope`.
 *
 * Collection, attribute and group names are case-sensitive and are checked against the schema
 * before any SQL is built. Calls that need the schema model load and validate it on first use.
 *
 * @example
 * ```ts
 * using db = Database.fromSchema('study.db', 'schema.sql', { consoleLevel: LogLevel.Warn });
 * const id = db.createElement('Plant', { label: 'Coal 1', capacity_mw: 450 });
 * db.readScalarFloatById('Plant', 'capacity_mw', id); // 450
 * ```
 *
 * With a schema type from `quiver types` (`Database.fromSchema<Schema>(…)`), the compiler checks
 * collection, attribute and group names and the values of every call against the study's schema;
 * without one, names are plain strings.
 *
 * @typeParam S the study's schema (the generated `Schema` interface); {@link UntypedStudy} by default
 */
export class Database<S extends StudySchema<S> = UntypedStudy> implements Disposable {
  readonly #state: DatabaseState;
  // For methods that convert objects, arrays or options: they fetch the handle only afterwards.
  readonly #ref: DatabaseRef = () => this.#h();
  // dryRun(fn) calls running: the dry run is theirs, and endDryRun() inside fn must not end it.
  #dryRunScopes = 0;

  private constructor(ptr: DatabasePtr) {
    this.#state = { ptr, children: new Set(), busy: null };
    states.set(this, this.#state);
    registry.register(this, this.#state, this);
  }

  static #create(options: DatabaseOptions | undefined, open: Opener): Database {
    const out: [DatabasePtr | null] = [null];
    const busyTimeoutMs = busyTimeoutOption(options);
    check(open(encodeOptions(options), out));
    const db = new Database(out[0]!);
    if (busyTimeoutMs !== undefined) {
      try {
        check(native().quiver_database_set_busy_timeout(out[0]!, busyTimeoutMs));
      } catch (err) {
        db.close();
        throw err;
      }
    }
    return db;
  }

  /**
   * Opens a database file, creating an empty one when it does not exist (unless `readOnly`);
   * `':memory:'` opens a private in-memory database. The schema is not read here: it is loaded and
   * validated by the first call that needs it, and a schema error is reported by that call.
   *
   * @param path file path, or `':memory:'`
   * @param options read-only mode and console log level
   * @returns the open database
   * @throws {@link QuiverError} `Failed to open database: …` when SQLite cannot open the file (for
   * example a read-only open of a missing file); `QUIVER_INVALID_ARGUMENT` for a non-string path or
   * invalid options.
   * @typeParam T the study's `Schema` from `quiver types` (names and values checked against it)
   */
  static open<T extends StudySchema<T> = UntypedStudy>(path: string, options?: DatabaseOptions): Database<T>;
  static open(path: string, options?: DatabaseOptions): Database {
    requireString(path, 'path');
    return Database.#create(options, (o, out) => native().quiver_database_open(path, o, out));
  }

  /**
   * Creates a database from a schema file: an existing file at `dbPath` is deleted first (as Quiver
   * 0.10 does), the schema SQL runs in one transaction, and the result must pass Quiver's schema
   * validation; on any failure nothing is kept.
   *
   * @param dbPath the database file to create, or `':memory:'`
   * @param schemaPath a file of SQL `CREATE TABLE` statements
   * @param options console log level (`readOnly` is refused)
   * @returns the open database, its schema model loaded
   * @throws {@link QuiverError} when `options.readOnly` is set, the schema file is missing or empty,
   * its SQL fails (`Failed to execute SQL: …`), or the schema breaks a convention
   * (`Failed to validate schema: …`).
   * @typeParam T the study's `Schema` from `quiver types` (names and values checked against it)
   */
  static fromSchema<T extends StudySchema<T> = UntypedStudy>(dbPath: string, schemaPath: string, options?: DatabaseOptions): Database<T>;
  static fromSchema(dbPath: string, schemaPath: string, options?: DatabaseOptions): Database {
    requireString(dbPath, 'dbPath');
    requireString(schemaPath, 'schemaPath');
    return Database.#create(options, (o, out) => native().quiver_database_from_schema(dbPath, schemaPath, o, out));
  }

  /**
   * Opens or creates `dbPath` and brings it to the newest version of a migrations folder: every
   * sub-folder named by a positive integer greater than the database's current version holds an
   * `up.sql`, applied in numeric order, each in its own transaction; other entries are ignored. When
   * something was applied the schema is validated right away, otherwise on first use.
   *
   * @param dbPath the database file, or `':memory:'`
   * @param migrationsPath the folder of numbered migrations
   * @param options console log level (`readOnly` is refused)
   * @returns the open database at the newest version
   * @throws {@link QuiverError} when the folder is missing, a migration has no `up.sql`, a migration
   * fails (it is rolled back; earlier ones stay applied), or validation fails afterwards (the applied
   * migrations stay, as Quiver 0.10 does).
   * @typeParam T the study's `Schema` from `quiver types` (names and values checked against it)
   */
  static fromMigrations<T extends StudySchema<T> = UntypedStudy>(dbPath: string, migrationsPath: string, options?: DatabaseOptions): Database<T>;
  static fromMigrations(dbPath: string, migrationsPath: string, options?: DatabaseOptions): Database {
    requireString(dbPath, 'dbPath');
    requireString(migrationsPath, 'migrationsPath');
    return Database.#create(options, (o, out) => native().quiver_database_from_migrations(dbPath, migrationsPath, o, out));
  }

  /**
   * For methods that convert objects, arrays or options: checks now that the Database is open, and
   * returns the getter they call for the handle once their arguments are converted.
   */
  #open(): DatabaseRef {
    this.#h();
    return this.#ref;
  }

  /** The native handle; throws on a closed Database. */
  #h(): DatabasePtr {
    const ptr = this.#state.ptr;
    if (ptr === null) throw new QuiverError('Database is closed', { code: 'QUIVER_CLOSED' });
    if (this.#state.busy !== null) assertIdle(this.#state);
    return ptr;
  }

  /**
   * Closes the database and every {@link LuaRunner} created on it; an open transaction or dry run is
   * discarded. Idempotent, and never throws. During an *Async operation the Database counts as
   * closed at once: the operation is aborted (its Promise rejects with `QUIVER_ABORTED`, having
   * changed nothing) and the native handle is freed as soon as the worker thread has let go of it.
   */
  close(): void {
    registry.unregister(this);
    releaseDatabase(this.#state);
  }

  /** Same as {@link Database.close}, for `using` declarations. Never throws. */
  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * Whether {@link Database.close} has been called.
   *
   * @returns `true` once the database is closed
   */
  get closed(): boolean {
    return this.#state.ptr === null;
  }

  // ---- Lifecycle and introspection ------------------------------------------------------------

  /**
   * Whether the handle holds an open SQLite connection (always `true` for an open database).
   *
   * @returns `true` while open
   * @throws {@link QuiverError} `QUIVER_CLOSED` after close.
   */
  isHealthy(): boolean {
    const out: [number] = [0];
    check(native().quiver_database_is_healthy(this.#h(), out));
    return out[0] !== 0;
  }

  /**
   * The path the database was opened with, exactly as given (`':memory:'` for in-memory).
   *
   * @returns the path
   * @throws {@link QuiverError} `QUIVER_CLOSED` after close.
   */
  path(): string {
    const out: [string | null] = [null];
    check(native().quiver_database_path(this.#h(), out));
    return out[0] ?? '';
  }

  /**
   * The schema version: SQLite's `user_version`, which {@link Database.fromMigrations} sets to the
   * last migration applied (0 for a new file).
   *
   * @returns the version number
   * @throws {@link QuiverError} `QUIVER_CLOSED` after close, or when SQLite cannot read the pragma.
   */
  currentVersion(): number {
    const out: [number | bigint] = [0];
    check(native().quiver_database_current_version(this.#h(), out));
    return toSafeNumber(out[0]);
  }

  /**
   * A human-readable report of the whole schema: every collection with its element count, scalar
   * columns and groups, in Quiver 0.10's exact text format (every line ends with a newline).
   *
   * @returns the report text
   * @throws {@link QuiverError} when the schema model cannot be loaded.
   */
  describe(): string {
    const h = this.#h();
    return q.report((out) => native().quiver_database_describe(h, out));
  }

  /**
   * The report section of one collection, as in {@link Database.describe}.
   *
   * @param collection the collection name
   * @returns the report text
   * @throws {@link QuiverError} `Cannot describe_collection: collection not found: <name>`.
   */
  describeCollection(collection: CollectionName<S>): string;
  describeCollection(collection: string): string {
    const h = this.#h();
    return q.report((out) => native().quiver_database_describe_collection(h, collection, out));
  }

  /**
   * A data summary of one collection: NULL and non-NULL counts per scalar column, the distribution
   * of integer columns with at most 64 distinct values, and how many elements fill each group.
   *
   * @param collection the collection name
   * @returns the report text
   * @throws {@link QuiverError} `Cannot summarize_collection: collection not found: <name>`.
   */
  summarizeCollection(collection: CollectionName<S>): string;
  summarizeCollection(collection: string): string {
    const h = this.#h();
    return q.report((out) => native().quiver_database_summarize_collection(h, collection, out));
  }

  // ---- Elements ---------------------------------------------------------------------------------

  /**
   * Creates one element. Scalars go to the collection's own columns; an array goes to the vector
   * table named after it first, then to every other group table of the collection having a column of
   * that name, in table-name order; empty arrays are skipped. A string given for a foreign-key column
   * is looked up as the target's `label`. The whole create is one transaction unless one is already
   * open. See {@link ElementData} for the value conversions.
   *
   * @param collection the collection name
   * @param data attribute name → value; at least one scalar
   * @returns the new element's id
   * @throws {@link QuiverError} for an unknown collection or column, a value of the wrong type
   * (`Cannot create_element: type mismatch for column …`), an unknown label, an array matching no
   * group table, arrays of one table with different lengths, or a constraint SQLite enforces (NOT
   * NULL, UNIQUE, FOREIGN KEY).
   */
  createElement<C extends CollectionName<S>>(collection: C, data: CreateData<S, C>): number;
  createElement(collection: string, data: ElementData): number {
    return wr.createElement(this.#open(), collection, data);
  }

  /**
   * Creates many elements in one call and one transaction: either all of them or, on any error,
   * none (inside an open transaction, the rows of this call are undone and the transaction stays
   * open). Each element is written as {@link Database.createElement} writes it; this is the fast
   * way to build a study (one native call for all rows).
   *
   * `rows` is an array of element objects, or one object of columns: attribute name → one value
   * per element (a typed array such as `Float64Array`, or an array of values; for a vector, set or
   * time-series attribute, an array holding one array per element). In columns, `undefined` leaves
   * the attribute out of that element (its column default applies) and `null` is NULL. A numeric
   * column holding only whole numbers goes as INTEGER, as createElement sends whole numbers; one
   * attribute may not mix strings and numbers across elements.
   *
   * @example
   * ```ts
   * const ids = db.createElements('Plant', {
   *   label: ['Coal 1', 'Gas 2'],
   *   capacity_mw: Float64Array.of(450, 120.5),
   * });
   * ```
   *
   * @param collection the collection name
   * @param rows the elements: objects, or columns of equal length
   * @returns the new ids, in row order
   * @throws {@link QuiverError} `Cannot create_elements: row <r>: <reason>` for the first failing row
   * (r counts from 0; the reasons of createElement), `Cannot create_elements: collection not found:
   * <c>`, or QUIVER_INVALID_ARGUMENT for input that cannot be sent (columns of different lengths, a
   * value of an unsupported type, strings mixed with numbers).
   */
  createElements<C extends CollectionName<S>>(collection: C, rows: readonly CreateData<S, C>[] | ElementColumns): number[];
  createElements(collection: string, rows: ElementRows): number[] {
    return wr.createElements(this.#open(), collection, rows);
  }

  /**
   * Updates one element: the given scalars are set (others keep their value), and every given array
   * replaces that element's rows in the group tables it routes to (as in
   * {@link Database.createElement}); group columns not given become NULL in the new rows, and an empty
   * array clears the table's rows for that element.
   *
   * @param collection the collection name
   * @param id the element's id
   * @param data attribute name → new value; at least one attribute
   * @throws {@link QuiverError} `Element not found: <id> in collection '<c>'`, and the errors of
   * {@link Database.createElement}. Outside a transaction a failed update changes nothing; inside one
   * its partial work stays until rollback, as Quiver 0.10 does.
   */
  updateElement<C extends CollectionName<S>>(collection: C, id: number | bigint, data: UpdateData<S, C>): void;
  updateElement(collection: string, id: number | bigint, data: ElementData): void {
    wr.updateElement(this.#open(), collection, id, data);
  }

  /**
   * Deletes one element. Its vector, set and time-series rows cascade; rows of other collections that
   * reference it are deleted or set to NULL, as their foreign keys say. Ids are never renumbered.
   *
   * @param collection the collection name
   * @param id the element's id
   * @throws {@link QuiverError} `Element not found: <id> in collection '<c>'`, or an unknown
   * collection.
   */
  deleteElement(collection: CollectionName<S>, id: number | bigint): void;
  deleteElement(collection: string, id: number | bigint): void {
    wr.deleteElement(this.#h(), collection, id);
  }

  /**
   * The ids of every element, ascending.
   *
   * @param collection the collection name
   * @returns the ids; `[]` for an empty collection
   * @throws {@link QuiverError} for an unknown collection.
   */
  readElementIds(collection: CollectionName<S>): number[];
  readElementIds(collection: string): number[] {
    return rd.readElementIds(this.#h(), collection);
  }

  /**
   * How many elements the collection has (uncommitted changes of an open transaction included).
   *
   * @param collection the collection name
   * @returns the count
   * @throws {@link QuiverError} for an unknown collection.
   */
  numberOfElements(collection: CollectionName<S>): number;
  numberOfElements(collection: string): number {
    return rd.numberOfElements(this.#h(), collection);
  }

  // ---- Scalars ----------------------------------------------------------------------------------

  /**
   * One value per element, in id order (aligned with {@link Database.readElementIds}).
   *
   * @param collection the collection name
   * @param attribute a column of the collection
   * @returns the values; `null` for NULL and for stored values that are not integers (a REAL is never
   * narrowed)
   * @throws {@link QuiverError} for an unknown collection or column, or `QUIVER_INTEGER_RANGE` for a
   * stored integer beyond ±(2^53 − 1).
   */
  readScalarIntegers<C extends CollectionName<S>, A extends ScalarName<S, C, 'INTEGER'>>(collection: C, attribute: A): ScalarValues<S, C, A, number>;
  readScalarIntegers(collection: string, attribute: string): (number | null)[] {
    return rd.readScalarIntegers(this.#h(), collection, attribute);
  }

  /**
   * One value per element, in id order; stored integers are widened to floats.
   *
   * @param collection the collection name
   * @param attribute a column of the collection
   * @returns the values; `null` for NULL and for text
   * @throws {@link QuiverError} for an unknown collection or column.
   */
  readScalarFloats<C extends CollectionName<S>, A extends ScalarName<S, C, 'REAL'>>(collection: C, attribute: A): ScalarValues<S, C, A, number>;
  readScalarFloats(collection: string, attribute: string): (number | null)[] {
    return rd.readScalarFloats(this.#h(), collection, attribute);
  }

  /**
   * One value per element, in id order.
   *
   * @param collection the collection name
   * @param attribute a column of the collection
   * @returns the values; `null` for NULL and for numbers (they are not converted to text)
   * @throws {@link QuiverError} for an unknown collection or column.
   */
  readScalarStrings<C extends CollectionName<S>, A extends ScalarName<S, C, 'TEXT' | 'DATE_TIME'>>(collection: C, attribute: A): ScalarValues<S, C, A, string>;
  readScalarStrings(collection: string, attribute: string): (string | null)[] {
    return rd.readScalarStrings(this.#h(), collection, attribute);
  }

  /**
   * One element's integer value.
   *
   * @param collection the collection name
   * @param attribute a column of the collection
   * @param id the element's id
   * @returns the value; `null` when it is NULL, not an integer, or the element does not exist
   * @throws {@link QuiverError} for an unknown collection or column, or `QUIVER_INTEGER_RANGE`.
   */
  readScalarIntegerById<C extends CollectionName<S>>(collection: C, attribute: ScalarName<S, C, 'INTEGER'>, id: number | bigint): number | null;
  readScalarIntegerById(collection: string, attribute: string, id: number | bigint): number | null {
    return rd.readScalarIntegerById(this.#h(), collection, attribute, id);
  }

  /**
   * One element's value as a float (stored integers are widened).
   *
   * @param collection the collection name
   * @param attribute a column of the collection
   * @param id the element's id
   * @returns the value; `null` when it is NULL, text, or the element does not exist
   * @throws {@link QuiverError} for an unknown collection or column.
   */
  readScalarFloatById<C extends CollectionName<S>>(collection: C, attribute: ScalarName<S, C, 'REAL'>, id: number | bigint): number | null;
  readScalarFloatById(collection: string, attribute: string, id: number | bigint): number | null {
    return rd.readScalarFloatById(this.#h(), collection, attribute, id);
  }

  /**
   * One element's text value.
   *
   * @param collection the collection name
   * @param attribute a column of the collection
   * @param id the element's id
   * @returns the value; `null` when it is NULL, a number, or the element does not exist
   * @throws {@link QuiverError} for an unknown collection or column.
   */
  readScalarStringById<C extends CollectionName<S>>(collection: C, attribute: ScalarName<S, C, 'TEXT' | 'DATE_TIME'>, id: number | bigint): string | null;
  readScalarStringById(collection: string, attribute: string, id: number | bigint): string | null {
    return rd.readScalarStringById(this.#h(), collection, attribute, id);
  }

  /**
   * Every scalar attribute of one element, each read by its column type.
   *
   * @param collection the collection name
   * @param id the element's id
   * @returns attribute name → value, in declaration order
   * @throws {@link QuiverError} for an unknown collection, and `Element not found: <id> in collection
   * '<collection>'` when the element does not exist (Quiver 0.10 returns an object of nulls).
   */
  readScalarsById<C extends CollectionName<S>>(collection: C, id: number | bigint): ScalarRow<S, C>;
  readScalarsById(collection: string, id: number | bigint): Record<string, number | string | null> {
    const h = this.#h();
    const out: Record<string, number | string | null> = {};
    const attributes = meta.listScalarAttributes(h, collection);
    rd.requireElement(h, collection, id);
    for (const m of attributes) out[m.name] = readScalarAs(h, collection, m, id);
    return out;
  }

  // ---- Vectors and sets -------------------------------------------------------------------------

  /**
   * A vector column of every element. `attribute` is a column name: it is looked up in the vector
   * table named after it, else in the first vector table of the collection having that column.
   *
   * @param collection the collection name
   * @param attribute a vector column
   * @returns one array per element that has vector rows, ascending by id (elements without rows are
   * left out, so the result is not aligned with the ids, as Quiver 0.10 does); values in vector order,
   * NULL and non-integer cells dropped
   * @throws {@link QuiverError} `Vector attribute '<a>' not found for collection '<c>'`, or an
   * unknown collection.
   */
  readVectorIntegers<C extends CollectionName<S>>(collection: C, attribute: VectorColumnName<S, C, 'INTEGER'>): number[][];
  readVectorIntegers(collection: string, attribute: string): number[][] {
    return rd.readVectorIntegers(this.#h(), collection, attribute);
  }

  /**
   * A vector column of every element, as floats (integers widened). Lookup and shape as
   * {@link Database.readVectorIntegers}.
   *
   * @param collection the collection name
   * @param attribute a vector column
   * @returns one array per element that has vector rows, ascending by id; NULL and text cells dropped
   * @throws {@link QuiverError} for an unknown collection or vector attribute.
   */
  readVectorFloats<C extends CollectionName<S>>(collection: C, attribute: VectorColumnName<S, C, 'REAL'>): number[][];
  readVectorFloats(collection: string, attribute: string): number[][] {
    return rd.readVectorFloats(this.#h(), collection, attribute);
  }

  /**
   * A vector column of every element, as text. Lookup and shape as {@link Database.readVectorIntegers}.
   *
   * @param collection the collection name
   * @param attribute a vector column
   * @returns one array per element that has vector rows, ascending by id; NULL and numeric cells
   * dropped
   * @throws {@link QuiverError} for an unknown collection or vector attribute.
   */
  readVectorStrings<C extends CollectionName<S>>(collection: C, attribute: VectorColumnName<S, C, 'TEXT' | 'DATE_TIME'>): (string | null)[][];
  readVectorStrings(collection: string, attribute: string): (string | null)[][] {
    return rd.readVectorStrings(this.#h(), collection, attribute);
  }

  /**
   * One element's vector column, in vector order.
   *
   * @param collection the collection name
   * @param attribute a vector column
   * @param id the element's id
   * @returns the values, NULL and non-integer cells dropped; `[]` when the element has no rows or
   * does not exist
   * @throws {@link QuiverError} for an unknown collection or vector attribute.
   */
  readVectorIntegersById<C extends CollectionName<S>>(collection: C, attribute: VectorColumnName<S, C, 'INTEGER'>, id: number | bigint): number[];
  readVectorIntegersById(collection: string, attribute: string, id: number | bigint): number[] {
    return rd.readVectorIntegersById(this.#h(), collection, attribute, id);
  }

  /**
   * One element's vector column as floats, in vector order.
   *
   * @param collection the collection name
   * @param attribute a vector column
   * @param id the element's id
   * @returns the values, NULL and text cells dropped; `[]` when there are none
   * @throws {@link QuiverError} for an unknown collection or vector attribute.
   */
  readVectorFloatsById<C extends CollectionName<S>>(collection: C, attribute: VectorColumnName<S, C, 'REAL'>, id: number | bigint): number[];
  readVectorFloatsById(collection: string, attribute: string, id: number | bigint): number[] {
    return rd.readVectorFloatsById(this.#h(), collection, attribute, id);
  }

  /**
   * One element's vector column as text, in vector order.
   *
   * @param collection the collection name
   * @param attribute a vector column
   * @param id the element's id
   * @returns the values, NULL and numeric cells dropped; `[]` when there are none
   * @throws {@link QuiverError} for an unknown collection or vector attribute.
   */
  readVectorStringsById<C extends CollectionName<S>>(collection: C, attribute: VectorColumnName<S, C, 'TEXT' | 'DATE_TIME'>, id: number | bigint): (string | null)[];
  readVectorStringsById(collection: string, attribute: string, id: number | bigint): (string | null)[] {
    return rd.readVectorStringsById(this.#h(), collection, attribute, id);
  }

  /**
   * A set column of every element. Lookup as for vectors: the set table named after `attribute`,
   * else the first set table of the collection having that column.
   *
   * @param collection the collection name
   * @param attribute a set column
   * @returns one array per element that has set rows, ascending by id (elements without rows left
   * out); values ascending, NULL and non-integer cells dropped
   * @throws {@link QuiverError} `Set attribute '<a>' not found for collection '<c>'`, or an unknown
   * collection.
   */
  readSetIntegers<C extends CollectionName<S>>(collection: C, attribute: SetColumnName<S, C, 'INTEGER'>): number[][];
  readSetIntegers(collection: string, attribute: string): number[][] {
    return rd.readSetIntegers(this.#h(), collection, attribute);
  }

  /**
   * A set column of every element, as floats. Lookup and shape as {@link Database.readSetIntegers}.
   *
   * @param collection the collection name
   * @param attribute a set column
   * @returns one array per element that has set rows, ascending by id
   * @throws {@link QuiverError} for an unknown collection or set attribute.
   */
  readSetFloats<C extends CollectionName<S>>(collection: C, attribute: SetColumnName<S, C, 'REAL'>): number[][];
  readSetFloats(collection: string, attribute: string): number[][] {
    return rd.readSetFloats(this.#h(), collection, attribute);
  }

  /**
   * A set column of every element, as text. Lookup and shape as {@link Database.readSetIntegers}.
   *
   * @param collection the collection name
   * @param attribute a set column
   * @returns one array per element that has set rows, ascending by id
   * @throws {@link QuiverError} for an unknown collection or set attribute.
   */
  readSetStrings<C extends CollectionName<S>>(collection: C, attribute: SetColumnName<S, C, 'TEXT' | 'DATE_TIME'>): (string | null)[][];
  readSetStrings(collection: string, attribute: string): (string | null)[][] {
    return rd.readSetStrings(this.#h(), collection, attribute);
  }

  /**
   * One element's set column.
   *
   * @param collection the collection name
   * @param attribute a set column
   * @param id the element's id
   * @returns the values in ascending order; `[]` when there are none
   * @throws {@link QuiverError} for an unknown collection or set attribute.
   */
  readSetIntegersById<C extends CollectionName<S>>(collection: C, attribute: SetColumnName<S, C, 'INTEGER'>, id: number | bigint): number[];
  readSetIntegersById(collection: string, attribute: string, id: number | bigint): number[] {
    return rd.readSetIntegersById(this.#h(), collection, attribute, id);
  }

  /**
   * One element's set column as floats.
   *
   * @param collection the collection name
   * @param attribute a set column
   * @param id the element's id
   * @returns the values in ascending order; `[]` when there are none
   * @throws {@link QuiverError} for an unknown collection or set attribute.
   */
  readSetFloatsById<C extends CollectionName<S>>(collection: C, attribute: SetColumnName<S, C, 'REAL'>, id: number | bigint): number[];
  readSetFloatsById(collection: string, attribute: string, id: number | bigint): number[] {
    return rd.readSetFloatsById(this.#h(), collection, attribute, id);
  }

  /**
   * One element's set column as text.
   *
   * @param collection the collection name
   * @param attribute a set column
   * @param id the element's id
   * @returns the values in ascending order; `[]` when there are none
   * @throws {@link QuiverError} for an unknown collection or set attribute.
   */
  readSetStringsById<C extends CollectionName<S>>(collection: C, attribute: SetColumnName<S, C, 'TEXT' | 'DATE_TIME'>, id: number | bigint): (string | null)[];
  readSetStringsById(collection: string, attribute: string, id: number | bigint): (string | null)[] {
    return rd.readSetStringsById(this.#h(), collection, attribute, id);
  }

  /**
   * One element's whole vector group as columns, NULLs kept.
   *
   * @param collection the collection name
   * @param group the group name (the table is `<collection>_vector_<group>`)
   * @param id the element's id
   * @returns the value columns in declaration order, rows in vector order (see {@link Columns});
   * `{}` when the element has no rows or does not exist
   * @throws {@link QuiverError} `Vector group not found: '<g>' in collection '<c>'`, or
   * `Cannot get_vector_metadata: collection not found: <c>` (Quiver 0.10's wording).
   */
  readVectorGroupById<C extends CollectionName<S>, G extends VectorGroupName<S, C>>(collection: C, group: G, id: number | bigint): GroupRead<VectorGroup<S, C, G>>;
  readVectorGroupById(collection: string, group: string, id: number | bigint): Columns {
    return wr.readGroupById('vector', this.#h(), collection, group, id);
  }

  /**
   * One element's whole set group as columns, NULLs kept.
   *
   * @param collection the collection name
   * @param group the group name (the table is `<collection>_set_<group>`)
   * @param id the element's id
   * @returns the value columns in declaration order, rows in insertion order; `{}` when there are none
   * @throws {@link QuiverError} `Set group not found: '<g>' in collection '<c>'`, or an unknown
   * collection.
   */
  readSetGroupById<C extends CollectionName<S>, G extends SetGroupName<S, C>>(collection: C, group: G, id: number | bigint): GroupRead<SetGroup<S, C, G>>;
  readSetGroupById(collection: string, group: string, id: number | bigint): Columns {
    return wr.readGroupById('set', this.#h(), collection, group, id);
  }

  /**
   * Replaces one element's rows of one vector group. Rows get vector indices 1…n in order; columns
   * not given become NULL; a string for a foreign-key column is looked up by label. Other groups,
   * even ones sharing a column name, are untouched.
   *
   * @param collection the collection name
   * @param group the group name
   * @param id the element's id
   * @param data equal-length columns (see {@link ColumnsInput}); `{}` clears the group
   * @throws {@link QuiverError} for an unknown collection, group or column, a missing element,
   * `id`/`vector_index` given as columns, columns with no rows, or a type mismatch. A failed update
   * leaves the rows as they were.
   */
  updateVectorGroup<C extends CollectionName<S>, G extends VectorGroupName<S, C>>(collection: C, group: G, id: number | bigint, data: GroupWrite<VectorGroup<S, C, G>>): void;
  updateVectorGroup(collection: string, group: string, id: number | bigint, data: ColumnsInput): void {
    wr.updateGroup('vector', this.#open(), collection, group, id, data);
  }

  /**
   * Replaces one element's rows of one set group, as {@link Database.updateVectorGroup} does for
   * vectors.
   *
   * @param collection the collection name
   * @param group the group name
   * @param id the element's id
   * @param data equal-length columns; `{}` clears the group
   * @throws {@link QuiverError} as {@link Database.updateVectorGroup}, plus SQLite's UNIQUE error for
   * a duplicate row.
   */
  updateSetGroup<C extends CollectionName<S>, G extends SetGroupName<S, C>>(collection: C, group: G, id: number | bigint, data: GroupWrite<SetGroup<S, C, G>>): void;
  updateSetGroup(collection: string, group: string, id: number | bigint, data: ColumnsInput): void {
    wr.updateGroup('set', this.#open(), collection, group, id, data);
  }

  /**
   * Every vector column of one element, across all its vector groups.
   *
   * @param collection the collection name
   * @param id the element's id
   * @returns column name → values in vector order, NULLs kept; empty arrays when the element has no
   * rows
   * @throws {@link QuiverError} for an unknown collection or an element that does not exist.
   */
  readVectorsById<C extends CollectionName<S>>(collection: C, id: number | bigint): GroupsRow<VectorGroups<S, C>>;
  readVectorsById(collection: string, id: number | bigint): Record<string, (number | string | null)[]> {
    return this.#groupsById('vector', collection, id);
  }

  /**
   * Every set column of one element, across all its set groups.
   *
   * @param collection the collection name
   * @param id the element's id
   * @returns column name → values in insertion order, NULLs kept
   * @throws {@link QuiverError} for an unknown collection or an element that does not exist.
   */
  readSetsById<C extends CollectionName<S>>(collection: C, id: number | bigint): GroupsRow<SetGroups<S, C>>;
  readSetsById(collection: string, id: number | bigint): Record<string, (number | string | null)[]> {
    return this.#groupsById('set', collection, id);
  }

  #groupsById(kind: 'vector' | 'set', collection: string, id: number | bigint): Record<string, (number | string | null)[]> {
    const h = this.#h();
    // The C group lists accept an unknown collection (and list nothing); this call does not.
    meta.listScalarAttributes(h, collection);
    rd.requireElement(h, collection, id);
    const out: Record<string, (number | string | null)[]> = {};
    for (const g of meta.listGroups(kind, h, collection)) {
      const cols = wr.readGroupById(kind, h, collection, g.groupName, id);
      for (const c of g.valueColumns) out[c.name] = Array.from((cols[c.name] ?? []) as ArrayLike<number | string | null>);
    }
    return out;
  }

  // ---- Metadata ---------------------------------------------------------------------------------

  /**
   * Metadata of one column of the collection table (`id` and `label` included).
   *
   * @param collection the collection name
   * @param attribute the column name
   * @returns its type, constraints, default and foreign key
   * @throws {@link QuiverError} `Scalar attribute not found: '<a>' in collection '<c>'`, or an
   * unknown collection.
   */
  getScalarMetadata<C extends CollectionName<S>>(collection: C, attribute: ScalarName<S, C>): meta.ScalarMetadata;
  getScalarMetadata(collection: string, attribute: string): meta.ScalarMetadata {
    return meta.getScalarMetadata(this.#h(), collection, attribute);
  }

  /**
   * Metadata of one vector group.
   *
   * @param collection the collection name
   * @param groupName the group name (not a column name)
   * @returns the group with its value columns in declaration order; `dimensionColumn` is null
   * @throws {@link QuiverError} `Vector group not found: '<g>' in collection '<c>'`, or an unknown
   * collection.
   */
  getVectorMetadata<C extends CollectionName<S>>(collection: C, groupName: VectorGroupName<S, C>): meta.GroupMetadata;
  getVectorMetadata(collection: string, groupName: string): meta.GroupMetadata {
    return meta.getGroupMetadata('vector', this.#h(), collection, groupName);
  }

  /**
   * Metadata of one set group.
   *
   * @param collection the collection name
   * @param groupName the group name
   * @returns the group with its value columns in declaration order
   * @throws {@link QuiverError} `Set group not found: '<g>' in collection '<c>'`, or an unknown
   * collection.
   */
  getSetMetadata<C extends CollectionName<S>>(collection: C, groupName: SetGroupName<S, C>): meta.GroupMetadata;
  getSetMetadata(collection: string, groupName: string): meta.GroupMetadata {
    return meta.getGroupMetadata('set', this.#h(), collection, groupName);
  }

  /**
   * Metadata of one time-series group.
   *
   * @param collection the collection name
   * @param groupName the group name
   * @returns the group: its dimension column, and every other column but `id` as a value column
   * (extra dimensions included, flagged `primaryKey`)
   * @throws {@link QuiverError} `Time series group not found: '<g>' in collection '<c>'`, or an
   * unknown collection.
   */
  getTimeSeriesMetadata<C extends CollectionName<S>>(collection: C, groupName: TimeSeriesGroupName<S, C>): meta.GroupMetadata;
  getTimeSeriesMetadata(collection: string, groupName: string): meta.GroupMetadata {
    return meta.getGroupMetadata('time_series', this.#h(), collection, groupName);
  }

  /**
   * Metadata of every column of the collection table.
   *
   * @param collection the collection name
   * @returns one entry per column, in declaration order
   * @throws {@link QuiverError} for an unknown collection.
   */
  listScalarAttributes(collection: CollectionName<S>): meta.ScalarMetadata[];
  listScalarAttributes(collection: string): meta.ScalarMetadata[] {
    return meta.listScalarAttributes(this.#h(), collection);
  }

  /**
   * Metadata of every vector group of the collection.
   *
   * @param collection the collection name
   * @returns one entry per group, by group name; `[]` also for an unknown collection, as Quiver 0.10
   * does
   * @throws {@link QuiverError} when the schema model cannot be loaded.
   */
  listVectorGroups(collection: CollectionName<S>): meta.GroupMetadata[];
  listVectorGroups(collection: string): meta.GroupMetadata[] {
    return meta.listGroups('vector', this.#h(), collection);
  }

  /**
   * Metadata of every set group of the collection.
   *
   * @param collection the collection name
   * @returns one entry per group, by group name; `[]` also for an unknown collection
   * @throws {@link QuiverError} when the schema model cannot be loaded.
   */
  listSetGroups(collection: CollectionName<S>): meta.GroupMetadata[];
  listSetGroups(collection: string): meta.GroupMetadata[] {
    return meta.listGroups('set', this.#h(), collection);
  }

  /**
   * Metadata of every time-series group of the collection.
   *
   * @param collection the collection name
   * @returns one entry per group, by group name; `[]` also for an unknown collection
   * @throws {@link QuiverError} when the schema model cannot be loaded.
   */
  listTimeSeriesGroups(collection: CollectionName<S>): meta.GroupMetadata[];
  listTimeSeriesGroups(collection: string): meta.GroupMetadata[] {
    return meta.listGroups('time_series', this.#h(), collection);
  }

  // ---- Time series ------------------------------------------------------------------------------

  /**
   * One element's rows of a time-series group.
   *
   * @param collection the collection name
   * @param group the group name
   * @param id the element's id
   * @returns the dimension column first, then the value columns in declaration order, rows ordered
   * by the dimension (text order); float and integer columns without NULLs are `Float64Array`; `{}`
   * when the element has no rows or does not exist
   * @throws {@link QuiverError} `Time series group not found: '<g>' in collection '<c>'`, or an
   * unknown collection.
   */
  readTimeSeriesGroup<C extends CollectionName<S>, G extends TimeSeriesGroupName<S, C>>(collection: C, group: G, id: number | bigint): GroupRead<TimeSeriesGroup<S, C, G>>;
  readTimeSeriesGroup(collection: string, group: string, id: number | bigint): Columns {
    return ts.readTimeSeriesGroup(this.#h(), collection, group, id);
  }

  /**
   * Replaces one element's rows of a time-series group. Every dimension column must be given; date
   * strings are stored as given and `Date` values as UTC `YYYY-MM-DDTHH:MM:SS` text. Foreign-key
   * labels are not resolved in time series.
   *
   * @param collection the collection name
   * @param group the group name
   * @param id the element's id
   * @param data equal-length columns; `{}` clears the rows
   * @throws {@link QuiverError} for an unknown collection, group or column, a missing dimension
   * column, a type mismatch, a duplicate dimension key or a missing element (SQLite's constraint
   * errors). A failed update leaves the rows as they were.
   */
  updateTimeSeriesGroup<C extends CollectionName<S>, G extends TimeSeriesGroupName<S, C>>(collection: C, group: G, id: number | bigint, data: GroupWrite<TimeSeriesGroup<S, C, G>>): void;
  updateTimeSeriesGroup(collection: string, group: string, id: number | bigint, data: ColumnsInput): void {
    ts.updateTimeSeriesGroup(this.#open(), collection, group, id, data);
  }

  /**
   * Inserts one row, or replaces the row with the same element and dimension values entirely (value
   * columns not given become NULL). Other rows are untouched.
   *
   * @param collection the collection name
   * @param group the group name
   * @param id the element's id
   * @param row column name → value, every dimension column included
   * @throws {@link QuiverError} as {@link Database.updateTimeSeriesGroup}; `QUIVER_INVALID_ARGUMENT`
   * for a `null` value.
   */
  upsertTimeSeriesRow<C extends CollectionName<S>, G extends TimeSeriesGroupName<S, C>>(collection: C, group: G, id: number | bigint, row: TimeSeriesRowWrite<TimeSeriesGroup<S, C, G>>): void;
  upsertTimeSeriesRow(collection: string, group: string, id: number | bigint, row: Record<string, ts.RowValue>): void {
    ts.upsertTimeSeriesRow(this.#open(), collection, group, id, row);
  }

  /**
   * The value of one attribute at a date, for every element: the latest non-NULL value whose
   * dimension is at or before `dateTime` (text comparison).
   *
   * @param collection the collection name
   * @param group the group name
   * @param attribute a value column of the group
   * @param dateTime a date-time text, or a Date (as UTC text)
   * @returns one value per element, ascending by id; where there is none, `null` for float and text
   * columns and `0` for integer columns, as Quiver 0.10 does
   * @throws {@link QuiverError} `Time series attribute not found: …` (also for the dimension column),
   * or an unknown collection or group.
   */
  readTimeSeriesRow<C extends CollectionName<S>, G extends TimeSeriesGroupName<S, C>, A extends TimeSeriesAttributeName<S, C, G>>(
    collection: C,
    group: G,
    attribute: A,
    dateTime: string | Date,
  ): TimeSeriesRowRead<TimeSeriesGroup<S, C, G>, A>;
  readTimeSeriesRow(collection: string, group: string, attribute: string, dateTime: string | Date): (number | string | null)[] {
    return ts.readTimeSeriesRow(this.#open(), collection, group, attribute, dateTime);
  }

  /**
   * Whether the collection has a time-series files table (`<collection>_time_series_files`).
   *
   * @param collection the collection name
   * @returns `true` when the table exists
   * @throws {@link QuiverError} for an unknown collection.
   */
  hasTimeSeriesFiles(collection: CollectionName<S>): boolean;
  hasTimeSeriesFiles(collection: string): boolean {
    return ts.hasTimeSeriesFiles(this.#h(), collection);
  }

  /**
   * The columns of the collection's time-series files table.
   *
   * @param collection the collection name
   * @returns the column names, in declaration order
   * @throws {@link QuiverError} `Time series files table not found: <table>`, or an unknown
   * collection.
   */
  listTimeSeriesFilesColumns<C extends FilesCollectionName<S>>(collection: C): FilesColumnName<S, C>[];
  listTimeSeriesFilesColumns(collection: string): string[] {
    return ts.listTimeSeriesFilesColumns(this.#h(), collection);
  }

  /**
   * The file paths stored in the collection's time-series files table.
   *
   * @param collection the collection name
   * @returns column name → path, `null` where none is set; columns in byte-wise name order
   * @throws {@link QuiverError} when the collection has no files table, or is unknown.
   */
  readTimeSeriesFiles<C extends FilesCollectionName<S>>(collection: C): FilesRead<S, C>;
  readTimeSeriesFiles(collection: string): Record<string, string | null> {
    return ts.readTimeSeriesFiles(this.#h(), collection);
  }

  /**
   * Replaces the collection's row of file paths: columns not given become `null`.
   *
   * @param collection the collection name
   * @param data column name → path, or `null`
   * @throws {@link QuiverError} for a column the files table does not have, a collection without a
   * files table, or an unknown collection.
   */
  updateTimeSeriesFiles<C extends FilesCollectionName<S>>(collection: C, data: FilesWrite<S, C>): void;
  updateTimeSeriesFiles(collection: string, data: Record<string, string | null>): void {
    ts.updateTimeSeriesFiles(this.#open(), collection, data);
  }

  // ---- CSV --------------------------------------------------------------------------------------

  /**
   * Writes the collection's scalars (group `''`) or one of its groups to a CSV file, in Quiver's file
   * format: a `sep=,` line, a header, one row per element (or group row), foreign keys as labels.
   * Missing folders of `path` are created; an existing file is overwritten.
   *
   * @param collection the collection name
   * @param group `''` for the scalars, else a vector, set or time-series group name
   * @param path the file to write
   * @param options date format and enum labels
   * @throws {@link QuiverError} for an unknown collection or group, or a file that cannot be written.
   */
  exportCsv<C extends CollectionName<S>>(collection: C, group: CsvGroupName<S, C>, path: string, options?: csv.CsvOptions): void;
  exportCsv(collection: string, group: string, path: string, options?: csv.CsvOptions): void {
    csv.exportCsv(this.#open(), collection, group, path, options);
  }

  /**
   * Replaces the collection's scalars (group `''`) or one group with the rows of a CSV file in Quiver's
   * format. Labels stand for foreign keys and group ids; existing labels keep their ids. All or
   * nothing: every record is checked before anything is written, in one transaction.
   *
   * @param collection the collection name
   * @param group `''` for the scalars, else a group name
   * @param path the file to read
   * @param options date format and enum labels
   * @throws {@link QuiverError} `Cannot import_csv: …` naming the first problem (header, field count,
   * value, label, vector index, NULL), for a missing or empty file, or when a transaction or dry run
   * is open (`Cannot import_csv: transaction already active`).
   */
  importCsv<C extends CollectionName<S>>(collection: C, group: CsvGroupName<S, C>, path: string, options?: csv.CsvOptions): void;
  importCsv(collection: string, group: string, path: string, options?: csv.CsvOptions): void {
    csv.importCsv(this.#open(), collection, group, path, options);
  }

  // ---- Async operations -------------------------------------------------------------------------
  // Each runs its native call on a worker thread (koffi's pool); meanwhile every other call on this
  // Database and its LuaRunners throws QUIVER_BUSY. See the README's "Async operations".

  /**
   * {@link Database.importCsv} off the main thread, with progress and cancellation. All or nothing:
   * a failed or aborted import changes nothing.
   *
   * @param collection the collection name
   * @param group `''` for the scalars, else a group name
   * @param path the file to read
   * @param options the CSV options, `onProgress(done, total)` (bytes of the file over the import's
   * passes: one validates, one writes, one more per self-referencing column) and `signal`
   * @returns a Promise that settles once the import is committed (or failed)
   * @throws (as a rejection) {@link QuiverError} with the message of {@link Database.importCsv};
   * `QUIVER_ABORTED` when `signal` aborted it or the Database was closed; `QUIVER_BUSY` when another
   * async operation runs on this Database.
   */
  importCsvAsync<C extends CollectionName<S>>(collection: C, group: CsvGroupName<S, C>, path: string, options?: asy.CsvAsyncOptions): Promise<void>;
  importCsvAsync(collection: string, group: string, path: string, options?: asy.CsvAsyncOptions): Promise<void> {
    if (this.#state.ptr === null) return closedRejection();
    return asy.csvAsync('importCsvAsync', this.#state, this, this.#ref, collection, group, path, options);
  }

  /**
   * {@link Database.exportCsv} off the main thread, with progress (rows written) and cancellation.
   * The file appears only once complete: an aborted or failed export leaves any existing file as it was.
   *
   * @param collection the collection name
   * @param group `''` for the scalars, else a group name
   * @param path the file to write
   * @param options the CSV options, `onProgress(done, total)` and `signal`
   * @returns a Promise that settles once the file is written (or the export failed)
   * @throws (as a rejection) {@link QuiverError} as {@link Database.exportCsv}; `QUIVER_ABORTED`;
   * `QUIVER_BUSY`.
   */
  exportCsvAsync<C extends CollectionName<S>>(collection: C, group: CsvGroupName<S, C>, path: string, options?: asy.CsvAsyncOptions): Promise<void>;
  exportCsvAsync(collection: string, group: string, path: string, options?: asy.CsvAsyncOptions): Promise<void> {
    if (this.#state.ptr === null) return closedRejection();
    return asy.csvAsync('exportCsvAsync', this.#state, this, this.#ref, collection, group, path, options);
  }

  /**
   * {@link Database.updateTimeSeriesGroup} off the main thread, with progress (rows written) and
   * cancellation. The columns are converted before the Promise is returned (later changes to them do
   * not count). A failed or aborted update changes nothing, also inside an open transaction.
   *
   * @param collection the collection name
   * @param group the group name
   * @param id the element's id
   * @param data equal-length columns; `{}` clears the rows
   * @param options `onProgress(done, total)` and `signal`
   * @returns a Promise that settles once the rows are replaced (or the update failed)
   * @throws (as a rejection) {@link QuiverError} as {@link Database.updateTimeSeriesGroup};
   * `QUIVER_ABORTED`; `QUIVER_BUSY`.
   */
  updateTimeSeriesGroupAsync<C extends CollectionName<S>, G extends TimeSeriesGroupName<S, C>>(collection: C, group: G, id: number | bigint, data: GroupWrite<TimeSeriesGroup<S, C, G>>, options?: AsyncOptions): Promise<void>;
  updateTimeSeriesGroupAsync(collection: string, group: string, id: number | bigint, data: ColumnsInput, options?: AsyncOptions): Promise<void> {
    if (this.#state.ptr === null) return closedRejection();
    return asy.updateTimeSeriesGroupAsync(this.#state, this, this.#ref, collection, group, id, data, options);
  }

  /**
   * {@link Database.readTimeSeriesGroup} off the main thread, with progress (rows read) and
   * cancellation (the result is then not produced). The rows are converted to JS on the main thread
   * once read.
   *
   * @param collection the collection name
   * @param group the group name
   * @param id the element's id
   * @param options `onProgress(done, total)` and `signal`
   * @returns the columns, as {@link Database.readTimeSeriesGroup} returns them
   * @throws (as a rejection) {@link QuiverError} as {@link Database.readTimeSeriesGroup};
   * `QUIVER_ABORTED`; `QUIVER_BUSY`.
   */
  readTimeSeriesGroupAsync<C extends CollectionName<S>, G extends TimeSeriesGroupName<S, C>>(collection: C, group: G, id: number | bigint, options?: AsyncOptions): Promise<GroupRead<TimeSeriesGroup<S, C, G>>>;
  readTimeSeriesGroupAsync(collection: string, group: string, id: number | bigint, options?: AsyncOptions): Promise<Columns> {
    if (this.#state.ptr === null) return closedRejection();
    return asy.readTimeSeriesGroupAsync(this.#state, this, this.#ref, collection, group, id, options);
  }

  /**
   * {@link Database.createElements} off the main thread, with progress (rows written) and
   * cancellation. All or nothing: a failed or aborted call creates no element (inside an open
   * transaction it runs in a savepoint). The rows are converted before the Promise is returned
   * (typed-array columns are copied).
   *
   * @param collection the collection name
   * @param rows element objects, or one object of columns (see {@link Database.createElements})
   * @param options `onProgress(done, total)` and `signal`
   * @returns the new ids, in row order
   * @throws (as a rejection) {@link QuiverError} as {@link Database.createElements} (`Cannot
   * create_elements: row <r>: …`); `QUIVER_ABORTED` (`Cannot create_elements: cancelled after <n> of
   * <rows> rows`); `QUIVER_BUSY`.
   */
  createElementsAsync<C extends CollectionName<S>>(collection: C, rows: readonly CreateData<S, C>[] | ElementColumns, options?: AsyncOptions): Promise<number[]>;
  createElementsAsync(collection: string, rows: ElementRows, options?: AsyncOptions): Promise<number[]> {
    if (this.#state.ptr === null) return closedRejection();
    return asy.createElementsAsync(this.#state, this, this.#ref, collection, rows, options);
  }

  /**
   * The name of the *Async operation running on this Database, or `null` when none runs (other
   * calls would throw `QUIVER_BUSY` meanwhile).
   *
   * @returns the method name, e.g. `'importCsvAsync'`
   */
  get busy(): string | null {
    return this.#state.busy?.name ?? null;
  }

  // ---- Queries ----------------------------------------------------------------------------------

  /**
   * Runs one SQL statement (only the first one of `sql`) and returns the first column of its first
   * row as an integer. Any statement may run, writes included; no schema model is needed.
   *
   * @param sql the statement, with `?` placeholders
   * @param params one value per placeholder (see {@link QueryParam}); strings are trimmed
   * @returns the value; `null` when there is no row, it is NULL, or it is not a stored integer
   * @throws {@link QuiverError} `Failed to prepare statement: …` / `Failed to execute statement: …`
   * (syntax, unknown table, wrong parameter count, empty SQL), or `QUIVER_INTEGER_RANGE`.
   */
  queryInteger(sql: string, params?: readonly q.QueryParam[]): number | null {
    return q.queryInteger(this.#open(), sql, params);
  }

  /**
   * As {@link Database.queryInteger}, reading the result as a float (integers are widened).
   *
   * @param sql the statement, with `?` placeholders
   * @param params one value per placeholder
   * @returns the value; `null` when there is no row, it is NULL, or it is text
   * @throws {@link QuiverError} as {@link Database.queryInteger}.
   */
  queryFloat(sql: string, params?: readonly q.QueryParam[]): number | null {
    return q.queryFloat(this.#open(), sql, params);
  }

  /**
   * As {@link Database.queryInteger}, reading the result as text (numbers are not converted).
   *
   * @param sql the statement, with `?` placeholders
   * @param params one value per placeholder
   * @returns the value; `null` when there is no row, it is NULL, or it is a number
   * @throws {@link QuiverError} as {@link Database.queryInteger}.
   */
  queryString(sql: string, params?: readonly q.QueryParam[]): string | null {
    return q.queryString(this.#open(), sql, params);
  }

  // ---- Transactions -----------------------------------------------------------------------------

  /**
   * Opens a transaction. Library writes join it, so a failed write inside it keeps its partial work
   * until {@link Database.rollback}. Inside a dry run the call does nothing.
   *
   * @throws {@link QuiverError} `Cannot begin_transaction: transaction already active`.
   */
  beginTransaction(): void {
    check(native().quiver_database_begin_transaction(this.#h()));
  }

  /**
   * Commits the open transaction (nothing inside a dry run). When the commit fails (e.g. `database
   * is locked`), the transaction is rolled back: none is left open.
   *
   * @throws {@link QuiverError} `Cannot commit: no active transaction`, or SQLite's commit error
   * followed by `(the transaction was rolled back)`.
   */
  commit(): void {
    check(native().quiver_database_commit(this.#h()));
  }

  /**
   * Rolls the open transaction back (nothing inside a dry run).
   *
   * @throws {@link QuiverError} `Cannot rollback: no active transaction`.
   */
  rollback(): void {
    check(native().quiver_database_rollback(this.#h()));
  }

  /**
   * Whether a transaction is open: an explicit one, a dry run, or a `BEGIN` sent as a query.
   *
   * @returns `true` while one is open
   * @throws {@link QuiverError} `QUIVER_CLOSED` after close.
   */
  inTransaction(): boolean {
    const out: [number] = [0];
    check(native().quiver_database_in_transaction(this.#h(), out));
    return out[0] !== 0;
  }

  /**
   * Runs `fn` in a transaction: commits when it returns, rolls back when it throws. A failed commit
   * rolls back too: no transaction is left open either way.
   *
   * @param fn synchronous work; receives this database
   * @returns what `fn` returns
   * @throws whatever `fn` throws (after the rollback); {@link QuiverError} when a transaction is
   * already open, when the commit fails, or `QUIVER_INVALID_ARGUMENT` when `fn` returns a Promise
   * (rolled back).
   */
  transaction<T>(fn: (db: this) => T): T {
    if (typeof fn !== 'function') throw new QuiverError('transaction() expects a function', { code: 'QUIVER_INVALID_ARGUMENT' });
    this.beginTransaction();
    let result: T;
    try {
      result = fn(this);
      if (result instanceof Promise) {
        throw new QuiverError('transaction() callbacks must be synchronous; the transaction was rolled back', {
          code: 'QUIVER_INVALID_ARGUMENT',
        });
      }
    } catch (err) {
      if (!this.closed && this.inTransaction()) this.rollback();
      throw err;
    }
    this.commit();
    return result;
  }

  /**
   * Starts a dry run: every write from now on is visible to reads and discarded by
   * {@link Database.endDryRun}. Transaction calls inside it do nothing.
   *
   * @throws {@link QuiverError} `Cannot begin_dry_run: dry run already active`, or `… transaction
   * already active`.
   */
  beginDryRun(): void {
    check(native().quiver_database_begin_dry_run(this.#h()));
  }

  /**
   * Ends the dry run and discards its writes. A raw `COMMIT` sent as a query inside the dry run has
   * already made the writes before it permanent, as Quiver 0.10 does. Only whoever began the dry
   * run may end it: inside {@link Database.dryRun}'s function this throws, and a dry run a Lua
   * script began is ended by its run.
   *
   * @throws {@link QuiverError} `Cannot end_dry_run: no active dry run`, or `… the dry run was begun
   * by …, which alone can end it`.
   */
  endDryRun(): void {
    const h = this.#h();
    if (this.#dryRunScopes > 0) {
      throw new QuiverError('Cannot end_dry_run: the dry run was begun by dryRun(fn), which alone can end it', {
        code: 'QUIVER_INVALID_ARGUMENT',
      });
    }
    check(native().quiver_database_end_dry_run(h));
  }

  /**
   * Whether a dry run is active.
   *
   * @returns `true` during a dry run
   * @throws {@link QuiverError} `QUIVER_CLOSED` after close.
   */
  inDryRun(): boolean {
    const out: [number] = [0];
    check(native().quiver_database_in_dry_run(this.#h(), out));
    return out[0] !== 0;
  }

  /**
   * Runs `fn` in a dry run and discards every write it made, also when it throws. The dry run is
   * this call's: {@link Database.endDryRun} inside `fn` throws, and nothing `fn` writes is kept.
   *
   * @param fn synchronous work; receives this database
   * @returns what `fn` returns
   * @throws whatever `fn` throws; {@link QuiverError} when a dry run or transaction is already active,
   * or `QUIVER_INVALID_ARGUMENT` when `fn` returns a Promise.
   */
  dryRun<T>(fn: (db: this) => T): T {
    if (typeof fn !== 'function') throw new QuiverError('dryRun() expects a function', { code: 'QUIVER_INVALID_ARGUMENT' });
    this.beginDryRun();
    this.#dryRunScopes++;
    try {
      const result = fn(this);
      if (result instanceof Promise) {
        throw new QuiverError('dryRun() callbacks must be synchronous; their writes were discarded', {
          code: 'QUIVER_INVALID_ARGUMENT',
        });
      }
      return result;
    } finally {
      this.#dryRunScopes--;
      if (!this.closed && this.inDryRun()) this.endDryRun();
    }
  }
}

/** What an *Async method of a closed Database returns (checked before its arguments, as the others do). */
function closedRejection(): Promise<never> {
  return Promise.reject(new QuiverError('Database is closed', { code: 'QUIVER_CLOSED' }));
}

function readScalarAs(h: DatabasePtr, collection: string, m: meta.ScalarMetadata, id: number | bigint): number | string | null {
  switch (m.dataType) {
    case 0:
      return rd.readScalarIntegerById(h, collection, m.name, id);
    case 1:
      return rd.readScalarFloatById(h, collection, m.name, id);
    default:
      return rd.readScalarStringById(h, collection, m.name, id);
  }
}
