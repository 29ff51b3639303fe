import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { commandBody, FakeSlack, postSigned } from '../support/fake-slack.ts';
import { describeOnDrivers, openWorld, testLog } from '../support/world.ts';

const KEYS = [randomBytes(32)];
const SECRET = 'startup-signing-secret';

/** Polls `check` until it returns a value, for at most a minute (a wait, not a speed check). */
async function until<T>(check: () => T | null | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = check();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeOnDrivers('Slack’s Web API failing at start-up', (driver) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function adapterFor(slack: FakeSlack, mode: 'single' | 'oauth'): Promise<SlackAdapter> {
    const world = await openWorld({ driver, now: new Date().toISOString() });
    cleanup.push(() => world.close());
    const config =
      mode === 'single'
        ? { mode, signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: slack.apiUrl }
        : {
            mode,
            signingSecret: SECRET,
            clientId: '111.222',
            clientSecret: 'client-secret',
            stateSecret: 'state-secret',
            apiUrl: slack.apiUrl,
          };
    const adapter = createSlackAdapter({
      config,
      inbound: world.inbound,
      installations: new DrizzleInstallationRepository(world.database.db, KEYS),
      log: testLog,
      port: 0,
      reconnect: { firstDelayMs: 50, maxDelayMs: 200 },
    });
    cleanup.push(() => adapter.stop());
    return adapter;
  }

  it('auth.test answering 500 does not fail start; readiness names Slack until a retry succeeds, then commands work', async () => {
    const slack = new FakeSlack();
    await slack.start();
    cleanup.push(() => slack.stop());
    const failure = { status: 500, body: { ok: false, error: 'internal' } };
    slack.failNext('auth.test', failure, failure, failure);
    const adapter = await adapterFor(slack, 'single');
    const port = await adapter.start();
    expect(port).toBeGreaterThan(0);
    expect(adapter.connectionProblem()).toMatch(/Slack answered HTTP 500/);
    await until(() => (adapter.connectionProblem() === null ? true : null), 'Slack reachable');
    expect(slack.callsOf('auth.test').length).toBeGreaterThanOrEqual(4);

    const url = `${slack.url}/response/after-outage`;
    const response = await postSigned(
      `http://127.0.0.1:${port}/slack/events`,
      commandBody({ text: 'Jane Doe will call me back tomorrow', responseUrl: url }),
      SECRET,
    );
    expect(response.status).toBe(200);
    const reply = await until(
      () => slack.calls.find((call) => `${slack.url}/${call.method}` === url),
      'the command’s reply',
    );
    expect(JSON.stringify(reply.args.blocks)).toMatch(/Jane Doe promised to call you back/);
  });

  it('a refused bot token (invalid_auth) keeps the adapter up and says what to fix', async () => {
    const slack = new FakeSlack();
    await slack.start();
    cleanup.push(() => slack.stop());
    slack.failNext('auth.test', { status: 200, body: { ok: false, error: 'invalid_auth' } });
    const adapter = await adapterFor(slack, 'single');
    await adapter.start();
    expect(adapter.connectionProblem()).toMatch(/Slack answered invalid_auth/);
    await until(() => (adapter.connectionProblem() === null ? true : null), 'Slack reachable');
  });

  it('OAuth mode checks that the Web API answers before it reports ready', async () => {
    const slack = new FakeSlack();
    await slack.start();
    cleanup.push(() => slack.stop());
    slack.failNext('api.test', { status: 503, body: { ok: false, error: 'service_unavailable' } });
    const adapter = await adapterFor(slack, 'oauth');
    await adapter.start();
    expect(adapter.connectionProblem()).toMatch(/Slack answered HTTP 503/);
    await until(() => (adapter.connectionProblem() === null ? true : null), 'Slack reachable');
    expect(slack.callsOf('api.test')).toHaveLength(2);
  });
});
