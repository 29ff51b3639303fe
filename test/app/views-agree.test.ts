import { DateTime } from 'luxon';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Message } from '../../src/core/message.ts';
import { planTick } from '../../src/scheduler/planner.ts';
import { actor, describeOnDrivers, openWorld, press, say, testLog } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

/** Every line a member reads in a message. */
function text(message: Message | null | undefined): string {
  if (message === null || message === undefined) return '';
  return [
    message.title,
    ...message.sections.flatMap((s) => [
      s.heading ?? '',
      ...s.items.flatMap((i) => [i.text, ...(i.details ?? []), i.quote ?? '']),
    ]),
    message.footer,
  ]
    .filter(Boolean)
    .join('\n');
}

const ZONE = 'Europe/Berlin';
const DAY = 86_400_000;
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();

describeOnDrivers('views that agree with each other, through the inbound service', (driver) => {
  let world: World;
  const alice = actor('Alice', ZONE);
  beforeEach(async () => {
    world = await openWorld({ driver, now: '2026-12-01T09:00:00Z' }); // Tuesday 10:00 in Berlin
  });
  afterEach(async () => world.close());

  async function tick(at: Date) {
    world.clock.set(at);
    return planTick({ store: world.outbox, now: at, log: testLog });
  }

  it('a fourth follow-up is "follow-up 4", keeps the hiring-manager step, and the list never says "5 of 3"', async () => {
    await say(world.inbound, alice, 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    const replies: string[] = [];
    for (let i = 0; i < 4; i++) {
      replies.push(text(await say(world.inbound, alice, 'followed jane')));
      world.clock.advance(DAY);
    }
    expect(replies[2]).toContain('Logged follow-up 3 of 3 with Jane Doe (#1)');
    expect(replies[3]).toMatch(
      /^Logged follow-up 4 with Jane Doe \(#1\)\. I'll suggest asking for the hiring manager on /,
    );
    expect(replies[3]).not.toContain('No more nudges');
    expect(text(await say(world.inbound, alice, 'list'))).toContain(
      "I'll suggest asking for the hiring manager on",
    );
    await say(world.inbound, alice, 'keep going jane');
    await say(world.inbound, alice, 'followed jane');
    world.clock.advance(10 * DAY);
    const list = text(await say(world.inbound, alice, 'list'));
    expect(list).toContain('To nudge now: follow-up 6');
    expect(list).not.toMatch(/of 3/);
  });

  it('stats count one way: a thank-you note is not a follow-up this week nor all time, and plurals are right', async () => {
    await say(world.inbound, alice, 'met Bob at Globex today');
    await say(world.inbound, alice, 'followed bob');
    await say(world.inbound, alice, 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    await say(world.inbound, alice, 'followed jane');
    const stats = text(await say(world.inbound, alice, 'stats'));
    expect(stats).toContain('This week: 1 follow-up, 0 callbacks');
    expect(stats).toContain('All time: 1 follow-up logged, 0 callbacks, 0 offers');
    expect(text(await world.inbound.view(alice, 'digest'))).toContain('This week: 1 follow-up');
  });

  it('a logged meeting is listed as a meeting with its thank-you wording', async () => {
    await say(world.inbound, alice, 'met Bob at Globex today');
    const list = text(await say(world.inbound, alice, 'list'));
    expect(list).toContain('#1 Thank Bob (Globex) for today’s conversation.');
    expect(list).toContain('Thank you for taking the time to talk with me today.');
    expect(list).not.toMatch(/promised to meet you|ask the right person/);
  });

  it('a confirmation names the nudge at the member’s own digest time', async () => {
    await say(world.inbound, alice, 'settings digest 08:30');
    const added = text(await say(world.inbound, alice, 'Sam at Initech will email me by Friday'));
    expect(added).toContain("I'll nudge you on Mon 7 Dec at 8:30 AM");
    expect(text(await say(world.inbound, alice, 'list'))).toContain("I'll nudge you on Mon 7 Dec, 8:30 AM");
    // And the digest at 08:30 that day carries it.
    const monday = await tick(local('2026-12-07T08:30'));
    expect(text(monday.planned[0]?.message)).toContain('Overdue for a polite nudge');
    expect(text(monday.planned[0]?.message)).toContain('#1 Sam (Initech)');
  });

  it('the hiring-manager suggestion stays in each digest until it is dismissed', async () => {
    await say(world.inbound, alice, 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    for (const day of ['2026-12-07', '2026-12-10', '2026-12-17']) {
      world.clock.set(local(`${day}T10:00`));
      await say(world.inbound, alice, 'followed jane');
    }
    const first = await tick(local('2026-12-24T09:00'));
    expect(text(first.planned[0]?.message)).toContain('time to ask the right person');
    const second = await tick(local('2026-12-25T09:00'));
    expect(text(second.planned[0]?.message)).toContain('time to ask the right person');
    const item = second.planned[0]?.message.sections
      .flatMap((s) => s.items)
      .find((i) => i.text.includes('right person'));
    const dismiss = item?.actions?.find((a) => a.kind === 'dismiss');
    expect(dismiss).toBeDefined();
    if (dismiss?.kind !== 'dismiss') return;
    const reply = text(await press(world.inbound, alice, { kind: 'dismiss', promiseId: dismiss.promiseId }));
    expect(reply).toContain('no more hiring-manager suggestion for Jane Doe (#1)');
    const third = await tick(local('2026-12-28T09:00'));
    expect(JSON.stringify(third.planned)).not.toContain('right person');
  });

  it('help and hints use the platform’s own syntax: options on Discord, typed lines elsewhere', async () => {
    const discord = { ...alice, workspace: { ...alice.workspace, platform: 'discord' as const } };
    const onDiscord = text(await say(world.inbound, discord, 'help'));
    expect(onDiscord).toContain(
      '/promise add text:Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
    );
    expect(onDiscord).toContain('/promise settings tz:Europe/Berlin digest:08:30');
    expect(onDiscord).toContain('/promise keep ref:#2');
    expect(onDiscord).not.toContain('/promise Jane Doe');
    expect(text(await say(world.inbound, discord, 'list'))).toContain('/promise add text:');
    expect(text(await say(world.inbound, discord, 'settings'))).toContain(
      '/promise settings tz:Europe/Berlin',
    );
    // A refusal's example too: the member's own line goes into add text:, a subcommand shows its options.
    const pronoun = text(await say(world.inbound, discord, "she said she'd get back to me in 2 weeks"));
    expect(pronoun).toMatch(/For example: `\/promise add text:Jane \(Acme\) said/);
    expect(text(await say(world.inbound, discord, 'snooze'))).toContain(
      '`/promise snooze ref:#2 until:tomorrow`',
    );
    expect(text(await say(world.inbound, alice, 'snooze'))).toContain('`/promise snooze #2 tomorrow`');
    const typed = text(await say(world.inbound, alice, 'help'));
    expect(typed).toContain('/promise Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    expect(typed).toContain('/promise settings tz Europe/Berlin digest 08:30');
    expect(typed).not.toContain('text:');
  });

  it('dates and times follow the member’s platform locale, in replies and in the scheduler’s DMs', async () => {
    const british = { ...alice, user: { externalId: 'gb', displayName: 'Gwen' }, locale: 'en-GB' };
    const german = { ...alice, user: { externalId: 'de', displayName: 'Dora' }, locale: 'de' };
    const american = { ...alice, user: { externalId: 'us', displayName: 'Uma' }, locale: 'en-US' };
    const line = 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm';
    expect(text(await say(world.inbound, british, line))).toContain('by Fri 4 Dec, 15:00 CET');
    expect(text(await say(world.inbound, german, line))).toContain('by Fri 4 Dec, 15:00 CET');
    expect(text(await say(world.inbound, american, line))).toContain('by Fri Dec 4, 3:00 PM CET');
    // No locale from the platform (Slack, the console): the design's default.
    expect(text(await say(world.inbound, alice, line))).toContain('by Fri 4 Dec, 3:00 PM CET');
    // The stored locale reaches the digest the scheduler sends.
    const digest = await tick(local('2026-12-02T09:00'));
    const gwen = digest.planned.find((d) => d.message.title?.includes('Gwen'));
    expect(text(gwen?.message)).toContain('by Fri 4 Dec, 15:00');
    const uma = digest.planned.find((d) => d.message.title?.includes('Uma'));
    expect(text(uma?.message)).toContain('Wednesday Dec 2');
    // A later interaction with another locale replaces it.
    const now24 = text(await say(world.inbound, { ...american, locale: 'en-GB' }, 'list'));
    expect(now24).toContain('by Fri 4 Dec, 15:00');
  });

  it('an overdue thread is not also going cold', async () => {
    await say(world.inbound, alice, 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    world.clock.set(local('2026-12-22T10:00'));
    const digest = text(await world.inbound.view(alice, 'digest'));
    expect(digest).toContain('Overdue for a polite nudge');
    expect(digest).not.toContain('going cold');
  });

  it('a catch-up digest and the timed nudge of the same promise go out as one message', async () => {
    // Due 15:00 Friday: the timed nudge is 18:00 Friday, moved to Monday 09:00, the digest's moment.
    await say(world.inbound, alice, 'Jane Doe (recruiter, Acme) will call me back by Friday 5pm');
    const report = await tick(local('2026-12-07T09:40')); // Thrice was down at 09:00
    const forJane = report.planned.filter((d) => JSON.stringify(d.message).includes('Jane Doe'));
    expect(forJane.map((d) => d.kind)).toEqual(['digest']);
    expect((await tick(local('2026-12-07T09:45'))).planned).toEqual([]);
  });

  it('a timed nudge minutes before the digest rides in the digest', async () => {
    await say(world.inbound, alice, 'settings digest 10:00');
    // Due 06:00 Wednesday: the timed nudge is 09:00 (start of work), an hour before the digest.
    await say(world.inbound, alice, 'Jane Doe (recruiter, Acme) will call me back on Wednesday at 6:40am');
    expect(text(await say(world.inbound, alice, 'list'))).toContain("I'll nudge you on Wed 2 Dec, 10:00 AM");
    const early = await tick(local('2026-12-02T09:40'));
    expect(early.planned.map((d) => d.kind)).toEqual([]);
    const digest = await tick(local('2026-12-02T10:00'));
    expect(digest.planned.map((d) => d.kind)).toEqual(['digest']);
    expect(text(digest.planned[0]?.message)).toContain('Follow-up 1 of 3');
  });
});
