import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { nonceOf } from '../../adapters/discord/delivery.ts';
import { type Delivery, RateLimitedError } from '../../src/core/ports/delivery.ts';
import { resetDatabase } from '../support/database.ts';
import {
  APPLICATION_ID,
  buttonInteraction,
  commandInteraction,
  FLAGS,
  GUILD_ID,
  nextSnowflake,
  USER_ID,
} from '../support/fake-discord.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { describeOnDrivers } from '../support/world.ts';
import {
  customIdsOf,
  type Harness,
  MANAGE_GUILD,
  markdownOf,
  type Option,
  openHarness,
  requestTo,
  STRING,
  shownText,
} from './harness.ts';

describeOnDrivers('Discord, end to end through the real discord.js', (driver) => {
  let h: Harness;
  const slash = (...args: Parameters<Harness['slash']>) => h.slash(...args);
  const text = (body: unknown) => shownText(body);

  beforeAll(async () => {
    h = await openHarness(driver);
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await resetDatabase(h.world.database);
    h.discord.rejections.length = 0;
  });

  it('logs in through the gateway and answers /promise add privately, with mentions off', async () => {
    const { callback, edit } = await slash('add', [
      { name: 'text', type: STRING, value: 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm' },
    ]);
    expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
    // The moment as a Discord timestamp (each viewer's own zone): Friday 3pm UTC.
    expect(text(edit)).toMatch(
      /Jane Doe \(recruiter, Acme\) promised to call you back by <t:(\d+):f> \(<t:\1:R>\)/,
    );
    const unix = Number(/<t:(\d+):f>/.exec(text(edit))?.[1]);
    expect(new Date(unix * 1000).toISOString()).toMatch(/T15:00:00\.000Z$/);
    expect(new Date(unix * 1000).getUTCDay()).toBe(5);
    expect(edit?.allowed_mentions).toEqual({ parse: [] });
    expect(text(edit)).toMatch(/Times are in UTC until you set your time zone/);
    // Asked once: the next reply does not repeat it.
    expect(text((await slash('list')).edit)).not.toMatch(/Times are in UTC/);
    expect(h.discord.rejections).toEqual([]);
  });

  it('guesses the country from the Discord locale, says so once, and takes country and region options', async () => {
    // The fake client's locale is en-US.
    const first = await slash('list');
    expect(text(first.edit)).toMatch(
      /I rest on the public holidays of United States of America \(from your Discord language\)/,
    );
    expect(text((await slash('list')).edit)).not.toMatch(/public holidays of/);
    const { edit } = await slash('settings', [
      { name: 'country', type: STRING, value: 'US' },
      { name: 'region', type: STRING, value: 'CA' },
    ]);
    expect(text(edit)).toMatch(/Public holidays: United States of America \(California\)/);
    expect(h.discord.rejections).toEqual([]);
  });

  it('typed options and every subcommand', async () => {
    await slash('add', [
      { name: 'who', type: STRING, value: 'Bob' },
      { name: 'company', type: STRING, value: 'Globex' },
      { name: 'role', type: STRING, value: 'hiring_manager' },
      { name: 'what', type: STRING, value: 'call me back' },
      { name: 'when', type: STRING, value: 'in a week' },
    ]);
    expect(text((await slash('list')).edit)).toMatch(/#1 Bob \(hiring manager, Globex\)/);
    for (const [sub, options, expected] of [
      [
        'followed',
        [
          { name: 'ref', type: STRING, value: '#1' },
          { name: 'via', type: STRING, value: 'email' },
        ],
        /Logged follow-up 1 of 3 with Bob/,
      ],
      [
        'snooze',
        [
          { name: 'ref', type: STRING, value: '#1' },
          { name: 'until', type: STRING, value: 'tomorrow' },
        ],
        /Snoozed #1 Bob/,
      ],
      ['stats', [], /This week: 1 follow-up, /],
      ['keep', [{ name: 'ref', type: STRING, value: '#1' }], /keep nudging you about Bob/],
      [
        'settings',
        [
          { name: 'tz', type: STRING, value: 'Europe/Berlin' },
          { name: 'share', type: 5, value: true },
        ],
        /Settings saved/,
      ],
      [
        'met',
        [
          { name: 'who', type: STRING, value: 'Ana' },
          { name: 'company', type: STRING, value: 'Wonka' },
        ],
        /thank-you note/,
      ],
      ['pause', [{ name: 'until', type: STRING, value: 'next week' }], /Paused until/],
      ['resume', [], /Welcome back/],
      ['help', [], /\/promise add text:Jane Doe/],
      [
        'close',
        [
          { name: 'ref', type: STRING, value: '#1' },
          { name: 'outcome', type: STRING, value: 'offer' },
        ],
        /congratulations/,
      ],
    ] as const) {
      const { edit } = await slash(sub, [...options]);
      expect(text(edit)).toMatch(expected);
    }
    expect(text((await slash('list')).edit)).not.toMatch(/Times are in UTC/);
    expect(h.discord.rejections).toEqual([]);
  });

  it('export attaches the CSV and the calendar file, also in a process that uploaded to Slack first', async () => {
    // A process serving both platforms: Slack's upload loads a newer undici, which takes the
    // process-wide HTTP agent that discord.js would otherwise send its files through.
    const slack = new FakeSlack();
    await slack.start();
    try {
      const web = new webApi.WebClient('xoxb-both', { slackApiUrl: slack.apiUrl });
      await web.files.uploadV2({
        channel_id: 'D1',
        file_uploads: [{ file: Buffer.from('a,b\n'), filename: 'a.csv' }],
      });
      expect(slack.sharedFiles).toHaveLength(1);
    } finally {
      await slack.stop();
    }
    await slash('add', [{ name: 'text', type: STRING, value: 'Jane will call me tomorrow' }]);
    const { edit } = await slash('export');
    expect(edit?.files).toEqual(['thrice-promises.csv', 'thrice-follow-ups.csv', 'thrice-due-dates.ics']);
  });

  it('autocompletes refs over the member’s own open promises and time zones', async () => {
    await slash('add', [{ name: 'text', type: STRING, value: 'Jane Doe (Acme) will call me tomorrow' }]);
    await slash('add', [{ name: 'text', type: STRING, value: 'Bob will call me tomorrow' }]);
    const ask = (sub: string, option: Option) => {
      const interaction = commandInteraction(sub, [option], { type: 4 });
      const from = h.discord.requests.length;
      h.discord.dispatch('INTERACTION_CREATE', interaction);
      return requestTo(h.discord, new RegExp(`^/interactions/${interaction.id}/`), from);
    };
    const refs = await ask('followed', { name: 'ref', type: STRING, value: 'ja', focused: true });
    expect(refs.body).toEqual({ type: 8, data: { choices: [{ name: '#1 Jane Doe (Acme)', value: '#1' }] } });
    const zones = await ask('settings', { name: 'tz', type: STRING, value: 'berl', focused: true });
    expect(zones.body).toEqual({
      type: 8,
      data: { choices: [{ name: 'Europe/Berlin', value: 'Europe/Berlin' }] },
    });
  });

  it('buttons change the store and update the message; a double click has one effect', async () => {
    await slash('add', [{ name: 'text', type: STRING, value: 'Jane Doe will call me tomorrow' }]);
    const { edit } = await slash('list');
    expect(edit?.flags).toBe(FLAGS.componentsV2);
    const followed = customIdsOf(edit).find((id) => id.startsWith('thrice:followed:')) ?? '';
    const message = { id: nextSnowflake(), components: edit?.components, flags: edit?.flags };
    const first = await h.press(followed, message);
    expect(first.type).toBe(7);
    expect(text(first.data)).toMatch(/✓ Logged follow-up 1 of 3 with Jane Doe/);
    expect(customIdsOf(first.data)).not.toContain(followed);
    // Acknowledged first (a deferred update), then nothing more: the first press changed the message.
    const second = await h.press(followed, message, {}, { settles: false });
    expect(second.type).toBe(6);
    expect(text((await slash('stats')).edit)).toMatch(/All time: 1 follow-up logged/);
    expect(h.discord.rejections).toEqual([]);
  });

  it('typed options are saved value by value: commas in a company and -- in a "what" or a note survive exactly', async () => {
    const { edit } = await slash('add', [
      { name: 'who', type: STRING, value: 'Leo Park' },
      { name: 'company', type: STRING, value: 'Johnson, Smith & Co' },
      { name: 'what', type: STRING, value: 'send the contract -- signed' },
      { name: 'when', type: STRING, value: 'tomorrow' },
    ]);
    expect(text(edit)).toMatch(/Leo Park \(Johnson, Smith & Co\)/);
    await slash('followed', [
      { name: 'ref', type: STRING, value: '#1' },
      { name: 'note', type: STRING, value: 'via email -- left a voicemail, then wrote' },
    ]);
    const member = await h.world.inbound.memberFor({
      workspace: { platform: 'discord', externalId: '200000000000000001', name: null },
      user: { externalId: '400000000000000001', displayName: 'x' },
      canManageWorkspace: false,
    });
    const [saved] = await h.world.store.listPromises({
      workspaceId: member.workspaceId,
      memberId: member.id,
    });
    expect(saved?.contact.company).toBe('Johnson, Smith & Co');
    expect(saved?.what).toBe('send the contract -- signed');
    expect(saved?.followUps.map((f) => [f.channel, f.note])).toEqual([
      [null, 'via email -- left a voicemail, then wrote'],
    ]);
  });

  it('renders names and notes harmless: no @everyone, no user or role mention, markdown escaped', async () => {
    const nasty = '@everyone @here <@123456789012345678> <@&123456789012345678> **bold** __u__';
    const { edit } = await slash('add', [
      { name: 'text', type: STRING, value: `Eve ${nasty} will call me tomorrow` },
    ]);
    const body = markdownOf(edit).join('\n');
    expect(body).not.toMatch(/@everyone|@here|<@123456789012345678>|<@&123456789012345678>|\*\*bold\*\*/);
    expect(edit?.allowed_mentions).toEqual({ parse: [] });
  });

  it('only a member with Manage Server sets the accountability channel', async () => {
    const channel = { name: 'channel', type: 7, value: '300000000000000009' };
    const resolved = {
      channels: {
        '300000000000000009': { id: '300000000000000009', type: 0, name: 'job-hunt', permissions: '0' },
      },
    };
    expect(text((await slash('channel', [channel], { resolved })).edit)).toMatch(/Only a workspace admin/);
    const workspaceBefore = await h.world.store.ensureWorkspace({
      platform: 'discord',
      externalId: '200000000000000001',
      name: null,
    });
    expect(workspaceBefore.accountabilityChannelId).toBeNull();
    expect(text((await slash('channel', [channel], { permissions: MANAGE_GUILD, resolved })).edit)).toMatch(
      /roundup will be posted there/,
    );
    const workspace = await h.world.store.ensureWorkspace({
      platform: 'discord',
      externalId: '200000000000000001',
      name: null,
    });
    expect(workspace.accountabilityChannelId).toBe('300000000000000009');
  });

  it('bare add opens the form; forget-me asks for confirmation first', async () => {
    const { callback } = await slash('add');
    expect((callback.body as { type: number }).type).toBe(9);
    expect(JSON.stringify(callback.body)).toContain('thrice:form');
    // Discord stops over-long text itself: every input carries the limit (who has room for "(role)"
    // and the contact's e-mail, phone and LinkedIn URL: 254 + 40 + 200 and the spaces).
    const rows = (
      callback.body as { data: { components: { components: { custom_id: string; max_length: number }[] }[] } }
    ).data.components;
    const maxLengths = Object.fromEntries(
      rows.flatMap((row) => row.components).map((c) => [c.custom_id, c.max_length]),
    );
    expect(maxLengths).toEqual({ who: 163 + 497, company: 80, what: 120, when: 100, note: 500 });
    const { edit } = await slash('forget-me');
    expect(customIdsOf(edit)).toContain('thrice:confirm_forget:');
  });

  it('the form’s submission records the promise; confirming forget-me deletes everything', async () => {
    const base = commandInteraction('add', []);
    const submit = {
      ...base,
      type: 5,
      data: {
        custom_id: 'thrice:form',
        components: [
          { type: 1, components: [{ type: 4, custom_id: 'who', value: 'Priya (recruiter)' }] },
          { type: 1, components: [{ type: 4, custom_id: 'company', value: 'Initech' }] },
          { type: 1, components: [{ type: 4, custom_id: 'what', value: 'email me the offer' }] },
          { type: 1, components: [{ type: 4, custom_id: 'when', value: 'tomorrow' }] },
          { type: 1, components: [{ type: 4, custom_id: 'note', value: '' }] },
        ],
      },
    };
    const from = h.discord.requests.length;
    h.discord.dispatch('INTERACTION_CREATE', submit);
    const saved = await requestTo(
      h.discord,
      new RegExp(`^/webhooks/${APPLICATION_ID}/${submit.token}/messages/@original`),
      from,
    );
    expect(text(saved.body)).toMatch(/Priya \(recruiter, Initech\) promised to email you the offer/);

    const ask = await slash('forget-me');
    const confirm = ((ask.edit?.components ?? []) as { components: { custom_id: string }[] }[])[0]
      ?.components[0];
    const press = buttonInteraction(confirm?.custom_id, { components: ask.edit?.components });
    const before = h.discord.requests.length;
    h.discord.dispatch('INTERACTION_CREATE', press);
    // Acknowledged before the deletion, then the confirmation is edited into the result.
    const ack = await requestTo(h.discord, new RegExp(`^/interactions/${press.id}/`), before);
    expect(ack.body).toEqual({ type: 6 });
    const done = await requestTo(
      h.discord,
      new RegExp(`^/webhooks/${APPLICATION_ID}/${press.token}/messages/@original`),
      before,
    );
    expect(text(done.body)).toMatch(/I deleted 1 promises/);
    expect(text((await slash('list')).edit)).toMatch(/No open promises/);
  });

  it('saving the Edit form replaces the promise it was opened from', async () => {
    await slash('add', [{ name: 'text', type: STRING, value: 'Jane Doe will call me back tomorrow' }]);
    const member = await h.world.inbound.memberFor({
      workspace: { platform: 'discord', externalId: '200000000000000001', name: null },
      user: { externalId: '400000000000000001', displayName: 'Alice' },
      canManageWorkspace: false,
    });
    const scope = { workspaceId: member.workspaceId, memberId: member.id };
    const [original] = await h.world.store.listPromises(scope);
    const base = commandInteraction('add', []);
    const submit = {
      ...base,
      type: 5,
      data: {
        custom_id: `thrice:form:${original?.id}`,
        components: [
          { type: 1, components: [{ type: 4, custom_id: 'who', value: 'Jane Doe' }] },
          { type: 1, components: [{ type: 4, custom_id: 'company', value: 'Acme' }] },
          { type: 1, components: [{ type: 4, custom_id: 'what', value: 'call me back' }] },
          { type: 1, components: [{ type: 4, custom_id: 'when', value: 'in a week' }] },
          { type: 1, components: [{ type: 4, custom_id: 'note', value: '' }] },
        ],
      },
    };
    const from = h.discord.requests.length;
    h.discord.dispatch('INTERACTION_CREATE', submit);
    await requestTo(
      h.discord,
      new RegExp(`^/webhooks/${APPLICATION_ID}/${submit.token}/messages/@original`),
      from,
    );
    const after = await h.world.store.listPromises(scope, { includeClosed: true });
    expect(after.map((p) => [p.contact.name, p.contact.company])).toEqual([['Jane Doe', 'Acme']]);
    expect(after[0]?.id).not.toBe(original?.id);
  });

  it('edit with a ref opens the form filled in from the promise, title and contact details in "who"', async () => {
    await slash('add', [
      {
        name: 'text',
        type: STRING,
        value:
          'Ann Lee (Engineering Manager, Plaid) ann@plaid.com +1 415 555 0100 will call me back tomorrow',
      },
    ]);
    const { callback } = await slash('edit', [{ name: 'ref', type: STRING, value: '#1' }]);
    expect((callback.body as { type: number }).type).toBe(9);
    // Each field in a label (type 18): who with the details after the name, the title as the
    // role menu's "as you said" choice, the date as the form reads it back.
    type Field = {
      custom_id: string;
      value?: string;
      options?: { label: string; value: string; default?: boolean }[];
    };
    const labels = (callback.body as { data: { components: { type: number; component: Field }[] } }).data
      .components;
    expect(labels.map((label) => label.type)).toEqual([18, 18, 18, 18, 18]);
    const values = Object.fromEntries(labels.map(({ component: c }) => [c.custom_id, c.value]));
    expect(values).toMatchObject({
      who: 'Ann Lee ann@plaid.com +1 415 555 0100',
      company: 'Plaid',
      what: 'call me back',
      when: expect.stringMatching(/^\w{3} \w{3} \d{1,2}$/),
    });
    const role = labels.find(({ component }) => component.custom_id === 'role')?.component;
    expect(role?.options?.find((option) => option.default)).toMatchObject({
      label: 'Engineering Manager (as you said)',
      value: 'said',
    });
    const member = await h.world.inbound.memberFor({
      workspace: { platform: 'discord', externalId: GUILD_ID, name: null },
      user: { externalId: USER_ID, displayName: 'Alice' },
      canManageWorkspace: false,
    });
    const scope = { workspaceId: member.workspaceId, memberId: member.id };
    const [original] = await h.world.store.listPromises(scope);
    // The member adds a LinkedIn profile to "who" and changes the date; the title stays as typed.
    const base = commandInteraction('add', []);
    const submit = {
      ...base,
      type: 5,
      data: {
        custom_id: `thrice:form:${original?.id}`,
        components: [
          {
            type: 18,
            component: {
              type: 4,
              custom_id: 'who',
              value: `${values.who} https://www.linkedin.com/in/annlee`,
            },
          },
          { type: 18, component: { type: 3, custom_id: 'role', values: ['said'] } },
          { type: 18, component: { type: 4, custom_id: 'company', value: 'Plaid' } },
          { type: 18, component: { type: 4, custom_id: 'what', value: 'call me back' } },
          { type: 18, component: { type: 4, custom_id: 'when', value: 'in a week' } },
        ],
      },
    };
    const from = h.discord.requests.length;
    h.discord.dispatch('INTERACTION_CREATE', submit);
    await requestTo(
      h.discord,
      new RegExp(`^/webhooks/${APPLICATION_ID}/${submit.token}/messages/@original`),
      from,
    );
    const [saved] = await h.world.store.listPromises(scope);
    expect(saved?.contact).toEqual({
      name: 'Ann Lee',
      role: 'hiring_manager',
      company: 'Plaid',
      title: 'Engineering Manager',
      email: 'ann@plaid.com',
      phone: '+1 415 555 0100',
      linkedin: 'https://www.linkedin.com/in/annlee',
    });
    expect(h.discord.rejections).toEqual([]);
  });

  it('an overdue add shows the e-mail with its subject, the address to write to, the number and a LinkedIn link', async () => {
    const { edit } = await slash('add', [
      {
        name: 'text',
        type: STRING,
        value:
          'Jane_Park (Acme) jane_park@acme.com +44 20 7946 0958 linkedin.com/in/jane_park promised to email me yesterday',
      },
    ]);
    const shown = text(edit);
    expect(shown).toContain('> Subject: Following up on our conversation about the role at Acme');
    // Discord opens only http(s) links: the address is shown, and the wording to send is the quote above.
    expect(shown).toContain('E-mail Jane_Park: jane_park@acme.com (subject and message above)');
    expect(shown).toContain('Call Jane_Park: +44 20 7946 0958');
    const markdown = markdownOf(edit).join('\n');
    expect(markdown).not.toContain('mailto:');
    // Member text stays escaped; the profile, checked by the core, is a masked link.
    expect(markdown).toContain('E\\-mail Jane\\_Park: jane\\_park\\@acme\\.com');
    expect(markdown).toContain('[Message Jane\\_Park on LinkedIn](<https://www.linkedin.com/in/jane_park>)');
    expect(h.discord.rejections).toEqual([]);
  });

  it('met takes a time in its when option, so the thank-you note is timed from the meeting', async () => {
    const { edit } = await slash('met', [
      { name: 'who', type: STRING, value: 'Bob' },
      { name: 'company', type: STRING, value: 'Globex' },
      { name: 'when', type: STRING, value: 'yesterday 3pm' },
    ]);
    expect(text(edit)).toMatch(/Bob \(Globex\)/);
    const member = await h.world.inbound.memberFor({
      workspace: { platform: 'discord', externalId: GUILD_ID, name: null },
      user: { externalId: USER_ID, displayName: 'Alice' },
      canManageWorkspace: false,
    });
    const [meeting] = await h.world.store.listPromises({
      workspaceId: member.workspaceId,
      memberId: member.id,
    });
    const zone = member.settings.timeZone;
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' });
    expect(meeting?.kind).toBe('meeting');
    expect(local.format(meeting?.due.at)).toBe('15:00');
    const refused = await slash('met', [
      { name: 'who', type: STRING, value: 'Bob' },
      { name: 'when', type: STRING, value: 'whenever' },
    ]);
    expect(text(refused.edit)).toMatch(/couldn't read "whenever" as when you met/);
  });

  it('a form submission with an over-long field is refused with the field and the limit; nothing is stored', async () => {
    const base = commandInteraction('add', []);
    const submit = {
      ...base,
      type: 5,
      data: {
        custom_id: 'thrice:form',
        components: [
          { type: 1, components: [{ type: 4, custom_id: 'who', value: 'Priya (recruiter)' }] },
          { type: 1, components: [{ type: 4, custom_id: 'company', value: 'I'.repeat(81) }] },
          { type: 1, components: [{ type: 4, custom_id: 'what', value: 'email me the offer' }] },
          { type: 1, components: [{ type: 4, custom_id: 'when', value: 'tomorrow' }] },
          { type: 1, components: [{ type: 4, custom_id: 'note', value: '' }] },
        ],
      },
    };
    const from = h.discord.requests.length;
    h.discord.dispatch('INTERACTION_CREATE', submit);
    const refused = await requestTo(
      h.discord,
      new RegExp(`^/webhooks/${APPLICATION_ID}/${submit.token}/messages/@original`),
      from,
    );
    expect(text(refused.body)).toContain('The company is too long (81 characters); the limit is 80');
    expect(text((await slash('list')).edit)).toMatch(/No open promises/);
  });

  function delivery(id: string, overrides: Partial<Delivery> = {}): Delivery {
    return {
      id,
      workspaceId: 'w',
      memberId: null,
      kind: 'digest',
      dedupeKey: id,
      target: {
        kind: 'dm',
        platform: 'discord',
        workspaceExternalId: 'g',
        memberExternalId: '400000000000000001',
        dmChannelId: null,
      },
      message: {
        kind: 'digest',
        sections: [{ items: [{ text: 'Jane @everyone' }] }],
        fallbackText: 'digest',
      },
      attempts: 1,
      resumed: false,
      ...overrides,
    };
  }

  /**
   * Sends as the outbox would: discord.js keeps Discord's global 50 requests a second per token,
   * and the tests before this one may have used this second's share; the outbox retries then.
   */
  async function sendLikeTheOutbox(d: Delivery) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await h.adapter.delivery.send(d);
      } catch (error) {
        if (!(error instanceof RateLimitedError) || attempt >= 3) throw error;
        await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs));
      }
    }
  }

  it('a delivery re-sent after a crash with the same nonce is one message', async () => {
    const id = '0b6f3a52-6c1e-4c53-9a7e-2f1d8f9c1a11';
    const first = await sendLikeTheOutbox(delivery(id));
    expect(first.dmChannelId).toBeDefined();
    const again = await sendLikeTheOutbox(delivery(id, { resumed: true, attempts: 2 }));
    const mine = h.discord.messages.filter((m) => m.nonce === nonceOf(id));
    expect(mine).toHaveLength(1);
    expect(again.platformMessageId).toBeDefined();
    const sent = h.discord.requestsTo(/^\/channels\/\d+\/messages$/).at(-1)?.body as Record<string, unknown>;
    expect(sent.enforce_nonce).toBe(true);
    expect(sent.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(sent)).not.toContain('@everyone');
  });

  it('429 on message create is a rate-limit error for the outbox; 50007 means unreachable', async () => {
    h.discord.failNextMessages({
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 2.5, global: false },
      headers: { 'retry-after': '3', 'x-ratelimit-scope': 'user' },
    });
    await expect(
      h.adapter.delivery.send(delivery('1b6f3a52-6c1e-4c53-9a7e-2f1d8f9c1a12')),
    ).rejects.toMatchObject({ name: 'RateLimitedError' });
    h.discord.failNextMessages({
      status: 403,
      body: { message: 'Cannot send messages to this user', code: 50007 },
    });
    await expect(
      h.adapter.delivery.send(delivery('2b6f3a52-6c1e-4c53-9a7e-2f1d8f9c1a13')),
    ).rejects.toMatchObject({
      name: 'RecipientUnreachableError',
      reason: 'dms_closed',
    });
  });

  it('a digest refused because the member closed their DMs is said, once, with their next command', async () => {
    await slash('add', [{ name: 'text', type: STRING, value: 'Jane will call me back tomorrow' }]);
    h.discord.failNextMessages({
      status: 403,
      body: { message: 'Cannot send messages to this user', code: 50007 },
    });
    const { drain } = await h.tickAt('2026-12-02T09:00:00Z');
    expect(drain.dead).toBe(1);
    // Autocomplete loads the member too; only a command's reply can say it, so it keeps the mark.
    await h.world.inbound.openPromises({
      workspace: { platform: 'discord', externalId: GUILD_ID, name: null },
      user: { externalId: USER_ID, displayName: 'Alice' },
      canManageWorkspace: false,
    });
    const told = await slash('list');
    expect(JSON.stringify(told.edit ?? told.callback.body)).toMatch(/could not DM you.*Privacy Settings/);
    const again = await slash('list');
    expect(JSON.stringify(again.edit ?? again.callback.body)).not.toMatch(/could not DM you/);
    // Reachable again: the next morning's digest is planned and sent.
    expect((await h.tickAt('2026-12-03T09:00:00Z')).drain.sent).toBe(1);
  });
});
