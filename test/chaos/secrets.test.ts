import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandBody, FakeSlack, postSigned } from '../support/fake-slack.ts';
import { adminConnection, databaseUrl, postgresServer } from '../support/postgres-server.ts';
import { makeDigestsDue, replyTo, TEAM } from '../support/slack-load.ts';
import { ThriceProcess } from '../support/thrice-process.ts';

const ROLE = 'thrice_secret';
const DATABASE = 'thrice_secrets';

/** Random secrets, so any 10-character piece of one found in the output is a leak, not chance. */
const random = (bytes: number) => randomBytes(bytes).toString('base64url').replace(/[-_]/g, 'x');
const SIGNING_SECRET = random(24);
const BOT_TOKEN = `xoxb-${random(12)}-${random(12)}`;
// Characters that a URL must percent-encode, so both spellings are checked.
const DB_PASSWORD = `pw/${random(12)}@${random(6)}!`;
const ENCRYPTION_KEY = randomBytes(32).toString('base64');

/** Every spelling of a secret that could reach a log: as is, URL-, base64-, JSON-encoded, hex for keys. */
function spellings(secret: string): string[] {
  const forms = [
    secret,
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    JSON.stringify(secret).slice(1, -1),
  ];
  if (secret === ENCRYPTION_KEY) {
    const key = Buffer.from(secret, 'base64');
    forms.push(key.toString('hex'), key.toString('base64url'), key.toString('latin1'));
  }
  return [...new Set(forms)];
}

/** Each 10-character window of each spelling (the fixed `xoxb-` prefix aside): a partial leak counts. */
function pieces(secret: string): string[] {
  const out = new Set<string>();
  for (const form of spellings(secret)) {
    const body = form.startsWith('xoxb-') ? form.slice(5) : form;
    if (body.length <= 10) out.add(body);
    for (let i = 0; i + 10 <= body.length; i++) out.add(body.slice(i, i + 10));
  }
  return [...out];
}

describe('secrets never reach the output', () => {
  const slack = new FakeSlack();
  let url = '';

  beforeAll(async () => {
    const server = postgresServer();
    const admin = adminConnection(server);
    try {
      await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
      await admin.unsafe(`drop role if exists ${ROLE}`);
      await admin.unsafe(`create role ${ROLE} login password '${DB_PASSWORD.replace(/'/g, "''")}'`);
      await admin.unsafe(`create database ${DATABASE} owner ${ROLE}`);
    } finally {
      await admin.end({ timeout: 5 });
    }
    const withRole = new URL(databaseUrl(DATABASE, server));
    withRole.username = ROLE;
    withRole.password = encodeURIComponent(DB_PASSWORD);
    url = withRole.href;
    expect(url).toContain(encodeURIComponent(DB_PASSWORD));
    await slack.start();
  });

  afterAll(async () => {
    await slack.stop();
  });

  it('logs at trace level through commands, failing Slack calls, a digest tick and shutdown without printing one', async () => {
    const thrice = new ThriceProcess({
      DATABASE_URL: url,
      LOG_LEVEL: 'trace',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      THRICE_ENCRYPTION_KEY: ENCRYPTION_KEY,
      THRICE_TICK_SCHEDULE: '* * * * * *',
    });
    try {
      const port = await thrice.opsPort(60_000);
      const events = `http://127.0.0.1:${port}/slack/events`;
      const send = (user: string, text: string, id: string) =>
        postSigned(
          events,
          commandBody({ text, user, team: TEAM, responseUrl: `${slack.apiUrl}respond/${id}` }),
          SIGNING_SECRET,
        );

      // Commands, one of them while Slack rejects the token (users.info answers invalid_auth).
      slack.failNext('users.info', { status: 200, body: { ok: false, error: 'invalid_auth' } });
      expect(
        (await send('U1', 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm', 's-1')).status,
      ).toBe(200);
      expect((await send('U2', 'Sam (Initech) will email me by Monday', 's-2')).status).toBe(200);
      expect((await send('U2', 'list', 's-3')).status).toBe(200);
      expect((await send('U1', 'settings tz Nowhere/Land', 's-4')).status).toBe(200);
      // A forged request: signed with the wrong secret.
      expect(
        (
          await postSigned(
            events,
            commandBody({ text: 'list', responseUrl: `${slack.apiUrl}respond/s-5` }),
            SIGNING_SECRET,
            { tamper: true },
          )
        ).status,
      ).toBe(401);
      await thrice.waitFor(() => replyTo(slack, 's-4'), 'the replies');
      // Each member's first command brings a welcome DM; let both land before Slack starts failing.
      await thrice.waitFor(
        () =>
          slack.callsOf('chat.postMessage').filter((c) => String(c.args.text).startsWith('Welcome to Thrice'))
            .length >= 2
            ? true
            : undefined,
        'both welcome DMs',
      );

      // A digest tick where Slack fails: a 500 on one post, invalid_auth on one DM open.
      slack.failNext('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });
      slack.failNext('conversations.open', { status: 200, body: { ok: false, error: 'invalid_auth' } });
      expect(await makeDigestsDue(url, ['U1', 'U2'])).toBe(2);
      await thrice.waitFor(
        () =>
          thrice.logs.filter((l) => l.msg === 'delivery failed; will retry').length >= 2 ? true : undefined,
        'both failed deliveries logged',
        30_000,
      );
      // The response_url post fails too.
      slack.failNext('respond/s-6', { status: 500, body: { ok: false, error: 'internal_error' } });
      expect((await send('U2', 'help', 's-6')).status).toBe(200);
      await thrice.waitFor(() => replyTo(slack, 's-6'), 'the failed reply');
      await new Promise((resolve) => setTimeout(resolve, 500));

      thrice.signal('SIGTERM');
      expect(await thrice.exited).toEqual({ code: 0, signal: null });
    } finally {
      await thrice.kill();
    }

    // The run said plenty, including the failures, so the check below has something to check
    // (Bolt's own debug lines are not among them: they carry request bodies, and are dropped).
    expect(thrice.logs.length).toBeGreaterThan(12);
    expect(thrice.logs.some((line) => Number(line.level) >= 40)).toBe(true);
    expect(thrice.logs.some((l) => l.level === 10 || l.level === 20)).toBe(true);
    expect(thrice.stderr).toContain('invalid_auth');
    expect(thrice.logs.map((l) => l.msg)).toContain('shut down cleanly');
    // The only error is the failed response_url post; ticks (with their pruning) ran clean.
    expect(thrice.logs.filter((l) => (l.level ?? 0) >= 50).map((l) => l.msg)).toEqual([
      'slack handler failed',
    ]);

    const output = { stderr: thrice.stderr, stdout: thrice.stdout };
    for (const [name, secret] of Object.entries({
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      'DATABASE_URL password': DB_PASSWORD,
      THRICE_ENCRYPTION_KEY: ENCRYPTION_KEY,
    })) {
      for (const [stream, text] of Object.entries(output)) {
        const leaked = pieces(secret).filter((piece) => text.includes(piece));
        expect(leaked, `${name} in ${stream}`).toEqual([]);
      }
    }
  }, 90_000);
});
