import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fake-slack.ts';
import { connect, freshDatabase } from '../support/postgres-server.ts';
import {
  CommandStream,
  isAddConfirmation,
  makeDigestsDue,
  postsPerDelivery,
  replyTo,
  seedSlackMembers,
  TEAM,
} from '../support/slack-load.ts';
import { ThriceProcess } from '../support/thrice-process.ts';

const SECRET = 'chaos-signing-secret';
/** Members with a digest due when the run starts: all must get exactly one. */
const DUE_MEMBERS = 300;
/** chat.postMessage answers this slowly, so a drain of DUE_MEMBERS digests lasts several seconds. */
const POST_DELAY_MS = 20;
const KILLS = 3;
const LEASE_SECONDS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Thrice killed with SIGKILL while sending digests, under a stream of commands', () => {
  const slack = new FakeSlack();
  let url = '';
  const running: ThriceProcess[] = [];

  beforeAll(async () => {
    url = await freshDatabase('thrice_chaos');
    await slack.start();
    slack.delays.set('chat.postMessage', POST_DELAY_MS);
    await seedSlackMembers(url, { members: DUE_MEMBERS, prefix: 'S' });
  });

  afterAll(async () => {
    for (const thrice of running) await thrice.kill();
    await slack.stop();
  });

  const start = () => {
    const thrice = new ThriceProcess({
      DATABASE_URL: url,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-chaos-token',
      SLACK_API_URL: slack.apiUrl,
      THRICE_TICK_SCHEDULE: '*/2 * * * * *',
      THRICE_CLAIM_LEASE_SECONDS: String(LEASE_SECONDS),
    });
    running.push(thrice);
    return thrice;
  };

  it('loses no acknowledged command and sends every due digest exactly once', async () => {
    const posts = () => slack.callsOf('chat.postMessage').length;
    let port: number | null = null;
    // Half the commanders also have a digest in the outbox, so commands touch rows being planned.
    const users = [
      ...Array.from({ length: 20 }, (_, i) => `S${i}`),
      ...Array.from({ length: 20 }, (_, i) => `U${i}`),
    ];
    const stream = new CommandStream({
      slack,
      signingSecret: SECRET,
      users,
      port: () => port,
      perSecond: 8,
      tag: 'chaos',
    });
    expect(
      await makeDigestsDue(
        url,
        Array.from({ length: DUE_MEMBERS }, (_, i) => `S${i}`),
      ),
    ).toBe(DUE_MEMBERS);
    stream.start();

    const killedAt: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const thrice = start();
      port = await thrice.opsPort(60_000);
      // Kill at a random point once this process has posted another 20–60 digests.
      const target = posts() + 20 + Math.floor(Math.random() * 40);
      await thrice.waitFor(() => (posts() >= target ? true : undefined), `${target} posts`, 90_000);
      thrice.child.kill('SIGKILL');
      port = null;
      expect(await thrice.exited).toEqual({ code: null, signal: 'SIGKILL' });
      killedAt.push(posts());
    }
    // Sending was in progress at every kill, and work was left for the next process.
    expect(killedAt.at(-1)).toBeLessThan(DUE_MEMBERS);

    const last = start();
    port = await last.opsPort(60_000);
    const db = connect(url);
    try {
      // The last process resumes the dead ones' claims once their lease has passed and drains the rest.
      const deadline = Date.now() + 120_000;
      for (;;) {
        const [open] = await db<{ n: number }[]>`
          select count(*)::int as n from deliveries where state in ('pending', 'sending')`;
        const [digests] = await db<{ n: number }[]>`
          select count(*)::int as n from deliveries d join members m on m.id = d.member_id
          where d.kind = 'digest' and m.external_id like 'S%'`;
        if (open?.n === 0 && digests?.n === DUE_MEMBERS) break;
        if (Date.now() > deadline)
          throw new Error(
            `outbox not drained: ${open?.n} open, ${digests?.n} digests\n${last.stderr.slice(-3000)}`,
          );
        await sleep(500);
      }
      // A few more seconds of commands against the survivor, then let every request finish.
      await sleep(3_000);
      await stream.stop();
      await sleep(500);
      last.signal('SIGTERM');
      expect(await last.exited).toEqual({ code: 0, signal: null });

      // Every command acknowledged with a 200 and a confirmation is in the database.
      const adds = stream.sent.filter((c) => c.contact !== null);
      const confirmed = adds.filter(
        (c) => c.status === 200 && isAddConfirmation(replyTo(slack, c.id), c.contact ?? ''),
      );
      const saved = await db<{ user: string; contact: string }[]>`
        select m.external_id as user, p.contact_name as contact
        from promises p join members m on m.id = p.member_id
        join workspaces w on w.id = p.workspace_id
        where w.external_id = ${TEAM} and p.contact_name like 'Pat Q%'`;
      const savedKeys = new Set(saved.map((row) => `${row.user}|${row.contact}`));
      const lost = confirmed.filter((c) => !savedKeys.has(`${c.user}|${c.contact}`));
      expect(lost).toEqual([]);
      // A command is saved once even when the process died around it (nothing doubled).
      expect(saved.length).toBe(savedKeys.size);
      expect(confirmed.length).toBeGreaterThan(50);

      // Every delivery is sent, none pending, sending or dead.
      const states = await db<{ state: string; n: number }[]>`
        select state, count(*)::int as n from deliveries group by state order by state`;
      const deliveries = await db<{ id: string; kind: string }[]>`select id, kind from deliveries`;
      expect(states).toEqual([{ state: 'sent', n: deliveries.length }]);
      // One digest per seeded member (a commander first seen just before 09:00 UTC may get one too).
      const [seededDigests] = await db<{ n: number }[]>`
        select count(*)::int as n from deliveries d join members m on m.id = d.member_id
        where d.kind = 'digest' and m.external_id like 'S%'`;
      expect(seededDigests?.n).toBe(DUE_MEMBERS);
      // …and each was posted to Slack exactly once.
      const posted = postsPerDelivery(slack);
      const twice = [...posted].filter(([, n]) => n > 1);
      expect(twice).toEqual([]);
      expect([...posted.keys()].sort()).toEqual(deliveries.map((d) => d.id).sort());
      // The resume path ran: a dead process's claims were checked against the DM history.
      const historyChecks = slack.callsOf('conversations.history').length;
      expect(historyChecks).toBeGreaterThan(0);

      // No process logged an error: no failed tick, no failed command.
      const errors = running.flatMap((t) => t.logs.filter((l) => (l.level ?? 0) >= 50).map((l) => l.msg));
      expect(errors).toEqual([]);

      const unanswered = adds.filter((c) => c.status === 200 && replyTo(slack, c.id) === undefined).length;
      const refused = adds.filter((c) => typeof c.status !== 'number').length;
      console.log(
        [
          'chaos run:',
          `  kills at posts ${killedAt.join(', ')} of ${DUE_MEMBERS} digests`,
          `  commands sent ${stream.sent.length} (adds ${adds.length}), confirmed ${confirmed.length}, acked without reply (killed mid-command) ${unanswered}, connection failed ${refused}`,
          `  deliveries ${deliveries.length}, chat.postMessage ${posts()}, conversations.history checks ${historyChecks}`,
        ].join('\n'),
      );
    } finally {
      await db.end({ timeout: 5 });
    }
  });
});
