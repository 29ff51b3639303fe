import type { FollowUp, FollowUpPromise, MemberSettings } from './model.ts';
import { inZone, isWorkDay } from './working-time.ts';

/**
 * The follow-ups of a thread, as every view counts them: those logged on a promise. A logged
 * meeting's only touch is its thank-you note, which is not a follow-up on anyone's promise.
 */
export function followUpsOf(promise: FollowUpPromise): readonly FollowUp[] {
  return promise.kind === 'promise' ? promise.followUps : [];
}

/** The member's week at a glance, and their all-time outcomes: the one source of stats' counts. */
export interface Tally {
  followUpsThisWeek: number;
  heardThisWeek: number;
  followUpsAllTime: number;
  heardAllTime: number;
  offersAllTime: number;
  /** Consecutive work days, ending today (or yesterday), with a logged follow-up or a new promise. */
  streakDays: number;
  openThreads: number;
}

/**
 * How many things the member did on each local day (ISO date → count): a promise recorded, or any
 * logged touch (a thank-you note too). These are the days that keep a streak going.
 */
export function activityByDay(promises: readonly FollowUpPromise[], zone: string): Map<string, number> {
  const days = new Map<string, number>();
  const count = (at: Date) => {
    const day = inZone(at, zone).toISODate() ?? '';
    days.set(day, (days.get(day) ?? 0) + 1);
  };
  for (const promise of promises) {
    count(promise.createdAt);
    for (const touch of promise.followUps) count(touch.at);
  }
  return days;
}

/** Longest streak looked back over; a streak longer than this still reads as this many days. */
const STREAK_HORIZON_DAYS = 366;

/**
 * Counts follow-ups logged and callbacks heard in the member's local ISO week (Monday to now)
 * and all time, offers, the streak of active work days, and the open threads (promises, not
 * logged meetings).
 */
export function weeklyTally(
  promises: readonly FollowUpPromise[],
  settings: MemberSettings,
  now: Date,
): Tally {
  const zone = settings.timeZone;
  const weekStart = inZone(now, zone).startOf('week').toMillis();
  const activeDays = activityByDay(promises, zone);
  const counts = {
    followUpsThisWeek: 0,
    heardThisWeek: 0,
    followUpsAllTime: 0,
    heardAllTime: 0,
    offersAllTime: 0,
  };
  const thisWeek = (at: Date | null) =>
    at !== null && at.getTime() >= weekStart && at.getTime() <= now.getTime();
  for (const promise of promises) {
    for (const followUp of followUpsOf(promise)) {
      counts.followUpsAllTime += 1;
      if (thisWeek(followUp.at)) counts.followUpsThisWeek += 1;
    }
    if (promise.kind !== 'promise') continue;
    if (promise.outcome === 'heard') {
      counts.heardAllTime += 1;
      if (thisWeek(promise.closedAt)) counts.heardThisWeek += 1;
    }
    if (promise.outcome === 'offer') counts.offersAllTime += 1;
  }
  let day = inZone(now, zone).startOf('day');
  // Nothing yet today does not break a streak that ran until yesterday.
  if (!activeDays.has(day.toISODate() ?? '')) day = day.minus({ days: 1 });
  let streakDays = 0;
  for (let i = 0; i < STREAK_HORIZON_DAYS; i++, day = day.minus({ days: 1 })) {
    // Weekends (non-work days) neither break nor extend a streak.
    if (!isWorkDay(day, settings)) continue;
    if (!activeDays.has(day.toISODate() ?? '')) break;
    streakDays += 1;
  }
  const openThreads = promises.filter((p) => p.outcome === null && p.kind === 'promise').length;
  return { ...counts, streakDays, openThreads };
}
