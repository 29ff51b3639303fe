import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { FollowUpPromise, MemberSettings, Outcome, Weekday } from '../../src/core/model.ts';
import { nextDigestAt, plannedNudge } from '../../src/core/nudge-policy.ts';
import { POLICY } from '../../src/core/settings.ts';
import { isWorkingMoment } from '../../src/core/working-time.ts';
import { promise, settingsIn } from './fixtures.ts';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'America/St_Johns',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Pacific/Auckland',
  'Australia/Lord_Howe',
  'Africa/Casablanca',
];

const START = Date.UTC(2026, 0, 1);
const SPAN = 2 * 365 * 86_400_000;
const instant = fc.integer({ min: START, max: START + SPAN }).map((ms) => new Date(ms));

const settingsArb: fc.Arbitrary<MemberSettings> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    workDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    startHour: fc.integer({ min: 5, max: 11 }),
    length: fc.integer({ min: 4, max: 10 }),
    digestHour: fc.option(fc.integer({ min: 5, max: 12 }), { nil: null }),
    paused: fc.option(instant, { nil: null }),
  })
  .map(({ zone, workDays, startHour, length, digestHour, paused }) =>
    settingsIn(zone, {
      workDays: workDays as Weekday[],
      workStart: { hour: startHour, minute: 0 },
      workEnd: { hour: startHour + length, minute: 30 },
      digestTime: digestHour === null ? null : { hour: digestHour, minute: 15 },
      pausedUntil: paused,
    }),
  );

const promiseArb: fc.Arbitrary<FollowUpPromise> = fc
  .record({
    created: instant,
    dueOffsetHours: fc.integer({ min: 0, max: 24 * 30 }),
    precision: fc.constantFrom('time', 'day', 'days'),
    days: fc.integer({ min: 1, max: 21 }),
    kind: fc.constantFrom('promise', 'promise', 'promise', 'meeting'),
    role: fc.constantFrom('recruiter', 'hiring_manager', 'hr', 'referral', 'networking', 'other', null),
    followUpGaps: fc.array(fc.integer({ min: 1, max: 24 * 14 }), { maxLength: 6 }),
    channels: fc.array(fc.constantFrom('call', 'email', 'linkedin', null), { minLength: 6, maxLength: 6 }),
    snooze: fc.option(instant, { nil: null }),
    keepGoing: fc.boolean(),
    rightPersonSuggested: fc.boolean(),
    outcome: fc.constantFrom<Outcome | null>(null, null, null, 'heard', 'offer', 'no', 'withdrawn', 'cold'),
  })
  .map((r) => {
    const dueAt = new Date(r.created.getTime() + r.dueOffsetHours * 3_600_000);
    let last = dueAt.getTime();
    const logged = r.followUpGaps.map((gap, i) => {
      last += gap * 3_600_000;
      return {
        id: `f${i}`,
        promiseId: 'p1',
        at: new Date(last),
        attempt: i + 1,
        channel: r.channels[i] ?? null,
        note: null,
      };
    });
    return promise({
      kind: r.kind as FollowUpPromise['kind'],
      createdAt: r.created,
      lastActivityAt: r.created,
      contact: { name: 'Jane Doe', role: r.role as FollowUpPromise['contact']['role'], company: 'Acme' },
      due:
        r.precision === 'days'
          ? { at: dueAt, precision: 'days', days: r.days }
          : { at: dueAt, precision: r.precision as 'time' | 'day' },
      followUps: logged,
      snoozedUntil: r.snooze,
      keepGoing: r.keepGoing,
      rightPersonSuggested: r.rightPersonSuggested,
      outcome: r.outcome,
      closedAt: r.outcome === null ? null : new Date(last + 3_600_000),
    });
  });

const RUNS = { numRuns: 2_000 };

