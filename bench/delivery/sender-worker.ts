/**
 * One Thrice sender in its own process, for the delivery scenarios: the in-process scheduler
 * (a tick every second), drainOutbox paced by the budget in Postgres, and the Slack adapter's
 * delivery port against the fake Slack at SLACK_API_URL. Says "ready" when connected, starts
 * ticking on "go", and on "stop" stops the scheduler (handing back unsent claims) and exits.
 * BENCH_ALLOWED_PER_SECOND is the limit Thrice is told (one workspace's, or the token's).
 */
import pino from 'pino';
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { openDatabase } from '../../db/connection.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import { DrizzlePacingStore } from '../../db/pacing-store.ts';
import { DrizzleStore } from '../../db/store.ts';
import { createInbound } from '../../src/app/inbound.ts';
import type { Clock } from '../../src/core/ports/store.ts';
import { sendLimit } from '../../src/scheduler/pacing.ts';
import { startScheduler } from '../../src/scheduler/scheduler.ts';

const silent = pino({ level: 'silent' });
const clock: Clock = { now: () => new Date() };
const allowed = Number(process.env.BENCH_ALLOWED_PER_SECOND ?? '50');
const database = await openDatabase({
  dataDir: 'memory://',
  databaseUrl: process.env.BENCH_DATABASE_URL ?? '',
});
const store = new DrizzleStore(database.db);
const adapter = createSlackAdapter({
  config: {
    mode: 'single',
    signingSecret: 'bench',
    botToken: 'xoxb-bench',
    apiUrl: process.env.SLACK_API_URL ?? '',
  },
  inbound: createInbound({ store, clock, log: silent }),
  installations: new DrizzleInstallationRepository(database.db),
  log: silent,
  port: 0,
});
const pacing = {
  budget: new DrizzlePacingStore(database.db),
  limits: { slack: { workspace: sendLimit(allowed), channel: sendLimit(1) }, discord: sendLimit(45) },
};

process.send?.('ready');
process.once('message', () => {
  const scheduler = startScheduler(
    {
      store: new DrizzleOutboxStore(database.db),
      ports: new Map([['slack', adapter.delivery]]),
      clock,
      log: silent,
      pacing,
    },
    '* * * * * *',
  );
  void scheduler.tickNow();
  process.once('message', () => {
    void (async () => {
      await scheduler.stop();
      await database.close();
      process.exit(0);
    })();
  });
});
