import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { resetDatabase } from '../support/database.ts';
import {
  APPLICATION_ID,
  commandInteraction,
  GUILD_ID,
  messageObject,
  nextSnowflake,
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

const ZONE = 'America/Los_Angeles';
const RECRUITER = "Hi, this is Dana from Stripe, I'll get back to you by Friday";

type Modal = {
  type: number;
  data: { custom_id: string; title: string; components: { components: Json[] }[] };
};

const local = (at: Date | null | undefined) =>
  at == null ? null : DateTime.fromJSDate(at, { zone: ZONE }).toFormat('ccc yyyy-LL-dd HH:mm');

describeOnDrivers(
  'Discord: Track as a promise and snoozing like /remind, through the real discord.js',
  (driver) => {
    let h: Harness;

    beforeAll(async () => {
      h = await openHarness(driver);
    });
    afterAll(async () => {
      await h.close();
    });
    beforeEach(async () => {
      await resetDatabase(h.world.database);
      h.discord.rejections.length = 0;
      // Tuesday 1 Dec 2026, 09:00 in Los Angeles.
      h.world.clock.set(DateTime.fromISO('2026-12-01T09:00', { zone: ZONE }).toJSDate());
      await h.slash('settings', [{ name: 'tz', type: STRING, value: ZONE }]);
    });

    async function promises() {
      const member = await h.world.inbound.memberFor({
        workspace: { platform: 'discord', externalId: GUILD_ID, name: null },
        user: { externalId: USER_ID, displayName: 'Alice' },
        canManageWorkspace: false,
      });
      return h.world.store.listPromises({ workspaceId: member.workspaceId, memberId: member.id });
    }

    /** Chooses `choice` in the snooze menu of the only promise of a `/promise list` reply. */
    async function snoozeMenu(choice: string) {
      const { edit } = await h.slash('list');
      const ids = customIdsOf(edit);
      const menu =
        ids.find((id) => id.startsWith('thrice:snooze:')) ?? ids.find((id) => id.startsWith('thrice:do:'));
      expect(menu).toBeDefined();
      const value = menu?.startsWith('thrice:do:') ? `snooze:${choice}` : choice;
      return h.press(String(menu), { components: edit?.components, flags: edit?.flags }, { values: [value] });
    }

    /** Submits the snooze form for `promiseId` with `when` typed; returns the deferred reply's text. */
    async function submitSnooze(customId: string, when: string): Promise<string> {
      const submit = {
        ...commandInteraction('list', []),
        type: 5,
        data: {
          custom_id: customId,
          components: [{ type: 1, components: [{ type: 4, custom_id: 'when', value: when }] }],
        },
      };
      const from = h.discord.requests.length;
      h.discord.dispatch('INTERACTION_CREATE', submit);
      const edited = await requestTo(
        h.discord,
        new RegExp(`^/webhooks/${APPLICATION_ID}/${submit.token}/messages/@original`),
        from,
      );
      return shownText(edited.body);
    }

    it('the message command opens the add form filled in from a recruiter’s message', async () => {
      const target = messageObject('300000000000000001', { content: RECRUITER });
      const base = commandInteraction('add', []);
      const interaction = {
        ...base,
        data: {
          id: '600000000000000002',
          name: 'Track as a promise',
          type: 3,
          target_id: target.id,
          resolved: { messages: { [target.id]: target } },
        },
      };
      const from = h.discord.requests.length;
      h.discord.dispatch('INTERACTION_CREATE', interaction);
      const callback = await requestTo(h.discord, new RegExp(`^/interactions/${interaction.id}/`), from);
      const modal = callback.body as Modal;
      expect(modal.type).toBe(9);
      expect(modal.data.custom_id).toBe('thrice:form');
      const values = Object.fromEntries(
        modal.data.components.flatMap((row) => row.components).map((c) => [c.custom_id, c.value ?? '']),
      );
      expect(values).toEqual({
        who: 'Dana',
        company: 'Stripe',
        what: 'get back to me',
        when: 'by Friday',
        note: '',
      });
      for (const input of modal.data.components.flatMap((row) => row.components))
        expect(String(input.value ?? '').length).toBeLessThanOrEqual(Number(input.max_length));
    });

    it('a long message in an embed that the grammar cannot read goes in the note, cut to fit the form', async () => {
      const long = `We were impressed by your portfolio. ${'Lots more to say. '.repeat(300)}`;
      const target = messageObject('300000000000000001', {
        content: '',
        embeds: [{ title: 'Application update', description: long }],
      });
      const interaction = {
        ...commandInteraction('add', []),
        data: {
          id: '600000000000000002',
          name: 'Track as a promise',
          type: 3,
          target_id: target.id,
          resolved: { messages: { [target.id]: target } },
        },
      };
      const from = h.discord.requests.length;
      h.discord.dispatch('INTERACTION_CREATE', interaction);
      const callback = await requestTo(h.discord, new RegExp(`^/interactions/${interaction.id}/`), from);
      const inputs = (callback.body as Modal).data.components.flatMap((row) => row.components);
      const note = inputs.find((input) => input.custom_id === 'note');
      expect(String(note?.value).startsWith('Application update We were impressed')).toBe(true);
      expect(String(note?.value).length).toBe(Number(note?.max_length));
      expect(inputs.find((input) => input.custom_id === 'who')?.value).toBeUndefined();
    });

    it('each snooze choice moves the nudge to the right moment in the member’s zone', async () => {
      await h.slash('add', [{ name: 'text', type: STRING, value: 'Jane Doe will call me back by 10am' }]);
      // Wednesday 2 Dec, 10:00: yesterday's nudge is overdue.
      h.world.clock.set(DateTime.fromISO('2026-12-02T10:00', { zone: ZONE }).toJSDate());
      const expected: Record<string, string> = {
        '1h': 'Wed 2026-12-02 11:00',
        '3h': 'Wed 2026-12-02 13:00',
        tomorrow: 'Thu 2026-12-03 09:00',
        next_week: 'Mon 2026-12-07 09:00',
      };
      for (const [choice, at] of Object.entries(expected)) {
        const answer = await snoozeMenu(choice);
        expect(shownText(answer.data)).toMatch(/Snoozed #1 Jane Doe/);
        const [promise] = await promises();
        expect([choice, local(promise?.snoozedUntil), local(promise?.nextNudgeAt)]).toEqual([choice, at, at]);
      }
      expect(h.discord.rejections).toEqual([]);
    });

    it('Pick a date… opens a form; the date typed there is the snooze, read in the member’s zone', async () => {
      await h.slash('add', [{ name: 'text', type: STRING, value: 'Jane Doe will call me back by 10am' }]);
      const [promise] = await promises();
      const answer = (await snoozeMenu('pick')) as unknown as Modal;
      expect(answer.type).toBe(9);
      expect(answer.data.custom_id).toBe(`thrice:snooze-at:${promise?.id}`);
      expect(await submitSnooze(answer.data.custom_id, 'Dec 10 2:30pm')).toMatch(/Snoozed #1 Jane Doe/);
      const [snoozed] = await promises();
      expect(local(snoozed?.snoozedUntil)).toBe('Thu 2026-12-10 14:30');
      expect(local(snoozed?.nextNudgeAt)).toBe('Thu 2026-12-10 14:30');
      expect(h.discord.rejections).toEqual([]);
    });

    it('a date that has passed or cannot be read gets a friendly answer and changes nothing', async () => {
      await h.slash('add', [{ name: 'text', type: STRING, value: 'Jane Doe will call me back by 10am' }]);
      const [promise] = await promises();
      const id = `thrice:snooze-at:${promise?.id}`;
      expect(await submitSnooze(id, 'yesterday 3pm')).toMatch(/already passed/);
      expect(await submitSnooze(id, 'when pigs fly')).toMatch(/couldn.t|understand|read/i);
      // A forged promise id finds nothing.
      expect(await submitSnooze(`thrice:snooze-at:${nextSnowflake()}`, 'Dec 10')).toMatch(
        /no longer there|not/i,
      );
      const [after] = await promises();
      expect(after?.snoozedUntil).toBeNull();
      expect(after?.nextNudgeAt?.getTime()).toBe(promise?.nextNudgeAt?.getTime());
    });
  },
);
