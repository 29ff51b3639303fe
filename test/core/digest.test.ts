import { describe, expect, it } from 'vitest';
import { SNOOZE_PRESETS } from '../../src/core/command.ts';
import { buildDigest, rightPersonSuggestions } from '../../src/core/digest.ts';
import type { Message } from '../../src/core/message.ts';
import {
  CLOSE_OUTCOMES,
  type FollowUpPromise,
  type Member,
  type MemberSettings,
} from '../../src/core/model.ts';
import { suggestedMessage } from '../../src/core/wording.ts';
import { at, followUps, promise, settingsIn } from './fixtures.ts';

const ZONE = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const NOW = at('2026-12-08T09:00', ZONE); // Tuesday

function memberIn(zone: string, overrides: Partial<MemberSettings> = {}): Member {
  return {
    id: 'm',
    workspaceId: 'w',
    externalId: 'U1',
    displayName: 'Alice Smith',
    settings: settingsIn(zone, overrides),
    timeZoneAskedAt: null,
    deliveryProblem: null,
    countryAskedAt: null,
    createdAt: new Date('2026-11-01T00:00:00Z'),
  };
}
const member = memberIn(ZONE);

function section(message: Message | null, heading: string) {
  return message?.sections.find((s) => s.heading === heading);
}

/** Sam promised by Friday 4 Dec; overdue since Monday's digest. */
const sam = promise({
  id: 'p4',
  ref: 4,
  contact: { name: 'Sam Lee', role: 'hiring_manager', company: 'Initech' },
  due: { at: at('2026-12-04T23:59:59.999', ZONE), precision: 'day' },
  promisedChannel: 'email',
  lastActivityAt: at('2026-12-01T10:00', ZONE),
});
/** Jane promised a call on Thursday 10 Dec at 3pm. */
const jane = promise({
  id: 'p1',
  ref: 1,
  due: { at: at('2026-12-10T15:00', ZONE), precision: 'time' },
  lastActivityAt: at('2026-12-07T10:00', ZONE),
});
/** Priya asked for a week on Monday 30 Nov; today is day eight. */
const priya = promise({
  id: 'p2',
  ref: 2,
  contact: { name: 'Priya', role: null, company: 'Globex' },
  what: 'get back to you',
  promisedChannel: null,
  createdAt: at('2026-11-30T11:00', ZONE),
  lastActivityAt: at('2026-11-30T11:00', ZONE),
  due: { at: at('2026-12-07T11:00', ZONE), precision: 'days', days: 7 },
});

