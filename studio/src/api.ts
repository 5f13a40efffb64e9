// Talking to the studio server: JSON GETs and POSTs that turn an error reply into an ApiError with
// the server's message. The token travels in the cookie the server set, so nothing here handles it.

export type { CollectionInfo, CollectionSummary, FilesReply, Overview } from '../../lib/studio/routes.js';
export type { ElementPage, PageColumn, Reference } from '../../lib/studio/element-table.js';
export type { ElementDetail, GroupTable, ScalarValue, SeriesSummary } from '../../lib/studio/element-detail.js';
export type { SeriesColumn, SeriesHeader } from '../../lib/studio/series.js';
export type { LuaReply } from '../../lib/studio/lua-console.js';

/** A failed request: the HTTP status and the server's message. */
export class ApiError extends Error {
  /** HTTP status of the reply. */
  readonly status: number;

  /** @param status HTTP status; @param message the server's message. */
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function check(res: Response): Promise<Response> {
  if (res.ok) return res;
  let message = `${res.status} ${res.statusText}`;
  try {
    message = ((await res.json()) as { error?: string }).error ?? message;
  } catch {
    // not JSON: keep the status line
  }
  throw new ApiError(res.status, message);
}

/** GET a JSON reply. */
export async function getJson<T>(path: string): Promise<T> {
  return (await (await check(await fetch(path))).json()) as T;
}

/** GET a binary reply. */
export async function getBinary(path: string): Promise<ArrayBuffer> {
  return (await check(await fetch(path))).arrayBuffer();
}

/** POST a JSON body, get a JSON reply. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return (await (await check(res)).json()) as T;
}

/** The API path of a collection (names are URL-encoded). */
export function collectionPath(collection: string): string {
  return `/api/collections/${encodeURIComponent(collection)}`;
}

/** The download URL of a collection's scalars ('' group) or of one group as CSV. */
export function csvUrl(collection: string, group: string): string {
  return `${collectionPath(collection)}/csv?group=${encodeURIComponent(group)}`;
}
