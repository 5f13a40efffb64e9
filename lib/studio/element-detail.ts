// Everything on an element's page except the time-series values (those travel in binary, see
// series.ts): scalars, vector and set groups as rows, and the time-series groups with their sizes.
// Foreign keys, in scalars and in group columns, come with the referenced element's label.

import type { Column, GroupMetadata } from '../index.js';
import type { PageColumn, Reference } from './element-table.js';
import { columnType, sqlName, type CollectionSchema, type ColumnType, type Study } from './study.js';

/** A scalar attribute of the element. */
export interface ScalarValue extends PageColumn {
  /** The value; for a foreign key a Reference. */
  value: unknown;
}

/** A vector or set group of the element, as rows. */
export interface GroupTable {
  /** Group name. */
  group: string;
  /** Value columns. */
  columns: PageColumn[];
  /** Rows (vector_index order for vectors), aligned with `columns`. */
  rows: unknown[][];
}

/** A time-series group of the element: its shape, not its values. */
export interface SeriesSummary {
  /** Group name. */
  group: string;
  /** The date-time dimension column. */
  dimension: string;
  /** Value columns; `key` marks extra dimension columns (part of the primary key). */
  columns: { name: string; type: ColumnType; key: boolean }[];
  /** Number of rows this element has in the group. */
  rows: number;
}

/** An element's page. */
export interface ElementDetail {
  /** Collection name. */
  collection: string;
  /** Element id. */
  id: number;
  /** Element label. */
  label: string;
  /** Scalar attributes in declaration order. */
  scalars: ScalarValue[];
  /** Vector groups. */
  vectors: GroupTable[];
  /** Set groups. */
  sets: GroupTable[];
  /** Time-series groups. */
  timeSeries: SeriesSummary[];
}

function referenceColumns(study: Study, group: GroupMetadata, columns: Record<string, Column>): Map<string, Map<number, string>> {
  const out = new Map<string, Map<number, string>>();
  for (const c of group.valueColumns) {
    if (c.isForeignKey && c.referencesCollection) {
      out.set(c.name, study.labels(c.referencesCollection, Array.from((columns[c.name] ?? []) as ArrayLike<number>)));
    }
  }
  return out;
}

function groupTable(study: Study, group: GroupMetadata, columns: Record<string, Column>): GroupTable {
  const labels = referenceColumns(study, group, columns);
  const first = columns[group.valueColumns[0]?.name ?? ''];
  const rowCount = first?.length ?? 0;
  const rows: unknown[][] = [];
  for (let r = 0; r < rowCount; r++) {
    rows.push(
      group.valueColumns.map((c) => {
        const v = columns[c.name]?.[r] ?? null;
        const names = labels.get(c.name);
        return names && v !== null ? ({ id: v as number, label: names.get(v as number) ?? null } satisfies Reference) : v;
      }),
    );
  }
  return {
    group: group.groupName,
    columns: group.valueColumns.map((c) => ({
      name: c.name,
      type: columnType(c.dataType),
      ...(c.isForeignKey && c.referencesCollection ? { references: c.referencesCollection } : {}),
    })),
    rows,
  };
}

/** The page of element `id` (known to exist) of `schema`. */
export function readElement(study: Study, schema: CollectionSchema, id: number): ElementDetail {
  const db = study.db;
  const values = db.readScalarsById(schema.name, id);
  const scalars: ScalarValue[] = schema.scalars.map((s) => {
    const value = values[s.name] ?? null;
    const out: ScalarValue = { name: s.name, type: columnType(s.dataType), value };
    if (s.isForeignKey && s.referencesCollection) {
      out.references = s.referencesCollection;
      if (typeof value === 'number') out.value = { id: value, label: study.labels(s.referencesCollection, [value]).get(value) ?? null };
    }
    return out;
  });
  const table = (g: GroupMetadata) => sqlName(`${schema.name}_time_series_${g.groupName}`);
  return {
    collection: schema.name,
    id,
    label: String(values.label ?? ''),
    scalars,
    vectors: schema.vectors.map((g) => groupTable(study, g, db.readVectorGroupById(schema.name, g.groupName, id))),
    sets: schema.sets.map((g) => groupTable(study, g, db.readSetGroupById(schema.name, g.groupName, id))),
    timeSeries: schema.timeSeries.map((g) => ({
      group: g.groupName,
      dimension: g.dimensionColumn ?? 'date_time',
      columns: g.valueColumns.map((c) => ({ name: c.name, type: columnType(c.dataType), key: c.primaryKey })),
      rows: db.queryInteger(`SELECT COUNT(*) FROM ${table(g)} WHERE id = ?`, [id]) ?? 0,
    })),
  };
}
