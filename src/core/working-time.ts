import { DateTime } from 'luxon';
import { type HolidayPlace, isPublicHoliday } from './holidays.ts';
import type { LocalTime, MemberSettings, Weekday } from './model.ts';

/*
 * Working time in the member's IANA zone (R2, R10), always through Luxon. Two daylight-saving
 * cases, decided once here:
 * - A wall-clock time that does not exist on a spring-forward day (02:30 in Berlin on 29 Mar
 *   2026) maps forward by the size of the gap (03:30), never backwards, so a moment planned for
 *   it is never earlier than intended.
 * - A wall-clock time that happens twice on a fall-back day (01:30 in New York on 1 Nov 2026)
 *   is the first of the two.
 * Working hours include their end (18:00 is still a working moment; 18:00:01 is not).
 * A work day is one of the member's weekdays that is not a public holiday of their country
 * (and region) on their local calendar; with no country set, no day is a holiday.
 */

/** The settings working time depends on; without a country, no day is a public holiday. */
export type WorkingSettings = Pick<MemberSettings, 'timeZone' | 'workDays' | 'workStart' | 'workEnd'> &
  HolidayPlace;

/**
 * Days to look ahead for a work day: work days are never empty, and no country has public
 * holidays on every one of them for five weeks running.
 */
export const SEARCH_DAYS = 40;
/** Until this day of January, "after the holidays" still means after New Year. */
const YEAR_END_LAST_JANUARY_DAY = 6;

/** The instant as a local date-time in `zone`. */
export function inZone(at: Date, zone: string): DateTime {
  return DateTime.fromJSDate(at, { zone });
}

/** The same local day at `time` (a time lost to a spring-forward gap maps forward). */
export function atLocalTime(day: DateTime, time: LocalTime): DateTime {
  return day.set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 });
}

/** Whether the local day is one of the member's work days and not a public holiday where they live. */
export function isWorkDay(day: DateTime, settings: Pick<MemberSettings, 'workDays'> & HolidayPlace): boolean {
  if (!settings.workDays.includes(day.weekday as Weekday)) return false;
  const date = day.toISODate();
  return date === null || !isPublicHoliday(date, settings);
}

/** True when `at` falls on a work day inside working hours (end included) in the member's zone. */
export function isWorkingMoment(at: Date, settings: WorkingSettings): boolean {
  const local = inZone(at, settings.timeZone);
  if (!isWorkDay(local, settings)) return false;
  const start = atLocalTime(local, settings.workStart).toMillis();
  const end = atLocalTime(local, settings.workEnd).toMillis();
  return at.getTime() >= start && at.getTime() <= end;
}

/** How many answers a memo of working time keeps before it starts again (a planning batch's worth). */
const MEMO_LIMIT = 4096;

/** Every memo of times and their texts, to be emptied together. */
const memos: Map<string, unknown>[] = [];

/** A new memo, emptied by `clearTimeMemos`. */
export function timeMemo<T>(): Map<string, T> {
  const cache = new Map<string, T>();
  memos.push(cache as Map<string, unknown>);
  return cache;
}

/**
 * Empties the memos of working time and of date texts. The planner does it at the start of each
 * pass: a pass reuses what it worked out for its own batches, and no pass is measured (or kept
 * in memory) with what an earlier one computed.
 */
export function clearTimeMemos(): void {
  for (const cache of memos) cache.clear();
}

/** `at` and the settings working time depends on, as one memo key. */
export function workingKey(at: Date, settings: WorkingSettings): string {
  const { workStart, workEnd } = settings;
  return `${at.getTime()}|${settings.timeZone}|${settings.workDays.join('')}|${workStart.hour}:${workStart.minute}|${workEnd.hour}:${workEnd.minute}|${settings.country ?? ''}|${settings.region ?? ''}`;
}

/**
 * A memo of a pure function of an instant and working settings. A planning pass asks the same
 * questions of the same moments many times (each promise of a digest, its nudge and its
 * marks), and Luxon's arithmetic was the largest cost of planning.
 */
export function memoizedWorking<T>(
  fn: (at: Date, settings: WorkingSettings) => T,
): (at: Date, settings: WorkingSettings) => T {
  const cache = timeMemo<T>();
  return (at, settings) => {
    const key = workingKey(at, settings);
    if (cache.has(key)) return cache.get(key) as T;
    const value = fn(at, settings);
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(key, value);
    return value;
  };
}

const workingMillis = memoizedWorking((at, settings) => {
  const first = inZone(at, settings.timeZone).startOf('day');
  for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
    const day = first.plus({ days: offset });
    if (!isWorkDay(day, settings)) continue;
    const start = atLocalTime(day, settings.workStart);
    const end = atLocalTime(day, settings.workEnd);
    // A window that a spring-forward gap swallows (02:45–03:00 on a 02:00→03:00 day) has no working moment.
    if (start.toMillis() > end.toMillis()) continue;
    if (at.getTime() < start.toMillis()) return start.toMillis();
    if (at.getTime() <= end.toMillis()) return at.getTime();
  }
  throw new RangeError(`no working window within ${SEARCH_DAYS} days: work days must not be empty`);
});

/**
 * `at` itself when it is a working moment, else the start of the next working window in the
 * member's zone. Throws a RangeError only when the member has no work days at all.
 */
