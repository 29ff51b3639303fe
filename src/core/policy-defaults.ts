import { IANAZone } from 'luxon';
import { countryOfLocale } from './holidays.ts';
import type { LocalTime, MemberSettings, Weekday } from './model.ts';

/**
 * The nudge policy's defaults (DESIGN.md §1). Every rule's number lives here, named, and
 * nowhere else as a literal.
 */
export const POLICY = {
  /** R2: first nudge this many hours after an exact promised time. */
  hoursAfterExactTime: 3,
  /** R5: follow-up nudges per promise before R6 takes over. */
  followUpsBeforeEscalation: 3,
  /** R5: working days to wait after the 1st, 2nd, … logged follow-up before the next nudge. */
  workingDayGapsAfterFollowUp: [3, 5] as readonly number[],
  /** R7: a thread untouched this many days is "going cold". */
  goingColdAfterDays: 14,
  /** R8: a thank-you note is due within this many hours of a meeting. */
  thankYouWithinHours: 24,
  /** R9: the order in which follow-up channels rotate. */
  channelRotation: ['call', 'email', 'linkedin'] as const,
  /** R11: no call is suggested in this many last hours of the working day. */
  noCallInLastWorkingHours: 1,
  /** R11: nor from this local time on the eve of a weekend or public holiday (the Friday afternoon). */
  noCallOnEveFrom: { hour: 12, minute: 0 } as LocalTime,
} as const;

/** Default local times and days (R2, R10). */
export const DEFAULT_WORK_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5];
export const DEFAULT_WORK_START: LocalTime = { hour: 9, minute: 0 };
export const DEFAULT_WORK_END: LocalTime = { hour: 18, minute: 0 };
export const DEFAULT_DIGEST_TIME: LocalTime = { hour: 9, minute: 0 };
/** R7: open threads a member aims to keep warm. */
export const DEFAULT_TARGET = 5;
/** Discord gives no zone; members default to UTC until they answer. */
export const DEFAULT_TIME_ZONE = 'UTC';

/** Zones this runtime was found to know or not; the check builds an Intl formatter, too dear per command. */
const zoneKnown = new Map<string, boolean>();
/** Beyond this many different strings, answers are no longer remembered (a caller sending junk). */
const ZONES_REMEMBERED = 2_000;

/** Whether this runtime knows the IANA zone; each answer is worked out once. */
export function isKnownZone(zone: string): boolean {
  const known = zoneKnown.get(zone);
  if (known !== undefined) return known;
  const answer = IANAZone.isValidZone(zone);
  if (zoneKnown.size < ZONES_REMEMBERED) zoneKnown.set(zone, answer);
  return answer;
}

/**
 * Settings of a new member, optionally in a zone the platform told us, and in the country its
 * locale names ("en-US" → US holidays; a bare language such as "de" names none).
 */
export function defaultSettings(reported?: string, locale?: string): MemberSettings {
  // A zone the platform reports but this runtime does not know is as good as none.
  const timeZone = reported !== undefined && isKnownZone(reported) ? reported : undefined;
  return {
    timeZone: timeZone ?? DEFAULT_TIME_ZONE,
    timeZoneConfirmed: timeZone !== undefined,
    digestTime: DEFAULT_DIGEST_TIME,
    workDays: DEFAULT_WORK_DAYS,
    workStart: DEFAULT_WORK_START,
    workEnd: DEFAULT_WORK_END,
    share: false,
    target: DEFAULT_TARGET,
    pausedUntil: null,
    country: countryOfLocale(locale),
    region: null,
  };
}
