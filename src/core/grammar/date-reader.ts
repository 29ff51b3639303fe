// English only: the full package loads every locale's parsers (about three times the start-up).
import * as chrono from 'chrono-node/en';
import { DateTime } from 'luxon';
import type { ParseContext, SnoozePreset } from '../command.ts';
import { InvalidCommandError, UnparseableDateError } from '../errors.ts';
import type { Due } from '../model.ts';
import { DEFAULT_WORK_END, defaultSettings } from '../policy-defaults.ts';
import { err, ok, type Result } from '../result.ts';
import {
  addWorkingDays,
  afterTheHolidays,
  type HolidaysBasis,
  type WorkingSettings,
} from '../working-time.ts';
import {
  type AssumedDue,
  assumedDue,
  type Candidate,
  customPhrases,
  DEFAULT_SPAN_DAYS,
  PART_OF_DAY_HOURS,
  type PhraseTime,
  type When,
} from './date-phrases.ts';
import { correctDateTypos, type DateTypo } from './date-typos.ts';
import { clip } from './text.ts';

/*
 * Reading "when" in the member's IANA zone.
 *
 * chrono-node finds and reads ordinary dates and times; a few phrases it reads differently from
 * what a job seeker means (durations, "end of the week", "the 12th") are recognised first
 * (date-phrases.ts). chrono is given the member's wall clock as a UTC reference, and only
 * the wall-clock fields it read are used: Luxon turns them into an instant in the member's zone.
 * So the answer never depends on the server's TZ and stays right across daylight-saving changes.
 *
 * Precision (DESIGN.md R2–R4):
 * - an explicit clock time, a part of day or "end of day" → `time`
 *   (morning 12:00, lunch 13:00, afternoon 17:00, evening/tonight 20:00, end of day 17:00 — the
 *   end of the window, since people promise "by" then);
 * - a date without a time → `day`, with `at` the end of that local day (23:59:59.999), so the
 *   promise is due once the day is over;
 * - a duration ("a week", "next week", "3 days", "two weeks", "a month", "10 business days")
 *   → `days` with `days: N` and `at` = now + N days at the same local clock time.
 */

export { END_OF_DAY_HOUR, PART_OF_DAY_HOURS } from './date-phrases.ts';

/** A snooze or pause to a date without a time lands at this local hour. */
export const DATE_ONLY_MOMENT_HOUR = 9;
/** A clock hour from 1 up to this one, said without am/pm ("at 3"), means the afternoon. */
export const BARE_HOUR_PM_UNTIL = 7;
/**
 * A month and day said without a year that chrono rolled this far forward was, in practice, a
 * date that has just passed ("Nov 30" said on 2 Dec), not one next year.
 */
export const PASSED_DATE_ROLLOVER_DAYS = 300;
/** Only the first few of chrono's results can be the `when` or sit next to it. */
const MAX_CHRONO_RESULTS = 8;
/** Longest text the date reader looks at; longer input is refused by the grammar first. */
export const MAX_WHEN_TEXT = 2_000;
/**
 * Furthest ahead a due date, snooze or pause may lie (about ten years, like the longest duration
 * read). Anything later is a typo ("Jan 1 2099"), and is refused rather than stored.
 */
export const MAX_AHEAD_DAYS = 3_660;

/** A `when` found inside a longer text, and where it sat. */
export interface FoundDue {
  due: Due;
  /** Start of the matched phrase, including a leading "by"/"on"/"within". */
  index: number;
  length: number;
  /** Misspelled date words inside the phrase, and how they were read ("firday" → "Friday"). */
  typos: readonly { typed: string; read: string }[];
  /** The zone a clock time was said in ("3pm PT" → America/Los_Angeles), when one was named. */
  saidZone: { said: string; zone: string } | null;
}

/** A found `when` with what readMoment needs besides the due. */
interface FoundWhen extends FoundDue {
  weekdayOnly: boolean;
}

/**
 * Zone abbreviations people write after a time, as the IANA zone they mean: "2pm EST" in July
 * still means New York's clock, so each names a place, not a fixed offset.
 */
