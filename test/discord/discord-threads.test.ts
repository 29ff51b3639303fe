import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { commandDefinitions } from '../../adapters/discord/commands.ts';
import { resetDatabase } from '../support/database.ts';
import { commandInteraction, GUILD_ID, nextSnowflake, USER_ID } from '../support/fake-discord.ts';
import { describeOnDrivers } from '../support/world.ts';
import {
  customIdsOf,
  type Harness,
  type Option,
  openHarness,
  requestTo,
  STRING,
  shownText,
} from './harness.ts';

describeOnDrivers('Discord: duplicates, edit, history, reopen', (driver) => {
  let h: Harness;
  const text = (body: unknown) => shownText(body);
  const ref = (value: string): Option => ({ name: 'ref', type: STRING, value });
  const add = (line: string) => h.slash('add', [{ name: 'text', type: STRING, value: line }]);

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

  it('a duplicate add renders [Update #1] [Add as new] within the 100-character id; pressing one updates #1', async () => {
    await add('Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    const { edit } = await add('Jane Doe (Acme) will call me back by Monday 10am');
    expect(text(edit)).toMatch(/Update #1 with what you just said/);
    const ids = customIdsOf(edit);
    const update = ids.find((id) => id.startsWith('thrice:dup_update:')) ?? '';
    const fresh = ids.find((id) => id.startsWith('thrice:dup_new:')) ?? '';
    expect(update.length).toBeGreaterThan('thrice:dup_update:'.length);
    for (const id of [update, fresh]) expect(id.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(edit)).toMatch(/"label":"Update #1"[\s\S]*"label":"Add as new"/);

    const message = { id: nextSnowflake(), components: edit?.components, flags: edit?.flags };
    const pressed = await h.press(update, message);
    expect(pressed.type).toBe(7);
    expect(text(pressed.data)).toMatch(
      /✓ Updated #1: Jane Doe \(recruiter, Acme\) promised to call you back by <t:\d+:f> \(<t:\d+:R>\)\. I'll nudge you at <t:\d+:f>/,
    );
    // The question is answered: its other button does nothing more, and says so privately.
    const late = await h.press(fresh, message);
    expect(text(late.data)).toMatch(/expired or was already answered/);
    expect(text((await h.slash('list')).edit)).not.toMatch(/#2/);
    expect(h.discord.rejections).toEqual([]);
  });

  it('edit with a field changes it; edit with only a ref opens the Edit form for that promise', async () => {
    await add('Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    const changed = await h.slash('edit', [
      ref('#1'),
      { name: 'field', type: STRING, value: 'company' },
      { name: 'value', type: STRING, value: 'Plaid' },
    ]);
    expect(text(changed.edit)).toMatch(
      /Updated #1 Jane Doe \(recruiter, Plaid\): the company is now Plaid\. I'll nudge you/,
    );
    const [jane] = await h.world.store.listPromises(await scopeOf());
    const form = await h.slash('edit', [ref('#1')]);
    expect((form.callback.body as { type: number }).type).toBe(9);
    expect(JSON.stringify(form.callback.body)).toContain(`thrice:form:${jane?.id}`);
    // A ref that finds nothing is answered, not a form.
    const unknown = await h.slash('edit', [ref('#7')]);
    expect(text(unknown.edit)).toMatch(/#7/);
    expect(h.discord.rejections).toEqual([]);
  });

  it('history lists closed promises; reopen autocompletes over closed ones and reopens', async () => {
    await add('Jane Doe (Acme) will call me back by Friday 3pm');
    await add('Bob will call me tomorrow');
    await h.slash('heard', [ref('#1')]);
    expect(text((await h.slash('history')).edit)).toMatch(/#1 Jane Doe \(Acme\)[\s\S]*Heard back on/);

    const interaction = commandInteraction(
      'reopen',
      [{ name: 'ref', type: STRING, value: '', focused: true }],
      {
        type: 4,
      },
    );
    const from = h.discord.requests.length;
    h.discord.dispatch('INTERACTION_CREATE', interaction);
    const choices = await requestTo(h.discord, new RegExp(`^/interactions/${interaction.id}/`), from);
    expect(choices.body).toEqual({
      type: 8,
      data: { choices: [{ name: '#1 Jane Doe (Acme)', value: '#1' }] },
    });

    expect(text((await h.slash('reopen', [ref('#1')])).edit)).toMatch(/Reopened #1 Jane Doe/);
    expect(text((await h.slash('reopen', [ref('#2')])).edit)).toMatch(/#2 Bob is still open/);
    expect(h.discord.rejections).toEqual([]);
  });

  it('the registered command defines edit, reopen (refs autocompleted) and history', () => {
    const [promise] = commandDefinitions();
    const subs = new Map(
      (promise?.options ?? []).map((o) => [
        o.name,
        o as { options?: { name: string; autocomplete?: boolean }[] },
      ]),
    );
    for (const name of ['edit', 'reopen']) {
      expect(subs.get(name)?.options?.find((o) => o.name === 'ref')?.autocomplete, name).toBe(true);
    }
    expect(subs.get('edit')?.options?.map((o) => o.name)).toEqual(['ref', 'field', 'value']);
    expect(subs.has('history')).toBe(true);
  });

  async function scopeOf() {
    const member = await h.world.inbound.memberFor({
      workspace: { platform: 'discord', externalId: GUILD_ID, name: null },
      user: { externalId: USER_ID, displayName: 'x' },
      canManageWorkspace: false,
    });
    return { workspaceId: member.workspaceId, memberId: member.id };
  }
});
