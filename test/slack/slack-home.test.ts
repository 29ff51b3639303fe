import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { createInbound, type InboundService } from '../../src/app/inbound.ts';
import { DEFAULT_LIMITS } from '../../src/core/limits.ts';
import type { Actor } from '../../src/core/ports/inbound.ts';
import { resetDatabase } from '../support/database.ts';
import {
  appHomeOpenedBody,
  blockActionsPayload,
  commandBody,
  FakeSlack,
  interactionBody,
  postSigned,
  type SlackCall,
} from '../support/fake-slack.ts';
import { describeOnDrivers, openWorld, testLog } from '../support/world.ts';

const SECRET = 'test-signing-secret';
const ZONE = 'America/Los_Angeles';

type Json = Record<string, unknown>;
type Block = { type: string; block_id?: string; text?: Json; elements?: Json[]; accessory?: Json };
interface HomeView {
  type: string;
  private_metadata?: string;
  blocks: Block[];
}

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

const FIRST = ['Ann', 'Ben', 'Cara', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jo'];
const LAST = ['Abbott', 'Baker', 'Carter', 'Dalton', 'Ellis', 'Foster', 'Grant', 'Hayes'];

describeOnDrivers('Slack App Home as the member’s dashboard, through the real Bolt', (driver) => {
  const slack = new FakeSlack();
  let world: Awaited<ReturnType<typeof openWorld>>;
  let inbound: InboundService;
  let adapter: SlackAdapter;
  let events = '';

  const actorOf = (user: string): Actor => ({
    workspace: { platform: 'slack', externalId: 'T1', name: null },
    user: { externalId: user, displayName: user },
    timeZone: ZONE,
    canManageWorkspace: false,
  });

  async function post(payload: unknown): Promise<Response> {
    const response = await postSigned(events, interactionBody(payload), SECRET);
    expect(response.status).toBe(200);
    return response;
  }

  /** Opens the Home tab as `user` and returns the view Thrice published. */
  async function openHome(user = 'U1'): Promise<HomeView> {
    const from = slack.calls.length;
    const response = await postSigned(events, appHomeOpenedBody({ user }), SECRET, {
      contentType: 'application/json',
    });
    expect(response.status).toBe(200);
    return published(from, user);
  }

  async function published(from: number, user = 'U1'): Promise<HomeView> {
    const call = await callTo(slack, (c) => c.method === 'views.publish' && c.args.user_id === user, from);
    const view = call.args.view as HomeView;
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    // Slack refuses a view whose block ids repeat.
    const ids = view.blocks.flatMap((b) => (b.block_id === undefined ? [] : [b.block_id]));
    expect(new Set(ids).size).toBe(ids.length);
    return view;
  }

  /** Presses a Home control (or a promise's button) as Slack sends it from the Home tab. */
  async function press(view: HomeView, action: Json, user = 'U1'): Promise<HomeView> {
    const from = slack.calls.length;
    await post(
      blockActionsPayload({
        shape: 'app_home',
        user,
        action,
        blocks: view.blocks,
        viewMetadata: view.private_metadata ?? '',
        // Slack gives every publish a new hash.
        viewHash: `h${from}`,
      }),
    );
    return published(from, user);
  }

  function element(view: HomeView, actionId: string): Json | undefined {
    return view.blocks
      .flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])])
      .find((e) => e.action_id === actionId);
  }

  async function settings(user = 'U1') {
    return (await inbound.memberFor(actorOf(user))).settings;
  }

  async function promisesOf(user = 'U1') {
    const member = await inbound.memberFor(actorOf(user));
    return world.store.listPromises(
      { workspaceId: member.workspaceId, memberId: member.id },
      { includeClosed: true },
    );
  }

  async function add(text: string, user = 'U1') {
    const reply = await inbound.handle({ actor: actorOf(user), input: { kind: 'text', text } });
    expect(reply?.message.kind).toBe('confirmation');
  }

  beforeAll(async () => {
    await slack.start();
    for (const user of ['U1', 'U2']) slack.users.set(user, { tz: ZONE, real_name: user });
    world = await openWorld({ driver, now: new Date().toISOString() });
    inbound = createInbound({
      store: world.store,
      clock: world.clock,
      log: testLog,
      limits: { ...DEFAULT_LIMITS, commandsPerMinute: 10_000 },
    });
    adapter = createSlackAdapter({
      config: { mode: 'single', signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: slack.apiUrl },
      inbound,
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
    // Tuesday 1 Dec 2026, 08:00 in Los Angeles.
    world.clock.set(DateTime.fromISO('2026-12-01T08:00', { zone: ZONE }).toJSDate());
  });

  it('opening Home publishes the member’s own promises, stats and settings as controls — never another member’s', async () => {
    await add('Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    await add('Bob Stone at Globex asked for a week');
    await add('Zed Secret (Hooli) will email me tomorrow', 'U2');
    const view = await openHome();
    const text = JSON.stringify(view.blocks);
    expect(text).toMatch(/#1 Jane Doe \(recruiter, Acme\) promised to call you back/);
    expect(text).toMatch(/#2 Bob Stone/);
    expect(text).not.toMatch(/Zed|Secret|Hooli/);
    // Titles are header blocks; the add button, the stats and every promise's buttons are there.
    const headers = view.blocks.filter((b) => b.type === 'header').map((b) => b.text?.text);
    expect(headers).toEqual(
      expect.arrayContaining(['Your settings', 'Your follow-up stats', 'Open promises (2)']),
    );
    expect(element(view, 'home_add')?.text).toMatchObject({ text: 'Add a promise' });
    expect(text).toMatch(/This week: 0 follow-ups/);
    const [jane] = (await promisesOf()).filter((p) => p.contact.name === 'Jane Doe');
    const buttons = view.blocks.find((b) => b.block_id === `thrice_actions:${jane?.id}`)?.elements;
    expect(buttons?.map((e) => e.action_id)).toEqual([
      'thrice_followed',
      'thrice_heard',
      'thrice_snooze',
      'thrice_edit',
      'thrice_close',
    ]);
    // The settings start at the member's values.
    expect(element(view, 'home_tz')?.initial_option).toMatchObject({ value: ZONE });
    expect(element(view, 'home_digest')).toMatchObject({ type: 'timepicker', initial_time: '09:00' });
    expect(((element(view, 'home_workdays')?.initial_options ?? []) as Json[]).map((o) => o.value)).toEqual([
      'mon',
      'tue',
      'wed',
      'thu',
      'fri',
    ]);
    expect(element(view, 'home_share')?.initial_options).toBeUndefined();

    // U2's Home holds only U2's promise.
    const other = JSON.stringify((await openHome('U2')).blocks);
    expect(other).toMatch(/Zed Secret/);
    expect(other).not.toMatch(/Jane Doe|Bob Stone/);
  });

  it('a promise’s button pressed in Home changes it and publishes Home again, saying what happened', async () => {
    await add('Jane Doe will call me back by Monday');
    const [jane] = await promisesOf();
    const view = await openHome();
    const after = await press(view, { type: 'button', action_id: 'thrice_followed', value: jane?.id });
    const [logged] = await promisesOf();
    expect(logged?.followUps).toHaveLength(1);
    expect(JSON.stringify(after.blocks)).toMatch(/✓ Logged follow-up 1 of 3 with Jane Doe/);
    // Close from the menu: gone from the list, counted in the stats.
    const close = ((element(after, 'thrice_close')?.options ?? []) as Json[]).find((o) =>
      String(o.value).endsWith('|offer'),
    );
    const closed = await press(after, {
      type: 'static_select',
      action_id: 'thrice_close',
      selected_option: close,
    });
    expect((await promisesOf())[0]?.outcome).toBe('offer');
    expect(JSON.stringify(closed.blocks)).not.toMatch(/#1 Jane Doe promised/);
    expect(JSON.stringify(closed.blocks)).toMatch(/No open promises/);
  });

  it('a button on another member’s promise, forged into a Home press, changes nothing and shows nothing of it', async () => {
    await add('Zed Secret (Hooli) will email me tomorrow', 'U2');
    const [theirs] = await promisesOf('U2');
    const view = await openHome();
    const after = await press(view, { type: 'button', action_id: 'thrice_heard', value: theirs?.id });
    expect((await promisesOf('U2'))[0]?.outcome).toBeNull();
    expect(JSON.stringify(after.blocks)).not.toMatch(/Zed|Hooli/);
    expect(JSON.stringify(after.blocks)).toMatch(/no longer there/);
  });

  it('each settings control saves through the settings command and publishes Home again', async () => {
    let view = await openHome();
    view = await press(view, {
      type: 'static_select',
      action_id: 'home_tz',
      selected_option: { text: { type: 'plain_text', text: 'Europe/Berlin' }, value: 'Europe/Berlin' },
    });
    expect((await settings()).timeZone).toBe('Europe/Berlin');
    expect((await settings()).timeZoneConfirmed).toBe(true);
    expect(element(view, 'home_tz')?.initial_option).toMatchObject({ value: 'Europe/Berlin' });
    expect(JSON.stringify(view.blocks)).toMatch(/✓ Settings saved/);

    view = await press(view, { type: 'timepicker', action_id: 'home_digest', selected_time: '07:30' });
    expect((await settings()).digestTime).toEqual({ hour: 7, minute: 30 });
    expect(element(view, 'home_digest')?.initial_time).toBe('07:30');

    view = await press(view, { type: 'button', action_id: 'home_digest_off', value: 'off' });
    expect((await settings()).digestTime).toBeNull();
    expect(element(view, 'home_digest')?.initial_time).toBeUndefined();
    expect(element(view, 'home_digest_off')).toBeUndefined();

    const days = (values: string[]) =>
      values.map((value) => ({ text: { type: 'plain_text', text: value }, value }));
    view = await press(view, {
      type: 'checkboxes',
      action_id: 'home_workdays',
      selected_options: days(['mon', 'wed', 'sat']),
    });
    expect((await settings()).workDays).toEqual([1, 3, 6]);
    // No day at all is refused, and the days stay as they were.
    view = await press(view, { type: 'checkboxes', action_id: 'home_workdays', selected_options: [] });
    expect((await settings()).workDays).toEqual([1, 3, 6]);
    expect(JSON.stringify(view.blocks)).toMatch(/⚠️/);

    view = await press(view, {
      type: 'checkboxes',
      action_id: 'home_share',
      selected_options: days(['on']),
    });
    expect((await settings()).share).toBe(true);
    expect(element(view, 'home_share')?.initial_options).toHaveLength(1);
    view = await press(view, { type: 'checkboxes', action_id: 'home_share', selected_options: [] });
    expect((await settings()).share).toBe(false);
  });

  it('80 promises are paged: no published view passes 100 blocks, Next and Previous walk every promise once', async () => {
    for (let i = 0; i < 80; i++)
      await add(
        `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length)]} will call me back in ${1 + (i % 20)} days`,
      );
    let view = await openHome();
    const seen: string[] = [];
    const refsOn = (v: HomeView) =>
      [...JSON.stringify(v.blocks).matchAll(/"text":"#(\d+) /g)].map((m) => String(m[1]));
    let pages = 1;
    seen.push(...refsOn(view));
    expect(element(view, 'home_page_previous')).toBeUndefined();
    while (element(view, 'home_page_next') !== undefined) {
      const next = element(view, 'home_page_next');
      view = await press(view, { type: 'button', action_id: 'home_page_next', value: next?.value });
      pages += 1;
      seen.push(...refsOn(view));
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBeGreaterThan(1);
    expect(JSON.stringify(view.blocks)).toMatch(new RegExp(`Page ${pages} of ${pages}`));
    expect(new Set(seen).size).toBe(80);
    expect(seen).toHaveLength(80);
    // Previous goes back a page; a press on a promise keeps the member on the page they were on.
    const back = await press(view, {
      type: 'button',
      action_id: 'home_page_previous',
      value: element(view, 'home_page_previous')?.value,
    });
    expect(JSON.stringify(back.blocks)).toMatch(new RegExp(`Page ${pages - 1} of ${pages}`));
    const first = refsOn(back)[0];
    const target = (await promisesOf()).find((p) => String(p.ref) === first);
    const pressed = await press(back, { type: 'button', action_id: 'thrice_followed', value: target?.id });
    expect(JSON.stringify(pressed.blocks)).toMatch(new RegExp(`Page ${pages - 1} of ${pages}`));
  });

  it('Add a promise opens the add form; saving it publishes Home with the promise and its Undo on top', async () => {
    const view = await openHome();
    const from = slack.calls.length;
    await post(
      blockActionsPayload({
        shape: 'app_home',
        action: { type: 'button', action_id: 'home_add', value: 'add' },
        blocks: view.blocks,
        viewMetadata: view.private_metadata ?? '',
        triggerId: 'trig-home-add',
      }),
    );
    const opened = await callTo(slack, (c) => c.method === 'views.open', from);
    expect(opened.args.trigger_id).toBe('trig-home-add');
    const form = opened.args.view as { callback_id: string; private_metadata?: string };
    expect(form.callback_id).toBe('thrice_promise_form');
    const value = (v: string) => ({ type: 'plain_text_input', value: v });
    const before = slack.calls.length;
    const response = await post({
      type: 'view_submission',
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'U1', name: 'u1', team_id: 'T1' },
      api_app_id: 'A1',
      trigger_id: 'trig-home-save',
      view: {
        id: 'VADD',
        type: 'modal',
        callback_id: 'thrice_promise_form',
        private_metadata: form.private_metadata,
        state: {
          values: {
            who: { who: value('Priya Nair') },
            role: { role: { type: 'static_select', selected_option: null } },
            company: { company: value('Initech') },
            what: { what: value('email me the offer') },
            when: { when: value('Friday') },
            note: { note: value('') },
          },
        },
      },
    });
    expect(await response.text()).toBe('');
    const home = await published(before);
    const text = JSON.stringify(home.blocks);
    expect(text).toMatch(/Priya Nair \(Initech\) promised to email you the offer/);
    expect(element(home, 'thrice_undo')).toBeDefined();
    // Answered in Home only: no DM or ephemeral message, but the first command's welcome.
    expect(
      slack.calls
        .slice(before)
        .filter((c) => ['chat.postMessage', 'chat.postEphemeral'].includes(c.method))
        .filter((c) => !String(c.args.text).startsWith('Welcome to Thrice')),
    ).toEqual([]);
    // Undo from Home takes it away again.
    const undone = await press(home, {
      type: 'button',
      action_id: 'thrice_undo',
      value: element(home, 'thrice_undo')?.value,
    });
    expect(await promisesOf()).toEqual([]);
    expect(JSON.stringify(undone.blocks)).toMatch(/Undone/);
  });

  it('Edit in Home opens the form filled in; saving it replaces the promise and publishes Home again', async () => {
    await add('Jane Doe will call me back by Monday');
    const view = await openHome();
    const from = slack.calls.length;
    const [jane] = await promisesOf();
    await post(
      blockActionsPayload({
        shape: 'app_home',
        action: { type: 'button', action_id: 'thrice_edit', value: jane?.id },
        blocks: view.blocks,
        viewMetadata: view.private_metadata ?? '',
      }),
    );
    const opened = await callTo(slack, (c) => c.method === 'views.open', from);
    const form = opened.args.view as { private_metadata?: string };
    expect(JSON.parse(form.private_metadata ?? '')).toEqual({ promise: jane?.id, homePage: 0 });
    const value = (v: string) => ({ type: 'plain_text_input', value: v });
    const before = slack.calls.length;
    await post({
      type: 'view_submission',
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'U1', name: 'u1', team_id: 'T1' },
      api_app_id: 'A1',
      trigger_id: 'trig-home-edit',
      view: {
        id: 'VEDIT',
        type: 'modal',
        callback_id: 'thrice_promise_form',
        private_metadata: form.private_metadata,
        state: {
          values: {
            who: { who: value('Jane Doe') },
            role: { role: { type: 'static_select', selected_option: null } },
            company: { company: value('Acme') },
            what: { what: value('call me back') },
            when: { when: value('Thursday') },
            note: { note: value('') },
          },
        },
      },
    });
    const home = await published(before);
    const open = (await promisesOf()).filter((p) => p.outcome === null);
    expect(open.map((p) => p.contact.company)).toEqual(['Acme']);
    expect(JSON.stringify(home.blocks)).toMatch(/Jane Doe \(Acme\) promised to call you back/);
  });

  it('Edit on a plain DM message (not ephemeral) updates that message by its ts after saving', async () => {
    const responses = `${slack.url}/response/edit-dm`;
    const from = slack.calls.length;
    await postSigned(
      events,
      commandBody({ text: 'Jane Doe will call me back tomorrow', responseUrl: responses }),
      SECRET,
    );
    const added = await callTo(slack, (c) => `${slack.url}/${c.method}` === responses, from);
    const blocks = added.args.blocks as Block[];
    const edit = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'thrice_edit');
    const clicked = slack.calls.length;
    await post(
      blockActionsPayload({
        action: { type: 'button', action_id: 'thrice_edit', value: edit?.value },
        blocks,
        messageTs: '1700000555.000100',
        responseUrl: `${slack.url}/response/edit-dm-2`,
      }),
    );
    const opened = await callTo(slack, (c) => c.method === 'views.open', clicked);
    const form = opened.args.view as { private_metadata?: string };
    expect(JSON.parse(form.private_metadata ?? '')).toMatchObject({
      channel: 'D1',
      messageTs: '1700000555.000100',
    });
    const value = (v: string) => ({ type: 'plain_text_input', value: v });
    await post({
      type: 'view_submission',
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'U1', name: 'u1', team_id: 'T1' },
      api_app_id: 'A1',
      trigger_id: 'trig-dm-edit',
      view: {
        id: 'VEDIT2',
        type: 'modal',
        callback_id: 'thrice_promise_form',
        private_metadata: form.private_metadata,
        state: {
          values: {
            who: { who: value('Jane Doe') },
            role: { role: { type: 'static_select', selected_option: null } },
            company: { company: value('Globex') },
            what: { what: value('call me back') },
            when: { when: value('next Friday') },
            note: { note: value('') },
          },
        },
      },
    });
    const updated = await callTo(slack, (c) => c.method === 'chat.update', clicked);
    expect([updated.args.channel, updated.args.ts]).toEqual(['D1', '1700000555.000100']);
    expect(JSON.stringify(updated.args.blocks)).toMatch(/Jane Doe \(Globex\)/);
    expect(slack.calls.slice(clicked).some((c) => c.method.startsWith('response/edit-dm-2'))).toBe(false);
  });

  it('an Edit whose old message can no longer be replaced (its response_url expired) is answered privately in its channel instead', async () => {
    await add('Jane Doe will call me back tomorrow');
    const [jane] = await promisesOf();
    const expired = `${slack.url}/response/expired-edit`;
    slack.failNext('response/expired-edit', { status: 404, body: { ok: false, error: 'expired_url' } });
    const from = slack.calls.length;
    await post(
      blockActionsPayload({
        shape: 'ephemeral',
        action: { type: 'button', action_id: 'thrice_edit', value: jane?.id },
        responseUrl: expired,
      }),
    );
    const opened = await callTo(slack, (c) => c.method === 'views.open', from);
    const form = opened.args.view as { private_metadata?: string };
    expect(JSON.parse(form.private_metadata ?? '')).toEqual({
      promise: jane?.id,
      channel: 'D1',
      responseUrl: expired,
    });
    const value = (v: string) => ({ type: 'plain_text_input', value: v });
    await post({
      type: 'view_submission',
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'U1', name: 'u1', team_id: 'T1' },
      api_app_id: 'A1',
      trigger_id: 'trig-expired-edit',
      view: {
        id: 'VEDIT3',
        type: 'modal',
        callback_id: 'thrice_promise_form',
        private_metadata: form.private_metadata,
        state: {
          values: {
            who: { who: value('Jane Doe') },
            role: { role: { type: 'static_select', selected_option: null } },
            company: { company: value('Initech') },
            what: { what: value('call me back') },
            when: { when: value('Friday') },
            note: { note: value('') },
          },
        },
      },
    });
    const answer = await callTo(slack, (c) => c.method === 'chat.postEphemeral', from);
    expect([answer.args.channel, answer.args.user]).toEqual(['D1', 'U1']);
    expect(JSON.stringify(answer.args.blocks)).toMatch(/Jane Doe \(Initech\)/);
    expect(slack.calls.slice(from).filter((c) => c.method === 'response/expired-edit')).toHaveLength(1);
  });

  it('a form is acknowledged before anything is read: its answer waits on the member lookup, the acknowledgement does not', async () => {
    // A member Thrice has not met: their Slack profile is looked up after the acknowledgement.
    slack.users.set('U9', { tz: ZONE, real_name: 'Nina' });
    slack.delays.set('users.info', 3_000);
    try {
      const from = slack.calls.length;
      const value = (v: string) => ({ type: 'plain_text_input', value: v });
      const response = await post({
        type: 'view_submission',
        team: { id: 'T1', domain: 'acme' },
        user: { id: 'U9', name: 'nina', team_id: 'T1' },
        api_app_id: 'A1',
        trigger_id: 'trig-ack-first',
        view: {
          id: 'VACK',
          type: 'modal',
          callback_id: 'thrice_promise_form',
          private_metadata: JSON.stringify({ channel: 'C5', thread: '1700000900.000100' }),
          state: {
            values: {
              who: { who: value('Omar Reyes') },
              role: { role: { type: 'static_select', selected_option: null } },
              company: { company: value('Tyrell') },
              what: { what: value('send the contract') },
              when: { when: value('Friday') },
              note: { note: value('') },
            },
          },
        },
      });
      expect(await response.text()).toBe('');
      // Acknowledged, then the lookup asked and still unanswered: nothing is saved yet.
      await callTo(slack, (c) => c.method === 'users.info' && c.args.user === 'U9', from);
      expect(await promisesOf('U9')).toEqual([]);
      // The answer follows, privately in the thread the form was opened from.
      const answer = await callTo(slack, (c) => c.method === 'chat.postEphemeral', from);
      expect([answer.args.channel, answer.args.thread_ts, answer.args.user]).toEqual([
        'C5',
        '1700000900.000100',
        'U9',
      ]);
      expect((await promisesOf('U9')).map((p) => p.contact.name)).toEqual(['Omar Reyes']);
    } finally {
      slack.delays.delete('users.info');
    }
  });
});
