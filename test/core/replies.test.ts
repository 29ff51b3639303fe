import { describe, expect, it } from 'vitest';
import { describeContact, describeDue, formatDay, formatMoment, formatTime } from '../../src/core/format.ts';
import { parseCommand } from '../../src/core/grammar/parse-command.ts';
import type { Message } from '../../src/core/message.ts';
import type { FollowUpPromise } from '../../src/core/model.ts';
import {
  addedReply,
  closedReply,
  followedReply,
  heardReply,
  listReply,
  metReply,
  pausedReply,
  resumedReply,
  snoozedReply,
  statsReply,
} from '../../src/core/replies.ts';
import { weeklyTally } from '../../src/core/tally.ts';
import { at, followUps, promise, settingsIn } from './fixtures.ts';

const ZONE = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const settings = settingsIn(ZONE);
const WEDNESDAY = at('2026-12-02T10:00', ZONE);
const TUESDAY = at('2026-12-08T10:00', ZONE);

function text(message: Message): string {
  return message.fallbackText;
}

describe('the add confirmation', () => {
  it('given a promise due Friday 3pm, says who, what and when in the member’s zone, and that the nudge is Monday morning (no call at 6pm on a Friday)', () => {
    const p = promise({ due: { at: at('2026-12-04T15:00', ZONE), precision: 'time' } });
    const reply = addedReply(p, settings, WEDNESDAY);
    expect(reply.kind).toBe('confirmation');
    expect(text(reply)).toBe(
      "Jane Doe (recruiter, Acme) promised to call you back by Fri 4 Dec, 3:00 PM CET. I'll nudge you on Mon 7 Dec at 9:00 AM if you haven't heard.",
    );
    expect(reply.sections[0]?.items[0]).toMatchObject({
      ref: 1,
      details: ['Saved as #1.'],
      actions: [
        { kind: 'undo', promiseId: 'p1', ref: 1 },
        { kind: 'edit', promiseId: 'p1', ref: 1 },
      ],
    });
  });

  it('in New York, the time and its zone are New York’s', () => {
    const p = promise({ due: { at: at('2026-12-03T13:00', NEW_YORK), precision: 'time' } });
    expect(text(addedReply(p, settingsIn(NEW_YORK), WEDNESDAY))).toBe(
      "Jane Doe (recruiter, Acme) promised to call you back by Thu 3 Dec, 1:00 PM EST. I'll nudge you at 4:00 PM if you haven't heard.",
    );
  });

  it('names the day of a nudge that is not on the promised day', () => {
    const friday5pm = promise({ due: { at: at('2026-12-04T17:00', ZONE), precision: 'time' } });
    expect(text(addedReply(friday5pm, settings, WEDNESDAY))).toMatch(
      /I'll nudge you on Mon 7 Dec at 9:00 AM if you haven't heard\.$/,
    );
    const byFriday = promise({
      contact: { name: 'Priya', role: null, company: 'Initech' },
      what: 'email the offer details',
      due: { at: at('2026-12-04T23:59:59.999', ZONE), precision: 'day' },
    });
    expect(text(addedReply(byFriday, settings, WEDNESDAY))).toBe(
      "Priya (Initech) promised to email the offer details by Fri 4 Dec. I'll nudge you on Mon 7 Dec at 9:00 AM if you haven't heard.",
    );
  });

  it('reads "a week" as within a week of the day it was recorded', () => {
    const week = promise({
      contact: { name: 'Bob', role: null, company: 'Globex' },
      what: 'get back to you',
      createdAt: WEDNESDAY,
      due: { at: at('2026-12-09T10:00', ZONE), precision: 'days', days: 7 },
    });
    expect(text(addedReply(week, settings, WEDNESDAY))).toBe(
      "Bob (Globex) promised to get back to you within a week of 2 Dec. I'll nudge you on Thu 10 Dec at 9:00 AM if you haven't heard.",
    );
  });

  it('an overdue promise says how long ago it was due and gives the first nudge to send now', () => {
    const late = promise({ due: { at: at('2026-12-01T12:00', ZONE), precision: 'time' } });
    const reply = addedReply(late, settings, WEDNESDAY);
    expect(text(reply)).toMatch(
      /— that was yesterday, so it's overdue\. Here's a first nudge you can send now:/,
    );
    expect(reply.sections[0]?.items[0]?.quote).toMatch(/^Hi Jane,/);
  });
});

