import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/connection.ts';
import { DrizzlePacingStore } from '../../db/pacing-store.ts';
import { DrizzleStore } from '../../db/store.ts';
import type { SendScope } from '../../src/core/ports/pacing.ts';
import { resetDatabase } from '../support/database.ts';
import { describeOnDrivers, openTestDatabase } from '../support/drivers.ts';

const T0 = new Date('2026-12-01T09:00:00Z').getTime();
const at = (ms: number) => new Date(T0 + ms);

describeOnDrivers('shared send budget', (driver) => {
  let database: Database & { url: string | null };
  /** A second instance: on Postgres its own connection pool, on PGlite a second store on the one connection. */
  let other: { budget: DrizzlePacingStore; close(): Promise<void> };
  let budget: DrizzlePacingStore;
  let scope: SendScope;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    if (database.url === null) {
      other = { budget: new DrizzlePacingStore(database.db), close: async () => {} };
    } else {
      const second = await openDatabase({ dataDir: 'memory://', databaseUrl: database.url });
      other = { budget: new DrizzlePacingStore(second.db), close: () => second.close() };
    }
  });
  afterAll(async () => {
    await other?.close();
    await database?.close();
  });
  beforeEach(async () => {
    await resetDatabase(database);
    // Fresh stores: resetting empties send_budget, and a store remembers which rows it made.
    budget = new DrizzlePacingStore(database.db);
    if (database.url === null) other.budget = new DrizzlePacingStore(database.db);
    const ws = await new DrizzleStore(database.db).ensureWorkspace({
      platform: 'slack',
      externalId: 'TPACE',
      name: null,
    });
    scope = {
      key: `slack:ws:${ws.id}`,
      platform: 'slack',
      limit: { perSecond: 10, burst: 4, grant: 4 },
      hold: { platform: 'slack', workspaceId: ws.id },
    };
  });

  it('grants the burst at once, then nothing until tokens come back, and says when', async () => {
    expect(await budget.take(scope, 10, at(0))).toEqual({ granted: 4, retryAt: null, heldUntil: null });
    const empty = await budget.take(scope, 3, at(0));
    // Three tokens at ten a second: 300 ms.
    expect(empty).toEqual({ granted: 0, retryAt: at(300), heldUntil: null });
    expect((await budget.take(scope, 3, at(300))).granted).toBe(3);
    // Never more than the burst, however long the bucket was left alone.
    expect((await budget.take(scope, 100, at(60_000))).granted).toBe(4);
  });

  it('two instances taking at once never get more than the rate allows between them', async () => {
    let granted = 0;
    // One second in steps of 100 ms (one token each), both instances asking at every step, concurrently.
    for (let step = 0; step <= 10; step += 1) {
      const now = at(step * 100);
      const grants = await Promise.all([
        budget.take(scope, 3, now),
        other.budget.take(scope, 3, now),
        budget.take(scope, 2, now),
        other.budget.take(scope, 2, now),
      ]);
      granted += grants.reduce((sum, grant) => sum + grant.granted, 0);
    }
    // The burst (4) plus 10 a second for 1 s: every token granted once, none twice.
    expect(granted).toBe(4 + 10);
  });

  it('a hold set by one instance stops every instance until it ends, and a shorter one does not shorten it', async () => {
    await budget.hold(scope, at(30_000));
    await other.budget.hold(scope, at(5_000));
    expect(await other.budget.take(scope, 1, at(1_000))).toEqual({
      granted: 0,
      retryAt: at(30_000),
      heldUntil: at(30_000),
    });
    expect(await other.budget.activeHolds(at(29_999))).toEqual([
      { platform: 'slack', workspaceId: scope.hold?.workspaceId, until: at(30_000) },
    ]);
    expect(await budget.activeHolds(at(30_000))).toEqual([]);
    // The bucket refills from the end of the hold, not from before it.
    expect(await other.budget.take(scope, 4, at(30_000))).toMatchObject({ granted: 0, heldUntil: null });
    expect((await budget.take(scope, 4, at(30_100))).granted).toBe(1);
  });

  it('a platform-wide hold (Discord) names no workspace', async () => {
    const discord: SendScope = {
      key: 'discord:token',
      platform: 'discord',
      limit: { perSecond: 45, burst: 9, grant: 9 },
      hold: { platform: 'discord' },
    };
    await other.budget.hold(discord, at(2_000));
    expect(await budget.activeHolds(at(0))).toEqual([{ platform: 'discord', until: at(2_000) }]);
    expect((await budget.take(discord, 1, at(1_999))).granted).toBe(0);
  });

  it('a scope whose row was removed meanwhile is made again', async () => {
    expect((await budget.take(scope, 1, at(0))).granted).toBe(1);
    await resetDatabase(database);
    const ws = await new DrizzleStore(database.db).ensureWorkspace({
      platform: 'slack',
      externalId: 'T2',
      name: null,
    });
    const again: SendScope = {
      ...scope,
      key: `slack:ws:${ws.id}`,
      hold: { platform: 'slack', workspaceId: ws.id },
    };
    expect((await budget.take(again, 2, at(0))).granted).toBe(2);
    // The old scope's row went with the reset; this store notices and makes it again.
    expect((await budget.take({ ...scope, hold: again.hold }, 2, at(0))).granted).toBe(2);
  });

  it('takes from several scopes in one round trip, each within its own bucket', async () => {
    const channel: SendScope = {
      key: `${scope.key}:C1`,
      platform: 'slack',
      limit: { perSecond: 1, burst: 1, grant: 1 },
      hold: null,
    };
    await other.budget.hold(scope, at(500));
    const grants = await budget.takeMany(
      [
        { scope: channel, want: 3 },
        { scope, want: 2 },
      ],
      at(0),
    );
    expect(grants.get(channel.key)).toEqual({ granted: 1, retryAt: null, heldUntil: null });
    expect(grants.get(scope.key)).toEqual({ granted: 0, retryAt: at(500), heldUntil: at(500) });
    const later = await other.budget.takeMany([{ scope: channel, want: 1 }], at(400));
    expect(later.get(channel.key)).toEqual({ granted: 0, retryAt: at(1_000), heldUntil: null });
  });
});
