import { afterEach, expect, it } from 'vitest';
import { commandBody, FakeSlack, postSigned, type SlackCall } from '../support/fake-slack.ts';
import { processDatabase, ThriceProcess } from '../support/thrice-process.ts';
import { describeOnDrivers } from '../support/world.ts';

/*
 * The real process (the run's build of src/main.ts) against the fake Slack: a Slack that cannot
 * be reached at start-up, or a Socket Mode envelope the client chokes on, must not take it down
 * (a stray payload=null over HTTP, and the ops routes on Slack's port: test/runtime/ops-endpoints.test.ts).
 */

const SECRET = 'process-signing-secret';

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: await response.text() };
}

describeOnDrivers('Thrice on Slack, as a process', (driver) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function start(env: Record<string, string>): Promise<ThriceProcess> {
    const database = await processDatabase(driver);
    cleanup.push(() => database.close());
    const thrice = new ThriceProcess({
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-process',
      ...database.env,
      ...env,
    });
    cleanup.push(() => thrice.kill());
    return thrice;
  }

  async function fakeSlack(): Promise<FakeSlack> {
    const slack = new FakeSlack();
    await slack.start();
    cleanup.push(() => slack.stop());
    return slack;
  }

  /** Sends `/promise list` to Slack's port and waits for the reply Thrice posts to the response_url. */
  async function listAnswers(
    thrice: ThriceProcess,
    slack: FakeSlack,
    port: number,
    name: string,
  ): Promise<SlackCall> {
    const url = `${slack.url}/response/${name}`;
    const response = await postSigned(
      `http://127.0.0.1:${port}/slack/events`,
      commandBody({ text: 'list', responseUrl: url }),
      SECRET,
    );
    expect(response.status).toBe(200);
    return thrice.waitFor(
      () => slack.calls.find((call) => `${slack.url}/${call.method}` === url),
      'the reply',
      15_000,
    );
  }

  it('started while Slack’s Web API is down, with OPS_PORT: /healthz 200 on both ports, /readyz 503 naming Slack on the ops port only; ready once Slack is back', async () => {
    // A port nothing listens on yet: the fake Slack comes up there later.
    const slack = new FakeSlack();
    await slack.start();
    const apiPort = Number(new URL(slack.url).port);
    await slack.stop();
    const thrice = await start({ SLACK_API_URL: `http://127.0.0.1:${apiPort}/api/`, OPS_PORT: '0' });
    cleanup.push(() => slack.stop());
    await thrice.waitForLog('slack not reachable; retrying');
    const ops = await thrice.opsPort();
    const port = await thrice.slackPort();
    expect(ops).not.toBe(port);
    // The public port keeps /slack/* and /healthz; readiness and metrics answer on the ops port.
    expect(await get(port, '/healthz')).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect((await get(port, '/readyz')).status).toBe(404);
    expect((await get(port, '/metrics')).status).toBe(404);
    expect((await get(ops, '/healthz')).status).toBe(200);
    const down = await get(ops, '/readyz');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body)).toMatchObject({
      ready: false,
      checks: { slack: expect.stringMatching(/Slack unreachable/) },
    });

    await slack.start(apiPort);
    const ready = await pollReady(ops);
    expect(JSON.parse(ready)).toEqual({
      ready: true,
      checks: { database: 'ok', slack: 'ok' },
      unreachable: { members: 0, channels: 0 },
    });
    const metrics = await get(ops, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^# HELP thrice_commands_total /m);
    expect(metrics.body).toMatch(/^# HELP thrice_process_errors_total /m);
    // Slack still reaches the public port.
    expect(JSON.stringify((await listAnswers(thrice, slack, port, 'after-outage')).args.blocks)).toMatch(
      /No open promises/,
    );
    expect(thrice.logs.some((line) => String(line.msg).includes('set OPS_PORT'))).toBe(false);
  }, 150_000);

  it('in Socket Mode, an envelope that makes the Slack client reject unhandled is logged, and the next command answers', async () => {
    const slack = await fakeSlack();
    await slack.startSocketMode();
    const thrice = await start({ SLACK_API_URL: slack.apiUrl, SLACK_APP_TOKEN: 'xapp-process' });
    await thrice.opsPort();
    await thrice.waitFor(() => (slack.socketConnected ? true : undefined), 'the Socket Mode connection');
    // The Socket Mode client reads payload.event.type of an events_api envelope outside any handler.
    slack.sendEnvelope({ envelope_id: 'env-null', type: 'events_api', payload: null });
    await thrice.waitForLog('unhandled promise rejection; still serving');
    const url = `${slack.url}/response/socket-after-null`;
    slack.sendEnvelope({
      envelope_id: 'env-list',
      type: 'slash_commands',
      payload: {
        command: '/promise',
        text: 'list',
        team_id: 'T1',
        channel_id: 'C0',
        user_id: 'U1',
        user_name: 'alice',
        response_url: url,
        trigger_id: 'trig-socket-process',
        api_app_id: 'A1',
      },
    });
    const reply = await thrice.waitFor(
      () => slack.calls.find((call) => `${slack.url}/${call.method}` === url),
      'the reply',
      15_000,
    );
    expect(JSON.stringify(reply.args.blocks)).toMatch(/No open promises/);
    expect(thrice.child.exitCode).toBeNull();
  }, 150_000);
});

/** Polls /readyz until it answers 200 (bounded: the retry backoff is at most 30 s). */
async function pollReady(port: number): Promise<string> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const { status, body } = await get(port, '/readyz');
    if (status === 200) return body;
    if (Date.now() > deadline) throw new Error(`/readyz still ${status}: ${body}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