describe('the list', () => {
  it('shows open promises soonest first, each with its state and buttons', () => {
    const later = promise({ id: 'p1', ref: 1, due: { at: at('2026-12-10T15:00', ZONE), precision: 'time' } });
    const overdue = promise({
      id: 'p2',
      ref: 2,
      contact: { name: 'Sam', role: null, company: null },
      due: { at: at('2026-12-03T15:00', ZONE), precision: 'time' },
    });
    const snoozed = promise({
      id: 'p3',
      ref: 3,
      due: { at: at('2026-12-04T15:00', ZONE), precision: 'time' },
      snoozedUntil: at('2026-12-09T09:00', ZONE),
    });
    const closed = promise({ id: 'p4', ref: 4, outcome: 'heard', closedAt: WEDNESDAY });
    const reply = listReply([later, closed, snoozed, overdue], settings, TUESDAY);
    expect(reply.title).toBe('Open promises (3)');
    const items = reply.sections[0]?.items ?? [];
    expect(items.map((i) => i.ref)).toEqual([2, 3, 1]);
    expect(items[0]?.details?.[0]).toMatch(/follow-up 1 of 3/);
    expect(items[1]?.details?.[0]).toMatch(/^Snoozed until Wed 9 Dec, 9:00 AM/);
    expect(items[2]?.details?.[0]).toMatch(/^Waiting/);
    for (const item of items) {
      expect(item.actions?.map((a) => a.kind)).toEqual(['followed', 'heard', 'snooze', 'close']);
    }
  });

  it('an empty list shows how to add a promise', () => {
    const reply = listReply([], settings, TUESDAY);
    expect(text(reply)).toMatch(/No open promises/);
    expect(text(reply)).toMatch(/\/promise Jane Doe \(recruiter, Acme\) will call me back by Friday 3pm/);
  });
});

describe('stats', () => {
  it('counts this week, the streak, open threads against the target, and outcomes of all time', () => {
    const open = promise({
      createdAt: at('2026-11-20T10:00', ZONE),
      followUps: followUps([at('2026-12-07T10:00', ZONE), 'call'], [at('2026-12-08T09:00', ZONE), 'email']),
    });
    const heard = promise({
      id: 'p2',
      createdAt: at('2026-11-20T10:00', ZONE),
      followUps: followUps([at('2026-11-25T10:00', ZONE), 'call']),
      outcome: 'heard',
      closedAt: at('2026-12-07T12:00', ZONE),
    });
    const offer = promise({
      id: 'p3',
      createdAt: at('2026-11-20T10:00', ZONE),
      outcome: 'offer',
      closedAt: WEDNESDAY,
    });
    const lines = statsReply([open, heard, offer], settings, TUESDAY).sections[0]?.items.map((i) => i.text);
    expect(lines).toEqual([
      'This week: 2 follow-ups, 1 callback',
      'Streak: 2 working days',
      'Open threads: 1 (target 5) — 4 more to reach it',
      'All time: 3 follow-ups logged, 1 callback, 1 offer',
    ]);
  });
});

