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
import { fmt, median, sleep } from '../stats.ts';

const MIB = 2 ** 20;

/** Resident memory after the process settled: the median of a few samples. */
async function idleRss(bot: BotChild): Promise<number> {
  await sleep(2_000);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(await bot.rss());
    await sleep(200);
  }
  return median(samples);
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
  try {
    const seeded = await ensureSeeded(raw, options);
    const bare = await startBotChild('bare', env);
    const bareIdle = await idleRss(bare).finally(() => bare.stop());
    const bot = await startBotChild('thrice', env);
    try {
      const idle = await idleRss(bot);
      const due = dueRows(0.01, seeded.members, seeded.promises);
      await setDue(raw, due, NOTHING_DUE);
      const tick = await bot.tick(BENCH_NOW);
      const after = await idleRss(bot);
      await setDue(raw, NOTHING_DUE, due);
      rss = { idle: idle / MIB, peak: tick.peakRss / MIB, after: after / MIB, bare: bareIdle / MIB };
      rows.push(
        ['Thrice (Slack HTTP + scheduler), idle', fmt(idle / MIB)],
        [
          `Thrice, peak during a tick (${tick.planned} planned and ${tick.sent} sent in ${fmt(tick.ms / 1000)} s)`,
          fmt(tick.peakRss / MIB),
        ],
        ['Thrice, idle again after the tick', fmt(after / MIB)],
        ['bare Bolt app (baseline), idle', fmt(bareIdle / MIB)],
      );
      notes.push(
        `Database: ${seeded.members.toLocaleString('en-US')} members and ${seeded.promises.toLocaleString('en-US')} promises ` +
          '(Postgres, same machine). RSS from process.memoryUsage.rss(), sampled every 10 ms during the tick.',
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
  return { title, header: ['process', 'RSS MiB'], rows, goals: [], notes, figures: memoryFigures(rss) };
}
