import { defineConfig } from 'vitest/config';

// Real processes killed, restarted and left running for minutes: one file at a time.
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    // Postgres worlds are copies of one migrated template (see vitest.config.ts).
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/per-file.ts'],
  },
});
