// The Lua console: runs a script from the browser against the study. Without --write the database is
// open read-only and every script runs inside a dry run; with --write a script's changes are kept only
// when the request asks for it, otherwise they are discarded by the dry run as well.

import { LuaRunner, QuiverError } from '../index.js';
import { HttpError } from './http.js';
import type { Study } from './study.js';

/** What the console sends. */
export interface LuaRequest {
  /** Lua source. */
  script: string;
  /** Keep the script's changes (needs --write); otherwise they are discarded. */
  keep?: boolean;
}

/** What the console gets back. */
export interface LuaReply {
  /** The script's return value as JSON text ('' when it returns nothing). */
  json: string;
  /** Whether changes were kept (false: the script ran inside a dry run). */
  kept: boolean;
  /** Run time in milliseconds. */
  ms: number;
}

const READ_ONLY_HINT = 'Quiver Studio opened the study read-only: restart it with --write to change it.';

function parseRequest(body: unknown): LuaRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'Expected a JSON object { "script": "...", "keep": false }');
  }
  const { script, keep } = body as Record<string, unknown>;
  if (typeof script !== 'string') throw new HttpError(400, "Field 'script' must be a string of Lua source");
  if (keep !== undefined && typeof keep !== 'boolean') throw new HttpError(400, "Field 'keep' must be true or false");
  return { script, keep: keep === true };
}

/** Runs the script of `body` on `study`; 400 with the Lua message when the script fails. */
export function runLua(study: Study, body: unknown): LuaReply {
  const request = parseRequest(body);
  if (request.keep && !study.writable) throw new HttpError(403, `Changes cannot be kept. ${READ_ONLY_HINT}`);
  const db = study.db;
  const started = performance.now();
  using runner = new LuaRunner(db);
  try {
    const json = request.keep ? runner.runRaw(request.script) : db.dryRun(() => runner.runRaw(request.script));
    return { json, kept: request.keep === true, ms: performance.now() - started };
  } catch (err) {
    if (!(err instanceof QuiverError)) throw err;
    const hint = !study.writable && /readonly database/i.test(err.message) ? `\n${READ_ONLY_HINT}` : '';
    throw new HttpError(400, `${err.message}${hint}`);
  } finally {
    // A script may leave a transaction open (begin_transaction without commit): nothing half-done stays.
    if (!db.closed && db.inTransaction()) db.rollback();
  }
}
