import type { BenchOptions } from '../options.ts';
import { deliveryFigures } from '../plots.ts';
import type { Section } from '../report.ts';
import { fmt, percent } from '../stats.ts';
import { runWave } from './wave.ts';

/** Sender processes sharing the budget on Postgres (the issue's "two sender processes"). */
const SENDERS = 2;

/**
 * Scenario 3: N deliveries for one workspace through our scheduler and Slack adapter, from two
 * sender processes sharing the pacing budget in Postgres, to a fake Slack that answers 429s.
 */
export async function pacingScenario(options: BenchOptions): Promise<Section> {
  const { deliveries: count, allowedPerSecond } = options.sizes;
  const senders = options.databaseUrl === undefined ? 1 : SENDERS;
  const wave = await runWave({
    databaseUrl: options.databaseUrl,
    count,
    workspaces: 1,
    allowedPerSecond,
    senders,
  });
  const rejectedShare = wave.rejected / Math.max(1, wave.requests);
  const { counts } = wave;
  return {
    title: '3. Delivery pacing under Slack rate limits',
    header: [
      'deliveries',
      'senders',
      'allowed/s',
      'achieved/s',
      'share of allowed',
      '429s received',
      '429s of sends',
      'lost',
      'duplicated',
      'outbox after',
    ],
    rows: [
      [
        count.toLocaleString('en-US'),
        `${senders} (${wave.driver === 'Postgres' ? 'processes' : 'in-process, PGlite'})`,
        String(allowedPerSecond),
        fmt(wave.achieved),
        percent(wave.share),
        wave.rejected.toLocaleString('en-US'),
        percent(rejectedShare),
        String(wave.lost),
        String(wave.duplicates),
        `${counts.sent} sent, ${counts.pending} pending, ${counts.dead} dead`,
      ],
    ],
    goals: [
      {
        goal: 'Delivery reaches at least 90% of the allowed rate with zero losses',
        result: `${percent(wave.share)} of allowed, ${wave.lost} lost, ${wave.duplicates} duplicated`,
        met: wave.share >= 0.9 && wave.lost === 0 && wave.duplicates === 0,
      },
      {
        goal: '429s under 1% of sends, the budget shared by every sender',
        result: `${wave.rejected} × 429 in ${wave.requests.toLocaleString('en-US')} requests (${percent(rejectedShare)}), ${senders} sender${senders === 1 ? '' : 's'}`,
        met: rejectedShare < 0.01 && wave.lost === 0,
      },
    ],
    notes: [
      `The real path: our outbox (${wave.driver}), ${senders === 1 ? 'one scheduler in the bench process' : `${senders} sender processes, each startScheduler`} ` +
        'with THRICE_TICK_SCHEDULE="* * * * * *" (a tick every second), drainOutbox paced by the shared budget ' +
        `(send_budget, told ${allowedPerSecond}/s, half a second deep, taken a fifth of a second at a time), the Slack adapter's delivery port and ` +
        `Bolt's WebClient (rejectRateLimitedCalls) against a fake chat.postMessage limited to ${allowedPerSecond}/s ` +
        '(token bucket, one-second burst; over it 429 with Retry-After: 1).',
      'Achieved rate = distinct messages accepted / time from the first request to the last accepted one; the share ' +
        "divides by what the limit allowed in that time (the fake's one-second burst plus the steady rate), so not " +
        `using Slack's burst costs a little share in short runs. The last of the ${count.toLocaleString('en-US')} was ` +
        `accepted ${fmt(wave.elapsed / 1000)} s after the first request.`,
    ],
    figures: deliveryFigures(wave.firstRequestAt, wave.acceptedAt, allowedPerSecond),
  };
}
