import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { ParseContext, SnoozePreset } from './command.ts';
import { UnparseableDateError } from './errors.ts';
import type { Due } from './model.ts';
import { err, ok, type Result } from './result.ts';

/*
 * Reading "when" in the member's IANA zone. chrono-node finds and reads the phrase; Luxon turns
 * the wall-clock fields chrono read into an instant in the member's zone, so the answer never
 * depends on the server's TZ and stays right across daylight-saving changes.
 */

/** Parts of a day read as the end of that window, since people promise "by" then. */
export const PART_OF_DAY_HOURS = {
  morning: 12,
  noon: 12,
  lunchtime: 13,
  afternoon: 17,
  evening: 20,
  tonight: 20,
} as const;
/** "End of day" / "EOD". */
export const END_OF_DAY_HOUR = 17;
/** A snooze or pause to a bare date lands at this local hour. */
export const DATE_ONLY_MOMENT_HOUR = 9;

/** A `when` found inside a longer text, and where it sat. */
export interface FoundDue {
  due: Due;
  /** The matched phrase, including a leading "by"/"on"/"within". */
  index: number;
  length: number;
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  ten: 10,
};

const LEAD = String.raw`(?:\b(?:by|on|before|until|within|in|for|after|around|at)\s+)?`;
const DURATION = new RegExp(
  String.raw`${LEAD}\b(?:(a|an|one|two|three|four|five|six|ten|\d{1,3})\s+(day|week)s?|next\s+week|a\s+couple\s+of\s+(day|week)s)\b`,
  'i',
);
const NTH_OF_MONTH = new RegExp(String.raw`${LEAD}\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b`, 'i');
const END_OF_DAY = new RegExp(
  String.raw`${LEAD}\b(?:(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|today)|eod|close\s+of\s+business|cob)\b`,
  'i',
);
const PART_OF_DAY = /\b(morning|noon|lunchtime|afternoon|evening|tonight)\b/i;
const LEAD_WORD = /\b(?:by|on|before|until|within|in|around|at)\s+$/i;

function wallClock(now: Date, zone: string): DateTime {
  return DateTime.fromJSDate(now, { zone });
}

/** A reference instant whose UTC fields are the member's wall clock, for chrono. */
function chronoReference(now: Date, zone: string) {
  const wall = wallClock(now, zone);
  return {
    instant: new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute)),
    timezone: 0,
  };
}

function endOfLocalDay(day: DateTime): Date {
  return day.endOf('day').toJSDate();
}

/** Finds the first `when` phrase in `text`, read in ctx's zone; null when there is none. */
export function findDue(text: string, ctx: ParseContext): FoundDue | null {
  const now = wallClock(ctx.now, ctx.timeZone);
  const duration = DURATION.exec(text);
  if (duration) {
    const word = (duration[1] ?? '').toLowerCase();
    const unit = (duration[2] ?? duration[3] ?? 'week').toLowerCase();
    const count = duration[3] ? 2 : duration[1] === undefined ? 1 : (NUMBER_WORDS[word] ?? Number(word));
    const days = unit.startsWith('week') ? count * 7 : count;
    if (days > 0) {
      return {
        due: { at: now.plus({ days }).toJSDate(), precision: 'days', days },
        index: duration.index,
        length: duration[0].length,
      };
    }
  }
  const endOfDay = END_OF_DAY.exec(text);
  if (endOfDay) {
    const at = now.set({ hour: END_OF_DAY_HOUR, minute: 0, second: 0, millisecond: 0 });
    return {
      due: { at: DateTime.max(at, now).toJSDate(), precision: 'time' },
      index: endOfDay.index,
      length: endOfDay[0].length,
    };
  }
  const nth = NTH_OF_MONTH.exec(text);
  if (nth) {
    const dayOfMonth = Number(nth[1]);
    let candidate = now.set({ day: dayOfMonth });
    if (dayOfMonth >= 1 && dayOfMonth <= 31) {
      // The next such day: this month if it is still ahead and exists, else a later month.
      for (let months = 0; months < 12; months++) {
        const month = now.startOf('month').plus({ months });
        if (dayOfMonth <= (month.daysInMonth ?? 28)) {
          candidate = month.set({ day: dayOfMonth });
          if (candidate.startOf('day') >= now.startOf('day')) break;
        }
      }
      return {
        due: { at: endOfLocalDay(candidate), precision: 'day' },
        index: nth.index,
        length: nth[0].length,
      };
    }
  }
  const [found] = chrono.parse(text, chronoReference(ctx.now, ctx.timeZone), { forwardDate: true });
  if (found === undefined) return null;
  const start = found.start;
  let day = DateTime.fromObject(
    {
      year: start.get('year') ?? now.year,
      month: start.get('month') ?? now.month,
      day: start.get('day') ?? now.day,
    },
    { zone: ctx.timeZone },
  );
  const part = PART_OF_DAY.exec(found.text)?.[1]?.toLowerCase() as keyof typeof PART_OF_DAY_HOURS | undefined;
  const certainTime = start.isCertain('hour') || part !== undefined;
  let at: DateTime = certainTime
    ? day.set({
        hour: part === undefined ? (start.get('hour') ?? 0) : PART_OF_DAY_HOURS[part],
        minute: part === undefined ? (start.get('minute') ?? 0) : 0,
      })
    : day.endOf('day');
  // "by Friday 3pm" said on Friday after 3pm means next Friday.
  if (at < now && start.isCertain('weekday') && !start.isCertain('day')) {
    day = day.plus({ weeks: 1 });
    at = at.plus({ weeks: 1 });
  }
  const before = text.slice(0, found.index);
  const lead = LEAD_WORD.exec(before);
  const index = lead ? lead.index : found.index;
  return {
    due: { at: at.toJSDate(), precision: certainTime ? 'time' : 'day' },
    index,
    length: found.index + found.text.length - index,
  };
}

/** Reads a free-text moment ("tomorrow", "Jan 6", "in 3 hours") for snooze and pause. */
export function readMoment(text: string, ctx: ParseContext): Result<Date> {
  const trimmed = text.trim();
  const found = trimmed === '' ? null : findDue(trimmed, ctx);
  if (found === null) return err(new UnparseableDateError(trimmed, '/promise snooze #2 tomorrow'));
  let at = DateTime.fromJSDate(found.due.at, { zone: ctx.timeZone });
  if (found.due.precision !== 'time') {
    at = at.set({ hour: DATE_ONLY_MOMENT_HOUR, minute: 0, second: 0, millisecond: 0 });
  }
  if (at.toMillis() <= ctx.now.getTime()) {
    return err(new UnparseableDateError(trimmed, '/promise snooze #2 next week'));
  }
  return ok(at.toJSDate());
}

/** The moment a snooze preset button means, and how to say it. */
export function snoozeUntil(preset: SnoozePreset, ctx: ParseContext): { until: Date; label: string } {
  const now = wallClock(ctx.now, ctx.timeZone);
  const morning = { hour: DATE_ONLY_MOMENT_HOUR, minute: 0, second: 0, millisecond: 0 };
  switch (preset) {
    case '3h':
      return { until: now.plus({ hours: 3 }).toJSDate(), label: '3 hours' };
    case 'tomorrow':
      return { until: now.plus({ days: 1 }).set(morning).toJSDate(), label: 'tomorrow' };
    case 'next_week':
      return { until: now.startOf('week').plus({ weeks: 1 }).set(morning).toJSDate(), label: 'next week' };
  }
}
