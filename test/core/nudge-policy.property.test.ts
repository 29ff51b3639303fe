import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { FollowUpPromise, LocalTime, MemberSettings, Outcome, Weekday } from '../../src/core/model.ts';
import {
  isNoCallMoment,
  nextDigestAt,
  nextNudgeAt,
  nudgeState,
  plannedNudge,
} from '../../src/core/nudge-policy.ts';
import { POLICY } from '../../src/core/policy-defaults.ts';
import { isWorkingMoment } from '../../src/core/working-time.ts';
import { runs } from '../support/fuzz.ts';
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
const minute = fc.constantFrom(0, 15, 30, 45);

const settingsArb: fc.Arbitrary<MemberSettings> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    workDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    startHour: fc.integer({ min: 0, max: 11 }),
    startMinute: minute,
    length: fc.integer({ min: 1, max: 12 }),
    endMinute: minute,
    digest: fc.option(fc.record({ hour: fc.integer({ min: 0, max: 23 }), minute }), { nil: null }),
    paused: fc.option(instant, { nil: null }),
  })
  .map(({ zone, workDays, startHour, startMinute, length, endMinute, digest, paused }) =>
    settingsIn(zone, {
      workDays: workDays as Weekday[],
      workStart: { hour: startHour, minute: startMinute },
      workEnd: { hour: startHour + length, minute: endMinute },
      digestTime: digest,
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
    promisedChannel: fc.constantFrom('call', 'email', 'linkedin', null),
    followUpGaps: fc.array(fc.integer({ min: -24 * 5, max: 24 * 14 }), { maxLength: 6 }),
    channels: fc.array(fc.constantFrom('call', 'email', 'linkedin', null), { minLength: 6, maxLength: 6 }),
    snooze: fc.option(instant, { nil: null }),
    keepGoing: fc.boolean(),
    rightPersonSuggested: fc.boolean(),
    thanked: fc.boolean(),
    lastNudgedAttempt: fc.integer({ min: 0, max: 2 }),
    outcome: fc.constantFrom<Outcome | null>(null, null, null, 'heard', 'offer', 'no', 'withdrawn', 'cold'),
  })
  .map((r) => {
    const dueAt = new Date(r.created.getTime() + r.dueOffsetHours * 3_600_000);
    // Follow-ups may come a little before the due moment (a member who chases early), but in order.
    let last = dueAt.getTime();
    const logged = r.followUpGaps.map((gap, i) => {
      last = Math.max(last + gap * 3_600_000, r.created.getTime());
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
      promisedChannel: r.promisedChannel as FollowUpPromise['promisedChannel'],
      due:
        r.precision === 'days'
          ? { at: dueAt, precision: 'days', days: r.days }
          : { at: dueAt, precision: r.precision as 'time' | 'day' },
      followUps: logged,
      snoozedUntil: r.snooze,
      keepGoing: r.keepGoing,
      rightPersonSuggested: r.rightPersonSuggested,
      thanked: r.kind === 'meeting' && r.thanked,
      lastNudgedAttempt: r.lastNudgedAttempt,
      outcome: r.outcome,
      closedAt: r.outcome === null ? null : new Date(last + 3_600_000),
    });
  });

/** A fresh exact-time or day promise: no history, no snooze, no pause, so the oracle below applies. */
const plainArb = fc.tuple(promiseArb, settingsArb).map(([p, s]): [FollowUpPromise, MemberSettings] => [
  {
    ...p,
    kind: 'promise',
    followUps: [],
    snoozedUntil: null,
    outcome: null,
    closedAt: null,
    due: { at: p.due.at, precision: p.due.precision === 'days' ? 'day' : p.due.precision },
  },
  { ...s, pausedUntil: null },
]);

// A quarter of the old fixed count in npm test, all of it and more in the thorough run (fuzz.ts).
const RUNS = { numRuns: runs(5_000) };

// An independent oracle, built only from Luxon's wall-clock constructors in the member's zone.
// A wall time that happens twice (autumn fall-back) means its first occurrence.
function wall(day: DateTime, time: LocalTime, zone: string): DateTime {
  const at = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute },
    { zone },
  );
  const hourEarlier = at.minus({ hours: 1 });
  return hourEarlier.hour === at.hour && hourEarlier.minute === at.minute ? hourEarlier : at;
}
function nextWorkDay(day: DateTime, s: MemberSettings): DateTime {
  let next = day.plus({ days: 1 });
  while (!s.workDays.includes(next.weekday as Weekday)) next = next.plus({ days: 1 });
  return next;
}
/**
 * The first working moment at or after `local`. A day whose window the spring-forward gap empties
 * (02:45–03:00 on the night clocks jump from 02:00 to 03:00) has no working moment.
 */
