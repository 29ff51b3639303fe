import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/core/model.ts';
import {
  isGoingCold,
  isNoCallMoment,
  nextDigestAt,
  nextNudgeAt,
  nudgeState,
  plannedNudge,
  thankYouDueBy,
} from '../../src/core/nudge-policy.ts';
import { at, followUps, promise, settingsIn } from './fixtures.ts';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const ZONES = [BERLIN, NEW_YORK];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7] as const;
const MANAGER: Contact = { name: 'Sam Lee', role: 'hiring_manager', company: 'Initech' };

/** Three logged follow-ups (Tue 1, Fri 4, Fri 11 Dec), each at 10:00 local. */
function threeFollowUps(zone: string) {
  return followUps(
    [at('2026-12-01T10:00', zone), 'call'],
    [at('2026-12-04T10:00', zone), 'email'],
    [at('2026-12-11T10:00', zone), 'linkedin'],
  );
}

describe('R1: own the follow-up', () => {
  it.each(ZONES)('in %s, a promise is waiting until its nudge moment, then it is time to nudge', (zone) => {
    const p = promise({ due: { at: at('2026-12-03T11:00', zone), precision: 'time' } });
    const s = settingsIn(zone);
    expect(nudgeState(p, s, at('2026-12-03T10:00', zone))).toEqual({
      kind: 'waiting',
      dueAt: at('2026-12-03T11:00', zone),
      nudgeAt: at('2026-12-03T14:00', zone),
    });
    expect(nudgeState(p, s, at('2026-12-03T14:00', zone))).toMatchObject({
      kind: 'nudge',
      since: at('2026-12-03T14:00', zone),
      nudge: { kind: 'follow_up', attempt: 1 },
    });
  });
});

describe('R2: a promise with an exact time', () => {
  it.each(ZONES)(
    'given a promise due Friday 3pm (%s), no call is suggested at 6pm that Friday: the first nudge is Monday 9:00',
    (zone) => {
      const p = promise({ due: { at: at('2026-12-04T15:00', zone), precision: 'time' } });
      expect(plannedNudge(p, settingsIn(zone))).toEqual({
        at: at('2026-12-07T09:00', zone),
        kind: 'follow_up',
        attempt: 1,
        channel: 'call',
      });
    },
  );

  it.each(ZONES)('given a promise due Tuesday 1pm (%s), the first nudge is Tuesday 4pm', (zone) => {
    const p = promise({ due: { at: at('2026-12-01T13:00', zone), precision: 'time' } });
    expect(plannedNudge(p, settingsIn(zone))?.at).toEqual(at('2026-12-01T16:00', zone));
  });

  it.each(ZONES)(
    'given a promise due Tuesday 5pm (%s), the first nudge is the next working morning, Wednesday 9:00',
    (zone) => {
      const p = promise({ due: { at: at('2026-12-01T17:00', zone), precision: 'time' } });
      expect(plannedNudge(p, settingsIn(zone))?.at).toEqual(at('2026-12-02T09:00', zone));
    },
  );

  it.each(ZONES)('given a promise due Friday 5pm (%s), the first nudge is Monday 9:00', (zone) => {
    const p = promise({ due: { at: at('2026-12-04T17:00', zone), precision: 'time' } });
    expect(plannedNudge(p, settingsIn(zone))?.at).toEqual(at('2026-12-07T09:00', zone));
  });

  it.each(ZONES)('in %s, the timed-nudge queue holds the R2 moment until that nudge was planned', (zone) => {
    const p = promise({ due: { at: at('2026-12-01T13:00', zone), precision: 'time' } });
    expect(nextNudgeAt(p, settingsIn(zone))).toEqual(at('2026-12-01T16:00', zone));
    expect(nextNudgeAt({ ...p, lastNudgedAttempt: 1 }, settingsIn(zone))).toBeNull();
  });

  it('with the digest off, every nudge not yet sent is queued at its own moment (a day-level one at the start of work)', () => {
    const s = settingsIn(BERLIN, { digestTime: null });
    const day = promise({ due: { at: at('2026-12-01T23:59:59.999', BERLIN), precision: 'day' } });
    expect(nextNudgeAt(day, s)).toEqual(at('2026-12-02T09:00', BERLIN));
    expect(nextNudgeAt({ ...day, lastNudgedAttempt: 1 }, s)).toBeNull();
    const followed = promise({
      followUps: followUps([at('2026-12-08T10:00', BERLIN), 'call']),
      lastNudgedAttempt: 1,
    });
    expect(nextNudgeAt(followed, s)).toEqual(plannedNudge(followed, s)?.at);
    expect(plannedNudge(followed, s)?.attempt).toBe(2);
  });

  it('later attempts and promises without an exact time ride in the digest, not the timed queue', () => {
    const s = settingsIn(BERLIN);
    const followed = promise({ followUps: followUps([at('2026-12-08T10:00', BERLIN), 'call']) });
    expect(nextNudgeAt(followed, s)).toBeNull();
    const day = promise({ due: { at: at('2026-12-04T23:59:59.999', BERLIN), precision: 'day' } });
    expect(nextNudgeAt(day, s)).toBeNull();
    const closed = promise({ outcome: 'no', closedAt: at('2026-12-04T10:00', BERLIN) });
    expect(nextNudgeAt(closed, s)).toBeNull();
  });
});