describe('nudge policy properties', () => {
  it('a planned nudge is always inside working hours on a work day, in the member’s zone', () => {
    fc.assert(
      fc.property(promiseArb, settingsArb, (p, s) => {
        const nudge = plannedNudge(p, s);
        if (nudge === null) return;
        expect(isWorkingMoment(nudge.at, s)).toBe(true);
        const local = DateTime.fromJSDate(nudge.at, { zone: s.timeZone });
        expect(s.workDays).toContain(local.weekday);
      }),
      RUNS,
    );
  });

  it('never before a pause or a snooze ends', () => {
    fc.assert(
      fc.property(promiseArb, settingsArb, (p, s) => {
        const nudge = plannedNudge(p, s);
        if (nudge === null) return;
        if (s.pausedUntil) expect(nudge.at.getTime()).toBeGreaterThanOrEqual(s.pausedUntil.getTime());
        if (p.snoozedUntil) expect(nudge.at.getTime()).toBeGreaterThanOrEqual(p.snoozedUntil.getTime());
      }),
      RUNS,
    );
  });

  it('never more than three follow-up nudges unless the member asked to keep going', () => {
    fc.assert(
      fc.property(promiseArb, settingsArb, (p, s) => {
        const nudge = plannedNudge(p, s);
        if (nudge?.kind === 'follow_up' && !p.keepGoing) {
          expect(nudge.attempt).toBeLessThanOrEqual(POLICY.followUpsBeforeEscalation);
        }
      }),
      RUNS,
    );
  });

  it('nothing after a promise is done, except one R6 suggestion after a gatekeeper’s "no"', () => {
    fc.assert(
      fc.property(promiseArb, settingsArb, (p, s) => {
        const nudge = plannedNudge(p, s);
        if (p.outcome === null || nudge === null) return;
        expect(nudge.kind).toBe('ask_right_person');
        expect(p.outcome).toBe('no');
        expect(['recruiter', 'hr']).toContain(p.contact.role);
        expect(p.rightPersonSuggested).toBe(false);
      }),
      RUNS,
    );
  });

  it('never any nudge after a "no" from a hiring manager', () => {
    fc.assert(
      fc.property(promiseArb, settingsArb, (p, s) => {
        const manager = {
          ...p,
          contact: { ...p.contact, role: 'hiring_manager' as const },
          outcome: 'no' as const,
        };
        expect(plannedNudge({ ...manager, closedAt: manager.closedAt ?? p.createdAt }, s)).toBeNull();
      }),
      RUNS,
    );
  });

  it('is a pure function: the same inputs give the same nudge, whatever the process TZ', () => {
    fc.assert(
      fc.property(promiseArb, settingsArb, (p, s) => {
        const first = plannedNudge(p, s);
        const previous = process.env.TZ;
        process.env.TZ = 'Pacific/Kiritimati';
        try {
          expect(plannedNudge(structuredClone(p), structuredClone(s))).toEqual(first);
        } finally {
          process.env.TZ = previous;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the next digest is strictly later, on a work day, at the digest time in the member’s zone', () => {
    fc.assert(
      fc.property(settingsArb, instant, (s, after) => {
        const next = nextDigestAt(s, after);
        if (s.digestTime === null) {
          expect(next).toBeNull();
          return;
        }
        expect(next).not.toBeNull();
        if (next === null) return;
        expect(next.getTime()).toBeGreaterThan(after.getTime());
        const local = DateTime.fromJSDate(next, { zone: s.timeZone });
        expect(s.workDays).toContain(local.weekday);
        // A digest time inside a spring-forward gap moves forward by the gap; otherwise it is exact.
        const wanted = local.set({ hour: s.digestTime.hour, minute: s.digestTime.minute });
        expect(Math.abs(local.toMillis() - wanted.toMillis())).toBeLessThanOrEqual(3_600_000);
        if (s.pausedUntil && s.pausedUntil > after)
          expect(next.getTime()).toBeGreaterThanOrEqual(s.pausedUntil.getTime());
      }),
      RUNS,
    );
  });
});
