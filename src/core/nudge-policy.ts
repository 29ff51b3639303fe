import type { Channel, FollowUpPromise, LocalTime, MemberSettings } from './model.ts';
import { POLICY } from './policy-defaults.ts';
import {
  atLocalTime,
  intoWorkingHours,
  inZone,
  isEveOfRest,
  isWorkDay,
  memoizedWorking,
  nextWorkingDayAt,
  SEARCH_DAYS,
  workingDaysAfterAt,
  workStartOn,
} from './working-time.ts';

/*
 * The nudge policy: rules R1–R10 of DESIGN.md §1 as pure functions of a promise and the
 * member's settings. "Now" matters only to `nudgeState`; the planned moment of a nudge never
 * depends on it, so the scheduler, the digest and the replies all agree on it.
 */

/** What a nudge asks the member to do. */
export type NudgeKind = 'follow_up' | 'thank_you' | 'ask_right_person';

/** The next nudge of a promise: when, what, which attempt, and which channel to suggest. */
export interface PlannedNudge {
  at: Date;
  kind: NudgeKind;
  /** 1-based: follow-up n of 3 (more with keepGoing); for R6, the attempt after the last logged. */
  attempt: number;
  channel: Channel;
}

/** How a promise stands at a moment, for the digest and the list. */
export type NudgeState =
  /** Not yet time to nudge: the promise is not due, or its nudge moment has not come (null: none left). */
  | { kind: 'waiting'; dueAt: Date; nudgeAt: Date | null }
  /** The planned nudge's moment has passed: time to act. `since` is that moment. */
  | { kind: 'nudge'; nudge: PlannedNudge; since: Date }
  /** The member snoozed it; `nudgeAt` is when it comes back (null when nothing is left to nudge). */
  | { kind: 'snoozed'; until: Date; nudgeAt: Date | null }
  /** Closed, heard, or a thanked meeting, with nothing more to suggest. */
  | { kind: 'done' };

/** The local time digest-carried nudges land on: the digest time, or the start of work without one. */
function digestOrStart(settings: MemberSettings): LocalTime {
  return settings.digestTime ?? settings.workStart;
}

/** R9: the channel after `last` in the rotation. */
function rotateFrom(last: Channel): Channel {
  const rotation: readonly Channel[] = POLICY.channelRotation;
  return rotation[(rotation.indexOf(last) + 1) % rotation.length] ?? last;
}

/**
 * R9: the first suggestion uses the promised channel (or a call); each later one moves on from
 * the channel of the last logged follow-up (or, when that was not recorded, from the one suggested).
 */
function channelFor(promise: FollowUpPromise, attempt: number): Channel {
  let channel: Channel = promise.promisedChannel ?? POLICY.channelRotation[0];
  for (let n = 1; n < attempt; n++) {
    channel = rotateFrom(promise.followUps[n - 1]?.channel ?? channel);
  }
  return channel;
}

/** R5: working days to wait after the n-th logged follow-up (the last gap repeats). */
function gapAfter(followUpCount: number): number {
  const gaps = POLICY.workingDayGapsAfterFollowUp;
  const index = Math.min(Math.max(followUpCount, 1), gaps.length) - 1;
  return gaps[index] ?? 1;
}

/** R2, R3, R4: the first nudge of a promise, before rest (R10) is applied. */
function firstNudgeAt(promise: FollowUpPromise, settings: MemberSettings): Date {
  const { due } = promise;
  switch (due.precision) {
    case 'time':
      // R2: "a few hours later" is elapsed time, so it is added to the instant, not the wall clock.
      return new Date(due.at.getTime() + POLICY.hoursAfterExactTime * 3_600_000);
    case 'day':
      // R3: a day past it, at the digest, on the next working day.
      return nextWorkingDayAt(due.at, digestOrStart(settings), settings);
    case 'days': {
      // R4: day N is the due day; the nudge is on day N + 1, or the first work day after it.
      const dayAfter = inZone(due.at, settings.timeZone).plus({ days: 1 });
      const at = atLocalTime(dayAfter, digestOrStart(settings));
      return isWorkDay(dayAfter, settings)
        ? at.toJSDate()
        : nextWorkingDayAt(at.toJSDate(), digestOrStart(settings), settings);
    }
  }
}