describe('R11: humane timing for calls', () => {
  it.each(ZONES)(
    'in %s, a call due in the last working hour (Tuesday 5:30pm) moves to Wednesday morning',
    (zone) => {
      const p = promise({ due: { at: at('2026-12-01T14:30', zone), precision: 'time' } });
      expect(plannedNudge(p, settingsIn(zone))?.at).toEqual(at('2026-12-02T09:00', zone));
      expect(isNoCallMoment(at('2026-12-01T17:30', zone), settingsIn(zone))).toBe(true);
      expect(isNoCallMoment(at('2026-12-01T16:59', zone), settingsIn(zone))).toBe(false);
    },
  );

  it.each(ZONES)('in %s, an email nudge keeps its Friday 6pm moment: only calls are held back', (zone) => {
    const p = promise({
      due: { at: at('2026-12-04T15:00', zone), precision: 'time' },
      promisedChannel: 'email',
    });
    expect(plannedNudge(p, settingsIn(zone))).toMatchObject({
      at: at('2026-12-04T18:00', zone),
      channel: 'email',
    });
  });

  it('a call on a Friday afternoon (the eve of the weekend) moves to Monday at the digest time; Friday morning stays', () => {
    const s = settingsIn(BERLIN, { digestTime: { hour: 9, minute: 30 } });
    const afternoon = promise({ due: { at: at('2026-12-04T10:00', BERLIN), precision: 'time' } });
    expect(plannedNudge(afternoon, s)?.at).toEqual(at('2026-12-07T09:30', BERLIN));
    const morning = promise({ due: { at: at('2026-12-04T08:00', BERLIN), precision: 'time' } });
    expect(plannedNudge(morning, s)?.at).toEqual(at('2026-12-04T11:00', BERLIN));
  });

  it('on the eve of a public holiday (Thursday 24 Dec in Germany), a call moves past the holiday and the weekend', () => {
    const p = promise({ due: { at: at('2026-12-24T10:00', BERLIN), precision: 'time' } });
    expect(plannedNudge(p, settingsIn(BERLIN, { country: 'DE' }))?.at).toEqual(
      at('2026-12-28T09:00', BERLIN),
    );
    // Without a country, Thursday is no eve: the call stays at 1pm.
    expect(plannedNudge(p, settingsIn(BERLIN))?.at).toEqual(at('2026-12-24T13:00', BERLIN));
  });
});

