import type { DateTime } from 'luxon';
import { lookup } from './text.ts';

/*
 * The "when" phrases chrono-node does not read the way a job seeker means them: durations
 * ("asked for a week" is R4's day eight, not a calendar date), the ends of days, weeks and months,
 * "the 12th", and day-first dotted dates. Each recogniser returns candidates; the date reader
 * picks among them and chrono's. All patterns are linear (no nested quantifiers).
 */

/** How a phrase's clock time was said; decides what happens when that time has already passed today. */
export type TimeSource =
  /** An explicit clock time ("3pm"): once passed today, it means tomorrow. */
  | 'clock'
  /** A part of day ("morning"): once passed today, it means tomorrow's. */
  | 'part'
  /** "this evening", "tonight": once passed, the rest of today. */
  | 'today_part'
  /** "end of day": once passed, the rest of today. */
  | 'end_of_day';

/** A local clock time read from a phrase. */
export interface PhraseTime {
  hour: number;
  minute: number;
  source: TimeSource;
}

/** What a phrase says about "when", before it is resolved against the present. */
export type When =
  /** R4: a duration from now ("in a week", "asked for 3 days"); `at` keeps the local clock time. */
  | { kind: 'span'; at: DateTime; days: number }
  /** A relative clock duration ("in 3 hours"): an exact instant. */
  | { kind: 'instant'; at: DateTime }
  /** A calendar day and/or a clock time. */
  | {
      kind: 'calendar';
      /** Start of the local day named, or null for "today or the next time this clock comes round". */
      day: DateTime | null;
      time: PhraseTime | null;
      /** Only a weekday was named ("Friday 3pm"): a passed time means next week's. */
      weekdayOnly: boolean;
      /** A month and day without a year, rolled forward to next year by the parser. */
      yearGuessed: boolean;
      /** The IANA zone a clock time was said in ("3pm PT"), when not the member's own. */
      zone?: string;
    };

/** A `when` found in the text, with its span. */
export interface Candidate {
  index: number;
  end: number;
  when: When;
  /** Custom phrases win ties with chrono's reading of the same words. */
  custom: boolean;
}

const WEEKDAY_WORD = `(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)`;
const MONTH_WORD = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;

const WEEKDAY_NUMBERS: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** Counting words people use for durations. "A few" is read as 3 and "several" as 4. */
const COUNT_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  couple: 2,
  three: 3,
  few: 3,
  four: 4,
  several: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fourteen: 14,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
};

/** Only the first few matches of a phrase can be the `when`; the cap keeps odd input fast. */
const MAX_MATCHES_PER_PHRASE = 8;
/** Longest duration read as a promise (about ten years); beyond it the phrase is ignored. */
const MAX_SPAN_DAYS = 3_660;

const DURATION =
  /\b(a\s+couple(?:\s+of)?|couple(?:\s+of)?|a\s+few|few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|\d{1,3})\s+(?:more\s+)?(business\s+|working\s+|work\s+)?(day|week|month)s?\b(?!\s+ago\b)/gi;
const FORTNIGHT = /\b(?:a\s+)?fortnight\b/gi;
const NEXT_WEEK = /\bnext\s+week\b/gi;
const NEXT_MONTH = /\bnext\s+month\b/gi;
const WEEKDAY_NEXT_WEEK = new RegExp(
  String.raw`\b(?:${WEEKDAY_WORD}\s+(?:of\s+)?next\s+week|next\s+week\s+(?:on\s+)?${WEEKDAY_WORD})\b`,
  'gi',
);
const END_OF_DAY =
  /\b(?:(?:the\s+)?end\s+of\s+(?:the\s+)?(?:business\s+|working\s+|work\s+)?day|end\s+of\s+today|eod|cob|close\s+of\s+(?:business|play))\b/gi;
const THIS_WEEK =
  /\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?:work\s*)?week|this\s+week|within\s+the\s+week|(?:by|before)\s+the\s+weekend|eow)\b/gi;
