import { drizzle } from 'drizzle-orm/postgres-js';
import pino from 'pino';
import postgres from 'postgres';
import type { Db } from '../../db/connection.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import * as schema from '../../db/schema.ts';
import { PLAN_BATCH, planTick } from '../../src/scheduler/planner.ts';
import {
  analyze,
  BENCH_NOW,
  type DueRows,
  dueCounts,
  dueRows,
  NOTHING_DUE,
  seedMembers,
  seedPromises,
  setDue,
  truncateAll,
} from '../database/bulk-seed.ts';
import { databaseSql, openBenchDatabase, postgresSql, type RawSql } from '../database/raw-sql.ts';
import type { BenchOptions } from '../options.ts';
import { planningFigures } from '../plots.ts';
import type { Section } from '../report.ts';
import { fmt, median, ratio, repeat, timed } from '../stats.ts';
import { runBaseline } from './baseline-sql.ts';
import { cpuProfile } from './cpu-profile.ts';

const silent = pino({ level: 'silent' });
/** The due shares the issue asks for: 1%, 0.01%, nothing. */
const FRACTIONS = [0.01, 0.0001, 0] as const;

interface Cell {
  promises: number;
  fraction: number;
  digests: number;
  nudges: number;
  ours: number;
  select: number;
  write: number;
}

/** One planning pass of ours, as the scheduler runs it. */
export function ourPass(db: Db) {
  return () => planTick({ store: new DrizzleOutboxStore(db), now: BENCH_NOW, log: silent });
}