describe('R10: public holidays of the member’s country', () => {
  it('promised by Thursday 24 Dec in Germany → nudged Monday 28 Dec (25 and 26 Dec are holidays)', () => {
    const p = promise({ due: { at: at('2026-12-24T23:59:59.999', BERLIN), precision: 'day' } });
    expect(plannedNudge(p, settingsIn(BERLIN, { country: 'DE' }))?.at).toEqual(
      at('2026-12-28T09:00', BERLIN),
    );
    expect(plannedNudge(p, settingsIn(BERLIN))?.at).toEqual(at('2026-12-25T09:00', BERLIN));
  });

  it('promised by Thursday 31 Dec in the US → nudged Monday 4 Jan, after New Year’s Day', () => {
    const p = promise({
      due: { at: at('2026-12-31T23:59:59.999', NEW_YORK), precision: 'day' },
      promisedChannel: 'email',
    });
    expect(plannedNudge(p, settingsIn(NEW_YORK, { country: 'US' }))?.at).toEqual(
      at('2027-01-04T09:00', NEW_YORK),
    );
  });

  it('no digest on a public holiday: the digest after Thursday 24 Dec in Germany is on Monday 28 Dec', () => {
    const s = settingsIn(BERLIN, { country: 'DE' });
    expect(nextDigestAt(s, at('2026-12-24T10:00', BERLIN))).toEqual(at('2026-12-28T09:00', BERLIN));
    expect(nextDigestAt(settingsIn(BERLIN), at('2026-12-24T10:00', BERLIN))).toEqual(
      at('2026-12-25T09:00', BERLIN),
    );
  });
});

describe('R3: a promise for a day', () => {
  it.each(ZONES)('in %s, promised by Friday → nudged Monday at the digest time', (zone) => {
    const p = promise({ due: { at: at('2026-12-04T23:59:59.999', zone), precision: 'day' } });
    expect(plannedNudge(p, settingsIn(zone))?.at).toEqual(at('2026-12-07T09:00', zone));
  });

  it.each(ZONES)('in %s, with a 10:15 digest, promised by Tuesday → nudged Wednesday 10:15', (zone) => {
    const p = promise({ due: { at: at('2026-12-01T23:59:59.999', zone), precision: 'day' } });
    const s = settingsIn(zone, { digestTime: { hour: 10, minute: 15 } });
    expect(plannedNudge(p, s)?.at).toEqual(at('2026-12-02T10:15', zone));
  });

  it('with the digest off, the nudge is at the start of work the next working day', () => {
    const p = promise({ due: { at: at('2026-12-01T23:59:59.999', NEW_YORK), precision: 'day' } });
    const s = settingsIn(NEW_YORK, { digestTime: null, workStart: { hour: 8, minute: 0 } });
    expect(plannedNudge(p, s)?.at).toEqual(at('2026-12-02T08:00', NEW_YORK));
  });

  it('with an 08:30 digest before a 09:00 start, the nudge is at 09:00 but the 08:30 digest already carries it', () => {
    const p = promise({ due: { at: at('2026-12-01T23:59:59.999', NEW_YORK), precision: 'day' } });
    const s = settingsIn(NEW_YORK, { digestTime: { hour: 8, minute: 30 } });
    expect(plannedNudge(p, s)?.at).toEqual(at('2026-12-02T09:00', NEW_YORK));
    expect(nudgeState(p, s, at('2026-12-02T08:30', NEW_YORK)).kind).toBe('nudge');
    expect(nudgeState(p, s, at('2026-12-01T19:00', NEW_YORK)).kind).toBe('waiting');
  });
});

describe('R4: asked for a week', () => {
  it.each(ZONES)('in %s, "a week" recorded Monday 30 Nov → nudged on day eight, Tuesday 8 Dec', (zone) => {
    const p = promise({
      createdAt: at('2026-11-30T11:00', zone),
      due: { at: at('2026-12-07T11:00', zone), precision: 'days', days: 7 },
    });
    expect(plannedNudge(p, settingsIn(zone))?.at).toEqual(at('2026-12-08T09:00', zone));
  });

  it.each(ZONES)('in %s, a day N + 1 that falls on Sunday moves to Monday', (zone) => {
    const p = promise({
      createdAt: at('2026-11-28T11:00', zone),
      due: { at: at('2026-12-05T11:00', zone), precision: 'days', days: 7 },
    });
    expect(plannedNudge(p, settingsIn(zone))?.at).toEqual(at('2026-12-07T09:00', zone));
  });
});