const END_OF_NEXT_WEEK = /\b(?:the\s+)?end\s+of\s+next\s+week\b/gi;
const WEEKEND = /\b(?:(?:over|during|on|at)\s+the\s+weekend|this\s+weekend)\b/gi;
const AFTER_WEEKEND = /\b(?:after\s+the\s+weekend|(?:the\s+)?(?:start|beginning)\s+of\s+next\s+week)\b/gi;
const EARLY_NEXT_WEEK = /\bearly\s+next\s+week\b/gi;
const END_OF_MONTH = /\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month|eom)\b/gi;
const WEEK_AFTER_NEXT = /\b(?:the\s+)?week\s+after\s+next\b/gi;
const END_OF_NEXT_MONTH = /\b(?:the\s+)?end\s+of\s+next\s+month\b/gi;
const NTH_OF_MONTH = new RegExp(
  String.raw`\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?${MONTH_WORD}\b)`,
  'gi',
);
const DOTTED_DATE = /(?<![\w.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?![\w.])/g;
const CLOCK_AMOUNT = String.raw`(\d{1,3}(?:\.\d)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|forty-five|fifteen|ninety|half\s+an?|a\s+couple(?:\s+of)?|a\s+few|few)`;
const CLOCK_UNIT = '(h|hrs?|hours?|m|mins?|minutes?)';
/** "in 3 hours", "within 48 hours", "in 90 mins", "in 2h", "2 hours from now", "in an hour and a half". */
const RELATIVE_CLOCK = new RegExp(
  String.raw`\b(?:(?:in|within|after)\s+${CLOCK_AMOUNT}\s*${CLOCK_UNIT}(\s+and\s+a\s+half)?|${CLOCK_AMOUNT}\s*${CLOCK_UNIT}(\s+and\s+a\s+half)?\s+from\s+now)\b`,
  'gi',
);
const CLOCK_WORDS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  'forty-five': 45,
  fifteen: 15,
  ninety: 90,
};
const LUNCH = /\b(?:at\s+|by\s+|around\s+|before\s+)?lunch(?:time)?\b/gi;

/** Local hours a part of day stands for: the end of the window, since people promise "by" then. */
export const PART_OF_DAY_HOURS = {
  morning: 12,
  noon: 12,
  lunch: 13,
  lunchtime: 13,
  afternoon: 17,
  evening: 20,
  tonight: 20,
} as const;
/** "End of day", "EOD", "close of business". */
export const END_OF_DAY_HOUR = 17;

function spanOf(now: DateTime, days: number): When {
  return { kind: 'span', at: now.plus({ days }), days };
}

function dayOf(day: DateTime): When {
  return { kind: 'calendar', day: day.startOf('day'), time: null, weekdayOnly: false, yearGuessed: false };
}

/** The same weekday in the ISO week `weeksAhead` from now's (Monday starts a week). */
function weekdayIn(now: DateTime, weekday: number, weeksAhead: number): DateTime {
  return now.startOf('week').plus({ weeks: weeksAhead, days: weekday - 1 });
}

/** "This week" is its Friday; once Friday is over, the weekend's Sunday. */
function endOfThisWeek(now: DateTime): DateTime {
  const friday = weekdayIn(now, 5, 0);
  return now.startOf('day') > friday ? weekdayIn(now, 7, 0) : friday;
}

function addWorkingDays(now: DateTime, count: number): DateTime {
  let day = now;
  for (let added = 0; added < count; ) {
    day = day.plus({ days: 1 });
    if (day.weekday <= 5) added++;
  }
  return day;
}

function durationWhen(now: DateTime, countWord: string, business: boolean, unit: string): When | null {
  const word = countWord
    .toLowerCase()
    .replace(/\s+of$/, '')
    .replace(/^a\s+/, '');
  const count = lookup(COUNT_WORDS, word) ?? Number(word);
  if (!Number.isInteger(count) || count <= 0) return null;
  if (unit.toLowerCase() === 'month') {
    const at = now.plus({ months: count });
    const days = Math.round(at.startOf('day').diff(now.startOf('day'), 'days').days);
    return days <= MAX_SPAN_DAYS ? { kind: 'span', at, days } : null;
  }
  if (unit.toLowerCase() === 'week') {
    return count * 7 <= MAX_SPAN_DAYS ? spanOf(now, count * 7) : null;
  }
  if (business) {
    if (count > MAX_SPAN_DAYS / 2) return null;
    const at = addWorkingDays(now, count);
    return { kind: 'span', at, days: Math.round(at.startOf('day').diff(now.startOf('day'), 'days').days) };
  }
  return count <= MAX_SPAN_DAYS ? spanOf(now, count) : null;
}

