import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import type { Database } from '../../db/connection.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import { DrizzlePacingStore } from '../../db/pacing-store.ts';
import { DrizzleStore } from '../../db/store.ts';
import { createInbound } from '../../src/app/inbound.ts';
import { textMessage } from '../../src/core/message.ts';
import type { OutboxCounts } from '../../src/core/ports/outbox.ts';
import type { Clock } from '../../src/core/ports/store.ts';
import { sendLimit } from '../../src/scheduler/pacing.ts';
import { startScheduler } from '../../src/scheduler/scheduler.ts';
import { databaseSql, openBenchDatabase } from '../database/raw-sql.ts';
import { sleep } from '../stats.ts';
import { RateLimitedSlack } from './rate-limited-slack.ts';

const WORKER = fileURLToPath(new URL('./sender-worker.ts', import.meta.url));
const silent = pino({ level: 'silent' });
const clock: Clock = { now: () => new Date() };

/** One delivery wave: `count` DMs due at once, spread evenly over `workspaces`. */
export interface WaveOptions {
  databaseUrl: string | undefined;
  count: number;
  workspaces: number;
  /** The fake's limit per workspace, and what Thrice is told it is. */
  allowedPerSecond: number;
  /** Sender processes (child processes sharing Postgres); PGlite runs one, in this process. */
  senders: number;
}

/** What the fake Slack saw. */
export interface WaveResult {
  distinct: number;
  duplicates: number;
  lost: number;
  rejected: number;
  requests: number;
  /** From the first request to the last accepted message. */
  seconds: number;
  achieved: number;
  /** Distinct accepted / what the limits allowed in that time (burst + rate × seconds, per workspace). */
  share: number;
  /** From "go" to the last accepted message. */
  elapsed: number;
  counts: OutboxCounts;
  driver: 'Postgres' | 'PGlite';
  /** When the fake saw the first request, and each accepted message (performance.now()), for the plot. */
  firstRequestAt: number | null;
  acceptedAt: readonly number[];
}

/** Seeds the wave, runs the senders until every message is accepted (or a deadline), and measures. */
export async function runWave(options: WaveOptions): Promise<WaveResult> {
  const { count, allowedPerSecond, workspaces } = options;
  const database = await openBenchDatabase(options.databaseUrl);
  const slack = new RateLimitedSlack(allowedPerSecond);
  await slack.start();
  let counts: OutboxCounts = { pending: 0, sending: 0, sent: 0, dead: 0 };
  let elapsed = 0;
  try {
    await seed(database, count, workspaces);
    const started = performance.now();
    // Generous: a CPU-bound wave on a loaded machine may run far below the platform's rate.
    const deadline = started + ((count / (allowedPerSecond * workspaces)) * 4 + 60 + count / 20) * 1000;
    const done = () => new Set(slack.accepted).size >= count || performance.now() >= deadline;
    if (options.databaseUrl === undefined) {
      await inProcess(database, slack, allowedPerSecond, done);
    } else {
      await inChildren(options.databaseUrl, options.senders, slack, allowedPerSecond, done);
    }
    elapsed = performance.now() - (slack.firstRequestAt ?? started);
    counts = await new DrizzleOutboxStore(database.db).counts();
  } finally {
    await slack.stop();
    await database.close();
  }
  const distinct = new Set(slack.accepted).size;
  const first = slack.firstRequestAt ?? 0;
  const last = slack.acceptedAt.at(-1) ?? first;
  const seconds = Math.max(0.001, (last - first) / 1000);
  const allowedTotal = allowedPerSecond * workspaces;
  return {
    distinct,
    duplicates: slack.accepted.length - distinct,
    lost: count - distinct,
    rejected: slack.rejected,
    requests: slack.accepted.length + slack.rejected,
    seconds,
    achieved: distinct / seconds,
    share: distinct / (allowedTotal + allowedTotal * seconds),
    elapsed,
    counts,
    driver: options.databaseUrl === undefined ? 'PGlite' : 'Postgres',
    firstRequestAt: slack.firstRequestAt,
    acceptedAt: slack.acceptedAt,
  };
}

