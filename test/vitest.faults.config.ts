import { defineConfig } from 'vitest/config';

/** The fault-injection suite, run on its own after the rest (see vitest.config.ts). */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/e2e/fault-injection.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 30_000,
    maxWorkers: 1,
  },
});
