import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { commandDefinitions } from '../../adapters/discord/commands.ts';
import type { MemberScope } from '../../src/core/model.ts';
import { resetDatabase } from '../support/database.ts';
import {
  APPLICATION_ID,
  commandInteraction,
  FLAGS,
  GUILD_ID,
  nextSnowflake,
  type Sender,
  USER_ID,
} from '../support/fake-discord.ts';
import { describeOnDrivers } from '../support/world.ts';
import {
  customIdsOf,
  type Harness,
  type Json,
  openHarness,
  requestTo,
  STRING,
  shownText,
} from './harness.ts';

/*
 * A user install: the job seeker adds Thrice to their own account and runs it in the bot's DM,
 * in other people's DMs and group chats, or in a server that never added the bot. Discord then
 * sends `user`, no server of ours, and owners that name only the user. Through the real
 * discord.js, each reaches the member's own promises as from the server, and answers privately.
 */

const ALICE: Sender = { userId: USER_ID, globalName: 'Alice' };
const IN_FRIENDS_DM: Sender = { ...ALICE, privateChannel: 'dm' };
const IN_GROUP: Sender = { ...ALICE, privateChannel: 'group' };
const IN_BOT_DM: Sender = { ...ALICE, dm: true, userInstall: true };
const STRANGE_GUILD = '200000000000000077';
const IN_SERVER_WITHOUT_BOT: Sender = { ...ALICE, guildId: STRANGE_GUILD, userInstall: true };

type LabelModal = {
  type: number;
  data: { custom_id: string; title: string; components: Json[] };
};

