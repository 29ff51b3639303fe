import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/connection.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import { deliveries, members } from '../../db/schema.ts';
import { DrizzleStore } from '../../db/store.ts';
import type { Platform } from '../../src/core/model.ts';
import { defaultSettings } from '../../src/core/policy-defaults.ts';
import type { Delivery } from '../../src/core/ports/delivery.ts';
import { resetDatabase } from '../support/database.ts';
import { type Driver, openTestDatabase } from '../support/drivers.ts';
import { seedDeliveries } from '../support/seed.ts';

const NOW = new Date('2026-12-01T09:00:00Z');
const MINUTE = 60_000;
const at = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE);

/**
 * The OutboxStore contract for deliveries, run on each driver by outbox.pglite.test.ts and
 * outbox.postgres.test.ts. One database per file, emptied before each test. Leases run on the
 * database's clock, so a test expires a claim by moving its `claimed_at` back in the database,
 * and the app's `now` (a fixed NOW here) only decides which deliveries are due.
 */
export function outboxContract(driver: Driver) {
  describe(`OutboxStore contract (deliveries) on ${driver}`, () => {
    let database: Database & { url: string | null };
    let outbox: DrizzleOutboxStore;
    let store: DrizzleStore;
    /** A second instance: on Postgres its own connection pool, on PGlite a second store on the one connection. */
    let other: { outbox: DrizzleOutboxStore; close(): Promise<void> };

    beforeAll(async () => {
      database = await openTestDatabase(driver);
      outbox = new DrizzleOutboxStore(database.db);
      store = new DrizzleStore(database.db);
      if (database.url === null) {
        other = { outbox: new DrizzleOutboxStore(database.db), close: async () => {} };
      } else {
        const second = await openDatabase({ dataDir: 'memory://', databaseUrl: database.url });
        other = { outbox: new DrizzleOutboxStore(second.db), close: () => second.close() };
      }
    });
    afterAll(async () => {
      await other?.close();
      await database?.close();
    });
    beforeEach(async () => {
      await resetDatabase(database);
    });

    /** One delivery per name, due a second apart in the order given (so claims take them in that order). */
    const seed = async (names: string[], notBefore = at(-1), platform: Platform = 'console') => {
      const keys: string[] = [];
      for (const [i, name] of names.entries()) {
        const due = new Date(notBefore.getTime() + i * 1000);
        keys.push(
          ...(await seedDeliveries(store, outbox, {
            names: [name],
            notBefore: due,
            platform,
            workspace: `ws-${platform}`,
          })),
        );
      }
      return keys;
    };

    const claim = (
      workerId: string,
      options: { now?: Date; limit?: number; platforms?: Platform[]; on?: DrizzleOutboxStore } = {},
    ) =>
      (options.on ?? outbox).claimDeliveries({
        now: options.now ?? NOW,
        limit: options.limit ?? 10,
        platforms: options.platforms ?? ['console'],
        workerId,
        leaseMs: MINUTE,
      });

    const rows = () => database.db.select().from(deliveries).orderBy(asc(deliveries.nextAttemptAt));
    const rowOf = async (delivery: Pick<Delivery, 'id'>) => {
      const [row] = await database.db.select().from(deliveries).where(eq(deliveries.id, delivery.id));
      return row ?? expect.fail(`no delivery ${delivery.id}`);
    };
    /** As if `minutes` passed on the database's clock since every claim was made or renewed. */
    const ageClaims = (minutes: number) =>
      database.db
        .update(deliveries)
        .set({ claimedAt: sql`now() - ${minutes}::integer * interval '1 minute'` })
        .where(eq(deliveries.state, 'sending'));
    const sent = (id: string) => ({ platformMessageId: `msg-${id}` });

    it('enqueue adds a delivery once per dedupe key', async () => {
      const [key] = await seed(['ann']);
      const [row] = await rows();
      const again = await outbox.enqueue({
        workspaceId: row?.workspaceId ?? '',
        memberId: row?.memberId ?? null,
        kind: 'digest',
        dedupeKey: key ?? '',
        target: { kind: 'channel', platform: 'console', workspaceExternalId: 'x', channelId: 'C1' },
        message: { kind: 'digest', sections: [], fallbackText: 'again' },
        notBefore: NOW,
      });
      expect(again).toBe(false);
      expect(await outbox.counts()).toEqual({ pending: 1, sending: 0, sent: 0, dead: 0 });
    });

    it('claims due pending deliveries of the given platforms, longest waiting first, up to the limit', async () => {
      await seed(['ann'], at(-3));
      await seed(['ben'], at(-2));
      await seed(['cat'], at(-1));
      await seed(['dan'], at(60)); // not due yet
      await seed(['eve'], at(-5), 'slack'); // another platform

      const first = await claim('w1', { limit: 2 });
      expect(first.map((d) => d.target.kind === 'dm' && d.target.memberExternalId)).toEqual(['ann', 'ben']);
      for (const delivery of first) {
        expect(delivery).toMatchObject({ attempts: 1, resumed: false, kind: 'digest' });
        expect(await rowOf(delivery)).toMatchObject({ state: 'sending', attempts: 1, claimedBy: 'w1' });
        expect((await rowOf(delivery)).claimedAt).not.toBeNull();
      }
      const rest = await claim('w1');
      expect(rest.map((d) => d.target.kind === 'dm' && d.target.memberExternalId)).toEqual(['cat']);
      expect((await claim('w1', { platforms: ['slack'] })).map((d) => d.target.platform)).toEqual(['slack']);
      expect(await claim('w1', { now: at(59) })).toEqual([]);
      expect(await claim('w1', { now: at(60) })).toHaveLength(1);
    });

    it('claims made at the same time never hand out the same delivery, and together take all', async () => {
      const names = Array.from({ length: 12 }, (_, i) => `m${i}`);
      await seed(names);
      const claims = await Promise.all(
        ['a', 'b', 'c', 'd'].map((worker, i) =>
          claim(worker, { limit: 4, on: i % 2 === 0 ? outbox : other.outbox }),
        ),
      );
      const ids = claims.flat().map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(12);
      for (const [i, batch] of claims.entries())
        for (const delivery of batch) expect((await rowOf(delivery)).claimedBy).toBe(['a', 'b', 'c', 'd'][i]);
    });

    if (driver === 'postgres') {
      // PGlite has one connection, so there is no other open transaction to skip there.
      it('a claim skips deliveries another open transaction has locked instead of waiting for them', async () => {
        await seed(['ann', 'ben', 'cat', 'dan']);
        await outbox.transaction(async (tx) => {
          const held = await tx.claimDeliveries({
            now: NOW,
            limit: 2,
            platforms: ['console'],
            workerId: 'a',
            leaseMs: MINUTE,
          });
          // Without SKIP LOCKED this claim would wait for the open transaction, which waits for it.
          const meanwhile = await claim('b', { on: other.outbox });
          expect(meanwhile).toHaveLength(2);
          expect(meanwhile.map((d) => d.id).filter((id) => held.some((h) => h.id === id))).toEqual([]);
        });
      });
    }

    it('a claim is not resumed while its lease runs, whatever time the callers’ clocks say', async () => {
      await seed(['ann']);
      expect(await claim('w1')).toHaveLength(1);
      // Another instance whose clock is a day ahead (or a test clock moved on) still sees a live claim.
      expect(await claim('w2', { now: at(24 * 60), on: other.outbox })).toEqual([]);
    });

    it('a claim whose lease ran out is resumed by another worker, which owns it from then on', async () => {
      await seed(['ann']);
      const [mine] = await claim('w1');
      await ageClaims(2);
      const [resumed] = await claim('w2', { on: other.outbox });
      expect(resumed).toMatchObject({ id: mine?.id, resumed: true, attempts: 2 });
      if (resumed === undefined) return expect.fail('not resumed');
      expect(await rowOf(resumed)).toMatchObject({
        state: 'sending',
        claimedBy: 'w2',
      });
      // The first worker lost it: it can neither renew nor settle it.
      expect(await outbox.renewClaims('w1', [mine?.id ?? ''])).toEqual([]);
      expect(await outbox.markSent(mine ?? expect.fail('no claim'), 'w1', sent('late'), NOW)).toBe(false);
      expect(await rowOf(resumed)).toMatchObject({
        state: 'sending',
        claimedBy: 'w2',
        platformMessageId: null,
      });
    });

    it('renewing keeps a claim alive, and answers only for claims the worker still owns', async () => {
      await seed(['ann', 'ben', 'cat']);
      const [ann, ben] = await claim('w1', { limit: 2 });
      const [cat] = await claim('w2');
      await outbox.markSent(ben ?? expect.fail('no claim'), 'w1', sent('ben'), NOW);
      await ageClaims(2);
      const renewed = await outbox.renewClaims(
        'w1',
        [ann, ben, cat].map((d) => d?.id ?? ''),
      );
      expect(renewed).toEqual([ann?.id]);
      // Ann's lease starts again; Cat's (not renewed by its owner) ran out.
      expect((await claim('w3', { on: other.outbox })).map((d) => d.id)).toEqual([cat?.id]);
      expect(await outbox.renewClaims('w1', [])).toEqual([]);
    });

    it('only the owner settles a claim; a settled delivery cannot be settled again', async () => {
      await seed(['ann', 'ben', 'cat']);
      const [ann, ben, cat] = await claim('w1');
      if (ann === undefined || ben === undefined || cat === undefined) return expect.fail('three claims');
      const retry = { at: at(5), error: 'HTTP 500', countAttempt: true };

      expect(await other.outbox.markSent(ann, 'w2', sent('ann'), NOW)).toBe(false);
      expect(await other.outbox.markRetry(ben.id, 'w2', retry)).toBe(false);
      expect(await other.outbox.markDead(cat.id, 'w2', 'gone')).toBe(false);
      for (const delivery of [ann, ben, cat])
        expect(await rowOf(delivery)).toMatchObject({ state: 'sending', claimedBy: 'w1', lastError: null });

      expect(await outbox.markSent(ann, 'w1', sent('ann'), at(1))).toBe(true);
      expect(await rowOf(ann)).toMatchObject({ state: 'sent', sentAt: at(1), platformMessageId: 'msg-ann' });
      expect(await outbox.markDead(cat.id, 'w1', 'gone')).toBe(true);
      expect(await rowOf(cat)).toMatchObject({ state: 'dead', lastError: 'gone' });

      expect(await outbox.markSent(ann, 'w1', sent('again'), at(2))).toBe(false);
      expect(await outbox.markRetry(cat.id, 'w1', retry)).toBe(false);
      expect(await outbox.markDead(ann.id, 'w1', 'late')).toBe(false);
      expect(await rowOf(ann)).toMatchObject({ state: 'sent', sentAt: at(1), platformMessageId: 'msg-ann' });
      expect(await rowOf(cat)).toMatchObject({ state: 'dead', lastError: 'gone' });
    });

    it('markSent caches the DM channel the platform opened on the member, only for the owner', async () => {
      await seed(['ann']);
      const [ann] = await claim('w1');
      if (ann?.memberId == null) return expect.fail('a member delivery');
      const dmOf = async () =>
        (
          await database.db
            .select()
            .from(members)
            .where(eq(members.id, ann.memberId ?? ''))
        )[0]?.dmChannelId;
      expect(
        await other.outbox.markSent(ann, 'w2', { platformMessageId: 'x', dmChannelId: 'D-wrong' }, NOW),
      ).toBe(false);
      expect(await dmOf()).toBeNull();
      expect(await outbox.markSent(ann, 'w1', { platformMessageId: 'x', dmChannelId: 'D1' }, NOW)).toBe(true);
      expect(await dmOf()).toBe('D1');
    });

    it('markRetry puts a delivery back to pending, counting the attempt or refunding it (429)', async () => {
      await seed(['ann', 'ben']);
      const [ann, ben] = await claim('w1');
      expect(
        await outbox.markRetry(ann?.id ?? '', 'w1', { at: at(5), error: 'HTTP 500', countAttempt: true }),
      ).toBe(true);
      expect(
        await outbox.markRetry(ben?.id ?? '', 'w1', {
          at: at(1),
          error: 'rate limited',
          countAttempt: false,
        }),
      ).toBe(true);
      expect(await rowOf(ann ?? expect.fail())).toMatchObject({
        state: 'pending',
        attempts: 1,
        nextAttemptAt: at(5),
        lastError: 'HTTP 500',
        claimedBy: null,
      });
      expect(await rowOf(ben ?? expect.fail())).toMatchObject({
        state: 'pending',
        attempts: 0,
        nextAttemptAt: at(1),
      });

      expect(await claim('w1')).toEqual([]);
      const again = await claim('w1', { now: at(5) });
      expect(again.map((d) => [d.id, d.attempts, d.resumed])).toEqual([
        [ben?.id, 1, false], // the refunded attempt does not count
        [ann?.id, 2, true], // an earlier counted attempt may have reached the platform
      ]);
    });

    it('a dead delivery stays visible and is never claimed again', async () => {
      await seed(['ann']);
      const [ann] = await claim('w1');
      await outbox.markDead(ann?.id ?? '', 'w1', 'HTTP 500');
      await ageClaims(60);
      expect(await claim('w2', { now: at(365 * 24 * 60) })).toEqual([]);
      expect(await outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 0, dead: 1 });
    });

    it('releaseClaims hands back only the worker’s unsettled claims and refunds their attempt', async () => {
      await seed(['ann', 'ben', 'cat']);
      const [ann, ben] = await claim('w1', { limit: 2 });
      const [cat] = await claim('w2');
      await outbox.markSent(ann ?? expect.fail(), 'w1', sent('ann'), NOW);

      expect(await outbox.releaseClaims('w1')).toBe(1);
      expect(await rowOf(ben ?? expect.fail())).toMatchObject({
        state: 'pending',
        attempts: 0,
        claimedBy: null,
      });
      expect(await rowOf(ann ?? expect.fail())).toMatchObject({ state: 'sent', claimedBy: 'w1' });
      expect(await rowOf(cat ?? expect.fail())).toMatchObject({ state: 'sending', claimedBy: 'w2' });
      expect(await outbox.releaseClaims('w1')).toBe(0);
      // What was handed back is claimed again at once, as a first attempt.
      expect((await claim('w3')).map((d) => [d.id, d.attempts, d.resumed])).toEqual([[ben?.id, 1, false]]);
    });

    it('prune forgets settled deliveries and request keys older than the cutoffs, and keeps the rest', async () => {
      await seed(['old-sent', 'new-sent', 'old-dead', 'sending'], at(-2));
      await seed(['pending'], at(-1));
      const byName = new Map(
        (await claim('w1', { limit: 4 })).map((d) => [
          d.target.kind === 'dm' ? d.target.memberExternalId : '',
          d,
        ]),
      );
      const day = 24 * 60;
      await outbox.markSent(byName.get('old-sent') ?? expect.fail(), 'w1', sent('a'), at(-40 * day));
      await outbox.markSent(byName.get('new-sent') ?? expect.fail(), 'w1', sent('b'), at(-day));
      await outbox.markDead(byName.get('old-dead')?.id ?? '', 'w1', 'gone');
      const [workspace] = await database.db.select({ id: deliveries.workspaceId }).from(deliveries).limit(1);
      const workspaceId = workspace?.id ?? expect.fail('no workspace');
      await store.rememberRequest(workspaceId, 'old-key', at(-3 * day));
      await store.rememberRequest(workspaceId, 'new-key', at(-day));

      // The dead one never had a send; it ages from its last attempt (due two minutes before NOW).
      const pruned = await outbox.prune({ requestsBefore: at(-2 * day), deliveriesBefore: at(-30 * day) });
      expect(pruned).toEqual({ requests: 1, deliveries: 1 });
      expect(await outbox.prune({ requestsBefore: at(-2 * day), deliveriesBefore: at(1) })).toEqual({
        requests: 0,
        deliveries: 2, // new-sent and old-dead
      });
      const left = (await rows()).map((row) => row.state).sort();
      expect(left).toEqual(['pending', 'sending']);
      expect(await store.rememberRequest(workspaceId, 'old-key', NOW)).toBe(true); // forgotten
      expect(await store.rememberRequest(workspaceId, 'new-key', NOW)).toBe(false); // still guards
    });

    it('a refused roundup channel is marked once, pauses roundups, names its admin, and is cleared when set again', async () => {
      const workspace = await store.ensureWorkspace({
        platform: 'slack',
        externalId: 'T9',
        name: 'Job Club',
      });
      const admin = await store.ensureMember(workspace.id, {
        externalId: 'UADMIN',
        displayName: 'Ada',
        settings: defaultSettings('UTC'),
        nextDigestAt: null,
      });
      await store.setAccountabilityChannel(workspace.id, 'C1', admin.id);
      await outbox.setNextRoundupAt(workspace.id, at(-1));
      const problem = { reason: 'not_in_channel' as const, since: NOW };
      expect(await outbox.reachability()).toEqual({ unreachableMembers: 0, unpostableChannels: 0 });

      expect(await outbox.markChannelUnpostable(workspace.id, 'C2', problem)).toBeNull(); // not its channel
      const told = await outbox.markChannelUnpostable(workspace.id, 'C1', problem);
      expect(told?.member.externalId).toBe('UADMIN');
      expect(told?.workspace.name).toBe('Job Club');
      expect(await outbox.markChannelUnpostable(workspace.id, 'C1', problem)).toBeNull(); // told once
      expect(await outbox.claimDueRoundups(NOW, 10)).toEqual([]);
      expect(await outbox.reachability()).toEqual({ unreachableMembers: 0, unpostableChannels: 1 });

      await store.setAccountabilityChannel(workspace.id, 'C1', admin.id);
      expect(await outbox.reachability()).toEqual({ unreachableMembers: 0, unpostableChannels: 0 });
      expect((await outbox.claimDueRoundups(NOW, 10)).map((due) => due.workspace.id)).toEqual([workspace.id]);

      // An admin no DM reaches is not named (the notice would only fail); they count as unreachable.
      await outbox.markUnreachable(
        { workspaceId: workspace.id, memberId: admin.id },
        { reason: 'dms_closed', since: NOW },
      );
      expect(await outbox.markChannelUnpostable(workspace.id, 'C1', problem)).toBeNull();
      expect(await outbox.reachability()).toEqual({ unreachableMembers: 1, unpostableChannels: 1 });
    });

    it('counts tells how many deliveries are in each state', async () => {
      await seed(['a', 'b', 'c', 'd', 'e']);
      const [a, b, c] = await claim('w1', { limit: 3 });
      await outbox.markSent(a ?? expect.fail(), 'w1', sent('a'), NOW);
      await outbox.markDead(b?.id ?? '', 'w1', 'gone');
      expect(c).toBeDefined();
      expect(await outbox.counts()).toEqual({ pending: 2, sending: 1, sent: 1, dead: 1 });
    });

    it('backlog counts what waits and tells when the longest-waiting due delivery became due', async () => {
      expect(await outbox.backlog(NOW)).toEqual({ pending: 0, sending: 0, oldestDueAt: null });
      await seed(['early'], at(-30));
      await seed(['late'], at(-5));
      await seed(['future'], at(60));
      await seed(['claimed'], at(-60));
      await claim('w1', { limit: 1 });
      expect(await outbox.backlog(NOW)).toEqual({ pending: 3, sending: 1, oldestDueAt: at(-30) });
      expect(await outbox.backlog(at(-10))).toEqual({ pending: 3, sending: 1, oldestDueAt: at(-30) });
      expect(await outbox.backlog(at(-40))).toEqual({ pending: 3, sending: 1, oldestDueAt: null });
    });
  });
}