describe('R5: at least three follow-ups, with growing gaps', () => {
  it.each(ZONES)(
    'in %s, the next nudge is 3 working days after the first follow-up, 5 after the second',
    (zone) => {
      const s = settingsIn(zone);
      const one = promise({ followUps: followUps([at('2026-12-08T10:00', zone), 'call']) });
      expect(plannedNudge(one, s)).toMatchObject({ at: at('2026-12-11T09:00', zone), attempt: 2 });
      const two = promise({
        followUps: followUps([at('2026-12-08T10:00', zone), 'call'], [at('2026-12-11T10:00', zone), 'email']),
      });
      expect(plannedNudge(two, s)).toMatchObject({
        at: at('2026-12-18T09:00', zone),
        attempt: 3,
        kind: 'follow_up',
      });
    },
  );

  it.each(ZONES)('in %s, three follow-ups then ask-the-right-person once, then nothing', (zone) => {
    const s = settingsIn(zone);
    const three = threeFollowUps(zone);
    expect(plannedNudge(promise({ followUps: three }), s)).toEqual({
      at: at('2026-12-18T09:00', zone), // five working days after Friday 11 Dec
      kind: 'ask_right_person',
      attempt: 4,
      channel: 'call',
    });
    expect(plannedNudge(promise({ followUps: three, rightPersonSuggested: true }), s)).toBeNull();
  });

  it('a member who asks to keep going gets more follow-ups, five working days apart', () => {
    const s = settingsIn(BERLIN);
    const more = plannedNudge(promise({ followUps: threeFollowUps(BERLIN), keepGoing: true }), s);
    expect(more).toMatchObject({ kind: 'follow_up', attempt: 4, at: at('2026-12-18T09:00', BERLIN) });
  });

  it('a follow-up made before the promise was due does not bring the nudge before its R2 moment', () => {
    const p = promise({
      due: { at: at('2026-12-18T15:00', BERLIN), precision: 'time' },
      followUps: followUps([at('2026-12-01T10:00', BERLIN), 'email']),
    });
    expect(plannedNudge(p, settingsIn(BERLIN))?.at).toEqual(at('2026-12-18T18:00', BERLIN));
  });
});

describe('R6: ask the right person', () => {
  it.each(ZONES)('in %s, a "no" from a recruiter earns one suggestion the next working day', (zone) => {
    const closed = promise({ outcome: 'no', closedAt: at('2026-12-08T10:00', zone) });
    expect(plannedNudge(closed, settingsIn(zone))).toMatchObject({
      kind: 'ask_right_person',
      at: at('2026-12-09T09:00', zone),
    });
    expect(plannedNudge({ ...closed, rightPersonSuggested: true }, settingsIn(zone))).toBeNull();
  });

  it('a "no" from HR on a Friday earns the suggestion on Monday', () => {
    const closed = promise({
      contact: { name: 'Ann', role: 'hr', company: 'Hooli' },
      outcome: 'no',
      closedAt: at('2026-12-04T16:00', NEW_YORK),
    });
    expect(plannedNudge(closed, settingsIn(NEW_YORK))?.at).toEqual(at('2026-12-07T09:00', NEW_YORK));
  });

  it.each(ZONES)('in %s, never anything after a "no" from the hiring manager', (zone) => {
    const closed = promise({ contact: MANAGER, outcome: 'no', closedAt: at('2026-12-08T10:00', zone) });
    expect(plannedNudge(closed, settingsIn(zone))).toBeNull();
    expect(nudgeState(closed, settingsIn(zone), at('2026-12-10T10:00', zone))).toEqual({ kind: 'done' });
  });

  it('three unanswered follow-ups to the hiring manager themselves end the nudging', () => {
    const p = promise({ contact: MANAGER, followUps: threeFollowUps(BERLIN) });
    expect(plannedNudge(p, settingsIn(BERLIN))).toBeNull();
  });

  it('nothing after heard back, an offer, a withdrawal or gone cold', () => {
    for (const outcome of ['heard', 'offer', 'withdrawn', 'cold'] as const) {
      const closed = promise({ outcome, closedAt: at('2026-12-08T10:00', BERLIN) });
      expect(plannedNudge(closed, settingsIn(BERLIN))).toBeNull();
    }
  });
});

