/**
 * The bot under load, in its own process so the load generator and fakes do not share its core.
 * BENCH_BOT_MODE=thrice: Thrice as src/main.ts wires it for Slack (the real Bolt HTTP receiver,
 * the inbound service on Postgres, the scheduler's tick and sender); =bare: a Bolt app whose
 * /promise handler only acks, the baseline. Talks to the parent over IPC: ready → {port};
 * {type:'rss'} → resident memory; {type:'tick'} → one scheduler tick with its peak RSS.
 */
import { App } from '@slack/bolt';
import pino from 'pino';
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { openDatabase } from '../../db/connection.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import { DrizzleStore } from '../../db/store.ts';
import { createInbound } from '../../src/app/inbound.ts';
import type { Clock } from '../../src/core/ports/store.ts';
import { newWorkerId, runTick } from '../../src/scheduler/scheduler.ts';
import { cpuProfile } from '../planning/cpu-profile.ts';

/** Messages between the parent and this process. */
export type BotRequest =
  | { type: 'rss' }
  | { type: 'tick'; now: string }
  | { type: 'profile'; ms: number }
  | { type: 'stop' };
export type BotReply =
  | { type: 'ready'; port: number }
  | { type: 'rss'; rss: number; heapUsed: number }
  | { type: 'tick'; peakRss: number; ms: number; planned: number; sent: number; rateLimited: number }
  | { type: 'profile'; lines: string[]; functions: string[] };

const mode = process.env.BENCH_BOT_MODE ?? 'thrice';
const signingSecret = process.env.BENCH_SIGNING_SECRET ?? '';
const apiUrl = process.env.BENCH_SLACK_API_URL ?? '';
const databaseUrl = process.env.BENCH_DATABASE_URL ?? '';
const log = pino({ level: 'warn' });
const clock: Clock = { now: () => new Date() };

function send(reply: BotReply): void {
  process.send?.(reply);
}

/** Samples RSS every 10 ms while `work` runs; returns the peak. */
async function peakRssDuring<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  try {
    const result = await work();
    return { result, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(timer);
  }
}

async function startBare(): Promise<{
  port: number;
  tick: (now: Date) => Promise<BotReply>;
  stop(): Promise<void>;
}> {
  const app = new App({ signingSecret, token: 'xoxb-bench', clientOptions: { slackApiUrl: apiUrl } });
  app.command('/promise', async ({ ack }) => {
    await ack();
  });
  const server = await app.start(0);
  const address = 'address' in server ? server.address() : null;
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    tick: async () => ({ type: 'tick', peakRss: 0, ms: 0, planned: 0, sent: 0, rateLimited: 0 }),
    async stop() {
      await app.stop();
    },
  };
}

async function startThrice(): Promise<{
  port: number;
  tick: (now: Date) => Promise<BotReply>;
  stop(): Promise<void>;
}> {
  const database = await openDatabase({ databaseUrl, dataDir: 'memory://' });
  const store = new DrizzleStore(database.db);
  const inbound = createInbound({ store, clock, log });
  const slack = createSlackAdapter({
    config: { mode: 'single', signingSecret, botToken: 'xoxb-bench', apiUrl },
    inbound,
    installations: new DrizzleInstallationRepository(database.db),
    log,
    port: 0,
  });
  const port = (await slack.start()) ?? 0;
  const outbox = new DrizzleOutboxStore(database.db);
  const workerId = newWorkerId();
  return {
    port,
    async tick(now) {
      const tickClock: Clock = { now: () => now };
      const started = performance.now();
      const { result, peak } = await peakRssDuring(() =>
        runTick({
          store: outbox,
          ports: new Map([['slack', slack.delivery]]),
          clock: tickClock,
          log,
          workerId,
          // Pruning is off: its delete binds a Date into raw SQL, which the postgres driver rejects (reported).
          prune: false,
        }),
      );
      return {
        type: 'tick',
        peakRss: peak,
        ms: performance.now() - started,
        planned: result.plan.planned.length,
        sent: result.drain.sent,
        rateLimited: result.drain.rateLimited,
      };
    },
    async stop() {
      await slack.stop();
      await database.close();
    },
  };
}

const bot = mode === 'bare' ? await startBare() : await startThrice();
process.on('message', (message: BotRequest) => {
  void (async () => {
    if (message.type === 'rss') {
      const usage = process.memoryUsage();
      send({ type: 'rss', rss: usage.rss, heapUsed: usage.heapUsed });
    } else if (message.type === 'profile') {
      // A window of the sampling profiler over whatever the process does meanwhile (load).
      const { lines, functions } = await cpuProfile(
        () => new Promise((resolve) => setTimeout(resolve, message.ms)),
        8,
      );
      send({ type: 'profile', lines, functions });
    } else if (message.type === 'tick') {
      send(await bot.tick(new Date(message.now)));
    } else {
      await bot.stop();
      process.exit(0);
    }
  })();
});
send({ type: 'ready', port: bot.port });
