import type { Contact, ContactRole, FollowUpPromise } from './model.ts';
import { inZone } from './working-time.ts';

/** How a role reads in a sentence. */
export const ROLE_LABELS: Record<ContactRole, string> = {
  recruiter: 'recruiter',
  hiring_manager: 'hiring manager',
  hr: 'HR',
  referral: 'referral',
  networking: 'contact',
  other: 'contact',
};

/** "Fri 5 Dec". */
export function formatDay(at: Date, zone: string): string {
  return inZone(at, zone).toFormat('ccc d LLL', { locale: 'en-GB' });
}

/** "Friday 5 December". */
export function formatLongDay(at: Date, zone: string): string {
  return inZone(at, zone).toFormat('cccc d LLLL', { locale: 'en-GB' });
}

/** "3:00 PM". */
export function formatTime(at: Date, zone: string): string {
  return inZone(at, zone).toFormat('h:mm a', { locale: 'en-US' });
}

/** Locales whose short zone names people recognise: PST/EST, CET/BST, IST; else "GMT+2". */
const ZONE_NAME_LOCALES = ['en-US', 'en-GB', 'en-IN'] as const;

/** "CET", "PST", "IST" where a common abbreviation exists, else "GMT+5:45". */
export function zoneAbbreviation(at: Date, zone: string): string {
  const local = inZone(at, zone);
  const names = ZONE_NAME_LOCALES.map((locale) => local.toFormat('ZZZZ', { locale }));
  return names.find((name) => !/^GMT[+-]/.test(name)) ?? names[0] ?? zone;
}

/** "Fri 5 Dec, 3:00 PM CET". */
export function formatMoment(at: Date, zone: string): string {
  const zoneName = zoneAbbreviation(at, zone);
  return `${formatDay(at, zone)}, ${formatTime(at, zone)} ${zoneName}`;
}

/** "Fri 5 Dec, 3:00 PM" when the day differs from `now`'s, else "3:00 PM". */
export function formatWhen(at: Date, now: Date, zone: string): string {
  const sameDay = inZone(at, zone).hasSame(inZone(now, zone), 'day');
  return sameDay ? formatTime(at, zone) : `${formatDay(at, zone)}, ${formatTime(at, zone)}`;
}

/** "Jane Doe (recruiter, Acme)", "Bob (Globex)", "Jane". */
export function describeContact(contact: Contact): string {
  const parts = [contact.role === null ? null : ROLE_LABELS[contact.role], contact.company].filter(
    (part): part is string => part !== null && part !== '',
  );
  return parts.length === 0 ? contact.name : `${contact.name} (${parts.join(', ')})`;
}

/** The first name, for a friendly greeting in suggested wording. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** "by Fri 5 Dec, 3:00 PM", "by Fri 5 Dec", "within a week of 30 Nov". */
export function describeDue(promise: Pick<FollowUpPromise, 'due' | 'createdAt'>, zone: string): string {
  const { due } = promise;
  switch (due.precision) {
    case 'time':
      return `by ${formatDay(due.at, zone)}, ${formatTime(due.at, zone)}`;
    case 'day':
      return `by ${formatDay(due.at, zone)}`;
    case 'days': {
      const span = due.days === 7 ? 'a week' : due.days === 14 ? 'two weeks' : `${due.days ?? 0} days`;
      return `within ${span} of ${inZone(promise.createdAt, zone).toFormat('d LLL', { locale: 'en-GB' })}`;
    }
  }
}