/** The next `dayOfMonth` on or after today, skipping months too short for it. */
function nextDayOfMonth(now: DateTime, dayOfMonth: number): DateTime | null {
  if (dayOfMonth < 1 || dayOfMonth > 31) return null;
  for (let months = 0; months < 12; months++) {
    const month = now.startOf('month').plus({ months });
    if (dayOfMonth <= (month.daysInMonth ?? 28)) {
      const candidate = month.set({ day: dayOfMonth });
      if (candidate >= now.startOf('day')) return candidate;
    }
  }
  return null;
}

/** Milliseconds in "3 hours", "half an hour", "90 mins"; null when it isn't a duration. */
function clockDuration(amountText: string, unitText: string, andAHalf: boolean): number | null {
  const word = amountText
    .toLowerCase()
    .replace(/\s+of$/, '')
    .replace(/\s+/g, ' ');
  const amount = word.startsWith('half')
    ? 0.5
    : (lookup(CLOCK_WORDS, word) ?? lookup(COUNT_WORDS, word.replace(/^a /, '')) ?? Number(word));
  if (!Number.isFinite(amount) || amount <= 0) return null;
  const unitMs = /^h/i.test(unitText) ? 3_600_000 : 60_000;
  const total = (amount + (andAHalf ? 0.5 : 0)) * unitMs;
  return total <= MAX_SPAN_DAYS * 86_400_000 ? Math.round(total) : null;
}

function dottedDate(now: DateTime, day: number, month: number, yearText: string | undefined): When | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (yearText !== undefined) {
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    const date = now.set({ year, month, day }).startOf('day');
    return date.isValid && date.day === day ? dayOf(date) : null;
  }
  let date = now.set({ month, day }).startOf('day');
  if (!date.isValid || date.day !== day) return null;
  const guessed = date < now.startOf('day');
  if (guessed) date = date.plus({ years: 1 });
  return { kind: 'calendar', day: date, time: null, weekdayOnly: false, yearGuessed: guessed };
}

function collect(
  pattern: RegExp,
  text: string,
  read: (match: RegExpExecArray) => When | null,
  into: Candidate[],
): void {
  pattern.lastIndex = 0;
  let seen = 0;
  for (
    let match = pattern.exec(text);
    match !== null && seen < MAX_MATCHES_PER_PHRASE;
    match = pattern.exec(text)
  ) {
    seen++;
    const when = read(match);
    if (when !== null)
      into.push({ index: match.index, end: match.index + match[0].length, when, custom: true });
    if (match[0].length === 0) pattern.lastIndex++;
  }
}