const ZONE_ABBREVIATIONS: Record<string, string> = {
  PT: 'America/Los_Angeles',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  MT: 'America/Denver',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  CT: 'America/Chicago',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  ET: 'America/New_York',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  UTC: 'UTC',
  GMT: 'Europe/London',
  BST: 'Europe/London',
  WET: 'Europe/Lisbon',
  CET: 'Europe/Berlin',
  CEST: 'Europe/Berlin',
  EET: 'Europe/Athens',
  EEST: 'Europe/Athens',
  IST: 'Asia/Kolkata',
  SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  NZST: 'Pacific/Auckland',
  NZDT: 'Pacific/Auckland',
};
const ZONE_WORD = new RegExp(
  String.raw`(?:^|[\s\d])(${Object.keys(ZONE_ABBREVIATIONS).join('|')}|utc|gmt)\b`,
);

const SLASH_MONTH_FIRST_ZONES =
  /^(?:US\/|Canada\/|America\/(?:New_York|Detroit|Kentucky\/|Indiana\/|Chicago|Menominee|North_Dakota\/|Denver|Boise|Phoenix|Los_Angeles|Anchorage|Juneau|Sitka|Metlakatla|Yakutat|Nome|Adak|Puerto_Rico|Toronto|Vancouver|Edmonton|Winnipeg|Regina|Halifax|St_Johns|Moncton|Glace_Bay|Goose_Bay|Whitehorse|Dawson|Yellowknife|Iqaluit|Rankin_Inlet|Cambridge_Bay|Inuvik|Swift_Current|Creston|Fort_Nelson|Dawson_Creek|Thunder_Bay|Atikokan|Resolute)$|Pacific\/Honolulu$|Asia\/Manila$)/;
