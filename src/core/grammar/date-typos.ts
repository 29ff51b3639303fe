import { distance } from 'fastest-levenshtein';

/*
 * Misspelled date words ("tommorow", "firday", "wensday", "nxt week", "thrusday") read as the
 * word meant, conservatively, so that real names and ordinary words are never changed:
 * - one edit away, for a word of four letters or more ("tommorow" is two: see below);
 * - two edits away only for a swap of letters ("firday", "thrusday": the same letters) or a long
 *   word (eight letters or more: "wensday", "tommorow"), and only with the same first letter;
 * - the short words "next" and "week" only from a letter left out ("nxt", "wek"): "text",
 *   "weak" and "seek" are words of their own;
 * - a capitalised word only right after a word that leads a date ("by Firday"), since a
 *   capitalised word elsewhere is more likely a name ("Frida", "Sandy").
 */

/** Date words a typo may stand for. */
const TARGETS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'today',
  'tomorrow',
  'tonight',
  'yesterday',
  'morning',
  'afternoon',
  'evening',
  'weekend',
  'january',
  'february',
  'september',
  'october',
  'november',
  'december',
  'next',
  'week',
] as const;

/** Spellings that are right as typed (abbreviations, plurals) and must not be "corrected". */
const KNOWN = new Set<string>([
  ...TARGETS,
  'mon',
  'tue',
  'tues',
  'wed',
  'weds',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'sun',
  'weeks',
  'weekly',
  'weekends',
  'mornings',
  'evenings',
  'mondays',
  'tuesdays',
  'wednesdays',
  'thursdays',
  'fridays',
  'saturdays',
  'sundays',
  'month',
  'months',
  'march',
  'april',
  'june',
  'july',
  'august',
  'sept',
  'noon',
  'monthly',
  'nights',
  'night',
  'todays',
  'sunny',
  'monkey',
  'money',
  'frida',
  'fried',
  'friend',
  'friends',
  'toady',
  'wee',
  'net',
  'evenly',
  'weakest',
  'nearest',
  'newest',
  'nest',
]);

/** Common shorthand for date words, read as they are meant. */
const SHORTHAND: Record<string, string> = {
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  tmw: 'tomorrow',
  tmrow: 'tomorrow',
  '2moro': 'tomorrow',
  '2morrow': 'tomorrow',
  '2day': 'today',
  '2nite': 'tonight',
  tonite: 'tonight',
  nxt: 'next',
  wk: 'week',
  wknd: 'weekend',
};

/** Words after which a capitalised word is likely a date, not a name. */
const DATE_LEAD =
  /(?:^|\s)(?:by|on|until|till|til|before|after|this|next|nxt|coming|from|latest|around|or)[\s,]*$/i;

/** One corrected word: what was typed, and what it was read as, at its place in the corrected text. */
export interface DateTypo {
  typed: string;
  read: string;
  /** Start of the corrected word in the corrected text. */
  index: number;
}

function sameLetters(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}

/** The date word a typed word is a typo of, or null. */
function targetOf(word: string): string | null {
  const lower = word.toLowerCase();
  if (KNOWN.has(lower)) return null;
  const shorthand = Object.hasOwn(SHORTHAND, lower) ? SHORTHAND[lower] : undefined;
  if (shorthand !== undefined) return shorthand;
  let best: { target: string; edits: number } | null = null;
  for (const target of TARGETS) {
    if (target.length <= 4) {
      // "nxt", "wek": a letter left out of a short word, nothing else.
      if (lower.length === target.length - 1 && lower[0] === target[0] && isSubsequence(lower, target)) {
        return target;
      }
      continue;
    }
    const edits = distance(lower, target);
    const ok =
      lower.length >= 4 &&
      (edits === 1 ||
        (edits === 2 &&
          lower.length >= 5 &&
          lower[0] === target[0] &&
          (sameLetters(lower, target) || target.length >= 8)));
    if (ok && (best === null || edits < best.edits)) best = { target, edits };
  }
  return best?.target ?? null;
}

/** Keeps the typed word's case: "Firday" → "Friday", "firday" → "friday", "FIRDAY" → "FRIDAY". */
function inCaseOf(typed: string, word: string): string {
  if (typed === typed.toUpperCase() && /\p{L}/u.test(typed)) return word.toUpperCase();
  if (typed.charAt(0) === typed.charAt(0).toUpperCase()) return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}

/** The text with misspelled date words read as meant, and each correction made. */
export function correctDateTypos(text: string): { text: string; typos: DateTypo[] } {
  const typos: DateTypo[] = [];
  let out = '';
  let last = 0;
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const typed = match[0];
    const start = match.index;
    const capitalised = /^\p{Lu}/u.test(typed) && typed !== typed.toUpperCase();
    const target = typed.length >= 3 && typed.length <= 12 ? targetOf(typed) : null;
    if (target === null || (capitalised && !DATE_LEAD.test(text.slice(Math.max(0, start - 12), start))))
      continue;
    out += text.slice(last, start);
    const read = inCaseOf(typed, target);
    typos.push({ typed, read, index: out.length });
    out += read;
    last = start + typed.length;
  }
  return { text: out + text.slice(last), typos };
}
