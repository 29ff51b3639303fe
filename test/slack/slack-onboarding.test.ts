import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { createInbound } from '../../src/app/inbound.ts';
import { DEFAULT_LIMITS } from '../../src/core/limits.ts';
import { resetDatabase } from '../support/database.ts';
import {
  blockActionsPayload,
  commandBody,
  FakeSlack,
  interactionBody,
  postSigned,
  type SlackCall,
} from '../support/fake-slack.ts';
import { describeOnDrivers, openWorld, testLog } from '../support/world.ts';

/*
 * A new member's first command brings a welcome DM through the real Bolt: one example, the zone
 * and country pickers, how digests work. Once per member; a pick in it saves the setting.
 */

const SECRET = 'test-signing-secret';

type Json = Record<string, unknown>;

async function callTo(slack: FakeSlack, match: (call: SlackCall) => boolean, from = 0): Promise<SlackCall> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = slack.calls.slice(from).find(match);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no matching call; saw ${slack.calls.map((c) => c.method).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeOnDrivers('Slack onboarding: the welcome DM, through the real Bolt', (driver) => {
  const slack = new FakeSlack();
  let world: Awaited<ReturnType<typeof openWorld>>;
  let adapter: SlackAdapter;
  let events = '';
  let responses = 0;

  /** Sends `/promise <text>` as `user`; resolves with the ephemeral answer. */
  async function command(text: string, user = 'U1'): Promise<SlackCall> {
    const url = `${slack.url}/response/${++responses}`;
    const from = slack.calls.length;
    await postSigned(events, commandBody({ text, user, responseUrl: url }), SECRET);
    return callTo(slack, (call) => `${slack.url}/${call.method}` === url, from);
  }

  /** The welcome DMs posted to `user` (the fake opens DM `D<user>`). */
  const welcomes = (user: string) =>
    slack
      .callsOf('chat.postMessage')
      .filter(
        (call) => call.args.channel === `D${user}` && String(call.args.text).startsWith('Welcome to Thrice'),
      );

  beforeAll(async () => {
    await slack.start();
    slack.users.set('U1', { tz: 'America/Chicago', real_name: 'Alice Smith' });
    slack.users.set('U2', { tz: 'Europe/Berlin', real_name: 'Bob Jones' });
    world = await openWorld({ driver, now: '2026-11-30T15:00:00Z' });
    adapter = createSlackAdapter({
      config: { mode: 'single', signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: slack.apiUrl },
      inbound: createInbound({
        store: world.store,
        clock: world.clock,
        log: testLog,
        limits: { ...DEFAULT_LIMITS, commandsPerMinute: 10_000 },
      }),
      installations: new DrizzleInstallationRepository(world.database.db, [randomBytes(32)]),
      log: testLog,
      port: 0,
    });
    events = `http://127.0.0.1:${await adapter.start()}/slack/events`;
  });
  afterAll(async () => {
    await adapter.stop();
    await world.close();
    await slack.stop();
  });
  beforeEach(async () => {
    await resetDatabase(world.database);
  });

  it('the first command brings one welcome DM; the second none; another member gets their own', async () => {
    const answer = await command('list');
    expect(String(answer.args.text)).toMatch(/No open promises/);
    const [welcome, ...more] = welcomes('U1');
    expect(more).toEqual([]);
    const blocks = JSON.stringify(welcome?.args.blocks);
    expect(blocks).toContain('Try it: `/promise Jane Doe (recruiter, Acme) will call me back by Friday 3pm`');
    expect(blocks).toContain('Your time zone is America/Chicago');
    expect(blocks).toContain('I DM you a digest');
    const accessories = ((welcome?.args.blocks ?? []) as { accessory?: Json }[])
      .map((b) => b.accessory)
      .filter((a): a is Json => a !== undefined);
    expect(accessories.map((a) => a.action_id)).toEqual(['welcome_tz', 'welcome_country']);
    expect(accessories[0]?.initial_option).toMatchObject({ value: 'America/Chicago' });

    await command('Jane Doe will call me back tomorrow');
    await command('list');
    expect(welcomes('U1')).toHaveLength(1);
    await command('stats', 'U2');
    expect(welcomes('U2')).toHaveLength(1);
  });

  it('a welcome DM Slack refuses is said in the first command’s answer, with the fix; the answer still comes', async () => {
    slack.failNext('chat.postMessage', { status: 200, body: { ok: false, error: 'cannot_dm_bot' } });
    const answer = JSON.stringify((await command('list')).args);
    expect(answer).toMatch(/No open promises/);
    expect(answer).toMatch(/could not send you a welcome DM/);
    expect(answer).toMatch(/Messages tab/);
    // Said once: the welcome is not tried again, nor the notice repeated.
    const tried = welcomes('U1').length;
    expect(JSON.stringify((await command('list')).args)).not.toMatch(/welcome DM/);
    expect(welcomes('U1')).toHaveLength(tried);
  });

  it('a welcome DM that fails for another reason (a Slack error, not a refusal) is only logged: nothing for the member to fix', async () => {
    slack.failNext('chat.postMessage', { status: 200, body: { ok: false, error: 'internal_error' } });
    const answer = JSON.stringify((await command('list')).args);
    expect(answer).toMatch(/No open promises/);
    expect(answer).not.toMatch(/welcome DM/);
  });

  it('picking a country in the welcome saves it and answers in the DM', async () => {
    await command('list');
    const [welcome] = welcomes('U1');
    const url = `${slack.url}/response/pick-${++responses}`;
    const from = slack.calls.length;
    const response = await postSigned(
      events,
      interactionBody(
        blockActionsPayload({
          responseUrl: url,
          blocks: welcome?.args.blocks as unknown[],
          action: {
            type: 'static_select',
            action_id: 'welcome_country',
            block_id: 'b1',
            selected_option: { text: { type: 'plain_text', text: 'Germany' }, value: 'DE' },
          },
        }),
      ),
      SECRET,
    );
    expect(response.status).toBe(200);
    const answered = await callTo(slack, (call) => `${slack.url}/${call.method}` === url, from);
    expect(JSON.stringify(answered.args.blocks)).toMatch(/Germany/);
    const member = await world.inbound.memberFor({
      workspace: { platform: 'slack', externalId: 'T1', name: null },
      user: { externalId: 'U1', displayName: 'Alice Smith' },
      canManageWorkspace: false,
    });
    expect(member.settings.country).toBe('DE');
  });
});
