import type { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database, Db } from '../../db/connection.ts';
import * as schema from '../../db/schema.ts';
import { DrizzleStore } from '../../db/store.ts';
import { createInbound, type InboundService } from '../../src/app/inbound.ts';
import type { Actor } from '../../src/core/ports/inbound.ts';
import { type Driver, openTestDatabase } from '../support/drivers.ts';
import { recordPgliteStatements } from '../support/statement-log.ts';
import { describeOnDrivers, ManualClock, testLog } from '../support/world.ts';

/**
 * The database with every statement it is sent written down, as the driver sends it: queries,
 * and each transaction's BEGIN and COMMIT. On Postgres a second client on the same database with
 * the driver's own query hook; on PGlite its client's query and transaction, wrapped.
 */
async function countingDatabase(driver: Driver): Promise<{ db: Db; seen: string[]; close(): Promise<void> }> {
  const database: Database & { url: string | null } = await openTestDatabase(driver);
  const seen: string[] = [];
  if (database.url !== null) {
    const client = postgres(database.url, {
      max: 2,
      onnotice: () => {},
      debug: (_connection, query) => {
        seen.push(query);
      },
    });
    const db = drizzle(client, { schema }) as unknown as Db;
    return {
      db,
      seen,
      async close() {
        await client.end({ timeout: 5 });
        await database.close();
      },
    };
  }
  const recorded = recordPgliteStatements((database.db as unknown as { $client: PGlite }).$client);
  return {
    db: database.db,
    seen: recorded.seen,
    async close() {
      recorded.restore();
      await database.close();
    },
  };
}

/** A Slack member as the listener describes them: zone and locale from users.info. */
function slackActor(userId: string): Actor {
  return {
    workspace: { platform: 'slack', externalId: 'T1', name: null },
    user: { externalId: userId, displayName: `User ${userId}` },
    timeZone: 'Europe/Berlin',
    locale: 'en-GB',
    canManageWorkspace: false,
  };
}

async function add(inbound: InboundService, actor: Actor, text: string, key: string) {
  return inbound.handle({ actor, input: { kind: 'text', text }, idempotencyKey: key });
}

describeOnDrivers('statements of one /promise add', (driver) => {
  let counted: Awaited<ReturnType<typeof countingDatabase>>;
  let inbound: InboundService;
  const clock = new ManualClock(new Date('2026-12-01T10:00:00Z'));

  beforeEach(async () => {
    counted = await countingDatabase(driver);
    inbound = createInbound({ store: new DrizzleStore(counted.db), clock, log: testLog });
  });
  afterEach(async () => {
    await counted.close();
  });

  it('an add from a member seen before runs at most 6 statements, retry key and cap check included', async () => {
    const alice = slackActor('U1');
    await add(inbound, alice, 'Sam (Initech) will call me back tomorrow', 'first');
    counted.seen.length = 0;
    const reply = await add(
      inbound,
      alice,
      'Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
      'add-2',
    );
    expect(reply?.message.kind).toBe('confirmation');
    expect(counted.seen.length, counted.seen.join('\n')).toBeLessThanOrEqual(6);
    // The counter sees the transaction and the insert, so a lower count is not a blind spot.
    expect(counted.seen.some((text) => /^begin/i.test(text))).toBe(true);
    expect(counted.seen.filter((text) => /insert into "?promises"?/i.test(text))).toHaveLength(1);
    // Its retry is answered by the key alone: nothing written, nothing more than the key's check.
    counted.seen.length = 0;
    expect(
      await add(inbound, alice, 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm', 'add-2'),
    ).toBeNull();
    expect(counted.seen.length, counted.seen.join('\n')).toBeLessThanOrEqual(2);
  });

  it('a first-ever add (new member: welcome, country question) runs at most 8 statements', async () => {
    const bob = slackActor('U2');
    // The workspace exists (someone else used Thrice there); Bob is new.
    await add(inbound, slackActor('U0'), 'Sam (Initech) will call me back tomorrow', 'other');
    counted.seen.length = 0;
    const reply = await add(
      inbound,
      bob,
      'Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
      'b-1',
    );
    expect(reply?.welcome).toBeDefined();
    expect(reply?.notices.map((notice) => notice.kind)).toContain('country_unset');
    expect(counted.seen.length, counted.seen.join('\n')).toBeLessThanOrEqual(8);
    expect(counted.seen.filter((text) => /insert into "?promises"?/i.test(text))).toHaveLength(1);
  });

  it('a Discord member’s first add (no zone from the platform: the zone tip too, and times marked) runs at most 8 statements', async () => {
    const discord = (userId: string): Actor => ({
      workspace: { platform: 'discord', externalId: 'G1', name: 'Job hunters' },
      user: { externalId: userId, displayName: `User ${userId}` },
      locale: 'en-US',
      canManageWorkspace: false,
    });
    await add(inbound, discord('D0'), 'Sam (Initech) will call me back tomorrow', 'd-other');
    counted.seen.length = 0;
    const reply = await add(inbound, discord('D1'), 'Jane Doe (Acme) will call me back by Friday 3pm', 'd-1');
    expect(reply?.notices.map((notice) => notice.kind)).toEqual(
      expect.arrayContaining(['time_zone_unset', 'country_unset']),
    );
    expect(reply?.welcome).toBeDefined();
    // The confirmation's moments are marked for Discord's timestamps from the new promise itself.
    expect(reply?.message.times?.length).toBeGreaterThan(0);
    expect(counted.seen.length, counted.seen.join('\n')).toBeLessThanOrEqual(8);
  });

  it('the first add in a workspace nobody used yet creates it with the member: at most 8 statements', async () => {
    // Another workspace first, so the connection's own start-up reads are not counted.
    await add(
      inbound,
      { ...slackActor('U0'), workspace: { platform: 'slack', externalId: 'T0', name: null } },
      'Sam will call me tomorrow',
      'warm',
    );
    counted.seen.length = 0;
    const reply = await add(
      inbound,
      slackActor('U9'),
      'Jane Doe (Acme) will call me back by Friday 3pm',
      'n-1',
    );
    expect(reply?.message.kind).toBe('confirmation');
    expect(counted.seen.length, counted.seen.join('\n')).toBeLessThanOrEqual(8);
  });
});
