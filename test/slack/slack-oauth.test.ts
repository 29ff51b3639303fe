import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { installations } from '../../db/schema.ts';
import { commandBody, FakeSlack, postSigned, type SlackCall } from '../support/fake-slack.ts';
import { describeOnDrivers, openWorld, testLog } from '../support/world.ts';

/** The token encryption keys (THRICE_ENCRYPTION_KEY): one random key for this file. */
const KEYS = [randomBytes(32)];

const SECRET = 'oauth-signing-secret';

async function callTo(slack: FakeSlack, match: (call: SlackCall) => boolean): Promise<SlackCall> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = slack.calls.find(match);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no matching call; saw ${slack.calls.map((c) => c.method).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeOnDrivers('"Add to Slack" for many workspaces', (driver) => {
  const slack = new FakeSlack();
  let world: Awaited<ReturnType<typeof openWorld>>;
  let adapter: SlackAdapter;
  let base = '';
  let responses = 0;

  /** Runs the real install flow for `team`: /slack/install, then the OAuth redirect back. */
  async function install(team: string): Promise<Response> {
    const start = await fetch(`${base}/slack/install`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const cookie = start.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return fetch(`${base}/slack/oauth_redirect?code=code-${team}&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
      redirect: 'manual',
    });
  }

  async function command(team: string, user: string, text: string): Promise<SlackCall> {
    const url = `${slack.url}/response/${team}-${++responses}`;
    const response = await postSigned(
      `${base}/slack/events`,
      commandBody({ text, team, user, responseUrl: url }),
      SECRET,
    );
    expect(response.status).toBe(200);
    return callTo(slack, (call) => `${slack.url}/${call.method}` === url);
  }

  beforeAll(async () => {
    await slack.start();
    world = await openWorld({ driver, now: new Date().toISOString() });
    adapter = createSlackAdapter({
      config: {
        mode: 'oauth',
        signingSecret: SECRET,
        clientId: '111.222',
        clientSecret: 'client-secret',
        stateSecret: 'state-secret',
        apiUrl: slack.apiUrl,
      },
      inbound: world.inbound,
      installations: new DrizzleInstallationRepository(world.database.db, KEYS),
      log: testLog,
      port: 0,
    });
    base = `http://127.0.0.1:${await adapter.start()}`;
  });
  afterAll(async () => {
    await adapter.stop();
    await world.close();
    await slack.stop();
  });

  it('installs two workspaces, each with its own token, and keeps their members apart', async () => {
    expect((await install('T1')).status).toBe(200);
    expect((await install('T2')).status).toBe(200);
    expect(slack.callsOf('oauth.v2.access')).toHaveLength(2);

    await command('T1', 'U1', 'Jane Doe (recruiter, Acme) will call me back tomorrow');
    const usersInfoT1 = slack.callsOf('users.info').find((c) => c.args.user === 'U1');
    expect(usersInfoT1?.token).toBe('xoxb-T1');

    // The same user id in the other workspace is another member with nothing of T1's.
    const other = await command('T2', 'U1', 'list');
    expect(JSON.stringify(other.args.blocks)).toMatch(/No open promises/);
    const guess = await command('T2', 'U1', 'heard #1');
    expect(JSON.stringify(guess.args.blocks)).toMatch(/couldn't find an open promise/);
    const own = await command('T1', 'U1', 'list');
    expect(JSON.stringify(own.args.blocks)).toMatch(/#1 Jane Doe/);
  });

  it('keeps the installed tokens encrypted: the database never holds them in clear', async () => {
    const rows = await world.database.db.select().from(installations);
    expect(rows.map((row) => row.key).sort()).toEqual(['T1', 'T2']);
    for (const row of rows) {
      const stored = JSON.stringify(row.data);
      expect(stored).not.toContain('xoxb-');
      expect(stored).toMatch(/^\{"sealed":"thrice:v1:/);
    }
  });

  it('the installer may set the accountability channel; other members may not', async () => {
    const refused = await command('T1', 'U9', 'channel <#C1|job-hunt>');
    expect(JSON.stringify(refused.args.blocks)).toMatch(/Only a workspace admin/);
    const installer = await command('T1', 'UINSTT1', 'channel <#C1|job-hunt>');
    expect(JSON.stringify(installer.args.blocks)).toMatch(/roundup will be posted there/);
  });

  it('uninstalling removes the installation; the workspace’s requests are then refused', async () => {
    const installations = new DrizzleInstallationRepository(world.database.db, KEYS);
    expect(await installations.find('slack', 'T2')).not.toBeNull();
    const event = {
      type: 'event_callback',
      team_id: 'T2',
      api_app_id: 'A1',
      event_id: 'Ev2',
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_uninstalled' },
    };
    await postSigned(`${base}/slack/events`, JSON.stringify(event), SECRET, {
      contentType: 'application/json',
    });
    const deadline = Date.now() + 60_000;
    while ((await installations.find('slack', 'T2')) !== null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await installations.find('slack', 'T2')).toBeNull();
    const url = `${slack.url}/response/after-uninstall`;
    await postSigned(
      `${base}/slack/events`,
      commandBody({ text: 'list', team: 'T2', user: 'U1', responseUrl: url }),
      SECRET,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.calls.some((call) => `${slack.url}/${call.method}` === url)).toBe(false);
  });
});
