import type { Channel, FollowUpPromise, MemberSettings } from './model.ts';
import { POLICY } from './settings.ts';
import {
  atLocalTime,
  intoWorkingHours,
  inZone,
  isWorkDay,
  nextWorkingDayAt,
  workingDaysAfterAt,
} from './working-time.ts';

/** What a nudge asks the member to do. */
export type NudgeKind = 'follow_up' | 'thank_you' | 'ask_right_person';

/** The next nudge of a promise: when, what, which attempt, and which channel to suggest. */
export interface PlannedNudge {
  at: Date;
  kind: NudgeKind;
  /** 1-based: follow-up n of 3 (or more with keepGoing); the attempt after the last for R6. */
  attempt: number;
  channel: Channel;
}

/** How a promise stands at a moment, for the digest and the list. */
export type NudgeState =
  | { kind: 'waiting'; dueAt: Date; nudgeAt: Date | null }
  | { kind: 'nudge'; nudge: PlannedNudge }
  | { kind: 'snoozed'; until: Date; nudgeAt: Date | null }
  | { kind: 'done' };

function digestOrStart(settings: MemberSettings) {
  return settings.digestTime ?? settings.workStart;
}

/** R9: the channel after `last` in the rotation. */
function rotateFrom(last: Channel): Channel {
  const rotation = POLICY.channelRotation;
  return rotation[(rotation.indexOf(last) + 1) % rotation.length] ?? 'call';
}

/** R9: the first suggestion uses the promised channel; each later one differs from the last used. */
function channelFor(promise: FollowUpPromise, attempt: number): Channel {
  let channel: Channel = promise.promisedChannel ?? 'call';
  for (let n = 1; n < attempt; n++) {
    channel = rotateFrom(promise.followUps[n - 1]?.channel ?? channel);
  }
  return channel;
}

/** R5: working days to wait after the n-th logged follow-up. */
function gapAfter(followUpCount: number): number {
  const gaps = POLICY.workingDayGapsAfterFollowUp;
  return gaps[Math.min(followUpCount, gaps.length) - 1] ?? gaps[gaps.length - 1] ?? 3;
}

/** R2, R3, R4: the first nudge of a promise nobody has followed up yet. */
function firstNudgeAt(promise: FollowUpPromise, settings: MemberSettings): Date {
  const { due } = promise;
  switch (due.precision) {
    case 'time':
      return new Date(due.at.getTime() + POLICY.hoursAfterExactTime * 3_600_000);
    case 'day':
      return nextWorkingDayAt(due.at, digestOrStart(settings), settings);
    case 'days': {
      // Day N is due; the nudge is on day N + 1 (moved to the next work day if need be).
      const dayAfter = inZone(due.at, settings.timeZone).plus({ days: 1 });
      const at = atLocalTime(dayAfter, digestOrStart(settings));
      return isWorkDay(dayAfter, settings)
        ? at.toJSDate()
        : nextWorkingDayAt(at.toJSDate(), digestOrStart(settings), settings);
    }
  }
}

/** R10 and snooze: never before a pause or a snooze ends, and always inside working hours. */
function rested(at: Date, promise: FollowUpPromise, settings: MemberSettings): Date {
  let moment = at.getTime();
  if (promise.snoozedUntil !== null) moment = Math.max(moment, promise.snoozedUntil.getTime());
  if (settings.pausedUntil !== null) moment = Math.max(moment, settings.pausedUntil.getTime());
  return intoWorkingHours(new Date(moment), settings);
}

function escalates(promise: FollowUpPromise): boolean {
  return promise.contact.role !== 'hiring_manager' && !promise.rightPersonSuggested;
}

