/**
 * One claim-and-complete worker in its own process, for the outbox throughput race.
 * BENCH_WORKER=thrice: our sender (drainOutbox over DrizzleOutboxStore, SKIP LOCKED claims of 25)
 * with a delivery port that does nothing. BENCH_WORKER=graphile: graphile-worker's runOnce with a
 * no-op task, concurrency 1, no local queue and no completion batching (its defaults).
 * Both connect and migrate before "ready"; the clock starts at "go"; each exits when its queue is empty.
 */
import { Logger, runOnce } from 'graphile-worker';
import pino from 'pino';
import { openDatabase } from '../../db/connection.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import type { DeliveryPort } from '../../src/core/ports/delivery.ts';
import { newWorkerId } from '../../src/scheduler/scheduler.ts';
import { drainOutbox } from '../../src/scheduler/sender.ts';

/** What a worker reports when its queue is empty (wall-clock ms, comparable across processes). */
export interface WorkerDone {
  type: 'done';
  completed: number;
  startedAt: number;
  endedAt: number;
}

const kind = process.env.BENCH_WORKER ?? 'thrice';
const url = process.env.BENCH_DATABASE_URL ?? '';

/** The platform end that accepts everything at once: only the outbox is measured. */
const noop: DeliveryPort = {
  platform: 'slack',
  send: async (delivery) => ({ platformMessageId: delivery.id }),
};

async function prepare(): Promise<() => Promise<number>> {
  if (kind === 'graphile') {
    const logger = new Logger(() => () => {});
    return async () => {
      let completed = 0;
      await runOnce({
        connectionString: url,
        concurrency: 1,
        noHandleSignals: true,
        logger,
        taskList: {
          noop: async () => {
            completed += 1;
          },
        },
      });
      return completed;
    };
  }
  const database = await openDatabase({ databaseUrl: url, dataDir: 'memory://' });
  const store = new DrizzleOutboxStore(database.db);
  return async () => {
    const report = await drainOutbox({
      store,
      ports: new Map([['slack', noop]]),
      clock: { now: () => new Date() },
      log: pino({ level: 'silent' }),
      workerId: newWorkerId(),
    });
    await database.close();
    return report.sent;
  };
}

const work = await prepare();
process.once('message', () => {
  void (async () => {
    const startedAt = Date.now();
    const completed = await work();
    process.send?.({ type: 'done', completed, startedAt, endedAt: Date.now() } satisfies WorkerDone, () =>
      process.exit(0),
    );
  })();
});
process.send?.({ type: 'ready' });
