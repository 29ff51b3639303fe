import { afterAll } from 'vitest';
import { returnTestDatabases } from './drivers.ts';
import { removeDataDirs } from './run-thrice.ts';

/*
 * Runs before every test file. Files share their worker's modules (vitest.config.ts turns
 * isolation off, so each file does not import and start everything again); what one file leaves
 * behind is cleaned up here, not at module load, which happens once per worker.
 */
afterAll(async () => {
  await returnTestDatabases();
  removeDataDirs();
});
