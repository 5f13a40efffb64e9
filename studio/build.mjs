// Bundles the Quiver Studio browser app (src/main.ts, its CSS and uPlot) into app.js and app.css,
// next to index.html. Used by scripts/build-studio.mjs (into dist/studio/web) and, from a checkout,
// by the studio server itself (in memory). Plain JS so both can load it without TypeScript tooling.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** uPlot's MIT licence, kept at the top of the bundle (its own header comment is not a legal comment). */
function uplotNotice() {
  const license = readFileSync(path.join(path.dirname(require.resolve('uplot/package.json')), 'LICENSE'), 'utf8').trim();
  return `/*! Quiver Studio. Bundles uPlot (https://github.com/leeoniya/uPlot):\n${license.replaceAll('*/', '* /')}\n*/`;
}

/**
 * Builds the app. Returns { 'index.html', 'app.js', 'app.css' } as Buffers and, when `outdir` is
 * given, writes them there too.
 */
export async function bundleWeb({ outdir } = {}) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: { app: path.join(here, 'src/main.ts') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    legalComments: 'eof',
    banner: { js: uplotNotice() },
    write: false,
    outdir: '/', // names only: nothing is written by esbuild
    logLevel: 'silent',
  });
  const files = { 'index.html': readFileSync(path.join(here, 'index.html')) };
  for (const file of result.outputFiles) files[path.basename(file.path)] = Buffer.from(file.contents);
  if (outdir) {
    await mkdir(outdir, { recursive: true });
    for (const [name, body] of Object.entries(files)) await writeFile(path.join(outdir, name), body);
  }
  return files;
}
