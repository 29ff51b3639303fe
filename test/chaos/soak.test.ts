import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fake-slack.ts';
import { connect, freshDatabase } from '../support/postgres-server.ts';
import {
  CommandStream,
  isAddConfirmation,
  makeDigestsDue,
  replyTo,
  seedSlackMembers,
} from '../support/slack-load.ts';
import { ThriceProcess } from '../support/thrice-process.ts';

const SECRET = 'soak-signing-secret';
const SOAK_MS = 120_000;
const SAMPLE_EVERY_MS = 5_000;
const COMMANDS_PER_SECOND = 8;
/** Members whose digest the test makes due, DIGESTS_PER_ROUND every 2 s, so every tick has sending to do. */
const DIGEST_MEMBERS = 1_200;
const DIGESTS_PER_ROUND = 20;

/*
 * Level-off thresholds, comparing the median of the last third of the samples with the median
 * of the middle third (the first third is warm-up: JIT, pools filling, caches of users):
 * - Resident memory may rise at most 25%. Over two minutes RSS wanders by 10–15% with V8's
 *   heap sizing and malloc arenas alone, so a tighter bound would flake on a loaded machine;
 *   a leak of a request's worth of objects per command or delivery (≥ ~25 KB each, i.e. over
 *   1,000 commands and 400 digests a third, ≥ 35 MB) still fails it.
 * - Active handles may rise by at most max(10, 25%). They are sockets, servers and timers; a
 *   handful come and go with requests in flight at the moment of the scrape, while one leaked
 *   socket or timer per command would add hundreds per third.
 */
