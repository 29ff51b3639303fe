import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandBody, FakeSlack, postSigned } from '../support/fake-slack.ts';
import { connect, freshDatabase } from '../support/postgres-server.ts';
import {
  isAddConfirmation,
  makeDigestsDue,
  postsPerDelivery,
  replyTo,
  seedSlackMembers,
  TEAM,
} from '../support/slack-load.ts';
import { ThriceProcess } from '../support/thrice-process.ts';

const SECRET = 'shutdown-signing-secret';
const DUE_MEMBERS = 100;
/** Slow enough that 100 digests take several seconds: SIGTERM lands in the middle of sending. */
const POST_DELAY_MS = 50;
/** Members of the crash-then-SIGTERM scenario: up to three rounds of PER_ROUND. */
const RESUMED_MEMBERS = 60;
const PER_ROUND = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * In the long suite rather than test/runtime/: three real processes on real Postgres with
 * deliberately slow sending take 25–40 s on a loaded two-core machine.
 */
describe('graceful shutdown of a running instance', () => {
  const slack = new FakeSlack();
  let url = '';
  let db: ReturnType<typeof connect>;
  const running: ThriceProcess[] = [];

  beforeAll(async () => {
    url = await freshDatabase('thrice_shutdown');
    db = connect(url);
    await slack.start();
    slack.delays.set('chat.postMessage', POST_DELAY_MS);
    await seedSlackMembers(url, { members: DUE_MEMBERS, prefix: 'S' });
    await seedSlackMembers(url, { members: RESUMED_MEMBERS, prefix: 'R' });
  });

  afterAll(async () => {
    for (const thrice of running) await thrice.kill();
    await db?.end({ timeout: 5 });
    await slack.stop();
  });

  const start = () => {
    const thrice = new ThriceProcess({
      DATABASE_URL: url,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-shutdown-token',
      SLACK_API_URL: slack.apiUrl,
      THRICE_TICK_SCHEDULE: '*/2 * * * * *',
      THRICE_CLAIM_LEASE_SECONDS: '5',
    });
    running.push(thrice);
    return thrice;
  };

  const command = (port: number, user: string, text: string, id: string) =>
    postSigned(
      `http://127.0.0.1:${port}/slack/events`,
      commandBody({ text, user, team: TEAM, responseUrl: `${slack.apiUrl}respond/${id}` }),
      SECRET,
    );

  /**
   * Holds `user`'s member row locked from the test's own connection, so that user's next add
   * blocks inside the command handler (creating a promise takes that lock) until `release()`.
   */
  async function lockMember(user: string) {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const done = db.begin(async (tx) => {
      await tx`select id from members where external_id = ${user} for update`;
      locked();
      await released;
    });
    await isLocked;
    return {
      release: async () => {
        release();
        await done;
      },
    };
  }

  /** Waits until a command of the process is blocked on a row lock in Postgres. */
  async function commandBlocked(thrice: ThriceProcess) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [row] = await db<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`;
      if ((row?.n ?? 0) > 0) return;
      if (Date.now() > deadline || thrice.child.exitCode !== null)
        throw new Error(`no command blocked\n${thrice.stderr.slice(-2000)}`);
      await sleep(100);
    }
  }

  it('on SIGTERM mid-tick answers the command in flight, hands back unsent claims, exits 0; the next process sends the rest once', async () => {
    expect(
      await makeDigestsDue(
        url,
        Array.from({ length: DUE_MEMBERS }, (_, i) => `S${i}`),
      ),
    ).toBe(DUE_MEMBERS);
    const first = start();
    const port = await first.opsPort(60_000);
    // U1 exists (first command), then their second add blocks on the row the test holds.
    expect(
      (await command(port, 'U1', 'Pat Early (Acme) will call me back by Friday 3pm', 'sd-1')).status,
    ).toBe(200);
    await first.waitFor(() => replyTo(slack, 'sd-1'), 'the first reply');
    const lock = await lockMember('U1');
    const inFlight = command(port, 'U1', 'Pat Inflight (Acme) will call me back by Friday 3pm', 'sd-2');
    await commandBlocked(first);
    await first.waitFor(
      () => (slack.callsOf('chat.postMessage').length >= 10 ? true : undefined),
      'sending under way',
      60_000,
    );

    // The answer's post to response_url is slow too: it must still leave before the process exits.
    slack.delays.set('respond', 300);
    const signalledAt = Date.now();
    first.signal('SIGTERM');
    await first.waitForLog('shutting down: no new work, finishing what is in hand');
    await sleep(1_000);
    expect(first.child.exitCode).toBeNull();
    await lock.release();
    expect((await inFlight).status).toBe(200);
    const exit = await first.exited;
    const shutdownMs = Date.now() - signalledAt;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(shutdownMs).toBeLessThan(10_000);
    expect(isAddConfirmation(replyTo(slack, 'sd-2'), 'Pat Inflight')).toBe(true);
    expect(await db`select 1 from promises where contact_name = 'Pat Inflight'`).toHaveLength(1);
    slack.delays.delete('respond');

    // Nothing left claimed: what was not sent is pending again, and it was not all sent.
    const states = Object.fromEntries(
      (
        await db<
          { state: string; n: number }[]
        >`select d.state, count(*)::int as n from deliveries d join members m on m.id = d.member_id
          where m.external_id like 'S%' group by d.state`
      ).map((row) => [row.state, row.n]),
    );
    expect(states.sending ?? 0).toBe(0);
    expect(states.pending ?? 0).toBeGreaterThan(0);
    expect((states.sent ?? 0) + (states.pending ?? 0)).toBe(DUE_MEMBERS);
    expect(first.logs.map((l) => l.msg)).toContain('handed unsent deliveries back to the outbox');
    const sentBefore = slack.callsOf('chat.postMessage').length;
    console.log(
      `SIGTERM mid-tick: exit 0 after ${shutdownMs} ms; ${states.sent} sent, ${states.pending} handed back`,
    );

    const second = start();
    await second.opsPort(60_000);
    // Counted per delivery: the raw post count also holds U1's welcome DM.
    await second.waitFor(
      () => (postsPerDelivery(slack).size >= DUE_MEMBERS ? true : undefined),
      'the handed-back digests',
      90_000,
    );
    second.signal('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(slack.callsOf('chat.postMessage').length).toBeGreaterThan(sentBefore);
    const posted = postsPerDelivery(slack);
    expect([...posted.values()].filter((n) => n !== 1)).toEqual([]);
    const rows = await db<
      { id: string; state: string }[]
    >`select d.id, d.state from deliveries d join members m on m.id = d.member_id
      where d.kind = 'digest' and m.external_id like 'S%'`;
    expect(rows).toHaveLength(DUE_MEMBERS);
    expect(rows.filter((row) => row.state !== 'sent')).toEqual([]);
    expect(rows.filter((row) => posted.get(row.id) !== 1)).toEqual([]);
    expect(running.flatMap((t) => t.logs.filter((l) => (l.level ?? 0) >= 50).map((l) => l.msg))).toEqual([]);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'a second signal (%s) during shutdown exits at once',
    async (second) => {
      const thrice = start();
      const port = await thrice.opsPort(60_000);
      const user = `U-${second}`;
      expect(
        (await command(port, user, 'Pat First (Acme) will call me back by Friday 3pm', `${second}-1`)).status,
      ).toBe(200);
      await thrice.waitFor(() => replyTo(slack, `${second}-1`), 'the first reply');
      const lock = await lockMember(user);
      try {
        const blocked = command(
          port,
          user,
          'Pat Stuck (Acme) will call me back by Friday 3pm',
          `${second}-2`,
        ).catch(() => null);
        await commandBlocked(thrice);
        thrice.signal('SIGTERM');
        await thrice.waitForLog('shutting down: no new work, finishing what is in hand');
        // Shutdown now waits for the blocked command (up to its 5 s grace); the second signal cuts it short.
        const signalledAt = Date.now();
        thrice.signal(second);
        const exit = await thrice.exited;
        const exitMs = Date.now() - signalledAt;
        expect(exit.code).not.toBe(0);
        expect(exit.code).not.toBeNull();
        expect(exitMs).toBeLessThan(4_000);
        expect(thrice.logs.map((l) => l.msg)).toContain('second signal: exiting now');
        await blocked;
      } finally {
        await lock.release();
      }
    },
  );

  it('a delivery a dead process may have posted, handed back at SIGTERM before it was checked, is not posted again', async () => {
    const posts = () => slack.callsOf('chat.postMessage').length;
    const digestsOfR = () => db<{ id: string; state: string }[]>`
      select d.id, d.state from deliveries d join members m on m.id = d.member_id
      where d.kind = 'digest' and m.external_id like 'R%'`;
    let exercised = 0;
    // Each round: one process dies mid-post (SIGKILL), the next resumes its claims and is stopped
    // (SIGTERM) before it has checked them all. Repeated in the rare case that the one delivery
    // the dead process had posted unrecorded was the one checked before the stop.
    let rounds = 0;
    for (; rounds < 3 && exercised === 0; rounds++) {
      // One batch's worth (fewer than the sender claims at once), so all of it is claimed together.
      const ids = Array.from({ length: PER_ROUND }, (_, i) => `R${rounds * PER_ROUND + i}`);
      expect(await makeDigestsDue(url, ids)).toBe(PER_ROUND);
      const doomed = start();
      await doomed.opsPort(60_000);
      const target = posts() + 3;
      await new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 60_000;
        const poll = setInterval(() => {
          if (posts() < target && Date.now() < deadline) return;
          clearInterval(poll);
          doomed.child.kill('SIGKILL');
          if (posts() < target) reject(new Error(`no posts\n${doomed.stderr.slice(-2000)}`));
          else resolve();
        }, 2);
      });
      await doomed.exited;
      // Posted to Slack, never recorded as sent: the dead process was waiting for Slack's answer.
      const posted = postsPerDelivery(slack);
      const unrecorded = (await digestsOfR()).filter((d) => d.state === 'sending' && posted.has(d.id));
      expect(unrecorded.length).toBeGreaterThan(0);
      // A resumer takes stale claims oldest first, and this batch was claimed at one moment: the
      // unrecorded post would be checked first. Claimed a second later, it is still waiting when
      // the resumer is stopped, so the hand-back path is what this round exercises. Both moments
      // are long past the lease, so the resumer's first claim takes the whole batch at once (a
      // tick between two expiries would leave the later ones to the dead process).
      await db`update deliveries set claimed_at = now() - interval '60 seconds'
               where state = 'sending' and id in ${db((await digestsOfR()).map((d) => d.id))}`;
      await db`update deliveries set claimed_at = now() - interval '59 seconds'
               where id in ${db(unrecorded.map((d) => d.id))}`;

      slack.delays.set('conversations.history', 1_500);
      const checks = slack.callsOf('conversations.history').length;
      const resumer = start();
      await resumer.opsPort(60_000);
      // Once its lease passed, the claims are resumed; stop the process during its first history check.
      await resumer.waitFor(
        () => (slack.callsOf('conversations.history').length > checks ? true : undefined),
        'a resumed delivery checked',
        60_000,
      );
      resumer.signal('SIGTERM');
      expect(await resumer.exited).toEqual({ code: 0, signal: null });
      slack.delays.delete('conversations.history');
      const after = new Map((await digestsOfR()).map((d) => [d.id, d.state]));
      expect([...after.values()].filter((state) => state === 'sending')).toEqual([]);
      exercised = unrecorded.filter((d) => after.get(d.id) === 'pending').length;
    }
    expect(exercised).toBeGreaterThan(0);

    const last = start();
    await last.opsPort(60_000);
    const deadline = Date.now() + 90_000;
    while ((await digestsOfR()).some((d) => d.state !== 'sent')) {
      if (Date.now() > deadline) throw new Error(`R digests not all sent\n${last.stderr.slice(-2000)}`);
      await sleep(500);
    }
    last.signal('SIGTERM');
    expect(await last.exited).toEqual({ code: 0, signal: null });
    const posted = postsPerDelivery(slack);
    const rows = await digestsOfR();
    expect(rows).toHaveLength(rounds * PER_ROUND);
    expect(rows.filter((row) => posted.get(row.id) !== 1)).toEqual([]);
    expect(running.flatMap((t) => t.logs.filter((l) => (l.level ?? 0) >= 50).map((l) => l.msg))).toEqual([]);
  });
});
