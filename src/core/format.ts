import type { Channel, Contact, ContactRole, FollowUpPromise } from './model.ts';
import { inZone } from './working-time.ts';

/*
 * Dates, times and people as members read them, always in the member's zone. Names of days and
 * months come from the en-US locale (en-GB spells September "Sept"), in the day-month order of
 * the design ("Fri 5 Dec"); times read "3:00 PM".
 */

/** The locale of day and month names and of times. */
const LOCALE = 'en-US';

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

/** "Fri 5 Dec". */
export function formatDay(at: Date, zone: string): string {
  return inZone(at, zone).toFormat('ccc d LLL', { locale: LOCALE });
}

/** "Tuesday 8 Dec": the digest's title date. */
export function formatLongDay(at: Date, zone: string): string {
  return inZone(at, zone).toFormat('cccc d LLL', { locale: LOCALE });
}

/** "30 Nov": a day without its weekday. */
export function formatShortDate(at: Date, zone: string): string {
  return inZone(at, zone).toFormat('d LLL', { locale: LOCALE });
}

/** "3:00 PM". */
export function formatTime(at: Date, zone: string): string {
  return inZone(at, zone).toFormat('h:mm a', { locale: LOCALE });
}

/** Locales whose short zone names people recognise: PST/EST, CET/BST, IST; else "GMT+2". */
const ZONE_NAME_LOCALES = ['en-US', 'en-GB', 'en-IN'] as const;

/** "CET", "PST", "IST" where a common abbreviation exists, else "GMT+5:45" (UTC stays "UTC"). */
export function zoneAbbreviation(at: Date, zone: string): string {
  const local = inZone(at, zone);
  const names = ZONE_NAME_LOCALES.map((locale) => local.toFormat('ZZZZ', { locale }));
  return names.find((name) => !/^GMT([+-]|$)/.test(name)) ?? names[0] ?? zone;
}

/** "Fri 5 Dec, 3:00 PM CET". */
export function formatMoment(at: Date, zone: string): string {
  return `${formatDay(at, zone)}, ${formatTime(at, zone)} ${zoneAbbreviation(at, zone)}`;
}

/** "3:00 PM" when `at` is on the same local day as `now`, else "Fri 5 Dec, 3:00 PM". */
export function formatWhen(at: Date, now: Date, zone: string): string {
  const sameDay = inZone(at, zone).hasSame(inZone(now, zone), 'day');
  return sameDay ? formatTime(at, zone) : `${formatDay(at, zone)}, ${formatTime(at, zone)}`;
}

/** "Jane Doe (recruiter, Acme)", "Bob (Globex)", "Jane"; a title said ("VP Eng") shows instead of the role. */
export function describeContact(contact: Contact): string {
  const role = contact.title ?? (contact.role === null ? null : ROLE_LABELS[contact.role]);
  const parts = [role, contact.company].filter((part): part is string => part !== null && part !== '');
  return parts.length === 0 ? contact.name : `${contact.name} (${parts.join(', ')})`;
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
export function describeDue(promise: Pick<FollowUpPromise, 'due' | 'createdAt'>, zone: string): string {
  const { due } = promise;
  switch (due.precision) {
    case 'time':
      return `by ${formatDay(due.at, zone)}, ${formatTime(due.at, zone)}`;
    case 'day':
      return `by ${formatDay(due.at, zone)}`;
    case 'days':
      return `within ${describeSpan(spanDays(promise, zone))} of ${formatShortDate(promise.createdAt, zone)}`;
  }
}
