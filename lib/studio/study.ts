// The study as the studio sees it: collection names, each collection's schema, and the checks that
// turn a name or id from a URL into a known collection, group or element (or a 4xx reply). Every
// identifier that reaches SQL here has been found in the schema first.

import { DataType, type Database, type GroupMetadata, type ScalarMetadata } from '../index.js';
import { HttpError } from './http.js';

/** The kinds of groups a collection can have. */
export type GroupKind = 'vector' | 'set' | 'time_series';

/** One collection's attributes and groups, in declaration order. */
export interface CollectionSchema {
  /** Collection (table) name. */
  name: string;
  /** Scalar attributes, `id` and `label` included. */
  scalars: ScalarMetadata[];
  /** Vector groups. */
  vectors: GroupMetadata[];
  /** Set groups. */
  sets: GroupMetadata[];
  /** Time-series groups. */
  timeSeries: GroupMetadata[];
  /** Columns of the collection's time-series files table (empty when it has none). */
  filesColumns: string[];
}

/** A column type as the browser shows it. */
export type ColumnType = 'integer' | 'float' | 'string' | 'date_time';

/** The browser-facing name of a DataType. */
export function columnType(type: DataType): ColumnType {
  switch (type) {
    case DataType.Integer:
      return 'integer';
    case DataType.Float:
      return 'float';
    case DataType.DateTime:
      return 'date_time';
    default:
      return 'string';
  }
}

/** `name` as an SQL identifier. Callers pass schema names only; quoting is a second line of defence. */
export function sqlName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

// Quiver's rule for collections: "Configuration" or a table name without an underscore.
const COLLECTIONS_SQL = `SELECT json_group_array(name) FROM (SELECT name FROM sqlite_master
  WHERE type = 'table' AND (name = 'Configuration' OR instr(name, '_') = 0) ORDER BY name)`;

const ID_PATTERN = /^-?\d{1,16}$/;

/** Read access to one open study, with the lookups every route needs. */
export class Study {
  /** The open database. */
  readonly db: Database;
  /** Whether the studio may keep changes (started with --write). */
  readonly writable: boolean;

  /** @param db an open database; @param writable whether writes are allowed to be kept. */
  constructor(db: Database, writable: boolean) {
    this.db = db;
    this.writable = writable;
  }

  /** Collection names in name order. */
  collectionNames(): string[] {
    return JSON.parse(this.db.queryString(COLLECTIONS_SQL) ?? '[]') as string[];
  }

  /** The schema of `name`; 404 when there is no such collection. */
  collection(name: string): CollectionSchema {
    if (!this.collectionNames().includes(name)) throw new HttpError(404, `Unknown collection '${name}'`);
    const db = this.db;
    return {
      name,
      scalars: db.listScalarAttributes(name),
      vectors: db.listVectorGroups(name),
      sets: db.listSetGroups(name),
      timeSeries: db.listTimeSeriesGroups(name),
      filesColumns: db.hasTimeSeriesFiles(name) ? db.listTimeSeriesFilesColumns(name) : [],
    };
  }

  /** The group `name` of `kind` in `schema`; 404 when it has none. */
  group(schema: CollectionSchema, kind: GroupKind, name: string): GroupMetadata {
    const groups = kind === 'vector' ? schema.vectors : kind === 'set' ? schema.sets : schema.timeSeries;
    const found = groups.find((g) => g.groupName === name);
    if (!found) throw new HttpError(404, `Unknown ${kind.replace('_', '-')} group '${name}' in collection '${schema.name}'`);
    return found;
  }

  /** The element id in `text`; 400 when it is not an integer, 404 when no such element exists. */
  elementId(schema: CollectionSchema, text: string): number {
    if (!ID_PATTERN.test(text) || !Number.isSafeInteger(Number(text))) {
      throw new HttpError(400, `Invalid element id '${text}': expected an integer`);
    }
    const id = Number(text);
    const found = this.db.queryInteger(`SELECT 1 FROM ${sqlName(schema.name)} WHERE id = ?`, [id]);
    if (found === null) throw new HttpError(404, `No element with id ${id} in collection '${schema.name}'`);
    return id;
  }

  /** Labels of the elements `ids` of `collection` (ids without an element are left out). */
  labels(collection: string, ids: Iterable<number>): Map<number, string> {
    const list = [...new Set(ids)].filter((id) => Number.isSafeInteger(id));
    const out = new Map<number, string>();
    if (list.length === 0 || !this.collectionNames().includes(collection)) return out;
    const json = this.db.queryString(
      `SELECT json_group_array(json_array(id, label)) FROM ${sqlName(collection)} WHERE id IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(list)],
    );
    for (const [id, label] of JSON.parse(json ?? '[]') as [number, string][]) out.set(id, label);
    return out;
  }
}