describe('confirmations say what happens next', () => {
  const one = followUps([at('2026-12-08T10:00', ZONE), 'call']);

  it('after a first follow-up on Tuesday, the next nudge is Friday', () => {
    expect(text(followedReply(promise({ followUps: one }), settings, TUESDAY))).toBe(
      "Logged follow-up 1 of 3 with Jane Doe (#1). I'll nudge you on Fri 11 Dec at 9:00 AM if you haven't heard.",
    );
  });

  it('after the third follow-up, the next step is asking for the hiring manager — or nothing, for the hiring manager', () => {
    const three = followUps(
      [at('2026-12-01T10:00', ZONE), 'call'],
      [at('2026-12-04T10:00', ZONE), 'email'],
      [at('2026-12-08T10:00', ZONE), 'linkedin'],
    );
    expect(text(followedReply(promise({ followUps: three }), settings, TUESDAY))).toBe(
      "Logged follow-up 3 of 3 with Jane Doe (#1). I'll suggest asking for the hiring manager on Tue 15 Dec at 9:00 AM if you haven't heard.",
    );
    const manager = promise({
      contact: { name: 'Sam Lee', role: 'hiring_manager', company: null },
      followUps: three,
    });
    expect(text(followedReply(manager, settings, TUESDAY))).toBe(
      'Logged follow-up 3 of 3 with Sam Lee (#1). No more nudges planned — close it when you know, or `/promise keep #1` for more.',
    );
  });

  it('a follow-up on a logged meeting is its thank-you note', () => {
    const meeting = promise({
      kind: 'meeting',
      contact: { name: 'Bob', role: null, company: 'Globex' },
      followUps: one,
    });
    expect(text(followedReply(meeting, settings, TUESDAY))).toBe(
      'Thank-you note to Bob logged. Nicely done.',
    );
  });

  it('heard back closes the thread', () => {
    expect(text(heardReply(promise(), settings, TUESDAY))).toBe(
      'Jane Doe got back to you — #1 is done. Following up works!',
    );
  });

  it('a snooze says until when, and that the nudge comes then', () => {
    const p = promise({ snoozedUntil: at('2026-12-09T09:00', ZONE) });
    expect(text(snoozedReply(p, settings, TUESDAY))).toBe(
      "Snoozed #1 Jane Doe until Wed 9 Dec, 9:00 AM. I'll nudge you then if you haven't heard.",
    );
    const evening = promise({ snoozedUntil: at('2026-12-08T13:00', ZONE) });
    expect(text(snoozedReply(evening, settings, TUESDAY))).toBe(
      "Snoozed #1 Jane Doe until 1:00 PM. I'll nudge you then if you haven't heard.",
    );
  });

  it('a recruiter’s "no" is followed by the ask-the-hiring-manager suggestion; a hiring manager’s is final', () => {
    const no = { outcome: 'no' as const, closedAt: TUESDAY };
    expect(text(closedReply(promise(no), settings, TUESDAY))).toBe(
      "Closed #1 Jane Doe with a no. On to the next one. I'll suggest asking for the hiring manager on Wed 9 Dec at 9:00 AM.",
    );
    const manager = promise({ ...no, contact: { name: 'Sam Lee', role: 'hiring_manager', company: null } });
    expect(text(closedReply(manager, settings, TUESDAY))).toBe(
      'Closed #1 Sam Lee with a no. On to the next one.',
    );
    expect(text(closedReply(promise({ outcome: 'offer', closedAt: TUESDAY }), settings, TUESDAY))).toBe(
      'Closed #1 Jane Doe with an offer — congratulations!',
    );
  });

  describe('a logged meeting', () => {
    const meeting = (when: Date): FollowUpPromise =>
      promise({
        id: 'p9',
        ref: 9,
        kind: 'meeting',
        what: 'meet you',
        promisedChannel: null,
        contact: { name: 'Bob', role: null, company: 'Globex' },
        due: { at: when, precision: 'time' },
      });

    it('on a Tuesday morning: the thank-you note is due within a day', () => {
      const now = at('2026-12-08T10:05', ZONE);
      expect(text(metReply(meeting(TUESDAY), settings, now))).toBe(
        'Logged your conversation with Bob (Globex) (#9). Send a short thank-you note by Wed 9 Dec, 10:00 AM. The wording is in `/promise list`, and in your next digest if you have not sent it.',
      );
    });

    it('on a Friday evening: the note is due on Monday morning, and the reminder comes then', () => {
      const friday = at('2026-12-04T19:30', NEW_YORK);
      expect(text(metReply(meeting(friday), settingsIn(NEW_YORK), at('2026-12-04T19:45', NEW_YORK)))).toBe(
        "Logged your conversation with Bob (Globex) (#9). Send a short thank-you note by Mon 7 Dec, 9:00 AM. I'll remind you then.",
      );
    });
  });

  it('a pause says until when and how to come back; a resume welcomes the member back', () => {
    const paused = settingsIn(ZONE, { pausedUntil: at('2027-01-06T09:00', ZONE) });
    expect(text(pausedReply(paused, TUESDAY))).toBe(
      'Paused until Wed 6 Jan, 9:00 AM: no digests or nudges until then. Rest well. `/promise resume` to come back early.',
    );
    expect(text(resumedReply(settings, TUESDAY))).toBe('Welcome back — digests and nudges are on again.');
  });
});

