import { eq, sql } from 'drizzle-orm';
import type { Sql } from 'postgres';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { deliveries, members, promises } from '../../db/schema.ts';
import { promiseQueue } from '../../src/app/promise-queue.ts';
import { planTick } from '../../src/scheduler/planner.ts';
import { seedDueWork } from '../support/seed.ts';
import { describeOnDrivers, openWorld, resetDatabase, testLog } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

// Tuesday 1 Dec 2026: promises were due at 04:00 and digests at 09:00 (UTC members).
const NOW = new Date('2026-12-01T09:00:00Z');
const CREATED = new Date('2026-11-30T08:00:00Z');
const DUE = new Date('2026-12-01T04:00:00Z');
// The moment the member snoozes a promise to while its digest is being planned.
const SNOOZED = '2026-12-03T10:00:00.000Z';

/**
 * A member's change to their promises that commits after the digest planner read them and before
 * it writes its marks (another instance serving `/promise snooze`): the trigger makes it at the
 * planner's insert of the digest, the point between its read and its writes.
 */
const SNOOZE_DURING_PLANNING = [
  sql`create or replace function thrice_test_snooze() returns trigger language plpgsql as $$
    begin
      if new.kind = 'digest' then
        update promises set snoozed_until = ${sql.raw(`'${SNOOZED}'`)}::timestamptz, next_nudge_at = ${sql.raw(`'${SNOOZED}'`)}::timestamptz
          where member_id = new.member_id;
      end if;
      return new;
    end $$`,
  sql`create trigger thrice_test_snooze before insert on deliveries
    for each row execute function thrice_test_snooze()`,
];

