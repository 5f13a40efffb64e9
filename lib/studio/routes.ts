// The studio's HTTP API. Every route reads; the Lua console is the only one that may write, and
// only when the studio was started with --write. Names and ids in paths are checked against the
// schema (study.ts) before anything else happens.

import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { GroupMetadata } from '../index.js';
import { sendCsv } from './csv-download.js';
import { readElement } from './element-detail.js';
import { parsePageRequest, readPage } from './element-table.js';
import { HttpError, readJsonBody, send, sendJson } from './http.js';
import { runLua } from './lua-console.js';
import { encodeSeries } from './series.js';
import { columnType, type ColumnType, type GroupKind, type Study } from './study.js';

/** What a route handler gets. */
export interface RouteContext {
  /** The request. */
  req: IncomingMessage;
  /** The reply. */
  res: ServerResponse;
  /** The parsed request URL. */
  url: URL;
  /** Decoded path parameters, in pattern order. */
  params: string[];
  /** The open study. */
  study: Study;
  /** The server's own temporary folder (CSV exports). */
  tmpDir: string;
}

/** A route: method, path pattern (groups are parameters) and handler. */
export interface Route {
  /** HTTP method. */
  method: 'GET' | 'POST';
  /** Path pattern. */
  pattern: RegExp;
  /** Handler; throws HttpError for 4xx replies. */
  handle(ctx: RouteContext): void | Promise<void>;
}

/** A collection in the overview. */
export interface CollectionSummary {
  /** Collection name. */
  name: string;
  /** Number of elements. */
  elements: number;
  /** Number of scalar attributes (id and label included). */
  scalars: number;
  /** Vector group names. */
  vectors: string[];
  /** Set group names. */
  sets: string[];
  /** Time-series group names. */
  timeSeries: string[];
  /** Whether it has a time-series files table. */
  files: boolean;
}

/** GET /api/overview. */
export interface Overview {
  /** The database file's path. */
  path: string;
  /** Its file name. */
  file: string;
  /** Schema version (PRAGMA user_version). */
  schemaVersion: number;
  /** Whether the studio was started with --write. */
  writable: boolean;
  /** Collections in name order. */
  collections: CollectionSummary[];
  /** The library's schema report (describe()). */
  describe: string;
}

/** GET /api/files: the time-series files of every collection that has them. */
export interface FilesReply {
  /** Collections with a files table: column → stored path (null when unset). */
  collections: { name: string; files: Record<string, string | null> }[];
}

/** A column of a collection's schema. */
export interface SchemaColumn {
  /** Column name. */
  name: string;
  /** Its type. */
  type: ColumnType;
  /** For a foreign key: the referenced collection, else null. */
  references: string | null;
}

/** GET /api/collections/:collection. */
export interface CollectionInfo {
  /** Collection name. */
  name: string;
  /** Number of elements. */
  elements: number;
  /** Scalar attributes. */
  scalars: (SchemaColumn & { notNull: boolean; default: string | null })[];
  /** Vector, set and time-series groups. */
  groups: { kind: GroupKind; name: string; dimension: string | null; columns: SchemaColumn[] }[];
  /** Columns of the time-series files table. */
  filesColumns: string[];
}

/** Largest Lua script accepted (bytes of the JSON body). */
export const MAX_SCRIPT_BYTES = 1 << 20;

function overview({ res, study }: RouteContext): void {
  const db = study.db;
  const collections = study.collectionNames().map((name): CollectionSummary => {
    const schema = study.collection(name);
    return {
      name,
      elements: db.numberOfElements(name),
      scalars: schema.scalars.length,
      vectors: schema.vectors.map((g) => g.groupName),
      sets: schema.sets.map((g) => g.groupName),
      timeSeries: schema.timeSeries.map((g) => g.groupName),
      files: schema.filesColumns.length > 0,
    };
  });
  const file = db.path();
  const reply: Overview = {
    path: file,
    file: path.basename(file),
    schemaVersion: db.currentVersion(),
    writable: study.writable,
    collections,
    describe: db.describe(),
  };
  sendJson(res, 200, reply);
}

