import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, commandInteraction, FakeDiscord } from '../support/fake-discord.ts';
import { commandBody, FakeSlack, interactionBody, postSigned } from '../support/fake-slack.ts';
import { tempDataDir } from '../support/run-thrice.ts';
import { ThriceProcess } from '../support/thrice-process.ts';

const SECRET = 'ops-signing-secret';

async function get(port: number, path: string) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** The value of one Prometheus sample line, e.g. `thrice_outbox_depth{state="pending"}`. */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('health, readiness and metrics on a running instance', () => {
  const running: ThriceProcess[] = [];
  const start = (env: Record<string, string>) => {
    const thrice = new ThriceProcess({ DATA_DIR: tempDataDir(), ...env });
    running.push(thrice);
    return thrice;
  };
  afterEach(async () => {
    for (const thrice of running.splice(0)) await thrice.kill();
  });

  describe('Slack over HTTP: the routes share Slack’s port', () => {
    const slack = new FakeSlack();
    beforeAll(() => slack.start());
    afterAll(() => slack.stop());

    it('answers /healthz, /readyz with each check, and /metrics after a command; a payload=null leaves it serving', async () => {
      const thrice = start({
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: 'xoxb-ops-test',
        SLACK_API_URL: slack.apiUrl,
      });
      const port = await thrice.opsPort();
      expect(await get(port, '/healthz')).toMatchObject({ status: 200, text: '{"ok":true}' });
      const ready = await get(port, '/readyz');
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.text)).toEqual({
        ready: true,
        checks: { database: 'ok', slack: 'ok' },
        unreachable: { members: 0, channels: 0 },
      });

      const response = await postSigned(
        `http://127.0.0.1:${port}/slack/events`,
        commandBody({
          text: 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
          responseUrl: `${slack.apiUrl}respond/1`,
        }),
        SECRET,
      );
      expect(response.status).toBe(200);
      // Bolt acknowledges first and runs the command after: wait until it is counted.
      const counted = /^thrice_commands_total\{[^}]*kind="add"[^}]*outcome="ok"[^}]*\} 1$/m;
      let metrics = await get(port, '/metrics');
      for (let i = 0; i < 100 && !counted.test(metrics.text); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        metrics = await get(port, '/metrics');
      }
      expect(metrics.status).toBe(200);
      expect(metrics.type).toMatch(/^text\/plain/);
      expect(metrics.text).toMatch(/^# HELP thrice_commands_total /m);
      expect(metrics.text).toMatch(/^thrice_commands_total\{[^}]*kind="add"[^}]*outcome="ok"[^}]*\} 1$/m);
      expect(metrics.text).toMatch(
        /^thrice_command_duration_seconds_count\{[^}]*platform="slack"[^}]*\} 1$/m,
      );
      expect(metrics.text).toMatch(/^# TYPE thrice_command_duration_seconds histogram/m);
      expect(sample(metrics.text, 'thrice_outbox_depth{state="pending"}')).toBeGreaterThanOrEqual(0);
      expect(sample(metrics.text, 'thrice_outbox_oldest_due_age_seconds')).toBeGreaterThanOrEqual(0);
      expect(sample(metrics.text, 'thrice_process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(sample(metrics.text, 'thrice_unreachable{what="member"}')).toBe(0);
      expect(sample(metrics.text, 'thrice_unreachable{what="channel"}')).toBe(0);
      expect(metrics.text).toMatch(/^# TYPE thrice_tick_duration_seconds histogram/m);
      expect(sample(metrics.text, 'thrice_tick_duration_seconds_count{outcome="ok"}')).toBeGreaterThanOrEqual(
        1,
      );
      expect(metrics.text).toMatch(/^# HELP thrice_platform_rate_limited_total /m);
      expect((await get(port, '/nothing-here')).status).toBe(404);
      // Without OPS_PORT that is the public port: the operator is told at start.
      const warning = thrice.logs.find((line) => String(line.msg).includes('set OPS_PORT'));
      expect(warning?.level).toBe(40);

      // One stray signed interaction with payload=null must not take the process down.
      const bad = await postSigned(
        `http://127.0.0.1:${port}/slack/events`,
        interactionBody(null),
        SECRET,
      ).then(
        (answer) => answer.status,
        (error: unknown) => `no answer: ${String(error)}`,
      );
      expect(bad).toBe(400);
      expect((await get(port, '/healthz')).status).toBe(200);
      const list = await postSigned(
        `http://127.0.0.1:${port}/slack/events`,
        commandBody({ text: 'list', responseUrl: `${slack.apiUrl}respond/after-null` }),
        SECRET,
      );
      expect(list.status).toBe(200);
      const reply = await thrice.waitFor(
        () => slack.callsOf('respond/after-null')[0],
        'the list after payload=null',
      );
      expect(JSON.stringify(reply.args.blocks)).toMatch(/#1 Jane Doe/);
      expect(thrice.child.exitCode).toBeNull();
    });
  });

  describe('Discord: the routes on a server of their own', () => {
    const discord = new FakeDiscord();
    beforeAll(() => discord.start());
    afterAll(() => discord.stop());

    it('is ready once the gateway session is up, says so per check, and answers /promise add', async () => {
      const thrice = start({
        DISCORD_TOKEN: 'bot-token',
        DISCORD_APPLICATION_ID: APPLICATION_ID,
        DISCORD_API_URL: discord.apiUrl,
      });
      const port = await thrice.opsPort();
      await thrice.waitForLog('discord adapter ready');
      const ready = await get(port, '/readyz');
      expect(JSON.parse(ready.text)).toEqual({
        ready: true,
        checks: { database: 'ok', discord: 'ok' },
        unreachable: { members: 0, channels: 0 },
      });
      expect(ready.status).toBe(200);
      // The entry point (what npm start runs) answers a command from the gateway.
      const interaction = commandInteraction('add', [
        { name: 'text', type: 3, value: 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm' },
      ]);
      discord.dispatch('INTERACTION_CREATE', interaction);
      const edit = await thrice.waitFor(
        () =>
          discord.requests.find(
            (r) => r.path === `/webhooks/${APPLICATION_ID}/${interaction.token}/messages/@original`,
          )?.body,
        'the command’s reply',
      );
      expect(JSON.stringify(edit)).toMatch(/Jane Doe \(recruiter, Acme\) promised to call you back/);
      expect((await get(port, '/healthz')).status).toBe(200);
    });
  });
});
