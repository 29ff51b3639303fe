import type { PGlite } from '@electric-sql/pglite';
import { eq, sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { Sql } from 'postgres';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Database, Db } from '../../db/connection.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import * as schema from '../../db/schema.ts';
import { deliveries, members, promises } from '../../db/schema.ts';
import { planTick } from '../../src/scheduler/planner.ts';
import { seedDueWork } from '../support/seed.ts';
import { describeOnDrivers, openWorld, resetDatabase, testLog } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

// Tuesday 1 Dec 2026: promises were due at 04:00 and digests at 09:00 (UTC members).
const NOW = new Date('2026-12-01T09:00:00Z');
const CREATED = new Date('2026-11-30T08:00:00Z');
const DUE = new Date('2026-12-01T04:00:00Z');

/**
 * The same database through a drizzle instance that counts the statements it sends (the
 * transaction's own BEGIN/COMMIT/SAVEPOINT are the driver's and not all are counted).
 */
function countingStore(database: Database) {
  let statements = 0;
  const logger = {
    logQuery: () => {
      statements += 1;
    },
  };
  const client = (database.db as unknown as { $client: unknown }).$client;
  const db = (database.kind === 'postgres'
    ? drizzlePostgres(client as Sql, { schema, logger })
    : drizzlePglite(client as PGlite, { schema, logger })) as unknown as Db;
  return {
    store: new DrizzleOutboxStore(db),
    take: () => {
      const counted = statements;
      statements = 0;
      return counted;
    },
  };
}

/** Inserting a delivery for a member whose external id starts with `refused-` raises. */
const REFUSING_TRIGGER = [
  sql`create or replace function thrice_test_refuse_batch() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from members where id = new.member_id and external_id like 'refused-%') then
        raise exception 'delivery refused by the test trigger';
      end if;
      return new;
    end $$`,
  sql`create trigger thrice_test_refuse_batch before insert on deliveries
    for each row execute function thrice_test_refuse_batch()`,
];