const SLASH_DATE = /(?<![\d/])(\d{1,2})\/(\d{1,2})(?=(?:\/\d{2,4})?(?![\d/]))/g;
/** "by 5" → "at 5", "around 4" → "at     4" (same length, so spans stay put): chrono reads "at 5" as a clock time. */
const BARE_BY_HOUR =
  /\b(?:by|around|about|before|until|till)(?=\s+\d{1,2}(?::\d{2})?(?!\d|\s*(?:st|nd|rd|th|%|[-/.]\d|(?:days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|business|working|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b)))/gi;

/**
 * The text as chrono (which reads slash dates month-first) should see it. Slash dates are
 * month-first (12/10 = 10 Dec) in US and Canadian zones and day-first elsewhere, so elsewhere the
 * two numbers are swapped. Every change keeps the length, so spans found still fit the original.
 */
function forChrono(text: string, zone: string): string {
  // Brackets never matter to a date, and long runs of them make chrono slow.
  const withClock = text
    .replace(BARE_BY_HOUR, (word) => 'at'.padEnd(word.length, ' '))
    .replace(/[()[\]{}<>]/g, ' ');
  if (SLASH_MONTH_FIRST_ZONES.test(zone)) return withClock;
  return withClock.replace(SLASH_DATE, (_, day: string, month: string) => `${month}/${day}`);
}

const PAST_WORDS = /\b(?:last|past|previous|ago)\b/i;
const PART_WORD = /\b(morning|noon|afternoon|evening|tonight)\b/i;
const RELATIVE_CLOCK_UNIT = /\b(?:h|hrs?|hours?|mins?|minutes?|secs?|seconds?)\b|\d(?:h|hrs?|mins?)\b/i;
const LEADING_ZERO_HOUR = /(?:^|\D)0\d(?::|\.|h)?\d\d/;
/** Words chrono reads as a month that here are nearly always something else ("Jane may call"). */
const AMBIGUOUS_MONTH_WORD = /^(?:may|march)$/i;
const MONTH_CONTEXT_BEFORE = /\b(?:in|by|until|till|before|during|early|mid|late|end\s+of|of)\s*-?\s*$/i;
/** Words that may lead a `when` phrase; they belong to it, not to "what was promised". */
const LEAD_WORDS =
  /(?:\b(?:by|on|before|until|till|within|in|for|after|around|about|at|no\s+later\s+than|first\s+thing|later|sometime|some\s+time|the\s+end\s+of|end\s+of|mid|early|late)[\s-]+)+$/i;
const LEADING_WORD = /^(?:in|within|by|on|at|for|after|before|until|till|around|about)\s+/i;
const TRAIL_WORDS = /^\s*(?:from\s+now|or\s+so|at\s+the\s+latest|latest)\b/i;
/** What may stand between a day and a time that belong together ("Friday at 3pm", "tomorrow, by noon"). */
const JOINER = /^[\s,]*(?:(?:on|at|by|around|about|before|in\s+the|the|of)[\s,]+){0,2}$/i;

/** Whether `at` lies further ahead of `now` than a promise, snooze or pause may. */
export function isTooFarAhead(at: Date, now: Date): boolean {
  return at.getTime() > DateTime.fromJSDate(now, { zone: 'UTC' }).plus({ days: MAX_AHEAD_DAYS }).toMillis();
}

function wallClock(now: Date, zone: string): DateTime {
  const local = DateTime.fromJSDate(now, { zone });
  // A zone name this runtime does not know (a platform's newer one, a stored typo) reads as UTC:
  // an hour off is better than no time at all (an Invalid Date that no store can save).
  return local.isValid ? local : DateTime.fromJSDate(now, { zone: 'UTC' });
}

/** The member's wall clock at ctx.now, in their zone; UTC when the zone is unknown to this runtime. */
export function localNow(ctx: ParseContext): DateTime {
  return wallClock(ctx.now, ctx.timeZone);
}

/** A reference instant whose UTC fields are the member's wall clock, for chrono. */
function chronoReference(now: DateTime): { instant: Date; timezone: number } {
  return {
    instant: new Date(Date.UTC(now.year, now.month - 1, now.day, now.hour, now.minute, now.second)),
    timezone: 0,
  };
}

function partTime(word: string, source: 'part' | 'today_part'): PhraseTime {
  const key = word.toLowerCase() as keyof typeof PART_OF_DAY_HOURS;
  return { hour: PART_OF_DAY_HOURS[key], minute: 0, source: key === 'tonight' ? 'today_part' : source };
}

/**
 * The day a weekday names, worked out in the member's zone (chrono's own choice depends on the
 * server's zone): "Friday" is the next Friday from today on (today included; a passed time moves
 * it a week on later), "next Friday" is Friday of next week, "last Friday" the one before today.
 */
function weekdayDay(now: DateTime, chronoWeekday: number, phrase: string): DateTime {
  const weekday = chronoWeekday === 0 ? 7 : chronoWeekday;
  const today = now.startOf('day');
  if (/\bnext\b/i.test(phrase)) return today.startOf('week').plus({ weeks: 1, days: weekday - 1 });
  if (PAST_WORDS.test(phrase)) return today.minus({ days: (today.weekday - weekday + 7) % 7 || 7 });
  return today.plus({ days: (weekday - today.weekday + 7) % 7 });
}

/** Turns one chrono result into a candidate, or null when it names no usable day or time. */
function fromChrono(
  result: chrono.ParsedResult,
  text: string,
  now: DateTime,
  reference: { instant: Date; timezone: number },
): Candidate | null {
  const phrase = result.text;
  // chrono's forwardDate moves "last Friday" into next week; a past phrase is read as past.
  const start = PAST_WORDS.test(phrase)
    ? (chrono.casual.parse(phrase, reference, { forwardDate: false })[0]?.start ?? result.start)
    : result.start;
  const end = result.index + phrase.length;
  // A phrase that starts or stops inside a number is a misreading: "1 Jan 99999" is not 1 Jan 9999
  // with a stray 9 left over.
  if (/\d/.test(text.charAt(end)) || /\d/.test(text.charAt(result.index - 1))) return null;
  const candidate = (when: When): Candidate => ({ index: result.index, end, when, custom: false });
  // "in 3 hours" is read by date-phrases.ts: chrono adds it on the server's clock.
  if (RELATIVE_CLOCK_UNIT.test(phrase) && !start.isCertain('weekday')) return null;
  const dayCertain = start.isCertain('day');
  const weekday = start.isCertain('weekday');
  const month = start.isCertain('month');
  const before = text.slice(Math.max(0, result.index - 12), result.index);
  if (
    month &&
    !dayCertain &&
    !weekday &&
    AMBIGUOUS_MONTH_WORD.test(phrase) &&
    !MONTH_CONTEXT_BEFORE.test(before)
  ) {
    return null;
  }
  const part = PART_WORD.exec(phrase)?.[1];
  let time: PhraseTime | null = null;
  if (start.isCertain('hour')) {
    let hour = start.get('hour') ?? 0;
    // People promise calls in working hours: "at 3" is 3 pm, unless written 24-hour style ("07:30").
    if (
      !start.isCertain('meridiem') &&
      hour >= 1 &&
      hour <= BARE_HOUR_PM_UNTIL &&
      !LEADING_ZERO_HOUR.test(phrase)
    ) {
      hour += 12;
    }
    time = { hour, minute: start.get('minute') ?? 0, source: 'clock' };
  } else if (part !== undefined) {
    time = partTime(part, /\bthis\b/i.test(phrase) ? 'today_part' : 'part');
  }
  const year = start.get('year') ?? now.year;
  let day: DateTime | null = null;
  if (weekday && !dayCertain) {
    day = weekdayDay(now, start.get('weekday') ?? now.weekday, phrase);
  } else if (dayCertain) {
    day = DateTime.fromObject(
      { year, month: start.get('month') ?? now.month, day: start.get('day') ?? now.day },
      { zone: now.zone },
    );
  } else if (month) {
    // A month alone: "in January" is due when January is over; "mid-January" on the 15th.
    const first = DateTime.fromObject(
      { year, month: start.get('month') ?? now.month, day: 1 },
      { zone: now.zone },
    );
    const lead = text.slice(Math.max(0, result.index - 8), result.index);
    day = /\bmid[\s-]*$/i.test(lead)
      ? first.set({ day: 15 })
      : /\bearly\s*$/i.test(lead)
        ? first.set({ day: 10 })
        : first.endOf('month');
  }
  // A date without a year is its next occurrence from today, decided here in the member's zone
  // (chrono decides it on the server's clock).
  let yearGuessed = false;
  if (day?.isValid && month && !start.isCertain('year')) {
    day = day.set({ year: now.year });
    if (day.startOf('day') < now.startOf('day')) {
      day = day.plus({ years: 1 });
      yearGuessed = dayCertain;
    }
  }
  if (day === null && time === null) return null;
  if (day !== null && !day.isValid) return null;
  const said = time?.source === 'clock' ? ZONE_WORD.exec(phrase)?.[1] : undefined;
  const zone = said === undefined ? undefined : ZONE_ABBREVIATIONS[said.toUpperCase()];
  return candidate({
    kind: 'calendar',
    day: day?.startOf('day') ?? null,
    time,
    weekdayOnly: weekday && !dayCertain,
    yearGuessed,
    ...(zone === undefined ? {} : { zone }),
  });
}

function isDateOnly(c: Candidate): boolean {
  return c.when.kind === 'calendar' && c.when.day !== null && c.when.time === null;
}

function isTimeOnly(c: Candidate): boolean {
  return c.when.kind === 'calendar' && c.when.day === null && c.when.time !== null;
}

/** A weekday followed by its date ("Thursday the 10th"): the date says more. */
function isWeekdayOnly(c: Candidate): boolean {
  return c.when.kind === 'calendar' && c.when.weekdayOnly && c.when.time === null;
}

/**
 * A day and a time said next to each other, in either order, read as one moment; so is a weekday
 * next to its date ("Thursday the 10th"), where the date wins.
 */
function merge(primary: Candidate, others: readonly Candidate[], text: string): Candidate {
  const wanted = isWeekdayOnly(primary)
    ? (c: Candidate) => isTimeOnly(c) || (isDateOnly(c) && !isWeekdayOnly(c))
    : isDateOnly(primary)
      ? isTimeOnly
      : isTimeOnly(primary)
        ? isDateOnly
        : null;
  if (wanted === null || primary.when.kind !== 'calendar') return primary;
  for (const other of others) {
    if (other === primary || !wanted(other) || other.when.kind !== 'calendar') continue;
    const gap =
      other.index >= primary.end
        ? text.slice(primary.end, other.index)
        : other.end <= primary.index
          ? text.slice(other.end, primary.index)
          : null;
    if (gap === null || gap.length > 16 || !JOINER.test(gap)) continue;
    return {
      index: Math.min(primary.index, other.index),
      end: Math.max(primary.end, other.end),
      custom: primary.custom,
      when: {
        kind: 'calendar',
        day: isDateOnly(other) ? other.when.day : (primary.when.day ?? other.when.day),
        time: primary.when.time ?? other.when.time,
        weekdayOnly: isDateOnly(other) ? other.when.weekdayOnly : primary.when.weekdayOnly,
        yearGuessed: primary.when.yearGuessed || other.when.yearGuessed,
        ...zoneOf(primary.when.zone ?? other.when.zone),
      },
    };
  }
  return primary;
}

function zoneOf(zone: string | undefined): { zone?: string } {
  return zone === undefined ? {} : { zone };
}

/** The end of the member's working day today ("by Friday" said on Friday holds until then). */
function endOfWorkToday(now: DateTime): DateTime {
  return now.set({ hour: DEFAULT_WORK_END.hour, minute: DEFAULT_WORK_END.minute, second: 0, millisecond: 0 });
}

function endOfToday(now: DateTime): { due: Due; weekdayOnly: boolean } {
  return { due: { at: now.endOf('day').toJSDate(), precision: 'day' }, weekdayOnly: false };
}

/** The candidate's due, against the present. Passed dates are returned as passed; callers refuse them. */
function resolve(when: When, now: DateTime): { due: Due; weekdayOnly: boolean } {
  switch (when.kind) {
    case 'span':
      return { due: { at: when.at.toJSDate(), precision: 'days', days: when.days }, weekdayOnly: false };
    case 'instant':
      return { due: { at: when.at.toJSDate(), precision: 'time' }, weekdayOnly: false };
    case 'calendar': {
      let day = when.day;
      if (
        day !== null &&
        when.yearGuessed &&
        day.diff(now.startOf('day'), 'days').days > PASSED_DATE_ROLLOVER_DAYS
      ) {
        day = day.minus({ years: 1 });
      }
      const time = when.time;
      if (time === null) {
        // One rule for a weekday said on that weekday: it means today while the stated time — here
        // the end of the working day — is still ahead, else the same weekday next week.
        const sameDay = when.weekdayOnly && day?.hasSame(now, 'day') === true;
        const passed = sameDay && endOfWorkToday(now) <= now;
        return {
          due: {
            at: (passed ? now.plus({ weeks: 1 }) : (day ?? now)).endOf('day').toJSDate(),
            precision: 'day',
          },
          weekdayOnly: when.weekdayOnly,
        };
      }
      const clock = { hour: time.hour, minute: time.minute, second: 0, millisecond: 0 };
      const rollsOver = time.source === 'clock' || time.source === 'part';
      if (when.zone !== undefined) return inSaidZone(day, clock, when.weekdayOnly, when.zone, now);
      if (day !== null) {
        let at = day.set(clock);
        // "Friday 3pm" said on Friday at 4pm means next Friday.
        if (when.weekdayOnly && at <= now) at = at.plus({ weeks: 1 });
        // "tonight" said at 9pm: the rest of today.
        if (at <= now && !rollsOver && day.hasSame(now, 'day')) return endOfToday(now);
        return { due: { at: at.toJSDate(), precision: 'time' }, weekdayOnly: when.weekdayOnly };
      }
      const today = now.set(clock);
      if (today > now) return { due: { at: today.toJSDate(), precision: 'time' }, weekdayOnly: false };
      if (rollsOver) {
        return { due: { at: today.plus({ days: 1 }).toJSDate(), precision: 'time' }, weekdayOnly: false };
      }
      // "end of day" or "this evening" said after that hour: the rest of today.
      return endOfToday(now);
    }
  }
}

/**
 * A clock time said in another zone ("3pm PT"), as an instant: on the member's day named (or,
 * with no day, the next time that clock comes round in that zone), read on that zone's clock.
 */
function inSaidZone(
  day: DateTime | null,
  clock: { hour: number; minute: number; second: number; millisecond: number },
  weekdayOnly: boolean,
  zone: string,
  now: DateTime,
): { due: Due; weekdayOnly: boolean } {
  if (day !== null) {
    let at = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, ...clock }, { zone });
    if (weekdayOnly && at <= now) at = at.plus({ weeks: 1 });
    return { due: { at: at.toJSDate(), precision: 'time' }, weekdayOnly };
  }
  let at = now.setZone(zone).set(clock);
  if (at <= now) at = at.plus({ days: 1 });
  return { due: { at: at.toJSDate(), precision: 'time' }, weekdayOnly: false };
}

