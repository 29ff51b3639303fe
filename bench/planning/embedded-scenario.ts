import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openDatabase } from '../../db/connection.ts';
import {
  analyze,
  dueRows,
  NOTHING_DUE,
  seedMembers,
  seedPromises,
  setDue,
  truncateAll,
} from '../database/bulk-seed.ts';
import { databaseSql, openBenchDatabase, type RawSql } from '../database/raw-sql.ts';
import type { BenchOptions } from '../options.ts';
import { embeddedFigures } from '../plots.ts';
import type { Section } from '../report.ts';
import { fmt, median, ratio, repeat } from '../stats.ts';
import { ourPass } from './planning-scenario.ts';

/** Promises per member, as in the largest planning size (1M promises over 100k members). */
const PROMISES_PER_MEMBER = 10;
const FRACTIONS = [0.01, 0] as const;

async function measure(database: Database, raw: RawSql, options: BenchOptions): Promise<number[]> {
  const members = options.sizes.embeddedMembers;
  await truncateAll(raw);
  await seedMembers(raw, members);
  await seedPromises(raw, members, 0, members * PROMISES_PER_MEMBER);
  await analyze(raw, true);
  const medians: number[] = [];
  let previous = NOTHING_DUE;
  for (const fraction of FRACTIONS) {
    const due = dueRows(fraction, members, members * PROMISES_PER_MEMBER);
    await setDue(raw, due, previous);
    previous = due;
    const timings = await repeat(options.sizes.repetitions, ourPass(database.db), () =>
      setDue(raw, due, due),
    );
    medians.push(median(timings));
  }
  await truncateAll(raw);
  return medians;
}

/** Scenario 6: the same planning pass on the embedded default (PGlite) and on a Postgres server. */
export async function embeddedScenario(options: BenchOptions): Promise<Section> {
  const members = options.sizes.embeddedMembers;
  const title = '6. Embedded (PGlite) vs server (Postgres)';
  if (options.databaseUrl === undefined) {
    return {
      title,
      header: ['result'],
      rows: [['skipped']],
      goals: [],
      notes: ['Needs BENCH_DATABASE_URL for the server side.'],
    };
  }
  // On disk, as the default ./data is: PGlite's file writes are part of its cost.
  const dataDir = mkdtempSync(join(tmpdir(), 'thrice-bench-pglite-'));
  const embedded = await openDatabase({ dataDir });
  const onPglite = await measure(embedded, databaseSql(embedded), options).finally(async () => {
    await embedded.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const server = await openBenchDatabase(options.databaseUrl);
  const onPostgres = await measure(server, databaseSql(server), options).finally(() => server.close());
  const rows = FRACTIONS.map((fraction, i) => {
    const lite = onPglite[i] ?? Number.NaN;
    const pg = onPostgres[i] ?? Number.NaN;
    return [fraction === 0 ? 'nothing' : `${fraction * 100}%`, fmt(lite), fmt(pg), ratio(lite / pg)];
  });
  return {
    title,
    header: ['due', 'PGlite ms', 'Postgres ms', 'PGlite / Postgres'],
    rows,
    goals: [],
    notes: [
      `${members.toLocaleString('en-US')} members with ${PROMISES_PER_MEMBER} promises each; our planner (planTick) on each ` +
        `database; 1% due = ${Math.round(members * 0.01)} digests + as many nudges; medians of ${options.sizes.repetitions} passes.`,
      'PGlite keeps its files in a temporary directory on the local disk, as the default ./data does.',
    ],
    figures: embeddedFigures(FRACTIONS, onPglite, onPostgres),
  };
}