/** `count` DMs due now, round-robin over `workspaces`, channel ids `D<workspace>-<n>` (the fake's key). */
async function seed(database: Database, count: number, workspaces: number): Promise<void> {
  const raw = databaseSql(database);
  await raw.run('truncate deliveries, send_budget');
  const store = new DrizzleStore(database.db);
  const ids: string[] = [];
  for (let w = 0; w < workspaces; w += 1) {
    const ws = await store.ensureWorkspace({ platform: 'slack', externalId: `TW${w}`, name: `Wave ${w}` });
    ids.push(ws.id);
  }
  const message = JSON.stringify(
    textMessage('nudge', 'Time for a polite follow-up with Contact.'),
  ).replaceAll("'", "''");
  // One set-based insert, shaped as the planner's rows (the planner is not what is measured here).
  await raw.run(`
    with w as (select id, ord - 1 as n from unnest(array[${ids.map((id) => `'${id}'::uuid`).join(',')}]) with ordinality as t(id, ord))
    insert into deliveries (workspace_id, kind, platform, dedupe_key, payload, next_attempt_at)
    select w.id, 'nudge', 'slack', 'wave:' || g,
           jsonb_build_object('target', jsonb_build_object('kind', 'dm', 'platform', 'slack',
             'workspaceExternalId', 'TW' || w.n, 'memberExternalId', 'U' || g,
             'dmChannelId', 'DTW' || w.n || '-' || g), 'message', '${message}'::jsonb),
           now() - interval '1 second'
    from generate_series(0, ${count - 1}) g join w on w.n = g % ${workspaces}`);
  await raw.run('analyze deliveries');
}

/** PGlite: one sender in this process (it is one connection; no second process can share it). */
async function inProcess(
  database: Database,
  slack: RateLimitedSlack,
  allowedPerSecond: number,
  done: () => boolean,
): Promise<void> {
  const store = new DrizzleStore(database.db);
  const adapter = createSlackAdapter({
    config: { mode: 'single', signingSecret: 'bench', botToken: 'xoxb-bench', apiUrl: slack.apiUrl },
    inbound: createInbound({ store, clock, log: silent }),
    installations: new DrizzleInstallationRepository(database.db),
    log: silent,
    port: 0,
  });
  const pacing = {
    budget: new DrizzlePacingStore(database.db),
    limits: {
      slack: { workspace: sendLimit(allowedPerSecond), channel: sendLimit(1) },
      discord: sendLimit(45),
    },
  };
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
  while (!done()) await sleep(100);
  await scheduler.stop();
}

/** Postgres: `senders` child processes, each a scheduler of its own, sharing the budget. */
async function inChildren(
  url: string,
  senders: number,
  slack: RateLimitedSlack,
  allowedPerSecond: number,
  done: () => boolean,
): Promise<void> {
  const children = Array.from({ length: senders }, () =>
    fork(WORKER, [], {
      execArgv: ['--import', 'tsx'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        BENCH_DATABASE_URL: url,
        SLACK_API_URL: slack.apiUrl,
        BENCH_ALLOWED_PER_SECOND: String(allowedPerSecond),
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    }),
  );
  for (const child of children) {
    // node-cron warns on every second a long drain is still running (noOverlap): expected here.
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      const kept = text.split('\n').filter((line) => line.trim() !== '' && !line.includes('NODE-CRON'));
      if (kept.length > 0) process.stderr.write(`${kept.join('\n')}\n`);
    });
  }
  try {
    await Promise.all(children.map((child) => once(child, 'message')));
    for (const child of children) child.send('go');
    while (!done()) await sleep(100);
  } finally {
    const exits = children.map((child) =>
      child.exitCode === null ? once(child, 'exit') : Promise.resolve(),
    );
    for (const child of children) if (child.connected) child.send('stop');
    await Promise.race([Promise.all(exits), sleep(15_000)]);
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}
