// `npm run build`, after tsup: Quiver Studio into dist/studio. The server (lib/studio) becomes
// dist/studio/server.js, importing the library from ../index.js instead of bundling a second copy;
// the browser app becomes dist/studio/web. dist/index.js never imports either: the studio costs
// nothing to users of the API alone.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { bundleWeb } from '../studio/build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'studio');

/** lib/studio imports the public API as '../index.js'; dist/studio/server.js finds it at the same path. */
const libraryIsExternal = {
  name: 'quiver-library-external',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) => {
      if (path.dirname(args.importer) !== path.join(root, 'lib', 'studio')) return undefined;
      return { path: '../index.js', external: true };
    });
  },
};

await esbuild.build({
  entryPoints: [path.join(root, 'lib', 'studio', 'index.ts')],
  outfile: path.join(out, 'server.js'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  plugins: [libraryIsExternal],
  logLevel: 'warning',
});
await bundleWeb({ outdir: path.join(out, 'web') });
console.log(`Quiver Studio built into ${path.relative(root, out)}/`);
