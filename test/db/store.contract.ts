import { readFileSync } from 'node:fs';
import { count, eq, sql } from 'drizzle-orm';
import { integer, pgSchema } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import { deliveries, followUps, members, promises, workspaces } from '../../db/schema.ts';
import { DrizzleStore } from '../../db/store.ts';
import type { FollowUpPromise, MemberScope, MemberSettings } from '../../src/core/model.ts';
import { defaultSettings } from '../../src/core/policy-defaults.ts';
import type { NewPromise, Store } from '../../src/core/ports/store.ts';
import { resetDatabase } from '../support/database.ts';

/** How many migrations are committed in db/migrations. */
export const COMMITTED_MIGRATIONS = (
  JSON.parse(readFileSync(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8')) as {
    entries: unknown[];
  }
).entries.length;

/** Drizzle's record of the migrations it applied (the same on both drivers). */
const appliedTable = pgSchema('drizzle').table('__drizzle_migrations', { id: integer('id') });

/** How many migrations the database records as applied. */
export async function appliedMigrations(database: Database): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(appliedTable);
  return row?.n ?? 0;
}

const NOW = new Date('2026-12-01T10:00:00Z');

function draft(name: string, dueAt: string, company: string | null = 'Acme'): NewPromise {
  return {
    kind: 'promise',
    contact: { name, role: 'recruiter', company },
    what: 'call you back',
    promisedChannel: 'call',
    due: { at: new Date(dueAt), precision: 'time' },
    note: null,
    createdAt: NOW,
    nextNudgeAt: null,
  };
}

/**
 * The Store contract, run on every database the store supports. `open` gives a migrated
 * database; the suite builds the store on it and reads tables directly to check what it wrote.
 */
