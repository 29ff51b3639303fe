import { describe, expect, it } from 'vitest';
import {
  isGoingCold,
  nextDigestAt,
  nextNudgeAt,
  nudgeState,
  plannedNudge,
} from '../../src/core/nudge-policy.ts';
import { at, followUps, promise, settingsIn } from './fixtures.ts';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

describe('R1/R2: a promise with an exact time', () => {
  it.each([BERLIN, NEW_YORK])(
    'given a promise due Friday 3pm (%s), the first nudge is Friday 6pm',
    (zone) => {
      const p = promise({ due: { at: at('2026-12-04T15:00', zone), precision: 'time' } });
      const nudge = plannedNudge(p, settingsIn(zone));
      expect(nudge).toEqual({
        at: at('2026-12-04T18:00', zone),
        kind: 'follow_up',
        attempt: 1,
        channel: 'call',
      });
      expect(nextNudgeAt(p, settingsIn(zone))).toEqual(at('2026-12-04T18:00', zone));
    },
  );

  it('given a promise due Friday 5pm, the first nudge is moved to Monday 9:00', () => {
    const p = promise({ due: { at: at('2026-12-04T17:00', BERLIN), precision: 'time' } });
    expect(plannedNudge(p, settingsIn(BERLIN))?.at).toEqual(at('2026-12-07T09:00', BERLIN));
  });

  it('once the timed nudge was planned, the queue column empties', () => {
    const p = promise({ lastNudgedAttempt: 1 });
    expect(nextNudgeAt(p, settingsIn(BERLIN))).toBeNull();
  });
});

describe('R3: a promise for a day', () => {
  it('promised Friday → nudged Monday at the digest time', () => {
    const p = promise({ due: { at: at('2026-12-04T23:59:59.999', BERLIN), precision: 'day' } });
    expect(plannedNudge(p, settingsIn(BERLIN))?.at).toEqual(at('2026-12-07T09:00', BERLIN));
    expect(nextNudgeAt(p, settingsIn(BERLIN))).toBeNull(); // carried by the digest
  });

  it('promised Tuesday with an 08:30 digest → nudged Wednesday, moved to the 09:00 start of work', () => {
    const p = promise({ due: { at: at('2026-12-01T23:59:59.999', NEW_YORK), precision: 'day' } });
    const s = settingsIn(NEW_YORK, { digestTime: { hour: 8, minute: 30 } });
    expect(plannedNudge(p, s)?.at).toEqual(at('2026-12-02T09:00', NEW_YORK));
  });
});

describe('R4: asked for a week', () => {
  it('recorded Monday 30 Nov → nudged on day eight, Tuesday 8 Dec', () => {
    const p = promise({
      createdAt: at('2026-11-30T11:00', BERLIN),
      due: { at: at('2026-12-07T11:00', BERLIN), precision: 'days', days: 7 },
    });
    expect(plannedNudge(p, settingsIn(BERLIN))?.at).toEqual(at('2026-12-08T09:00', BERLIN));
  });

  it('day eight on a Sunday moves to Monday', () => {
    const p = promise({ due: { at: at('2026-12-05T11:00', BERLIN), precision: 'days', days: 7 } });
    expect(plannedNudge(p, settingsIn(BERLIN))?.at).toEqual(at('2026-12-07T09:00', BERLIN));
  });
});

describe('R5: three follow-ups with growing gaps', () => {
  const s = settingsIn(BERLIN);
  it('after the first follow-up (Tue), the next is 3 working days later; after the second, 5', () => {
    const one = promise({ followUps: followUps([at('2026-12-08T10:00', BERLIN), 'call']) });
    expect(plannedNudge(one, s)).toMatchObject({ at: at('2026-12-11T09:00', BERLIN), attempt: 2 });
    const two = promise({
      followUps: followUps(
        [at('2026-12-08T10:00', BERLIN), 'call'],
        [at('2026-12-11T10:00', BERLIN), 'email'],
      ),
    });
    expect(plannedNudge(two, s)).toMatchObject({
      at: at('2026-12-18T09:00', BERLIN),
      attempt: 3,
      kind: 'follow_up',
    });
  });

  it('after three follow-ups, one ask-the-right-person suggestion and then nothing', () => {
    const three = followUps(
      [at('2026-12-08T10:00', BERLIN), 'call'],
      [at('2026-12-11T10:00', BERLIN), 'email'],
      [at('2026-12-18T10:00', BERLIN), 'linkedin'],
    );
    expect(plannedNudge(promise({ followUps: three }), s)).toMatchObject({
      kind: 'ask_right_person',
      attempt: 4,
    });
    expect(plannedNudge(promise({ followUps: three, rightPersonSuggested: true }), s)).toBeNull();
    expect(plannedNudge(promise({ followUps: three, keepGoing: true }), s)).toMatchObject({
      kind: 'follow_up',
      attempt: 4,
    });
  });
});

describe('R6: ask the right person', () => {
  const s = settingsIn(BERLIN);
  const closed = { outcome: 'no' as const, closedAt: at('2026-12-08T10:00', BERLIN) };
  it('a "no" from a recruiter earns one suggestion the next working day', () => {
    expect(plannedNudge(promise(closed), s)).toMatchObject({
      kind: 'ask_right_person',
      at: at('2026-12-09T09:00', BERLIN),
    });
  });
  it('never anything after a "no" from the hiring manager, or three unanswered follow-ups to them', () => {
    const manager = { name: 'Sam Lee', role: 'hiring_manager' as const, company: 'Initech' };
    expect(plannedNudge(promise({ ...closed, contact: manager }), s)).toBeNull();
    const three = followUps(
      [at('2026-12-01T10:00', BERLIN), 'call'],
      [at('2026-12-04T10:00', BERLIN), 'email'],
      [at('2026-12-11T10:00', BERLIN), 'call'],
    );
    expect(plannedNudge(promise({ contact: manager, followUps: three }), s)).toBeNull();
  });
  it('nothing after heard back, an offer or a withdrawal', () => {
    for (const outcome of ['heard', 'offer', 'withdrawn', 'cold'] as const) {
      expect(plannedNudge(promise({ outcome, closedAt: at('2026-12-08T10:00', BERLIN) }), s)).toBeNull();
    }
  });
});

