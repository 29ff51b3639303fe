import { DateTime } from 'luxon';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Item, Message } from '../../src/core/message.ts';
import { actor, describeOnDrivers, openWorld, say } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

function items(message: Message): Item[] {
  return message.sections.flatMap((s) => s.items);
}

/** Every line a member reads in a message. */
function text(message: Message): string {
  return [
    message.title,
    ...items(message).flatMap((i) => [i.text, ...(i.details ?? []), i.quote ?? '']),
    message.footer,
  ]
    .filter(Boolean)
    .join('\n');
}

const ZONE = 'Europe/Berlin';
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();

describeOnDrivers('a meeting still ahead, and a meeting said with its time', (driver) => {
  let world: World;
  const alice = actor('Alice', ZONE);
  beforeEach(async () => {
    world = await openWorld({ driver, now: local('2026-12-01T15:25').toISOString() }); // Tue 1 Dec
  });
  afterEach(async () => world.close());

  it('an interview logged ahead lists as upcoming, with no thank-you until it has happened', async () => {
    await say(world.inbound, alice, 'Ann at Initech will call me back by Wednesday');
    const heard = await say(world.inbound, alice, 'heard #1 second interview Thursday 2pm');
    expect(text(heard)).toContain('Next step: second interview on Thu 3 Dec, 2:00 PM CET, saved as #2.');
    const list = await say(world.inbound, alice, 'list');
    const meeting = items(list).find((i) => i.ref === 2);
    expect(meeting?.text).toBe(
      '#2 Interview with Ann (Initech), Thu 3 Dec, 2:00 PM — a thank-you note after it.',
    );
    expect(meeting?.actions ?? []).toEqual([]);
    expect(text(list)).not.toMatch(/thank ann|conversation/i);
    const digest = await world.inbound.view(alice, 'digest');
    expect(digest === null ? '' : text(digest)).not.toMatch(/thank ann|conversation/i);
  });

  it('the morning digest before an interview at the start of work asks for no thank-you; after it, it does', async () => {
    await say(world.inbound, alice, 'settings digest 08:30');
    await say(world.inbound, alice, 'Ann at Initech will call me back by Wednesday');
    await say(world.inbound, alice, 'heard #1 interview Thursday 9am');
    // Thursday 08:30: the working day starts at 09:00, the interview too; it has not happened yet.
    world.clock.set(local('2026-12-03T08:30'));
    const before = await world.inbound.view(alice, 'digest');
    expect(before === null ? '' : text(before)).not.toMatch(/thank ann|conversation/i);
    // Thursday 11:00: it has happened, and the thank-you is asked for, with its button.
    world.clock.set(local('2026-12-03T11:00'));
    const list = await say(world.inbound, alice, 'list');
    const meeting = items(list).find((i) => i.ref === 2);
    expect(meeting?.text).toBe('#2 Thank Ann (Initech) for today’s conversation.');
    expect(meeting?.actions?.map((a) => a.kind)).toEqual(['followed']);
  });

  it('"met Jane today 2pm" said at 15:25 dates the meeting 14:00: the thank-you is due a day after it', async () => {
    const reply = text(await say(world.inbound, alice, 'met Jane today 2pm'));
    expect(reply).toContain('Send a short thank-you note by Wed 2 Dec, 2:00 PM.');
    expect(reply).not.toContain('3:25 PM');
    const list = await say(world.inbound, alice, 'list');
    expect(text(list)).toContain('A short thank-you note, by Wed 2 Dec, 2:00 PM — for example:');
    // No company, no role: the note names the role once and reads naturally.
    const quote = items(list).find((i) => i.ref === 1)?.quote ?? '';
    expect(quote.match(/the role/g) ?? []).toHaveLength(1);
    expect(quote).toContain('Thank you for taking the time to talk with me today.');
  });

  it('"met Jane tomorrow 10am" is a meeting ahead too: listed as upcoming, no thank-you yet', async () => {
    const reply = text(await say(world.inbound, alice, 'met Jane tomorrow 10am'));
    expect(reply).toBe(
      "Saved your meeting with Jane on Wed 2 Dec, 10:00 AM (#1). Send a short thank-you note after it, by Thu 3 Dec, 10:00 AM. I'll remind you on Thu 3 Dec at 9:00 AM.",
    );
    const list = await say(world.inbound, alice, 'list');
    const meeting = items(list).find((i) => i.ref === 1);
    expect(meeting?.text).toBe('#1 Meeting with Jane, Wed 2 Dec, 10:00 AM — a thank-you note after it.');
    expect(meeting?.actions ?? []).toEqual([]);
    const digest = await world.inbound.view(alice, 'digest');
    expect(digest === null ? '' : text(digest)).not.toMatch(/thank jane|conversation/i);
  });
});
