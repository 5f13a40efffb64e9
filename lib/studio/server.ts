// The studio's request handler: the checks every request passes (Host, token, fetch metadata)
// before it reaches the app's files or an API route.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { QuiverError } from '../index.js';
import { applySecurityHeaders, HttpError, send, sendError } from './http.js';
import { matchRoute } from './routes.js';
import type { Assets } from './static.js';
import type { Study } from './study.js';
import type { TokenGuard } from './token.js';

/** What the handler serves. */
export interface ServerState {
  /** The open study. */
  study: Study;
  /** The browser app. */
  assets: Assets;
  /** The server's own temporary folder. */
  tmpDir: string;
  /** Port the server listens on (set once listening). */
  port: number;
  /** Token check (set once listening: the cookie is named after the port). */
  guard: TokenGuard | null;
}

const TOKEN_HELP = 'Missing or wrong token: open the URL that `quiver studio` printed (it holds the token).';

/**
 * Refuses requests that did not come from the studio's own page: a Host other than the loopback
 * address (DNS rebinding), and requests another site's page made (fetch metadata), except a
 * top-level navigation, which carries no cookie and must still present the token.
 */
function checkOrigin(req: IncomingMessage, port: number): void {
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) throw new HttpError(403, `Unexpected Host header '${host}'`);
  const site = req.headers['sec-fetch-site'];
  const navigation = req.method === 'GET' && req.headers['sec-fetch-mode'] === 'navigate';
  if ((site === 'cross-site' || site === 'same-site') && !navigation) throw new HttpError(403, 'Requests from other sites are refused');
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) throw new HttpError(403, `Requests from origin '${origin}' are refused`);
}

async function dispatch(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${state.port}`);
  checkOrigin(req, state.port);
  const source = state.guard?.check(req, url) ?? null;
  if (source === null) throw new HttpError(401, TOKEN_HELP);
  if (url.pathname.startsWith('/api/')) {
    const { route, params } = matchRoute(req.method ?? 'GET', url.pathname);
    await route.handle({ req, res, url, params, study: state.study, tmpDir: state.tmpDir });
    return;
  }
  const asset = state.assets.get(url.pathname);
  if (!asset) throw new HttpError(404, `Not found: ${url.pathname}`);
  if (req.method !== 'GET') throw new HttpError(405, `Method ${req.method} is not allowed on ${url.pathname}`);
  if (source === 'query' && url.pathname === '/') {
    // Trade the URL's token for a cookie, and drop it from the address bar and history.
    res.setHeader('Set-Cookie', state.guard!.cookie());
    res.statusCode = 303;
    res.setHeader('Location', '/');
    res.end();
    return;
  }
  send(res, 200, asset.type, asset.body);
}

/** The request listener of a studio server. */
export function requestHandler(state: ServerState): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    applySecurityHeaders(res);
    dispatch(state, req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy(err instanceof Error ? err : undefined);
        return;
      }
      if (err instanceof HttpError) sendError(res, err.status, err.message);
      else if (err instanceof QuiverError) sendError(res, 500, err.message);
      else sendError(res, 500, `Internal error: ${err instanceof Error ? err.message : String(err)}`);
    });
  };
}
