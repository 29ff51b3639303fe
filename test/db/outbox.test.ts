import { drivers } from '../support/drivers.ts';
import { outboxContract } from './outbox.contract.ts';

// PGlite always; Postgres too when the run has a server (CI sets TEST_DATABASE_URL).
for (const driver of drivers()) outboxContract(driver);
