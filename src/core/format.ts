import type { DateTime } from 'luxon';
import type { Channel, Contact, ContactRole, FollowUpPromise } from './model.ts';
import { POLICY } from './policy-defaults.ts';
import { inZone, timeMemo } from './working-time.ts';

/*
 * Dates, times and people as members read them, always in the member's zone. Names of days and
 * months are always English (Thrice speaks English; en-GB spells September "Sept", so en-US
 * names); the member's locale, when the platform told us one, picks the clock (24-hour or
 * AM/PM) and the order of day and month. Without one, the design's "Fri 5 Dec" and "3:00 PM".
 */

/** The locale of day and month names. */
const NAMES = 'en-US';

/** How a role reads in a sentence. */
export const ROLE_LABELS: Record<ContactRole, string> = {
  recruiter: 'recruiter',
  hiring_manager: 'hiring manager',
  hr: 'HR',
  referral: 'referral',
  networking: 'contact',
  other: 'contact',
};

/**
 * How a channel reads: on its own in a menu ("email", "LinkedIn"), and as a thing to try in a
 * nudge ("try an email now"). The one table of channel wording; the others derive from it.
 */
export const CHANNEL_WORDS: Record<Channel, { name: string; suggestion: string }> = {
  call: { name: 'call', suggestion: 'a call' },
  email: { name: 'email', suggestion: 'an email' },
  linkedin: { name: 'LinkedIn', suggestion: 'a LinkedIn message' },
};

/** How a member's locale writes dates and times. */
interface DateStyle {
  dayFirst: boolean;
  hour24: boolean;
}

/** The design's style, for members whose platform gives no locale (Slack, the console). */
const DEFAULT_STYLE: DateStyle = { dayFirst: true, hour24: false };

const styles = new Map<string, DateStyle>();

/** The clock and day-month order of a BCP 47 locale ('de', 'en-GB', 'en-US'); the default when unknown. */
export function dateStyle(locale: string | null | undefined): DateStyle {
  if (locale === null || locale === undefined || locale === '') return DEFAULT_STYLE;
  const known = styles.get(locale);
  if (known !== undefined) return known;
  let style = DEFAULT_STYLE;
  try {
    if (Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0) {
      const hourCycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
      const parts = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).formatToParts(
        new Date(Date.UTC(2026, 11, 4, 12)),
      );
      const day = parts.findIndex((part) => part.type === 'day');
      const month = parts.findIndex((part) => part.type === 'month');
      style = { dayFirst: day < month, hour24: hourCycle === 'h23' || hourCycle === 'h24' };
    }
  } catch {
    // A malformed tag from a platform reads as no locale.
  }
  styles.set(locale, style);
  return style;
}

/** How many results each memo below keeps before it starts again (a planning batch's worth). */
const MEMO_LIMIT = 4096;

/**
 * The same text for the same instant, zone and locale, worked out once: a digest writes each
 * moment several times (its line, the time marks in both styles), and a planning pass writes
 * thousands of digests, where Luxon's formatting was the largest cost.
 */
function memoized(fn: (at: Date, zone: string, locale?: string | null) => string) {
  const cache = timeMemo<string>();
  return (at: Date, zone: string, locale?: string | null): string => {
    const key = `${at.getTime()}|${zone}|${locale ?? ''}`;
    const known = cache.get(key);
    if (known !== undefined) return known;
    const text = fn(at, zone, locale);
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(key, text);
    return text;
  };
}

/** "Fri 5 Dec" (or "Fri Dec 5" where the month comes first). */
export const formatDay = memoized((at, zone, locale) => {
  const pattern = dateStyle(locale).dayFirst ? 'ccc d LLL' : 'ccc LLL d';
  return inZone(at, zone).toFormat(pattern, { locale: NAMES });
});

/** The local calendar day of `at` in `zone`, as 2026-12-04: two instants on the same day compare equal. */
export const localDay = memoized((at, zone) => inZone(at, zone).toISODate() ?? 'invalid');

/** "Tuesday 8 Dec": the digest's title date. */
export function formatLongDay(at: Date, zone: string, locale?: string | null): string {
  const pattern = dateStyle(locale).dayFirst ? 'cccc d LLL' : 'cccc LLL d';
  return inZone(at, zone).toFormat(pattern, { locale: NAMES });
}

/** "30 Nov": a day without its weekday. */
export function formatShortDate(at: Date, zone: string, locale?: string | null): string {
  return inZone(at, zone).toFormat(dateStyle(locale).dayFirst ? 'd LLL' : 'LLL d', { locale: NAMES });
}

/** "4 December": a date as said to a contact. */
export function formatLongDate(local: DateTime, locale?: string | null): string {
  return local.toFormat(dateStyle(locale).dayFirst ? 'd LLLL' : 'LLLL d', { locale: NAMES });
}

/** "Friday". */
export function weekdayName(local: DateTime): string {
  return local.toFormat('cccc', { locale: NAMES });
}