/** Where a position in the corrected text lies in the text as typed. */
function typedIndex(index: number, typos: readonly DateTypo[]): number {
  let shift = 0;
  for (const typo of typos) {
    if (typo.index >= index) break;
    shift += typo.read.length - typo.typed.length;
  }
  return index - shift;
}

function findWhen(typedText: string, ctx: ParseContext): FoundWhen | null {
  if (typedText.length > MAX_WHEN_TEXT) return null;
  const { text, typos } = correctDateTypos(typedText);
  const now = wallClock(ctx.now, ctx.timeZone);
  if (!now.isValid) return null;
  const reference = chronoReference(now);
  // Compared by where their words start: chrono's "in 2 days" and our "2 days" are the same phrase,
  // and ours wins ("2 days from now" is R4's two days, not a calendar date).
  const startOf = (c: Candidate) =>
    c.index + (LEADING_WORD.exec(text.slice(c.index, c.end))?.[0].length ?? 0);
  const candidates = [
    ...customPhrases(text, now),
    ...chrono.casual
      .parse(forChrono(text, ctx.timeZone), reference, { forwardDate: true })
      .slice(0, MAX_CHRONO_RESULTS)
      .map((result) => fromChrono(result, text, now, reference))
      .filter((c): c is Candidate => c !== null),
  ].sort((a, b) => startOf(a) - startOf(b) || Number(b.custom) - Number(a.custom) || b.end - a.end);
  const first = candidates[0];
  if (first === undefined) return null;
  const chosen = merge(first, candidates, text);
  const { due, weekdayOnly } = resolve(chosen.when, now);
  // "9881332 days ago", "Jan 1 0000": no promise lives outside four-digit years.
  const year = DateTime.fromJSDate(due.at, { zone: now.zone }).year;
  if (!(year >= 1 && year <= 9999)) return null;
  const before = text.slice(Math.max(0, chosen.index - 40), chosen.index);
  const lead = LEAD_WORDS.exec(before);
  const index = lead === null ? chosen.index : chosen.index - (before.length - lead.index);
  const trail = TRAIL_WORDS.exec(text.slice(chosen.end));
  const end = chosen.end + (trail?.[0].length ?? 0);
  const typedStart = typedIndex(index, typos);
  const typedEnd = typedIndex(end, typos);
  const said = chosen.when.kind === 'calendar' ? chosen.when.zone : undefined;
  const saidWord = said === undefined ? undefined : ZONE_WORD.exec(text.slice(chosen.index, chosen.end))?.[1];
  return {
    due,
    index: typedStart,
    length: typedEnd - typedStart,
    weekdayOnly,
    typos: typos
      .filter((typo) => typo.index >= index && typo.index < end)
      .map(({ typed, read }) => ({ typed, read })),
    saidZone: said === undefined ? null : { said: (saidWord ?? said).toUpperCase(), zone: said },
  };
}

