import type { BenchOptions } from '../options.ts';
import type { Section } from '../report.ts';
import { fmt, percent } from '../stats.ts';
import { runWave, type WaveResult } from './wave.ts';

/**
 * `--only wave` (docs/SCALING.md): a morning's wave of DMs due at once, spread over many
 * workspaces so that Slack's per-workspace limit (the fake's, 50/s each) is not what binds,
 * sent by 1, 2 and 4 sender processes sharing Postgres and the pacing budget. What it measures
 * is Thrice's own ceiling — CPU and database — which is the only one instances raise.
 */
export async function waveScenario(options: BenchOptions): Promise<Section> {
  const { deliveries, workspaces, senders } = options.sizes.wave;
  const { allowedPerSecond } = options.sizes;
  const runs: { senders: number; wave: WaveResult }[] = [];
  const counts = options.databaseUrl === undefined ? [1] : senders;
  for (const n of counts) {
    process.stderr.write(`bench: wave with ${n} sender${n === 1 ? '' : 's'}…\n`);
    runs.push({
      senders: n,
      wave: await runWave({
        databaseUrl: options.databaseUrl,
        count: deliveries,
        workspaces,
        allowedPerSecond,
        senders: n,
      }),
    });
  }
  const base = runs[0]?.wave.achieved ?? 1;
  return {
    title: 'Scaling: one delivery wave with 1, 2 and 4 sender processes',
    header: [
      'senders',
      'deliveries',
      'workspaces',
      'allowed/s (all)',
      'achieved/s',
      'vs 1 sender',
      '429s',
      'lost',
      'duplicated',
      'wave took',
    ],
    rows: runs.map(({ senders: n, wave }) => [
      String(n),
      deliveries.toLocaleString('en-US'),
      String(workspaces),
      (allowedPerSecond * workspaces).toLocaleString('en-US'),
      fmt(wave.achieved),
      `${fmt(wave.achieved / base)}×`,
      String(wave.rejected),
      String(wave.lost),
      String(wave.duplicates),
      `${fmt(wave.elapsed / 1000)} s`,
    ]),
    goals: [],
    notes: [
      `${deliveries.toLocaleString('en-US')} DMs due at once over ${workspaces} workspaces; the fake Slack allows ` +
        `${allowedPerSecond}/s per workspace (${percent(1)} of it told to Thrice's budget), so the platform is not the limit ` +
        'and the rate is what the senders, their machine and Postgres can do. Each sender is a child process running ' +
        'startScheduler (a tick every second) with the shared budget; achieved = distinct accepted / (last accepted − first request).',
    ],
  };
}
