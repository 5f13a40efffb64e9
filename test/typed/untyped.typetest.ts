// Type-level test: a Database without a type argument has exactly the signatures it had before
// typed studies existed (plain string names, the same value types), so untyped code is unaffected.

import type { Column, Columns, ColumnsInput, CsvOptions, ElementData, GroupMetadata, QueryParam, RowValue, ScalarMetadata } from '../../lib/index.js';
import { Database, LuaRunner } from '../../lib/index.js';
import type { Equal, Expect } from './type-assert.js';

/** The untyped API as it was declared before typed studies. */
interface Legacy {
  close(): void;
  isHealthy(): boolean;
  path(): string;
  currentVersion(): number;
  describe(): string;
  describeCollection(collection: string): string;
  summarizeCollection(collection: string): string;
  createElement(collection: string, data: ElementData): number;
  updateElement(collection: string, id: number | bigint, data: ElementData): void;
  deleteElement(collection: string, id: number | bigint): void;
  readElementIds(collection: string): number[];
  numberOfElements(collection: string): number;
  readScalarIntegers(collection: string, attribute: string): (number | null)[];
  readScalarFloats(collection: string, attribute: string): (number | null)[];
  readScalarStrings(collection: string, attribute: string): (string | null)[];
  readScalarIntegerById(collection: string, attribute: string, id: number | bigint): number | null;
  readScalarFloatById(collection: string, attribute: string, id: number | bigint): number | null;
  readScalarStringById(collection: string, attribute: string, id: number | bigint): string | null;
  readScalarsById(collection: string, id: number | bigint): Record<string, number | string | null>;
  readVectorIntegers(collection: string, attribute: string): number[][];
  readVectorFloats(collection: string, attribute: string): number[][];
  readVectorStrings(collection: string, attribute: string): (string | null)[][];
  readVectorIntegersById(collection: string, attribute: string, id: number | bigint): number[];
  readVectorFloatsById(collection: string, attribute: string, id: number | bigint): number[];
  readVectorStringsById(collection: string, attribute: string, id: number | bigint): (string | null)[];
  readSetIntegers(collection: string, attribute: string): number[][];
  readSetFloats(collection: string, attribute: string): number[][];
  readSetStrings(collection: string, attribute: string): (string | null)[][];
  readSetIntegersById(collection: string, attribute: string, id: number | bigint): number[];
  readSetFloatsById(collection: string, attribute: string, id: number | bigint): number[];
  readSetStringsById(collection: string, attribute: string, id: number | bigint): (string | null)[];
  readVectorGroupById(collection: string, group: string, id: number | bigint): Columns;
  readSetGroupById(collection: string, group: string, id: number | bigint): Columns;
  updateVectorGroup(collection: string, group: string, id: number | bigint, data: ColumnsInput): void;
  updateSetGroup(collection: string, group: string, id: number | bigint, data: ColumnsInput): void;
  readVectorsById(collection: string, id: number | bigint): Record<string, (number | string | null)[]>;
  readSetsById(collection: string, id: number | bigint): Record<string, (number | string | null)[]>;
  getScalarMetadata(collection: string, attribute: string): ScalarMetadata;
  getVectorMetadata(collection: string, groupName: string): GroupMetadata;
  getSetMetadata(collection: string, groupName: string): GroupMetadata;
  getTimeSeriesMetadata(collection: string, groupName: string): GroupMetadata;
  listScalarAttributes(collection: string): ScalarMetadata[];
  listVectorGroups(collection: string): GroupMetadata[];
  listSetGroups(collection: string): GroupMetadata[];
  listTimeSeriesGroups(collection: string): GroupMetadata[];
  readTimeSeriesGroup(collection: string, group: string, id: number | bigint): Columns;
  updateTimeSeriesGroup(collection: string, group: string, id: number | bigint, data: ColumnsInput): void;
  upsertTimeSeriesRow(collection: string, group: string, id: number | bigint, row: Record<string, RowValue>): void;
  readTimeSeriesRow(collection: string, group: string, attribute: string, dateTime: string | Date): (number | string | null)[];
  hasTimeSeriesFiles(collection: string): boolean;
  listTimeSeriesFilesColumns(collection: string): string[];
  readTimeSeriesFiles(collection: string): Record<string, string | null>;
  updateTimeSeriesFiles(collection: string, data: Record<string, string | null>): void;
  exportCsv(collection: string, group: string, path: string, options?: CsvOptions): void;
  importCsv(collection: string, group: string, path: string, options?: CsvOptions): void;
  queryInteger(sql: string, params?: readonly QueryParam[]): number | null;
  queryFloat(sql: string, params?: readonly QueryParam[]): number | null;
  queryString(sql: string, params?: readonly QueryParam[]): string | null;
  beginTransaction(): void;
  commit(): void;
  rollback(): void;
  inTransaction(): boolean;
  beginDryRun(): void;
  endDryRun(): void;
  inDryRun(): boolean;
}

/** Parameters and result of method `K` are identical in Database and Legacy. */
type Unchanged<K extends keyof Legacy> = Equal<Parameters<Database[K]>, Parameters<Legacy[K]>> extends true
  ? Equal<ReturnType<Database[K]>, ReturnType<Legacy[K]>>
  : false;

/** Every method of Legacy, with whether it is unchanged. */
type Report = { [K in keyof Legacy]: Unchanged<K> };

type _everyMethodUnchanged = Expect<Equal<Report, { [K in keyof Legacy]: true }>>;

// The openers give a plain Database without a type argument.
const opened = Database.open(':memory:');
const fromSchema = Database.fromSchema('db', 'schema.sql');
const fromMigrations = Database.fromMigrations('db', 'migrations');
type _open = Expect<Equal<typeof opened, Database>>;
type _fromSchema = Expect<Equal<typeof fromSchema, Database>>;
type _fromMigrations = Expect<Equal<typeof fromMigrations, Database>>;

// Any names, any values: nothing is checked at compile time.
opened.createElement('Anything', { whatever: 1, list: [1, 2], when: new Date(), none: null, skipped: undefined });
opened.readScalarIntegers('A', 'b');
opened.updateTimeSeriesGroup('A', 'g', 1, { date_time: ['2024-01-01'], v: new Float64Array(1) });
const column: Column | undefined = opened.readTimeSeriesGroup('A', 'g', 1)['v'];
void column;

// transaction and dryRun hand the same Database back.
opened.transaction((db) => {
  type _same = Expect<Equal<typeof db, Database>>;
});

// Lua results stay unknown unless the caller names a type.
const lua = new LuaRunner(opened);
type _luaDefault = Expect<Equal<ReturnType<typeof lua.run>, unknown>>;
const counted = lua.run<{ n: number }>('return { n = 1 }');
type _luaNamed = Expect<Equal<typeof counted, { n: number }>>;
