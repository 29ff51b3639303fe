import { describe } from 'vitest';
import { openDatabase } from '../../db/connection.ts';
import { storeContract } from './store.contract.ts';

const url = process.env.TEST_DATABASE_URL;

// CI sets TEST_DATABASE_URL (see .ci/run); without it this suite has no server to run on.
describe.runIf(url !== undefined)('on a real Postgres (TEST_DATABASE_URL)', () => {
  storeContract('Postgres', () => openDatabase({ dataDir: 'memory://', databaseUrl: url ?? '' }));
});
