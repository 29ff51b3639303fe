import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { planTick } from '../../src/scheduler/planner.ts';
import { actor, describeOnDrivers, openWorld, resetDatabase, say, testLog } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

const MONDAY = '2026-11-30T08:00:00Z'; // Monday 30 Nov, 09:00 Berlin

describeOnDrivers('the accountability roundup', (driver) => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld({ driver, now: MONDAY });
  });
  beforeEach(async () => {
    await resetDatabase(world.database);
    world.clock.set(MONDAY);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('posts weekly counts and shout-outs for members who opted in, never contact names or companies', async () => {
    const admin = actor('Alice', 'UTC');
    const sharer = actor('Bea', 'UTC');
    const quiet = actor('Cal', 'UTC');
    await say(world.inbound, admin, 'channel <#C123|job-hunt>');
    // The first pass only schedules the first roundup (today, 10:00); nothing is posted yet.
    expect((await planTick({ store: world.outbox, now: world.clock.now(), log: testLog })).roundups).toBe(0);

    await say(world.inbound, sharer, 'settings share on');
    await say(world.inbound, sharer, 'Zed Secretname (recruiter, Hushco) will call me back by Tuesday 3pm');
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03']) {
      world.clock.set(`${day}T11:00:00Z`);
      await say(world.inbound, sharer, 'followed #1');
    }
    await say(world.inbound, quiet, 'Yara Private (Confidential Inc) will email me tomorrow');
    world.clock.set('2026-12-04T11:00:00Z');
    await say(world.inbound, quiet, 'heard #1');

    world.clock.set('2026-12-07T10:00:00Z');
    const tick = await planTick({ store: world.outbox, now: world.clock.now(), log: testLog });
    expect(tick.roundups).toBe(1);
    const roundup = tick.planned.find((d) => d.kind === 'roundup');
    expect(roundup?.target).toMatchObject({ kind: 'channel', channelId: 'C123' });
    const body = JSON.stringify(roundup?.message);
    expect(body).toContain('3 follow-ups logged · 1 callback received · 2 members active');
    expect(body).toContain('Bea followed up 3 times');
    expect(body).not.toContain('Cal');
    for (const secret of ['Zed', 'Secretname', 'Hushco', 'Yara', 'Confidential'])
      expect(body).not.toContain(secret);

    // Once per period, even if planned again.
    expect((await planTick({ store: world.outbox, now: world.clock.now(), log: testLog })).roundups).toBe(0);
  });

  it('no channel, no roundup; turning the channel off stops it', async () => {
    const admin = actor('Alice', 'UTC');
    await say(world.inbound, admin, 'channel #job-hunt');
    await planTick({ store: world.outbox, now: world.clock.now(), log: testLog });
    await say(world.inbound, admin, 'channel off');
    world.clock.set('2026-12-07T10:00:00Z');
    expect((await planTick({ store: world.outbox, now: world.clock.now(), log: testLog })).roundups).toBe(0);
  });
});
