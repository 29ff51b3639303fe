import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
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
const ZONE = 'America/Los_Angeles';
const RECRUITER = "Hi, this is Dana from Stripe, I'll get back to you by Friday";

type Json = Record<string, unknown>;
type Block = { block_id?: string; element?: Json; elements?: Json[] };

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

/** The blocks of an opened view, by block id. */
function viewBlocks(call: SlackCall): Map<string, Block> {
  const view = (typeof call.args.view === 'string' ? JSON.parse(call.args.view) : call.args.view) as Json;
  return new Map(((view.blocks ?? []) as Block[]).map((block, i) => [block.block_id ?? `#${i}`, block]));
}

const local = (at: Date | null | undefined) =>
  at == null ? null : DateTime.fromJSDate(at, { zone: ZONE }).toFormat('ccc yyyy-LL-dd HH:mm');

describeOnDrivers('Slack: Track as a promise and snoozing like /remind, through the real Bolt', (driver) => {
  const slack = new FakeSlack();
  let world: Awaited<ReturnType<typeof openWorld>>;
  let adapter: SlackAdapter;
  let events = '';
  let responses = 0;

  const post = async (payload: unknown) => {
    const response = await postSigned(events, interactionBody(payload), SECRET);
    expect(response.status).toBe(200);
    return response;
  };

  async function command(text: string): Promise<SlackCall> {
    const url = `${slack.url}/response/${++responses}`;
    const from = slack.calls.length;
    await postSigned(events, commandBody({ text, responseUrl: url }), SECRET);
    return callTo(slack, (call) => `${slack.url}/${call.method}` === url, from);
  }

  async function promises() {
    const member = await world.inbound.memberFor({
      workspace: { platform: 'slack', externalId: 'T1', name: null },
      user: { externalId: 'U1', displayName: 'Alice Smith' },
      canManageWorkspace: false,
    });
    return world.store.listPromises({ workspaceId: member.workspaceId, memberId: member.id });
  }

  /** Picks `choice` in the snooze menu of the only promise of a `list` reply; returns the response. */
  async function snoozeMenu(choice: string) {
    const list = await command('list');
    const blocks = list.args.blocks as Block[];
    const menu = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'thrice_snooze');
    const option = ((menu?.options ?? []) as { value: string }[]).find((o) => o.value.endsWith(`|${choice}`));
    expect(option).toBeDefined();
    const url = `${slack.url}/response/${++responses}`;
    const from = slack.calls.length;
    await post({
      type: 'block_actions',
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'U1', name: 'alice', team_id: 'T1' },
      api_app_id: 'A1',
      trigger_id: `trig-snooze-${responses}`,
      response_url: url,
      container: {
        type: 'message',
        message_ts: `1700000${responses}.000100`,
        channel_id: 'D1',
        is_ephemeral: true,
      },
      message: { ts: `1700000${responses}.000100`, blocks },
      actions: [
        { type: 'static_select', action_id: 'thrice_snooze', selected_option: option, action_ts: '1' },
      ],
    });
    return { url, from };
  }

  /** A submission of the snooze form; `metadata` is what the opened form carried (default: a bare promise id). */
  function snoozeSubmission(promiseId: string, date: string, time: string | null, metadata = promiseId) {
    return {
      type: 'view_submission',
      api_app_id: 'A1',
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'U1', username: 'alice', team_id: 'T1' },
      trigger_id: `trig-pick-${++responses}`,
      view: {
        id: 'VSNOOZE',
        team_id: 'T1',
        type: 'modal',
        callback_id: 'thrice_snooze_form',
        private_metadata: metadata,
        state: {
          values: {
            snooze_date: { date: { type: 'datepicker', selected_date: date } },
            snooze_time: { time: { type: 'timepicker', selected_time: time } },
          },
        },
        hash: '1700000000.snz',
        app_id: 'A1',
        bot_id: 'B1',
      },
      response_urls: [],
    };
  }

  beforeAll(async () => {
    await slack.start();
    slack.users.set('U1', { tz: ZONE, real_name: 'Alice Smith' });
    world = await openWorld({ driver, now: new Date().toISOString() });
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
    // Tuesday 1 Dec 2026, 09:00 in Los Angeles.
    world.clock.set(DateTime.fromISO('2026-12-01T09:00', { zone: ZONE }).toJSDate());
  });

  it('the message shortcut opens the add form filled in from a recruiter’s message', async () => {
    const from = slack.calls.length;
    await post({
      type: 'message_action',
      callback_id: 'track_promise',
      trigger_id: 'trig-track',
      response_url: `${slack.url}/response/track`,
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'U1', name: 'alice', team_id: 'T1' },
      channel: { id: 'C1', name: 'jobs' },
      message: { type: 'message', user: 'URECRUITER', ts: '1700000000.000200', text: RECRUITER },
      message_ts: '1700000000.000200',
      action_ts: '1700000000.3',
      api_app_id: 'A1',
      token: 'legacy',
    });
    const opened = await callTo(slack, (call) => call.method === 'views.open', from);
    expect(opened.args.trigger_id).toBe('trig-track');
    const blocks = viewBlocks(opened);
    const initial = (id: string) => blocks.get(id)?.element?.initial_value;
    expect([initial('who'), initial('company'), initial('when'), initial('what'), initial('note')]).toEqual([
      'Dana',
      'Stripe',
      'by Friday',
      'get back to me',
      undefined,
    ]);
    // Every prefilled value fits its input, or Slack would refuse the view.
    for (const block of blocks.values()) {
      const { initial_value: value, max_length: max } = (block.element ?? {}) as Json;
      if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(Number(max));
    }
  });

  it('a long message that the grammar cannot read goes in the note, cut to the note’s limit', async () => {
    const from = slack.calls.length;
    const text = `Thanks &amp; regards — ${'we were impressed by your portfolio. '.repeat(40)}`;
    await post({
      type: 'message_action',
      callback_id: 'track_promise',
      trigger_id: 'trig-long',
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'U1', name: 'alice', team_id: 'T1' },
      channel: { id: 'C1', name: 'jobs' },
      message: { type: 'message', user: 'URECRUITER', ts: '1700000000.000300', text },
      api_app_id: 'A1',
    });
    const blocks = viewBlocks(await callTo(slack, (call) => call.method === 'views.open', from));
    expect(blocks.get('who')?.element?.initial_value).toBeUndefined();
    const note = String(blocks.get('note')?.element?.initial_value);
    expect(note.startsWith('Thanks & regards — we were impressed')).toBe(true);
    expect([...note].length).toBe(DEFAULT_LIMITS.maxNoteLength);
  });

  it('each snooze choice moves the nudge to the right moment in the member’s zone', async () => {
    await command('Jane Doe will call me back by 10am');
    // Wednesday 2 Dec, 10:00: yesterday's nudge is overdue.
    world.clock.set(DateTime.fromISO('2026-12-02T10:00', { zone: ZONE }).toJSDate());
    const expected: Record<string, string> = {
      '1h': 'Wed 2026-12-02 11:00',
      '3h': 'Wed 2026-12-02 13:00',
      tomorrow: 'Thu 2026-12-03 09:00',
      next_week: 'Mon 2026-12-07 09:00',
    };
    for (const [choice, at] of Object.entries(expected)) {
      const { url, from } = await snoozeMenu(choice);
      const response = await callTo(slack, (call) => `${slack.url}/${call.method}` === url, from);
      expect(JSON.stringify(response.args.blocks)).toMatch(/Snoozed #1 Jane Doe/);
      const [promise] = await promises();
      expect([choice, local(promise?.snoozedUntil), local(promise?.nextNudgeAt)]).toEqual([choice, at, at]);
    }
  });

  it('Pick a date… opens a date and time picker at tomorrow’s digest time; the picked moment is the snooze, answered where it was picked', async () => {
    await command('Jane Doe will call me back by 10am');
    const [promise] = await promises();
    const from = slack.calls.length;
    await snoozeMenu('pick');
    const opened = await callTo(slack, (call) => call.method === 'views.open', from);
    const blocks = viewBlocks(opened);
    expect(blocks.get('snooze_date')?.element?.type).toBe('datepicker');
    expect(blocks.get('snooze_time')?.element?.type).toBe('timepicker');
    // Tuesday 09:00 in Los Angeles: tomorrow at the default digest time, in the member's zone.
    expect(blocks.get('snooze_date')?.element?.initial_date).toBe('2026-12-02');
    expect(blocks.get('snooze_time')?.element?.initial_time).toBe('09:00');
    expect(blocks.get('snooze_time')?.element?.timezone).toBe(ZONE);
    const metadata = String((opened.args.view as Json).private_metadata);

    const before = slack.calls.length;
    const response = await post(snoozeSubmission(String(promise?.id), '2026-12-10', '14:30', metadata));
    expect(await response.text()).toBe('');
    // Picked from a message in the DM channel D1: the answer goes there, privately.
    const answer = await callTo(slack, (call) => call.method === 'chat.postEphemeral', before);
    expect([answer.args.channel, answer.args.user]).toEqual(['D1', 'U1']);
    expect(JSON.stringify(answer.args.blocks)).toMatch(/Snoozed #1 Jane Doe/);
    const [snoozed] = await promises();
    expect(local(snoozed?.snoozedUntil)).toBe('Thu 2026-12-10 14:30');
    expect(local(snoozed?.nextNudgeAt)).toBe('Thu 2026-12-10 14:30');
    // A day without a time comes back at the start of the member's work day; a form that names
    // no channel (opened before forms carried one) is answered by DM.
    const dm = slack.calls.length;
    await post(snoozeSubmission(String(promise?.id), '2026-12-11', null));
    await callTo(slack, (call) => call.method === 'chat.postMessage' && call.args.channel === 'U1', dm);
    expect(local((await promises())[0]?.snoozedUntil)).toBe('Fri 2026-12-11 09:00');
  });

  it('a picked day that is no day is refused beside the date before anything is read; one that has passed is answered after, and changes nothing', async () => {
    await command('Jane Doe will call me back by 10am');
    const [promise] = await promises();
    for (const [date, time, message] of [
      ['2026-02-30', null, /not a date/],
      ['next-ish', null, /Pick a date/],
      ['', null, /Pick a date/],
    ] as const) {
      const response = await post(snoozeSubmission(String(promise?.id), date, time));
      const body = (await response.json()) as { response_action: string; errors: Record<string, string> };
      expect(body.response_action).toBe('errors');
      expect(Object.keys(body.errors)).toEqual(['snooze_date']);
      expect(body.errors.snooze_date).toMatch(message);
    }
    for (const [date, time] of [
      ['2026-11-30', '10:00'],
      ['2026-12-01', '08:00'],
    ] as const) {
      const before = slack.calls.length;
      const response = await post(snoozeSubmission(String(promise?.id), date, time));
      expect(await response.text()).toBe('');
      const dm = await callTo(slack, (call) => call.method === 'chat.postMessage', before);
      expect(JSON.stringify(dm.args.blocks)).toMatch(/already passed/);
    }
    const [after] = await promises();
    expect(after?.snoozedUntil).toBeNull();
    expect(after?.nextNudgeAt?.getTime()).toBe(promise?.nextNudgeAt?.getTime());
  });
});