/** What the 1%-due pass spends its time on: statements, round trips, Node CPU. */
async function profilePass(url: string, raw: RawSql, due: DueRows): Promise<string[]> {
  const client = postgres(url, { max: 10, onnotice: () => {} });
  let statements = 0;
  const counting = {
    logQuery: () => {
      statements += 1;
    },
  };
  const db: Db = drizzle(client, { schema, logger: counting });
  try {
    const trips: number[] = [];
    for (let i = 0; i < 200; i++) trips.push((await timed(() => client`select 1`)).ms);
    const rtt = median(trips);
    await setDue(raw, due, due);
    const counted = await dueCounts(raw);
    const { ms, result } = await timed(() => cpuProfile(ourPass(db)));
    const items = result.result.digests + result.result.nudges;
    return [
      `Profile of one 1%-due pass at the largest size (${counted.digests} digests + ${counted.nudges} nudges due, ${fmt(ms)} ms ` +
        `under the profiler): ${statements.toLocaleString('en-US')} SQL statements for ${items.toLocaleString('en-US')} planned ` +
        `items in batches of up to ${PLAN_BATCH}, each claimed, read and written set-wise in a few statements whatever its size ` +
        `(plus BEGIN/COMMIT per batch; a \`select 1\` round trip takes ${fmt(rtt)} ms). ` +
        `Where the time goes (V8 CPU profile, self time): ${result.lines.join(', ')}.`,
    ];
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Scenario 1: planning cost at growing table sizes, ours vs hand-written SQL. */
export async function planningScenario(options: BenchOptions): Promise<Section> {
  const { sizes } = options;
  const database = await openBenchDatabase(options.databaseUrl);
  const raw = options.databaseUrl === undefined ? databaseSql(database) : postgresSql(options.databaseUrl);
  const cells: Cell[] = [];
  const notes: string[] = [];
  try {
    await truncateAll(raw);
    const seeded = await timed(() => seedMembers(raw, sizes.members));
    notes.push(`Seeded ${sizes.members.toLocaleString('en-US')} members in ${fmt(seeded.ms / 1000)} s.`);
    let have = 0;
    let previous = NOTHING_DUE;
    for (const promises of sizes.promiseSteps) {
      const load = await timed(() => seedPromises(raw, sizes.members, have, promises));
      have = promises;
      await setDue(raw, NOTHING_DUE, previous);
      previous = NOTHING_DUE;
      await analyze(raw, options.databaseUrl !== undefined);
      notes.push(
        `Loaded promises up to ${promises.toLocaleString('en-US')} in ${fmt(load.ms / 1000)} s (INSERT … SELECT generate_series).`,
      );
      for (const fraction of FRACTIONS) {
        const due = dueRows(fraction, sizes.members, promises);
        await setDue(raw, due, previous);
        previous = due;
        const counted = await dueCounts(raw);
        const reset = () => setDue(raw, due, due);
        // Passes with little due take milliseconds, where noise is largest: more of them.
        const runs = fraction === 0.01 ? sizes.repetitions : sizes.repetitions * 4;
        const ours = await repeat(runs, ourPass(database.db), reset);
        const select = await repeat(runs, () => runBaseline(raw, 'select', BENCH_NOW), reset);
        const write = await repeat(runs, () => runBaseline(raw, 'write', BENCH_NOW), reset);
        cells.push({
          promises,
          fraction,
          ...counted,
          ours: median(ours),
          select: median(select),
          write: median(write),
        });
        process.stderr.write(
          `  planning ${promises} promises, ${fraction * 100}% due: ours ${fmt(median(ours))} ms, select ${fmt(median(select))} ms, write ${fmt(median(write))} ms\n`,
        );
      }
    }
    if (options.databaseUrl !== undefined) {
      const largest = sizes.promiseSteps.at(-1) ?? 0;
      const due = dueRows(0.01, sizes.members, largest);
      notes.push(...(await profilePass(options.databaseUrl, raw, due)));
      await setDue(raw, NOTHING_DUE, due);
    }
  } finally {
    await raw.close();
    await database.close();
  }
  return planningSection(options, cells, notes);
}

function planningSection(options: BenchOptions, cells: readonly Cell[], notes: string[]): Section {
  const { sizes } = options;
  const rows = cells.map((c) => [
    c.promises.toLocaleString('en-US'),
    c.fraction === 0 ? 'nothing' : `${c.fraction * 100}%`,
    `${c.digests} + ${c.nudges}`,
    fmt(c.ours),
    fmt(c.select),
    ratio(c.ours / c.select),
    fmt(c.write),
    ratio(c.ours / c.write),
    c.digests + c.nudges === 0 ? '–' : fmt((c.ours / (c.digests + c.nudges)) * 1000),
  ]);
  const idle = cells.filter((c) => c.fraction === 0);
  const idleGrowth = (idle.at(-1)?.ours ?? Number.NaN) / (idle[0]?.ours ?? Number.NaN);
  const busy = cells.filter((c) => c.fraction === 0.01);
  const worstBusy = Math.max(...busy.map((c) => c.ours / c.select));
  const worstBusyWrite = Math.max(...busy.map((c) => c.ours / c.write));
  const first = sizes.promiseSteps[0]?.toLocaleString('en-US') ?? '?';
  const last = sizes.promiseSteps.at(-1)?.toLocaleString('en-US') ?? '?';
  notes.unshift(
    `${sizes.members.toLocaleString('en-US')} members; medians of ${sizes.repetitions} passes at 1% due and ` +
      `${sizes.repetitions * 4} at 0.01% and nothing due (milliseconds, where noise is largest), after a warm-up; ` +
      'every pass starts from the same due rows (reset untimed). "due" = digests + nudges due; the number of due ' +
      'nudges is held equal to the due digests at every table size, so only the table grows.',
    'Baseline "SQL select": one hand-written statement per queue through the driver that selects and locks every ' +
      'due row with what the planner reads (member, workspace, all the member’s promises; promise, member, ' +
      'workspace, follow-ups). "SQL select+write": the same plus the outbox inserts and queue advances, in SQL.',
  );
  if (options.databaseUrl === undefined)
    notes.unshift(
      'No BENCH_DATABASE_URL: run on PGlite (embedded) with smaller sizes; not comparable to a server.',
    );
  return {
    title: '1. Tick planning at scale',
    header: [
      'promises',
      'due',
      'digests + nudges',
      'ours ms',
      'SQL select ms',
      'ours / select',
      'SQL select+write ms',
      'ours / select+write',
      'µs per due item',
    ],
    rows,
    goals: [
      {
        goal: `Planning with nothing due stays flat (within 2×) from ${first} to ${last} promises`,
        result: `${ratio(idleGrowth)} (${fmt(idle[0]?.ours ?? Number.NaN)} → ${fmt(idle.at(-1)?.ours ?? Number.NaN)} ms)`,
        met: Number.isFinite(idleGrowth) ? idleGrowth <= 2 : null,
      },
      {
        goal: 'Planning at 1% due within 1.5× of the hand-written "select + write" SQL baseline',
        result: `worst ${ratio(worstBusyWrite)} of SQL select+write (${ratio(worstBusy)} of SQL select alone)`,
        met: Number.isFinite(worstBusyWrite) ? worstBusyWrite <= 1.5 : null,
      },
    ],
    notes,
    figures: planningFigures(cells),
  };
}
