// The browser app (studio/ in the repository): in the published package it is prebuilt into
// dist/studio/web by `npm run build`; in a checkout it is bundled in memory at start, with the
// esbuild the build uses, so what runs is always the current source.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A file the server hands out as is. */
export interface Asset {
  /** Content-Type header. */
  type: string;
  /** The bytes. */
  body: Buffer;
}

/** The app's files by URL path (`/`, `/assets/app.js`, `/assets/app.css`). */
export type Assets = Map<string, Asset>;

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** URL path → file name in the built app folder. */
const FILES: Record<string, string> = { '/': 'index.html', '/assets/app.js': 'app.js', '/assets/app.css': 'app.css' };

/** The built files of a web folder (index.html, app.js, app.css). */
export function assetsFromFiles(read: (name: string) => Buffer): Assets {
  const assets: Assets = new Map();
  for (const [urlPath, name] of Object.entries(FILES)) {
    assets.set(urlPath, { type: TYPES[name.split('.').pop()!]!, body: read(name) });
  }
  return assets;
}

let cached: Promise<Assets> | undefined;

/** Loads the app once per process: prebuilt files when present, else a fresh bundle of the sources. */
export function loadAssets(): Promise<Assets> {
  cached ??= (async () => {
    const built = new URL('./web/', import.meta.url);
    if (existsSync(new URL('index.html', built))) return assetsFromFiles((name) => readFileSync(new URL(name, built)));
    // From the sources (lib/studio/static.ts): studio/build.mjs is two folders up.
    const source = fileURLToPath(new URL('../../studio/build.mjs', import.meta.url));
    if (!existsSync(source)) throw new Error(`Quiver Studio's web files are missing: neither ${fileURLToPath(built)} nor ${source} exists`);
    const { bundleWeb } = (await import(pathToFileURL(source).href)) as { bundleWeb(): Promise<Record<string, Buffer>> };
    const files = await bundleWeb();
    return assetsFromFiles((name) => files[name]!);
  })();
  cached.catch(() => (cached = undefined)); // a failed bundle is retried by the next start
  return cached;
}
