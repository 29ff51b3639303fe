import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { type Database, openDatabase } from '../../db/connection.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import { DrizzlePacingStore } from '../../db/pacing-store.ts';
import { DrizzleStore } from '../../db/store.ts';
import { createInbound } from '../../src/app/inbound.ts';
import { textMessage } from '../../src/core/message.ts';
import type { DeliveryPort } from '../../src/core/ports/delivery.ts';
import type { OutboxStore } from '../../src/core/ports/outbox.ts';
import { type Pacing, sendLimit } from '../../src/scheduler/pacing.ts';
import { drainOutbox } from '../../src/scheduler/sender.ts';
import { ManualClock, testLog } from '../support/clock.ts';
import { resetDatabase } from '../support/database.ts';
import { describeOnDrivers, openTestDatabase } from '../support/drivers.ts';
import { FakeSlack } from '../support/fake-slack.ts';

const START = new Date('2026-12-01T09:00:00Z');
/** What the fake Slack allows per second (a one-second burst), and what Thrice is told it is. */
const RATE = 10;

describeOnDrivers('paced sending against a rate-limited Slack', (driver) => {
  const slack = new FakeSlack();
  let database: Database & { url: string | null };
  /** A second instance: on Postgres its own connection pool, on PGlite a second store on the one connection. */
  let second: { db: Database['db']; close(): Promise<void> };
  let outbox: DrizzleOutboxStore;
  let clock: ManualClock;
  let port: DeliveryPort;
  let workspaceId: string;
  let enqueued = 0;

  beforeAll(async () => {
    await slack.start();
    database = await openTestDatabase(driver);
    outbox = new DrizzleOutboxStore(database.db);
    if (database.url === null) {
      second = { db: database.db, close: async () => {} };
    } else {
      const other = await openDatabase({ dataDir: 'memory://', databaseUrl: database.url });
      second = { db: other.db, close: () => other.close() };
    }
    const store = new DrizzleStore(database.db);
    const adapter = createSlackAdapter({
      config: { mode: 'single', signingSecret: 'test', botToken: 'xoxb-test', apiUrl: slack.apiUrl },
      inbound: createInbound({ store, clock: { now: () => clock.now() }, log: testLog }),
      installations: new DrizzleInstallationRepository(database.db),
      log: testLog,
      port: 0,
    });
    port = adapter.delivery;
  });
  afterAll(async () => {
    await second?.close();
    await database?.close();
    await slack.stop();
  });
  beforeEach(async () => {
    await resetDatabase(database);
    slack.calls.length = 0;
    slack.rateLimited = 0;
    clock = new ManualClock(START);
    slack.limitPosts(RATE, () => clock.now().getTime());
    const ws = await new DrizzleStore(database.db).ensureWorkspace({
      platform: 'slack',
      externalId: 'T1',
      name: null,
    });
    workspaceId = ws.id;
  });

  /** `count` DMs due now, each to a member of its own. */
  async function enqueue(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      const n = enqueued++;
      await outbox.enqueue({
        workspaceId,
        memberId: null,
        kind: 'nudge',
        dedupeKey: `pace:${n}`,
        target: {
          kind: 'dm',
          platform: 'slack',
          workspaceExternalId: 'T1',
          memberExternalId: `U${n}`,
          dmChannelId: `DU${n}`,
        },
        message: textMessage('nudge', `Follow up ${n}`),
        notBefore: clock.now(),
      });
    }
  }

  /** An instance's pacing: its own store on its own connection; waiting moves the test's clock. */
  const pacingOn = (db: Database['db']): Pacing => ({
    budget: new DrizzlePacingStore(db),
    limits: { slack: { workspace: sendLimit(RATE), channel: sendLimit(1) }, discord: sendLimit(45) },
    sleep: async (ms) => clock.advance(ms),
  });

  const drain = (workerId: string, pacing?: Pacing, store: OutboxStore = outbox) =>
    drainOutbox({
      store,
      ports: new Map([['slack', port]]),
      clock,
      log: testLog,
      workerId,
      random: () => 0.5,
      ...(pacing === undefined ? {} : { pacing }),
    });

  const posted = () => slack.callsOf('chat.postMessage').length;

  it('without pacing the sender runs into the limit (the fake does limit)', async () => {
    await enqueue(30);
    const report = await drain('w1');
    expect(report.rateLimited).toBe(1);
    expect(report.sent).toBe(RATE);
    expect(slack.rateLimited).toBe(1);
  });

  it('paced, one instance sends everything at the allowed rate with no 429', async () => {
    await enqueue(60);
    const report = await drain('w1', pacingOn(database.db));
    expect(report).toMatchObject({ sent: 60, rateLimited: 0, retried: 0, lost: 0 });
    expect(slack.rateLimited).toBe(0);
    expect(posted()).toBe(60);
    // Paced to the limit: Thrice's burst goes right away, then 10 a second.
    const seconds = (clock.now().getTime() - START.getTime()) / 1000;
    expect(seconds).toBeCloseTo((60 - sendLimit(RATE).burst) / RATE, 5);
  });

  it('two instances drawing on the one budget together stay within the limit', async () => {
    await enqueue(80);
    const secondOutbox = new DrizzleOutboxStore(second.db);
    const [a, b] = await Promise.all([
      drain('w1', pacingOn(database.db)),
      drain('w2', pacingOn(second.db), secondOutbox),
    ]);
    expect(a.sent + b.sent).toBe(80);
    expect(a.rateLimited + b.rateLimited).toBe(0);
    expect(slack.rateLimited).toBe(0);
    expect(posted()).toBe(80);
    const ids = slack.callsOf('chat.postMessage').map((call) => JSON.stringify(call.args.metadata));
    expect(new Set(ids).size).toBe(80);
  });

  it('a Retry-After one instance met holds the workspace for the other instance, whatever is due', async () => {
    await enqueue(5);
    slack.failNext('chat.postMessage', {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'retry-after': '30' },
    });
    const first = await drain('w1', pacingOn(database.db));
    expect(first).toMatchObject({ sent: 0, rateLimited: 1 });
    expect(posted()).toBe(1);
    // More falls due meanwhile: the other instance leaves the held workspace's rows alone.
    clock.advance(1_000);
    await enqueue(5);
    const secondOutbox = new DrizzleOutboxStore(second.db);
    const during = await drain('w2', pacingOn(second.db), secondOutbox);
    expect(during).toMatchObject({ sent: 0, rateLimited: 0, retried: 0 });
    expect(posted()).toBe(1);
    expect(await outbox.counts()).toMatchObject({ pending: 10, sending: 0 });
    clock.advance(29_000);
    const after = await drain('w2', pacingOn(second.db), secondOutbox);
    expect(after).toMatchObject({ sent: 10, rateLimited: 0 });
    expect(slack.rateLimited).toBe(0);
  });
});
