import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { escapeTimed } from '../../adapters/discord/render.ts';
import { resetDatabase } from '../support/database.ts';
import { dmChannelOf, GUILD_ID, nextSnowflake, USER_ID } from '../support/fake-discord.ts';
import { describeOnDrivers } from '../support/world.ts';
import { customIdsOf, type Harness, markdownOf, openHarness, STRING } from './harness.ts';

/*
 * Every moment Thrice shows on Discord is a Discord timestamp (`<t:unix:f>` and `<t:unix:R>`),
 * so each viewer reads it in their own zone, even before the member sets one. Wording the member
 * copies to a contact keeps its words.
 */

const FRIDAY_3PM = Date.UTC(2026, 11, 4, 15) / 1000;
const stamp = (unix: number) => `<t:${unix}:f> (<t:${unix}:R>)`;

describeOnDrivers('Discord timestamps: times in each viewer’s own zone', (driver) => {
  let h: Harness;

  beforeAll(async () => {
    // Monday 30 November 2026, 08:00 UTC; the member never sets a zone.
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

  const markdown = (body: unknown) => markdownOf(body).join('\n');

  it('the add confirmation, the list and a snooze show Discord timestamps instead of UTC clock times', async () => {
    const added = await h.slash('add', [
      { name: 'text', type: STRING, value: 'Jane Doe will call me back by Friday 3pm' },
    ]);
    expect(markdown(added.edit)).toContain(`promised to call you back by ${stamp(FRIDAY_3PM)}`);
    expect(markdown(added.edit)).not.toMatch(/3\\?:00 PM/);

    const { edit } = await h.slash('list');
    expect(markdown(edit)).toContain(stamp(FRIDAY_3PM));

    const menu = customIdsOf(edit).find((id) => id.startsWith('thrice:snooze:')) ?? '';
    const snoozed = await h.press(
      menu,
      { id: nextSnowflake(), components: edit?.components, flags: edit?.flags },
      { values: ['3h'] },
    );
    expect(snoozed.type).toBe(7);
    // 08:00 + 3 hours, Monday 11:00 UTC.
    expect(markdown(snoozed.data)).toContain(`until ${stamp(Date.UTC(2026, 10, 30, 11) / 1000)}`);
    expect(h.discord.rejections).toEqual([]);
  });

  it('the digest and a nudge DM show timestamps; the wording to copy keeps its words', async () => {
    await h.slash('add', [
      { name: 'text', type: STRING, value: 'Jane Doe will call me back by Tuesday 3pm' },
    ]);
    const tuesday3pm = Date.UTC(2026, 11, 1, 15) / 1000;
    await h.tickAt('2026-12-01T09:00:00Z');
    const digest = h.discord.messages.find(
      (m) => m.channel_id === dmChannelOf(USER_ID) && markdown(m.body).includes('Good morning'),
    );
    expect(markdown(digest?.body)).toContain(stamp(tuesday3pm));

    // With the digest off, the nudge comes as a DM of its own at its moment.
    await h.slash('settings', [{ name: 'digest', type: STRING, value: 'off' }]);
    const member = await h.world.inbound.memberFor({
      workspace: { platform: 'discord', externalId: GUILD_ID, name: null },
      user: { externalId: USER_ID, displayName: 'Alice' },
      canManageWorkspace: false,
    });
    const [jane] = await h.world.store.listPromises({ workspaceId: member.workspaceId, memberId: member.id });
    const nudgeAt = jane?.nextNudgeAt;
    if (nudgeAt == null) throw new Error('no nudge planned');
    await h.tickAt(nudgeAt.toISOString());
    const nudge = h.discord.messages.find(
      (m) => m.channel_id === dmChannelOf(USER_ID) && markdown(m.body).includes('Time for a polite nudge'),
    );
    const text = markdown(nudge?.body);
    expect(text).toContain(`promised to call you back by ${stamp(tuesday3pm)}`);
    const quoted = text.split('\n').filter((line) => line.startsWith('> '));
    expect(quoted.length).toBeGreaterThan(0);
    for (const line of quoted) expect(line).not.toContain('<t:');
    expect(h.discord.rejections).toEqual([]);
  });

  it('member text is escaped around a marked moment, and a mark inside a longer word is left alone', () => {
    const marks = [{ text: 'Fri 4 Dec, 3:00 PM', unix: FRIDAY_3PM }];
    expect(escapeTimed('<@123> said Fri 4 Dec, 3:00 PM **now**', marks)).toBe(
      `\\<\\@123\\> said ${stamp(FRIDAY_3PM)} \\*\\*now\\*\\*`,
    );
    expect(escapeTimed('XFri 4 Dec, 3:00 PM', marks)).toBe('XFri 4 Dec, 3\\:00 PM');
    expect(escapeTimed('no marks <t:1:R>', undefined)).toBe('no marks \\<t\\:1\\:R\\>');
  });
});
