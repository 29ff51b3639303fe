import { DEFAULT_LIMITS } from '../limits.ts';
import type { Contact, ContactRole } from '../model.ts';
import { capitaliseName, clean, wordCount } from './text.ts';

/*
 * Who made the promise: a name, an optional role and an optional company, from the ways people
 * write it — "Jane Doe (recruiter, Acme)", "Bob at Globex", "Sam Lee, hiring manager at Initech",
 * "Dana, the recruiter at Vandelay", "Recruiter Jane from Acme", "Acme HR".
 */

/** Longest contact name the grammar reads as a name, in characters: the default name limit. */
export const MAX_NAME_LENGTH = DEFAULT_LIMITS.maxNameLength;
/** Longest contact name accepted, in words; longer is a sentence, not a name. */
export const MAX_NAME_WORDS = 6;
/** A descriptor longer than this many words is not a company; it is kept as part of the note. */
const MAX_COMPANY_WORDS = 6;

/** Role phrases, most specific first; matched as whole words, case-insensitively. */
const ROLE_PHRASES: readonly [string, ContactRole][] = [
  [String.raw`hiring\s+manager`, 'hiring_manager'],
  [String.raw`head\s+of\s+(?:talent|recruiting|recruitment)`, 'recruiter'],
  [String.raw`head\s+of\s+(?:people|hr)`, 'hr'],
  [String.raw`talent\s+(?:partner|acquisition|team|lead|scout|person)`, 'recruiter'],
  [String.raw`(?:recruiting|recruitment)\s+team`, 'recruiter'],
  [String.raw`people\s+(?:team|ops|operations|partner)`, 'hr'],
  [String.raw`human\s+resources`, 'hr'],
  [String.raw`networking\s+contact`, 'networking'],
  [String.raw`team\s+lead`, 'hiring_manager'],
  [String.raw`engineering\s+manager`, 'hiring_manager'],
  ['recruiters?', 'recruiter'],
  ['talent', 'recruiter'],
  ['sourcer', 'recruiter'],
  ['headhunter', 'recruiter'],
  ['manager', 'hiring_manager'],
  ['hm', 'hiring_manager'],
  ['hr', 'hr'],
  ['referral', 'referral'],
  ['referrer', 'referral'],
  ['networking', 'networking'],
  ['contact', 'networking'],
  ['friend', 'networking'],
  [`alumn(?:us|a|i|ae)`, 'networking'],
  ['mentor', 'networking'],
];

const ROLE_ALTERNATION = ROLE_PHRASES.map(([phrase]) => phrase).join('|');
const ROLE_ANYWHERE = new RegExp(String.raw`\b(?:${ROLE_ALTERNATION})\b`, 'i');
const ROLE_EXACT = ROLE_PHRASES.map(([phrase, role]) => [new RegExp(`^(?:${phrase})$`, 'i'), role] as const);
const ARTICLE = `(?:the|a|an|my|our|their|his|her)`;
const ROLE_AT_END = new RegExp(String.raw`^(.*?)(,?\s+${ARTICLE})?\s+((?:${ROLE_ALTERNATION}))$`, 'i');
/** Words that may qualify a role before a name: "Close friend Amy", "Senior recruiter Jane". */
const ROLE_ADJECTIVE =
  '(?:close|old|good|former|senior|junior|lead|principal|technical|tech|external|internal)';
const ROLE_AT_START = new RegExp(
  String.raw`^(?:${ARTICLE}\s+)?(?:${ROLE_ADJECTIVE}\s+)?((?:${ROLE_ALTERNATION}))\s+(?:named\s+|called\s+)?(.+)$`,
  'i',
);
const ONLY_ARTICLES = new RegExp(String.raw`^(?:${ARTICLE}\b\s*)*$`, 'i');
const COMPANY_LINK = /^(.*?)\s+(?:at|@|from|with|for)\s+(.+)$/i;
const POSSESSIVE_COMPANY = /^(.+?)'s\s+(.+)$/i;
const FILLERS = /^(?:so|ok|okay|well|hey|fyi|update|note|i\s+think|i\s+guess|apparently)\b[\s,:]*/i;
const SLACK_USER = /<@[A-Z0-9]+\|([^>]+)>/g;