describe('dates, times and people as members read them', () => {
  const friday = new Date('2026-12-04T14:00:00Z');

  it('formats a moment in the member’s zone with its abbreviation', () => {
    expect(formatDay(friday, ZONE)).toBe('Fri 4 Dec');
    expect(formatTime(friday, ZONE)).toBe('3:00 PM');
    expect(formatMoment(friday, ZONE)).toBe('Fri 4 Dec, 3:00 PM CET');
    expect(formatMoment(friday, NEW_YORK)).toBe('Fri 4 Dec, 9:00 AM EST');
    expect(formatMoment(friday, 'Asia/Kolkata')).toBe('Fri 4 Dec, 7:30 PM IST');
    expect(formatMoment(friday, 'Pacific/Auckland')).toBe('Sat 5 Dec, 3:00 AM GMT+13');
    expect(formatMoment(new Date('2026-07-03T14:00:00Z'), ZONE)).toBe('Fri 3 Jul, 4:00 PM CEST');
  });

  it('spells September "Sep", not "Sept"', () => {
    expect(formatDay(new Date('2026-09-04T12:00:00Z'), ZONE)).toBe('Fri 4 Sep');
  });

  it('describes a contact with what is known of them', () => {
    expect(describeContact({ name: 'Jane Doe', role: 'recruiter', company: 'Acme' })).toBe(
      'Jane Doe (recruiter, Acme)',
    );
    expect(describeContact({ name: 'Bob', role: null, company: 'Globex' })).toBe('Bob (Globex)');
    expect(describeContact({ name: 'Sam', role: 'hiring_manager', company: null })).toBe(
      'Sam (hiring manager)',
    );
    expect(describeContact({ name: 'Jane', role: null, company: null })).toBe('Jane');
  });

  it('describes when a promise is due, by its precision', () => {
    const createdAt = at('2026-11-30T10:00', ZONE);
    const due = (d: FollowUpPromise['due']) => describeDue({ due: d, createdAt }, ZONE);
    expect(due({ at: at('2026-12-04T15:00', ZONE), precision: 'time' })).toBe('by Fri 4 Dec, 3:00 PM');
    expect(due({ at: at('2026-12-04T23:59:59.999', ZONE), precision: 'day' })).toBe('by Fri 4 Dec');
    expect(due({ at: at('2026-12-07T10:00', ZONE), precision: 'days', days: 7 })).toBe(
      'within a week of 30 Nov',
    );
    expect(due({ at: at('2026-12-03T10:00', ZONE), precision: 'days' })).toBe('within 3 days of 30 Nov');
  });
});