describeOnDrivers('Discord user install: Thrice in DMs and group chats without a server', (driver) => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(driver, { now: '2026-11-30T08:00:00Z' });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await resetDatabase(h.world.database);
    h.world.clock.set('2026-11-30T08:00:00Z');
    h.discord.rejections.length = 0;
  });

  async function scopeIn(guildId: string): Promise<MemberScope> {
    const member = await h.world.inbound.memberFor({
      workspace: { platform: 'discord', externalId: guildId, name: null },
      user: { externalId: USER_ID, displayName: 'Alice' },
      canManageWorkspace: false,
    });
    return { workspaceId: member.workspaceId, memberId: member.id };
  }

  it('registers /promise and Track as a promise for server and user installs, in servers, the bot DM and private channels', () => {
    for (const command of commandDefinitions()) {
      expect(command.integration_types).toEqual([0, 1]);
      expect(command.contexts).toEqual([0, 1, 2]);
    }
  });

  it('from a friend’s DM, a group chat, the bot DM and a server without the bot, commands reach the promises kept in the member’s server, privately', async () => {
    const added = await h.slash('add', [
      { name: 'text', type: STRING, value: 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm' },
    ]);
    expect(shownText(added.edit)).toMatch(/Jane Doe \(recruiter, Acme\) promised to call you back/);
    for (const where of [IN_FRIENDS_DM, IN_GROUP, IN_BOT_DM, IN_SERVER_WITHOUT_BOT]) {
      const { callback, edit } = await h.slash('list', [], where);
      // Deferred privately: only the member sees it, even in someone else's chat.
      expect(callback.body).toEqual({ type: 5, data: { flags: FLAGS.ephemeral } });
      expect(shownText(edit)).toMatch(/#1 Jane Doe/);
    }
    // A press from the friend's DM lands on the server's promise.
    const { edit } = await h.slash('list', [], IN_FRIENDS_DM);
    const followed = customIdsOf(edit).find((id) => id.startsWith('thrice:followed:')) ?? '';
    const pressed = await h.press(
      followed,
      { id: nextSnowflake(), components: edit?.components, flags: edit?.flags },
      IN_FRIENDS_DM,
    );
    expect(pressed.type).toBe(7);
    expect(shownText(pressed.data)).toMatch(/✓ Logged follow-up 1 of 3 with Jane Doe/);
    expect(shownText((await h.slash('stats')).edit)).toMatch(/All time: 1 follow-up logged/);
    // The server without the bot became no workspace of Thrice's.
    const all = await h.world.store.workspacesOfUser('discord', USER_ID);
    expect(all.map((w) => w.externalId)).toEqual([GUILD_ID]);
    expect(h.discord.rejections).toEqual([]);
  });

  it('a job seeker in no server that added Thrice keeps their promises from DMs alone', async () => {
    const added = await h.slash(
      'add',
      [{ name: 'text', type: STRING, value: 'Priya (Initech) will email me tomorrow' }],
      IN_FRIENDS_DM,
    );
    expect(shownText(added.edit)).toMatch(/Priya \(Initech\) promised to email you/);
    expect(shownText((await h.slash('list', [], IN_BOT_DM)).edit)).toMatch(/#1 Priya/);
    expect(shownText((await h.slash('list', [], IN_GROUP)).edit)).toMatch(/#1 Priya/);
  });

  it('/promise channel outside a server that added Thrice is refused privately and changes nothing', async () => {
    for (const where of [IN_FRIENDS_DM, IN_BOT_DM, IN_SERVER_WITHOUT_BOT]) {
      const interaction = commandInteraction(
        'channel',
        [{ name: 'channel', type: 7, value: '300000000000000009' }],
        { ...where, permissions: (1n << 5n).toString() },
      );
      const from = h.discord.requests.length;
      h.discord.dispatch('INTERACTION_CREATE', interaction);
      const answer = await requestTo(h.discord, new RegExp(`^/interactions/${interaction.id}/`), from);
      const body = answer.body as { type: number; data: Json };
      expect(body.type).toBe(4);
      expect(body.data.flags).toBe(FLAGS.ephemeral);
      expect(String(body.data.content)).toMatch(/in a server that added Thrice/);
    }
    expect(await h.world.store.workspacesOfUser('discord', USER_ID)).toEqual([]);
  });

  it('Edit opens the form filled in, the role as a menu; saving it changes the promise and keeps its note', async () => {
    const added = await h.slash('add', [
      { name: 'who', type: STRING, value: 'Jane Doe' },
      { name: 'role', type: STRING, value: 'recruiter' },
      { name: 'company', type: STRING, value: 'Acme, Inc' },
      { name: 'what', type: STRING, value: 'call me back' },
      { name: 'when', type: STRING, value: 'Friday 3pm' },
      { name: 'note', type: STRING, value: 'met at the fair' },
    ]);
    // The Edit button of the add's reply in the server, pressed from a friend's DM.
    const edit = added.edit;
    const editId = customIdsOf(edit).find((id) => id.startsWith('thrice:edit:')) ?? '';
    expect(editId).not.toBe('');
    const modal = (await h.press(
      editId,
      { id: nextSnowflake(), components: edit?.components, flags: edit?.flags },
      IN_FRIENDS_DM,
    )) as unknown as LabelModal;
    expect(modal.type).toBe(9);
    const [, , promiseId] = editId.split(':');
    expect(modal.data.custom_id).toBe(`thrice:form:${promiseId}`);
    // Each field in a label (type 18), read by custom id.
    expect(modal.data.components.every((c) => c.type === 18)).toBe(true);
    const inputs = modal.data.components.map((c) => c.component as Json);
    const byId = Object.fromEntries(inputs.map((c) => [c.custom_id, c]));
    expect({
      who: byId.who?.value,
      company: byId.company?.value,
      what: byId.what?.value,
      when: byId.when?.value,
    }).toEqual({ who: 'Jane Doe', company: 'Acme, Inc', what: 'call me back', when: 'Fri Dec 4 3:00 PM' });
    const role = byId.role as { type: number; options: { value: string; default?: boolean }[] };
    expect(role.type).toBe(3);
    expect(role.options.filter((o) => o.default).map((o) => o.value)).toEqual(['recruiter']);

    // Submitted as Discord echoes a label modal: each label with its component's value.
    const submit = {
      ...commandInteraction('add', [], IN_FRIENDS_DM),
      type: 5,
      data: {
        custom_id: modal.data.custom_id,
        components: [
          { type: 18, id: 1, component: { type: 4, id: 2, custom_id: 'who', value: 'Jane Smith' } },
          { type: 18, id: 3, component: { type: 3, id: 4, custom_id: 'role', values: ['hiring_manager'] } },
          { type: 18, id: 5, component: { type: 4, id: 6, custom_id: 'company', value: 'Acme, Inc' } },
          { type: 18, id: 7, component: { type: 4, id: 8, custom_id: 'what', value: 'send the offer' } },
          { type: 18, id: 9, component: { type: 4, id: 10, custom_id: 'when', value: 'Dec 8 10am' } },
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
    expect(shownText(saved.body)).toMatch(
      /Jane Smith \(hiring manager, Acme, Inc\) promised to send the offer/,
    );
    const [after, ...others] = await h.world.store.listPromises(await scopeIn(GUILD_ID));
    expect(others).toEqual([]);
    expect(after?.contact).toMatchObject({
      name: 'Jane Smith',
      role: 'hiring_manager',
      company: 'Acme, Inc',
    });
    expect(after?.note).toBe('met at the fair');
    expect(after?.due.at.toISOString()).toBe('2026-12-08T10:00:00.000Z');
    expect(h.discord.rejections).toEqual([]);
  });
});