/** The role a phrase names, or null. */
export function roleOf(phrase: string): ContactRole | null {
  const text = clean(phrase);
  return ROLE_EXACT.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

/** The first role named anywhere in `text`, or null. */
export function roleIn(text: string): ContactRole | null {
  const match = ROLE_ANYWHERE.exec(text);
  return match === null ? null : roleOf(match[0]);
}

/** What a contact description says, and whatever was said that is neither name, role nor company. */
export interface ReadContact {
  contact: Contact;
  /** Leftover descriptions ("who I met at the fair"), kept for the note rather than dropped. */
  extras: string[];
}

interface Facts {
  role: ContactRole | null;
  roleText: string | null;
  company: string | null;
  extras: string[];
}

function stripArticle(text: string): string {
  return text.replace(new RegExp(String.raw`^${ARTICLE}\s+`, 'i'), '');
}

function setCompany(facts: Facts, company: string): void {
  const name = clean(company.replace(/'s$/i, ''));
  if (name === '' || !/[\p{L}\p{N}]/u.test(name)) return;
  if (facts.company === null && wordCount(name) <= MAX_COMPANY_WORDS && name.length <= MAX_NAME_LENGTH) {
    facts.company = name;
  } else if (facts.company?.toLowerCase() !== name.toLowerCase()) {
    facts.extras.push(name);
  }
}

function setRole(facts: Facts, roleText: string): void {
  const role = roleIn(roleText);
  if (role !== null && facts.role === null) {
    facts.role = role;
    facts.roleText = clean(roleText);
  }
}

/** One description: "recruiter", "hiring manager at Initech", "Acme", "Acme's talent team". */
function describe(part: string, facts: Facts): void {
  const text = stripArticle(clean(part));
  if (text === '') return;
  if (ROLE_ANYWHERE.test(text)) {
    if (roleOf(text) !== null) {
      setRole(facts, text);
      return;
    }
    const linked = COMPANY_LINK.exec(text);
    // "referral from Tom" names who referred, not a company.
    if (linked && !/^referr/i.test(linked[1] ?? '')) {
      setRole(facts, linked[1] ?? '');
      setCompany(facts, linked[2] ?? '');
      return;
    }
    const possessive = POSSESSIVE_COMPANY.exec(text);
    if (possessive && ROLE_ANYWHERE.test(possessive[2] ?? '')) {
      setCompany(facts, possessive[1] ?? '');
      setRole(facts, possessive[2] ?? '');
      return;
    }
    const trailing = ROLE_AT_END.exec(text);
    const before = clean(trailing?.[1] ?? '');
    if (trailing && before !== '' && trailing[2] === undefined) {
      // "Acme recruiter": the words before the role are the company.
      setCompany(facts, before);
      setRole(facts, trailing[3] ?? '');
      return;
    }
    if (wordCount(text) <= 3) {
      setRole(facts, text);
      return;
    }
    facts.extras.push(clean(part));
    return;
  }
  setCompany(facts, text.replace(/^(?:at|from|with|@)\s+/i, ''));
}

function splitDescriptors(text: string, facts: Facts): string {
  let rest = text;
  const parens = /\(([^()]*)\)/g;
  for (const match of text.matchAll(parens)) {
    for (const part of (match[1] ?? '').split(/[,;/|]/)) describe(part, facts);
  }
  rest = rest.replace(parens, ' ').replace(/[()]/g, ' ');
  // "Jane, who I met at the fair," — a relative clause is a note, not a name or company.
  const clause = /[\s,]+(?:who|whom|whose)\s/i.exec(rest);
  if (clause) {
    const said = clean(rest.slice(clause.index));
    if (said !== '') facts.extras.push(said);
    rest = rest.slice(0, clause.index);
  }
  const [head = '', ...tail] = rest.split(/\s*[,;]\s*|\s+[-–—]\s+/);
  for (const part of tail) describe(part, facts);
  return clean(head);
}

/** The name part of the head: strips "at Acme", "the recruiter", "Recruiter …" around the name. */
function readName(head: string, facts: Facts): string {
  let name = head;
  const linked = COMPANY_LINK.exec(name);
  if (linked && clean(linked[1] ?? '') !== '') {
    name = clean(linked[1] ?? '');
    describe(linked[2] ?? '', facts);
  }
  const leading = ROLE_AT_START.exec(name);
  if (leading && !ONLY_ARTICLES.test(leading[2] ?? '') && !ROLE_ANYWHERE.test(leading[2] ?? '')) {
    setRole(facts, leading[1] ?? '');
    name = clean(leading[2] ?? '');
  }
  const trailing = roleOf(stripArticle(name)) === null ? ROLE_AT_END.exec(name) : null;
  if (trailing) {
    const before = clean(trailing[1] ?? '');
    const roleText = trailing[3] ?? '';
    if (ONLY_ARTICLES.test(before)) {
      setRole(facts, roleText);
      return '';
    }
    if (trailing[2] !== undefined || facts.company !== null) {
      // "Jane Doe the recruiter", "Sam Lee hiring manager at Initech".
      setRole(facts, roleText);
      return before;
    }
    // "Acme HR": a team, not a person; the words before the role are the company.
    setRole(facts, roleText);
    setCompany(facts, before);
    return name;
  }
  if (roleOf(stripArticle(name)) !== null) {
    setRole(facts, stripArticle(name));
    return '';
  }
  return name;
}

/** A readable name for a contact known only by role: "Acme recruiter", "Hiring manager". */
function roleOnlyName(facts: Facts): string {
  const roleText = (facts.roleText ?? 'contact')
    .toLowerCase()
    .replace(/\bhr\b/, 'HR')
    .replace(/\bhm\b/, 'hiring manager');
  if (facts.company !== null) return `${facts.company} ${roleText}`;
  return roleText.charAt(0).toUpperCase() + roleText.slice(1);
}

/**
 * Reads who made the promise. Null when no plausible name is left (empty, no letters, or longer
 * than a name: more than MAX_NAME_LENGTH characters or MAX_NAME_WORDS words).
 */
export function readContact(who: string): ReadContact | null {
  let text = clean(who.replace(SLACK_USER, '$1').replace(/\s@\s*/g, ' at '));
  for (let i = 0; i < 3 && FILLERS.test(text); i++) text = clean(text.replace(FILLERS, ''));
  const facts: Facts = { role: null, roleText: null, company: null, extras: [] };
  const head = splitDescriptors(text, facts);
  let name = clean(readName(head, facts).replace(/^["'“”]+|["'“”]+$/g, ''));
  if (name === '' && facts.role !== null) name = roleOnlyName(facts);
  if (name === '' || !/\p{L}/u.test(name)) return null;
  if (name.length > MAX_NAME_LENGTH || wordCount(name) > MAX_NAME_WORDS) return null;
  return {
    contact: { name: capitaliseName(name), role: facts.role, company: facts.company },
    extras: facts.extras,
  };
}
