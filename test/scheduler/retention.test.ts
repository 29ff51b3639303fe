import { afterAll, beforeAll, expect, it } from 'vitest';
import { runTick } from '../../src/scheduler/scheduler.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { fakePlatformPort } from '../support/fake-platform-port.ts';
import { seedDueWork } from '../support/seed.ts';
import { describeOnDrivers, openWorld, testLog } from '../support/world.ts';

const DAY = 24 * 60 * 60_000;

describeOnDrivers('retention', (driver) => {
  const platform = new FakePlatform();
  let world: Awaited<ReturnType<typeof openWorld>>;
  beforeAll(async () => {
    await platform.start();
    world = await openWorld({ driver, now: '2026-12-01T09:00:00Z' });
    await seedDueWork(world.store, {
      members: 3,
      promisesPerMember: 1,
      createdAt: new Date('2026-11-30T08:00:00Z'),
      dueAt: new Date('2026-12-01T04:00:00Z'),
    });
  });
  afterAll(async () => {
    await world?.close();
    await platform.stop();
  });

  it('a tick forgets request keys after two days and settled deliveries after thirty, and nothing newer', async () => {
    const ports = new Map([['console' as const, fakePlatformPort(platform.url)]]);
    const tick = (prune?: boolean) =>
      runTick({
        store: world.outbox,
        ports,
        clock: world.clock,
        log: testLog,
        workerId: 'w1',
        ...(prune === undefined ? {} : { prune }),
      });
    const first = await tick();
    expect(first.drain.sent).toBeGreaterThan(0);
    const sent = (await world.outbox.counts()).sent;
    const workspace = await world.store.ensureWorkspace({
      platform: 'console',
      externalId: 'seeded',
      name: 'Seeded',
    });
    await world.store.rememberRequest(workspace.id, 'old-request', world.clock.now());
    world.clock.advance(DAY);
    await world.store.rememberRequest(workspace.id, 'new-request', world.clock.now());

    world.clock.advance(1.5 * DAY);
    await tick();
    // The old key is gone (a retry of it would run again), the newer one still guards.
    expect(await world.store.rememberRequest(workspace.id, 'old-request', world.clock.now())).toBe(true);
    expect(await world.store.rememberRequest(workspace.id, 'new-request', world.clock.now())).toBe(false);
    expect((await world.outbox.counts()).sent).toBeGreaterThanOrEqual(sent);

    world.clock.advance(30 * DAY);
    const before = (await world.outbox.counts()).sent;
    await tick(false);
    expect((await world.outbox.counts()).sent).toBeGreaterThanOrEqual(before);
    await tick();
    const after = await world.outbox.counts();
    // Only what the last ticks sent is left: the first day's deliveries are gone.
    expect(after.sent).toBeLessThan(before);
    expect(before - after.sent).toBeGreaterThanOrEqual(sent);
  });
});
