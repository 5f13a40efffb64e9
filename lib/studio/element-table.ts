// One page of a collection's element table, sorted and filtered in SQLite: only the rows of the page
// ever leave the database, so a collection of 100k elements costs one indexed or top-N query per page.

import type { Database } from '../index.js';
import { HttpError } from './http.js';
import { columnType, sqlName, type CollectionSchema, type ColumnType } from './study.js';

/** What the browser asks for. */
export interface PageRequest {
  /** First row (0-based) in the sorted, filtered order. */
  offset: number;
  /** Rows per page. */
  limit: number;
  /** `id` or a scalar attribute. */
  sort: string;
  /** Sort direction. */
  order: 'asc' | 'desc';
  /** Text the label must contain ('' for every element). */
  filter: string;
}

/** A column of the element table. */
export interface PageColumn {
  /** Attribute name. */
  name: string;
  /** Its type. */
  type: ColumnType;
  /** For a foreign key: the referenced collection (cells are `{ id, label }`). */
  references?: string;
}

/** A foreign-key cell: the referenced element's id and label. */
export interface Reference {
  /** Referenced element id. */
  id: number;
  /** Its label (null when the id has no element). */
  label: string | null;
}

/** One page of elements. */
export interface ElementPage extends PageRequest {
  /** Elements matching the filter. */
  total: number;
  /** Columns, `id` first. */
  columns: PageColumn[];
  /** One array per element, aligned with `columns`. */
  rows: unknown[][];
}

/** Largest page the server hands out. */
export const MAX_PAGE_ROWS = 1000;

function wholeNumber(name: string, text: string | null, fallback: number, min: number, max: number): number {
  if (text === null || text === '') return fallback;
  const n = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new HttpError(400, `Invalid ${name} '${text}': expected a whole number from ${min} to ${max}`);
  return n;
}

/** Reads and checks the paging parameters of a request against `schema`. */
export function parsePageRequest(schema: CollectionSchema, params: URLSearchParams): PageRequest {
  const sort = params.get('sort') || 'id';
  if (!schema.scalars.some((s) => s.name === sort)) {
    throw new HttpError(
      400,
      `Unknown sort column '${sort}' in collection '${schema.name}': expected one of ${schema.scalars.map((s) => s.name).join(', ')}`,
    );
  }
  const order = params.get('order') || 'asc';
  if (order !== 'asc' && order !== 'desc') throw new HttpError(400, `Invalid order '${order}': expected asc or desc`);
  return {
    offset: wholeNumber('offset', params.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER),
    limit: wholeNumber('limit', params.get('limit'), 50, 1, MAX_PAGE_ROWS),
    sort,
    order,
    filter: params.get('filter') ?? '',
  };
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The page `request` of `schema`'s elements. Foreign keys come with the referenced label (one LEFT
 * JOIN each) and sort by it; ties are broken by id so pages never overlap.
 */
export function readPage(db: Database, schema: CollectionSchema, request: PageRequest): ElementPage {
  const columns: PageColumn[] = [];
  const selected: string[] = [];
  const joins: string[] = [];
  let sortExpr = 't."id"';
  schema.scalars.forEach((s, i) => {
    const own = `t.${sqlName(s.name)}`;
    const column: PageColumn = { name: s.name, type: columnType(s.dataType) };
    selected.push(`${own} AS c${selected.length}`);
    let sortBy = own;
    if (s.isForeignKey && s.referencesCollection) {
      column.references = s.referencesCollection;
      const alias = `r${i}`;
      joins.push(
        `LEFT JOIN ${sqlName(s.referencesCollection)} AS ${alias} ON ${alias}.${sqlName(s.referencesColumn ?? 'id')} = ${own}`,
      );
      selected.push(`${alias}."label" AS c${selected.length}`);
      sortBy = `${alias}."label"`;
    }
    if (s.name === request.sort) sortExpr = sortBy;
    columns.push(column);
  });
  const where = request.filter === '' ? '' : `WHERE t."label" LIKE ? ESCAPE '\\'`;
  const filterParams = request.filter === '' ? [] : [likePattern(request.filter)];
  const from = `FROM ${sqlName(schema.name)} AS t ${joins.join(' ')} ${where}`;
  const dir = request.order === 'desc' ? 'DESC' : 'ASC';
  // The aggregate reads the ordered subquery row by row (a LIMIT subquery is never flattened).
  const aliases = selected.map((_, i) => `c${i}`);
  const json = db.queryString(
    `SELECT json_group_array(json_array(${aliases.join(', ')})) FROM (SELECT ${selected.join(', ')} ${from} ` +
      `ORDER BY ${sortExpr} ${dir}, t."id" ${dir} LIMIT ? OFFSET ?)`,
    [...filterParams, request.limit, request.offset],
  );
  const total = db.queryInteger(`SELECT COUNT(*) ${from}`, filterParams) ?? 0;
  const rows = (JSON.parse(json ?? '[]') as unknown[][]).map((flat) => {
    const row: unknown[] = [];
    let k = 0;
    for (const column of columns) {
      const value = flat[k++];
      if (column.references === undefined) row.push(value);
      else {
        const label = flat[k++];
        row.push(value === null ? null : ({ id: value as number, label: (label as string | null) ?? null } satisfies Reference));
      }
    }
    return row;
  });
  return { ...request, total, columns, rows };
}
