/*
 * How to reach a contact: a phone number and a LinkedIn profile URL, found in a typed line or
 * read from a form field, and checked. Both are taken out of a line before anything else reads
 * it, so "+1 415 555 0100" is never a date or a time and "linkedin.com/in/janeroe" never a name
 * or a company. Every pattern is linear (no nested quantifiers).
 */

/** Fewest and most digits a phone number has (E.164 allows 15; a local number has at least 7). */
const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15;
/** Longest LinkedIn profile URL kept; LinkedIn's own handles are at most 100 characters. */
export const MAX_LINKEDIN_LENGTH = 200;

/** A label said before a number: "tel:", "phone", "mobile:", "cell". */
const PHONE_LABEL = String.raw`(?:(?:tel|phone|ph|mobile|mob|cell)\s*[:.]?\s*)`;
/**
 * A phone number as people write it: "+1 415 555 0100", "+44 (0)20 7946 0958", "415-555-0100",
 * "(415) 555-0100", "020 7946 0958". Groups of digits joined by one space, dot or dash; brackets
 * around a group. How many digits it holds is checked afterwards.
 */
const PHONE = new RegExp(
  String.raw`(?<![\p{L}\p{N}@/:.#-])(${PHONE_LABEL})?(\+\s?)?((?:\(\d{1,5}\)|\d{1,5})(?:[ .-]?(?:\(\d{1,5}\)|\d{1,5})){1,6})(?![\p{L}\p{N}@/])`,
  'giu',
);
/** An ISO date ("2026-12-04") or a date with slashes: digits in groups, but a date. */
const DATE_SHAPE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/;

/** A LinkedIn URL, with or without the scheme, "www." or a country subdomain; Slack may wrap it in <…>. */
const LINKEDIN_URL =
  /<?(?:https?:\/\/)?(?:[a-z]{2,3}\.)?(?:www\.)?linkedin\.com\/[^\s<>|,;()]*(?:\|[^>]*)?>?/gi;
/** A profile: linkedin.com/in/<handle> (or the older /pub/<handle>), nothing after but a slash or a query. */
const LINKEDIN_PROFILE =
  /^(?:https?:\/\/)?(?:[a-z]{2,3}\.)?(?:www\.)?linkedin\.com\/(in|pub)\/([\p{L}\p{N}_%-]{3,100})\/?(?:\?[^\s]*)?$/iu;
/** Any other web address ("https://acme.com/jobs/123", "<https://…|…>"): kept in the note, never read as a date or name. */
const OTHER_URL = /<?(?:https?:\/\/|www\.)[^\s<>|]+(?:\|[^>]*)?>?/gi;

/** The contact details found in a line, the line without them, and what could not be kept. */
export interface FoundDetails {
  phone: string | null;
  linkedin: string | null;
  /** Other web addresses, for the note. */
  urls: string[];
  /** The line with every detail taken out (a space where each was). */
  rest: string;
  /** Something that looked like a detail but was not a good one: the friendly reason. */
  problem: string | null;
}

/** The digits a phone number holds, "+" first when it had one: what a `tel:` link dials. */
export function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return phone.trim().startsWith('+') ? `+${digits}` : digits;
}

/**
 * A phone number as given, checked: 7 to 15 digits, only digits, spaces, dots, dashes, brackets
 * and a leading "+". Null when it is not one.
 */
export function readPhone(text: string): string | null {
  const said = text
    .replace(new RegExp(`^${PHONE_LABEL}`, 'i'), '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/^\+?[\d .()-]+$/.test(said) || DATE_SHAPE.test(said)) return null;
  const digits = said.replace(/\D/g, '').length;
  if (digits < MIN_PHONE_DIGITS || digits > MAX_PHONE_DIGITS) return null;
  return said;
}

/**
 * A LinkedIn profile URL, normalised to `https://www.linkedin.com/in/<handle>`; null when it is
 * not a profile (a company page, a post, another site).
 */
export function readLinkedIn(text: string): string | null {
  const said = text.trim().replace(/^<|>$/g, '').replace(/\|.*$/, '');
  if (said.length > MAX_LINKEDIN_LENGTH) return null;
  const match = LINKEDIN_PROFILE.exec(said);
  if (match === null) return null;
  return `https://www.linkedin.com/${(match[1] ?? 'in').toLowerCase()}/${match[2]}`;
}

/** Why a phone number was refused, for a form field or an edit. */
export const PHONE_PROBLEM =
  'That doesn\'t look like a phone number: give 7 to 15 digits, with an optional "+" and spaces, like +1 415 555 0100.';
/** Why a LinkedIn URL was refused. */
export const LINKEDIN_PROBLEM =
  "That isn't a LinkedIn profile link: it should look like https://www.linkedin.com/in/janeroe.";

/**
 * Takes the phone numbers and URLs out of a line. A number must start with "+", carry a label
 * ("tel:", "mobile") or have at least ten digits, so "3pm", "10:30", "2 weeks" or "Jan 6 2027"
 * stay dates. The first of each kind is kept; a labelled number that is not one is a problem.
 */
export function findDetails(text: string): FoundDetails {
  return scan(text, () => ' ');
}

/**
 * The text with every phone number and web address blanked out, character for character, so a
 * position found in it (a date's) is the same in the text.
 */
export function maskDetails(text: string): string {
  return scan(text, (taken) => ' '.repeat(taken.length)).rest;
}

function scan(text: string, blank: (taken: string) => string): FoundDetails {
  const found: FoundDetails = { phone: null, linkedin: null, urls: [], rest: text, problem: null };
  found.rest = found.rest.replace(LINKEDIN_URL, (url) => {
    const profile = readLinkedIn(url);
    if (profile === null) found.urls.push(url.replace(/^<|>$/g, '').replace(/\|.*$/, ''));
    else if (found.linkedin === null) found.linkedin = profile;
    return blank(url);
  });
  found.rest = found.rest.replace(OTHER_URL, (url) => {
    found.urls.push(url.replace(/^<|>$/g, '').replace(/\|.*$/, ''));
    // Slack's <url|label> reads as the label people see ("tomorrow"), unless that is the address again.
    const label = /\|([^>]*)>?$/.exec(url)?.[1] ?? '';
    if (label === '' || /^(?:https?:\/\/|www\.)/i.test(label)) return blank(url);
    const head = url.slice(0, url.indexOf('|') + 1);
    return `${blank(head)}${label}${url.endsWith('>') ? blank('>') : ''}`;
  });
  found.rest = found.rest.replace(PHONE, (whole, label: string | undefined, plus: string | undefined) => {
    const digits = whole.replace(/\D/g, '').length;
    const said = whole.replace(/\s+/g, ' ').trim();
    const marked = plus !== undefined || label !== undefined;
    if (!marked && (digits < 10 || DATE_SHAPE.test(said) || !/[ .()-]|^\d{10,}$/.test(said))) return whole;
    const phone = readPhone(said);
    if (phone === null) {
      // "+30 min" or "mobile 555" : a plus or a label with too few digits is a number gone wrong.
      if (label !== undefined || (plus !== undefined && digits >= 4)) {
        found.problem ??= `"${said}" ${PHONE_PROBLEM.replace("That doesn't", "doesn't")}`;
        return blank(whole);
      }
      return whole;
    }
    found.phone ??= phone;
    return blank(whole);
  });
  return found;
}