const RSS_GROWTH_LIMIT = 1.25;
const HANDLE_GROWTH_LIMIT = 1.25;
const HANDLE_SLACK = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The value of one unlabelled Prometheus sample. */
function sample(metrics: string, series: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  if (line === undefined) throw new Error(`no ${series} in /metrics`);
  return Number(line.slice(series.length + 1));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

interface Sample {
  seconds: number;
  rss: number;
  heapUsed: number;
  handles: number;
  commands: number;
}

describe('Thrice under two minutes of steady commands and ticks', () => {
  const slack = new FakeSlack();
  let url = '';
  let thrice: ThriceProcess | null = null;

  beforeAll(async () => {
    url = await freshDatabase('thrice_soak');
    await slack.start();
    slack.delays.set('chat.postMessage', 5);
    await seedSlackMembers(url, { members: DIGEST_MEMBERS, prefix: 'S' });
  }, 300_000);

  afterAll(async () => {
    await thrice?.kill();
    await slack.stop();
  });

  it('keeps resident memory and open handles level, and answers every command', async () => {
    thrice = new ThriceProcess({
      DATABASE_URL: url,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-soak-token',
      SLACK_API_URL: slack.apiUrl,
      THRICE_TICK_SCHEDULE: '*/2 * * * * *',
      THRICE_CLAIM_LEASE_SECONDS: '5',
      // Steady work is what this measures: the fake Slack has no limit, so the workspace's send
      // budget (Slack's 5 a second by default) is raised to Discord's 50 to keep the digests flowing.
      THRICE_SLACK_SENDS_PER_SECOND: '50',
    });
    const port = await thrice.opsPort(60_000);
    const users = Array.from({ length: 100 }, (_, i) => `U${i}`);
    const stream = new CommandStream({
      slack,
      signingSecret: SECRET,
      users,
      port: () => port,
      perSecond: COMMANDS_PER_SECOND,
      tag: 'soak',
      addShare: 0.7,
    });
    const started = Date.now();
    stream.start();
    let madeDue = 0;
    const feeder = (async () => {
      while (Date.now() - started < SOAK_MS && madeDue < DIGEST_MEMBERS) {
        const ids = Array.from({ length: DIGESTS_PER_ROUND }, (_, i) => `S${madeDue + i}`);
        madeDue += await makeDigestsDue(url, ids);
        await sleep(2_000);
      }
    })();
    const samples: Sample[] = [];
    while (Date.now() - started < SOAK_MS) {
      await sleep(SAMPLE_EVERY_MS);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      samples.push({
        seconds: Math.round((Date.now() - started) / 1000),
        rss: sample(metrics, 'thrice_process_resident_memory_bytes'),
        heapUsed: sample(metrics, 'thrice_nodejs_heap_size_used_bytes'),
        handles: sample(metrics, 'thrice_nodejs_active_handles_total'),
        commands: stream.sent.length,
      });
    }
    await feeder;
    await stream.stop();

    const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
    console.log(
      [
        'soak samples:',
        '     t   rss MB  heap MB  handles  commands',
        ...samples.map(
          (s) =>
            `${String(s.seconds).padStart(6)} ${mb(s.rss).padStart(8)} ${mb(s.heapUsed).padStart(8)} ${String(s.handles).padStart(8)} ${String(s.commands).padStart(9)}`,
        ),
      ].join('\n'),
    );

    const third = Math.floor(samples.length / 3);
    expect(third).toBeGreaterThanOrEqual(5);
    const middle = samples.slice(third, 2 * third);
    const last = samples.slice(samples.length - third);
    const rss = { middle: median(middle.map((s) => s.rss)), last: median(last.map((s) => s.rss)) };
    const handles = {
      middle: median(middle.map((s) => s.handles)),
      last: median(last.map((s) => s.handles)),
    };
    const heap = { middle: median(middle.map((s) => s.heapUsed)), last: median(last.map((s) => s.heapUsed)) };
    console.log(
      `medians middle → last third: rss ${mb(rss.middle)} → ${mb(rss.last)} MB (limit ×${RSS_GROWTH_LIMIT}), heap ${mb(heap.middle)} → ${mb(heap.last)} MB, handles ${handles.middle} → ${handles.last} (limit +max(${HANDLE_SLACK}, ×${HANDLE_GROWTH_LIMIT}))`,
    );
    expect(rss.last).toBeLessThanOrEqual(rss.middle * RSS_GROWTH_LIMIT);
    expect(handles.last).toBeLessThanOrEqual(
      Math.max(handles.middle + HANDLE_SLACK, handles.middle * HANDLE_GROWTH_LIMIT),
    );

    // Steady load is served, not just survived: every command answered, every digest sent once.
    const failed = stream.sent.filter((c) => c.status !== 200);
    expect(failed).toEqual([]);
    await thrice.waitFor(
      () => (stream.sent.every((c) => replyTo(slack, c.id) !== undefined) ? true : undefined),
      'a reply to every command',
      30_000,
    );
    const adds = stream.sent.filter((c) => c.contact !== null);
    const unconfirmed = adds.filter((c) => !isAddConfirmation(replyTo(slack, c.id), c.contact ?? ''));
    expect(unconfirmed.map((c) => replyTo(slack, c.id))).toEqual([]);
    const db = connect(url);
    try {
      const deadline = Date.now() + 60_000;
      let states: { state: string; n: number }[] = [];
      while (Date.now() < deadline) {
        states = await db<{ state: string; n: number }[]>`
          select state, count(*)::int as n from deliveries group by state order by state`;
        if (states.length === 1 && states[0]?.state === 'sent' && states[0].n === madeDue) break;
        await sleep(1_000);
      }
      expect(states).toEqual([{ state: 'sent', n: madeDue }]);
    } finally {
      await db.end({ timeout: 5 });
    }
    // Every delivery posted once (each member's first command also brought one welcome DM).
    const posts = slack.callsOf('chat.postMessage');
    expect(posts.filter((c) => !String(c.args.text).startsWith('Welcome to Thrice'))).toHaveLength(madeDue);
    thrice.signal('SIGTERM');
    expect(await thrice.exited).toEqual({ code: 0, signal: null });
    expect(thrice.logs.filter((l) => (l.level ?? 0) >= 50).map((l) => l.msg)).toEqual([]);
  });
});
