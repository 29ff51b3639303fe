import { describe } from 'vitest';
import { drivers } from '../support/drivers.ts';
import { outboxContract } from './outbox.contract.ts';

// CI sets TEST_DATABASE_URL (see .ci/run); without a server there is no Postgres to run on.
describe.skipIf(!drivers().includes('postgres'))('on a real Postgres (TEST_DATABASE_URL)', () => {
  outboxContract('postgres');
});
