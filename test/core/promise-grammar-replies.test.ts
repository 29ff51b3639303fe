import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Message } from '../../src/core/message.ts';
import { actor, type Driver, describeOnDrivers, openWorld, resetDatabase, say } from '../support/world.ts';

/*
 * The replies to what job seekers really type (issue 13), through the real inbound service on a
 * real store: overdue promises get the first nudge's wording at once, assumed and misread dates
 * say how they were read (with Edit to change them), other zones are converted, a pronoun is
 * asked about and nothing is saved, and a title and an e-mail address are kept.
 */

function item(message: Message) {
  const first = message.sections[0]?.items[0];
  if (first === undefined) throw new Error('empty message');
  return first;
}

function allText(message: Message): string {
  return message.sections
    .flatMap((s) => s.items)
    .flatMap((i) => [i.text, ...(i.details ?? []), i.quote ?? ''])
    .join('\n');
}

describeOnDrivers('replies to real-world adds', (driver: Driver) => {
  let world: Awaited<ReturnType<typeof openWorld>>;
  const berlin = actor('Mia', 'Europe/Berlin');
  const kolkata = actor('Arjun', 'Asia/Kolkata');
  const angeles = actor('Lee', 'America/Los_Angeles');

  beforeAll(async () => {
    // Wednesday 2 Dec 2026, 10:00 in Berlin.
    world = await openWorld({ driver, now: '2026-12-02T09:00:00Z' });
  });
  beforeEach(async () => {
    await resetDatabase(world.database);
  });
  afterAll(async () => {
    await world.close();
  });

  it('an overdue promise is saved, says how long ago, and gives the first nudge to send now', async () => {
    const reply = await say(world.inbound, berlin, 'Raj was supposed to call me last Monday');
    const { text, quote, actions } = item(reply);
    expect(text).toContain('Raj promised to call you by Mon 30 Nov — that was 2 days ago');
    expect(quote).toMatch(/^Hi Raj,/);
    expect(quote).toMatch(/Monday/);
    expect(actions?.map((a) => a.kind)).toEqual(['undo', 'edit']);
    const list = allText(await say(world.inbound, berlin, 'list'));
    expect(list).toContain('Raj');
  });

  it('an overdue exact time gets its nudge in the reply, and no timed nudge repeats it', async () => {
    const reply = await say(world.inbound, berlin, 'Jane promised to call me at 9am today');
    expect(item(reply).text).toContain('that was earlier today');
    expect(item(reply).quote).toMatch(/^Hi Jane,/);
    const [saved] = await world.inbound.openPromises(berlin);
    expect(saved?.nextNudgeAt).toBeNull();
    expect(saved?.lastNudgedAttempt).toBe(1);
  });

  it('"yesterday" said in Kolkata is a day ago', async () => {
    const reply = await say(world.inbound, kolkata, 'Sam promised to call me yesterday');
    expect(item(reply).text).toContain('that was yesterday');
    expect(item(reply).quote).toContain('Hi Sam');
  });

  it('an undated promise says which default was assumed, and offers Edit', async () => {
    const reply = await say(world.inbound, angeles, 'Leo will call me back');
    expect(item(reply).text).toContain('Leo promised to call you back within a week');
    expect(allText(reply)).toContain("No date was given, so I assumed a week (a coach's default)");
    expect(item(reply).actions?.some((a) => a.kind === 'edit')).toBe(true);
    const asap = await say(world.inbound, berlin, 'Dana will get back to me ASAP');
    expect(allText(asap)).toContain('"ASAP" read as the next working day, Thu 3 Dec');
    const holidays = await say(world.inbound, berlin, 'Eli will reply after the holidays');
    expect(allText(holidays)).toContain('"After the holidays" read as Mon 4 Jan');
  });

  it('"after the holidays" and "ASAP" follow the member’s own country and work days', async () => {
    const hamburg = actor('Jonas', 'Europe/Berlin');
    await say(world.inbound, hamburg, 'settings country DE workdays mon-thu');
    // Monday 21 Dec 2026: Christmas Day and Boxing Day fall on Friday and Saturday.
    world.clock.set('2026-12-21T09:00:00Z');
    try {
      const holidays = await say(world.inbound, hamburg, 'Dana will reply after the holidays');
      expect(allText(holidays)).toContain('"After the holidays" read as Mon 4 Jan');
      // Thursday 24 Dec: the next of a Monday-to-Thursday week is Monday 28 Dec, not Friday.
      world.clock.set('2026-12-24T09:00:00Z');
      const asap = await say(world.inbound, hamburg, 'Kim will get back to me ASAP');
      expect(allText(asap)).toContain('"ASAP" read as the next working day, Mon 28 Dec');
    } finally {
      world.clock.set('2026-12-02T09:00:00Z');
    }
  });

  it('a misspelled day is read and the reading shown', async () => {
    const reply = await say(world.inbound, berlin, 'Jane will call me on firday');
    expect(allText(reply)).toContain('I read "firday" as Friday — Fri 4 Dec');
  });

  it('a time in another zone is converted into the member’s', async () => {
    const reply = await say(world.inbound, berlin, 'Jane will call me Friday 3pm PT');
    expect(item(reply).text).toContain('by Sat 5 Dec, 12:00 AM CET');
    expect(allText(reply)).toContain('3:00 PM PT is Sat 5 Dec, 12:00 AM CET in your time zone');
  });

  it('a pronoun is asked about, and nothing is saved', async () => {
    const reply = await say(world.inbound, berlin, "she said she'd get back to me in 2 weeks");
    expect(reply.kind).toBe('error');
    expect(allText(reply)).toContain('Who is "she"?');
    expect(allText(await say(world.inbound, berlin, 'list'))).toContain('No open promises');
  });

  it('a title and an e-mail address are kept, and the title shows where the company does', async () => {
    const reply = await say(world.inbound, berlin, 'Jane (VP Eng, Plaid) will call me Friday');
    expect(item(reply).text).toContain('Jane (VP Eng, Plaid) promised to call you');
    await say(world.inbound, berlin, 'jane.doe@Acme.com will email me Friday');
    const list = allText(await say(world.inbound, berlin, 'list'));
    expect(list).toContain('Jane (VP Eng, Plaid)');
    expect(list).toContain('jane.doe@Acme.com (Acme)');
    const open = await world.inbound.openPromises(berlin);
    const byName = new Map(open.map((p) => [p.contact.name, p.contact]));
    expect(byName.get('Jane')).toEqual({ name: 'Jane', role: null, company: 'Plaid', title: 'VP Eng' });
    expect(byName.get('jane.doe@Acme.com')).toEqual({
      name: 'jane.doe@Acme.com',
      role: null,
      company: 'Acme',
      email: 'jane.doe@Acme.com',
    });
  });
});
