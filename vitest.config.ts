import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The long runs (chaos, soak) are `npm run test:chaos`, and the pages in Chromium are
    // `npm run test:browser` (a newcomer may have no Chromium); CI runs all three.
    exclude: ['test/chaos/**', 'test/browser/**', 'node_modules/**'],
    // Generous: some tests start real processes, and npm test must pass on a busy 2-core machine.
    // Speed is measured by npm run bench, never by a test's time limit.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // With TEST_DATABASE_URL: one migrated template database that Postgres worlds are copied from.
    globalSetup: ['test/support/global-setup.ts'],
    // One fast-check seed for the run: fixed in npm test, random and printed in test:thorough;
    // and what a test file leaves open is taken back when it ends (per-file.ts).
    setupFiles: ['test/support/fuzz.ts', 'test/support/per-file.ts'],
    // Files share their worker's modules and test databases instead of importing the platform
    // libraries and starting a WASM Postgres each: on a 2-core machine that was a third of the run.
    isolate: false,
    // Three workers even on two cores: much of a run is a worker waiting on a Thrice process it
    // started or on a timer, and the others fill that time (on a 2-core machine alone, 94 s with
    // three against about 103 s with two; beside another suite, 231 s with one, 159 s with two).
    maxWorkers: Math.max(3, availableParallelism() - 1),
  },
});