/** Every custom `when` phrase in `text`, read against `now` (a local DateTime in the member's zone). */
export function customPhrases(text: string, now: DateTime): Candidate[] {
  const found: Candidate[] = [];
  collect(DURATION, text, (m) => durationWhen(now, m[1] ?? '', m[2] !== undefined, m[3] ?? 'day'), found);
  collect(FORTNIGHT, text, () => spanOf(now, 14), found);
  collect(
    RELATIVE_CLOCK,
    text,
    (m) => {
      // Added to the instant, not the wall clock: three hours are three hours across a DST change.
      const ms = clockDuration(m[1] ?? m[4] ?? '', m[2] ?? m[5] ?? '', (m[3] ?? m[6]) !== undefined);
      return ms === null ? null : { kind: 'instant', at: now.plus({ milliseconds: ms }) };
    },
    found,
  );
  collect(NEXT_WEEK, text, () => spanOf(now, 7), found);
  collect(WEEK_AFTER_NEXT, text, () => spanOf(now, 14), found);
  collect(NEXT_MONTH, text, () => durationWhen(now, 'one', false, 'month'), found);
  collect(
    WEEKDAY_NEXT_WEEK,
    text,
    (m) => {
      const weekday = lookup(WEEKDAY_NUMBERS, (m[1] ?? m[2] ?? '').slice(0, 3).toLowerCase());
      return weekday === undefined ? null : dayOf(weekdayIn(now, weekday, 1));
    },
    found,
  );
  collect(
    END_OF_DAY,
    text,
    () => ({
      kind: 'calendar',
      day: null,
      time: { hour: END_OF_DAY_HOUR, minute: 0, source: 'end_of_day' },
      weekdayOnly: false,
      yearGuessed: false,
    }),
    found,
  );
  collect(THIS_WEEK, text, () => dayOf(endOfThisWeek(now)), found);
  collect(END_OF_NEXT_WEEK, text, () => dayOf(weekdayIn(now, 5, 1)), found);
  collect(WEEKEND, text, () => dayOf(weekdayIn(now, 7, 0)), found);
  collect(AFTER_WEEKEND, text, () => dayOf(weekdayIn(now, 1, 1)), found);
  collect(EARLY_NEXT_WEEK, text, () => dayOf(weekdayIn(now, 2, 1)), found);
  collect(END_OF_MONTH, text, () => dayOf(now.endOf('month')), found);
  collect(END_OF_NEXT_MONTH, text, () => dayOf(now.plus({ months: 1 }).endOf('month')), found);
  collect(
    NTH_OF_MONTH,
    text,
    (m) => {
      const day = nextDayOfMonth(now, Number(m[1]));
      return day === null ? null : dayOf(day);
    },
    found,
  );
  collect(DOTTED_DATE, text, (m) => dottedDate(now, Number(m[1]), Number(m[2]), m[3]), found);
  collect(
    LUNCH,
    text,
    () => ({
      kind: 'calendar',
      day: null,
      time: { hour: PART_OF_DAY_HOURS.lunch, minute: 0, source: 'part' },
      weekdayOnly: false,
      yearGuessed: false,
    }),
    found,
  );
  return found;
}

/** What a promise said instead of a date, and the coach's default it stands for. */
export type AssumedDue =
  /** "ASAP", "as soon as possible", "right away": the next working day. */
  | 'asap'
  /** "soon", "shortly", "in a bit": a week, so the first nudge comes on day eight. */
  | 'soon'
  /** Nothing said at all ("Leo will call me back"): a week, like "soon". */
  | 'unsaid'
  /** "after the holidays": the first working day after the member's next holidays. */
  | 'after_holidays';

/** Days a promise without a date ("soon", or nothing said) is given: R4's week, nudged on day eight. */
export const DEFAULT_SPAN_DAYS = 7;

const ASAP =
  /\b(?:asap|a\.s\.a\.p\.?|as\s+soon\s+as\s+(?:possible|(?:they|he|she|we)\s+(?:can|could))|right\s+away|straight\s+away|first\s+thing)\b/i;
const SOON =
  /\b(?:(?:very\s+|real\s+|pretty\s+)?soon(?:ish)?|shortly|in\s+(?:a\s+)?(?:bit|while|little\s+while)|at\s+some\s+point|sometime|down\s+the\s+line|in\s+due\s+course|when\s+(?:they|he|she|we)\s+(?:can|know\s+more|hear(?:\s+back)?))\b/i;
const AFTER_HOLIDAYS =
  /\b(?:after|post)[\s-]+(?:the\s+)?(?:holidays?|holiday\s+season|christmas|xmas|new\s+year(?:'s)?|festive\s+season|winter\s+break|the\s+break|diwali|thanksgiving)\b/i;

/**
 * A promise with no date: which default the words stand for, and where they sat (null span when
 * nothing was said). "after the holidays" wins over "soon", and both over nothing.
 */
export function assumedDue(text: string): { assumed: AssumedDue; index: number; length: number } {
  for (const [pattern, assumed] of [
    [AFTER_HOLIDAYS, 'after_holidays'],
    [ASAP, 'asap'],
    [SOON, 'soon'],
  ] as const) {
    const match = pattern.exec(text);
    if (match !== null) return { assumed, index: match.index, length: match[0].length };
  }
  return { assumed: 'unsaid', index: text.length, length: 0 };
}

/** The words naming a month, for callers that need to recognise one. */
export const MONTH_PATTERN = MONTH_WORD;
