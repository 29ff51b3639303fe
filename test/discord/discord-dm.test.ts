import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { followUps, members, promises, workspaces } from '../../db/schema.ts';
import type { FollowUpPromise, MemberScope } from '../../src/core/model.ts';
import { resetDatabase } from '../support/database.ts';
import { commandInteraction, dmChannelOf, GUILD_ID, type Sender, USER_ID } from '../support/fake-discord.ts';
import { describeOnDrivers } from '../support/world.ts';
import { customIdsOf, type Harness, openHarness, requestTo, STRING, shownText } from './harness.ts';

/*
 * Digests and nudges arrive as DMs, and a DM interaction names no server: Discord sends `user`,
 * no `guild_id` and no `member`. These tests press the buttons of a digest delivered through the
 * delivery port from the DM, type commands there, and forge presses on someone else's promise.
 */

const ALICE: Sender = { userId: USER_ID, globalName: 'Alice' };
const ALICE_DM: Sender = { ...ALICE, dm: true };
const MALLORY_ID = '400000000000000066';
const OTHER_GUILD = '200000000000000002';

describeOnDrivers('Discord DMs: a member reaches their own promises from the bot DM', (driver) => {
  let h: Harness;

  beforeAll(async () => {
    // Monday 30 November 2026, 08:00 UTC.
    h = await openHarness(driver, { now: '2026-11-30T08:00:00Z' });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await resetDatabase(h.world.database);
    h.world.clock.set('2026-11-30T08:00:00Z');
    h.discord.rejections.length = 0;
    h.discord.messages.length = 0;
  });

  /** Records a promise as a member of a server (Alice in the default server unless told). */
  async function add(text: string, who: Sender = ALICE) {
    const { edit } = await h.slash('add', [{ name: 'text', type: STRING, value: text }], who);
    expect(shownText(edit)).toMatch(/promised to/);
  }

  /** A user's member row in a server, as the store scopes it. */
  async function scopeIn(guildId: string, userId = USER_ID): Promise<MemberScope> {
    const member = await h.world.inbound.memberFor({
      workspace: { platform: 'discord', externalId: guildId, name: null },
      user: { externalId: userId, displayName: userId === USER_ID ? 'Alice' : 'Mallory' },
      canManageWorkspace: false,
    });
    return { workspaceId: member.workspaceId, memberId: member.id };
  }

  const byName = (list: readonly FollowUpPromise[], name: string) => {
    const found = list.find((p) => p.contact.name === name);
    if (found === undefined) throw new Error(`no promise from ${name}`);
    return found;
  };

  /** Every row a press could change, in a stable order. */
  async function everything() {
    const { db } = h.world.database;
    return {
      workspaces: await db.select().from(workspaces).orderBy(asc(workspaces.id)),
      members: await db.select().from(members).orderBy(asc(members.id)),
      promises: await db.select().from(promises).orderBy(asc(promises.id)),
      followUps: await db.select().from(followUps).orderBy(asc(followUps.id)),
    };
  }

  /** Delivers Tuesday's digests through the delivery port and returns Alice's, as Discord stored it in her DM. */
  async function deliverDigest() {
    const { plan, drain } = await h.tickAt('2026-12-01T09:00:00Z');
    expect(plan.digests).toBeGreaterThan(0);
    expect(drain.dead).toBe(0);
    const digest = h.discord.messages.find(
      (m) => m.channel_id === dmChannelOf(USER_ID) && shownText(m.body).includes('Good morning, Alice'),
    );
    if (digest === undefined) throw new Error('no digest was delivered to Alice');
    return digest.id;
  }

  it('presses on a delivered digest in the DM — followed, heard, snooze, close — change the member’s own promises', async () => {
    await add('Jane Doe (recruiter, Acme) will call me back today 1pm');
    await add('Bob (Globex) will email me today 2pm');
    await add('Priya (Initech) will call me today 3pm');
    await add('Omar (Tyrell) will email me today 4pm');
    const scope = await scopeIn(GUILD_ID);
    const before = await h.world.store.listPromises(scope);
    const [jane, bob, priya, omar] = ['Jane Doe', 'Bob', 'Priya', 'Omar'].map((n) => byName(before, n));
    if (!jane || !bob || !priya || !omar) throw new Error('four promises expected');
    const messageId = await deliverDigest();

    const followed = await h.press(`thrice:followed:${jane.id}`, h.discord.message(messageId), ALICE_DM);
    expect(shownText(followed.data)).toMatch(/✓ Logged follow-up 1 of 3 with Jane Doe/);
    expect(byName(await h.world.store.listPromises(scope), 'Jane Doe').followUps).toHaveLength(1);
    expect(followed.type).toBe(7);
    // Updated in place: Jane's controls gave way to what happened, everyone else's are still there.
    const afterFirst = customIdsOf(h.discord.message(messageId));
    expect(afterFirst.filter((id) => id.endsWith(jane.id))).toEqual([]);
    for (const p of [bob, priya, omar]) expect(afterFirst).toContain(`thrice:heard:${p.id}`);

    expect((await h.press(`thrice:heard:${bob.id}`, h.discord.message(messageId), ALICE_DM)).type).toBe(7);
    const snoozed = await h.press(`thrice:snooze:${priya.id}`, h.discord.message(messageId), {
      ...ALICE_DM,
      values: ['tomorrow'],
    });
    expect(snoozed.type).toBe(7);
    const closed = await h.press(`thrice:close:${omar.id}`, h.discord.message(messageId), {
      ...ALICE_DM,
      values: ['cold'],
    });
    expect(closed.type).toBe(7);

    const after = await h.world.store.listPromises(scope, { includeClosed: true });
    expect(byName(after, 'Jane Doe').followUps).toHaveLength(1);
    expect(byName(after, 'Bob').outcome).toBe('heard');
    expect(byName(after, 'Priya').snoozedUntil).not.toBeNull();
    expect(byName(after, 'Omar').outcome).toBe('cold');
    expect(customIdsOf(h.discord.message(messageId))).toEqual([]);
    expect(shownText(h.discord.message(messageId)).match(/✓/g)).toHaveLength(4);
    // Nothing went to a personal DM workspace: the presses found the server's.
    expect((await h.world.store.workspacesOfUser('discord', USER_ID)).map((w) => w.externalId)).toEqual([
      GUILD_ID,
    ]);
    expect(h.discord.rejections).toEqual([]);
  });

  it('/promise list typed in the bot DM shows the member’s promises from the server, and autocomplete offers them', async () => {
    await add('Jane Doe (recruiter, Acme) will call me back tomorrow');
    const { callback, edit } = await h.slash('list', [], ALICE_DM);
    expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(shownText(edit)).toMatch(/#1 Jane Doe \(recruiter, Acme\)/);
    expect(shownText(edit)).not.toMatch(/You use Thrice in/);

    const followed = await h.slash('followed', [{ name: 'ref', type: STRING, value: '#1' }], ALICE_DM);
    expect(shownText(followed.edit)).toMatch(/Logged follow-up 1 of 3 with Jane Doe/);
    expect(
      (await h.world.store.listPromises(await scopeIn(GUILD_ID)))[0]?.followUps.map((f) => f.attempt),
    ).toEqual([1]);

    const ask = commandInteraction('heard', [{ name: 'ref', type: STRING, value: 'ja', focused: true }], {
      ...ALICE_DM,
      type: 4,
    });
    const from = h.discord.requests.length;
    h.discord.dispatch('INTERACTION_CREATE', ask);
    const choices = await requestTo(h.discord, new RegExp(`^/interactions/${ask.id}/`), from);
    expect(choices.body).toEqual({
      type: 8,
      data: { choices: [{ name: '#1 Jane Doe (Acme)', value: '#1' }] },
    });
    expect((await h.world.store.workspacesOfUser('discord', USER_ID)).map((w) => w.externalId)).toEqual([
      GUILD_ID,
    ]);
  });

  it('a forged press on another member’s promise, from a DM or a server, is “no longer there” and changes nothing', async () => {
    await add('Jane Doe (recruiter, Acme) will call me back today 1pm');
    const jane = byName(await h.world.store.listPromises(await scopeIn(GUILD_ID)), 'Jane Doe');
    await deliverDigest();
    // Mallory uses Thrice in the same server, and presses on her own list with Jane's id put in.
    const mallory: Sender = { userId: MALLORY_ID, globalName: 'Mallory' };
    await add('Sam (Hooli) will call me back tomorrow', mallory);
    const own = (await h.slash('list', [], mallory)).edit;
    const before = await everything();

    for (const who of [{ ...mallory, dm: true }, mallory]) {
      for (const [customId, values] of [
        [`thrice:followed:${jane.id}`, undefined],
        [`thrice:heard:${jane.id}`, undefined],
        [`thrice:undo:${jane.id}`, undefined],
        [`thrice:close:${jane.id}`, ['no']],
        [`thrice:snooze:${jane.id}`, ['next_week']],
        [`thrice:do:${jane.id}`, ['close:cold']],
      ] as const) {
        const answer = await h.press(
          customId,
          { components: own?.components, flags: own?.flags },
          { ...who, ...(values === undefined ? {} : { values: [...values] }) },
        );
        expect(answer).toMatchObject({ type: 4, data: { flags: 64 } });
        expect(shownText(answer.data)).toMatch(/no longer there|Nothing to undo/);
      }
    }
    expect(await everything()).toEqual(before);
    expect(h.discord.rejections).toEqual([]);
  });

  it('a member of several servers: a DM command uses the most recently active one and names it; a press still finds its own', async () => {
    await h.world.store.ensureWorkspace({ platform: 'discord', externalId: GUILD_ID, name: 'Acme Alumni' });
    await h.world.store.ensureWorkspace({
      platform: 'discord',
      externalId: OTHER_GUILD,
      name: 'Globex Bootcamp',
    });
    await add('Jane Doe (recruiter, Acme) will call me back today 1pm');
    h.world.clock.set('2026-11-30T08:30:00Z');
    await add('Bob (Globex) will email me tomorrow', { ...ALICE, guildId: OTHER_GUILD });

    const list = shownText((await h.slash('list', [], ALICE_DM)).edit);
    expect(list).toMatch(/#1 Bob \(Globex\)/);
    expect(list).not.toMatch(/Jane Doe/);
    expect(list).toMatch(/You use Thrice in 2 servers; from here I use your promises in \**Globex Bootcamp/);

    // Jane's digest comes from the first server; pressing it in the DM changes Jane, not Bob.
    const messageId = await deliverDigest();
    const jane = byName(await h.world.store.listPromises(await scopeIn(GUILD_ID)), 'Jane Doe');
    expect((await h.press(`thrice:heard:${jane.id}`, h.discord.message(messageId), ALICE_DM)).type).toBe(7);
    expect(
      byName(await h.world.store.listPromises(await scopeIn(GUILD_ID), { includeClosed: true }), 'Jane Doe')
        .outcome,
    ).toBe('heard');
    expect(byName(await h.world.store.listPromises(await scopeIn(OTHER_GUILD)), 'Bob').outcome).toBeNull();

    // Activity in the first server makes it the most recent one.
    h.world.clock.set('2026-12-01T10:00:00Z');
    await add('Priya (Initech) will call me tomorrow');
    const again = shownText((await h.slash('list', [], ALICE_DM)).edit);
    expect(again).toMatch(/from here I use your promises in \**Acme Alumni/);
    expect(again).toMatch(/#\d Priya \(Initech\)/);
  });

  it('forget-me confirmed from the DM of a member of several servers deletes nothing and says where to run it', async () => {
    await add('Jane Doe (recruiter, Acme) will call me back today 1pm');
    await add('Bob (Globex) will email me tomorrow', { ...ALICE, guildId: OTHER_GUILD });
    const before = await everything();

    const answer = await h.press('thrice:confirm_forget:', { id: '300000000000000099' }, ALICE_DM);

    expect(answer.type).toBe(4);
    expect(shownText(answer.data)).toMatch(/several servers, so I deleted nothing/);
    expect(await everything()).toEqual(before);
  });

  it('a user Thrice knows from no server keeps a personal workspace in the DM', async () => {
    const stranger: Sender = { userId: '400000000000000077', globalName: 'Sol', dm: true };
    const added = await h.slash(
      'add',
      [{ name: 'text', type: STRING, value: 'Ana will email me tomorrow' }],
      stranger,
    );
    expect(shownText(added.edit)).toMatch(/Ana promised to email you/);
    expect(shownText((await h.slash('list', [], stranger)).edit)).toMatch(/#1 Ana/);
    expect(
      (await h.world.store.workspacesOfUser('discord', '400000000000000077')).map((w) => w.externalId),
    ).toEqual(['@me']);
  });
});