describe('R7: keep threads warm', () => {
  it('a thread untouched for more than 14 days is going cold; a closed one is not', () => {
    const quiet = promise({ lastActivityAt: new Date('2026-11-01T10:00:00Z') });
    expect(isGoingCold(quiet, new Date('2026-11-15T10:00:01Z'))).toBe(true);
    expect(isGoingCold(quiet, new Date('2026-11-15T10:00:00Z'))).toBe(false);
    expect(isGoingCold({ ...quiet, outcome: 'heard' }, new Date('2026-12-15T10:00:00Z'))).toBe(false);
  });
});

describe('R8: thank them within a day', () => {
  const meeting = (when: Date) =>
    promise({
      kind: 'meeting',
      due: { at: when, precision: 'time' },
      what: 'meet you',
      promisedChannel: null,
    });

  it.each(ZONES)(
    'in %s, a Tuesday-morning interview → a thank-you note due that day, within 24 hours',
    (zone) => {
      const m = meeting(at('2026-12-08T10:00', zone));
      expect(plannedNudge(m, settingsIn(zone))).toEqual({
        at: at('2026-12-08T10:00', zone),
        kind: 'thank_you',
        attempt: 1,
        channel: 'email',
      });
      expect(thankYouDueBy(m, settingsIn(zone))).toEqual(at('2026-12-09T10:00', zone));
    },
  );

  it.each(ZONES)('in %s, a Friday-evening interview → the thank-you nudge on Monday morning', (zone) => {
    const m = meeting(at('2026-12-04T19:30', zone));
    expect(plannedNudge(m, settingsIn(zone))?.at).toEqual(at('2026-12-07T09:00', zone));
    expect(thankYouDueBy(m, settingsIn(zone))).toEqual(at('2026-12-07T09:00', zone));
  });

  it('nothing else once the note is logged, and nothing but the note before', () => {
    const m = meeting(at('2026-12-08T10:00', BERLIN));
    const logged = { ...m, followUps: followUps([at('2026-12-08T12:00', BERLIN), 'email']) };
    expect(plannedNudge(logged, settingsIn(BERLIN))).toBeNull();
    expect(plannedNudge({ ...m, thanked: true }, settingsIn(BERLIN))).toBeNull();
    expect(nudgeState(logged, settingsIn(BERLIN), at('2026-12-20T10:00', BERLIN))).toEqual({ kind: 'done' });
    expect(nextNudgeAt(m, settingsIn(BERLIN))).toBeNull();
  });
});

describe('R9: vary the channel', () => {
  it.each(ZONES)('in %s, the first suggestion uses the promised channel, else a call', (zone) => {
    const s = settingsIn(zone);
    expect(plannedNudge(promise({ promisedChannel: 'email' }), s)?.channel).toBe('email');
    expect(plannedNudge(promise({ promisedChannel: 'linkedin' }), s)?.channel).toBe('linkedin');
    expect(plannedNudge(promise({ promisedChannel: null }), s)?.channel).toBe('call');
  });

  it.each(ZONES)(
    'in %s, each later suggestion moves on from the channel last logged: call → email → LinkedIn → call',
    (zone) => {
      const s = settingsIn(zone);
      const afterCall = promise({ followUps: followUps([at('2026-12-08T10:00', zone), 'call']) });
      expect(plannedNudge(afterCall, s)?.channel).toBe('email');
      const afterEmail = promise({
        followUps: followUps([at('2026-12-08T10:00', zone), 'call'], [at('2026-12-11T10:00', zone), 'email']),
      });
      expect(plannedNudge(afterEmail, s)?.channel).toBe('linkedin');
      const afterLinkedIn = promise({ followUps: threeFollowUps(zone), keepGoing: true });
      expect(plannedNudge(afterLinkedIn, s)?.channel).toBe('call');
    },
  );

  it('when the member did not say how they followed up, the next suggestion still differs from the last one', () => {
    const p = promise({
      promisedChannel: 'email',
      followUps: followUps([at('2026-12-08T10:00', BERLIN), null]),
    });
    expect(plannedNudge(p, settingsIn(BERLIN))?.channel).toBe('linkedin');
  });
});

