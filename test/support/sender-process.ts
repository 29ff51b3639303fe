/**
 * A sender in its own process, for the crash test: drains the outbox to the fake platform
 * (FAKE_PLATFORM_URL) from the database in DATABASE_URL or DATA_DIR, prints `drained` and its
 * report as JSON, then exits 0. CLOCK_OFFSET_MS moves its clock (which decides what is due, not
 * leases) that far ahead, as a later tick would run.
 */
import { openDatabase } from '../../db/connection.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import { newWorkerId } from '../../src/scheduler/scheduler.ts';
import { drainOutbox } from '../../src/scheduler/sender.ts';
import { testLog } from './clock.ts';
import { fakePlatformPort } from './fake-platform-port.ts';

const url = process.env.DATABASE_URL;
const offsetMs = Number(process.env.CLOCK_OFFSET_MS ?? '0');
const database = await openDatabase(
  url ? { databaseUrl: url, dataDir: 'memory://' } : { dataDir: process.env.DATA_DIR ?? '' },
);
const port = fakePlatformPort(process.env.FAKE_PLATFORM_URL ?? '');
const report = await drainOutbox({
  store: new DrizzleOutboxStore(database.db),
  ports: new Map([[port.platform, port]]),
  clock: { now: () => new Date(Date.now() + offsetMs) },
  log: testLog,
  workerId: newWorkerId(),
  batchSize: 5,
  leaseMs: Number(process.env.LEASE_MS ?? '1000'),
});
await database.close();
process.stdout.write(`drained ${JSON.stringify(report)}\n`);