/** "3:00 PM", or "15:00" on a 24-hour clock. */
export const formatTime = memoized((at, zone, locale) => formatClock(inZone(at, zone), locale, false));

/** "3:00 PM" or "15:00"; with `short`, "3 PM" on the hour (as said to a contact). */
export function formatClock(local: DateTime, locale: string | null | undefined, short: boolean): string {
  if (dateStyle(locale).hour24) return local.toFormat('HH:mm');
  return local.toFormat(short && local.minute === 0 ? 'h a' : 'h:mm a', { locale: NAMES });
}

/** Locales whose short zone names people recognise: PST/EST, CET/BST, IST; else "GMT+2". */
const ZONE_NAME_LOCALES = ['en-US', 'en-GB', 'en-IN'] as const;

/** "CET", "PST", "IST" where a common abbreviation exists, else "GMT+5:45" (UTC stays "UTC"). */
export const zoneAbbreviation: (at: Date, zone: string) => string = memoized((at, zone) => {
  const local = inZone(at, zone);
  const names = ZONE_NAME_LOCALES.map((locale) => local.toFormat('ZZZZ', { locale }));
  return names.find((name) => !/^GMT([+-]|$)/.test(name)) ?? names[0] ?? zone;
});

/** "Fri 5 Dec, 3:00 PM CET". */
export const formatMoment = memoized(
  (at, zone, locale) =>
    `${formatDay(at, zone, locale)}, ${formatTime(at, zone, locale)} ${zoneAbbreviation(at, zone)}`,
);

/** "3:00 PM" when `at` is on the same local day as `now`, else "Fri 5 Dec, 3:00 PM". */
export function formatWhen(at: Date, now: Date, zone: string, locale?: string | null): string {
  const sameDay = localDay(at, zone) === localDay(now, zone);
  return sameDay
    ? formatTime(at, zone, locale)
    : `${formatDay(at, zone, locale)}, ${formatTime(at, zone, locale)}`;
}

/** "Jane Doe (recruiter, Acme)", "Bob (Globex)", "Jane"; a title said ("VP Eng") shows instead of the role. */
export function describeContact(contact: Contact): string {
  const role = contact.title ?? (contact.role === null ? null : ROLE_LABELS[contact.role]);
  const parts = [role, contact.company].filter((part): part is string => part !== null && part !== '');
  return parts.length === 0 ? contact.name : `${contact.name} (${parts.join(', ')})`;
}

/** "Reach them: jane@acme.com · +1 415 555 0100 · https://www.linkedin.com/in/janeroe"; null when none was given. */
export function contactDetailsLine(contact: Contact): string | null {
  const details = [contact.email, contact.phone, contact.linkedin].filter(
    (detail): detail is string => detail !== undefined && detail !== '',
  );
  return details.length === 0 ? null : `Reach them: ${details.join(' · ')}`;
}

/** The first name, for a friendly greeting in suggested wording. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || name;
}

const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
] as const;

/** "1 follow-up", "3 follow-ups": a count with its noun, singular only for one. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * "follow-up 2 of 3" up to the third; past it (keep going, or a follow-up logged before the
 * hiring-manager step) just "follow-up 4": the one way every view numbers an attempt.
 */
export function followUpNumber(attempt: number): string {
  const limit = POLICY.followUpsBeforeEscalation;
  return attempt <= limit ? `follow-up ${attempt} of ${limit}` : `follow-up ${attempt}`;
}

/** "Follow-up 4": the text with its first letter upper-case, to open a line. */
export function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** "eight" for 8, as words up to twenty, digits beyond. */
export function numberWord(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}

/** "a week", "two weeks", "a day", "3 days": how long the contact asked for (R4). */
export function describeSpan(days: number): string {
  if (days === 1) return 'a day';
  if (days === 7) return 'a week';
  if (days === 14) return 'two weeks';
  return `${days} days`;
}

/** The N of an R4 promise: as recorded, or the local days from its recording to its due day. */
export function spanDays(promise: Pick<FollowUpPromise, 'due' | 'createdAt'>, zone: string): number {
  if (promise.due.days !== undefined) return promise.due.days;
  const from = inZone(promise.createdAt, zone).startOf('day');
  return Math.round(inZone(promise.due.at, zone).startOf('day').diff(from, 'days').days);
}

/** "by Fri 5 Dec, 3:00 PM", "by Fri 5 Dec", "within a week of 30 Nov". */
export function describeDue(
  promise: Pick<FollowUpPromise, 'due' | 'createdAt'>,
  zone: string,
  locale?: string | null,
): string {
  const { due } = promise;
  switch (due.precision) {
    case 'time':
      return `by ${formatDay(due.at, zone, locale)}, ${formatTime(due.at, zone, locale)}`;
    case 'day':
      return `by ${formatDay(due.at, zone, locale)}`;
    case 'days':
      return `within ${describeSpan(spanDays(promise, zone))} of ${formatShortDate(promise.createdAt, zone, locale)}`;
  }
}