describe('R10: respect rest', () => {
  it.each(ZONES)(
    'in %s, nothing while paused: the nudge waits for the first working moment after the pause',
    (zone) => {
      const s = settingsIn(zone, { pausedUntil: at('2027-01-06T00:00', zone) });
      expect(plannedNudge(promise(), s)?.at).toEqual(at('2027-01-06T09:00', zone));
    },
  );

  it.each(ZONES)('in %s, snooze always wins, then moves into working hours', (zone) => {
    const p = promise({
      due: { at: at('2026-12-04T14:00', zone), precision: 'time' },
      snoozedUntil: at('2026-12-04T20:00', zone),
    });
    expect(plannedNudge(p, settingsIn(zone))?.at).toEqual(at('2026-12-07T09:00', zone));
    expect(nudgeState(p, settingsIn(zone), at('2026-12-04T19:00', zone))).toEqual({
      kind: 'snoozed',
      until: at('2026-12-04T20:00', zone),
      nudgeAt: at('2026-12-07T09:00', zone),
    });
  });

  it('a snooze to mid-morning on a working day is kept to the minute', () => {
    const p = promise({ snoozedUntil: at('2026-12-09T10:42', BERLIN) });
    expect(plannedNudge(p, settingsIn(BERLIN))?.at).toEqual(at('2026-12-09T10:42', BERLIN));
  });

  it('a Sunday-to-Thursday member is nudged on Sunday, not Friday', () => {
    const s = settingsIn('Asia/Jerusalem', { workDays: [7, 1, 2, 3, 4] });
    const p = promise({ due: { at: at('2026-12-03T16:30', 'Asia/Jerusalem'), precision: 'time' } });
    expect(plannedNudge(p, s)?.at).toEqual(at('2026-12-06T09:00', 'Asia/Jerusalem'));
  });
});

describe('the digest schedule', () => {
  it.each(ZONES)('in %s, the next digest after Friday morning is Monday at 09:00 local', (zone) => {
    expect(nextDigestAt(settingsIn(zone), at('2026-12-04T09:00', zone))).toEqual(
      at('2026-12-07T09:00', zone),
    );
  });

  it('is strictly after the moment given: at 08:59 it is today, at 09:00 it is tomorrow', () => {
    const s = settingsIn(BERLIN);
    expect(nextDigestAt(s, at('2026-12-08T08:59', BERLIN))).toEqual(at('2026-12-08T09:00', BERLIN));
    expect(nextDigestAt(s, at('2026-12-08T09:00', BERLIN))).toEqual(at('2026-12-09T09:00', BERLIN));
  });

  it('is off when the member turned it off', () => {
    expect(
      nextDigestAt(settingsIn(BERLIN, { digestTime: null }), new Date('2026-12-01T00:00:00Z')),
    ).toBeNull();
  });

  it.each(ZONES)('in %s, it skips the days before a pause ends', (zone) => {
    const s = settingsIn(zone, { pausedUntil: at('2026-12-10T00:00', zone) });
    expect(nextDigestAt(s, at('2026-12-07T12:00', zone))).toEqual(at('2026-12-10T09:00', zone));
  });
});

