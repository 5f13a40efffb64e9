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
import { check, QuiverError } from './errors.js';
import { native, type DatabaseOptionsStruct } from './native.js';
import { LogLevel, toSafeNumber, type DatabasePtr } from './types.js';
import { requireString } from './values.js';

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
}

function releaseDatabase(state: DatabaseState): boolean {
  const ptr = state.ptr;
  if (ptr === null) return false;
  for (const child of [...state.children]) child.release();
  state.children.clear();
  state.ptr = null; // before the C call: a throw below must not leave a dangling pointer behind
  native().quiver_database_close(ptr);
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

const states = new WeakMap<Database, DatabaseState>();

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

export class Database implements Disposable {
  readonly #state: DatabaseState;

  private constructor(ptr: DatabasePtr) {
    this.#state = { ptr, children: new Set() };
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

  /** Opens an existing database file (`:memory:` for a fresh in-memory one). */
  static open(path: string, options?: DatabaseOptions): Database {
    requireString(path, 'path');
    return Database.#create(options, (o, out) => native().quiver_database_open(path, o, out));
  }

  /** Opens or creates `dbPath` and applies the schema file (validated first). */
  static fromSchema(dbPath: string, schemaPath: string, options?: DatabaseOptions): Database {
    requireString(dbPath, 'dbPath');
    requireString(schemaPath, 'schemaPath');
    return Database.#create(options, (o, out) => native().quiver_database_from_schema(dbPath, schemaPath, o, out));
  }

  /** Opens or creates `dbPath` and applies the pending `<version>/up.sql` migrations of a folder. */
  static fromMigrations(dbPath: string, migrationsPath: string, options?: DatabaseOptions): Database {
    requireString(dbPath, 'dbPath');
    requireString(migrationsPath, 'migrationsPath');
    return Database.#create(options, (o, out) => native().quiver_database_from_migrations(dbPath, migrationsPath, o, out));
  }

  /** The native handle; throws on a closed Database. */
  #h(): DatabasePtr {
    const ptr = this.#state.ptr;
    if (ptr === null) throw new QuiverError('Database is closed', { code: 'QUIVER_CLOSED' });
    return ptr;
  }

  /** Closes the database and any LuaRunner created on it. Idempotent. */
  close(): void {
    registry.unregister(this);
    releaseDatabase(this.#state);
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** Whether close() has been called (or the database was never opened). */
  get closed(): boolean {
    return this.#state.ptr === null;
  }

  // ---- Lifecycle and introspection ------------------------------------------------------------

  isHealthy(): boolean {
    const out: [number] = [0];
    check(native().quiver_database_is_healthy(this.#h(), out));
    return out[0] !== 0;
  }

  path(): string {
    const out: [string | null] = [null];
    check(native().quiver_database_path(this.#h(), out));
    return out[0] ?? '';
  }

  currentVersion(): number {
    const out: [number | bigint] = [0];
    check(native().quiver_database_current_version(this.#h(), out));
    return toSafeNumber(out[0]);
  }

  describe(): string {
    const h = this.#h();
    return q.report((out) => native().quiver_database_describe(h, out));
  }

  describeCollection(collection: string): string {
    const h = this.#h();
    return q.report((out) => native().quiver_database_describe_collection(h, collection, out));
  }

  summarizeCollection(collection: string): string {
    const h = this.#h();
    return q.report((out) => native().quiver_database_summarize_collection(h, collection, out));
  }

  // ---- Elements ---------------------------------------------------------------------------------

  /** Creates an element; arrays go to the vector/set tables owning those column names. Returns its id. */
  createElement(collection: string, data: ElementData): number {
    return wr.createElement(this.#h(), collection, data);
  }

  /** Updates the given attributes of one element (arrays replace that group's rows). */
  updateElement(collection: string, id: number | bigint, data: ElementData): void {
    wr.updateElement(this.#h(), collection, id, data);
  }

  /** Deletes one element; its vector, set and time-series rows cascade. */
  deleteElement(collection: string, id: number | bigint): void {
    wr.deleteElement(this.#h(), collection, id);
  }

  readElementIds(collection: string): number[] {
    return rd.readElementIds(this.#h(), collection);
  }

  numberOfElements(collection: string): number {
    return rd.numberOfElements(this.#h(), collection);
  }

  // ---- Scalars ----------------------------------------------------------------------------------

  /** One value per element in id order (aligned with readElementIds); NULL → null. */
  readScalarIntegers(collection: string, attribute: string): (number | null)[] {
    return rd.readScalarIntegers(this.#h(), collection, attribute);
  }

  readScalarFloats(collection: string, attribute: string): (number | null)[] {
    return rd.readScalarFloats(this.#h(), collection, attribute);
  }

  readScalarStrings(collection: string, attribute: string): (string | null)[] {
    return rd.readScalarStrings(this.#h(), collection, attribute);
  }

  /** null when the value is NULL or the element does not exist. */
  readScalarIntegerById(collection: string, attribute: string, id: number | bigint): number | null {
    return rd.readScalarIntegerById(this.#h(), collection, attribute, id);
  }

  readScalarFloatById(collection: string, attribute: string, id: number | bigint): number | null {
    return rd.readScalarFloatById(this.#h(), collection, attribute, id);
  }

  readScalarStringById(collection: string, attribute: string, id: number | bigint): string | null {
    return rd.readScalarStringById(this.#h(), collection, attribute, id);
  }

  /** Every scalar attribute of one element, keyed by attribute name (declaration order); throws for a missing element. */
  readScalarsById(collection: string, id: number | bigint): Record<string, number | string | null> {
    const h = this.#h();
    const out: Record<string, number | string | null> = {};
    const attributes = meta.listScalarAttributes(h, collection);
    rd.requireElement(h, collection, id);
    for (const m of attributes) out[m.name] = readScalarAs(h, collection, m, id);
    return out;
  }

  // ---- Vectors and sets -------------------------------------------------------------------------

  /** One array per element (id order), values in vector_index order. */
  readVectorIntegers(collection: string, attribute: string): number[][] {
    return rd.readVectorIntegers(this.#h(), collection, attribute);
  }

  readVectorFloats(collection: string, attribute: string): number[][] {
    return rd.readVectorFloats(this.#h(), collection, attribute);
  }

  readVectorStrings(collection: string, attribute: string): (string | null)[][] {
    return rd.readVectorStrings(this.#h(), collection, attribute);
  }

  readVectorIntegersById(collection: string, attribute: string, id: number | bigint): number[] {
    return rd.readVectorIntegersById(this.#h(), collection, attribute, id);
  }

  readVectorFloatsById(collection: string, attribute: string, id: number | bigint): number[] {
    return rd.readVectorFloatsById(this.#h(), collection, attribute, id);
  }

  readVectorStringsById(collection: string, attribute: string, id: number | bigint): (string | null)[] {
    return rd.readVectorStringsById(this.#h(), collection, attribute, id);
  }

  /** One array per element (id order). */
  readSetIntegers(collection: string, attribute: string): number[][] {
    return rd.readSetIntegers(this.#h(), collection, attribute);
  }

  readSetFloats(collection: string, attribute: string): number[][] {
    return rd.readSetFloats(this.#h(), collection, attribute);
  }

  readSetStrings(collection: string, attribute: string): (string | null)[][] {
    return rd.readSetStrings(this.#h(), collection, attribute);
  }

  readSetIntegersById(collection: string, attribute: string, id: number | bigint): number[] {
    return rd.readSetIntegersById(this.#h(), collection, attribute, id);
  }

  readSetFloatsById(collection: string, attribute: string, id: number | bigint): number[] {
    return rd.readSetFloatsById(this.#h(), collection, attribute, id);
  }

  readSetStringsById(collection: string, attribute: string, id: number | bigint): (string | null)[] {
    return rd.readSetStringsById(this.#h(), collection, attribute, id);
  }

  /** One element's vector group as columns (rows in vector_index order). */
  readVectorGroupById(collection: string, group: string, id: number | bigint): Columns {
    return wr.readGroupById('vector', this.#h(), collection, group, id);
  }

  /** One element's set group as columns (rows in insertion order). */
  readSetGroupById(collection: string, group: string, id: number | bigint): Columns {
    return wr.readGroupById('set', this.#h(), collection, group, id);
  }

  /** Replaces one element's rows of a vector group; `{}` clears it. */
  updateVectorGroup(collection: string, group: string, id: number | bigint, data: ColumnsInput): void {
    wr.updateGroup('vector', this.#h(), collection, group, id, data);
  }

  /** Replaces one element's rows of a set group; `{}` clears it. */
  updateSetGroup(collection: string, group: string, id: number | bigint, data: ColumnsInput): void {
    wr.updateGroup('set', this.#h(), collection, group, id, data);
  }

  /** Every vector column of one element, keyed by column name; throws for a missing element. */
  readVectorsById(collection: string, id: number | bigint): Record<string, (number | string | null)[]> {
    return this.#groupsById('vector', collection, id);
  }

  /** Every set column of one element, keyed by column name; throws for a missing element. */
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

  getScalarMetadata(collection: string, attribute: string): meta.ScalarMetadata {
    return meta.getScalarMetadata(this.#h(), collection, attribute);
  }

  getVectorMetadata(collection: string, groupName: string): meta.GroupMetadata {
    return meta.getGroupMetadata('vector', this.#h(), collection, groupName);
  }

  getSetMetadata(collection: string, groupName: string): meta.GroupMetadata {
    return meta.getGroupMetadata('set', this.#h(), collection, groupName);
  }

  getTimeSeriesMetadata(collection: string, groupName: string): meta.GroupMetadata {
    return meta.getGroupMetadata('time_series', this.#h(), collection, groupName);
  }

  listScalarAttributes(collection: string): meta.ScalarMetadata[] {
    return meta.listScalarAttributes(this.#h(), collection);
  }

  listVectorGroups(collection: string): meta.GroupMetadata[] {
    return meta.listGroups('vector', this.#h(), collection);
  }

  listSetGroups(collection: string): meta.GroupMetadata[] {
    return meta.listGroups('set', this.#h(), collection);
  }

  listTimeSeriesGroups(collection: string): meta.GroupMetadata[] {
    return meta.listGroups('time_series', this.#h(), collection);
  }

  // ---- Time series ------------------------------------------------------------------------------

  /** One element's rows as columns ordered by the dimension; float/integer columns without NULLs are Float64Array. */
  readTimeSeriesGroup(collection: string, group: string, id: number | bigint): Columns {
    return ts.readTimeSeriesGroup(this.#h(), collection, group, id);
  }

  /** Replaces one element's rows; `{}` clears them. Date values are written as UTC date-time text. */
  updateTimeSeriesGroup(collection: string, group: string, id: number | bigint, data: ColumnsInput): void {
    ts.updateTimeSeriesGroup(this.#h(), collection, group, id, data);
  }

  /** Inserts or replaces the row with the same (id, dimensions). */
  upsertTimeSeriesRow(collection: string, group: string, id: number | bigint, row: Record<string, ts.RowValue>): void {
    ts.upsertTimeSeriesRow(this.#h(), collection, group, id, row);
  }

  /** The latest value of `attribute` at or before `dateTime`, one per element (id order). */
  readTimeSeriesRow(collection: string, group: string, attribute: string, dateTime: string | Date): (number | string | null)[] {
    return ts.readTimeSeriesRow(this.#h(), collection, group, attribute, dateTime);
  }

  hasTimeSeriesFiles(collection: string): boolean {
    return ts.hasTimeSeriesFiles(this.#h(), collection);
  }

  listTimeSeriesFilesColumns(collection: string): string[] {
    return ts.listTimeSeriesFilesColumns(this.#h(), collection);
  }

  readTimeSeriesFiles(collection: string): Record<string, string | null> {
    return ts.readTimeSeriesFiles(this.#h(), collection);
  }

  updateTimeSeriesFiles(collection: string, data: Record<string, string | null>): void {
    ts.updateTimeSeriesFiles(this.#h(), collection, data);
  }

  // ---- CSV --------------------------------------------------------------------------------------

  /** Writes the collection's scalars (group `''`) or one group to a CSV file. */
  exportCsv(collection: string, group: string, path: string, options?: csv.CsvOptions): void {
    csv.exportCsv(this.#h(), collection, group, path, options);
  }

  /** Loads a CSV file into the collection's scalars (group `''`) or one group; all or nothing. */
  importCsv(collection: string, group: string, path: string, options?: csv.CsvOptions): void {
    csv.importCsv(this.#h(), collection, group, path, options);
  }

  // ---- Queries ----------------------------------------------------------------------------------

  /** First column of the first row as an integer; null when no row, NULL, or not an integer. */
  queryInteger(sql: string, params?: readonly q.QueryParam[]): number | null {
    return q.queryInteger(this.#h(), sql, params);
  }

  queryFloat(sql: string, params?: readonly q.QueryParam[]): number | null {
    return q.queryFloat(this.#h(), sql, params);
  }

  queryString(sql: string, params?: readonly q.QueryParam[]): string | null {
    return q.queryString(this.#h(), sql, params);
  }

  // ---- Transactions -----------------------------------------------------------------------------

  beginTransaction(): void {
    check(native().quiver_database_begin_transaction(this.#h()));
  }

  commit(): void {
    check(native().quiver_database_commit(this.#h()));
  }

  rollback(): void {
    check(native().quiver_database_rollback(this.#h()));
  }

  inTransaction(): boolean {
    const out: [number] = [0];
    check(native().quiver_database_in_transaction(this.#h(), out));
    return out[0] !== 0;
  }

  /** Runs `fn` in a transaction: commits when it returns, rolls back when it throws. */
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

  beginDryRun(): void {
    check(native().quiver_database_begin_dry_run(this.#h()));
  }

  endDryRun(): void {
    check(native().quiver_database_end_dry_run(this.#h()));
  }

  inDryRun(): boolean {
    const out: [number] = [0];
    check(native().quiver_database_in_dry_run(this.#h(), out));
    return out[0] !== 0;
  }

  /** Runs `fn` and discards every write it made (also when it throws). Returns what `fn` returns. */
  dryRun<T>(fn: (db: this) => T): T {
    if (typeof fn !== 'function') throw new QuiverError('dryRun() expects a function', { code: 'QUIVER_INVALID_ARGUMENT' });
    this.beginDryRun();
    try {
      const result = fn(this);
      if (result instanceof Promise) {
        throw new QuiverError('dryRun() callbacks must be synchronous; their writes were discarded', {
          code: 'QUIVER_INVALID_ARGUMENT',
        });
      }
      return result;
    } finally {
      if (!this.closed && this.inDryRun()) this.endDryRun();
    }
  }
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
