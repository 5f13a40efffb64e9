// CSV downloads: the library exports the collection's scalars or one group into a file of the
// server's own temporary folder, which is streamed to the browser and deleted. The client names a
// collection and a group, never a path.

import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { HttpError } from './http.js';
import type { CollectionSchema, Study } from './study.js';

let exportCount = 0;

/** The download's file name: `<collection>.csv` or `<collection>_<group>.csv`. */
export function csvFileName(collection: string, group: string): string {
  return `${group === '' ? collection : `${collection}_${group}`}.csv`.replace(/[^\w.-]/g, '_');
}

/**
 * Exports `group` ('' for the scalars) of `schema` into `tmpDir` and streams it as an attachment;
 * 404 when the collection has no such group.
 */
export async function sendCsv(study: Study, schema: CollectionSchema, group: string, tmpDir: string, res: ServerResponse): Promise<void> {
  const groups = [...schema.vectors, ...schema.sets, ...schema.timeSeries].map((g) => g.groupName);
  if (group !== '' && !groups.includes(group)) throw new HttpError(404, `Unknown group '${group}' in collection '${schema.name}'`);
  const file = path.join(tmpDir, `export-${++exportCount}.csv`);
  try {
    study.db.exportCsv(schema.name, group, file);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${csvFileName(schema.name, group)}"`);
    await pipeline(createReadStream(file), res);
  } finally {
    await rm(file, { force: true });
  }
}
