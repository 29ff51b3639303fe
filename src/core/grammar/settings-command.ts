import { IANAZone } from 'luxon';
import type { SettingsPatch } from '../command.ts';
import { ThriceError } from '../errors.ts';
import { countryName, knownCountry, knownRegion } from '../holidays.ts';
import type { LocalTime, Weekday } from '../model.ts';
import { err, ok, type Result } from '../result.ts';
import { clip, lookup } from './text.ts';

/*
 * `/promise settings [tz <zone>] [digest HH:MM|off] [workdays mon-fri|mon,tue,thu] [share on|off]
 * [target N] [country DE|off [region BY]]`, any subset, in any order; `key value`, `key:value`
 * and `key=value` all work. A region goes with its country in the same command.
 */

/** Bounds a member can set as their open-thread target (R7). */
export const TARGET_RANGE = { min: 1, max: 50 } as const;

const SETTINGS_EXAMPLE =
  '/promise settings tz Europe/Berlin digest 08:30 workdays mon-fri share on target 5 country DE';

const KEYS: Record<string, 'tz' | 'digest' | 'workdays' | 'share' | 'target' | 'country' | 'region'> = {
  tz: 'tz',
  timezone: 'tz',
  'time-zone': 'tz',
  zone: 'tz',
  digest: 'digest',
  workdays: 'workdays',
  'work-days': 'workdays',
  days: 'workdays',
  share: 'share',
  sharing: 'share',
  target: 'target',
  country: 'country',
  holidays: 'country',
  region: 'region',
  state: 'region',
};

const WEEKDAYS: Record<string, Weekday> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** Abbreviations people type for a zone, and the region zone to suggest instead. */
const ZONE_ABBREVIATIONS: Record<string, string> = {
  est: 'America/New_York',
  edt: 'America/New_York',
  et: 'America/New_York',
  cst: 'America/Chicago',
  cdt: 'America/Chicago',
  ct: 'America/Chicago',
  mst: 'America/Denver',
  mdt: 'America/Denver',
  mt: 'America/Denver',
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  pt: 'America/Los_Angeles',
  bst: 'Europe/London',
  cet: 'Europe/Berlin',
  cest: 'Europe/Berlin',
  eet: 'Europe/Athens',
  ist: 'Asia/Kolkata',
  jst: 'Asia/Tokyo',
  aest: 'Australia/Sydney',
};

/** Longest piece of a member's text quoted back in an error. */
const MAX_ECHO = 40;

/** A member's words as quoted in an error: cut short, so a pasted essay is not echoed back. */
function echo(text: string): string {
  return clip(text, MAX_ECHO);
}

function invalid(message: string): Result<never> {
  return err(new ThriceError('invalid_setting', `${message}\nFor example: \`${SETTINGS_EXAMPLE}\``));
}

let knownZones: Map<string, string> | null = null;

/** The zone names this runtime lists, by lower-case name, built once. */
function zoneSpellings(): Map<string, string> {
  if (knownZones === null) {
    knownZones = new Map(Intl.supportedValuesOf('timeZone').map((zone) => [zone.toLowerCase(), zone]));
  }
  return knownZones;
}

/**
 * The zone spelled as the IANA database spells it, or null when it isn't a region zone.
 * Casing is repaired ("america/new_york" → "America/New_York") without swapping in ICU's legacy
 * aliases, so "Asia/Kolkata" stays "Asia/Kolkata" rather than "Asia/Calcutta".
 */
