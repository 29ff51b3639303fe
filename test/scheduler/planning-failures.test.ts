import { Writable } from 'node:stream';
import { and, eq, like, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { deliveries, members, promises, workspaces } from '../../db/schema.ts';
import { createMetrics, type Metrics } from '../../src/runtime/metrics.ts';
import { PLANNING_RETRY } from '../../src/scheduler/retry-policy.ts';
import { runTick } from '../../src/scheduler/scheduler.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { fakePlatformPort } from '../support/fake-platform-port.ts';
import { seedDueWork } from '../support/seed.ts';
import { describeOnDrivers, openWorld, resetDatabase } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

// Tuesday 1 Dec 2026: promises were due at 04:00, digests at 09:00, a weekly roundup on Monday 10:00.
const NOW = '2026-12-01T09:00:00Z';
const CREATED = new Date('2026-11-30T08:00:00Z');
const DUE = new Date('2026-12-01T04:00:00Z');
const MONDAY_ROUNDUP = new Date('2026-11-30T10:00:00Z');
const MINUTE = 60_000;

/**
 * A real database failure for chosen rows: inserting a delivery for a member whose external id
 * starts with `refused-`, or a roundup for a workspace whose external id does, raises. On
 * Postgres a raised error aborts the whole transaction unless it was inside a savepoint.
 */
const REFUSING_TRIGGER = [
  sql`create or replace function thrice_test_refuse_delivery() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from members where id = new.member_id and external_id like 'refused-%')
        or (new.kind = 'roundup'
          and exists (select 1 from workspaces where id = new.workspace_id and external_id like 'refused%')) then
        raise exception 'delivery refused by the test trigger';
      end if;
      return new;
    end $$`,
  sql`create trigger thrice_test_refuse_delivery before insert on deliveries
    for each row execute function thrice_test_refuse_delivery()`,
];

/** Log lines as JSON objects, to check what a failure log says (and does not say). */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n'))
        if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines, text: () => JSON.stringify(lines) };
}

async function counterValue(metrics: Metrics, labels: Record<string, string>): Promise<number> {
  const metric = metrics.registry.getSingleMetric('thrice_planning_failures_total');
  const values = (await metric?.get())?.values ?? [];
  const match = values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value));
  return match?.value ?? 0;
}