function oracleWorking(local: DateTime, s: MemberSettings): number {
  const zone = s.timeZone;
  let day = local.startOf('day');
  let from = local;
  for (;;) {
    if (s.workDays.includes(day.weekday as Weekday)) {
      const start = wall(day, s.workStart, zone);
      const end = wall(day, s.workEnd, zone);
      if (start <= end && from <= end) return Math.max(from.toMillis(), start.toMillis());
    }
    day = nextWorkDay(day, s);
    from = day;
  }
}
/**
 * R11: a call in the last working hour or from noon on the eve of a day off moves to the next
 * working morning (these settings have no country, so days off are the non-work weekdays).
 */
function oracleHumane(at: number, p: FollowUpPromise, s: MemberSettings): number {
  if ((p.promisedChannel ?? 'call') !== 'call') return at;
  const zone = s.timeZone;
  const local = DateTime.fromMillis(at, { zone });
  const day = local.startOf('day');
  const lastHour = at > wall(day, s.workEnd, zone).minus({ hours: 1 }).toMillis();
  const eve = !s.workDays.includes(day.plus({ days: 1 }).weekday as Weekday);
  const afternoon = at >= wall(day, { hour: 12, minute: 0 }, zone).toMillis();
  if (!lastHour && !(eve && afternoon)) return at;
  return oracleWorking(wall(nextWorkDay(day, s), s.digestTime ?? s.workStart, zone), s);
}
/** The first nudge of a fresh exact-time (R2) or day (R3) promise. */
function oracleFirstNudge(p: FollowUpPromise, s: MemberSettings): number {
  const zone = s.timeZone;
  if (p.due.precision === 'time') {
    const t = DateTime.fromMillis(p.due.at.getTime(), { zone }).plus({ hours: POLICY.hoursAfterExactTime });
    return oracleHumane(oracleWorking(t, s), p, s);
  }
  const day = nextWorkDay(DateTime.fromMillis(p.due.at.getTime(), { zone }).startOf('day'), s);
  return oracleHumane(oracleWorking(wall(day, s.digestTime ?? s.workStart, zone), s), p, s);
}

