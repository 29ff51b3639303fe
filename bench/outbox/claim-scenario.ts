import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { runMigrations } from 'graphile-worker';
import { textMessage } from '../../src/core/message.ts';
import { ensureDatabaseExists, openBenchDatabase, postgresSql, type RawSql } from '../database/raw-sql.ts';
import type { BenchOptions } from '../options.ts';
import { outboxFigures } from '../plots.ts';
import type { Section } from '../report.ts';
import { fmt, median, ratio } from '../stats.ts';
import type { WorkerDone } from './claim-worker.ts';

const WORKER = fileURLToPath(new URL('./claim-worker.ts', import.meta.url));
type Kind = 'thrice' | 'graphile';

/** Starts `processes` workers, waits until all are connected, says go, and returns jobs per second. */
async function race(
  kind: Kind,
  url: string,
  processes: number,
  jobs: number,
): Promise<{ perSecond: number; completed: number }> {
  const children = Array.from({ length: processes }, () =>
    fork(WORKER, [], {
      execArgv: ['--import', 'tsx'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        BENCH_WORKER: kind,
        BENCH_DATABASE_URL: url,
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    }),
  );
  await Promise.all(children.map((child) => once(child, 'message')));
  const done = children.map(async (child) => {
    const [message] = (await once(child, 'message')) as [WorkerDone];
    await once(child, 'exit');
    return message;
  });
  const go = Date.now();
  for (const child of children) child.send('go');
  const reports = await Promise.all(done);
  const completed = reports.reduce((sum, r) => sum + r.completed, 0);
  const ended = Math.max(...reports.map((r) => r.endedAt));
  if (completed !== jobs) throw new Error(`${kind}: completed ${completed} of ${jobs} jobs`);
  return { perSecond: completed / ((ended - go) / 1000), completed };
}

/** N pending no-op deliveries, due now, shaped as the planner writes them. */
async function fillOutbox(raw: RawSql, jobs: number): Promise<void> {
  await raw.run('truncate deliveries');
  const [workspace] = await raw.run(
    "insert into workspaces (platform, external_id, name) values ('slack', 'TCLAIM', 'Claims') on conflict (platform, external_id) do update set name = excluded.name returning id",
  );
  const payload = JSON.stringify({
    target: {
      kind: 'dm',
      platform: 'slack',
      workspaceExternalId: 'TCLAIM',
      memberExternalId: 'U1',
      dmChannelId: 'D1',
    },
    message: textMessage('nudge', 'Time for a polite follow-up.'),
  }).replaceAll("'", "''");
  await raw.run(`
    insert into deliveries (workspace_id, kind, platform, dedupe_key, payload, next_attempt_at)
    select '${String(workspace?.id)}', 'nudge', 'slack', 'claim:' || g, '${payload}'::jsonb, now() - interval '1 second'
    from generate_series(1, ${jobs}) g`);
  await raw.run('vacuum analyze deliveries');
}

async function fillGraphile(raw: RawSql, jobs: number): Promise<void> {
  await raw.run('delete from graphile_worker._private_jobs');
  await raw.run(`select graphile_worker.add_job('noop', '{}'::json) from generate_series(1, ${jobs})`);
  await raw.run('vacuum analyze graphile_worker._private_jobs');
}

/** Scenario 4: our SKIP LOCKED sender vs graphile-worker, claim-and-complete no-op jobs. */
export async function claimScenario(options: BenchOptions): Promise<Section> {
  const title = '4. Outbox claim throughput vs graphile-worker';
  const { databaseUrl, graphileDatabaseUrl } = options;
  if (databaseUrl === undefined || graphileDatabaseUrl === undefined) {
    return {
      title,
      header: ['result'],
      rows: [['skipped']],
      goals: [],
      notes: ['Needs BENCH_DATABASE_URL.'],
    };
  }
  const jobs = options.sizes.claimJobs;
  await (await openBenchDatabase(databaseUrl)).close();
  await ensureDatabaseExists(graphileDatabaseUrl);
  await runMigrations({ connectionString: graphileDatabaseUrl });
  const ours = postgresSql(databaseUrl);
  const theirs = postgresSql(graphileDatabaseUrl);
  const repetitions = options.quick ? 1 : 3;
  const rows: string[][] = [];
  const shares: number[] = [];
  const measured: { processes: number; ours: number; theirs: number }[] = [];
  try {
    for (const processes of [1, 2]) {
      const oursRuns: number[] = [];
      const theirRuns: number[] = [];
      for (let run = 0; run < repetitions; run++) {
        const runOurs = async () => {
          await fillOutbox(ours, jobs);
          oursRuns.push((await race('thrice', databaseUrl, processes, jobs)).perSecond);
        };
        const runTheirs = async () => {
          await fillGraphile(theirs, jobs);
          theirRuns.push((await race('graphile', graphileDatabaseUrl, processes, jobs)).perSecond);
        };
        // Alternate who goes first, so drift on the shared machine falls on both.
        if (run % 2 === 0) {
          await runOurs();
          await runTheirs();
        } else {
          await runTheirs();
          await runOurs();
        }
      }
      const o = median(oursRuns);
      const t = median(theirRuns);
      shares.push(o / t);
      rows.push([String(processes), fmt(o), fmt(t), ratio(o / t)]);
      measured.push({ processes, ours: o, theirs: t });
      process.stderr.write(
        `  outbox ${processes} process(es): ours ${fmt(o)}/s, graphile-worker ${fmt(t)}/s\n`,
      );
    }
    await ours.run('truncate deliveries');
  } finally {
    await ours.close();
    await theirs.close();
  }
  const worst = Math.min(...shares);
  return {
    title,
    header: ['sender processes', 'ours jobs/s', 'graphile-worker jobs/s', 'ours / theirs'],
    rows,
    goals: [
      {
        goal: 'The outbox claims at least 50% of graphile-worker’s unbatched rate',
        result: `worst ${ratio(worst)} (${rows.map((r) => `${r[0]} process: ${r[3]}`).join(', ')})`,
        met: worst >= 0.5,
      },
    ],
    notes: [
      `${jobs.toLocaleString('en-US')} no-op jobs per run, ${repetitions === 1 ? 'one run' : `median of ${repetitions} runs, alternating order`}; ` +
        'each worker in its own process, connected before the clock starts; jobs/s = jobs / (last worker done − go).',
      'Ours: drainOutbox claims 25 due rows per transaction (FOR UPDATE SKIP LOCKED, marked sending), sends each through ' +
        'a no-op port and settles it with markSent (its own transaction). graphile-worker 0.17.3: runOnce, concurrency 1 per ' +
        'process, a no-op task, no localQueue and completeJobBatchDelay off (unbatched), in its own database on the same server.',
    ],
    figures: outboxFigures(measured),
  };
}
