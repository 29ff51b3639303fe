import { createRequire } from 'node:module';
import type HolidaysLibrary from 'date-holidays';

/*
 * Public holidays of a member's country (and region), from the maintained date-holidays
 * library, never a hand-written list. Only holidays of type `public` count: bank, school,
 * optional and observance days are working days for a job seeker. A holiday is a local calendar
 * date ("2026-12-25"), compared with the member's local date in their own zone.
 */

/** Where a member lives for holidays: an ISO 3166-1 country code and, optionally, its region. */
export interface HolidayPlace {
  country?: string | null;
  region?: string | null;
}

/**
 * The library's class, loaded on first use: its data for every country takes most of a second to
 * load, which a process whose members set no country (a console, most test processes) never needs.
 */
let HolidaysClass: typeof HolidaysLibrary | null = null;

function holidaysOf(country?: string, region?: string | null): HolidaysLibrary {
  HolidaysClass ??= createRequire(import.meta.url)('date-holidays') as typeof HolidaysLibrary;
  if (country === undefined) return new HolidaysClass();
  return region === null || region === undefined
    ? new HolidaysClass(country)
    : new HolidaysClass(country, region);
}

/** Public-holiday dates by "COUNTRY/REGION/YEAR", computed once per process. */
const cache = new Map<string, ReadonlySet<string>>();
/** One library instance for the country and region lists. */
let catalogue: HolidaysLibrary | null = null;

function library(): HolidaysLibrary {
  catalogue ??= holidaysOf();
  return catalogue;
}

/** The year's public-holiday dates ("YYYY-MM-DD") in the country and region. */
function publicDates(country: string, region: string | null, year: number): ReadonlySet<string> {
  const key = `${country}/${region ?? ''}/${year}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const holidays = holidaysOf(country, region);
  // `date` is the holiday's local date-time in the country ("2026-12-25 00:00:00").
  const dates = new Set(
    holidays
      .getHolidays(year)
      .filter((holiday) => holiday.type === 'public')
      .map((holiday) => holiday.date.slice(0, 10)),
  );
  cache.set(key, dates);
  return dates;
}

/** True when the local date `isoDate` ("2026-12-25") is a public holiday where the member lives. */
export function isPublicHoliday(isoDate: string, place: HolidayPlace): boolean {
  const country = place.country ?? null;
  if (country === null) return false;
  const year = Number(isoDate.slice(0, 4));
  if (!Number.isInteger(year)) return false;
  return publicDates(country, place.region ?? null, year).has(isoDate.slice(0, 10));
}

/**
 * The country code as the library spells it ("de" → "DE", "Germany" → "DE"), or null when it
 * knows no such country.
 */
export function knownCountry(text: string): string | null {
  const trimmed = text.trim();
  const code = trimmed.toUpperCase();
  const countries = library().getCountries('en');
  if (/^[A-Z]{2}$/.test(code) && code in countries) return code;
  const lower = trimmed.toLowerCase().replace(/^the\s+/, '');
  const named = Object.entries(countries).find(([, name]) => name.toLowerCase() === lower)?.[0];
  return named ?? COMMON_NAMES[lower] ?? null;
}

/** Names people use where the library's differs ("United States of America", "United Kingdom"). */
const COMMON_NAMES: Record<string, string> = {
  'united states': 'US',
  usa: 'US',
  'u.s.': 'US',
  'u.s.a.': 'US',
  america: 'US',
  uk: 'GB',
  'u.k.': 'GB',
  britain: 'GB',
  'great britain': 'GB',
  england: 'GB',
  korea: 'KR',
  holland: 'NL',
};

/** The country's English name ("DE" → "Germany"), or the code when the library has none. */
export function countryName(country: string): string {
  return library().getCountries('en')[country] ?? country;
}

/** The region code as the library spells it ("ca" in US → "CA"), or null when the country has no such region. */
export function knownRegion(country: string, text: string): string | null {
  const code = text.trim().toUpperCase();
  const regions = library().getStates(country);
  return regions !== undefined && /^[A-Z0-9]{1,3}$/.test(code) && code in regions ? code : null;
}

/** The region's name ("CA" in US → "California"), or the code when the library has none. */
export function regionName(country: string, region: string): string {
  return library().getStates(country, 'en')?.[region] ?? region;
}

/**
 * The country a platform locale names ("en-US" → "US", "pt-BR" → "BR"), or null when it names
 * only a language ("de", "fr": German is spoken in several countries) or a region the library
 * does not know ("es-419", Latin America).
 */
export function countryOfLocale(locale: string | undefined): string | null {
  if (locale === undefined) return null;
  const region = /^[a-z]{2,3}[-_]([A-Za-z]{2})$/.exec(locale.trim())?.[1];
  if (region === undefined) return null;
  const code = region.toUpperCase();
  return code in library().getCountries() ? code : null;
}

/** "Germany", "United States (California)": where a member's public holidays come from. */
export function placeName(country: string, region: string | null): string {
  return region === null ? countryName(country) : `${countryName(country)} (${regionName(country, region)})`;
}