describe('nudge policy properties', () => {
  it('a planned nudge is always inside working hours on a work day, in the member’s zone', () => {
    fc.assert(
      fc.property(promiseArb, settingsArb, (p, s) => {
        const nudge = plannedNudge(p, s);
        if (nudge === null) return;
        expect(isWorkingMoment(nudge.at, s)).toBe(true);
        const local = DateTime.fromJSDate(nudge.at, { zone: s.timeZone });
        expect(s.workDays).toContain(local.weekday);
        const minutes = local.hour * 60 + local.minute;
        expect(minutes).toBeGreaterThanOrEqual(s.workStart.hour * 60 + s.workStart.minute - 60); // −60: DST gap
        expect(minutes).toBeLessThanOrEqual(s.workEnd.hour * 60 + s.workEnd.minute + 60);
      }),
      RUNS,
    );
  });

  it('the first nudge of a fresh promise matches an oracle built only from Luxon in the member’s zone', () => {
    fc.assert(
      fc.property(plainArb, ([p, s]) => {
        expect(plannedNudge(p, s)?.at.getTime()).toBe(oracleFirstNudge(p, s));
      }),
      RUNS,
    );
  });

  it('never suggests a call in a no-call moment when the working morning itself is fit for a call', () => {
    fc.assert(
      fc.property(promiseArb, settingsArb, (p, s) => {
        const nudge = plannedNudge(p, s);
        if (nudge === null || nudge.channel !== 'call') return;
        // The morning a held-back call moves to: the digest time (or start of work), before noon and
        // before the last working hour, on a week with at least two work days in a row.
        const morning = s.digestTime ?? s.workStart;
        const minutes = (t: LocalTime) => t.hour * 60 + t.minute;
        const start = Math.max(minutes(morning), minutes(s.workStart));
        if (start >= 12 * 60 || start >= minutes(s.workEnd) - 60) return;
        if (!s.workDays.some((d) => s.workDays.includes(((d % 7) + 1) as Weekday))) return;
        const local = DateTime.fromJSDate(nudge.at, { zone: s.timeZone });
        // A day whose morning is itself on an eve (a lone work day before days off) may keep a morning call.
        if (local.hour * 60 + local.minute === start) return;
        expect(isNoCallMoment(nudge.at, s)).toBe(false);
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
        if (nudge !== null && nudge.kind !== 'thank_you') expect(nudge.attempt).toBe(p.followUps.length + 1);
      }),
      RUNS,
    );
  });

  it('the next follow-up comes after the last one logged, on a different channel', () => {
    fc.assert(
      fc.property(promiseArb, settingsArb, (p, s) => {
        const nudge = plannedNudge(p, s);
        const last = p.followUps.at(-1);
        if (nudge === null || p.kind !== 'promise' || last === undefined) return;
        expect(nudge.at.getTime()).toBeGreaterThan(last.at.getTime());
        if (last.channel !== null) expect(nudge.channel).not.toBe(last.channel);
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
        // Said once: once it is recorded as given, nothing is left.
        expect(plannedNudge({ ...p, rightPersonSuggested: true }, s)).toBeNull();
      }),
      RUNS,
    );
  });

  it('never any nudge after a "no" from a hiring manager, nor R6 to one', () => {
    fc.assert(
      fc.property(promiseArb, settingsArb, (p, s) => {
        const manager = { ...p, contact: { ...p.contact, role: 'hiring_manager' as const } };
        const closed = { ...manager, outcome: 'no' as const, closedAt: p.closedAt ?? p.createdAt };
        expect(plannedNudge(closed, s)).toBeNull();
        expect(plannedNudge(manager, s)?.kind).not.toBe('ask_right_person');
      }),
      RUNS,
    );
  });

  it('with a digest, the timed-nudge queue holds only first exact-time nudges, at their planned moment', () => {
    fc.assert(
      fc.property(promiseArb, settingsArb, (p, s) => {
        const queued = nextNudgeAt(p, s);
        if (queued === null || s.digestTime === null) return;
        expect(p.due.precision).toBe('time');
        expect(p.lastNudgedAttempt).toBe(0);
        expect(plannedNudge(p, s)).toMatchObject({ at: queued, kind: 'follow_up', attempt: 1 });
      }),
      RUNS,
    );
  });

  it('with the digest off, every planned nudge not yet sent is queued at its moment, and nothing else', () => {
    fc.assert(
      fc.property(promiseArb, settingsArb, (p, s) => {
        const off = { ...s, digestTime: null };
        const nudge = plannedNudge(p, off);
        const unsent = nudge !== null && nudge.attempt > p.lastNudgedAttempt;
        expect(nextNudgeAt(p, off)).toEqual(unsent ? nudge.at : null);
      }),
      RUNS,
    );
  });

  it('the state at any moment agrees with the plan: snoozed until later, or nudge once its moment came', () => {
    // "Now" near the promise's life, so the interesting moments around each nudge are hit often.
    const nearNow = fc.integer({ min: -48 * 60, max: 40 * 24 * 60 });
    fc.assert(
      fc.property(promiseArb, settingsArb, nearNow, (p, s, minutes) => {
        const now = new Date(p.due.at.getTime() + minutes * 60_000);
        const state = nudgeState(p, s, now);
        const nudge = plannedNudge(p, s);
        const local = DateTime.fromJSDate(now, { zone: s.timeZone });
        // Before the working day starts, nudges planned for its opening already count (an early digest).
        const start = wall(local, s.workStart, s.timeZone).toMillis();
        const opening = s.workDays.includes(local.weekday as Weekday) && start > now.getTime();
        const horizon = opening ? start : now.getTime();
        switch (state.kind) {
          case 'done':
            expect(nudge).toBeNull();
            expect(p.outcome !== null || p.kind === 'meeting').toBe(true);
            break;
          case 'snoozed':
            expect(state.until.getTime()).toBeGreaterThan(now.getTime());
            expect(state.until).toEqual(p.snoozedUntil);
            break;
          case 'nudge':
            expect(state.nudge).toEqual(nudge);
            expect(state.since.getTime()).toBeLessThanOrEqual(horizon);
            break;
          case 'waiting':
            if (nudge !== null) expect(nudge.at.getTime()).toBeGreaterThan(horizon);
            break;
        }
      }),
      RUNS,
    );
  });

  it('is a pure function: the same inputs give the same nudge, whatever the process TZ', () => {
    fc.assert(
      fc.property(promiseArb, settingsArb, instant, (p, s, now) => {
        const first = plannedNudge(p, s);
        const state = nudgeState(p, s, now);
        const digest = nextDigestAt(s, now);
        const previous = process.env.TZ;
        process.env.TZ = 'Pacific/Kiritimati';
        try {
          expect(plannedNudge(structuredClone(p), structuredClone(s))).toEqual(first);
          expect(nudgeState(structuredClone(p), structuredClone(s), new Date(now))).toEqual(state);
          expect(nextDigestAt(structuredClone(s), new Date(now))).toEqual(digest);
        } finally {
          if (previous === undefined) delete process.env.TZ;
          else process.env.TZ = previous;
        }
      }),
      { numRuns: runs(300) },
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
        if (next === null) throw new Error('expected a digest moment');
        expect(next.getTime()).toBeGreaterThan(after.getTime());
        const local = DateTime.fromJSDate(next, { zone: s.timeZone });
        expect(s.workDays).toContain(local.weekday);
        // Exactly the digest's wall time that day (a time lost to spring-forward maps forward, as Luxon does).
        expect(next.getTime()).toBe(wall(local, s.digestTime, s.timeZone).toMillis());
        if (s.pausedUntil && s.pausedUntil > after)
          expect(next.getTime()).toBeGreaterThanOrEqual(s.pausedUntil.getTime());
        // And no digest moment was skipped between `after` and `next` (outside a pause).
        const previousDay = local.minus({ days: 1 });
        const earlier = wall(previousDay, s.digestTime, s.timeZone).toMillis();
        const pauseEnd = s.pausedUntil?.getTime() ?? 0;
        if (s.workDays.includes(previousDay.weekday as Weekday) && earlier > after.getTime())
          expect(earlier).toBeLessThan(pauseEnd);
      }),
      RUNS,
    );
  });
});
