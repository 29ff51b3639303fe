import { DateTime } from 'luxon';
import type { LocalTime, MemberSettings } from './model.ts';

/*
 * Working time in the member's IANA zone (R2, R10). Wall-clock times that do not exist on a
 * spring-forward day are moved forward by Luxon (02:30 → 03:30), never backwards.
 */

type WorkingSettings = Pick<MemberSettings, 'timeZone' | 'workDays' | 'workStart' | 'workEnd'>;

/** Longest run of days to look through; work days are never empty, so a week always holds one. */
const SEARCH_DAYS = 8;

/** The instant as a local date-time in `zone`. */
export function inZone(at: Date, zone: string): DateTime {
  return DateTime.fromJSDate(at, { zone });
}

/** The same local day at `time`. */
export function atLocalTime(day: DateTime, time: LocalTime): DateTime {
  return day.set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 });
}

/** Whether the local day is one of the member's work days. */
export function isWorkDay(day: DateTime, settings: Pick<MemberSettings, 'workDays'>): boolean {
  return settings.workDays.includes(day.weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7);
}

/** True when `at` falls on a work day inside working hours (end included) in the member's zone. */
export function isWorkingMoment(at: Date, settings: WorkingSettings): boolean {
  const local = inZone(at, settings.timeZone);
  if (!isWorkDay(local, settings)) return false;
  const start = atLocalTime(local, settings.workStart).toMillis();
  const end = atLocalTime(local, settings.workEnd).toMillis();
  return at.getTime() >= start && at.getTime() <= end;
}

/** `at` itself when it is a working moment, else the start of the next working window. */
export function intoWorkingHours(at: Date, settings: WorkingSettings): Date {
  const first = inZone(at, settings.timeZone).startOf('day');
  for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
    const day = first.plus({ days: offset });
    if (!isWorkDay(day, settings)) continue;
    const start = atLocalTime(day, settings.workStart);
    const end = atLocalTime(day, settings.workEnd);
    if (at.getTime() < start.toMillis()) return start.toJSDate();
    if (at.getTime() <= end.toMillis()) return at;
  }
  throw new RangeError('no working window within a week: work days must not be empty');
}

/** The first work day strictly after the local date of `after`, at `time` local. */
export function nextWorkingDayAt(after: Date, time: LocalTime, settings: WorkingSettings): Date {
  return workingDaysAfterAt(after, 1, time, settings);
}

/** The local date `days` work days after the local date of `from`, at `time` local. */
export function workingDaysAfterAt(
  from: Date,
  days: number,
  time: LocalTime,
  settings: WorkingSettings,
): Date {
  let day = inZone(from, settings.timeZone).startOf('day');
  let counted = 0;
  while (counted < days) {
    day = day.plus({ days: 1 });
    if (isWorkDay(day, settings)) counted += 1;
  }
  return atLocalTime(day, time).toJSDate();
}
