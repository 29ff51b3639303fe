import { DateTime } from 'luxon';
import { countryName } from './holidays.ts';
import type { Member, Platform } from './model.ts';
import { example } from './syntax.ts';

/*
 * The welcome DM a member gets once, with their first command: one example, the time zone and
 * the country asked with pickers, and how digests work. The core decides who gets it and what it
 * says; each adapter lays it out (a select of zones on Discord and Slack, lines in a terminal).
 */

/** Zones people pick most, by region; the member's current zone is added first when missing. */
export const COMMON_ZONES = [
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Toronto',
  'America/Sao_Paulo',
  'America/Mexico_City',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Lisbon',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Amsterdam',
  'Europe/Warsaw',
  'Europe/Athens',
  'Africa/Lagos',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
] as const;

/** Countries people pick most (ISO codes); the member's current one is added first when missing. */
export const COMMON_COUNTRIES = [
  'US',
  'CA',
  'GB',
  'IE',
  'DE',
  'FR',
  'NL',
  'ES',
  'IT',
  'PT',
  'PL',
  'SE',
  'CH',
  'AT',
  'BE',
  'IN',
  'SG',
  'AU',
  'NZ',
  'BR',
  'MX',
  'NG',
  'ZA',
] as const;

/** The pickers' last choice, which asks the member to type the zone (or country) instead. */
export const TYPE_IT = { value: 'type', label: 'Another one: type it…' } as const;

/** Everything the welcome shows, as plain text and choices. */
export interface Welcome {
  title: string;
  /** What Thrice does, in one line. */
  intro: string;
  /** One add, as the member types it on their platform. */
  example: string;
  /** The zone question (or, when the platform told us the zone, what it is). */
  timeZoneLine: string;
  /** The zone in use, chosen first in the picker. */
  timeZone: string;
  /** The zones the picker offers, the one in use first (at most 24, room for "type it"). */
  zones: readonly string[];
  countryLine: string;
  /** The country in use (public holidays), null when none. */
  country: string | null;
  /** The countries the picker offers, with their names, the one in use first. */
  countries: readonly { code: string; name: string }[];
  /** How digests work, with the time in the member's zone. */
  digestLine: string;
  /** The settings command, as the member types it, to change any of it later. */
  settingsExample: string;
}

/** "UTC+01:00 · Europe/Berlin": a zone as a picker option reads, its offset now first. */
export function zoneLabel(zone: string, now: Date): string {
  const offset = DateTime.fromJSDate(now, { zone }).toFormat('ZZ');
  return `UTC${offset} · ${zone}`;
}

/** The welcome for `member` on `platform`. */
export function welcomeFor(member: Member, platform: Platform): Welcome {
  const { timeZone, timeZoneConfirmed, country, digestTime } = member.settings;
  const zones = [timeZone, ...COMMON_ZONES.filter((zone) => zone !== timeZone)].slice(0, 24);
  const codes =
    country === null ? [...COMMON_COUNTRIES] : [country, ...COMMON_COUNTRIES.filter((c) => c !== country)];
  const digest =
    digestTime === null
      ? 'Your daily digest is off; turn it on with the digest setting.'
      : `Every working morning at ${String(digestTime.hour).padStart(2, '0')}:${String(digestTime.minute).padStart(2, '0')} (your time) I DM you a digest: who is overdue for a polite nudge, who you are waiting on, and buttons to log what happened. When a promise's time passes I nudge you once, and I stop after your third follow-up.`;
  return {
    title: 'Welcome to Thrice',
    intro:
      'I keep track of who promised to get back to you (recruiters, hiring managers, contacts) and remind you to follow up, politely and at most three times.',
    example: example(platform, 'add'),
    timeZoneLine: timeZoneConfirmed
      ? `Your time zone is ${timeZone}. Somewhere else? Pick it below.`
      : `Which time zone are you in? Until you pick one, times are in ${timeZone}.`,
    timeZone,
    zones,
    countryLine:
      country === null
        ? 'Which country are you in? I rest on its public holidays.'
        : `I rest on the public holidays of ${countryName(country)}. Somewhere else? Pick it below.`,
    country,
    countries: codes.slice(0, 24).map((code) => ({ code, name: countryName(code) })),
    digestLine: digest,
    settingsExample: example(platform, 'settings'),
  };
}