/** Finds the first `when` phrase in `text`, read in ctx's zone; null when there is none. */
export function findDue(text: string, ctx: ParseContext): FoundDue | null {
  const found = findWhen(text, ctx);
  if (found === null) return null;
  return {
    due: found.due,
    index: found.index,
    length: found.length,
    typos: found.typos,
    saidZone: found.saidZone,
  };
}

/**
 * The coach's default for a promise said without a date, and where its words sat: "ASAP" → the
 * next working day; "after the holidays" → the first working day after them; "soon" or nothing
 * at all → a week (R4: the first nudge on day eight).
 */
/** The member's working week and holidays, or Monday to Friday with none when no member is known. */
function workingOf(ctx: ParseContext): WorkingSettings {
  return ctx.working ?? defaultSettings(ctx.timeZone);
}

export function defaultDue(
  text: string,
  ctx: ParseContext,
): FoundDue & { assumed: AssumedDue; holidays?: HolidaysBasis } {
  const now = localNow(ctx);
  const found = assumedDue(text);
  const place = {
    index: found.index,
    length: found.length,
    typos: [],
    saidZone: null,
    assumed: found.assumed,
  };
  switch (found.assumed) {
    case 'asap': {
      const day = DateTime.fromJSDate(addWorkingDays(ctx.now, 1, workingOf(ctx)), { zone: ctx.timeZone });
      return { ...place, due: { at: day.endOf('day').toJSDate(), precision: 'day' } };
    }
    case 'after_holidays': {
      const after = afterTheHolidays(ctx.now, { settings: workingOf(ctx) });
      const day = DateTime.fromJSDate(after.at, { zone: ctx.timeZone });
      return { ...place, due: { at: day.endOf('day').toJSDate(), precision: 'day' }, holidays: after.basis };
    }
    case 'soon':
    case 'unsaid':
      return {
        ...place,
        due: {
          at: now.plus({ days: DEFAULT_SPAN_DAYS }).toJSDate(),
          precision: 'days',
          days: DEFAULT_SPAN_DAYS,
        },
      };
  }
}