describeOnDrivers('planning fails per item, and the sender runs in the same tick', (driver) => {
  const platform = new FakePlatform();
  let world: World;
  let metrics: Metrics;
  let logged: ReturnType<typeof capturedLog>;

  beforeAll(async () => {
    await platform.start();
    world = await openWorld({ driver, now: NOW });
    for (const statement of REFUSING_TRIGGER) await world.database.db.execute(statement);
  });
  afterAll(async () => {
    await world?.close();
    await platform.stop();
  });
  beforeEach(async () => {
    await resetDatabase(world.database);
    platform.reset();
    world.clock.set(NOW);
    metrics = createMetrics();
    logged = capturedLog();
  });

  const tick = () => {
    const port = fakePlatformPort(platform.url);
    return runTick({
      store: world.outbox,
      ports: new Map([[port.platform, port]]),
      clock: world.clock,
      log: logged.log,
      metrics,
      workerId: 'w1',
    });
  };

  const seed = (prefix: string, count = 2) =>
    seedDueWork(world.store, {
      members: count,
      promisesPerMember: 1,
      createdAt: CREATED,
      dueAt: DUE,
      prefix,
    });

  const row = async (externalId: string) => {
    const [found] = await world.database.db.select().from(members).where(eq(members.externalId, externalId));
    return found ?? expect.fail(`no member ${externalId}`);
  };

  /** Gives a workspace an accountability channel and a weekly roundup due on Monday 10:00. */
  const dueRoundup = async (externalId: string) => {
    const workspace = await world.store.ensureWorkspace({
      platform: 'console',
      externalId,
      name: externalId,
    });
    await world.database.db
      .update(workspaces)
      .set({
        accountabilityChannelId: `C-${externalId}`,
        roundupCadence: 'weekly',
        nextRoundupAt: MONDAY_ROUNDUP,
      })
      .where(eq(workspaces.id, workspace.id));
    return workspace.id;
  };

  it('a due roundup and due digests and nudges all go out in one tick', async () => {
    await seed('member-');
    await seedDueWork(world.store, {
      members: 1,
      promisesPerMember: 1,
      createdAt: CREATED,
      dueAt: DUE,
      prefix: 'solo-',
      digest: false,
    });
    const workspaceId = await dueRoundup('seeded');
    const report = await tick();
    // Each digest carries its member's due nudge; the member without a digest gets the nudge alone.
    expect(report.plan).toMatchObject({ digests: 2, nudges: 1, roundups: 1, failed: 0 });
    expect(report.drain.sent).toBe(4);
    expect(platform.messages.map((m) => m.recipient).sort()).toEqual([
      'channel:C-seeded',
      'member-0',
      'member-1',
      'solo-0',
    ]);
    const [workspace] = await world.database.db
      .select()
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId));
    expect(workspace?.nextRoundupAt).toEqual(new Date('2026-12-07T10:00:00Z'));
  });

  it('a member whose stored settings make planning throw is skipped, logged by id, counted and backed off', async () => {
    await seed('member-', 3);
    // A digest time that is not HH:MM: building the member's next digest moment throws.
    await world.database.db
      .update(members)
      .set({ digestTime: 'soon' })
      .where(eq(members.externalId, 'member-1'));
    const poison = await row('member-1');

    const first = await tick();
    expect(first.plan).toMatchObject({ digests: 2, failed: 1 });
    // The others' digests (carrying their nudges) and the poisoned member's nudge were planned
    // and sent in this same tick.
    expect(first.drain.sent).toBe(2 + 1);
    expect(platform.messages.filter((m) => m.recipient === 'member-1')).toHaveLength(1); // its nudge
    const deferred = await row('member-1');
    expect(deferred.planningFailures).toBe(1);
    expect(deferred.nextDigestAt).toEqual(new Date(Date.parse(NOW) + PLANNING_RETRY.baseDelayMs));
    expect(await counterValue(metrics, { kind: 'digest', scope: 'item' })).toBe(1);
    const failure = logged.lines.find(
      (line) => line.msg === 'planning failed for one item; it is deferred and the rest goes on',
    );
    expect(failure).toMatchObject({
      kind: 'digest',
      memberId: poison.id,
      workspaceId: poison.workspaceId,
      code: 'Error',
    });
    expect(logged.text()).not.toContain('Member 1'); // no member text, only ids and the error code

    // Not retried every minute: the next ticks leave it alone until its retry moment.
    world.clock.advance(MINUTE);
    expect((await tick()).plan.failed).toBe(0);
    // Each failure in a row doubles the wait.
    world.clock.set(deferred.nextDigestAt ?? expect.fail('deferred without a moment'));
    expect((await tick()).plan.failed).toBe(1);
    const again = await row('member-1');
    expect(again.planningFailures).toBe(2);
    expect(again.nextDigestAt).toEqual(
      new Date(world.clock.now().getTime() + 2 * PLANNING_RETRY.baseDelayMs),
    );

    // Once the row is repaired, its digest is planned again and the count resets.
    await world.database.db.update(members).set({ digestTime: '09:00' }).where(eq(members.id, poison.id));
    world.clock.set(again.nextDigestAt ?? expect.fail('deferred without a moment'));
    const repaired = await tick();
    expect(repaired.plan).toMatchObject({ digests: 1, failed: 0 });
    expect((await row('member-1')).planningFailures).toBe(0);
  });

  it('a digest retried after a failure still waits for the member’s digest day and time', async () => {
    await seed('member-', 1);
    // Failed twice in a row; the retry moment fell on Saturday 5 Dec, not a digest day.
    await world.database.db
      .update(members)
      .set({ planningFailures: 2, nextDigestAt: new Date('2026-12-05T09:30:00Z') })
      .where(eq(members.externalId, 'member-0'));
    world.clock.set('2026-12-05T09:30:00Z');
    expect((await tick()).plan).toMatchObject({ digests: 0, failed: 0 });
    expect(await row('member-0')).toMatchObject({
      planningFailures: 0,
      nextDigestAt: new Date('2026-12-07T09:00:00Z'), // Monday, 09:00 UTC
    });
  });

  it('a database error on one member’s rows rolls back only that member; the others get their digests', async () => {
    await seed('member-', 2);
    await seed('refused-', 1);
    const refused = await row('refused-0');

    const report = await tick();
    // The refused member's digest and nudge fail; everyone else's digests (carrying their nudges)
    // are planned and sent.
    expect(report.plan).toMatchObject({ digests: 2, nudges: 0, failed: 2 });
    expect(report.drain.sent).toBe(2);
    expect(new Set(platform.messages.map((m) => m.recipient))).toEqual(new Set(['member-0', 'member-1']));
    expect(await counterValue(metrics, { kind: 'digest', scope: 'item' })).toBe(1);
    expect(await counterValue(metrics, { kind: 'nudge', scope: 'item' })).toBe(1);
    // Postgres reports the raised exception as SQLSTATE P0001.
    expect(logged.lines.filter((line) => line.code === 'P0001')).toHaveLength(2);

    // Nothing of the failed items was written, and both wait for their retry moment.
    const retryAt = new Date(Date.parse(NOW) + PLANNING_RETRY.baseDelayMs);
    expect(
      await world.database.db.select().from(deliveries).where(eq(deliveries.memberId, refused.id)),
    ).toEqual([]);
    expect((await row('refused-0')).nextDigestAt).toEqual(retryAt);
    const [promise] = await world.database.db
      .select()
      .from(promises)
      .where(eq(promises.memberId, refused.id));
    expect(promise).toMatchObject({ nextNudgeAt: retryAt, planningFailures: 1, lastNudgedAttempt: 0 });
  });

  it('a roundup that fails is retried for the same period, and other workspaces’ roundups go out', async () => {
    await seed('member-', 1);
    await dueRoundup('seeded');
    const refusedId = await dueRoundup('refused-team');

    const first = await tick();
    expect(first.plan).toMatchObject({ roundups: 1, failed: 1 });
    expect(
      platform.messages.filter((m) => m.recipient.startsWith('channel:')).map((m) => m.recipient),
    ).toEqual(['channel:C-seeded']);
    expect(await counterValue(metrics, { kind: 'roundup', scope: 'item' })).toBe(1);

    // The workspace is no longer refused; at its retry moment the roundup covers Monday's period.
    await world.database.db
      .update(workspaces)
      .set({ externalId: 'repaired-team' })
      .where(eq(workspaces.id, refusedId));
    world.clock.advance(PLANNING_RETRY.baseDelayMs);
    const retried = await tick();
    expect(retried.plan).toMatchObject({ roundups: 1, failed: 0 });
    expect(retried.plan.planned.map((d) => d.dedupeKey)).toEqual([
      `roundup:${refusedId}:${MONDAY_ROUNDUP.toISOString()}`,
    ]);
    const [workspace] = await world.database.db
      .select()
      .from(workspaces)
      .where(and(eq(workspaces.id, refusedId), like(workspaces.externalId, 'repaired%')));
    expect(workspace).toMatchObject({ planningFailures: 0, nextRoundupAt: new Date('2026-12-07T10:00:00Z') });
  });
});
