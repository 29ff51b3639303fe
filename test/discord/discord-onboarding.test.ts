import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { resetDatabase } from '../support/database.ts';
import { commandInteraction, dmChannelOf, GUILD_ID, type Sender, USER_ID } from '../support/fake-discord.ts';
import { describeOnDrivers } from '../support/world.ts';
import {
  componentsOf,
  type Harness,
  type Json,
  openHarness,
  requestTo,
  STRING,
  shownText,
} from './harness.ts';

/*
 * A new member's first command brings a welcome DM: one example, the time zone and the country
 * with pickers, how digests work. Once per member, remembered in the database.
 */

const ALICE: Sender = { userId: USER_ID, globalName: 'Alice' };
const BOB_ID = '400000000000000002';

describeOnDrivers('Discord onboarding: the welcome DM', (driver) => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(driver, { now: '2026-11-30T08:00:00Z' });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await resetDatabase(h.world.database);
    h.discord.rejections.length = 0;
    h.discord.messages.length = 0;
  });

  /** The messages Discord stored in a user's DM with the bot. */
  const dms = (userId: string) => h.discord.messages.filter((m) => m.channel_id === dmChannelOf(userId));

  /** Waits for the welcome DM of `userId` (sent after the command's answer). */
  async function welcomeOf(userId: string, from: number) {
    await requestTo(h.discord, new RegExp(`^/channels/${dmChannelOf(userId)}/messages$`), from);
    const [welcome, ...more] = dms(userId);
    expect(more).toEqual([]);
    if (welcome === undefined) throw new Error('no welcome');
    return welcome;
  }

  it('the first command brings one welcome DM with an example, the pickers and how digests work; the second none', async () => {
    const from = h.discord.requests.length;
    const first = await h.slash('list', [], ALICE);
    expect(shownText(first.edit)).toMatch(/No open promises/);
    const welcome = await welcomeOf(USER_ID, from);
    const text = shownText(welcome.body);
    expect(text).toMatch(/Welcome to Thrice/);
    expect(text).toMatch(
      /Try it: `\/promise add text:Jane Doe \(recruiter, Acme\) will call me back by Friday 3pm`/,
    );
    expect(text).toMatch(/Which time zone are you in\? Until you pick one, times are in UTC/);
    expect(text).toMatch(/Every working morning at 09:00 \(your time\) I DM you a digest/);
    const menus = componentsOf(welcome.body).filter((c) => c.type === 3);
    expect(menus.map((m) => m.custom_id)).toEqual(['thrice:welcome_tz:', 'thrice:welcome_country:']);
    const zones = (menus[0]?.options ?? []) as Json[];
    expect(zones[0]).toMatchObject({ value: 'UTC', default: true });
    expect(zones.map((o) => o.value)).toContain('Europe/Berlin');
    expect(zones.at(-1)).toMatchObject({ value: 'type' });
    // The locale en-US guessed the country: it is chosen in the menu.
    const countries = (menus[1]?.options ?? []) as Json[];
    expect(countries.find((o) => o.default === true)).toMatchObject({ value: 'US' });

    const sentBefore = h.discord.requestsTo(/^\/channels\/\d+\/messages$/).length;
    await h.slash(
      'add',
      [{ name: 'text', type: STRING, value: 'Jane Doe will call me back tomorrow' }],
      ALICE,
    );
    await h.slash('list', [], { ...ALICE, dm: true });
    expect(h.discord.requestsTo(/^\/channels\/\d+\/messages$/)).toHaveLength(sentBefore);
    expect(dms(USER_ID)).toHaveLength(1);
    // Another new member gets their own.
    const fromBob = h.discord.requests.length;
    await h.slash('stats', [], { userId: BOB_ID, globalName: 'Bob' });
    expect(shownText((await welcomeOf(BOB_ID, fromBob)).body)).toMatch(/Welcome to Thrice/);
    expect(h.discord.rejections).toEqual([]);
  });

  it('a welcome DM Discord refuses (50007) is said in the first command’s answer, with the fix; once', async () => {
    h.discord.failNextMessages({
      status: 403,
      body: { message: 'Cannot send messages to this user', code: 50007 },
    });
    const first = shownText((await h.slash('list', [], ALICE)).edit);
    expect(first).toMatch(/No open promises/);
    expect(first).toMatch(/could not send you a welcome DM/);
    expect(first).toMatch(/Privacy Settings/);
    expect(dms(USER_ID)).toEqual([]);
    expect(shownText((await h.slash('list', [], ALICE)).edit)).not.toMatch(/welcome DM/);
  });

  it('a welcome DM that fails for another reason (a bad request, not a refusal) is only logged', async () => {
    h.discord.failNextMessages({ status: 400, body: { message: 'Invalid Form Body', code: 50035 } });
    const first = shownText((await h.slash('list', [], ALICE)).edit);
    expect(first).toMatch(/No open promises/);
    expect(first).not.toMatch(/welcome DM/);
  });
  it('picking a zone in the welcome sets it; “type it” opens a form that sets zone and country', async () => {
    const from = h.discord.requests.length;
    await h.slash('list', [], ALICE);
    const welcome = await welcomeOf(USER_ID, from);
    const message = h.discord.message(welcome.id);
    const beforePick = h.discord.requests.length;
    const picked = await h.press('thrice:welcome_tz:', message, {
      ...ALICE,
      dm: true,
      values: ['Europe/Berlin'],
    });
    expect(picked.type).toBe(5);
    const settings = async () =>
      (
        await h.world.inbound.memberFor({
          workspace: { platform: 'discord', externalId: GUILD_ID, name: null },
          user: { externalId: USER_ID, displayName: 'Alice' },
          canManageWorkspace: false,
        })
      ).settings;
    // The answer is a private reply; wait for it before reading the store.
    const answer = await requestTo(h.discord, /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/, beforePick);
    expect(shownText(answer.body)).toMatch(/Europe\/Berlin/);
    expect((await settings()).timeZone).toBe('Europe/Berlin');

    const form = await h.press('thrice:welcome_country:', message, { ...ALICE, dm: true, values: ['type'] });
    expect(form.type).toBe(9);
    const submit = {
      ...commandInteraction('list', [], { ...ALICE, dm: true }),
      type: 5,
      data: {
        custom_id: 'thrice:welcome-form',
        components: [
          { type: 1, components: [{ type: 4, custom_id: 'tz', value: 'Asia/Kolkata' }] },
          { type: 1, components: [{ type: 4, custom_id: 'country', value: 'India' }] },
        ],
      },
    };
    const before = h.discord.requests.length;
    h.discord.dispatch('INTERACTION_CREATE', submit);
    const saved = await requestTo(
      h.discord,
      new RegExp(`^/webhooks/\\d+/${submit.token}/messages/@original$`),
      before,
    );
    expect(shownText(saved.body)).toMatch(/Asia\/Kolkata/);
    const after = await settings();
    expect([after.timeZone, after.country]).toEqual(['Asia/Kolkata', 'IN']);
    // Still one welcome.
    expect(dms(USER_ID)).toHaveLength(1);
    expect(h.discord.rejections).toEqual([]);
  });
});
