import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { planTick } from '../../src/scheduler/planner.ts';
import { actor, describeOnDrivers, openWorld, resetDatabase, say, testLog } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

function local(iso: string, zone: string): Date {
  return DateTime.fromISO(iso, { zone }).toJSDate();
}

async function tickAt(world: World, at: Date) {
  world.clock.set(at);
  return planTick({ store: world.outbox, now: at, log: testLog });
}

const ZONES = ['America/Los_Angeles', 'Europe/Berlin', 'Asia/Kolkata'] as const;

// Tuesday 1 December 2026 in the evening: before anyone's Wednesday morning.
const EVENING = '2026-12-01T20:00:00Z';

describeOnDrivers('daily digests with an injected clock', (driver) => {
  let world: World;

  // One database per driver, emptied before each test: every test counts only its own members.
  beforeAll(async () => {
    world = await openWorld({ driver, now: EVENING });
  });
  beforeEach(async () => {
    await resetDatabase(world.database);
    world.clock.set(EVENING);
  });
  afterAll(async () => {
    await world?.close();
  });

  it.each(ZONES)('a member in %s gets the digest at 09:00 local, once', async (zone) => {
    const member = actor(`Alice-${zone}`, zone);
    await say(world.inbound, member, 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm');

    expect((await tickAt(world, local('2026-12-02T08:59', zone))).digests).toBe(0);
    const at9 = await tickAt(world, local('2026-12-02T09:00', zone));
    expect(at9.digests).toBe(1);
    expect(at9.planned[0]?.message.kind).toBe('digest');
    expect(JSON.stringify(at9.planned[0]?.message)).toContain('Jane Doe');
    expect((await tickAt(world, local('2026-12-02T09:05', zone))).digests).toBe(0);
    expect((await tickAt(world, local('2026-12-03T09:00', zone))).digests).toBe(1);
  });

  it('sends nothing on non-working days and resumes on Monday', async () => {
    const zone = 'Europe/Berlin';
    await say(world.inbound, actor('Bob', zone), 'Sam at Initech will email me in 3 days');
    expect((await tickAt(world, local('2026-12-05T09:30', zone))).digests).toBe(0); // Saturday
    expect((await tickAt(world, local('2026-12-06T09:30', zone))).digests).toBe(0); // Sunday
    expect((await tickAt(world, local('2026-12-07T09:00', zone))).digests).toBe(1); // Monday
  });

  it('a member with nothing to report gets no digest', async () => {
    await say(world.inbound, actor('Carol', 'Europe/Berlin'), 'settings');
    expect((await tickAt(world, local('2026-12-02T09:00', 'Europe/Berlin'))).digests).toBe(0);
  });

  it('keeps 09:00 local across the day daylight saving starts and ends', async () => {
    for (const [start, zone, dayAfterChange] of [
      ['2027-03-11T20:00:00Z', 'America/New_York', '2027-03-15'], // DST starts Sun 14 Mar 2027
      ['2027-10-28T20:00:00Z', 'Europe/Berlin', '2027-11-01'], // DST ends Sun 31 Oct 2027
    ] as const) {
      await resetDatabase(world.database);
      world.clock.set(start);
      await say(world.inbound, actor('Dana', zone), 'Jane at Acme will call me in 2 weeks');
      const friday = DateTime.fromISO(start).setZone(zone).plus({ days: 1 }).toISODate() ?? '';
      expect((await tickAt(world, local(`${friday}T09:00`, zone))).digests).toBe(1);
      expect((await tickAt(world, local(`${dayAfterChange}T08:59`, zone))).digests).toBe(0);
      const monday = await tickAt(world, local(`${dayAfterChange}T09:00`, zone));
      expect(monday.digests).toBe(1);
    }
  });

  it('a member who changes zone gets the digest at 09:00 in the new zone', async () => {
    const member = actor('Erin', 'Europe/Berlin');
    await say(world.inbound, member, 'Jane at Acme will call me in 2 weeks');
    await say(world.inbound, member, 'settings tz America/Los_Angeles');
    expect((await tickAt(world, local('2026-12-02T09:00', 'Europe/Berlin'))).digests).toBe(0);
    expect((await tickAt(world, local('2026-12-02T09:00', 'America/Los_Angeles'))).digests).toBe(1);
  });

  it('after two hours down the missed digest goes out the same day; after two days down the old ones are skipped', async () => {
    const zone = 'Europe/Berlin';
    await say(world.inbound, actor('Finn', zone), 'Jane at Acme will call me in 2 weeks');
    const twoHoursLate = await tickAt(world, local('2026-12-02T11:00', zone));
    expect(twoHoursLate.digests).toBe(1);
    expect(twoHoursLate.skipped).toBe(0);

    // Down from Wednesday 11:00 until Friday 08:00: Thursday's digest is skipped, Friday's comes at 09:00.
    const friday8 = await tickAt(world, local('2026-12-04T08:00', zone));
    expect(friday8.digests).toBe(0);
    expect(friday8.skipped).toBe(1);
    expect((await tickAt(world, local('2026-12-04T09:00', zone))).digests).toBe(1);
  });

  it('after days down and back after 09:00, only today’s digest is sent', async () => {
    const zone = 'Asia/Kolkata';
    await say(world.inbound, actor('Gita', zone), 'Jane at Acme will call me in 2 weeks');
    const back = await tickAt(world, local('2026-12-07T10:30', zone)); // Monday, down since Tuesday
    expect(back.skipped).toBe(1);
    expect(back.digests).toBe(1);
    expect(back.planned[0]?.dedupeKey).toMatch(/:2026-12-07$/);
  });
});
