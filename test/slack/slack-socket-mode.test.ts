import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { describeOnDrivers, openWorld, testLog } from '../support/world.ts';

/** The token encryption keys (THRICE_ENCRYPTION_KEY): one random key for this file. */
const KEYS = [randomBytes(32)];

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeOnDrivers('Slack in Socket Mode (SLACK_APP_TOKEN)', (driver) => {
  const slack = new FakeSlack();
  let world: Awaited<ReturnType<typeof openWorld>>;
  let adapter: SlackAdapter;

  beforeAll(async () => {
    await slack.start();
    await slack.startSocketMode();
    world = await openWorld({ driver, now: new Date().toISOString() });
    adapter = createSlackAdapter({
      config: {
        mode: 'single',
        signingSecret: 'unused-in-socket-mode',
        botToken: 'xoxb-test',
        appToken: 'xapp-test',
        apiUrl: slack.apiUrl,
      },
      inbound: world.inbound,
      installations: new DrizzleInstallationRepository(world.database.db, KEYS),
      log: testLog,
      port: 0,
    });
    expect(await adapter.start()).toBeNull();
  });
  afterAll(async () => {
    await adapter.stop();
    await world.close();
    await slack.stop();
  });

  it('connects out with the app token and answers /promise from an envelope, acking it', async () => {
    await until(() => slack.socketConnected, 'the Socket Mode connection');
    const open = slack.callsOf('apps.connections.open')[0];
    expect(open?.token).toBe('xapp-test');
    const responseUrl = `${slack.url}/response/socket-1`;
    slack.sendEnvelope({
      envelope_id: 'env-1',
      type: 'slash_commands',
      payload: {
        command: '/promise',
        text: 'Jane Doe (recruiter, Acme) will call me back tomorrow',
        team_id: 'T1',
        team_domain: 'acme',
        channel_id: 'C0',
        user_id: 'U1',
        user_name: 'alice',
        response_url: responseUrl,
        trigger_id: 'trig-socket',
        api_app_id: 'A1',
      },
    });
    await until(() => slack.acks.some((ack) => ack.envelope_id === 'env-1'), 'the envelope ack');
    await until(() => slack.calls.some((call) => `${slack.url}/${call.method}` === responseUrl), 'the reply');
    const reply = slack.calls.find((call) => `${slack.url}/${call.method}` === responseUrl);
    expect(JSON.stringify(reply?.args.blocks)).toMatch(
      /Jane Doe \(recruiter, Acme\) promised to call you back/,
    );
  });
});