/**
 * R11, humane timing: a call is not suggested in the last hour of the working day, nor on the
 * afternoon before a weekend or public holiday (a Friday 18:00 "try a call now" reaches nobody).
 */
export function isNoCallMoment(at: Date, settings: MemberSettings): boolean {
  return noCallMoment(at, settings);
}

const noCallMoment = memoizedWorking((at, settings) => {
  const local = inZone(at, settings.timeZone);
  const end = atLocalTime(local, settings.workEnd).minus({ hours: POLICY.noCallInLastWorkingHours });
  if (at.getTime() > end.toMillis()) return true;
  return isEveOfRest(at, settings) && at.getTime() >= atLocalTime(local, POLICY.noCallOnEveFrom).toMillis();
});

/**
 * R10, R11 and snooze: never before a pause or a snooze ends, always inside working hours (work
 * days that are not public holidays), and a call suggestion that would land in a no-call moment
 * moves to the next working morning.
 */
function rested(at: Date, channel: Channel, promise: FollowUpPromise, settings: MemberSettings): Date {
  let moment = at.getTime();
  if (promise.snoozedUntil !== null) moment = Math.max(moment, promise.snoozedUntil.getTime());
  if (settings.pausedUntil !== null) moment = Math.max(moment, settings.pausedUntil.getTime());
  const working = intoWorkingHours(new Date(moment), settings);
  if (channel !== 'call' || !isNoCallMoment(working, settings)) return working;
  return intoWorkingHours(nextWorkingDayAt(working, digestOrStart(settings), settings), settings);
}

/** R6 applies to anyone but the hiring manager, and is said once. */
function mayAskRightPerson(promise: FollowUpPromise): boolean {
  return promise.contact.role !== 'hiring_manager' && !promise.rightPersonSuggested;
}

/** R6 after a close: a "no" from a recruiter or HR, not yet answered with the suggestion. */
function isGatekeeperNo(promise: FollowUpPromise): boolean {
  const gatekeeper = promise.contact.role === 'recruiter' || promise.contact.role === 'hr';
  return promise.outcome === 'no' && gatekeeper && !promise.rightPersonSuggested;
}

/** The next nudge before rest is applied (snooze, pause, working hours). */
function unrested(promise: FollowUpPromise, settings: MemberSettings): PlannedNudge | null {
  if (promise.kind === 'meeting') {
    if (promise.thanked || promise.followUps.length > 0 || promise.outcome !== null) return null;
    // R8: the note is due from the moment the conversation happened; rest moves it to a working day.
    return { at: promise.due.at, kind: 'thank_you', attempt: 1, channel: 'email' };
  }
  const logged = promise.followUps.length;
  if (promise.outcome !== null) {
    if (!isGatekeeperNo(promise) || promise.closedAt === null) return null;
    return {
      at: nextWorkingDayAt(promise.closedAt, digestOrStart(settings), settings),
      kind: 'ask_right_person',
      attempt: logged + 1,
      channel: channelFor(promise, logged + 1),
    };
  }
  const last = promise.followUps[logged - 1];
  const first = firstNudgeAt(promise, settings);
  if (last === undefined) {
    return { at: first, kind: 'follow_up', attempt: 1, channel: channelFor(promise, 1) };
  }
  const gap = workingDaysAfterAt(last.at, gapAfter(logged), digestOrStart(settings), settings);
  // A follow-up made before the promise was even due does not bring the nudge before its R2–R4 moment.
  const at = gap.getTime() >= first.getTime() ? gap : first;
  const attempt = logged + 1;
  if (logged < POLICY.followUpsBeforeEscalation || promise.keepGoing) {
    return { at, kind: 'follow_up', attempt, channel: channelFor(promise, attempt) };
  }
  // R5 → R6: after the third unanswered follow-up, one suggestion to ask the right person.
  if (!mayAskRightPerson(promise)) return null;
  return { at, kind: 'ask_right_person', attempt, channel: channelFor(promise, attempt) };
}

/**
 * The next nudge of a promise whatever the time now, or null when none is left (heard or
 * closed, a "no" from a hiring manager, follow-ups and R6 used up). Always on a work day inside
 * working hours in the member's zone, never before the member's pause or the promise's snooze ends.
 */
export function plannedNudge(promise: FollowUpPromise, settings: MemberSettings): PlannedNudge | null {
  const nudge = unrested(promise, settings);
  return nudge === null ? null : { ...nudge, at: rested(nudge.at, nudge.channel, promise, settings) };
}