describeOnDrivers('planning writes a batch set-wise', (driver) => {
  let world: World;

  beforeAll(async () => {
    world = await openWorld({ driver, now: NOW.toISOString() });
  });
  afterAll(async () => {
    await world?.database.db.execute(sql`drop trigger if exists thrice_test_refuse_batch on deliveries`);
    await world?.close();
  });
  beforeEach(async () => {
    await world.database.db.execute(sql`drop trigger if exists thrice_test_refuse_batch on deliveries`);
    await resetDatabase(world.database);
  });

  const seed = (count: number, options: { prefix?: string; digest?: boolean; workspace?: string } = {}) =>
    seedDueWork(world.store, {
      members: count,
      promisesPerMember: 2,
      createdAt: CREATED,
      dueAt: DUE,
      ...options,
    });

  const plan = (store: DrizzleOutboxStore, batch?: number) =>
    planTick({ store, now: NOW, log: testLog, ...(batch === undefined ? {} : { batch }) });

  it('the statements of a batch do not grow with its size, for digests and for nudges', async () => {
    const counting = countingStore(world.database);
    // Digests (each carrying its member's two due nudges): 4 members, then 40, in one batch.
    await seed(4, { workspace: 'small' });
    const small = await plan(counting.store);
    const smallStatements = counting.take();
    expect(small).toMatchObject({ digests: 4, nudges: 0, failed: 0 });

    await resetDatabase(world.database);
    await seed(40, { workspace: 'large' });
    const large = await plan(counting.store);
    const largeStatements = counting.take();
    expect(large).toMatchObject({ digests: 40, nudges: 0, failed: 0 });
    expect(largeStatements).toBe(smallStatements);
    // Claim, promises, follow-ups, deliveries, promises' marks, members' moments, then the
    // empty claims of the nudge and roundup queues: a handful, where one per item would be 120.
    expect(largeStatements).toBeLessThanOrEqual(10);
    // …and the counter does count (the claim, the reads and the writes at least).
    expect(largeStatements).toBeGreaterThanOrEqual(6);

    // Timed nudges on their own (digest off): 80 nudges in one batch.
    await resetDatabase(world.database);
    await seed(40, { digest: false, workspace: 'nudges' });
    const nudges = await plan(counting.store);
    expect(nudges).toMatchObject({ digests: 0, nudges: 80, failed: 0 });
    expect(counting.take()).toBeLessThanOrEqual(10);

    // Every member was planned and advanced: the queues are empty and each promise was marked.
    const [left] = await world.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(promises)
      .where(sql`${promises.nextNudgeAt} <= ${NOW.toISOString()}::timestamptz`);
    expect(left?.n).toBe(0);
    expect(await world.database.db.select().from(deliveries)).toHaveLength(80);
  });

  it('smaller batches cost the same few statements each', async () => {
    const counting = countingStore(world.database);
    await seed(30);
    const report = await plan(counting.store, 10);
    expect(report).toMatchObject({ digests: 30, failed: 0 });
    // Three full batches and an empty claim for digests; empty claims for nudges and roundups.
    expect(counting.take()).toBeLessThanOrEqual(3 * 6 + 3);
    const due = await world.database.db
      .select()
      .from(members)
      .where(sql`${members.nextDigestAt} <= ${NOW.toISOString()}::timestamptz`);
    expect(due).toEqual([]);
  });

  it('one refused row in a batch is deferred, and the rest of the batch is planned as before', async () => {
    for (const statement of REFUSING_TRIGGER) await world.database.db.execute(statement);
    await seed(12, { prefix: 'member-' });
    await seed(1, { prefix: 'refused-' });
    const report = await plan(world.outbox);
    // The refused member's digest fails (and its nudges, no longer carried, fail on their own).
    expect(report).toMatchObject({ digests: 12, failed: 3 });
    const sentTo = await world.database.db
      .select({ externalId: members.externalId })
      .from(deliveries)
      .innerJoin(members, eq(members.id, deliveries.memberId));
    expect(sentTo.map((row) => row.externalId).sort()).toEqual(
      Array.from({ length: 12 }, (_, n) => `member-${n}`).sort(),
    );
    // The others' carried nudges were marked planned; the refused member's rows wait for a retry.
    const rows = await world.database.db
      .select({ externalId: members.externalId, failures: members.planningFailures, promise: promises })
      .from(promises)
      .innerJoin(members, eq(members.id, promises.memberId));
    for (const row of rows) {
      if (row.externalId.startsWith('refused-')) {
        expect(row.failures).toBe(1);
        expect(row.promise).toMatchObject({ planningFailures: 1, lastNudgedAttempt: 0 });
      } else {
        expect(row.failures).toBe(0);
        expect(row.promise).toMatchObject({ planningFailures: 0, lastNudgedAttempt: 1, nextNudgeAt: null });
      }
    }
  });

  it('a digest already in the outbox is not counted again and does not swallow its nudges', async () => {
    await seed(3);
    const first = await plan(world.outbox);
    expect(first).toMatchObject({ digests: 3, nudges: 0 });
    // The same day's digests and nudges become due again (as after a crash between planning and
    // commit elsewhere): the outbox keeps one digest per member and day, and since no new digest
    // carries the nudges, they are not marked as carried but go out on their own.
    await world.database.db.update(promises).set({ nextNudgeAt: DUE, lastNudgedAttempt: 0 });
    await world.database.db.update(members).set({ nextDigestAt: NOW });
    const again = await plan(world.outbox);
    expect(again).toMatchObject({ digests: 0, nudges: 6, failed: 0 });
    expect(again.planned.map((delivery) => delivery.kind)).toEqual(Array(6).fill('nudge'));
    const digests = await world.database.db.select().from(deliveries).where(eq(deliveries.kind, 'digest'));
    expect(digests).toHaveLength(3);
  });

  it('a delivery written set-wise reads back exactly as one written alone', async () => {
    await seed(1);
    await plan(world.outbox);
    const [batched] = await world.database.db.select().from(deliveries);
    if (batched === undefined) return expect.fail('no delivery was planned');
    const payload = batched.payload as { target: never; message: never };
    const single = {
      workspaceId: batched.workspaceId,
      memberId: batched.memberId,
      kind: 'digest' as const,
      dedupeKey: 'single',
      target: payload.target,
      message: payload.message,
      notBefore: NOW,
    };
    expect(await world.outbox.enqueue(single)).toBe(true);
    const rows = await world.database.db.execute(
      sql`select dedupe_key, jsonb_typeof(payload) as type, payload, next_attempt_at from deliveries order by dedupe_key`,
    );
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
      type: string;
      payload: unknown;
      next_attempt_at: unknown;
    }[];
    expect(list).toHaveLength(2);
    expect(list[0]?.type).toBe('object');
    expect(list[1]?.type).toBe(list[0]?.type);
    expect(list[1]?.payload).toEqual(list[0]?.payload);
    expect(String(list[1]?.next_attempt_at)).toBe(String(list[0]?.next_attempt_at));
  });
});
