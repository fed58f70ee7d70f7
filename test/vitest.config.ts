import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    // The fault-injection suite runs worker processes at full load; it gets the
    // machine to itself afterwards (test/vitest.faults.config.ts), so its load
    // cannot starve the timing of other tests.
    exclude: ['test/e2e/fault-injection.test.ts', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end tests start local servers and child processes; two cores.
    maxWorkers: 2,
  },
});