export function storeContract(name: string, open: () => Promise<Database>) {
  describe(`Store contract on ${name}`, () => {
    let database: Database;
    let store: Store;

    async function member(externalId: string, workspace = 'team-1'): Promise<MemberScope> {
      const ws = await store.ensureWorkspace({ platform: 'slack', externalId: workspace, name: workspace });
      const m = await store.ensureMember(ws.id, {
        externalId,
        displayName: externalId,
        settings: defaultSettings('Europe/Berlin'),
        nextDigestAt: null,
      });
      return { workspaceId: ws.id, memberId: m.id };
    }

    /** The member's rows in every member-owned table, counted in SQL rather than through the store. */
    async function rowCounts(scope: MemberScope) {
      const n = async (table: typeof promises | typeof followUps | typeof deliveries) =>
        (await database.db.select({ n: count() }).from(table).where(eq(table.memberId, scope.memberId)))[0]
          ?.n;
      return {
        members: (
          await database.db.select({ n: count() }).from(members).where(eq(members.id, scope.memberId))
        )[0]?.n,
        promises: await n(promises),
        follow_ups: await n(followUps),
        deliveries: await n(deliveries),
      };
    }

    async function addDelivery(scope: MemberScope, dedupeKey: string) {
      await database.db.execute(
        sql`insert into deliveries (workspace_id, member_id, kind, platform, dedupe_key, payload, next_attempt_at)
            values (${scope.workspaceId}, ${scope.memberId}, 'digest', 'slack', ${dedupeKey}, '{}'::jsonb, now())`,
      );
    }

    /**
     * A roundup row as the planner writes it: tally first, then the shout-outs naming members.
     * `periodEnd: null` is a row planned before roundups stored their period end.
     */
    async function addRoundup(
      workspaceId: string,
      dedupeKey: string,
      state: string,
      shoutOuts: { text: string; namesMember?: string }[],
      periodEnd: Date | null = NOW,
    ) {
      const message = {
        kind: 'roundup',
        title: 'This week in the job hunt',
        sections: [
          { items: [{ text: '3 follow-ups logged · 0 callbacks received · 1 member active' }] },
          { heading: 'Shout-outs', items: shoutOuts },
        ],
        fallbackText: 'This week: 3 follow-ups logged',
      };
      await database.db.insert(deliveries).values({
        workspaceId,
        memberId: null,
        kind: 'roundup',
        platform: 'slack',
        dedupeKey,
        payload: { target: { kind: 'channel', channelId: 'C1' }, message },
        periodEnd,
        state,
        nextAttemptAt: NOW,
      });
    }

    beforeAll(async () => {
      database = await open();
      store = new DrizzleStore(database.db);
    });
    afterAll(async () => {
      await database.close();
    });
    beforeEach(async () => {
      await resetDatabase(database);
    });

    describe('workspaces and members', () => {
      it('finds the same workspace and member again without resetting their settings', async () => {
        const a = await member('U1');
        await store.setAccountabilityChannel(a.workspaceId, 'C42', a.memberId);
        const settings = { ...defaultSettings('Asia/Kolkata'), target: 9 };
        await store.updateMemberSettings(a, settings, null);

        const again = await member('U1');
        const workspace = await store.ensureWorkspace({
          platform: 'slack',
          externalId: 'team-1',
          name: null,
        });

        expect(again).toEqual(a);
        expect(workspace.id).toBe(a.workspaceId);
        expect(workspace.accountabilityChannelId).toBe('C42');
        expect(workspace.name).toBe('team-1');
        expect((await store.getMember(a))?.settings).toEqual(settings);
      });

      it('keeps a workspace per platform: the same external id on Discord is another workspace', async () => {
        const slack = await store.ensureWorkspace({ platform: 'slack', externalId: 'X1', name: 'A' });
        const discord = await store.ensureWorkspace({ platform: 'discord', externalId: 'X1', name: 'A' });
        expect(discord.id).not.toBe(slack.id);
      });

      it('refreshes a renamed workspace and a member’s new display name', async () => {
        const a = await member('U1');
        const renamed = await store.ensureWorkspace({ platform: 'slack', externalId: 'team-1', name: 'New' });
        const renamedMember = await store.ensureMember(a.workspaceId, {
          externalId: 'U1',
          displayName: 'Jane D.',
          settings: defaultSettings(),
          nextDigestAt: null,
        });
        expect(renamed).toMatchObject({ id: a.workspaceId, name: 'New' });
        expect(renamedMember).toMatchObject({ id: a.memberId, displayName: 'Jane D.' });
        expect(renamedMember.settings.timeZone).toBe('Europe/Berlin');
      });

      it('a member marked unreachable keeps the mark and its reason until marked reachable, once', async () => {
        const a = await member('U1');
        await database.db
          .update(members)
          .set({ unreachableAt: NOW, unreachableReason: 'dms_closed' })
          .where(eq(members.id, a.memberId));
        const problem = async () => (await store.getMember(a))?.deliveryProblem;
        // Loading the member (autocomplete, the App Home) reports the problem and keeps it.
        await member('U1');
        expect(await problem()).toEqual({ reason: 'dms_closed', since: NOW });
        expect(await store.markReachable(a)).toBe(true);
        expect(await store.markReachable(a)).toBe(false);
        expect(await problem()).toBeNull();
      });

      it('round-trips every setting, including a digest turned off, chosen work days, a pause and a country', async () => {
        const a = await member('U1');
        const settings: MemberSettings = {
          timeZone: 'America/New_York',
          timeZoneConfirmed: true,
          digestTime: null,
          workDays: [1, 3, 5, 7],
          workStart: { hour: 8, minute: 30 },
          workEnd: { hour: 17, minute: 5 },
          share: true,
          target: 12,
          pausedUntil: new Date('2027-01-06T00:00:00Z'),
          country: 'US',
          region: 'CA',
        };
        const nextDigest = new Date('2026-12-02T14:00:00Z');

        const updated = await store.updateMemberSettings(a, settings, nextDigest);

        expect(updated.settings).toEqual(settings);
        expect((await store.getMember(a))?.settings).toEqual(settings);
        const [row] = await database.db
          .select({ nextDigestAt: members.nextDigestAt })
          .from(members)
          .where(eq(members.id, a.memberId));
        expect(row?.nextDigestAt).toEqual(nextDigest);
      });

      it('marks each first ask once, even when several replies race, and only in the member’s scope', async () => {
        const a = await member('UA');
        const b = await member('UB');
        const none = { timeZone: false, country: false, welcome: false };
        const all = { timeZone: true, country: true, welcome: true };
        expect(await store.getMember(a)).toMatchObject({ timeZoneAskedAt: null, countryAskedAt: null });

        const first = await Promise.all([1, 2, 3, 4].map(() => store.markFirstAsks(a, NOW, all)));

        // Each ask is won by exactly one reply (not necessarily the same one).
        for (const ask of ['timeZone', 'country', 'welcome'] as const)
          expect(first.filter((asked) => asked[ask])).toHaveLength(1);
        expect(await store.markFirstAsks(a, new Date('2026-12-09T10:00:00Z'), all)).toEqual(none);
        expect(await store.getMember(a)).toMatchObject({ timeZoneAskedAt: NOW, countryAskedAt: NOW });
        expect(await store.getMember(b)).toMatchObject({ timeZoneAskedAt: null, countryAskedAt: null });
        // Another workspace's scope around a's id touches nothing.
        const elsewhere = await member('UA', 'team-2');
        expect(await store.markFirstAsks({ ...a, workspaceId: elsewhere.workspaceId }, NOW, all)).toEqual(
          none,
        );
        expect(await store.getMember(elsewhere)).toMatchObject({
          timeZoneAskedAt: null,
          countryAskedAt: null,
        });
      });

      it('marks only the asks it is given, and says which were new', async () => {
        const b = await member('UB');
        expect(await store.markFirstAsks(b, NOW, { timeZone: false, country: true, welcome: false })).toEqual(
          {
            timeZone: false,
            country: true,
            welcome: false,
          },
        );
        expect(await store.getMember(b)).toMatchObject({ timeZoneAskedAt: null, countryAskedAt: NOW });
        expect(await store.markFirstAsks(b, NOW, { timeZone: true, country: true, welcome: true })).toEqual({
          timeZone: true,
          country: false,
          welcome: true,
        });
      });

      it('still knows a member was told about the time zone after request keys are pruned', async () => {
        const a = await member('UA');
        const zone = { timeZone: true, country: false, welcome: false };
        expect(await store.markFirstAsks(a, NOW, zone)).toEqual(zone);
        await store.rememberRequest(a.workspaceId, 'interaction:1', NOW);

        const pruned = await new DrizzleOutboxStore(database.db).prune({
          requestsBefore: new Date('2027-01-01T00:00:00Z'),
          deliveriesBefore: NOW,
        });

        expect(pruned.requests).toBe(1);
        expect((await store.markFirstAsks(a, new Date('2027-01-02T00:00:00Z'), zone)).timeZone).toBe(false);
      });

      it('sets and clears the accountability channel', async () => {
        const a = await member('UA');
        const set = await store.setAccountabilityChannel(a.workspaceId, 'C42', a.memberId);
        expect(set.accountabilityChannelId).toBe('C42');
        const cleared = await store.setAccountabilityChannel(a.workspaceId, null, null);
        expect(cleared.accountabilityChannelId).toBeNull();
      });
    });

    describe('promises', () => {
      it('gives back every field of a created promise, from get and from list', async () => {
        const a = await member('U1');
        const created = await store.createPromise(a, {
          kind: 'meeting',
          contact: { name: 'Priya Shah', role: 'hiring_manager', company: null },
          what: 'interview',
          promisedChannel: null,
          due: { at: new Date('2026-12-03T15:30:00Z'), precision: 'days', days: 5 },
          note: 'bring the portfolio',
          createdAt: NOW,
          nextNudgeAt: new Date('2026-12-04T09:00:00Z'),
        });

        expect(created).toEqual({
          id: expect.any(String),
          ref: 1,
          workspaceId: a.workspaceId,
          memberId: a.memberId,
          kind: 'meeting',
          contact: { name: 'Priya Shah', role: 'hiring_manager', company: null },
          what: 'interview',
          promisedChannel: null,
          due: { at: new Date('2026-12-03T15:30:00Z'), precision: 'days', days: 5 },
          note: 'bring the portfolio',
          createdAt: NOW,
          lastActivityAt: NOW,
          snoozedUntil: null,
          keepGoing: false,
          rightPersonSuggested: false,
          lastNudgedAttempt: 0,
          thanked: false,
          nextNudgeAt: new Date('2026-12-04T09:00:00Z'),
          outcome: null,
          closedAt: null,
          followUps: [],
        } satisfies FollowUpPromise);
        expect(await store.getPromise(a, created.id)).toEqual(created);
        expect(await store.listPromises(a)).toEqual([created]);
      });

      it('applies every kind of change, and a due without days drops the old days', async () => {
        const a = await member('U1');
        const p = await store.createPromise(a, {
          ...draft('Jane', '2026-12-04T14:00:00Z', null),
          due: { at: new Date('2026-12-04T00:00:00Z'), precision: 'days', days: 3 },
        });
        const changes = {
          contact: { name: 'Jane Doe', role: 'hiring_manager', company: 'Acme' },
          what: 'send the offer',
          promisedChannel: 'email',
          due: { at: new Date('2026-12-08T10:00:00Z'), precision: 'time' },
          note: 'ask about remote',
          lastActivityAt: new Date('2026-12-02T08:00:00Z'),
          snoozedUntil: new Date('2026-12-05T08:00:00Z'),
          keepGoing: true,
          rightPersonSuggested: true,
          lastNudgedAttempt: 2,
          thanked: true,
          nextNudgeAt: new Date('2026-12-08T13:00:00Z'),
          outcome: 'offer',
          closedAt: new Date('2026-12-09T10:00:00Z'),
        } as const;

        const updated = await store.updatePromise(a, p.id, changes);

        expect(updated).toEqual({ ...p, ...changes });
        expect(updated?.due).not.toHaveProperty('days');
        expect(await store.getPromise(a, p.id)).toEqual(updated);
      });

      it('moves several nudge moments in one write, only within the member’s scope', async () => {
        const a = await member('U1');
        const b = await member('U2');
        const first = await store.createPromise(a, draft('Jane', '2026-12-04T14:00:00Z'));
        const second = await store.createPromise(a, {
          ...draft('Bob', '2026-12-04T14:00:00Z'),
          nextNudgeAt: new Date('2026-12-04T17:00:00Z'),
        });
        const theirs = await store.createPromise(b, {
          ...draft('Zoe', '2026-12-04T14:00:00Z'),
          nextNudgeAt: new Date('2026-12-04T17:00:00Z'),
        });
        const at = new Date('2026-12-08T08:00:00.000Z');

        await store.setNextNudges(a, [
          { promiseId: first.id, at },
          { promiseId: second.id, at: null },
          { promiseId: theirs.id, at },
          { promiseId: 'not-a-uuid', at },
        ]);

        expect((await store.getPromise(a, first.id))?.nextNudgeAt).toEqual(at);
        expect((await store.getPromise(a, second.id))?.nextNudgeAt).toBeNull();
        expect((await store.getPromise(b, theirs.id))?.nextNudgeAt).toEqual(new Date('2026-12-04T17:00:00Z'));
      });

      it('forgets a request key so a failed request can be tried again with it', async () => {
        const a = await member('U1');
        expect(await store.rememberRequest(a.workspaceId, 'interaction:9', NOW)).toBe(true);
        await store.forgetRequest(a.workspaceId, 'interaction:9');
        expect(await store.rememberRequest(a.workspaceId, 'interaction:9', NOW)).toBe(true);
        expect(await store.rememberRequest(a.workspaceId, 'interaction:9', NOW)).toBe(false);
      });

      it('counts only the member’s own open promises', async () => {
        const a = await member('U1');
        const b = await member('U2');
        const other = await member('U1', 'team-2');
        for (const who of ['Jane', 'Bob', 'Priya'])
          await store.createPromise(a, draft(who, '2026-12-04T14:00:00Z'));
        const closed = await store.createPromise(a, draft('Sam', '2026-12-04T14:00:00Z'));
        await store.updatePromise(a, closed.id, { outcome: 'no', closedAt: NOW });
        await store.createPromise(b, draft('Zoe', '2026-12-04T14:00:00Z'));

        expect(await store.countOpenPromises(a)).toBe(3);
        expect(await store.countOpenPromises(b)).toBe(1);
        expect(await store.countOpenPromises(other)).toBe(0);
        expect(await store.countOpenPromises({ workspaceId: other.workspaceId, memberId: a.memberId })).toBe(
          0,
        );
      });

      it('leaves a promise as it was when the changes are empty', async () => {
        const a = await member('U1');
        const p = await store.createPromise(a, draft('Jane', '2026-12-04T14:00:00Z'));
        expect(await store.updatePromise(a, p.id, {})).toEqual(p);
      });

      it('deletes a promise with its follow-ups, and a second delete finds nothing', async () => {
        const a = await member('U1');
        const p = await store.createPromise(a, draft('Jane', '2026-12-04T14:00:00Z'));
        await store.addFollowUp(a, p.id, { at: NOW, channel: 'call', note: null });

        expect(await store.deletePromise(a, p.id)).toBe(true);
        expect(await store.getPromise(a, p.id)).toBeNull();
        expect(await rowCounts(a)).toMatchObject({ promises: 0, follow_ups: 0 });
        expect(await store.deletePromise(a, p.id)).toBe(false);
      });

      it('numbers promises 1, 2, 3 per member, independently of other members', async () => {
        const a = await member('U1');
        const b = await member('U2');
        const refsA = [];
        for (const who of ['Jane', 'Bob', 'Priya'])
          refsA.push((await store.createPromise(a, draft(who, '2026-12-04T14:00:00Z'))).ref);
        const refB = (await store.createPromise(b, draft('Sam', '2026-12-04T14:00:00Z'))).ref;
        expect(refsA).toEqual([1, 2, 3]);
        expect(refB).toBe(1);
      });

      it('never reuses a deleted promise’s number, so an old #2 cannot point at a new promise', async () => {
        const a = await member('U1');
        await store.createPromise(a, draft('Jane', '2026-12-04T14:00:00Z'));
        const second = await store.createPromise(a, draft('Bob', '2026-12-04T14:00:00Z'));
        await store.deletePromise(a, second.id);
        expect((await store.createPromise(a, draft('Priya', '2026-12-04T14:00:00Z'))).ref).toBe(3);
      });

      it('gives distinct numbers to promises created at the same moment', async () => {
        const a = await member('U1');
        const created = await Promise.all(
          ['A', 'B', 'C', 'D', 'E', 'F'].map((who) =>
            store.createPromise(a, draft(who, '2026-12-04T14:00:00Z')),
          ),
        );
        expect(created.map((p) => p.ref).sort()).toEqual([1, 2, 3, 4, 5, 6]);
      });

      it('lists open promises soonest first (then by number), closed ones only when asked', async () => {
        const a = await member('U1');
        await store.createPromise(a, draft('Late', '2026-12-10T10:00:00Z'));
        await store.createPromise(a, draft('Tie 2', '2026-12-02T10:00:00Z'));
        const closed = await store.createPromise(a, draft('Closed', '2026-12-01T12:00:00Z'));
        await store.createPromise(a, draft('Tie 4', '2026-12-02T10:00:00Z'));
        await store.updatePromise(a, closed.id, { outcome: 'heard', closedAt: NOW });

        const open = await store.listPromises(a);
        const all = await store.listPromises(a, { includeClosed: true });

        expect(open.map((p) => p.contact.name)).toEqual(['Tie 2', 'Tie 4', 'Late']);
        expect(all.map((p) => p.contact.name)).toEqual(['Closed', 'Tie 2', 'Tie 4', 'Late']);
      });
    });

    describe('follow-ups', () => {
      it('numbers follow-ups per promise and lists them oldest first with their promise', async () => {
        const a = await member('U1');
        const jane = await store.createPromise(a, draft('Jane', '2026-12-02T10:00:00Z'));
        const bob = await store.createPromise(a, draft('Bob', '2026-12-03T10:00:00Z'));
        const first = await store.addFollowUp(a, jane.id, { at: NOW, channel: 'email', note: 'sent' });
        const later = new Date('2026-12-04T10:00:00Z');
        const second = await store.addFollowUp(a, jane.id, { at: later, channel: null, note: null });
        const bobs = await store.addFollowUp(a, bob.id, { at: NOW, channel: 'linkedin', note: null });

        expect(first).toEqual({
          id: expect.any(String),
          promiseId: jane.id,
          at: NOW,
          attempt: 1,
          channel: 'email',
          note: 'sent',
        });
        expect([second?.attempt, bobs?.attempt]).toEqual([2, 1]);
        const [listedJane, listedBob] = await store.listPromises(a);
        expect(listedJane?.followUps).toEqual([first, second]);
        expect(listedBob?.followUps).toEqual([bobs]);
        expect((await store.getPromise(a, jane.id))?.followUps).toEqual([first, second]);
      });

      it('numbers follow-ups logged at the same moment 1, 2, 3 without a gap or a repeat', async () => {
        const a = await member('U1');
        const p = await store.createPromise(a, draft('Jane', '2026-12-02T10:00:00Z'));
        const logged = await Promise.all(
          [1, 2, 3, 4].map(() => store.addFollowUp(a, p.id, { at: NOW, channel: null, note: null })),
        );
        expect(logged.map((f) => f?.attempt).sort()).toEqual([1, 2, 3, 4]);
      });
    });

    describe('tenancy', () => {
      it.each([
        ['in the same workspace', 'team-1'],
        ['in another workspace', 'team-2'],
      ])(
        'member A cannot see, change, delete or log on member B’s promises %s, even with B’s ids',
        async (_, other) => {
          const a = await member('UA');
          const b = await member('UB', other);
          const theirs = await store.createPromise(
            b,
            draft('Secret Contact', '2026-12-04T14:00:00Z', 'Hidden Co'),
          );
          await store.addFollowUp(b, theirs.id, { at: NOW, channel: 'call', note: 'private' });
          await addDelivery(b, 'digest:b');
          const before = await store.listPromises(b, { includeClosed: true });
          const bSettings = (await store.getMember(b))?.settings;
          const bRows = await rowCounts(b);

          // A uses B's promise id; a forged scope pairs one member's id with the other's workspace.
          const forged =
            other === 'team-2'
              ? [
                  { workspaceId: a.workspaceId, memberId: b.memberId },
                  { workspaceId: b.workspaceId, memberId: a.memberId },
                ]
              : [];
          for (const scope of [a, ...forged]) {
            expect(await store.getPromise(scope, theirs.id)).toBeNull();
            expect(await store.listPromises(scope, { includeClosed: true })).toEqual([]);
            expect(await store.updatePromise(scope, theirs.id, { outcome: 'no', closedAt: NOW })).toBeNull();
            expect(await store.updatePromise(scope, theirs.id, {})).toBeNull();
            expect(
              await store.addFollowUp(scope, theirs.id, { at: NOW, channel: null, note: 'x' }),
            ).toBeNull();
            expect(await store.deletePromise(scope, theirs.id)).toBe(false);
          }
          for (const scope of forged) {
            expect(await store.getMember(scope)).toBeNull();
            await expect(
              store.updateMemberSettings(scope, defaultSettings('Asia/Tokyo'), null),
            ).rejects.toThrow();
            await expect(
              store.createPromise(scope, draft('Planted', '2026-12-04T14:00:00Z')),
            ).rejects.toThrow();
            expect(await store.forgetMember(scope)).toEqual({
              promises: 0,
              followUps: 0,
              deliveries: 0,
              roundups: 0,
            });
          }

          expect(await store.listPromises(b, { includeClosed: true })).toEqual(before);
          expect((await store.getMember(b))?.settings).toEqual(bSettings);
          expect(await rowCounts(b)).toEqual(bRows);
        },
      );

      it('forget-me removes every row of the member and leaves another member untouched', async () => {
        const a = await member('UA');
        const b = await member('UB');
        for (const scope of [a, b]) {
          const p = await store.createPromise(scope, draft('Jane', '2026-12-04T14:00:00Z'));
          await store.createPromise(scope, draft('Bob', '2026-12-05T14:00:00Z'));
          await store.addFollowUp(scope, p.id, { at: NOW, channel: 'call', note: null });
          await store.addFollowUp(scope, p.id, { at: NOW, channel: 'email', note: null });
          await addDelivery(scope, `digest:${scope.memberId}`);
        }
        const bBefore = await rowCounts(b);
        const bPromises = await store.listPromises(b, { includeClosed: true });

        const removed = await store.forgetMember(a);

        expect(removed).toEqual({ promises: 2, followUps: 2, deliveries: 1, roundups: 0 });
        expect(await rowCounts(a)).toEqual({ members: 0, promises: 0, follow_ups: 0, deliveries: 0 });
        expect(await store.getMember(a)).toBeNull();
        expect(bBefore).toEqual({ members: 1, promises: 2, follow_ups: 2, deliveries: 1 });
        expect(await rowCounts(b)).toEqual(bBefore);
        expect(await store.listPromises(b, { includeClosed: true })).toEqual(bPromises);
      });

      it('forget-me removes the workspace’s unsent roundups and sets its roundup moment back to re-plan them', async () => {
        const a = await member('UA');
        await member('UB'); // a second member of the workspace, whose data stays
        const elsewhere = await member('UC', 'team-2');
        const periodEnd = new Date('2026-12-07T09:00:00.000Z');
        const later = new Date('2026-12-14T09:00:00.000Z');
        for (const scope of [a, elsewhere]) {
          await database.db
            .update(workspaces)
            .set({ accountabilityChannelId: 'C1', nextRoundupAt: later })
            .where(eq(workspaces.id, scope.workspaceId));
          await addRoundup(
            scope.workspaceId,
            `roundup:${scope.workspaceId}:${periodEnd.toISOString()}`,
            'pending',
            [{ text: 'UA followed up 3 times', namesMember: a.memberId }],
            periodEnd,
          );
        }
        await store.rememberRequest(a.workspaceId, 'interaction:123', NOW);

        const removed = await store.forgetMember(a);

        expect(removed.roundups).toBe(1);
        const roundupsOf = async (workspaceId: string) =>
          database.db.select().from(deliveries).where(eq(deliveries.workspaceId, workspaceId));
        expect(await roundupsOf(a.workspaceId)).toEqual([]);
        expect(await roundupsOf(elsewhere.workspaceId)).toHaveLength(1);
        const moments = await database.db
          .select({ id: workspaces.id, at: workspaces.nextRoundupAt })
          .from(workspaces);
        expect(moments.find((w) => w.id === a.workspaceId)?.at).toEqual(periodEnd);
        expect(moments.find((w) => w.id === elsewhere.workspaceId)?.at).toEqual(later);
        // Request keys name platform events, not members: they stay until pruned.
        expect(await store.rememberRequest(a.workspaceId, 'interaction:123', NOW)).toBe(false);
      });

      it('forget-me sets the roundup moment back to the stored period end, whatever the dedupe key looks like', async () => {
        const a = await member('UA');
        const periodEnd = new Date('2026-12-07T09:00:00.000Z');
        await database.db
          .update(workspaces)
          .set({ accountabilityChannelId: 'C1', nextRoundupAt: new Date('2026-12-14T09:00:00.000Z') })
          .where(eq(workspaces.id, a.workspaceId));
        await addRoundup(a.workspaceId, 'roundup/v2#week-49', 'pending', [], periodEnd);

        expect((await store.forgetMember(a)).roundups).toBe(1);

        const [workspace] = await database.db
          .select({ at: workspaces.nextRoundupAt })
          .from(workspaces)
          .where(eq(workspaces.id, a.workspaceId));
        expect(workspace?.at).toEqual(periodEnd);
      });

      it('forget-me sets the moment back to when a roundup was planned when it has no stored period end', async () => {
        const a = await member('UA');
        await database.db
          .update(workspaces)
          .set({ accountabilityChannelId: 'C1', nextRoundupAt: new Date('2099-01-01T00:00:00.000Z') })
          .where(eq(workspaces.id, a.workspaceId));
        await addRoundup(a.workspaceId, `roundup:${a.workspaceId}:not-a-date`, 'pending', [], null);
        const [planned] = await database.db
          .select({ at: deliveries.createdAt })
          .from(deliveries)
          .where(eq(deliveries.workspaceId, a.workspaceId));

        expect((await store.forgetMember(a)).roundups).toBe(1);

        const [workspace] = await database.db
          .select({ at: workspaces.nextRoundupAt })
          .from(workspaces)
          .where(eq(workspaces.id, a.workspaceId));
        expect(workspace?.at).toEqual(planned?.at);
      });

      it('forget-me takes the member’s shout-outs out of sent and dead roundups, and only theirs', async () => {
        const a = await member('UA');
        const namesake = await member('UB');
        // Bea was renamed after the roundups went out; a namesake's line starts with her old name.
        await database.db
          .update(members)
          .set({ displayName: 'Bea' })
          .where(eq(members.id, namesake.memberId));
        await database.db.update(members).set({ displayName: 'Trixie' }).where(eq(members.id, a.memberId));
        const lines = [
          { text: 'Bea followed up 3 times · 4-day streak', namesMember: a.memberId },
          { text: 'Bea Smith is on a 3-day streak', namesMember: namesake.memberId },
        ];
        await addRoundup(a.workspaceId, 'roundup:sent', 'sent', lines);
        await addRoundup(a.workspaceId, 'roundup:dead', 'dead', [
          { text: 'Bea is on a 5-day streak', namesMember: a.memberId },
        ]);
        // Being sent right now: if that send fails, it goes back to pending as stored.
        await addRoundup(a.workspaceId, 'roundup:sending', 'sending', [
          { text: 'Bea followed up 4 times', namesMember: a.memberId },
        ]);
        // Written before lines carried the member's id (and before the period end was stored):
        // matched by the exact wording, current name.
        await addRoundup(
          a.workspaceId,
          'roundup:legacy',
          'sent',
          [{ text: 'Trixie followed up 3 times' }, { text: 'Trixie Smith is on a 3-day streak' }],
          null,
        );

        const removed = await store.forgetMember(a);

        expect(removed.roundups).toBe(0);
        const rows = await database.db
          .select({ key: deliveries.dedupeKey, state: deliveries.state, payload: deliveries.payload })
          .from(deliveries)
          .where(eq(deliveries.workspaceId, a.workspaceId));
        const sent = rows.find((r) => r.key === 'roundup:sent');
        const dead = rows.find((r) => r.key === 'roundup:dead');
        expect(sent?.state).toBe('sent');
        expect(JSON.stringify(sent?.payload)).not.toMatch(/Bea followed/);
        expect(JSON.stringify(sent?.payload)).toContain('Bea Smith is on a 3-day streak');
        expect(JSON.stringify(sent?.payload)).toContain('3 follow-ups logged');
        expect(dead?.state).toBe('dead');
        expect(JSON.stringify(dead?.payload)).not.toContain('Bea');
        // The section left empty goes too: only the tally remains.
        expect(dead?.payload).toMatchObject({
          message: {
            sections: [{ items: [{ text: '3 follow-ups logged · 0 callbacks received · 1 member active' }] }],
          },
        });
        const sending = rows.find((r) => r.key === 'roundup:sending');
        expect(sending?.state).toBe('sending');
        expect(JSON.stringify(sending?.payload)).not.toContain('Bea followed');
        const legacy = JSON.stringify(rows.find((r) => r.key === 'roundup:legacy')?.payload);
        expect(legacy).not.toContain('Trixie followed');
        expect(legacy).toContain('Trixie Smith is on a 3-day streak');
      });

      it('forget-me goes by namesMember alone in roundups planned with it: wording that merely matches stays', async () => {
        const a = await member('UA');
        await database.db.update(members).set({ displayName: 'Trixie' }).where(eq(members.id, a.memberId));
        const lines = [
          { text: 'Trixie is on a 4-day streak', namesMember: a.memberId },
          // Not a shout-out of hers: no namesMember, only the wording of one.
          { text: 'Trixie followed up 3 times' },
        ];
        await addRoundup(a.workspaceId, 'roundup:current', 'sent', lines);

        await store.forgetMember(a);

        const [row] = await database.db
          .select({ payload: deliveries.payload })
          .from(deliveries)
          .where(eq(deliveries.dedupeKey, 'roundup:current'));
        const body = JSON.stringify(row?.payload);
        expect(body).not.toContain('4-day streak');
        expect(body).toContain('Trixie followed up 3 times');
      });

      it('a forgotten member who comes back starts afresh at #1 with default settings', async () => {
        const a = await member('UA');
        await store.updateMemberSettings(a, { ...defaultSettings('Asia/Tokyo'), target: 2 }, null);
        await store.createPromise(a, draft('Jane', '2026-12-04T14:00:00Z'));
        await store.markFirstAsks(a, NOW, { timeZone: true, country: true, welcome: true });
        await store.forgetMember(a);

        const back = await member('UA');

        expect(back.memberId).not.toBe(a.memberId);
        expect((await store.getMember(back))?.settings).toEqual(defaultSettings('Europe/Berlin'));
        expect((await store.getMember(back))?.timeZoneAskedAt).toBeNull();
        expect((await store.createPromise(back, draft('Bob', '2026-12-04T14:00:00Z'))).ref).toBe(1);
      });
    });

    describe('a platform user across workspaces', () => {
      it('lists the user’s workspaces on the platform, most recently active first, and a promise’s only to its owner', async () => {
        const server = (externalId: string) =>
          store.ensureWorkspace({ platform: 'discord', externalId, name: `Server ${externalId}` });
        const join = async (workspaceId: string, userId: string): Promise<MemberScope> => {
          const m = await store.ensureMember(workspaceId, {
            externalId: userId,
            displayName: userId,
            settings: defaultSettings(),
            nextDigestAt: null,
          });
          return { workspaceId, memberId: m.id };
        };
        const g1 = await server('G1');
        const g2 = await server('G2');
        const slack = await store.ensureWorkspace({ platform: 'slack', externalId: 'G1', name: 'Slack' });
        const inG1 = await join(g1.id, 'U1');
        const inG2 = await join(g2.id, 'U1');
        await join(slack.id, 'U1');
        const otherInG1 = await join(g1.id, 'U2');
        const active = (scope: MemberScope, id: string, at: string) =>
          store.updatePromise(scope, id, { lastActivityAt: new Date(at) });
        const mine1 = await store.createPromise(inG1, draft('Jane', '2026-12-04T14:00:00Z'));
        const mine2 = await store.createPromise(inG2, draft('Bob', '2026-12-04T14:00:00Z'));
        const theirs = await store.createPromise(otherInG1, draft('Omar', '2026-12-04T14:00:00Z'));
        await active(inG1, mine1.id, '2026-12-02T00:00:00Z');
        await active(inG2, mine2.id, '2026-12-03T00:00:00Z');
        const ids = async (
          user: string,
          options?: { promiseId?: string },
          platform: 'discord' | 'slack' = 'discord',
        ) => (await store.workspacesOfUser(platform, user, options)).map((w) => w.externalId);

        expect(await ids('U1')).toEqual(['G2', 'G1']);
        await active(inG1, mine1.id, '2026-12-04T00:00:00Z');
        expect(await ids('U1')).toEqual(['G1', 'G2']);
        expect(await store.workspacesOfUser('discord', 'U1')).toEqual([g1, g2]);
        expect(await ids('U2')).toEqual(['G1']);
        expect(await ids('U3')).toEqual([]);
        // Workspaces where the user has no promise come after those with activity, newest first.
        const g3 = await store.ensureWorkspace({ platform: 'discord', externalId: 'G3', name: 'Server G3' });
        await join(g3.id, 'U1');
        expect(await ids('U1')).toEqual(['G1', 'G2', 'G3']);

        expect(await ids('U1', { promiseId: mine2.id })).toEqual(['G2']);
        expect(await ids('U1', { promiseId: theirs.id })).toEqual([]);
        expect(await ids('U2', { promiseId: mine1.id })).toEqual([]);
        expect(await ids('U1', { promiseId: mine2.id }, 'slack')).toEqual([]);
        expect(await ids('U1', { promiseId: 'thrice:followed:not-a-uuid' })).toEqual([]);
        await store.deletePromise(inG2, mine2.id);
        expect(await ids('U1', { promiseId: mine2.id })).toEqual([]);
      });
    });

    describe('transactions and request keys', () => {
      it('a transaction that throws leaves nothing written, not even a used number', async () => {
        const a = await member('UA');
        await expect(
          store.transaction(async (tx) => {
            const p = await tx.createPromise(a, draft('Jane', '2026-12-04T14:00:00Z'));
            await tx.addFollowUp(a, p.id, { at: NOW, channel: null, note: null });
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');
        expect(await rowCounts(a)).toMatchObject({ promises: 0, follow_ups: 0 });
        expect((await store.createPromise(a, draft('Bob', '2026-12-04T14:00:00Z'))).ref).toBe(1);
      });

      it('a transaction opened inside a transaction is the same one: the outer failure undoes it', async () => {
        const a = await member('UA');
        await expect(
          store.transaction(async (outer) => {
            await outer.transaction((inner) => inner.createPromise(a, draft('Jane', '2026-12-04T14:00:00Z')));
            throw new Error('outer fails after the inner one finished');
          }),
        ).rejects.toThrow('outer fails');
        expect(await store.listPromises(a, { includeClosed: true })).toEqual([]);
      });

      it('a transaction that succeeds keeps all its writes and returns its value', async () => {
        const a = await member('UA');
        const ref = await store.transaction(async (tx) => {
          const p = await tx.createPromise(a, draft('Jane', '2026-12-04T14:00:00Z'));
          await tx.updatePromise(a, p.id, { keepGoing: true });
          return p.ref;
        });
        expect(ref).toBe(1);
        expect((await store.listPromises(a)).map((p) => p.keepGoing)).toEqual([true]);
      });

      it('remembers a request key once per workspace', async () => {
        const a = await member('UA');
        const other = await member('UB', 'team-2');
        expect(await store.rememberRequest(a.workspaceId, 'retry-1', NOW)).toBe(true);
        expect(await store.rememberRequest(a.workspaceId, 'retry-1', NOW)).toBe(false);
        expect(await store.rememberRequest(other.workspaceId, 'retry-1', NOW)).toBe(true);
      });
    });
  });
}
