import type { FollowUpPromise, MemberSettings } from './model.ts';
import { inZone, isWorkDay } from './working-time.ts';

/** The member's week at a glance. */
export interface Tally {
  followUpsThisWeek: number;
  heardThisWeek: number;
  /** Consecutive work days, ending today (or yesterday), with a logged follow-up or a new promise. */
  streakDays: number;
  openThreads: number;
}

/** Longest streak looked back over; a streak longer than this still reads as this many days. */
const STREAK_HORIZON_DAYS = 366;

/**
 * Counts follow-ups logged and callbacks heard in the member's local ISO week (Monday to now),
 * the streak of active work days, and the open threads (promises, not logged meetings).
 */
export function weeklyTally(
  promises: readonly FollowUpPromise[],
  settings: MemberSettings,
  now: Date,
): Tally {
  const zone = settings.timeZone;
  const weekStart = inZone(now, zone).startOf('week').toMillis();
  const activeDays = new Set<string>();
  let followUpsThisWeek = 0;
  let heardThisWeek = 0;
  for (const promise of promises) {
    activeDays.add(inZone(promise.createdAt, zone).toISODate() ?? '');
    for (const followUp of promise.followUps) {
      activeDays.add(inZone(followUp.at, zone).toISODate() ?? '');
      const when = followUp.at.getTime();
      if (when >= weekStart && when <= now.getTime()) followUpsThisWeek += 1;
    }
    const closed = promise.closedAt?.getTime() ?? Number.NaN;
    if (promise.outcome === 'heard' && closed >= weekStart && closed <= now.getTime()) heardThisWeek += 1;
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
  return { followUpsThisWeek, heardThisWeek, streakDays, openThreads };
}
