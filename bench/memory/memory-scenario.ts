import { FakeSlack } from '../../test/support/fake-slack.ts';
import {
  analyze,
  BENCH_NOW,
  dueRows,
  NOTHING_DUE,
  seedMembers,
  seedPromises,
  setDue,
  truncateAll,
} from '../database/bulk-seed.ts';
import { postgresSql, type RawSql } from '../database/raw-sql.ts';
import type { BenchOptions } from '../options.ts';
import { memoryFigures } from '../plots.ts';
import type { Section } from '../report.ts';
import { type BotChild, startBotChild } from '../slack/bot-child.ts';
import type { MemorySample } from '../slack/bot-process.ts';
import { fmt, median, percent, sleep } from '../stats.ts';

const MIB = 2 ** 20;

/** How long after a tick the "after" figure is taken: the tick is done, GC has had its turns. */
const SETTLE_MS = 5_000;
/** Issue 16: RSS after a tick within this much of idle. */
const AFTER_WITHIN = 0.15;

/** Memory after the process settled for `settleMs`: the median of a few samples, field by field. */
async function idleMemory(bot: BotChild, settleMs = 2_000): Promise<MemorySample> {
  await sleep(settleMs);
  const samples: MemorySample[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(await bot.memory());
    await sleep(200);
  }
  const pick = (key: keyof MemorySample) => median(samples.map((sample) => sample[key]));
  return {
    rss: pick('rss'),
    heapTotal: pick('heapTotal'),
    heapUsed: pick('heapUsed'),
    external: pick('external'),
    arrayBuffers: pick('arrayBuffers'),
  };
}

/** A table row: what, then RSS, V8 heap total and used, external, array buffers (MiB). */
function memoryRow(what: string, sample: MemorySample): string[] {
  return [
    what,
    fmt(sample.rss / MIB),
    fmt(sample.heapTotal / MIB),
    fmt(sample.heapUsed / MIB),
    fmt(sample.external / MIB),
    fmt(sample.arrayBuffers / MIB),
  ];
}

/** The planning scenario's tables when they are there; otherwise seeds members and promises. */
async function ensureSeeded(
  raw: RawSql,
  options: BenchOptions,
): Promise<{ members: number; promises: number }> {
  const [row] = await raw.run(
    'select (select count(*) from members)::int as members, (select count(*) from promises)::int as promises',
  );
  const members = Number(row?.members ?? 0);
  const promises = Number(row?.promises ?? 0);
  if (members === options.sizes.members && promises > 0) return { members, promises };
  const largest = options.sizes.promiseSteps.at(-1) ?? options.sizes.members;
  await truncateAll(raw);
  await seedMembers(raw, options.sizes.members);
  await seedPromises(raw, options.sizes.members, 0, largest);
  await analyze(raw, true);
  return { members: options.sizes.members, promises: largest };
}

/** Scenario 5: resident memory of the running bot with the community in its database, idle and in a tick. */
export async function memoryScenario(options: BenchOptions): Promise<Section> {
  const title = '5. Memory of the running bot';
  if (options.databaseUrl === undefined) {
    return {
      title,
      header: ['result'],
      rows: [['skipped']],
      goals: [],
      notes: ['Needs BENCH_DATABASE_URL.'],
    };
  }
  const raw = postgresSql(options.databaseUrl);
  const slack = new FakeSlack();
  await slack.start();
  const env = { databaseUrl: options.databaseUrl, slackApiUrl: slack.apiUrl, signingSecret: 'bench-memory' };
  const rows: string[][] = [];
  const notes: string[] = [];
  let rss: Parameters<typeof memoryFigures>[0];
  let goal: { idle: number; after: number } | null = null;
  try {
    const seeded = await ensureSeeded(raw, options);
    const bare = await startBotChild('bare', env);
    const bareIdle = await idleMemory(bare).finally(() => bare.stop());
    const bot = await startBotChild('thrice', env);
    try {
      const idle = await idleMemory(bot);
      const due = dueRows(0.01, seeded.members, seeded.promises);
      await setDue(raw, due, NOTHING_DUE);
      const tick = await bot.tick(BENCH_NOW);
      const after = await idleMemory(bot, SETTLE_MS);
      await setDue(raw, NOTHING_DUE, due);
      rss = {
        idle: idle.rss / MIB,
        peak: tick.atPeak.rss / MIB,
        after: after.rss / MIB,
        bare: bareIdle.rss / MIB,
      };
      goal = { idle: idle.rss, after: after.rss };
      rows.push(
        memoryRow('Thrice (Slack HTTP + scheduler), idle', idle),
        memoryRow(
          `Thrice, at the RSS peak of a tick (${tick.planned} planned and ${tick.sent} sent in ${fmt(tick.ms / 1000)} s)`,
          tick.atPeak,
        ),
        memoryRow(`Thrice, ${SETTLE_MS / 1000} s after the tick`, after),
        memoryRow('bare Bolt app (baseline), idle', bareIdle),
      );
      notes.push(
        `Database: ${seeded.members.toLocaleString('en-US')} members and ${seeded.promises.toLocaleString('en-US')} promises ` +
          '(Postgres, same machine). From process.memoryUsage(): RSS, V8 heap (total reserved, used), external ' +
          '(C++ objects tied to JS ones) and its part in ArrayBuffers (Buffers); during the tick sampled every 10 ms and ' +
          `shown where RSS peaked; idle and after: medians of 5 samples, after ${SETTLE_MS / 1000} s without work.`,
        'The tick plans 1% of members’ digests and as many timed nudges and sends them all to a fake Slack Web API; ' +
          'planning works in batches of 200 and the sender in batches of 25, so memory follows the batch, not the community.',
      );
    } finally {
      await bot.stop();
    }
  } finally {
    await slack.stop();
    await raw.close();
  }
  return {
    title,
    header: ['process', 'RSS MiB', 'heap total MiB', 'heap used MiB', 'external MiB', 'array buffers MiB'],
    rows,
    goals: [
      {
        goal: `RSS after a tick within ${AFTER_WITHIN * 100}% of idle`,
        result:
          goal === null
            ? 'not run'
            : `${fmt(goal.after / MIB)} MiB after vs ${fmt(goal.idle / MIB)} MiB idle (${percent(goal.after / goal.idle - 1)} above)`,
        met: goal === null ? null : goal.after <= goal.idle * (1 + AFTER_WITHIN),
      },
    ],
    notes,
    figures: memoryFigures(rss),
  };
}