describe('the weekly tally', () => {
  it('counts the week in the member’s zone: late Sunday in UTC is already Monday in Auckland', () => {
    const sundayUtc = new Date('2026-12-06T20:00:00Z'); // Mon 7 Dec, 09:00 in Auckland
    const p = promise({ followUps: followUps([new Date('2026-12-06T19:00:00Z'), 'call']) });
    expect(weeklyTally([p], settingsIn('UTC'), sundayUtc).followUpsThisWeek).toBe(1);
    expect(weeklyTally([p], settingsIn('Pacific/Auckland'), sundayUtc).followUpsThisWeek).toBe(1);
    expect(
      weeklyTally([p], settingsIn('Pacific/Auckland'), new Date('2026-12-06T21:00:00Z')).followUpsThisWeek,
    ).toBe(1);
    const earlier = promise({ followUps: followUps([new Date('2026-12-06T10:00:00Z'), 'call']) });
    expect(weeklyTally([earlier], settingsIn('Pacific/Auckland'), sundayUtc).followUpsThisWeek).toBe(0);
    expect(weeklyTally([earlier], settingsIn('UTC'), sundayUtc).followUpsThisWeek).toBe(1);
  });

  it('a streak runs over non-work days without growing, and starts from yesterday when today is still quiet', () => {
    const active = promise({
      createdAt: at('2026-12-03T10:00', ZONE), // Thursday
      followUps: followUps(
        [at('2026-12-04T10:00', ZONE), 'call'], // Friday
        [at('2026-12-05T10:00', ZONE), 'email'], // Saturday: neither breaks nor extends
        [at('2026-12-07T10:00', ZONE), 'linkedin'], // Monday
      ),
    });
    expect(weeklyTally([active], settings, at('2026-12-08T08:00', ZONE)).streakDays).toBe(3);
    expect(weeklyTally([active], settings, at('2026-12-09T08:00', ZONE)).streakDays).toBe(0);
    const sundayToThursday = settingsIn(ZONE, { workDays: [7, 1, 2, 3, 4] });
    // For a Sunday-to-Thursday week, Friday and Saturday are rest days and the quiet Sunday breaks it.
    expect(weeklyTally([active], sundayToThursday, at('2026-12-08T08:00', ZONE)).streakDays).toBe(1);
  });

  it('counts open threads, not closed ones or logged meetings', () => {
    const open = promise();
    const closed = promise({ id: 'p2', outcome: 'heard', closedAt: WEDNESDAY });
    const meeting = promise({ id: 'p3', kind: 'meeting' });
    expect(weeklyTally([open, closed, meeting], settings, TUESDAY).openThreads).toBe(1);
  });
});

describe('"after the holidays" in the add confirmation names the rule it was read by', () => {
  /** The reading line of an add said at `now` (local in `zone`), by a member with `country`, and its basis. */
  function holidaysLine(now: string, zone: string, country: string | null) {
    const member = settingsIn(zone, { country });
    const ctx = { timeZone: zone, now: at(now, zone), working: member };
    const parsed = parseCommand('Eli will reply after the holidays', ctx);
    if (!parsed.ok || parsed.value.kind !== 'add') throw new Error('not an add');
    const { draft } = parsed.value;
    const reply = addedReply(promise({ due: draft.due }), member, ctx.now, 'slack', draft.reading);
    const line = reply.sections[0]?.items[0]?.details?.find((d) => d.startsWith('"After the holidays"'));
    return { basis: draft.reading?.holidays, line };
  }

  it('said in December with no country set: after New Year, not "next week"', () => {
    expect(holidaysLine('2026-12-02T10:00', ZONE, null)).toEqual({
      basis: 'new_year',
      line: '"After the holidays" read as Mon 4 Jan, the first working day after New Year. Wrong? Tap Edit to change the date.',
    });
  });

  it('said in the first days of January with a country set: still after New Year', () => {
    expect(holidaysLine('2027-01-02T10:00', ZONE, 'DE')).toEqual({
      basis: 'new_year',
      line: '"After the holidays" read as Mon 4 Jan, the first working day after New Year. Wrong? Tap Edit to change the date.',
    });
  });

  it('said in November with a country set: after its public holidays (Thanksgiving in the US)', () => {
    expect(holidaysLine('2026-11-20T10:00', NEW_YORK, 'US')).toEqual({
      basis: 'public_holidays',
      line: '"After the holidays" read as Fri 27 Nov, the first working day after your public holidays. Wrong? Tap Edit to change the date.',
    });
  });

  it('said in November with no country set: next week, and how to set the country', () => {
    expect(holidaysLine('2026-11-04T10:00', ZONE, null)).toEqual({
      basis: 'next_week',
      line: '"After the holidays" read as Mon 9 Nov, the first working day of next week (set your country for its holidays: settings country DE). Wrong? Tap Edit to change the date.',
    });
  });
});
