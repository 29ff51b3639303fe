import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planTick } from '../../src/scheduler/planner.ts';
import { drainOutbox } from '../../src/scheduler/sender.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { fakePlatformPort } from '../support/fake-platform-port.ts';
import { seedDueWork } from '../support/seed.ts';
import { openWorld, resetDatabase, testLog } from '../support/world.ts';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

const databases = [
  { name: 'PGlite', url: undefined },
  ...(TEST_DATABASE_URL ? [{ name: 'Postgres', url: TEST_DATABASE_URL }] : []),
];

describe.each(databases)('exactly once across instances on $name', ({ url }) => {
  const platform = new FakePlatform();
  let world: Awaited<ReturnType<typeof openWorld>>;

  beforeAll(async () => {
    await platform.start();
    // Tuesday 1 Dec 2026 08:00 UTC; promises due at 04:00, so at 09:00 every digest and nudge is due.
    world = await openWorld({ now: '2026-12-01T08:00:00Z', ...(url ? { databaseUrl: url } : {}) });
    await resetDatabase(world.database);
    await seedDueWork(world.store, {
      members: 1_000,
      promisesPerMember: 5,
      createdAt: new Date('2026-11-30T08:00:00Z'),
      dueAt: new Date('2026-12-01T04:00:00Z'),
    });
  }, 300_000);

  afterAll(async () => {
    await world?.close();
    await platform.stop();
  });

  it('two schedulers and two senders running at once send every due delivery exactly once', async () => {
    const now = new Date('2026-12-01T09:00:00Z');
    world.clock.set(now);
    // A second instance: its own store objects (and, on Postgres, its own connection pool).
    const second = await openWorld({ now: now.toISOString(), ...(url ? { databaseUrl: url } : {}) });
    try {
      const port = fakePlatformPort(platform.url);
      const ports = new Map([[port.platform, port]]);
      const instances = [world, url ? second : world];
      const [planA, planB] = await Promise.all(
        instances.map((w) => planTick({ store: w.outbox, now, log: testLog, batch: 50 })),
      );
      await Promise.all(
        instances.map((w, i) =>
          drainOutbox({
            store: w.outbox,
            ports,
            clock: w.clock,
            log: testLog,
            workerId: `worker-${i}`,
            batchSize: 20,
          }),
        ),
      );
      const planned = (planA?.planned.length ?? 0) + (planB?.planned.length ?? 0);
      expect(planned).toBe(1_000 + 5_000);
      expect(platform.messages).toHaveLength(6_000);
      expect(new Set(platform.messages.map((m) => m.nonce)).size).toBe(6_000);
      // Each delivery was posted once: no retries were needed and none was sent twice.
      expect(platform.requests).toBe(6_000);
      expect(await world.outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 6_000, dead: 0 });
      // A later tick plans nothing new for the same moments.
      const again = await planTick({ store: world.outbox, now, log: testLog });
      expect(again.planned).toHaveLength(0);
    } finally {
      await second.close();
    }
  }, 300_000);
});
