import { afterAll, beforeAll, expect, it } from 'vitest';
import { planTick } from '../../src/scheduler/planner.ts';
import { drainOutbox } from '../../src/scheduler/sender.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { fakePlatformPort } from '../support/fake-platform-port.ts';
import { seedDueWork } from '../support/seed.ts';
import { describeOnDrivers, testLog } from '../support/world.ts';
import { openTwoInstances, type TwoInstances } from './two-instances.ts';

/** Enough that two instances' small batches (below) interleave dozens of times. */
const MEMBERS = 100;
const PROMISES_PER_MEMBER = 4;
/**
 * Half the members have a digest, which carries their due nudges (one message each); the other
 * half turned it off, so each of their promises gets a timed nudge of its own.
 */
const DELIVERIES = MEMBERS / 2 + (MEMBERS / 2) * PROMISES_PER_MEMBER;

describeOnDrivers('exactly once across instances', (driver) => {
  const platform = new FakePlatform();
  let instances: TwoInstances;

  beforeAll(async () => {
    await platform.start();
    // Tuesday 1 Dec 2026 08:00 UTC; promises due at 04:00, so at 09:00 every digest and nudge is due.
    instances = await openTwoInstances(driver, '2026-12-01T08:00:00Z');
    for (const digest of [true, false])
      await seedDueWork(instances.world.store, {
        members: MEMBERS / 2,
        promisesPerMember: PROMISES_PER_MEMBER,
        createdAt: new Date('2026-11-30T08:00:00Z'),
        dueAt: new Date('2026-12-01T04:00:00Z'),
        prefix: digest ? 'member-' : 'no-digest-',
        digest,
      });
  }, 300_000);

  afterAll(async () => {
    await instances?.close();
    await platform.stop();
  });

  it('two schedulers and two senders running at once send every due delivery exactly once', async () => {
    const now = new Date('2026-12-01T09:00:00Z');
    const { world, second } = instances;
    world.clock.set(now);
    const port = fakePlatformPort(platform.url);
    const ports = new Map([[port.platform, port]]);
    // Small batches, so the two instances' claims interleave many times.
    const outboxes = [world.outbox, second];
    const plans = await Promise.all(
      outboxes.map((store) => planTick({ store, now, log: testLog, batch: 50 })),
    );
    const drains = await Promise.all(
      outboxes.map((store, i) =>
        drainOutbox({
          store,
          ports,
          clock: world.clock,
          log: testLog,
          workerId: `worker-${i}`,
          batchSize: 20,
        }),
      ),
    );
    const planned = plans.reduce((sum, plan) => sum + plan.planned.length, 0);
    expect(planned).toBe(DELIVERIES);
    expect(plans.every((plan) => plan.failed === 0)).toBe(true);
    // Each delivery reached the platform in exactly one request: counted on the raw requests,
    // before the fake's nonce de-duplication.
    expect(platform.rawRequests).toHaveLength(DELIVERIES);
    expect(platform.repeatedNonces()).toEqual(new Map());
    expect(platform.messages).toHaveLength(DELIVERIES);
    expect(drains.reduce((sum, drain) => sum + drain.sent, 0)).toBe(DELIVERIES);
    expect(drains.every((drain) => drain.lost === 0)).toBe(true);
    expect(await world.outbox.counts()).toEqual({ pending: 0, sending: 0, sent: DELIVERIES, dead: 0 });
    // A later tick plans nothing new for the same moments.
    const again = await planTick({ store: world.outbox, now, log: testLog });
    expect(again.planned).toHaveLength(0);
  }, 300_000);
});