function collectionInfo({ res, study, params }: RouteContext): void {
  const schema = study.collection(params[0]!);
  const group = (kind: GroupKind) => (g: GroupMetadata) => ({
    kind,
    name: g.groupName,
    dimension: g.dimensionColumn,
    columns: g.valueColumns.map((c) => ({ name: c.name, type: columnType(c.dataType), references: c.referencesCollection })),
  });
  const reply: CollectionInfo = {
    name: schema.name,
    elements: study.db.numberOfElements(schema.name),
    scalars: schema.scalars.map((s) => ({
      name: s.name,
      type: columnType(s.dataType),
      notNull: s.notNull,
      default: s.defaultValue,
      references: s.referencesCollection,
    })),
    groups: [...schema.vectors.map(group('vector')), ...schema.sets.map(group('set')), ...schema.timeSeries.map(group('time_series'))],
    filesColumns: schema.filesColumns,
  };
  sendJson(res, 200, reply);
}

function elementPage({ res, study, params, url }: RouteContext): void {
  const schema = study.collection(params[0]!);
  sendJson(res, 200, readPage(study.db, schema, parsePageRequest(schema, url.searchParams)));
}

function element({ res, study, params }: RouteContext): void {
  const schema = study.collection(params[0]!);
  sendJson(res, 200, readElement(study, schema, study.elementId(schema, params[1]!)));
}

function series({ res, study, params }: RouteContext): void {
  const schema = study.collection(params[0]!);
  const id = study.elementId(schema, params[1]!);
  const group = study.group(schema, 'time_series', params[2]!);
  const body = encodeSeries(group, study.db.readTimeSeriesGroup(schema.name, group.groupName, id));
  send(res, 200, 'application/octet-stream', body);
}

function files({ res, study }: RouteContext): void {
  const reply: FilesReply = {
    collections: study
      .collectionNames()
      .filter((name) => study.db.hasTimeSeriesFiles(name))
      .map((name) => ({ name, files: study.db.readTimeSeriesFiles(name) })),
  };
  sendJson(res, 200, reply);
}

async function csv({ res, study, params, url, tmpDir }: RouteContext): Promise<void> {
  await sendCsv(study, study.collection(params[0]!), url.searchParams.get('group') ?? '', tmpDir, res);
}

async function lua({ req, res, study }: RouteContext): Promise<void> {
  sendJson(res, 200, runLua(study, await readJsonBody(req, MAX_SCRIPT_BYTES)));
}

const NAME = '([^/]+)';

/** Every API route. */
export const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/api\/overview$/, handle: overview },
  { method: 'GET', pattern: /^\/api\/files$/, handle: files },
  { method: 'GET', pattern: new RegExp(`^/api/collections/${NAME}$`), handle: collectionInfo },
  { method: 'GET', pattern: new RegExp(`^/api/collections/${NAME}/elements$`), handle: elementPage },
  { method: 'GET', pattern: new RegExp(`^/api/collections/${NAME}/elements/${NAME}$`), handle: element },
  { method: 'GET', pattern: new RegExp(`^/api/collections/${NAME}/elements/${NAME}/time-series/${NAME}$`), handle: series },
  { method: 'GET', pattern: new RegExp(`^/api/collections/${NAME}/csv$`), handle: csv },
  { method: 'POST', pattern: /^\/api\/lua$/, handle: lua },
];

/** The route for `method` and `pathname` with its decoded parameters; 404 or 405 when none fits. */
export function matchRoute(method: string, pathname: string): { route: Route; params: string[] } {
  const candidates = ROUTES.map((route) => ({ route, match: route.pattern.exec(pathname) })).filter((c) => c.match);
  if (candidates.length === 0) throw new HttpError(404, `No such API route: ${pathname}`);
  const found = candidates.find((c) => c.route.method === method);
  if (!found) throw new HttpError(405, `Method ${method} is not allowed on ${pathname} (allowed: ${candidates.map((c) => c.route.method).join(', ')})`);
  let params: string[];
  try {
    params = found.match!.slice(1).map((p) => decodeURIComponent(p));
  } catch {
    throw new HttpError(400, `Malformed percent-encoding in ${pathname}`);
  }
  return { route: found.route, params };
}