describe('the daily digest', () => {
  it('lists who is overdue with the attempt, the wording and the buttons, then who you wait on', () => {
    const digest = buildDigest({ member, promises: [jane, sam], now: NOW });
    expect(digest?.kind).toBe('digest');
    expect(digest?.title).toBe('Good morning, Alice — Tuesday 8 Dec');
    expect(digest?.summary).toBe('1 waiting · 1 to nudge');
    expect(digest?.sections.map((s) => s.heading)).toEqual([
      'Overdue for a polite nudge',
      'Waiting on',
      'Also',
    ]);
    const item = section(digest, 'Overdue for a polite nudge')?.items[0];
    expect(item?.ref).toBe(4);
    expect(item?.text).toBe('#4 Sam Lee (hiring manager, Initech) promised to call you back by Fri 4 Dec.');
    expect(item?.details).toEqual(['Follow-up 1 of 3 — try email today:']);
    // An e-mail draft starts with its subject line.
    expect(item?.quote).toMatch(
      /^Subject: Following up on our conversation about the role at Initech\n\nHi Sam,/,
    );
    expect(item?.quote).toContain('call me back by Friday');
    expect(item?.actions).toEqual([
      { kind: 'followed', promiseId: 'p4', ref: 4 },
      { kind: 'heard', promiseId: 'p4', ref: 4 },
      { kind: 'snooze', promiseId: 'p4', ref: 4, presets: SNOOZE_PRESETS },
      { kind: 'close', promiseId: 'p4', ref: 4, outcomes: CLOSE_OUTCOMES },
    ]);
    expect(section(digest, 'Waiting on')?.items).toEqual([
      { text: '#1 Jane Doe (recruiter, Acme) — call you back by Thu 10 Dec, 3:00 PM', ref: 1 },
    ]);
    expect(digest?.fallbackText).toBe('Your follow-ups for Tuesday 8 Dec: 1 waiting · 1 to nudge');
  });

  it('says of a promise for "a week" which day it is: day eight', () => {
    const item = buildDigest({ member, promises: [priya], now: NOW })?.sections[0]?.items[0];
    expect(item?.text).toBe('#2 Priya (Globex) asked for a week on 30 Nov — today is day eight.');
    expect(item?.details).toEqual(['Follow-up 1 of 3 — try a call today:']);
    expect(item?.quote).toContain('get back to me within a week');
  });

  it('lists the longest-overdue first and the soonest-due waiting first', () => {
    const later = {
      ...jane,
      id: 'p7',
      ref: 7,
      due: { at: at('2026-12-11T12:00', ZONE), precision: 'time' as const },
    };
    const digest = buildDigest({ member, promises: [later, priya, jane, sam], now: NOW });
    expect(section(digest, 'Overdue for a polite nudge')?.items.map((i) => i.ref)).toEqual([4, 2]);
    expect(section(digest, 'Waiting on')?.items.map((i) => i.ref)).toEqual([1, 7]);
  });

  it('suggestions get bolder with each attempt and change channel after the last one used', () => {
    const third = promise({
      due: { at: at('2026-11-20T23:59:59.999', ZONE), precision: 'day' },
      followUps: followUps([at('2026-11-24T10:00', ZONE), 'call'], [at('2026-11-27T10:00', ZONE), 'email']),
    });
    const item = buildDigest({ member, promises: [third], now: NOW })?.sections[0]?.items[0];
    expect(item?.details?.[0]).toBe('Follow-up 3 of 3 — try a LinkedIn message today:');
    expect(item?.quote).toMatch(/^Hi Jane, /);
    expect(item?.quote).toMatch(/let me know either way/);
  });

  it('an early digest (08:30, work from 09:00) carries the nudges planned for 09:00 that day', () => {
    const early = memberIn(ZONE, { digestTime: { hour: 8, minute: 30 } });
    const digest = buildDigest({ member: early, promises: [priya], now: at('2026-12-08T08:30', ZONE) });
    expect(section(digest, 'Overdue for a polite nudge')?.items.map((i) => i.ref)).toEqual([2]);
  });

  it('in New York, the digest speaks of New York’s day and times', () => {
    const ny = memberIn(NEW_YORK);
    const call = promise({ due: { at: at('2026-12-09T15:00', NEW_YORK), precision: 'time' } });
    const digest = buildDigest({ member: ny, promises: [call], now: at('2026-12-08T09:00', NEW_YORK) });
    expect(digest?.title).toBe('Good morning, Alice — Tuesday 8 Dec');
    expect(section(digest, 'Waiting on')?.items[0]?.text).toBe(
      '#1 Jane Doe (recruiter, Acme) — call you back by Wed 9 Dec, 3:00 PM',
    );
  });

  it('notes a snoozed promise, and one with no nudges left, under Waiting on', () => {
    const snoozed = { ...jane, snoozedUntil: at('2026-12-09T09:00', ZONE) };
    const spent = promise({
      id: 'p6',
      ref: 6,
      contact: { name: 'Sam Lee', role: 'hiring_manager', company: 'Initech' },
      due: { at: at('2026-11-10T10:00', ZONE), precision: 'time' },
      lastActivityAt: at('2026-12-01T10:00', ZONE),
      followUps: followUps(
        [at('2026-11-11T10:00', ZONE), 'call'],
        [at('2026-11-16T10:00', ZONE), 'email'],
        [at('2026-12-01T10:00', ZONE), 'linkedin'],
      ),
    });
    const items = section(buildDigest({ member, promises: [snoozed, spent], now: NOW }), 'Waiting on')?.items;
    expect(items?.[0]?.details).toEqual([
      'No more nudges planned. Close it when you know, or `/promise keep #6` for more.',
    ]);
    expect(items?.[1]?.details).toEqual(['Snoozed until Wed 9 Dec, 9:00 AM']);
  });

  it('adds thank-you notes, going-cold threads and the nudge to add more under Also', () => {
    const meeting = promise({
      id: 'p9',
      ref: 9,
      kind: 'meeting',
      what: 'meet you',
      promisedChannel: null,
      contact: { name: 'Bob', role: null, company: 'Globex' },
      due: { at: at('2026-12-07T15:00', ZONE), precision: 'time' },
    });
    const cold = promise({
      id: 'p2',
      ref: 2,
      lastActivityAt: at('2026-11-10T10:00', ZONE),
      due: { at: at('2026-12-20T10:00', ZONE), precision: 'time' },
    });
    const digest = buildDigest({ member, promises: [meeting, cold], now: NOW });
    const also = section(digest, 'Also')?.items ?? [];
    expect(also[0]).toMatchObject({
      text: '#9 Thank Bob (Globex) for yesterday’s conversation — a short note today.',
      ref: 9,
      actions: [{ kind: 'followed', promiseId: 'p9', ref: 9 }],
    });
    expect(also[0]?.quote).toMatch(
      /^Subject: Thank you for yesterday's conversation\n\nHi Bob,\n\nThank you for taking the time to talk with me yesterday\./,
    );
    expect(also[1]).toMatchObject({
      text: '#2 Jane Doe (recruiter, Acme) is going cold: nothing has happened in two weeks.',
      ref: 2,
    });
    expect(also[1]?.actions?.map((a) => a.kind)).toEqual(['followed', 'heard', 'snooze', 'close']);
    expect(also.at(-1)?.text).toBe(
      'Only 1 thread open; your target is 5. Who else could you reach out to this week?',
    );
  });

  it('suggests asking for the hiring manager after three unanswered follow-ups, with buttons and Not now, until dismissed', () => {
    const three = promise({
      id: 'p3',
      ref: 3,
      due: { at: at('2026-11-13T15:00', ZONE), precision: 'time' },
      lastActivityAt: at('2026-11-27T10:00', ZONE),
      followUps: followUps(
        [at('2026-11-17T10:00', ZONE), 'call'],
        [at('2026-11-20T10:00', ZONE), 'email'],
        [at('2026-11-27T10:00', ZONE), 'linkedin'],
      ),
    });
    const input = { member, promises: [three], now: NOW };
    const digest = buildDigest(input);
    expect(digest?.summary).toBe('0 waiting · 1 to nudge');
    const item = section(digest, 'Also')?.items[0];
    expect(item?.text).toBe(
      '#3 Jane Doe (recruiter, Acme) hasn’t answered three follow-ups — time to ask the right person.',
    );
    expect(item?.quote).toContain('hiring manager');
    expect(item?.quote).toMatch(/^Hi Jane, /);
    expect(item?.actions?.map((a) => a.kind)).toEqual(['followed', 'heard', 'snooze', 'close', 'dismiss']);
    expect(rightPersonSuggestions(input).map((p) => p.id)).toEqual(['p3']);
    const said = buildDigest({ member, promises: [{ ...three, rightPersonSuggested: true }], now: NOW });
    expect(JSON.stringify(said)).not.toContain('ask the right person');
  });

  it('after a recruiter’s "no", suggests asking who the hiring manager is, with only Not now on the closed promise', () => {
    const no = promise({
      id: 'p5',
      ref: 5,
      contact: { name: 'Ann Lee', role: 'hr', company: 'Hooli' },
      outcome: 'no',
      closedAt: at('2026-12-07T10:00', ZONE),
    });
    const item = section(buildDigest({ member, promises: [no], now: NOW }), 'Also')?.items[0];
    expect(item?.text).toBe('#5 Ann Lee (HR, Hooli) said no — one more try: ask who the hiring manager is.');
    expect(item?.quote).toMatch(/^Hi Ann, thank you for letting me know\./);
    expect(item?.actions).toEqual([{ kind: 'dismiss', promiseId: 'p5', ref: 5 }]);
  });

  it('counts this week’s follow-ups and the streak in the footer', () => {
    const busy = promise({
      createdAt: at('2026-12-04T10:00', ZONE),
      due: { at: at('2026-12-20T10:00', ZONE), precision: 'time' },
      followUps: followUps([at('2026-12-07T10:00', ZONE), 'call'], [at('2026-12-08T08:30', ZONE), 'email']),
    });
    // Friday (a new promise), the weekend skipped, Monday and today: three working days.
    expect(buildDigest({ member, promises: [busy], now: NOW })?.footer).toBe(
      'This week: 2 follow-ups · 3-day streak',
    );
    const quiet = promise({
      createdAt: at('2026-11-02T10:00', ZONE),
      due: { at: at('2026-12-20T10:00', ZONE), precision: 'time' },
    });
    expect(buildDigest({ member, promises: [quiet], now: NOW })?.footer).toBe('This week: 0 follow-ups');
  });

  describe('when it stays silent', () => {
    const done = promise({ outcome: 'heard', closedAt: at('2026-12-01T10:00', ZONE) });

    it('a member with no promises at all gets no digest, even on a Monday', () => {
      expect(buildDigest({ member, promises: [], now: NOW })).toBeNull();
      expect(buildDigest({ member, promises: [], now: at('2026-12-07T09:00', ZONE) })).toBeNull();
    });

    it('a member with only closed threads hears nothing midweek', () => {
      expect(buildDigest({ member, promises: [done], now: NOW })).toBeNull();
    });

    it('but on the first work day of the week, a member under target is asked to add more', () => {
      const monday = buildDigest({ member, promises: [done], now: at('2026-12-07T09:00', ZONE) });
      expect(monday?.sections).toEqual([
        {
          heading: 'Also',
          items: [{ text: 'No threads open; your target is 5. Who could you reach out to this week?' }],
        },
      ]);
      const atTarget = memberIn(ZONE, { target: 0 });
      expect(
        buildDigest({ member: atTarget, promises: [done], now: at('2026-12-07T09:00', ZONE) }),
      ).toBeNull();
    });
  });
});

