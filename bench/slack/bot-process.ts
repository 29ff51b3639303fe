/**
 * The bot under load, in its own process so the load generator and fakes do not share its core.
 * BENCH_BOT_MODE=thrice: Thrice as src/main.ts wires it for Slack (the real Bolt HTTP receiver,
 * the inbound service on Postgres, the scheduler's tick and sender); =bare: a Bolt app whose
 * /promise handler only acks, the baseline; =bare-add: a Bolt app whose /promise handler does an add
 * by hand (ack, one hand-written INSERT of a promise row with the `postgres` driver, the reply posted
 * to response_url), the baseline for adds done. Talks to the parent over IPC: ready → {port};
 * {type:'rss'} → resident memory; {type:'tick'} → one scheduler tick with its peak RSS.
 */
import { App } from '@slack/bolt';
import pino from 'pino';
import postgres from 'postgres';
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { openDatabase } from '../../db/connection.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import { DrizzleStore } from '../../db/store.ts';
import { createInbound } from '../../src/app/inbound.ts';
import { defaultSettings } from '../../src/core/policy-defaults.ts';
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
  | ({ type: 'rss' } & MemorySample)
  | {
      type: 'tick';
      peakRss: number;
      /** The whole sample taken when RSS peaked. */
      atPeak: MemorySample;
      ms: number;
      planned: number;
      sent: number;
      rateLimited: number;
    }
  | { type: 'profile'; lines: string[]; functions: string[] };

/** Where the process's memory is: resident, V8's heap (total and live), off-heap buffers. */
export interface MemorySample {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

function memorySample(): MemorySample {
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapTotal, heapUsed, external, arrayBuffers };
}

const mode = process.env.BENCH_BOT_MODE ?? 'thrice';
const signingSecret = process.env.BENCH_SIGNING_SECRET ?? '';
const apiUrl = process.env.BENCH_SLACK_API_URL ?? '';
const databaseUrl = process.env.BENCH_DATABASE_URL ?? '';
const log = pino({ level: 'warn' });
const clock: Clock = { now: () => new Date() };

function send(reply: BotReply): void {
  process.send?.(reply);
}

/** Samples memory every 10 ms while `work` runs; returns the sample where RSS peaked. */
async function peakRssDuring<T>(work: () => Promise<T>): Promise<{ result: T; peak: MemorySample }> {
  let peak = memorySample();
  const sample = () => {
    const now = memorySample();
    if (now.rss > peak.rss) peak = now;
  };
  const timer = setInterval(sample, 10);
  try {
    const result = await work();
    sample();
    return { result, peak };
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
    tick: async () => ({
      type: 'tick',
      peakRss: 0,
      atPeak: memorySample(),
      ms: 0,
      planned: 0,
      sent: 0,
      rateLimited: 0,
    }),
    async stop() {
      await app.stop();
    },
  };
}

/**
 * The add done by hand: one member row made at start (setup, untimed), then per command an ack,
 * one INSERT through the `postgres` driver and a reply of the same shape as Thrice's to response_url.
 */
async function startBareAdd(): Promise<{
  port: number;
  tick: (now: Date) => Promise<BotReply>;
  stop(): Promise<void>;
}> {
  // Setup, untimed, through Thrice's store: the workspace and the one member every add goes to.
  const setup = await openDatabase({ databaseUrl, dataDir: 'memory://' });
  const setupStore = new DrizzleStore(setup.db);
  const workspace = await setupStore.ensureWorkspace({
    platform: 'slack',
    externalId: 'TBAREADD',
    name: null,
  });
  const member = await setupStore.ensureMember(workspace.id, {
    externalId: 'UBAREADD',
    displayName: 'Bench',
    settings: defaultSettings('UTC', undefined),
    nextDigestAt: null,
  });
  await setup.close();
  const client = postgres(databaseUrl, { max: 10, onnotice: () => {} });
  const [last] = await client<{ ref: number }[]>`
    select coalesce(max(ref), 0)::int as ref from promises where member_id = ${member.id}`;
  let ref = Number(last?.ref ?? 0);
  const app = new App({ signingSecret, token: 'xoxb-bench', clientOptions: { slackApiUrl: apiUrl } });
  app.command('/promise', async ({ command, ack, respond }) => {
    await ack();
    // "Jane Doe (recruiter, Acme) will call me back by Friday 3pm", read by hand.
    const name = command.text.split(' (')[0] ?? command.text;
    const now = new Date();
    const due = new Date(now.getTime() + 3 * 86_400_000);
    ref += 1;
    const [row] = await client<{ id: string; ref: number }[]>`
      insert into promises (workspace_id, member_id, ref, kind, contact_name, contact_role, contact_company,
        what, due_at, due_precision, created_at, last_activity_at, next_nudge_at)
      values (${workspace.id}, ${member.id}, ${ref}, 'promise', ${name}, 'recruiter', 'Acme',
        'call you back', ${due}, 'time', ${now}, ${now}, ${due})
      returning id, ref`;
    const text = `${name} (recruiter at Acme) promised to call you back by Friday, 3:00 PM. I'll nudge you if you haven't heard by then.`;
    await respond({
      response_type: 'ephemeral',
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `Saved as #${row?.ref}.` }] },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'undo',
              text: { type: 'plain_text', text: 'Undo' },
              value: row?.id ?? '',
            },
            {
              type: 'button',
              action_id: 'edit',
              text: { type: 'plain_text', text: 'Edit' },
              value: row?.id ?? '',
            },
          ],
        },
      ],
    });
  });
  const server = await app.start(0);
  const address = 'address' in server ? server.address() : null;
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    tick: async () => ({
      type: 'tick',
      peakRss: 0,
      atPeak: memorySample(),
      ms: 0,
      planned: 0,
      sent: 0,
      rateLimited: 0,
    }),
    async stop() {
      await app.stop();
      await client.end({ timeout: 5 });
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
        peakRss: peak.rss,
        atPeak: peak,
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

const bot =
  mode === 'bare' ? await startBare() : mode === 'bare-add' ? await startBareAdd() : await startThrice();
process.on('message', (message: BotRequest) => {
  void (async () => {
    if (message.type === 'rss') {
      send({ type: 'rss', ...memorySample() });
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