const MOMENT_EXAMPLE = '/promise snooze #2 tomorrow';
const PRESET_PHRASES: readonly [RegExp, SnoozePreset][] = [
  [/^(?:(?:for|in)\s+)?(?:1|one|an?)\s*(?:h|hrs?|hours?)$/i, '1h'],
  [/^(?:(?:for|in)\s+)?(?:3|three)\s*(?:h|hrs?|hours?)$/i, '3h'],
  [/^tomorrow$/i, 'tomorrow'],
  [/^next\s+week$/i, 'next_week'],
];

/**
 * Reads a free-text moment ("tomorrow", "Jan 6", "next week", "in 3 hours") in the member's
 * zone, for snooze and pause. A day without a time means that day at 09:00 local; "next week"
 * means next Monday 09:00, like the snooze button. The moment must lie ahead of now.
 */
export function readMoment(text: string, ctx: ParseContext): Result<Date> {
  const trimmed = text
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^(?:until|till|til|to|through)\s+/i, '');
  const preset = PRESET_PHRASES.find(([pattern]) => pattern.test(trimmed))?.[1];
  if (preset !== undefined) return ok(snoozeUntil(preset, ctx).until);
  const found = trimmed === '' ? null : findWhen(trimmed, ctx);
  if (found === null) return err(new UnparseableDateError(clip(trimmed, 80), MOMENT_EXAMPLE));
  const now = wallClock(ctx.now, ctx.timeZone);
  let at = DateTime.fromJSDate(found.due.at, { zone: now.zone });
  if (found.due.precision !== 'time') {
    at = at.set({ hour: DATE_ONLY_MOMENT_HOUR, minute: 0, second: 0, millisecond: 0 });
    // "until Monday" said on a Monday after 09:00 means next Monday.
    if (found.weekdayOnly && at <= now) at = at.plus({ weeks: 1 });
  }
  if (at <= now) {
    return err(
      new InvalidCommandError(
        `"${clip(trimmed, 80)}" has already passed. Pick a moment ahead, like "tomorrow" or "next week".`,
        MOMENT_EXAMPLE,
      ),
    );
  }
  if (isTooFarAhead(at.toJSDate(), ctx.now)) {
    return err(
      new InvalidCommandError(
        `"${clip(trimmed, 80)}" is more than ten years away. Pick a nearer moment, like "next week" or "Jan 6".`,
        MOMENT_EXAMPLE,
      ),
    );
  }
  return ok(at.toJSDate());
}

/**
 * The moment a snooze preset means, and how to say it: '3h' → now + 3 hours; 'tomorrow' →
 * tomorrow 09:00 local; 'next_week' → next Monday 09:00 local.
 */
export function snoozeUntil(preset: SnoozePreset, ctx: ParseContext): { until: Date; label: string } {
  const now = wallClock(ctx.now, ctx.timeZone);
  const morning = { hour: DATE_ONLY_MOMENT_HOUR, minute: 0, second: 0, millisecond: 0 };
  switch (preset) {
    case '1h':
      return { until: new Date(ctx.now.getTime() + 3_600_000), label: '1 hour' };
    case '3h':
      return { until: new Date(ctx.now.getTime() + 3 * 3_600_000), label: '3 hours' };
    case 'tomorrow':
      return { until: now.startOf('day').plus({ days: 1 }).set(morning).toJSDate(), label: 'tomorrow' };
    case 'next_week':
      return { until: now.startOf('week').plus({ weeks: 1 }).set(morning).toJSDate(), label: 'next week' };
  }
}