describe('R7: keep threads warm', () => {
  it('a thread untouched for 14 days is going cold; a closed one is not', () => {
    const quiet = promise({ lastActivityAt: new Date('2026-11-01T10:00:00Z') });
    expect(isGoingCold(quiet, new Date('2026-11-15T10:00:01Z'))).toBe(true);
    expect(isGoingCold(quiet, new Date('2026-11-14T10:00:00Z'))).toBe(false);
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
  it('a Tuesday-morning interview → a thank-you note due that day', () => {
    expect(plannedNudge(meeting(at('2026-12-08T10:00', BERLIN)), settingsIn(BERLIN))).toEqual({
      at: at('2026-12-08T10:00', BERLIN),
      kind: 'thank_you',
      attempt: 1,
      channel: 'email',
    });
  });
  it('a Friday-evening interview → Monday morning', () => {
    expect(plannedNudge(meeting(at('2026-12-04T19:30', NEW_YORK)), settingsIn(NEW_YORK))?.at).toEqual(
      at('2026-12-07T09:00', NEW_YORK),
    );
  });
  it('no thank-you nudge once one was logged', () => {
    const logged = {
      ...meeting(at('2026-12-08T10:00', BERLIN)),
      followUps: followUps([at('2026-12-08T12:00', BERLIN), 'email']),
    };
    expect(plannedNudge(logged, settingsIn(BERLIN))).toBeNull();
  });
});

describe('R9: vary the channel', () => {
  it('the first suggestion uses the promised channel; later ones differ from the last logged', () => {
    const s = settingsIn(BERLIN);
    expect(plannedNudge(promise({ promisedChannel: 'email' }), s)?.channel).toBe('email');
    expect(plannedNudge(promise({ promisedChannel: null }), s)?.channel).toBe('call');
    const afterCall = promise({ followUps: followUps([at('2026-12-08T10:00', BERLIN), 'call']) });
    expect(plannedNudge(afterCall, s)?.channel).toBe('email');
    const afterEmail = promise({
      followUps: followUps(
        [at('2026-12-08T10:00', BERLIN), 'call'],
        [at('2026-12-11T10:00', BERLIN), 'email'],
      ),
    });
    expect(plannedNudge(afterEmail, s)?.channel).toBe('linkedin');
  });
});

describe('R10: respect rest', () => {
  it('nothing while paused: the nudge waits for the first working moment after the pause', () => {
    const s = settingsIn(BERLIN, { pausedUntil: at('2027-01-06T00:00', BERLIN) });
    expect(plannedNudge(promise(), s)?.at).toEqual(at('2027-01-06T09:00', BERLIN));
  });
  it('snooze always wins, then moves into working hours', () => {
    const p = promise({ snoozedUntil: at('2026-12-04T20:00', BERLIN) });
    expect(plannedNudge(p, settingsIn(BERLIN))?.at).toEqual(at('2026-12-07T09:00', BERLIN));
    expect(nudgeState(p, settingsIn(BERLIN), at('2026-12-04T19:00', BERLIN)).kind).toBe('snoozed');
  });
  it('custom work days: a Sunday-to-Thursday member is nudged on Sunday, not Friday', () => {
    const s = settingsIn('Asia/Jerusalem', { workDays: [7, 1, 2, 3, 4] });
    const p = promise({ due: { at: at('2026-12-03T16:30', 'Asia/Jerusalem'), precision: 'time' } });
    expect(plannedNudge(p, s)?.at).toEqual(at('2026-12-06T09:00', 'Asia/Jerusalem'));
  });
});

describe('daylight saving', () => {
  it('a nudge three hours after 3pm on the day New York springs forward stays at 6pm local', () => {
    const s = settingsIn(NEW_YORK, { workDays: [1, 2, 3, 4, 5, 6, 7] });
    const p = promise({ due: { at: at('2027-03-14T15:00', NEW_YORK), precision: 'time' } });
    expect(plannedNudge(p, s)?.at).toEqual(at('2027-03-14T18:00', NEW_YORK));
  });
  it.each([
    [BERLIN, '2027-03-26T10:00', '2027-03-29T09:00'], // Berlin springs forward Sun 28 Mar
    [BERLIN, '2027-10-29T10:00', '2027-11-01T09:00'], // and falls back Sun 31 Oct
    [NEW_YORK, '2027-03-12T10:00', '2027-03-15T09:00'],
    [NEW_YORK, '2027-11-05T10:00', '2027-11-08T09:00'],
  ])('in %s the digest after %s is at 09:00 local on %s', (zone, after, expected) => {
    expect(nextDigestAt(settingsIn(zone), at(after, zone))).toEqual(at(expected, zone));
  });
});

describe('the digest schedule', () => {
  it('is off when the member turned it off', () => {
    expect(nextDigestAt(settingsIn(BERLIN, { digestTime: null }), new Date())).toBeNull();
  });
  it('skips days before a pause ends', () => {
    const s = settingsIn(BERLIN, { pausedUntil: at('2026-12-10T00:00', BERLIN) });
    expect(nextDigestAt(s, at('2026-12-07T12:00', BERLIN))).toEqual(at('2026-12-10T09:00', BERLIN));
  });
});
