// Quiver Studio: a local web server for looking at a study in the browser (`quiver studio`). Only
// bin/quiver.mjs imports this module, so API users never load it (lib/index.ts does not reach it).

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Database, LogLevel } from '../index.js';
import { requestHandler, type ServerState } from './server.js';
import { loadAssets } from './static.js';
import { Study } from './study.js';
import { createToken, TokenGuard } from './token.js';

export { openBrowser } from './open-browser.js';
// For the CLI, which maps --log-level names through it (one copy of the library per process).
export { LogLevel } from '../index.js';

/** How to start the studio. */
export interface StudioOptions {
  /** The study's database file (must exist). */
  dbPath: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Open the database read-write and let the Lua console keep changes (default false). */
  write?: boolean;
  /** Library console log level (default LogLevel.Warn). */
  consoleLevel?: LogLevel;
}

/** A running studio. */
export interface Studio {
  /** The URL to open, token included. */
  readonly url: string;
  /** The port it listens on (on 127.0.0.1). */
  readonly port: number;
  /** The access token. */
  readonly token: string;
  /** Whether it was started with write access. */
  readonly writable: boolean;
  /** Stops the server and closes the database. Idempotent. */
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use on 127.0.0.1`) : err);
    };
    server.once('error', onError);
    // Loopback only: the studio is never reachable from another machine.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as { port: number }).port);
    });
  });
}

/** Opens the study and starts serving it on 127.0.0.1. */
export async function startStudio(options: StudioOptions): Promise<Studio> {
  const { dbPath, port = 0, write = false, consoleLevel = LogLevel.Warn } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port ${String(port)}: expected 0 to 65535`);
  // Database.open would create a missing file when opening read-write.
  if (!existsSync(dbPath)) throw new Error(`Database file not found: ${dbPath}`);
  const assets = await loadAssets();
  const db = Database.open(dbPath, { readOnly: !write, consoleLevel });
  const tmpDir = mkdtempSync(path.join(tmpdir(), 'quiver-studio-'));
  const state: ServerState = { study: new Study(db, write), assets, tmpDir, port, guard: null };
  const server = createServer(requestHandler(state));
  const cleanup = () => {
    db.close();
    rmSync(tmpDir, { recursive: true, force: true });
  };
  try {
    state.port = await listen(server, port);
  } catch (err) {
    cleanup();
    throw err;
  }
  const token = createToken();
  state.guard = new TokenGuard(token, state.port);
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${state.port}/?token=${token}`,
    port: state.port,
    token,
    writable: write,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(cleanup);
      return closing;
    },
  };
}
