import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The long runs (chaos, soak) are `npm run test:chaos`; CI runs both.
    exclude: ['test/chaos/**', 'node_modules/**'],
    // Generous: some tests start real processes, and npm test must pass on a busy 2-core machine.
    // Speed is measured by npm run bench, never by a test's time limit.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // With TEST_DATABASE_URL: one migrated template database that Postgres worlds are copied from.
    globalSetup: ['test/support/global-setup.ts'],
    // One fast-check seed for the run: fixed in npm test, random and printed in test:thorough.
    setupFiles: ['test/support/fuzz.ts'],
  },
});