export function canonicalZone(text: string): string | null {
  const lower = text.toLowerCase();
  if (lower === 'utc' || lower === 'gmt' || lower === 'etc/utc' || lower === 'z') return 'UTC';
  if (!lower.includes('/') || !IANAZone.isValidZone(text)) return null;
  const listed = zoneSpellings().get(lower);
  if (listed !== undefined) return listed;
  const spelled = lower.replace(/(^|[/_-])(\p{Ll})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
  return IANAZone.isValidZone(spelled) ? spelled : null;
}

function readZone(value: string): Result<string> {
  const zone = canonicalZone(value);
  if (zone !== null) return ok(zone);
  const suggestion = lookup(ZONE_ABBREVIATIONS, value.toLowerCase());
  if (suggestion !== undefined) {
    return invalid(
      `"${echo(value)}" is ambiguous about daylight saving. Use a region name such as ${suggestion}, so your times follow the clock change.`,
    );
  }
  return invalid(
    `"${echo(value)}" isn't a time zone I know. Use a region name like Europe/Berlin or America/New_York.`,
  );
}

/** Reads "08:30", "8:30am", "8am", "0830", "17". */
export function readClock(text: string): LocalTime | null {
  const match = /^(\d{1,2})(?:[:.h]?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/i.exec(text.trim());
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? '0');
  const meridiem = match[3]?.toLowerCase().replace(/\./g, '');
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return null;
    if (meridiem === 'pm' && hour < 12) hour += 12;
    if (meridiem === 'am' && hour === 12) hour = 0;
  }
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

/** Reads "mon-fri", "mon,tue,thu", "sun-thu", "weekdays", "every day". */
export function readWorkDays(text: string): readonly Weekday[] | null {
  const lower = text
    .toLowerCase()
    .trim()
    .replace(/\s*(?:-|–|\bto\b)\s*/g, '-')
    .replace(/[\s,]+/g, ',');
  if (lower === 'weekdays') return [1, 2, 3, 4, 5];
  if (lower === 'everyday' || lower === 'every,day' || lower === 'all' || lower === 'daily')
    return [1, 2, 3, 4, 5, 6, 7];
  const days = new Set<Weekday>();
  for (const part of lower.split(',')) {
    if (part === '') continue;
    const range = /^([a-z]{3})[a-z]*(?:-([a-z]{3})[a-z]*)?$/.exec(part);
    const from = range ? lookup(WEEKDAYS, range[1] ?? '') : undefined;
    const to = range?.[2] === undefined ? from : lookup(WEEKDAYS, range[2]);
    if (from === undefined || to === undefined) return null;
    // A range wraps round the week: sun-thu is Sunday to Thursday.
    for (let day = from, i = 0; i < 7; day = ((day % 7) + 1) as Weekday, i++) {
      days.add(day);
      if (day === to) break;
    }
  }
  return days.size === 0 ? null : [...days].sort((a, b) => a - b);
}

function readSwitch(value: string): boolean | null {
  const lower = value.toLowerCase();
  if (['on', 'yes', 'true', 'y'].includes(lower)) return true;
  if (['off', 'no', 'false', 'n'].includes(lower)) return false;
  return null;
}

type SettingKey = (typeof KEYS)[string];

/** One `key value` pair as typed; `name` is the key as the member spelled it. */
interface Pair {
  key: SettingKey;
  name: string;
  values: string[];
}

/** Splits "tz Europe/Berlin digest:08:30 target=5" into pairs; values run to the next key. */
function pairs(args: readonly string[]): { pairs: Pair[] } | { unknown: string } {
  const found: Pair[] = [];
  for (const token of args) {
    const keyed = /^([a-z-]+)[:=](.*)$/i.exec(token);
    const name = (keyed?.[1] ?? token).toLowerCase();
    const key = lookup(KEYS, name);
    if (key !== undefined) {
      found.push({ key, name, values: keyed?.[2] ? [keyed[2]] : [] });
      continue;
    }
    const current = found[found.length - 1];
    if (current === undefined) return { unknown: token };
    current.values.push(token);
  }
  return { pairs: found };
}

function unknownSetting(name: string): Result<never> {
  return invalid(
    `I don't know the setting "${echo(name)}". Settings are tz, digest, workdays, share, target, country and region.`,
  );
}

/** Reads the words after `settings` as a patch; no words means "show my settings". */
export function parseSettings(args: readonly string[]): Result<SettingsPatch> {
  const patch: SettingsPatch = {};
  const read = pairs(args);
  if ('unknown' in read) return unknownSetting(read.unknown);
  for (const { key, name, values } of read.pairs) {
    const [value = '', ...more] = values;
    if (value === '') return invalid(`\`${name}\` needs a value.`);
    const extra = more[0];
    // Only a digest time, a list of work days and a country's name may take more than one word
    // ("8:30 am", "mon, tue", "United States").
    if (
      extra !== undefined &&
      key !== 'workdays' &&
      key !== 'country' &&
      !(key === 'digest' && /^(?:am|pm|a\.m\.|p\.m\.)$/i.test(extra))
    ) {
      return unknownSetting(extra);
    }
    switch (key) {
      case 'tz': {
        const zone = readZone(value);
        if (!zone.ok) return zone;
        patch.timeZone = zone.value;
        break;
      }
      case 'digest': {
        if (readSwitch(value) === false || value.toLowerCase() === 'none') {
          patch.digestTime = null;
          break;
        }
        const time = readClock(values.join(' '));
        if (time === null)
          return invalid(`"${echo(values.join(' '))}" isn't a time of day. Use a time like 08:30, or off.`);
        patch.digestTime = time;
        break;
      }
      case 'workdays': {
        const days = readWorkDays(values.join(' '));
        if (days === null)
          return invalid(`"${echo(values.join(' '))}" isn't a list of days. Use mon-fri or mon,tue,thu.`);
        patch.workDays = days;
        break;
      }
      case 'share': {
        const on = readSwitch(value);
        if (on === null) return invalid('`share` is on or off.');
        patch.share = on;
        break;
      }
      case 'target': {
        const target = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
        if (!Number.isInteger(target) || target < TARGET_RANGE.min || target > TARGET_RANGE.max) {
          return invalid(`The target is a whole number from ${TARGET_RANGE.min} to ${TARGET_RANGE.max}.`);
        }
        patch.target = target;
        break;
      }
      case 'country': {
        const words = values.join(' ');
        if (readSwitch(value) === false || value.toLowerCase() === 'none') {
          patch.country = null;
          patch.region = null;
          break;
        }
        const country = knownCountry(words);
        if (country === null)
          return invalid(
            `"${echo(words)}" isn't a country I know holidays for. Use its two-letter code, like DE, US or IN.`,
          );
        patch.country = country;
        // A new country drops the old one's region unless this command names one.
        patch.region ??= null;
        break;
      }
      case 'region':
        break;
    }
  }
  return readRegion(read.pairs, patch);
}

/** The `region` pair, read against the country named in the same command. */
function readRegion(found: readonly Pair[], patch: SettingsPatch): Result<SettingsPatch> {
  const pair = found.find((p) => p.key === 'region');
  if (pair === undefined) return ok(patch);
  const value = pair.values[0] ?? '';
  const country = patch.country;
  if (country === undefined || country === null)
    return invalid('A region goes with its country: `/promise settings country US region CA`.');
  if (readSwitch(value) === false || value.toLowerCase() === 'none') return ok({ ...patch, region: null });
  const region = knownRegion(country, value);
  if (region === null)
    return invalid(
      `"${echo(value)}" isn't a region of ${countryName(country)} I know holidays for. Use its code, like CA in the US or BY in Germany.`,
    );
  return ok({ ...patch, region });
}
