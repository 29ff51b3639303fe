import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { deliveries } from '../../db/schema.ts';
import type { OutboxStore } from '../../src/core/ports/outbox.ts';
import type { Clock } from '../../src/core/ports/store.ts';
import { createMetrics } from '../../src/runtime/metrics.ts';
import { drainOutbox } from '../../src/scheduler/sender.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { fakePlatformPort } from '../support/fake-platform-port.ts';
import { seedDeliveries } from '../support/seed.ts';
import { describeOnDrivers, resetDatabase, testLog } from '../support/world.ts';
import { openTwoInstances, type TwoInstances } from './two-instances.ts';

/** Real time on both senders: leases are about time passing, which a frozen test clock hides. */
const realClock: Clock = { now: () => new Date() };

describeOnDrivers('claims held while a slow platform answers', (driver) => {
  const platform = new FakePlatform();
  let instances: TwoInstances;
  let world: TwoInstances['world'];
  /** The second instance's outbox (on Postgres, its own connection pool). */
  let second: OutboxStore;

  beforeAll(async () => {
    await platform.start();
    instances = await openTwoInstances(driver, new Date().toISOString());
    ({ world, second } = instances);
  });
  afterAll(async () => {
    await instances?.close();
    await platform.stop();
  });
  beforeEach(async () => {
    await resetDatabase(world.database);
    platform.reset();
  });

  const drain = (outbox: OutboxStore, workerId: string, leaseMs: number, metrics = createMetrics()) => {
    const port = fakePlatformPort(platform.url, 10_000);
    return drainOutbox({
      store: outbox,
      ports: new Map([[port.platform, port]]),
      clock: realClock,
      log: testLog,
      workerId,
      leaseMs,
      batchSize: 10,
      metrics,
    });
  };

  it('two senders and a platform slower than the lease: exactly one request per delivery', async () => {
    const LEASE_MS = 1_500;
    platform.delayMs = 1_800; // every send outlasts the lease
    const keys = await seedDeliveries(world.store, world.outbox, {
      names: ['ann', 'ben', 'cat'],
      notBefore: new Date(Date.now() - 60_000),
    });

    // Sender A claims all three and works through them, one slow send after another.
    const first = drain(world.outbox, 'sender-a', LEASE_MS);
    // By the second request A's claims are older than the lease; sender B looks for stale claims
    // then, and again while A sends the last one, and once A is done.
    await platform.receivedRequests(2);
    const meanwhile = [await drain(second, 'sender-b', LEASE_MS)];
    await platform.receivedRequests(3);
    meanwhile.push(await drain(second, 'sender-b', LEASE_MS));
    const a = await first;
    const after = await drain(second, 'sender-b', LEASE_MS);

    // Counted on the raw requests, before the fake's nonce de-duplication.
    expect(platform.rawRequests).toHaveLength(keys.length);
    expect(platform.repeatedNonces()).toEqual(new Map());
    expect(a).toMatchObject({ sent: 3, lost: 0 });
    for (const report of [...meanwhile, after]) expect(report).toMatchObject({ sent: 0, lost: 0 });
    expect(await world.outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 3, dead: 0 });
  });

  it('a sender whose claims were taken over neither sends nor settles them; the loss is logged and counted', async () => {
    platform.delayMs = 1_000;
    await seedDeliveries(world.store, world.outbox, {
      names: ['ann', 'ben'],
      notBefore: new Date(Date.now() - 60_000),
    });
    const metrics = createMetrics();

    const first = drain(world.outbox, 'sender-a', 600, metrics);
    await platform.receivedRequests(1);
    // As if A had stalled past its lease: its claims expire on the database's clock and B resumes them.
    await world.database.db.update(deliveries).set({ claimedAt: sql`now() - interval '1 hour'` });
    const taken = await second.claimDeliveries({
      now: new Date(),
      limit: 10,
      platforms: ['console'],
      workerId: 'sender-b',
      leaseMs: 60_000,
    });
    expect(taken.map((d) => d.resumed)).toEqual([true, true]);
    const a = await first;

    // A's send in flight reached the platform; it could not settle it, and it never sent the other.
    expect(a).toMatchObject({ sent: 0, lost: 2 });
    expect(platform.rawRequests).toHaveLength(1);
    const lost = (await metrics.registry.getSingleMetric('thrice_claims_lost_total')?.get())?.values ?? [];
    expect(lost.map((v) => [v.labels.stage, v.value]).sort()).toEqual([
      ['before_send', 1],
      ['settle', 1],
    ]);
    const rows = await world.database.db.select().from(deliveries);
    for (const row of rows)
      expect(row).toMatchObject({ state: 'sending', claimedBy: 'sender-b', attempts: 2 });
    // The new owner settles them.
    for (const delivery of taken)
      expect(
        await second.markSent(delivery, 'sender-b', { platformMessageId: delivery.id }, new Date()),
      ).toBe(true);
    expect(
      (await world.database.db.select().from(deliveries).where(eq(deliveries.state, 'sent'))).length,
    ).toBe(2);
  });
});