/**
 * The scheduler's timed-nudge queue moment ("Timed nudges", DESIGN.md §2). With a digest: the R2
 * moment of an exact-time promise still on its first attempt that had no timed nudge yet, and
 * null otherwise, because every other nudge rides in the daily digest. With the digest off,
 * nothing rides in a digest, so every planned nudge not yet sent gets its own moment (day-level
 * nudges land at the start of work, the member's morning).
 */
export function nextNudgeAt(promise: FollowUpPromise, settings: MemberSettings): Date | null {
  const nudge = plannedNudge(promise, settings);
  if (nudge === null || nudge.attempt <= promise.lastNudgedAttempt) return null;
  if (settings.digestTime === null) return nudge.at;
  if (promise.kind !== 'promise' || promise.due.precision !== 'time') return null;
  return nudge.kind === 'follow_up' && nudge.attempt === 1 ? nudge.at : null;
}

/**
 * The deadline of an R8 thank-you note: POLICY.thankYouWithinHours after the meeting, moved to
 * a working moment; null for anything but an unthanked meeting.
 */
export function thankYouDueBy(promise: FollowUpPromise, settings: MemberSettings): Date | null {
  if (plannedNudge(promise, settings)?.kind !== 'thank_you') return null;
  const deadline = new Date(promise.due.at.getTime() + POLICY.thankYouWithinHours * 3_600_000);
  return intoWorkingHours(deadline, settings);
}

/**
 * The moment against which nudges count as due: `now`, or — before the working day has started
 * on a work day — that day's start of work, so a digest sent at 08:30 to someone who starts at
 * 09:00 carries the nudges planned for 09:00 that day instead of holding them a whole day.
 */
function dueHorizon(now: Date, settings: MemberSettings): number {
  const start = workStartOn(now, settings);
  return start !== null && start.getTime() > now.getTime() ? start.getTime() : now.getTime();
}

/** How the promise stands at `now`: waiting, time to nudge, snoozed, or done. */
export function nudgeState(promise: FollowUpPromise, settings: MemberSettings, now: Date): NudgeState {
  const nudge = plannedNudge(promise, settings);
  if (nudge === null && (promise.outcome !== null || promise.kind === 'meeting')) return { kind: 'done' };
  if (promise.snoozedUntil !== null && promise.snoozedUntil.getTime() > now.getTime()) {
    return { kind: 'snoozed', until: promise.snoozedUntil, nudgeAt: nudge?.at ?? null };
  }
  // R8: a thank-you is due only once the meeting has happened, whatever the working day's horizon.
  const meetingAhead = promise.kind === 'meeting' && promise.due.at.getTime() > now.getTime();
  if (nudge !== null && !meetingAhead && nudge.at.getTime() <= dueHorizon(now, settings)) {
    return { kind: 'nudge', nudge, since: nudge.at };
  }
  return { kind: 'waiting', dueAt: promise.due.at, nudgeAt: nudge?.at ?? null };
}

/**
 * The next digest moment strictly after `after`: the digest time on a work day in the member's
 * zone, never before the member's pause ends (so days before the pause's local date are
 * skipped, and that day too when its digest time comes before the pause ends); null when the
 * digest is off.
 */
export function nextDigestAt(settings: MemberSettings, after: Date): Date | null {
  const time = settings.digestTime;
  if (time === null) return null;
  const paused = settings.pausedUntil;
  // Candidates must be > `from`; starting 1 ms before the pause's end lets the end itself qualify.
  const from = paused !== null && paused.getTime() > after.getTime() ? new Date(paused.getTime() - 1) : after;
  const first = inZone(from, settings.timeZone).startOf('day');
  for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
    const day = first.plus({ days: offset });
    if (!isWorkDay(day, settings)) continue;
    const candidate = atLocalTime(day, time);
    if (candidate.toMillis() > from.getTime()) return candidate.toJSDate();
  }
  return null;
}

/** R7: an open promise (not a logged meeting) nobody touched for POLICY.goingColdAfterDays. */
export function isGoingCold(promise: FollowUpPromise, now: Date): boolean {
  const quietMs = now.getTime() - promise.lastActivityAt.getTime();
  return (
    promise.kind === 'promise' && promise.outcome === null && quietMs > POLICY.goingColdAfterDays * 86_400_000
  );
}
