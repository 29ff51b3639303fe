import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { deliveries, followUps, members, promises } from '../../db/schema.ts';
import { DrizzleStore } from '../../db/store.ts';
import type { MemberScope } from '../../src/core/model.ts';
import type { NewPromise, Store } from '../../src/core/ports.ts';
import { defaultSettings } from '../../src/core/settings.ts';
import { resetDatabase } from '../support/database.ts';

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

/** The Store contract, run on every database the store supports. */
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

    it('finds the same workspace and member again without resetting settings', async () => {
      const a = await member('U1');
      const settings = { ...defaultSettings('Asia/Kolkata'), target: 9 };
      await store.updateMemberSettings(a, settings, null);
      const again = await member('U1');
      expect(again).toEqual(a);
      expect((await store.getMember(a))?.settings).toEqual(settings);
    });

    it('round-trips every setting, including a digest turned off and a pause', async () => {
      const a = await member('U1');
      const settings = {
        ...defaultSettings('America/New_York'),
        digestTime: null,
        workDays: [1, 3, 5] as const,
        workStart: { hour: 8, minute: 30 },
        share: true,
        pausedUntil: new Date('2027-01-06T00:00:00Z'),
      };
      const nextDigest = new Date('2026-12-02T14:00:00Z');
      const updated = await store.updateMemberSettings(a, settings, nextDigest);
      expect(updated.settings).toEqual(settings);
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

    it('lists open promises soonest first with their follow-ups, closed ones only when asked', async () => {
      const a = await member('U1');
      const late = await store.createPromise(a, draft('Late', '2026-12-10T10:00:00Z'));
      const soon = await store.createPromise(a, draft('Soon', '2026-12-02T10:00:00Z'));
      const closed = await store.createPromise(a, draft('Closed', '2026-12-01T12:00:00Z'));
      await store.updatePromise(a, closed.id, { outcome: 'heard', closedAt: NOW });
      const first = await store.addFollowUp(a, soon.id, { at: NOW, channel: 'email', note: 'sent' });
      const second = await store.addFollowUp(a, soon.id, { at: NOW, channel: null, note: null });
      expect([first?.attempt, second?.attempt]).toEqual([1, 2]);

      const open = await store.listPromises(a);
      expect(open.map((p) => p.contact.name)).toEqual(['Soon', 'Late']);
      expect(open[0]?.followUps.map((f) => f.channel)).toEqual(['email', null]);
      expect(late.followUps).toEqual([]);
      const all = await store.listPromises(a, { includeClosed: true });
      expect(all.map((p) => p.contact.name)).toEqual(['Closed', 'Soon', 'Late']);
    });

    it('updates and deletes a promise, keeping the days of an R4 due', async () => {
      const a = await member('U1');
      const p = await store.createPromise(a, draft('Jane', '2026-12-04T14:00:00Z', null));
      const due = { at: new Date('2026-12-08T10:00:00Z'), precision: 'days' as const, days: 7 };
      const updated = await store.updatePromise(a, p.id, {
        due,
        contact: { name: 'Jane Doe', role: 'hiring_manager', company: 'Acme' },
        snoozedUntil: new Date('2026-12-05T08:00:00Z'),
        keepGoing: true,
      });
      expect(updated?.due).toEqual(due);
      expect(updated?.contact).toEqual({ name: 'Jane Doe', role: 'hiring_manager', company: 'Acme' });
      expect(updated?.keepGoing).toBe(true);
      expect(await store.deletePromise(a, p.id)).toBe(true);
      expect(await store.getPromise(a, p.id)).toBeNull();
      expect(await store.deletePromise(a, p.id)).toBe(false);
    });

    it.each([
      ['in the same workspace', 'team-1'],
      ['in another workspace', 'team-2'],
    ])(
      'member A cannot see, change or delete member B’s promises %s, even with B’s ids',
      async (_, other) => {
        const a = await member('UA');
        const b = await member('UB', other);
        const theirs = await store.createPromise(
          b,
          draft('Secret Contact', '2026-12-04T14:00:00Z', 'Hidden Co'),
        );
        await store.addFollowUp(b, theirs.id, { at: NOW, channel: 'call', note: 'private' });
        const before = await store.getPromise(b, theirs.id);

        // A guesses B's promise id; across workspaces, even B's member id under A's workspace fails.
        const forged = { workspaceId: a.workspaceId, memberId: b.memberId };
        for (const scope of other === 'team-2' ? [a, forged] : [a]) {
          expect(await store.getPromise(scope, theirs.id)).toBeNull();
          expect(await store.listPromises(scope, { includeClosed: true })).toEqual([]);
          expect(await store.updatePromise(scope, theirs.id, { outcome: 'no', closedAt: NOW })).toBeNull();
          expect(await store.addFollowUp(scope, theirs.id, { at: NOW, channel: null, note: 'x' })).toBeNull();
          expect(await store.deletePromise(scope, theirs.id)).toBe(false);
        }
        if (other === 'team-2') expect(await store.getMember(forged)).toBeNull();
        expect(await store.getPromise(b, theirs.id)).toEqual(before);
      },
    );

    it('forget-me removes every row of the member and leaves another member untouched', async () => {
      const a = await member('UA');
      const b = await member('UB');
      for (const scope of [a, b]) {
        const p = await store.createPromise(scope, draft('Jane', '2026-12-04T14:00:00Z'));
        await store.addFollowUp(scope, p.id, { at: NOW, channel: 'call', note: null });
        await database.db.execute(
          sql`insert into deliveries (workspace_id, member_id, kind, platform, dedupe_key, payload, next_attempt_at)
              values (${scope.workspaceId}, ${scope.memberId}, 'digest', 'slack', ${`digest:${scope.memberId}`}, '{}'::jsonb, now())`,
        );
      }
      const bBefore = await rowCounts(b);
      const removed = await store.forgetMember(a);
      expect(removed).toEqual({ promises: 1, followUps: 1, deliveries: 1 });
      expect(await rowCounts(a)).toEqual({ members: 0, promises: 0, follow_ups: 0, deliveries: 0 });
      expect(await rowCounts(b)).toEqual(bBefore);
      expect(bBefore).toEqual({ members: 1, promises: 1, follow_ups: 1, deliveries: 1 });
    });

    it('a transaction that throws leaves nothing written', async () => {
      const a = await member('UA');
      await expect(
        store.transaction(async (tx) => {
          await tx.createPromise(a, draft('Jane', '2026-12-04T14:00:00Z'));
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await store.listPromises(a, { includeClosed: true })).toEqual([]);
      expect((await store.createPromise(a, draft('Bob', '2026-12-04T14:00:00Z'))).ref).toBe(1);
    });

    it('remembers a request key once', async () => {
      const a = await member('UA');
      expect(await store.rememberRequest(a.workspaceId, 'retry-1', NOW)).toBe(true);
      expect(await store.rememberRequest(a.workspaceId, 'retry-1', NOW)).toBe(false);
    });

    it('sets and clears the accountability channel', async () => {
      const a = await member('UA');
      expect((await store.setAccountabilityChannel(a.workspaceId, 'C42')).accountabilityChannelId).toBe(
        'C42',
      );
      expect((await store.setAccountabilityChannel(a.workspaceId, null)).accountabilityChannelId).toBeNull();
    });
  });
}
