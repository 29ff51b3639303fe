import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { createInbound } from '../../src/app/inbound.ts';
import { DEFAULT_LIMITS } from '../../src/core/limits.ts';
import { planTick } from '../../src/scheduler/planner.ts';
import { drainOutbox } from '../../src/scheduler/sender.ts';
import { resetDatabase } from '../support/database.ts';
import {
  commandBody,
  FakeSlack,
  interactionBody,
  postSigned,
  type SlackCall,
} from '../support/fake-slack.ts';
import { describeOnDrivers, openWorld, testLog } from '../support/world.ts';

/** The token encryption keys (THRICE_ENCRYPTION_KEY): one random key for this file. */
const KEYS = [randomBytes(32)];

const SECRET = 'test-signing-secret';
type World = Awaited<ReturnType<typeof openWorld>>;

/** Waits until the fake has a call matching `match`, and returns it. */
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

function blocksText(call: SlackCall): string {
  return JSON.stringify(call.args.blocks ?? call.args.view ?? []);
}

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF or LF) as objects keyed by the header. */
function csvRows(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  const [header = [], ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

describeOnDrivers('Slack, end to end through the real Bolt', (driver) => {
  const slack = new FakeSlack();
  let world: World;
  let adapter: SlackAdapter;
  let events = '';
  let responses = 0;

  const responseUrl = () => `${slack.url}/response/${++responses}`;
  const isResponse = (url: string) => (call: SlackCall) => `${slack.url}/${call.method}` === url;

  async function command(
    text: string,
    options: { user?: string; triggerId?: string; retryNum?: number } = {},
  ) {
    const url = responseUrl();
    const from = slack.calls.length;
    const body = commandBody({ text, responseUrl: url, ...options });
    const response = await postSigned(
      events,
      body,
      SECRET,
      options.retryNum === undefined ? {} : { retryNum: options.retryNum },
    );
    expect(response.status).toBe(200);
    return { url, from };
  }

  /** The store scope of a Slack user's member row in team T1. */
  async function scopeOf(user: string) {
    const member = await world.inbound.memberFor({
      workspace: { platform: 'slack', externalId: 'T1', name: null },
      user: { externalId: user, displayName: user },
      canManageWorkspace: false,
    });
    return { workspaceId: member.workspaceId, memberId: member.id };
  }

  async function reply(text: string, user = 'U1'): Promise<SlackCall> {
    const { url, from } = await command(text, { user });
    return callTo(slack, isResponse(url), from);
  }

  beforeAll(async () => {
    await slack.start();
    slack.users.set('U1', { tz: 'America/Los_Angeles', real_name: 'Alice Smith' });
    slack.users.set('UADMIN', { tz: 'Europe/Berlin', is_admin: true });
    slack.users.set('UGB', { tz: 'Europe/London', real_name: 'Gwen Jones', locale: 'en-GB' });
    world = await openWorld({ driver, now: new Date().toISOString() });
    adapter = createSlackAdapter({
      config: { mode: 'single', signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: slack.apiUrl },
      // The suite sends far more than a minute's worth of commands as one member; the limit has its own tests.
      inbound: createInbound({
        store: world.store,
        clock: world.clock,
        log: testLog,
        limits: { ...DEFAULT_LIMITS, commandsPerMinute: 10_000 },
      }),
      installations: new DrizzleInstallationRepository(world.database.db, KEYS),
      log: testLog,
      port: 0,
    });
    const port = await adapter.start();
    events = `http://127.0.0.1:${port}/slack/events`;
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

  it('dates and times follow the user’s Slack language when users.info gives one', async () => {
    const call = await reply('Jane Doe (recruiter, Acme) will call me back by Friday 3pm', 'UGB');
    expect(blocksText(call)).toMatch(/promised to call you back by Fri \d+ \w+, 15:00 GMT/);
  });

  it('/promise add replies privately, reading the date in the user’s Slack time zone', async () => {
    const call = await reply('Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    expect(call.args.response_type).toBe('ephemeral');
    expect(blocksText(call)).toMatch(
      /Jane Doe \(recruiter, Acme\) promised to call you back by Fri \d+ \w+, 3:00 PM P[SD]T/,
    );
    const member = await world.inbound.memberFor({
      workspace: { platform: 'slack', externalId: 'T1', name: null },
      user: { externalId: 'U1', displayName: 'Alice Smith' },
      canManageWorkspace: false,
    });
    const [promise] = await world.store.listPromises({
      workspaceId: member.workspaceId,
      memberId: member.id,
    });
    const local = DateTime.fromJSDate(promise?.due.at ?? new Date(0), { zone: 'America/Los_Angeles' });
    expect([local.weekday, local.hour]).toEqual([5, 15]);
    expect(slack.callsOf('users.info').length).toBeGreaterThan(0);
  });

  it('every subcommand answers; a retried command (X-Slack-Retry-Num) has one effect', async () => {
    const first = await command('Bob at Globex asked for a week', { triggerId: 'trig-same' });
    await callTo(slack, isResponse(first.url), first.from);
    await command('Bob at Globex asked for a week', { triggerId: 'trig-same', retryNum: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const list = await reply('list');
    expect(blocksText(list).match(/Bob \(Globex\)/g)).toHaveLength(1);
    for (const [text, expected] of [
      ['followed bob via email', /Logged follow-up 1 of 3 with Bob/],
      ['snooze bob tomorrow', /Snoozed #1 Bob/],
      ['stats', /This week: 1 follow-up/],
      ['settings', /Time zone: America\/Los_Angeles/],
      ['pause until next week', /Paused until/],
      ['resume', /Welcome back/],
      ['met Ana at Wonka today', /thank-you note/],
      ['export', /Here is everything/],
      ['help', /\/promise list/],
      ['heard bob', /got back to you/],
      ['close #9 offer', /couldn't find an open promise/],
      ['forget-me', /deletes every promise/],
    ] as const) {
      expect(blocksText(await reply(text))).toMatch(expected);
    }
  });

  it('buttons change the store and update the message in place; a double click has one effect', async () => {
    await reply('Jane Doe will call me back by Friday 3pm');
    const list = await reply('list');
    const blocks = list.args.blocks as {
      block_id?: string;
      elements?: { action_id: string; value?: string }[];
    }[];
    const actions = blocks.find((b) => b.block_id?.startsWith('thrice_actions:'));
    const followed = actions?.elements?.find((e) => e.action_id === 'thrice_followed');
    expect(followed?.value).toBeDefined();
    const url = responseUrl();
    const payload = {
      type: 'block_actions',
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'U1', name: 'alice', team_id: 'T1' },
      api_app_id: 'A1',
      trigger_id: 'trig-click',
      response_url: url,
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'D1', is_ephemeral: true },
      message: { ts: '1700000000.000100', blocks },
      actions: [
        {
          type: 'button',
          action_id: 'thrice_followed',
          block_id: actions?.block_id,
          value: followed?.value,
          action_ts: '1',
        },
      ],
    };
    const from = slack.calls.length;
    expect((await postSigned(events, interactionBody(payload), SECRET)).status).toBe(200);
    expect(
      (
        await postSigned(
          events,
          interactionBody({ ...payload, actions: [{ ...payload.actions[0], action_ts: '2' }] }),
          SECRET,
        )
      ).status,
    ).toBe(200);
    const update = await callTo(slack, isResponse(url), from);
    expect(update.args.replace_original).toBe(true);
    const updated = update.args.blocks as {
      type: string;
      block_id?: string;
      elements?: { text?: string }[];
    }[];
    expect(updated.some((b) => b.block_id === actions?.block_id)).toBe(false);
    expect(JSON.stringify(updated)).toMatch(/✓ Logged follow-up 1 of 3 with Jane Doe/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.calls.filter(isResponse(url))).toHaveLength(1);
    expect(blocksText(await reply('list'))).toMatch(/Waiting — I'll nudge you/);
    const stats = await reply('stats');
    expect(blocksText(stats)).toMatch(/All time: 1 follow-up logged/);
  });

  it('snooze, close and heard from the message; Undo removes the promise', async () => {
    const click = async (blocks: unknown[], action: object) => {
      const url = responseUrl();
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
        actions: [{ ...action, action_ts: String(responses) }],
      };
      expect((await postSigned(events, interactionBody(payload), SECRET)).status).toBe(200);
      return blocksText(await callTo(slack, isResponse(url), from));
    };
    const elements = (call: SlackCall) =>
      (
        call.args.blocks as {
          elements?: { action_id: string; value?: string; options?: { value: string }[] }[];
        }[]
      ).flatMap((b) => b.elements ?? []);
    await reply('Jane Doe will call me back by Friday 3pm');
    await reply('Bob Stone will call me back by Friday 3pm');
    const list = await reply('list');
    const blocks = list.args.blocks as unknown[];
    const selects = elements(list).filter((e) => e.options !== undefined);
    const snooze = selects.find((e) => e.action_id === 'thrice_snooze');
    const tomorrow = snooze?.options?.find((o) => o.value.endsWith('|tomorrow'));
    expect(
      await click(blocks, { type: 'static_select', action_id: 'thrice_snooze', selected_option: tomorrow }),
    ).toMatch(/✓ Snoozed #1 Jane Doe/);
    const close = selects.filter((e) => e.action_id === 'thrice_close')[1];
    const offer = close?.options?.find((o) => o.value.endsWith('|offer'));
    expect(
      await click(blocks, { type: 'static_select', action_id: 'thrice_close', selected_option: offer }),
    ).toMatch(/✓ Closed #2 Bob Stone with an offer/);
    const heard = elements(list).find((e) => e.action_id === 'thrice_heard');
    expect(await click(blocks, { type: 'button', action_id: 'thrice_heard', value: heard?.value })).toMatch(
      /✓ Jane Doe got back to you/,
    );
    expect(blocksText(await reply('list'))).toMatch(/No open promises/);

    const added = await reply('Priya will email me tomorrow');
    const undo = elements(added).find((e) => e.action_id === 'thrice_undo');
    expect(
      await click(added.args.blocks as unknown[], {
        type: 'button',
        action_id: 'thrice_undo',
        value: undo?.value,
      }),
    ).toMatch(/Undone/);
    expect(blocksText(await reply('stats'))).toMatch(/All time: 0 follow-ups logged, 1 callback, 1 offer/);
  });

  it('rejects a tampered signature, a stale timestamp and a wrong content type, storing nothing', async () => {
    const body = commandBody({ text: 'Mallory will call me tomorrow', responseUrl: responseUrl() });
    expect((await postSigned(events, body, SECRET, { tamper: true })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await postSigned(events, body, SECRET, { timestamp: stale })).status).toBe(401);
    const wrongType = await postSigned(events, body, SECRET, { contentType: 'application/json' });
    expect(wrongType.status).toBeGreaterThanOrEqual(400);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(blocksText(await reply('list'))).not.toMatch(/Mallory/);
  });

  it('escapes what members type in every message: no <!channel>, no user mention, no link', async () => {
    const nasty = '<!channel> & <@U123> <https://evil.example|click> <!here> @everyone';
    const added = await reply(
      `Tom & Jerry <!channel> <@U123> (recruiter, <!subteam^S1>) will call me back tomorrow -- ${nasty}`,
    );
    const list = await reply('list');
    for (const call of [added, list]) {
      const text = blocksText(call);
      expect(text).not.toMatch(/<!channel>|<!here>|<@U123>|<https:|<!subteam/);
      expect(text).toContain('Tom &amp; Jerry &lt;!channel&gt; &lt;@U123&gt;');
    }
    expect(blocksText(list)).toContain('&lt;!subteam^S1&gt;');
  });

  it('the digest goes out as a DM with the delivery id in metadata; 429 reschedules it; a resumed send is not repeated', async () => {
    await reply('Jane Doe will call me back tomorrow');
    const member = await world.inbound.memberFor({
      workspace: { platform: 'slack', externalId: 'T1', name: null },
      user: { externalId: 'U1', displayName: 'Alice' },
      canManageWorkspace: false,
    });
    await world.outbox.setNextDigestAt(
      { workspaceId: member.workspaceId, memberId: member.id },
      new Date(Date.now() - 60_000),
    );
    const when = new Date();
    const plan = await planTick({ store: world.outbox, now: when, log: testLog });
    expect(plan.digests).toBe(1);
    const ports = new Map([['slack' as const, adapter.delivery]]);
    const clock = { now: () => new Date() };
    slack.failNext('chat.postMessage', {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'retry-after': '7' },
    });
    const limited = await drainOutbox({ store: world.outbox, ports, clock, log: testLog, workerId: 'w1' });
    expect(limited.rateLimited).toBe(1);
    expect(await world.outbox.counts()).toMatchObject({ pending: 1, sent: 0 });

    const later = { now: () => new Date(Date.now() + 8_000) };
    const from = slack.calls.length;
    expect(
      (await drainOutbox({ store: world.outbox, ports, clock: later, log: testLog, workerId: 'w1' })).sent,
    ).toBe(1);
    const posted = await callTo(slack, (c) => c.method === 'chat.postMessage', from);
    expect(posted.args.channel).toBe('DU1');
    expect(posted.token).toBe('xoxb-test');
    const metadata = posted.args.metadata as { event_type: string; event_payload: { delivery_id: string } };
    expect(metadata.event_type).toBe('thrice_delivery');

    // A crash after posting: the same delivery resumed finds itself in the DM history.
    const resumed = await adapter.delivery.send({
      id: metadata.event_payload.delivery_id,
      workspaceId: member.workspaceId,
      memberId: member.id,
      kind: 'digest',
      dedupeKey: 'x',
      target: {
        kind: 'dm',
        platform: 'slack',
        workspaceExternalId: 'T1',
        memberExternalId: 'U1',
        dmChannelId: 'DU1',
      },
      message: { kind: 'digest', sections: [], fallbackText: 'again' },
      attempts: 2,
      resumed: true,
    });
    // The 429 and the one real post; each test's new member also got a welcome DM.
    const posts = slack
      .callsOf('chat.postMessage')
      .filter((call) => !String(call.args.text).startsWith('Welcome to Thrice'));
    expect(posts).toHaveLength(2);
    expect(resumed.platformMessageId).toBe(String((slack.history.get('DU1') ?? [])[0]?.ts));
  });

  it('a member who blocked the bot is marked unreachable', async () => {
    slack.failNext('chat.postMessage', { status: 200, body: { ok: false, error: 'user_not_found' } });
    await expect(
      adapter.delivery.send({
        id: 'd1',
        workspaceId: 'w',
        memberId: null,
        kind: 'roundup',
        dedupeKey: 'r',
        target: { kind: 'channel', platform: 'slack', workspaceExternalId: 'T1', channelId: 'C1' },
        message: { kind: 'roundup', sections: [], fallbackText: 'r' },
        attempts: 1,
        resumed: false,
      }),
    ).rejects.toMatchObject({ name: 'RecipientUnreachableError', reason: 'user_gone' });
  });

  it('the accountability channel: a public one is joined, a private one asks for an invite, an archived one changes nothing', async () => {
    slack.channels.set('CPUB', { member: false });
    slack.channels.set('CPRIV', { isPrivate: true, member: false });
    slack.channels.set('CGONE', { archived: true, member: false });
    slack.channels.set('CHIDDEN', { gone: true, member: false });
    const workspace = async () =>
      (await world.store.ensureWorkspace({ platform: 'slack', externalId: 'T1', name: null }))
        .accountabilityChannelId;

    const joined = await reply('channel <#CPUB|job-hunt>', 'UADMIN');
    expect(blocksText(joined)).toMatch(/Done — the weekly accountability roundup will be posted there/);
    expect(slack.callsOf('conversations.join').at(-1)?.args.channel).toBe('CPUB');
    expect(slack.channels.get('CPUB')?.member).toBe(true);
    expect(await workspace()).toBe('CPUB');

    const invite = await reply('channel <#CPRIV|private-circle>', 'UADMIN');
    expect(blocksText(invite)).toMatch(/\/invite @Thrice/);
    expect(await workspace()).toBe('CPRIV');

    // A private channel the bot cannot see answers channel_not_found: an invitation solves it too.
    const hidden = await reply('channel <#CHIDDEN|secret>', 'UADMIN');
    expect(blocksText(hidden)).toMatch(/\/invite @Thrice/);
    expect(await workspace()).toBe('CHIDDEN');

    const archived = await reply('channel <#CGONE|old>', 'UADMIN');
    expect(blocksText(archived)).toMatch(/archived/);
    expect(await workspace()).toBe('CHIDDEN');
  });

  it('a roundup the channel refuses pauses roundups and tells the admin who chose it by DM, once', async () => {
    slack.channels.set('CSHUT', { isPrivate: true, member: false });
    await reply('channel <#CSHUT|private-circle>', 'UADMIN');
    const { id: workspaceId } = await world.store.ensureWorkspace({
      platform: 'slack',
      externalId: 'T1',
      name: null,
    });
    const ports = new Map([['slack' as const, adapter.delivery]]);
    const clock = { now: () => new Date() };
    const tick = async () => {
      await world.outbox.setNextRoundupAt(workspaceId, new Date(Date.now() - 60_000));
      const plan = await planTick({ store: world.outbox, now: new Date(), log: testLog });
      await drainOutbox({ store: world.outbox, ports, clock, log: testLog, workerId: 'w1' });
      return plan;
    };
    const dmsToAdmin = () =>
      slack
        .callsOf('chat.postMessage')
        .filter((c) => c.args.channel === 'DUADMIN' && !String(c.args.text).startsWith('Welcome to Thrice'));

    expect((await tick()).roundups).toBe(1);
    expect(dmsToAdmin()).toHaveLength(0);
    // The notice is sent by the next pass (a minute later in production); no roundup is planned then.
    expect((await tick()).roundups).toBe(0);
    expect(dmsToAdmin()).toHaveLength(1);
    expect(blocksText(dmsToAdmin()[0] as SlackCall)).toMatch(
      /couldn’t post the accountability roundup.*\/invite @Thrice.*\/promise channel #job-hunt/,
    );
    expect(await world.outbox.reachability()).toEqual({ unreachableMembers: 0, unpostableChannels: 1 });

    // Paused: the next due moment plans no roundup, and the admin is not told again.
    expect((await tick()).roundups).toBe(0);
    expect(dmsToAdmin()).toHaveLength(1);

    // Invited and set again: the next roundup moment is scheduled, and posted when it comes.
    slack.channels.set('CSHUT', { isPrivate: true, member: true });
    await reply('channel <#CSHUT|private-circle>', 'UADMIN');
    expect(await world.outbox.reachability()).toEqual({ unreachableMembers: 0, unpostableChannels: 0 });
    expect((await planTick({ store: world.outbox, now: new Date(), log: testLog })).roundups).toBe(0);
    const nextWeek = new Date(Date.now() + 8 * 24 * 3_600_000);
    const posts = slack.callsOf('chat.postMessage').length;
    expect((await planTick({ store: world.outbox, now: nextWeek, log: testLog })).roundups).toBe(1);
    await drainOutbox({
      store: world.outbox,
      ports,
      clock: { now: () => nextWeek },
      log: testLog,
      workerId: 'w1',
    });
    expect(
      slack
        .callsOf('chat.postMessage')
        .slice(posts)
        .map((c) => c.args.channel),
    ).toEqual(['CSHUT']);
  });

  it('a digest Slack refuses to DM (cannot_dm_bot) is said with the member’s next command, once, with the fix', async () => {
    // Adding the promise also sends the welcome DM, before the reply: the refusal is the digest's.
    await reply('Jane Doe (recruiter, Acme) will call me back tomorrow');
    const scope = await scopeOf('U1');
    await world.outbox.setNextDigestAt(scope, new Date(Date.now() - 60_000));
    const posts = slack.callsOf('chat.postMessage').length;
    slack.failNext('chat.postMessage', { status: 200, body: { ok: false, error: 'cannot_dm_bot' } });
    const ports = new Map([['slack' as const, adapter.delivery]]);
    expect((await planTick({ store: world.outbox, now: new Date(), log: testLog })).digests).toBe(1);
    const drain = await drainOutbox({
      store: world.outbox,
      ports,
      clock: { now: () => new Date() },
      log: testLog,
      workerId: 'w1',
    });
    expect(drain.dead).toBe(1);
    // Thrice tried the member's DM, and Slack said no.
    expect(slack.callsOf('chat.postMessage').slice(posts)).toHaveLength(1);
    expect(await world.outbox.reachability()).toEqual({ unreachableMembers: 1, unpostableChannels: 0 });

    const told = await reply('list');
    expect(told.args.response_type).toBe('ephemeral');
    expect(blocksText(told)).toMatch(
      /I could not DM you your last digest.*open Thrice's Messages tab.*messages to the app are allowed/,
    );
    expect(blocksText(told)).toMatch(/#1 Jane Doe/);
    const again = await reply('list');
    expect(blocksText(again)).not.toMatch(/could not DM you/);
    expect(blocksText(again)).toMatch(/#1 Jane Doe/);
    expect(await world.outbox.reachability()).toEqual({ unreachableMembers: 0, unpostableChannels: 0 });
  });

  it('a roundup to a public channel the bot was removed from joins it again and posts once', async () => {
    slack.channels.set('CLEFT', { member: false });
    const posts = slack.callsOf('chat.postMessage').length;
    const sent = await adapter.delivery.send({
      id: 'd-left',
      workspaceId: 'w',
      memberId: null,
      kind: 'roundup',
      dedupeKey: 'r-left',
      target: { kind: 'channel', platform: 'slack', workspaceExternalId: 'T1', channelId: 'CLEFT' },
      message: { kind: 'roundup', sections: [], fallbackText: 'r' },
      attempts: 1,
      resumed: false,
    });
    expect(sent.platformMessageId).toBe(String(slack.history.get('CLEFT')?.[0]?.ts));
    expect(slack.callsOf('chat.postMessage').length - posts).toBe(2); // not_in_channel, then the post
    // A private channel it is not in stays unreachable, with the reason.
    slack.channels.set('CSHUT', { isPrivate: true, member: false });
    await expect(
      adapter.delivery.send({
        id: 'd-shut',
        workspaceId: 'w',
        memberId: null,
        kind: 'roundup',
        dedupeKey: 'r-shut',
        target: { kind: 'channel', platform: 'slack', workspaceExternalId: 'T1', channelId: 'CSHUT' },
        message: { kind: 'roundup', sections: [], fallbackText: 'r' },
        attempts: 1,
        resumed: false,
      }),
    ).rejects.toMatchObject({ name: 'RecipientUnreachableError', reason: 'not_in_channel' });
  });

  it('a Slack slower than the request timeout fails the send as retryable instead of hanging', async () => {
    // The production bound is PLATFORM_TIMEOUT_MS; a short one keeps the test quick.
    const impatient = createSlackAdapter({
      config: { mode: 'single', signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: slack.apiUrl },
      inbound: world.inbound,
      installations: new DrizzleInstallationRepository(world.database.db, KEYS),
      log: testLog,
      port: 0,
      timeoutMs: 200,
    });
    slack.delays.set('chat.postMessage', 5_000);
    try {
      const sent = impatient.delivery.send({
        id: 'd-slow',
        workspaceId: 'w',
        memberId: null,
        kind: 'roundup',
        dedupeKey: 'slow',
        target: { kind: 'channel', platform: 'slack', workspaceExternalId: 'T1', channelId: 'C1' },
        message: { kind: 'roundup', sections: [], fallbackText: 'r' },
        attempts: 1,
        resumed: false,
      });
      await expect(sent).rejects.toMatchObject({ name: 'TransientDeliveryError' });
    } finally {
      slack.delays.delete('chat.postMessage');
    }
  });

  it('bare /promise opens the form; submitting it records the promise and answers privately where /promise was typed', async () => {
    const from = slack.calls.length;
    await command('');
    const opened = await callTo(slack, (c) => c.method === 'views.open', from);
    expect(JSON.stringify(opened.args.view)).toContain('thrice_promise_form');
    const metadata = (opened.args.view as { private_metadata?: string }).private_metadata;
    const fields = {
      who: 'Priya',
      role: 'recruiter',
      company: 'Initech',
      what: 'email me the offer',
      when: 'tomorrow',
      note: '',
    };
    const submission = formSubmission(fields, {
      trigger: 'trig-form',
      viewId: 'V1',
      privateMetadata: metadata,
    });
    const response = await postSigned(events, interactionBody(submission), SECRET);
    expect([response.status, await response.text()]).toEqual([200, '']);
    // The command came from channel C0: the confirmation is an ephemeral message there, to alice.
    const answer = await callTo(
      slack,
      (c) => c.method === 'chat.postEphemeral' && blocksText(c).includes('Priya'),
      from,
    );
    expect([answer.args.channel, answer.args.user]).toEqual(['C0', 'U1']);
    expect(blocksText(answer)).toMatch(/Priya \(recruiter, Initech\) promised to email you the offer/);

    // A channel where Thrice cannot post (not a member) falls back to the member's DM.
    slack.channels.set('C0', { member: false });
    try {
      const again = slack.calls.length;
      await command('');
      const reopened = await callTo(slack, (c) => c.method === 'views.open', again);
      const resubmitted = formSubmission(
        { ...fields, who: 'Omar', company: 'Tyrell' },
        {
          trigger: 'trig-form-2',
          viewId: 'V1b',
          privateMetadata: (reopened.args.view as { private_metadata?: string }).private_metadata,
        },
      );
      await postSigned(events, interactionBody(resubmitted), SECRET);
      const dm = await callTo(
        slack,
        (c) => c.method === 'chat.postMessage' && blocksText(c).includes('Omar'),
        again,
      );
      expect(dm.args.channel).toBe('U1');
      expect(slack.calls.slice(again).filter((c) => c.method === 'chat.postEphemeral')).toHaveLength(1);
    } finally {
      slack.channels.delete('C0');
    }
  });

  it('the form is saved field by field: commas in a company and -- in a "what" survive exactly', async () => {
    const submission = formSubmission(
      {
        who: 'Leo Park',
        role: null,
        company: 'Johnson, Smith & Co',
        what: 'send the contract -- signed',
        when: 'tomorrow',
        note: 'ask about (remote) -- and the start date',
      },
      { trigger: 'trig-exact', viewId: 'V9' },
    );
    const from = slack.calls.length;
    const response = await postSigned(events, interactionBody(submission), SECRET);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    // Saved after the form closed: its answer says when.
    await callTo(slack, (c) => c.method === 'chat.postMessage' && blocksText(c).includes('Leo Park'), from);
    const member = await world.inbound.memberFor({
      workspace: { platform: 'slack', externalId: 'T1', name: null },
      user: { externalId: 'U1', displayName: 'Alice Smith' },
      canManageWorkspace: false,
    });
    const [saved] = await world.store.listPromises({ workspaceId: member.workspaceId, memberId: member.id });
    expect(saved?.contact).toEqual({ name: 'Leo Park', role: null, company: 'Johnson, Smith & Co' });
    expect(saved?.what).toBe('send the contract -- signed');
    expect(saved?.note).toBe('ask about (remote) -- and the start date');
  });

  it('a form wrong in any zone is refused beside the field before anything is read; the rest is answered after it closes', async () => {
    const submit = async (who: string, when: string) => {
      const submission = formSubmission(
        { who, role: null, company: '', what: 'call me back', when, note: '' },
        { trigger: `trig-${who}-${when}`, viewId: 'V10' },
      );
      return postSigned(events, interactionBody(submission), SECRET);
    };
    const beside = async (who: string, when: string) =>
      (await (await submit(who, when)).json()) as { response_action: string; errors: Record<string, string> };
    const noName = await beside('!!!', 'tomorrow');
    expect(Object.keys(noName.errors)).toEqual(['who']);
    const noDate = await beside('Priya', '');
    expect(Object.keys(noDate.errors)).toEqual(['when']);
    const unreadable = await beside('Priya', 'whenever the moon is blue');
    expect(Object.keys(unreadable.errors)).toEqual(['when']);
    // How long ago a date was depends on the member's zone, read from the database: said after.
    const from = slack.calls.length;
    const past = await submit('Priya', 'Jan 6 2020');
    expect(await past.text()).toBe('');
    const answer = await callTo(slack, (c) => c.method === 'chat.postMessage', from);
    expect(blocksText(answer)).toMatch(/in the past/);
    expect(await world.store.countOpenPromises(await scopeOf('U1'))).toBe(0);
  });

  it('the form’s inputs carry max_length from the limits; a longer field (a crafted payload) is refused beside it', async () => {
    const from = slack.calls.length;
    await command('');
    const opened = await callTo(slack, (c) => c.method === 'views.open', from);
    const view = opened.args.view as {
      blocks: { block_id: string; element: { type: string; max_length?: number } }[];
    };
    const maxLengths = Object.fromEntries(
      view.blocks
        .filter((b) => b.element.type === 'plain_text_input')
        .map((b) => [b.block_id, b.element.max_length]),
    );
    expect(maxLengths).toEqual({
      who: 80,
      company: 80,
      what: 120,
      when: 100,
      note: 500,
      email: 254,
      phone: 40,
      linkedin: 200,
    });

    const submission = formSubmission(
      {
        who: 'Priya',
        role: null,
        company: 'Initech',
        what: 'email me the offer',
        when: 'tomorrow',
        note: 'n'.repeat(501),
      },
      { trigger: 'trig-long', viewId: 'V3' },
    );
    const response = await postSigned(events, interactionBody(submission), SECRET);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      response_action: 'errors',
      errors: {
        note: 'The note is too long (501 characters); the limit is 500. Please shorten it — nothing was saved.',
      },
    });
    const member = await world.inbound.memberFor({
      workspace: { platform: 'slack', externalId: 'T1', name: null },
      user: { externalId: 'U1', displayName: 'Alice Smith' },
      canManageWorkspace: false,
    });
    expect(
      await world.store.listPromises(
        { workspaceId: member.workspaceId, memberId: member.id },
        { includeClosed: true },
      ),
    ).toEqual([]);
  });

  it('Edit opens the form for that promise; saving it replaces the promise', async () => {
    const added = await reply('Jane Doe will call me back tomorrow');
    const blocks = added.args.blocks as {
      block_id?: string;
      elements?: { action_id: string; value?: string }[];
    }[];
    const edit = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'thrice_edit');
    const from = slack.calls.length;
    const click = {
      type: 'block_actions',
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'U1', name: 'alice', team_id: 'T1' },
      api_app_id: 'A1',
      trigger_id: 'trig-edit',
      response_url: responseUrl(),
      container: { type: 'message', message_ts: '1700000001.000100', channel_id: 'D1', is_ephemeral: true },
      message: { ts: '1700000001.000100', blocks },
      actions: [{ type: 'button', action_id: 'thrice_edit', value: edit?.value, action_ts: '3' }],
    };
    expect((await postSigned(events, interactionBody(click), SECRET)).status).toBe(200);
    const opened = await callTo(slack, (c) => c.method === 'views.open', from);
    const view = opened.args.view as { private_metadata?: string };
    // The form knows the promise it replaces and the message its button was on.
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({
      promise: edit?.value,
      channel: 'D1',
      responseUrl: click.response_url,
    });
    // The form starts from the promise: who and what are filled in, the date is typed again.
    expect(JSON.stringify(opened.args.view)).toContain('"initial_value":"Jane Doe"');
    expect(JSON.stringify(opened.args.view)).toContain('"initial_value":"call me back"');
    const submission = formSubmission(
      { who: 'Jane Doe', role: null, company: 'Acme', what: 'call me back', when: 'in a week', note: '' },
      { trigger: 'trig-edit-save', viewId: 'V2', privateMetadata: view.private_metadata },
    );
    expect((await postSigned(events, interactionBody(submission), SECRET)).status).toBe(200);
    // The ephemeral Undo/Edit message is replaced through its response_url, not left stale.
    const updated = await callTo(slack, isResponse(click.response_url), from);
    expect(updated.args.replace_original).toBe(true);
    expect(blocksText(updated)).toMatch(/Jane Doe \(Acme\)/);
    const fresh = (updated.args.blocks as { elements?: { action_id: string; value?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'thrice_edit');
    expect(fresh?.value).toBeDefined();
    expect(fresh?.value).not.toBe(edit?.value);
    expect(
      slack.calls.slice(from).filter((c) => ['chat.postMessage', 'chat.postEphemeral'].includes(c.method)),
    ).toEqual([]);
    const list = blocksText(await reply('list'));
    expect(list.match(/Jane Doe/g)).toHaveLength(1);
    expect(list).toMatch(/Jane Doe \(Acme\) promised to call you back within a week/);
  });

  it('the Edit form shows the contact details and keeps a typed title when the role is left as it was', async () => {
    const added = await reply(
      'Ann Lee (Engineering Manager, Plaid) ann@plaid.com +1 415 555 0100 will call me back tomorrow',
    );
    const blocks = added.args.blocks as { elements?: { action_id: string; value?: string }[] }[];
    const edit = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'thrice_edit');
    const from = slack.calls.length;
    const click = {
      type: 'block_actions',
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'U1', name: 'alice', team_id: 'T1' },
      api_app_id: 'A1',
      trigger_id: 'trig-edit-details',
      response_url: responseUrl(),
      container: { type: 'message', message_ts: '1700000002.000100', channel_id: 'D1', is_ephemeral: true },
      message: { ts: '1700000002.000100', blocks },
      actions: [{ type: 'button', action_id: 'thrice_edit', value: edit?.value, action_ts: '4' }],
    };
    expect((await postSigned(events, interactionBody(click), SECRET)).status).toBe(200);
    const opened = await callTo(slack, (c) => c.method === 'views.open', from);
    const view = JSON.stringify(opened.args.view);
    expect(view).toContain('"initial_value":"ann@plaid.com"');
    expect(view).toContain('"initial_value":"+1 415 555 0100"');
    expect(view).toContain(
      '"initial_option":{"text":{"type":"plain_text","text":"hiring manager"},"value":"hiring_manager"}',
    );
    // Only the note and a LinkedIn profile change; the role menu is sent back as it was shown.
    const submission = formSubmission(
      {
        who: 'Ann Lee',
        role: 'hiring_manager',
        company: 'Plaid',
        what: 'call me back',
        when: 'tomorrow',
        note: 'met at the fair',
        email: 'ann@plaid.com',
        phone: '+1 415 555 0100',
        linkedin: 'https://www.linkedin.com/in/annlee',
      },
      { trigger: 'trig-edit-details-save', viewId: 'V3', privateMetadata: edit?.value },
    );
    expect((await postSigned(events, interactionBody(submission), SECRET)).status).toBe(200);
    const dm = await callTo(
      slack,
      (c) => c.method === 'chat.postMessage' && blocksText(c).includes('Ann Lee'),
      from,
    );
    expect(blocksText(dm)).toContain('Ann Lee (Engineering Manager, Plaid)');
    expect(blocksText(dm)).toContain(
      'Reach them: ann@plaid.com · +1 415 555 0100 · https://www.linkedin.com/in/annlee',
    );
    // A malformed profile is refused beside its field, and nothing changes.
    const bad = formSubmission(
      {
        who: 'Ann Lee',
        role: 'hiring_manager',
        company: 'Plaid',
        what: 'call me',
        when: 'tomorrow',
        note: '',
        linkedin: 'https://evil.example/in/x',
      },
      { trigger: 'trig-edit-details-bad', viewId: 'V4' },
    );
    const refused = (await (await postSigned(events, interactionBody(bad), SECRET)).json()) as {
      errors: Record<string, string>;
    };
    expect(Object.keys(refused.errors)).toEqual(['linkedin']);
  });

  it('an overdue add offers the e-mail as a mailto link with subject and body, the number beside it', async () => {
    const answer = await reply(
      'Jane Park (Acme) jane.park@acme.com +44 20 7946 0958 promised to email me yesterday',
    );
    const blocks = answer.args.blocks as { type: string; elements?: { type: string; text?: string }[] }[];
    const context = blocks
      .filter((b) => b.type === 'context')
      .flatMap((b) => b.elements ?? [])
      .map((e) => e.text ?? '')
      .find((text) => text.includes('mailto:'));
    expect(context).toBeDefined();
    // Slack's link syntax, with & escaped as mrkdwn wants it inside the URL.
    const link = /<(mailto:[^|>]+)\|E-mail Jane>/.exec(context ?? '');
    expect(link).not.toBeNull();
    const url = new URL((link?.[1] ?? '').replaceAll('&amp;', '&'));
    expect(url.pathname).toBe('jane.park@acme.com');
    expect(url.searchParams.get('subject')).toBe('Following up on our conversation about the role at Acme');
    expect(url.searchParams.get('body')).toMatch(/^Hi Jane,\r\n\r\n/);
    expect(context).toContain('Call Jane: +44 20 7946 0958');
    // The quote shows the same e-mail, subject line first.
    expect(blocksText(answer)).toContain(
      '> Subject: Following up on our conversation about the role at Acme',
    );
  });

  it('App Home shows the pipeline and settings', async () => {
    await reply('Jane Doe will call me back tomorrow');
    const from = slack.calls.length;
    const event = {
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'Ev1',
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_home_opened', user: 'U1', tab: 'home', channel: 'D1' },
    };
    expect(
      (await postSigned(events, JSON.stringify(event), SECRET, { contentType: 'application/json' })).status,
    ).toBe(200);
    const published = await callTo(slack, (c) => c.method === 'views.publish', from);
    expect(published.args.user_id).toBe('U1');
    expect(blocksText(published)).toMatch(/#1 Jane Doe/);
    // The zone is a menu set to the member's Slack zone.
    const zone = JSON.stringify(published.args.view).match(
      /"action_id":"home_tz".*?"initial_option":(\{.*?\})\}/,
    )?.[1];
    expect(zone).toContain('"value":"America/Los_Angeles"');
    await reply('Mal <!channel> <@U123> will call me back tomorrow');
    const again = slack.calls.length;
    await postSigned(events, JSON.stringify({ ...event, event_id: 'Ev2' }), SECRET, {
      contentType: 'application/json',
    });
    const escaped = blocksText(await callTo(slack, (c) => c.method === 'views.publish', again));
    expect(escaped).toContain('Mal &lt;!channel&gt; &lt;@U123&gt;');
    expect(escaped).not.toMatch(/<!channel>|<@U123>/);
  });

  it('/promise export sends the CSV and calendar files privately, to the member’s DM with the bot', async () => {
    await reply('Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    await reply('Bob Stone at Globex asked for a week');
    await reply('followed bob via email');
    const shared = slack.sharedFiles.length;
    const answer = await reply('export');
    expect(blocksText(answer)).toMatch(/Here is everything Thrice holds about you: 2 promises/);
    expect(blocksText(answer)).toMatch(/direct messages/);
    expect(answer.args.response_type).toBe('ephemeral');

    const files = slack.sharedFiles.slice(shared);
    expect(files.map((f) => f.filename).sort()).toEqual([
      'thrice-due-dates.ics',
      'thrice-follow-ups.csv',
      'thrice-promises.csv',
    ]);
    // The command came from channel C0; the member's data goes only to the DM the bot opened.
    const opened = slack.callsOf('conversations.open').at(-1);
    expect(opened?.args.users).toBe('U1');
    for (const file of files) expect(file.channel).toBe('DU1');
    const completes = slack.callsOf('files.completeUploadExternal');
    expect(completes.every((call) => call.args.channel_id === 'DU1')).toBe(true);

    const promises = csvRows(files.find((f) => f.filename === 'thrice-promises.csv')?.content ?? '');
    expect(promises.map((p) => [p.ref, p.contact, p.company, p.status])).toEqual([
      ['1', 'Jane Doe', 'Acme', 'open'],
      ['2', 'Bob Stone', 'Globex', 'open'],
    ]);
    expect(promises[0]?.role).toBe('recruiter');
    const followUps = csvRows(files.find((f) => f.filename === 'thrice-follow-ups.csv')?.content ?? '');
    expect(followUps).toHaveLength(1);
    expect(followUps[0]).toMatchObject({ ref: '2', contact: 'Bob Stone', attempt: '1', channel: 'email' });

    const ics = files.find((f) => f.filename === 'thrice-due-dates.ics')?.content ?? '';
    expect(ics).toMatch(/^BEGIN:VCALENDAR/);
    // Each open promise's due moment, and its next nudge.
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(4);
    expect(ics).toMatch(/SUMMARY:Jane Doe \(Acme\): call you back/);
    expect(ics).toMatch(/SUMMARY:Follow up with Jane Doe \(Acme\)/);
    expect(ics).toMatch(/SUMMARY:Bob Stone \(Globex\): get back to you/);
    expect(ics).toMatch(/DTSTART[;:]/);
  });

  it('when Slack refuses the upload, the export says so instead of promising files', async () => {
    await reply('Jane Doe will call me back tomorrow');
    slack.failNext('files.getUploadURLExternal', { status: 200, body: { ok: false, error: 'not_allowed' } });
    const answer = await reply('export');
    expect(blocksText(answer)).toMatch(/couldn't send the files/);
  });

  it('only a workspace admin sets the accountability channel', async () => {
    expect(blocksText(await reply('channel <#C777|job-hunt>'))).toMatch(/Only a workspace admin/);
    expect(blocksText(await reply('channel <#C777|job-hunt>', 'UADMIN'))).toMatch(
      /roundup will be posted there/,
    );
  });
});

/** The add form's view_submission as Slack sends it, from alice in team T1. */
function formSubmission(
  fields: {
    who: string;
    role: string | null;
    company: string;
    what: string;
    when: string;
    note: string;
    email?: string;
    phone?: string;
    linkedin?: string;
  },
  view: { trigger: string; viewId: string; privateMetadata?: string | undefined },
) {
  const value = (v: string) => ({ type: 'plain_text_input', value: v });
  return {
    type: 'view_submission',
    team: { id: 'T1', domain: 'acme' },
    user: { id: 'U1', name: 'alice', team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: view.trigger,
    view: {
      id: view.viewId,
      type: 'modal',
      callback_id: 'thrice_promise_form',
      ...(view.privateMetadata === undefined ? {} : { private_metadata: view.privateMetadata }),
      state: {
        values: {
          who: { who: value(fields.who) },
          role: {
            role: {
              type: 'static_select',
              selected_option: fields.role === null ? null : { value: fields.role },
            },
          },
          company: { company: value(fields.company) },
          what: { what: value(fields.what) },
          when: { when: value(fields.when) },
          note: { note: value(fields.note) },
          // The contact-detail inputs are optional: a client that sends none leaves them out.
          ...(fields.email === undefined ? {} : { email: { email: value(fields.email) } }),
          ...(fields.phone === undefined ? {} : { phone: { phone: value(fields.phone) } }),
          ...(fields.linkedin === undefined ? {} : { linkedin: { linkedin: value(fields.linkedin) } }),
        },
      },
    },
  };
}