describeOnDrivers('set-wise planning against concurrent changes', (driver) => {
  let world: World;

  beforeAll(async () => {
    world = await openWorld({ driver, now: NOW.toISOString() });
  });
  afterAll(async () => {
    await world?.database.db.execute(sql`drop trigger if exists thrice_test_snooze on deliveries`);
    await world?.database.db.execute(sql`drop trigger if exists thrice_test_hold on deliveries`);
    await world?.close();
  });
  beforeEach(async () => {
    await world.database.db.execute(sql`drop trigger if exists thrice_test_snooze on deliveries`);
    await world.database.db.execute(sql`drop trigger if exists thrice_test_hold on deliveries`);
    await resetDatabase(world.database);
  });

  /**
   * Runs `other` (another instance serving a member) after a digest batch claimed the member and
   * read its promises, and before it writes: the planner's insert of the digest waits on a lock
   * this test holds until `other` waits too. Both must finish. PGlite runs one transaction at a
   * time, so there the two can only follow each other.
   */
  async function duringDigestWrite(other: () => Promise<unknown>): Promise<void> {
    const plan = () => planTick({ store: world.outbox, now: NOW, log: testLog });
    if (world.database.kind !== 'postgres') {
      await plan();
      await other();
      return;
    }
    const client = (world.database.db as unknown as { $client: Sql }).$client;
    const holder = await client.reserve();
    try {
      await holder`select pg_advisory_lock(4242)`;
      await world.database.db.execute(sql`create or replace function thrice_test_hold() returns trigger
        language plpgsql as $$ begin perform pg_advisory_xact_lock(4242); return new; end $$`);
      await world.database.db.execute(
        sql`create trigger thrice_test_hold before insert on deliveries for each row execute function thrice_test_hold()`,
      );
      const waiting = async (n: number) => {
        for (;;) {
          const rows = await holder`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type in ('Lock', 'Advisory')`;
          if ((rows[0]?.n ?? 0) >= n) return;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      const planning = plan();
      await waiting(1);
      const running = other();
      await waiting(2);
      await holder`select pg_advisory_unlock(4242)`;
      const [planned, ran] = await Promise.allSettled([planning, running]);
      expect(ran.status === 'rejected' ? String(ran.reason?.cause ?? ran.reason) : 'ok').toBe('ok');
      expect(planned.status).toBe('fulfilled');
    } finally {
      holder.release();
    }
  }

  it('a snooze that commits while the digest is planned keeps its moment: the digest does not mark a nudge it read before', async () => {
    await seedDueWork(world.store, { members: 3, promisesPerMember: 2, createdAt: CREATED, dueAt: DUE });
    for (const statement of SNOOZE_DURING_PLANNING) await world.database.db.execute(statement);
    const report = await planTick({ store: world.outbox, now: NOW, log: testLog });
    expect(report).toMatchObject({ digests: 3, failed: 0 });
    const rows = await world.database.db.select().from(promises);
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      // Planned from what it read, the digest would have set the nudge as carried (attempt 1, no
      // further moment) over the snooze, and the snoozed nudge would never come back.
      expect(row.nextNudgeAt?.toISOString()).toBe(SNOOZED);
      expect(row.lastNudgedAttempt).toBe(0);
    }
  });

  it('an instant that is not a date is refused by the set-wise writes, as by the one-row ones, not written as "off"', async () => {
    await seedDueWork(world.store, { members: 1, promisesPerMember: 1, createdAt: CREATED, dueAt: DUE });
    const [member] = await world.database.db.select().from(members);
    const [promise] = await world.database.db.select().from(promises);
    if (member === undefined || promise === undefined) return expect.fail('nothing was seeded');
    const scope = { workspaceId: member.workspaceId, memberId: member.id };
    const invalid = new Date(Number.NaN);
    await expect(world.outbox.setNextDigestAt(scope, invalid)).rejects.toThrow();
    await expect(world.outbox.setNextDigestsAt([{ scope, at: invalid }])).rejects.toThrow();
    await expect(
      world.outbox.markNudgesPlanned([{ scope, promiseId: promise.id, attempt: 1, nextNudgeAt: invalid }]),
    ).rejects.toThrow();
    const [after] = await world.database.db.select().from(members).where(eq(members.id, member.id));
    expect(after?.nextDigestAt).toEqual(member.nextDigestAt);
    const [afterPromise] = await world.database.db.select().from(promises).where(eq(promises.id, promise.id));
    expect(afterPromise?.nextNudgeAt).toEqual(promise.nextNudgeAt);
  });

  it('forget-me that starts while a digest batch is being written waits for it, and neither deadlocks', async () => {
    await seedDueWork(world.store, { members: 1, promisesPerMember: 2, createdAt: CREATED, dueAt: DUE });
    const [member] = await world.database.db.select().from(members);
    if (member === undefined) return expect.fail('nothing was seeded');
    const scope = { workspaceId: member.workspaceId, memberId: member.id };
    await duringDigestWrite(() => world.store.forgetMember(scope));
    expect(await world.database.db.select().from(members)).toEqual([]);
    expect(await world.database.db.select().from(promises)).toEqual([]);
    expect(await world.database.db.select().from(deliveries)).toEqual([]);
  });

  it('contact names and notes with quotes, backslashes, emoji and line separators reach the outbox unchanged', async () => {
    await seedDueWork(world.store, { members: 2, promisesPerMember: 1, createdAt: CREATED, dueAt: DUE });
    const name = `Zoë "Z" O\\Brien 👩🏽‍💻 \u2028 <@U1> $\{x}`;
    const note = "line one\nline 'two' \\u0041 😀";
    await world.database.db.update(promises).set({ contactName: name, note });
    const report = await planTick({ store: world.outbox, now: NOW, log: testLog });
    expect(report).toMatchObject({ digests: 2, failed: 0 });
    const rows = await world.database.db.select().from(deliveries);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const planned = report.planned.find((delivery) => delivery.dedupeKey === row.dedupeKey);
      expect(JSON.parse(JSON.stringify(row.payload))).toEqual(
        JSON.parse(JSON.stringify({ target: planned?.target, message: planned?.message })),
      );
      expect(JSON.stringify(row.payload)).toContain('👩🏽‍💻');
    }
  });

  it("an Edit (a promise replaced by a new one) while the member's digest batch is written waits for it, and neither deadlocks", async () => {
    await seedDueWork(world.store, { members: 1, promisesPerMember: 2, createdAt: CREATED, dueAt: DUE });
    const [row] = await world.database.db.select().from(members);
    if (row === undefined) return expect.fail('nothing was seeded');
    const scope = { workspaceId: row.workspaceId, memberId: row.id };
    const member = await world.store.getMember(scope);
    const [old] = await world.store.listPromises(scope);
    if (old === undefined || member === null) return expect.fail('nothing was seeded');
    const edited = { ...old, contact: { ...old.contact, name: 'Edited Contact' } };
    await duringDigestWrite(() =>
      promiseQueue(world.store).create(member, edited, { replaces: old.id, maxOpen: 50 }),
    );
    const names = (await world.store.listPromises(scope)).map((promise) => promise.contact.name).sort();
    expect(names).toEqual(['Contact 0-1', 'Edited Contact']);
    // One digest. The edited promise starts its nudges afresh, and is overdue: whether the same
    // tick's nudge pass already saw it depends on when the Edit committed, so nudges are not counted.
    const planned = await world.database.db.select().from(deliveries);
    expect(planned.filter((delivery) => delivery.kind === 'digest')).toHaveLength(1);
  });
});
