import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One child process per test file: a native crash stays inside that file's process, and
    // every file gets its own koffi state and thread-local last error.
    pool: 'forks',
    // globalThis.gc for finalizer tests (test/helpers.ts collectUntil).
    execArgv: ['--expose-gc'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
