import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['lib/index.ts'],
  format: ['esm', 'cjs'],
  // tsup 8.5 injects `baseUrl` into the dts build, which TypeScript 6 reports as deprecated (TS5101).
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  target: 'node20',
  platform: 'node',
  // Provides import.meta.url in the CJS build (lib/loader.ts resolves the package root from it).
  shims: true,
  clean: true,
  sourcemap: true,
  splitting: false,
  // koffi carries its own native binaries; never bundle it.
  external: ['koffi'],
});