export function intoWorkingHours(at: Date, settings: WorkingSettings): Date {
  const millis = workingMillis(at, settings);
  return millis === at.getTime() ? at : new Date(millis);
}

/** The start of the working window on the local day of `at`, or null on a non-working day. */
export function workStartOn(at: Date, settings: WorkingSettings): Date | null {
  const millis = workStartMillis(at, settings);
  return millis === null ? null : new Date(millis);
}

const workStartMillis = memoizedWorking((at, settings) => {
  const day = inZone(at, settings.timeZone);
  return isWorkDay(day, settings) ? atLocalTime(day, settings.workStart).toMillis() : null;
});

/** The first work day strictly after the local date of `after`, at `time` local. */
export function nextWorkingDayAt(after: Date, time: LocalTime, settings: WorkingSettings): Date {
  return workingDaysAfterAt(after, 1, time, settings);
}

/**
 * The `days`-th work day after the local date of `from` (that date itself not counted), at
 * `time` local. `days` = 0 is the local date of `from` itself, work day or not.
 */
export function workingDaysAfterAt(
  from: Date,
  days: number,
  time: LocalTime,
  settings: WorkingSettings,
): Date {
  return atLocalTime(workingDayAfter(inZone(from, settings.timeZone), days, settings), time).toJSDate();
}

/**
 * The same local wall-clock time as `from`, `days` work days later in the member's zone
 * (its own date not counted; Friday 10:00 + 1 → Monday 10:00 for a Monday–Friday week).
 * The result is not moved into working hours: call `intoWorkingHours` for that.
 */
export function addWorkingDays(from: Date, days: number, settings: WorkingSettings): Date {
  const local = inZone(from, settings.timeZone);
  const day = workingDayAfter(local, days, settings);
  return day
    .set({ hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond })
    .toJSDate();
}

/** The start of the local day `days` work days after the local day of `from`. */
function workingDayAfter(from: DateTime, days: number, settings: WorkingSettings): DateTime {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0: ${days}`);
  if (settings.workDays.length === 0) throw new RangeError('work days must not be empty');
  // An invalid zone makes every weekday NaN: fail loudly instead of looping for ever.
  if (!from.isValid) throw new RangeError(`not a valid local time: ${from.invalidReason ?? 'unknown'}`);
  let day = from.startOf('day');
  let counted = 0;
  while (counted < days) {
    day = day.plus({ days: 1 });
    if (isWorkDay(day, settings)) counted += 1;
  }
  return day;
}

/** True when the local day after `at`'s is not a work day: `at` is on the eve of a weekend or holiday. */
export function isEveOfRest(at: Date, settings: WorkingSettings): boolean {
  return !isWorkDay(inZone(at, settings.timeZone).startOf('day').plus({ days: 1 }), settings);
}

/**
 * "After the holidays": the start (local midnight, member's zone) of the first work day after
 * the member's next cluster of days off that holds a public holiday of their country — the
 * holiday itself and the weekends and further holidays joined to it. Said in December or the
 * first days of January, "the holidays" are the year-end ones, whatever the country: the first
 * work day after New Year's Day and the days off joined to it, not the gap between Christmas and
 * New Year. When `now` is inside a cluster, that cluster counts. With no country set (or no
 * public holiday within a year), it falls back to the first work day of next week.
 */
export function firstWorkingDayAfterHolidays(now: Date, member: { settings: WorkingSettings }): Date {
  return afterTheHolidays(now, member).at;
}

/**
 * Which rule "after the holidays" was read by: the year end (the first work day after New Year),
 * the member's next public holidays, or, with neither, the first work day of next week.
 */
export type HolidaysBasis = 'new_year' | 'public_holidays' | 'next_week';

/** firstWorkingDayAfterHolidays, with the rule that gave it, for a reply to name. */
export function afterTheHolidays(
  now: Date,
  member: { settings: WorkingSettings },
): { at: Date; basis: HolidaysBasis } {
  const { settings } = member;
  const today = inZone(now, settings.timeZone).startOf('day');
  const yearEnd = today.month === 12 || (today.month === 1 && today.day <= YEAR_END_LAST_JANUARY_DAY);
  if (yearEnd) {
    const newYear = DateTime.fromObject(
      { year: today.month === 12 ? today.year + 1 : today.year, month: 1, day: 1 },
      { zone: settings.timeZone },
    );
    let after = newYear.plus({ days: 1 });
    for (let guard = 0; guard < SEARCH_DAYS && !isWorkDay(after, settings); guard++)
      after = after.plus({ days: 1 });
    if (after > today) return { at: after.toJSDate(), basis: 'new_year' };
  }
  if (settings.country !== null && settings.country !== undefined) {
    for (let offset = 0; offset <= 366; offset++) {
      const day = today.plus({ days: offset });
      const date = day.toISODate();
      if (date === null || !isPublicHoliday(date, settings)) continue;
      let after = day.plus({ days: 1 });
      for (let guard = 0; guard < SEARCH_DAYS && !isWorkDay(after, settings); guard++)
        after = after.plus({ days: 1 });
      return { at: after.toJSDate(), basis: 'public_holidays' };
    }
  }
  let day = today.startOf('week').plus({ weeks: 1 });
  for (let guard = 0; guard < SEARCH_DAYS && !isWorkDay(day, settings); guard++) day = day.plus({ days: 1 });
  return { at: day.toJSDate(), basis: 'next_week' };
}
