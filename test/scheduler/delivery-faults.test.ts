import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import { deliveries, members } from '../../db/schema.ts';
import { DrizzleStore } from '../../db/store.ts';
import { defaultSettings } from '../../src/core/policy-defaults.ts';
import type { PlannedDelivery } from '../../src/core/ports/outbox.ts';
import { createMetrics } from '../../src/runtime/metrics.ts';
import { opsRoutes, startOpsServer } from '../../src/runtime/ops-server.ts';
import { RETRY_POLICY } from '../../src/scheduler/retry-policy.ts';
import { drainOutbox } from '../../src/scheduler/sender.ts';
import { ManualClock, testLog } from '../support/clock.ts';
import { resetDatabase } from '../support/database.ts';
import { describeOnDrivers, openTestDatabase } from '../support/drivers.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { fakePlatformPort } from '../support/fake-platform-port.ts';

const START = new Date('2026-12-01T09:00:00Z');

describeOnDrivers('delivery faults', (driver) => {
  const platform = new FakePlatform();
  let database: Database;
  let outbox: DrizzleOutboxStore;
  let clock: ManualClock;
  let workspaceId: string;
  const memberIds = new Map<string, string>();

  beforeAll(async () => {
    await platform.start();
    database = await openTestDatabase(driver);
    outbox = new DrizzleOutboxStore(database.db);
  });
  afterAll(async () => {
    await database?.close();
    await platform.stop();
  });
  beforeEach(async () => {
    await resetDatabase(database);
    platform.reset();
    clock = new ManualClock(START);
    const store = new DrizzleStore(database.db);
    const ws = await store.ensureWorkspace({ platform: 'console', externalId: 'faults', name: null });
    workspaceId = ws.id;
    for (const name of ['ann', 'ben', 'cat', 'dan']) {
      const m = await store.ensureMember(ws.id, {
        externalId: name,
        displayName: name,
        settings: defaultSettings('UTC'),
        nextDigestAt: new Date('2026-12-02T09:00:00Z'),
      });
      memberIds.set(name, m.id);
      await outbox.enqueue(planned(name, m.id));
    }
  });
  afterEach(() => {
    platform.fail(); // no leftovers
  });

  function planned(name: string, memberId: string): PlannedDelivery {
    return {
      workspaceId,
      memberId,
      kind: 'digest',
      dedupeKey: `digest:${memberId}:2026-12-01`,
      target: {
        kind: 'dm',
        platform: 'console',
        workspaceExternalId: 'faults',
        memberExternalId: name,
        dmChannelId: null,
      },
      message: { kind: 'digest', sections: [], fallbackText: `digest for ${name}` },
      notBefore: START,
    };
  }

  /** Ann chooses channel CX for the group, and this week's roundup to it is queued. */
  async function queueRoundupToCX(): Promise<void> {
    await new DrizzleStore(database.db).setAccountabilityChannel(
      workspaceId,
      'CX',
      memberIds.get('ann') ?? '',
    );
    await outbox.enqueue({
      workspaceId,
      memberId: null,
      kind: 'roundup',
      dedupeKey: 'roundup:faults:week-49',
      target: { kind: 'channel', platform: 'console', workspaceExternalId: 'faults', channelId: 'CX' },
      message: { kind: 'roundup', sections: [], fallbackText: 'this week' },
      notBefore: START,
    });
  }

  const drain = (timeoutMs = 2_000) => {
    const port = fakePlatformPort(platform.url, timeoutMs);
    return drainOutbox({
      store: outbox,
      ports: new Map([[port.platform, port]]),
      clock,
      log: testLog,
      workerId: 'w',
      random: () => 0.5,
    });
  };

  const rows = () => database.db.select().from(deliveries).orderBy(deliveries.dedupeKey);

  it('a 429 with Retry-After holds the platform until then, refunds the attempt, and loses nothing', async () => {
    platform.fail({ kind: 'rate_limit', retryAfterSeconds: 30, times: 1 });
    const first = await drain();
    expect(first).toMatchObject({ sent: 0, rateLimited: 1 });
    expect(platform.requests).toBe(1); // the rest of the batch waited instead of hammering the API
    for (const row of await rows()) {
      expect(row.state).toBe('pending');
      expect(row.attempts).toBe(0);
      expect(row.nextAttemptAt.getTime()).toBe(START.getTime() + 30_000);
    }
    clock.advance(29_000);
    expect((await drain()).sent).toBe(0);
    clock.advance(1_000);
    expect((await drain()).sent).toBe(4);
    expect(platform.messages).toHaveLength(4);
  });

  it('500s and timeouts are retried with growing backoff, then sent once', async () => {
    platform.fail({ kind: 'server_error', times: 1 }, { kind: 'hang', times: 1 });
    const first = await drain(300);
    expect(first).toMatchObject({ sent: 2, retried: 2 });
    const waiting = (await rows()).filter((row) => row.state === 'pending');
    expect(waiting).toHaveLength(2);
    for (const row of waiting) {
      expect(row.attempts).toBe(1);
      expect(row.lastError).toMatch(/HTTP 500|timeout/);
      // attempt 1 waits between half and all of the base delay (jitter fixed at 0.5 here)
      expect(row.nextAttemptAt.getTime() - START.getTime()).toBe(0.75 * RETRY_POLICY.baseDelayMs);
    }
    clock.advance(RETRY_POLICY.baseDelayMs);
    expect((await drain()).sent).toBe(2);
    expect(platform.messages).toHaveLength(4);
    expect(new Set(platform.messages.map((m) => m.recipient)).size).toBe(4);
  });

  it('a delivery that keeps failing ends dead after the last attempt; the others are sent', async () => {
    // Every request fails for a long while; the clock moves past each backoff.
    platform.fail({ kind: 'server_error', times: 4 * (RETRY_POLICY.maxAttempts - 1) + 1 });
    for (let round = 0; round < RETRY_POLICY.maxAttempts + 1; round++) {
      await drain();
      clock.advance(RETRY_POLICY.maxDelayMs);
    }
    const states = (await rows()).map((row) => row.state);
    expect(states.filter((s) => s === 'dead')).toHaveLength(1);
    expect(states.filter((s) => s === 'sent')).toHaveLength(3);
    const dead = (await rows()).find((row) => row.state === 'dead');
    expect(dead?.attempts).toBe(RETRY_POLICY.maxAttempts);
    expect(dead?.lastError).toMatch(/HTTP 500/);
    expect(await outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 3, dead: 1 });
  });

  it('a member who blocked the bot is marked unreachable, not retried, and gets no more digests', async () => {
    platform.blocked.add('ben');
    const report = await drain();
    expect(report).toMatchObject({ sent: 3, dead: 1, retried: 0 });
    const ben = memberIds.get('ben') ?? '';
    const [row] = await database.db.select().from(members).where(eq(members.id, ben));
    expect(row?.unreachableAt).toEqual(START);
    const due = await outbox.claimDueDigests(new Date('2026-12-02T09:00:00Z'), 10);
    expect(due.map((d) => d.member.externalId).sort()).toEqual(['ann', 'cat', 'dan']);
  });

  it('a roundup the channel refuses pauses roundups and queues one notice to the admin who chose it', async () => {
    await queueRoundupToCX();
    platform.blocked.add('channel:CX');
    expect(await drain()).toMatchObject({ sent: 4, dead: 1 });
    expect(await outbox.reachability()).toEqual({ unreachableMembers: 0, unpostableChannels: 1 });
    expect(await outbox.claimDueRoundups(new Date('2027-01-01T00:00:00Z'), 10)).toEqual([]);

    expect(await drain()).toMatchObject({ sent: 1, dead: 0 });
    const notices = (await rows()).filter((row) => row.kind === 'notice');
    expect(notices.map((row) => [row.state, row.dedupeKey])).toEqual([
      ['sent', 'notice:roundup:faults:week-49'],
    ]);
    const toAnn = platform.messages.filter((message) => message.recipient === 'ann');
    expect(toAnn.map((message) => JSON.stringify(message.body))).toEqual([
      expect.stringContaining('digest for ann'),
      expect.stringContaining('couldn’t post the accountability roundup'),
    ]);
    expect(await drain()).toMatchObject({ sent: 0, dead: 0 });
  });

  it('/readyz and the metrics count the member and the roundup channel Thrice cannot reach, and stay ready', async () => {
    // Wired as src/modes.ts wires them, on this database.
    const metrics = createMetrics(() => clock.now());
    const reachability = () => outbox.reachability();
    metrics.watchReachability(reachability);
    const checks = [{ name: 'database', check: () => database.check() }];
    const routes = opsRoutes({ checks, metrics, draining: () => false, reachability, log: testLog });
    const server = await startOpsServer(routes, 0, testLog);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const unreachable = async () => {
      const ready = await fetch(`${base}/readyz`);
      const text = await (await fetch(`${base}/metrics`)).text();
      const gauge = (what: string) =>
        text
          .split('\n')
          .find((line) => line.startsWith(`thrice_unreachable{what="${what}"} `))
          ?.split(' ')[1];
      return {
        status: ready.status,
        body: await ready.json(),
        member: gauge('member'),
        channel: gauge('channel'),
      };
    };
    try {
      expect(await unreachable()).toMatchObject({ body: { unreachable: { members: 0, channels: 0 } } });
      await queueRoundupToCX();
      platform.blocked.add('ben');
      platform.blocked.add('channel:CX');
      expect(await drain()).toMatchObject({ sent: 3, dead: 2, retried: 0 });
      expect(await unreachable()).toEqual({
        status: 200,
        body: {
          ready: true,
          checks: { database: 'ok' },
          unreachable: { members: 1, channels: 1 },
        },
        member: '1',
        channel: '1',
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