describe('daylight saving, 2026', () => {
  // Berlin: CET (UTC+1) → CEST (UTC+2) on Sun 29 Mar; back on Sun 25 Oct.
  // New York: EST (UTC−5) → EDT (UTC−4) on Sun 8 Mar; back on Sun 1 Nov.
  it.each([
    [BERLIN, '2026-03-28T10:00', '2026-03-29T07:00:00.000Z'],
    [BERLIN, '2026-03-29T10:00', '2026-03-30T07:00:00.000Z'],
    [BERLIN, '2026-10-24T10:00', '2026-10-25T08:00:00.000Z'],
    [NEW_YORK, '2026-03-07T10:00', '2026-03-08T13:00:00.000Z'],
    [NEW_YORK, '2026-10-31T10:00', '2026-11-01T14:00:00.000Z'],
  ])('in %s, every-day digests after %s stay at 09:00 local (%s)', (zone, after, expected) => {
    const s = settingsIn(zone, { workDays: EVERY_DAY });
    expect(nextDigestAt(s, at(after, zone))?.toISOString()).toBe(expected);
  });

  it.each([
    [BERLIN, '2026-03-27T10:00', '2026-03-30T07:00:00.000Z'],
    [BERLIN, '2026-10-23T10:00', '2026-10-26T08:00:00.000Z'],
    [NEW_YORK, '2026-03-06T10:00', '2026-03-09T13:00:00.000Z'],
    [NEW_YORK, '2026-10-30T10:00', '2026-11-02T14:00:00.000Z'],
  ])(
    'in %s, the weekday digest after Friday %s is Monday 09:00 local, across the change (%s)',
    (zone, after, expected) => {
      expect(nextDigestAt(settingsIn(zone), at(after, zone))?.toISOString()).toBe(expected);
    },
  );

  it('a digest time lost to the spring-forward gap moves forward: 02:30 in Berlin on 29 Mar is 03:30 CEST', () => {
    const s = settingsIn(BERLIN, { workDays: EVERY_DAY, digestTime: { hour: 2, minute: 30 } });
    expect(nextDigestAt(s, at('2026-03-28T12:00', BERLIN))?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(nextDigestAt(s, at('2026-03-29T12:00', BERLIN))?.toISOString()).toBe('2026-03-30T00:30:00.000Z');
  });

  it('R2 on the day New York springs forward: due 3pm → nudge 6pm EDT (an email: no call in the last hour)', () => {
    const s = settingsIn(NEW_YORK, { workDays: EVERY_DAY });
    const p = promise({
      due: { at: at('2026-03-08T15:00', NEW_YORK), precision: 'time' },
      promisedChannel: 'email',
    });
    expect(plannedNudge(p, s)?.at.toISOString()).toBe('2026-03-08T22:00:00.000Z');
  });

  it('R2 on the day Berlin falls back: due 3pm → nudge 6pm CET (an email: no call in the last hour)', () => {
    const s = settingsIn(BERLIN, { workDays: EVERY_DAY });
    const p = promise({
      due: { at: at('2026-10-25T15:00', BERLIN), precision: 'time' },
      promisedChannel: 'email',
    });
    expect(plannedNudge(p, s)?.at.toISOString()).toBe('2026-10-25T17:00:00.000Z');
  });

  it('R3 across Berlin’s fall-back weekend: promised Friday 23 Oct → Monday 09:00 CET', () => {
    const p = promise({ due: { at: at('2026-10-23T23:59:59.999', BERLIN), precision: 'day' } });
    expect(plannedNudge(p, settingsIn(BERLIN))?.at.toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('R4 across New York’s spring-forward: a week from Monday 2 Mar → day eight, Tuesday 10 Mar 09:00 EDT', () => {
    const p = promise({
      createdAt: at('2026-03-02T11:00', NEW_YORK),
      due: { at: at('2026-03-09T11:00', NEW_YORK), precision: 'days', days: 7 },
    });
    expect(plannedNudge(p, settingsIn(NEW_YORK))?.at.toISOString()).toBe('2026-03-10T13:00:00.000Z');
  });

  it('R5 across New York’s spring-forward: followed up Thursday 5 Mar → Tuesday 10 Mar 09:00 EDT', () => {
    const p = promise({
      due: { at: at('2026-03-02T15:00', NEW_YORK), precision: 'time' },
      followUps: followUps([at('2026-03-05T10:00', NEW_YORK), 'call']),
    });
    expect(plannedNudge(p, settingsIn(NEW_YORK))?.at.toISOString()).toBe('2026-03-10T13:00:00.000Z');
  });

  it('R5 across Berlin’s spring-forward: followed up Thursday 26 Mar → Tuesday 31 Mar 09:00 CEST', () => {
    const p = promise({
      due: { at: at('2026-03-20T15:00', BERLIN), precision: 'time' },
      followUps: followUps([at('2026-03-26T10:00', BERLIN), 'call']),
    });
    expect(plannedNudge(p, settingsIn(BERLIN))?.at.toISOString()).toBe('2026-03-31T07:00:00.000Z');
  });
});
