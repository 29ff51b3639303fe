import pino from 'pino';
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import { DrizzleStore } from '../../db/store.ts';
import { createInbound } from '../../src/app/inbound.ts';
import { textMessage } from '../../src/core/message.ts';
import type { Clock } from '../../src/core/ports/store.ts';
import { startScheduler } from '../../src/scheduler/scheduler.ts';
import { databaseSql, openBenchDatabase } from '../database/raw-sql.ts';
import type { BenchOptions } from '../options.ts';
import { deliveryFigures } from '../plots.ts';
import type { Section } from '../report.ts';
import { fmt, percent, sleep } from '../stats.ts';
import { RateLimitedSlack } from './rate-limited-slack.ts';

const silent = pino({ level: 'silent' });
const clock: Clock = { now: () => new Date() };
/** The finest tick an operator can set (THRICE_TICK_SCHEDULE); the default is once a minute. */
const EVERY_SECOND = '* * * * * *';

/** Scenario 3: N deliveries through our scheduler and Slack adapter to a fake Slack that answers 429s. */
export async function pacingScenario(options: BenchOptions): Promise<Section> {
  const { deliveries: count, allowedPerSecond } = options.sizes;
  const database = await openBenchDatabase(options.databaseUrl);
  const raw = databaseSql(database);
  const slack = new RateLimitedSlack(allowedPerSecond);
  await slack.start();
  const store = new DrizzleStore(database.db);
  const outbox = new DrizzleOutboxStore(database.db);
  let counts = { pending: 0, sending: 0, sent: 0, dead: 0 };
  let elapsed = 0;
  try {
    await raw.run('truncate deliveries');
    const workspace = await store.ensureWorkspace({ platform: 'slack', externalId: 'TPACE', name: 'Pacing' });
    // Enqueued through the real outbox, as the planner would, in parallel so setup stays short.
    for (let from = 0; from < count; from += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, count - from) }, (_, i) =>
          outbox.enqueue({
            workspaceId: workspace.id,
            memberId: null,
            kind: 'nudge',
            dedupeKey: `pace:${from + i}`,
            target: {
              kind: 'dm',
              platform: 'slack',
              workspaceExternalId: 'TPACE',
              memberExternalId: `U${from + i}`,
              dmChannelId: `DU${from + i}`,
            },
            message: textMessage('nudge', `Time for a polite follow-up with Contact ${from + i}.`),
            notBefore: new Date(),
          }),
        ),
      );
    }
    const adapter = createSlackAdapter({
      config: { mode: 'single', signingSecret: 'bench', botToken: 'xoxb-bench', apiUrl: slack.apiUrl },
      inbound: createInbound({ store, clock, log: silent }),
      installations: new DrizzleInstallationRepository(database.db),
      log: silent,
      port: 0,
    });
    const started = performance.now();
    const scheduler = startScheduler(
      { store: outbox, ports: new Map([['slack', adapter.delivery]]), clock, log: silent },
      EVERY_SECOND,
    );
    void scheduler.tickNow();
    const deadline = started + ((count / allowedPerSecond) * 4 + 60) * 1000;
    while (new Set(slack.accepted).size < count && performance.now() < deadline) await sleep(100);
    elapsed = performance.now() - started;
    await scheduler.stop();
    counts = await outbox.counts();
  } finally {
    await slack.stop();
    await database.close();
  }
  const distinct = new Set(slack.accepted).size;
  const duplicates = slack.accepted.length - distinct;
  const lost = count - distinct;
  const first = slack.firstRequestAt ?? 0;
  const last = slack.acceptedAt.at(-1) ?? first;
  const seconds = Math.max(0.001, (last - first) / 1000);
  const achieved = distinct / seconds;
  // What the limit allowed in that time: the one-second burst plus the steady rate.
  const share = distinct / (allowedPerSecond + allowedPerSecond * seconds);
  return {
    title: '3. Delivery pacing under Slack rate limits',
    header: [
      'deliveries',
      'allowed/s',
      'achieved/s',
      'share of allowed',
      '429s received',
      'lost',
      'duplicated',
      'outbox after',
    ],
    rows: [
      [
        count.toLocaleString('en-US'),
        String(allowedPerSecond),
        fmt(achieved),
        percent(share),
        slack.rejected.toLocaleString('en-US'),
        String(lost),
        String(duplicates),
        `${counts.sent} sent, ${counts.pending} pending, ${counts.dead} dead`,
      ],
    ],
    goals: [
      {
        goal: 'Delivery reaches at least 90% of the allowed rate with zero losses',
        result: `${percent(share)} of allowed, ${lost} lost, ${duplicates} duplicated, ${slack.rejected} × 429`,
        met: share >= 0.9 && lost === 0 && duplicates === 0,
      },
    ],
    notes: [
      `The real path: our outbox (${options.databaseUrl === undefined ? 'PGlite' : 'Postgres'}), startScheduler with ` +
        `THRICE_TICK_SCHEDULE="${EVERY_SECOND}" (a tick every second), drainOutbox, the Slack adapter's delivery port and ` +
        `Bolt's WebClient (rejectRateLimitedCalls) against a fake chat.postMessage limited to ${allowedPerSecond}/s ` +
        '(token bucket, one-second burst; over it 429 with Retry-After: 1).',
      'Achieved rate = distinct messages accepted / time from the first request to the last accepted one; the share ' +
        'divides by what the limit allowed in that time (the one-second burst plus the steady rate). ' +
        `The last of the ${count.toLocaleString('en-US')} was accepted ${fmt(elapsed / 1000)} s after the scheduler started.`,
    ],
    figures: deliveryFigures(slack.firstRequestAt, slack.acceptedAt, allowedPerSecond),
  };
}
