/*
 * Words that stand where a name should, and are never one: pronouns ("she said she'd get back to
 * me") and date words ("tomorrow will call"). A contact is never saved under them; the member is
 * asked who instead. Month names are left out: April, May, June and August are people's names.
 */

/** Pronouns and stand-ins for an unnamed person or group. */
export const PRONOUNS: readonly string[] = [
  'i',
  'me',
  'you',
  'he',
  'she',
  'they',
  'we',
  'it',
  'him',
  'her',
  'them',
  'us',
  'someone',
  'somebody',
  'anyone',
  'anybody',
  'everyone',
  'nobody',
  'no one',
  'this',
  'that',
  'these',
  'those',
  'team',
  'the team',
  'they all',
  'he or she',
  'she or he',
  's/he',
  'he/she',
  'she/he',
];

/** Words that say when, never who (not "Sun", "Mon" or "Sat": those are names too). */
export const DATE_WORDS: readonly string[] = [
  'today',
  'tonight',
  'tomorrow',
  'yesterday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'tue',
  'tues',
  'thu',
  'thur',
  'thurs',
  'fri',
  'week',
  'weekend',
  'next',
  'next week',
  'this week',
  'soon',
  'asap',
  'eod',
  'eow',
  'morning',
  'afternoon',
  'evening',
  'noon',
  'later',
  'now',
];

const NOT_NAMES = new Set([...PRONOUNS, ...DATE_WORDS]);

/** Whether a would-be name is only a pronoun or a date word ("She", "they", "Tomorrow"). */
export function isPronounOrDateWord(name: string): boolean {
  const plain = name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}/ ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return NOT_NAMES.has(plain) || NOT_NAMES.has(plain.replace(/^(?:the|this|that|next)\s+/, ''));
}