function unrested(promise: FollowUpPromise, settings: MemberSettings): PlannedNudge | null {
  if (promise.kind === 'meeting') {
    if (promise.thanked || promise.followUps.length > 0 || promise.outcome !== null) return null;
    // R8: a short thank-you note within a day, on a working day.
    return { at: promise.due.at, kind: 'thank_you', attempt: 1, channel: 'email' };
  }
  const logged = promise.followUps.length;
  const last = promise.followUps[logged - 1];
  if (promise.outcome !== null) {
    // R6: a "no" from a gatekeeper earns one suggestion to reach the hiring manager; nothing else.
    const gatekeeper = promise.contact.role === 'recruiter' || promise.contact.role === 'hr';
    if (promise.outcome !== 'no' || !gatekeeper || promise.rightPersonSuggested || promise.closedAt === null)
      return null;
    return {
      at: nextWorkingDayAt(promise.closedAt, digestOrStart(settings), settings),
      kind: 'ask_right_person',
      attempt: logged + 1,
      channel: 'email',
    };
  }
  if (last === undefined) {
    return {
      at: firstNudgeAt(promise, settings),
      kind: 'follow_up',
      attempt: 1,
      channel: channelFor(promise, 1),
    };
  }
  const after = workingDaysAfterAt(last.at, gapAfter(logged), digestOrStart(settings), settings);
  const attempt = logged + 1;
  if (logged < POLICY.followUpsBeforeEscalation || promise.keepGoing) {
    return { at: after, kind: 'follow_up', attempt, channel: channelFor(promise, attempt) };
  }
  // R5 → R6: after the third unanswered follow-up, one suggestion to ask the right person.
  if (!escalates(promise)) return null;
  return {
    at: after,
    kind: 'ask_right_person',
    attempt,
    channel: rotateFrom(last.channel ?? channelFor(promise, logged)),
  };
}

/**
 * The next nudge of a promise, whatever the time now (null when none is left), following
 * rules R1–R10 of DESIGN.md §1.
 */
export function plannedNudge(promise: FollowUpPromise, settings: MemberSettings): PlannedNudge | null {
  const nudge = unrested(promise, settings);
  return nudge === null ? null : { ...nudge, at: rested(nudge.at, promise, settings) };
}

/**
 * The scheduler's timed-nudge queue moment: the R2 moment of an exact-time promise that has
 * had no follow-up and no timed nudge yet. Every other nudge rides in the daily digest.
 */
export function nextNudgeAt(promise: FollowUpPromise, settings: MemberSettings): Date | null {
  if (promise.kind !== 'promise' || promise.due.precision !== 'time' || promise.lastNudgedAttempt >= 1)
    return null;
  const nudge = plannedNudge(promise, settings);
  return nudge !== null && nudge.kind === 'follow_up' && nudge.attempt === 1 ? nudge.at : null;
}

/** How the promise stands at `now`. */
export function nudgeState(promise: FollowUpPromise, settings: MemberSettings, now: Date): NudgeState {
  const nudge = plannedNudge(promise, settings);
  if (promise.outcome !== null && nudge === null) return { kind: 'done' };
  if (promise.snoozedUntil !== null && promise.snoozedUntil.getTime() > now.getTime()) {
    return { kind: 'snoozed', until: promise.snoozedUntil, nudgeAt: nudge?.at ?? null };
  }
  if (nudge !== null && nudge.at.getTime() <= now.getTime()) return { kind: 'nudge', nudge };
  return { kind: 'waiting', dueAt: promise.due.at, nudgeAt: nudge?.at ?? null };
}

/**
 * The next digest moment strictly after `after`: the digest time on a work day in the member's
 * zone, never before a pause ends; null when the digest is off.
 */
export function nextDigestAt(settings: MemberSettings, after: Date): Date | null {
  const time = settings.digestTime;
  if (time === null) return null;
  const paused = settings.pausedUntil;
  const from = paused !== null && paused.getTime() > after.getTime() ? new Date(paused.getTime() - 1) : after;
  const first = inZone(from, settings.timeZone).startOf('day');
  for (let offset = 0; offset <= 8; offset++) {
    const day = first.plus({ days: offset });
    if (!isWorkDay(day, settings)) continue;
    const candidate = atLocalTime(day, time);
    if (candidate.toMillis() > from.getTime()) return candidate.toJSDate();
  }
  return null;
}

/** R7: an open thread nobody touched for POLICY.goingColdAfterDays. */
export function isGoingCold(promise: FollowUpPromise, now: Date): boolean {
  const quietMs = now.getTime() - promise.lastActivityAt.getTime();
  return promise.outcome === null && quietMs > POLICY.goingColdAfterDays * 86_400_000;
}