describe('suggested wording', () => {
  const settings = settingsIn(ZONE);
  const wording = (p: FollowUpPromise, attempt: number, channel: 'call' | 'email' | 'linkedin') =>
    suggestedMessage(p, { kind: 'follow_up', attempt, channel }, settings, NOW);

  it('names the contact, what was promised and when, from the contact’s side', () => {
    const text = wording(sam, 1, 'linkedin');
    expect(text).toMatch(/^Hi Sam, /);
    expect(text).toContain("you'd call me back by Friday");
  });

  it('gets bolder: a check-in, then an ask for an update, then a yes-or-no and someone else to talk to', () => {
    expect(wording(sam, 1, 'email')).toMatch(/check in/);
    expect(wording(sam, 2, 'email')).toMatch(/quick update/);
    expect(wording(sam, 3, 'email')).toMatch(/either way.*someone else/s);
    expect(wording(sam, 5, 'email')).toMatch(/a few times/);
  });

  it('is shaped for the channel: a phone opener, an email with a sign-off, a short LinkedIn note', () => {
    expect(wording(sam, 1, 'call')).toMatch(/^Hi Sam, thanks for picking up — I'm calling/);
    expect(wording(sam, 1, 'email')).toMatch(
      /^Subject: [A-Z][^\n]+\n\nHi Sam,\n\n[A-Z].*\n\nBest regards,$/s,
    );
    expect(wording(sam, 1, 'linkedin').length).toBeLessThan(wording(sam, 1, 'email').length);
  });

  it('says "today" for a time promised today, and a date for one long past', () => {
    const today = promise({ due: { at: at('2026-12-08T15:30', ZONE), precision: 'time' } });
    expect(
      suggestedMessage(
        today,
        { kind: 'follow_up', attempt: 1, channel: 'email' },
        settings,
        at('2026-12-08T18:30', ZONE),
      ),
    ).toContain('call me back by 3:30 PM today');
    const old = promise({ due: { at: at('2026-11-02T23:59:59.999', ZONE), precision: 'day' } });
    expect(wording(old, 3, 'call')).toContain('call me back by 2 November');
  });

  it('never mentions Thrice, whatever the kind or channel', () => {
    for (const kind of ['follow_up', 'thank_you', 'ask_right_person'] as const) {
      for (const channel of ['call', 'email', 'linkedin'] as const) {
        for (const attempt of [1, 2, 3, 4]) {
          expect(suggestedMessage(sam, { kind, attempt, channel }, settings, NOW)).not.toMatch(/thrice/i);
        }
      }
    }
  });
});
