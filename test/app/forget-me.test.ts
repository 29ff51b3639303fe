import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { deliveries, workspaces } from '../../db/schema.ts';
import { planTick } from '../../src/scheduler/planner.ts';
import { actor, describeOnDrivers, openWorld, press, say, testLog } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

describeOnDrivers('forget-me reaches the accountability channel too', (driver) => {
  let world: World;
  const admin = actor('Alice', 'UTC');
  const bea = actor('Bea', 'UTC');
  const cal = actor('Cal', 'UTC');

  beforeEach(async () => {
    world = await openWorld({ driver, now: '2026-11-30T08:00:00Z' }); // Monday 30 Nov
  });
  afterEach(async () => {
    await world.close();
  });

  const tick = () => planTick({ store: world.outbox, now: world.clock.now(), log: testLog });

  async function roundupRows() {
    return world.database.db
      .select({ key: deliveries.dedupeKey, state: deliveries.state, payload: deliveries.payload })
      .from(deliveries)
      .where(eq(deliveries.kind, 'roundup'));
  }

  /** A week in which Bea and Cal (both sharing) follow up three times; the roundup is planned Monday 10:00. */
  async function weekWithSharers(sharers = [bea, cal]) {
    await say(world.inbound, admin, 'channel <#C123|job-hunt>');
    await tick(); // schedules the first roundup: today 10:00
    for (const who of sharers) {
      await say(world.inbound, who, 'settings share on');
      await say(world.inbound, who, 'Zed Secretname (recruiter, Hushco) will call me back by Tuesday 3pm');
    }
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03']) {
      world.clock.set(`${day}T11:00:00Z`);
      for (const who of sharers) await say(world.inbound, who, 'followed #1');
    }
    world.clock.set('2026-12-07T10:00:00Z');
    expect((await tick()).roundups).toBe(1);
  }

  it('an unsent roundup that names the member is planned again without them, under the same key', async () => {
    await weekWithSharers();
    const [planned] = await roundupRows();
    expect(planned?.state).toBe('pending');
    expect(JSON.stringify(planned?.payload)).toContain('Bea followed up 3 times');

    world.clock.set('2026-12-07T10:00:30Z');
    const ask = await say(world.inbound, bea, 'forget-me');
    expect(ask.actions?.map((a) => a.kind)).toContain('confirm_forget');
    await press(world.inbound, bea, { kind: 'confirm_forget' });
    expect(await roundupRows()).toEqual([]);
    // Due again at the end of the period the removed roundup reported, as the planner stored it.
    const [workspace] = await world.database.db.select({ at: workspaces.nextRoundupAt }).from(workspaces);
    expect(workspace?.at).toEqual(new Date('2026-12-07T10:00:00Z'));

    world.clock.set('2026-12-07T10:01:00Z');
    const again = await tick();

    expect(again.roundups).toBe(1);
    const rows = await roundupRows();
    expect(rows.map((r) => [r.key, r.state])).toEqual([[planned?.key, 'pending']]);
    const body = JSON.stringify(rows[0]?.payload);
    expect(body).not.toContain('Bea');
    expect(body).toContain('Cal followed up 3 times');
    // Bea's follow-ups are gone from the counts as well.
    expect(body).toContain('3 follow-ups logged');
    expect(body).toContain('1 member active');
    // And once re-planned, it stays once per period.
    expect((await tick()).roundups).toBe(0);
  });

  it('a sent roundup keeps its row (no second post) but loses the member’s shout-out', async () => {
    await weekWithSharers();
    await world.database.db.update(deliveries).set({ state: 'sent' }).where(eq(deliveries.kind, 'roundup'));

    await press(world.inbound, bea, { kind: 'confirm_forget' });
    expect((await tick()).roundups).toBe(0);

    const rows = await roundupRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.state).toBe('sent');
    expect(JSON.stringify(rows[0]?.payload)).not.toContain('Bea');
    expect(JSON.stringify(rows[0]?.payload)).toContain('Cal followed up 3 times');
  });

  it('takes out the member’s own shout-out after a rename, and leaves a namesake’s', async () => {
    // Cal goes by "Bea Smith": a line that starts with Bea's name is not Bea's.
    const namesake = { ...cal, user: { ...cal.user, displayName: 'Bea Smith' } };
    await weekWithSharers([bea, namesake]);
    await world.database.db.update(deliveries).set({ state: 'sent' }).where(eq(deliveries.kind, 'roundup'));
    const renamed = { ...bea, user: { ...bea.user, displayName: 'Beatrix' } };
    await say(world.inbound, renamed, 'list');

    await press(world.inbound, renamed, { kind: 'confirm_forget' });

    const [row] = await roundupRows();
    const body = JSON.stringify(row?.payload);
    expect(body).not.toContain('Bea followed up');
    expect(body).toContain('Bea Smith followed up 3 times');
  });
});
