import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { createInbound } from '../../src/app/inbound.ts';
import { DEFAULT_LIMITS } from '../../src/core/limits.ts';
import { resetDatabase } from '../support/database.ts';
import {
  commandBody,
  FakeSlack,
  interactionBody,
  postSigned,
  type SlackCall,
} from '../support/fake-slack.ts';
import { describeOnDrivers, openWorld, testLog } from '../support/world.ts';

const SECRET = 'test-signing-secret';
type World = Awaited<ReturnType<typeof openWorld>>;
type Element = { action_id: string; value?: string; text?: { text: string } };

async function callTo(slack: FakeSlack, match: (call: SlackCall) => boolean, from = 0): Promise<SlackCall> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const found = slack.calls.slice(from).find(match);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no matching call; saw ${slack.calls.map((c) => c.method).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeOnDrivers('Slack: the duplicate question and /promise edit, through the real Bolt', (driver) => {
  const slack = new FakeSlack();
  let world: World;
  let adapter: SlackAdapter;
  let events = '';
  let responses = 0;
  const isResponse = (url: string) => (call: SlackCall) => `${slack.url}/${call.method}` === url;

  async function reply(text: string): Promise<SlackCall> {
    const url = `${slack.url}/response/${++responses}`;
    const from = slack.calls.length;
    const response = await postSigned(events, commandBody({ text, responseUrl: url }), SECRET);
    expect(response.status).toBe(200);
    return callTo(slack, isResponse(url), from);
  }

  async function click(blocks: unknown[], element: Element): Promise<SlackCall> {
    const url = `${slack.url}/response/${++responses}`;
    const from = slack.calls.length;
    const payload = {
      type: 'block_actions',
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'U1', name: 'alice', team_id: 'T1' },
      api_app_id: 'A1',
      trigger_id: `trig-${responses}`,
      response_url: url,
      container: {
        type: 'message',
        message_ts: `17000000${responses}.000100`,
        channel_id: 'D1',
        is_ephemeral: true,
      },
      message: { ts: `17000000${responses}.000100`, blocks },
      actions: [
        { type: 'button', action_id: element.action_id, value: element.value, action_ts: String(responses) },
      ],
    };
    expect((await postSigned(events, interactionBody(payload), SECRET)).status).toBe(200);
    return callTo(slack, isResponse(url), from);
  }

  const elements = (call: SlackCall) =>
    (call.args.blocks as { elements?: Element[] }[]).flatMap((b) => b.elements ?? []);

  beforeAll(async () => {
    await slack.start();
    slack.users.set('U1', { tz: 'America/Los_Angeles', real_name: 'Alice Smith' });
    world = await openWorld({ driver, now: new Date().toISOString() });
    adapter = createSlackAdapter({
      config: { mode: 'single', signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: slack.apiUrl },
      inbound: createInbound({
        store: world.store,
        clock: world.clock,
        log: testLog,
        limits: { ...DEFAULT_LIMITS, commandsPerMinute: 10_000 },
      }),
      installations: new DrizzleInstallationRepository(world.database.db, []),
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
    world.clock.set(new Date());
  });

  it('a duplicate add shows Update #1 and Add as new; Add as new saves #2', async () => {
    await reply('Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    const asked = await reply('Jane Doe (Acme) will email me next Monday');
    const buttons = elements(asked);
    const update = buttons.find((e) => e.action_id === 'thrice_dup_update');
    const fresh = buttons.find((e) => e.action_id === 'thrice_dup_new');
    expect(update?.text?.text).toBe('Update #1');
    expect(fresh?.text?.text).toBe('Add as new');
    // The value is the short id of the add waiting on our side, far inside Slack's 2,000 characters.
    expect(update?.value).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh?.value).toBe(update?.value);
    if (fresh === undefined) throw new Error('no Add as new button');
    const added = await click(asked.args.blocks as unknown[], fresh);
    expect(added.args.replace_original).toBe(true);
    expect(JSON.stringify(added.args.blocks)).toMatch(/Jane Doe \(Acme\) promised to email you/);
    expect(JSON.stringify((await reply('list')).args.blocks)).toMatch(/#2 Jane Doe/);
  });

  it('/promise edit #1 alone opens the form filled in; with a field it changes that field', async () => {
    await reply('Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    const from = slack.calls.length;
    await postSigned(
      events,
      commandBody({ text: 'edit #1', responseUrl: `${slack.url}/response/x` }),
      SECRET,
    );
    const opened = await callTo(slack, (c) => c.method === 'views.open', from);
    const view = JSON.stringify(opened.args.view);
    expect(view).toContain('thrice_promise_form');
    expect(view).toContain('Jane Doe');
    expect(JSON.stringify((await reply('edit #1 role hiring manager')).args.blocks)).toMatch(
      /Updated #1 Jane Doe \(hiring manager, Acme\): the role is now hiring manager/,
    );
    expect(JSON.stringify((await reply('edit #9')).args.blocks)).toMatch(/#9/);
  });
});
