import { DEFAULT_LIMITS } from '../limits.ts';
import type { Contact, ContactRole } from '../model.ts';
import { findDetails } from './contact-details.ts';
import { capitaliseName, clean, wordCount } from './text.ts';
import { isPronounOrDateWord } from './who-words.ts';

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
  [
    String.raw`(?:recruiting|recruitment)\s+(?:team|coordinator|partner|lead|manager|specialist)`,
    'recruiter',
  ],
  [String.raw`people\s+(?:team|ops|operations|partner)`, 'hr'],
  [String.raw`human\s+resources`, 'hr'],
  [String.raw`networking\s+contact`, 'networking'],
  [String.raw`team\s+lead`, 'hiring_manager'],
  [String.raw`engineering\s+manager`, 'hiring_manager'],
  ['recruiters?', 'recruiter'],
  ['talent', 'recruiter'],
  ['ta', 'recruiter'],
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
  ['interviewer', 'other'],
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
/** "acme recruiter jane": a company, a role, then the name (one to three words). */
const COMPANY_ROLE_NAME = new RegExp(
  String.raw`^(\S.*?)\s+((?:${ROLE_ALTERNATION}))\s+(?:named\s+|called\s+)?(\S+(?:\s+\S+){0,2})$`,
  'i',
);
/**
 * Words a job title is made of ("VP Eng", "Technical Recruiter", "Head of Talent", "Senior
 * Software Engineer"): a part made only of these, with at least one core word, is a title, not a
 * company.
 */
const TITLE_CORE =
  /^(?:vp|svp|evp|avp|director|head|cto|ceo|coo|cfo|cpo|cio|cmo|ciso|founder|co-?founder|engineer|eng|developer|designer|architect|lead|principal|staff|president|chief|officer|coordinator|specialist|associate|analyst|partner|consultant|executive|pm|em|tpm|sde|swe|manager|mgr|recruiter|recruiters|sourcer|headhunter|hr|hm|talent|generalist|advisor|scientist|researcher|intern|owner|md)$/i;
const TITLE_OTHER =
  /^(?:of|and|&|for|the|-|sr|sr\.|jr|jr\.|senior|junior|technical|tech|lead|principal|staff|external|internal|hiring|engineering|eng|software|product|sales|marketing|talent|people|design|data|platform|infra|infrastructure|operations|ops|growth|finance|it|acquisition|university|campus|executive|exec|global|regional|team|recruiting|recruitment|human|resources|partner|program|project|account|customer|success|frontend|backend|fullstack|full-stack|ml|ai|security|devops|mobile|web|qa|research|science|business|development|bd|strategy|legal|art|creative|content|community|brand|analytics|cloud|systems|network|support|solutions|enterprise|(?:\p{L}+-)?level|i|ii|iii|iv)$/iu;

/**
 * Departments and functions people give in a title's place ("Recruiting", "Engineering", "Talent
 * Acquisition", "People Ops", "Sales & Marketing"): the team someone works in, never a company.
 * The first list stands alone; the second only beside another department word ("Data Science",
 * "Customer Success"), as "Platform" or "Success" alone may well be a company.
 */
const DEPARTMENT_WORD =
  /^(?:recruiting|recruitment|talent|people|hr|engineering|eng|sales|marketing|product|design|data|finance|accounting|operations|ops|legal|analytics|research|security|growth|partnerships|procurement|compliance|support|strategy|communications|comms|admissions|payroll|r&d)$/i;
const DEPARTMENT_PART =
  /^(?:acquisition|science|resources|human|customer|success|business|development|bd|relations|investor|public|platform|infrastructure|infra|brand|content|community|revenue|risk|ux|ui|ml|ai|qa|devops|mobile|web|frontend|backend)$/i;
/** Words that join department words ("Sales & Marketing", "Engineering team"). */
const DEPARTMENT_JOIN = /^(?:team|dept|department|org|group|and|&|-)$/i;

/** Whether a description names a department or function ("Recruiting", "People Ops"), not a company. */
function isDepartment(text: string): boolean {
  const words = clean(text).split(' ');
  if (words.length === 0 || words.length > 4) return false;
  const isWord = (word: string) => DEPARTMENT_WORD.test(word) || word === 'IT';
  if (!words.every((word) => isWord(word) || DEPARTMENT_PART.test(word) || DEPARTMENT_JOIN.test(word)))
    return false;
  // "Customer Success", "Business Development": two parts together name one too.
  return words.some(isWord) || words.filter((word) => DEPARTMENT_PART.test(word)).length >= 2;
}

/** The role a department stands for when no role word says it: recruiting is a recruiter's team, people is HR. */
function departmentRole(text: string): ContactRole | null {
  if (!isDepartment(text)) return null;
  if (/\b(?:recruiting|recruitment)\b/i.test(text)) return 'recruiter';
  if (/\bpeople\b/i.test(text)) return 'hr';
  return null;
}

/** Whether a description is a job title ("VP Eng", "Technical Recruiter"), every word a title word. */
function isTitle(text: string): boolean {
  const words = clean(text).split(' ');
  if (words.length === 0 || words.length > 6) return false;
  return (
    words.some((word) => TITLE_CORE.test(word)) &&
    words.every((w) => TITLE_CORE.test(w) || TITLE_OTHER.test(w))
  );
}

/** An e-mail address anywhere in the text (also inside Slack's `<mailto:…|…>`). */
const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/u;

/** The first e-mail address in the text and where it sits, or null. */
export function findEmail(text: string): { address: string; index: number } | null {
  const match = EMAIL.exec(text);
  return match === null || match[0].length > MAX_EMAIL_LENGTH
    ? null
    : { address: match[0], index: match.index };
}

/** An e-mail address given on its own (a form field, an edit), checked; null when it is not one. */
export function readEmail(text: string): string | null {
  const said = text
    .trim()
    .replace(/^<?mailto:/i, '')
    .replace(/\|.*$|>$/g, '');
  const match = EMAIL.exec(said);
  return match !== null && match[0] === said && said.length <= MAX_EMAIL_LENGTH ? said : null;
}
/** Domains of free mail services: their address says nothing about the contact's company. */
const FREE_MAIL = new Set([
  'gmail',
  'googlemail',
  'yahoo',
  'ymail',
  'rocketmail',
  'hotmail',
  'outlook',
  'live',
  'msn',
  'icloud',
  'me',
  'mac',
  'aol',
  'proton',
  'protonmail',
  'pm',
  'gmx',
  'web',
  'yandex',
  'mail',
  'zoho',
  'qq',
  '163',
  '126',
  'rediffmail',
  'fastmail',
  'hey',
  'tutanota',
  'tuta',
  'hushmail',
  'inbox',
  'email',
  'seznam',
  'orange',
  'free',
  'laposte',
  'libero',
  'naver',
  'daum',
  'hanmail',
  'btinternet',
  'comcast',
  'verizon',
  'att',
  'sbcglobal',
  'bellsouth',
  'cox',
  'shaw',
  'rogers',
  'sky',
  'virginmedia',
  't-online',
  'freenet',
  'wanadoo',
  'bigpond',
  'optusnet',
  'rambler',
  'ukr',
  'wp',
  'o2',
  'interia',
  'onet',
]);
/** Second-level labels of country domains ("acme.co.uk"): the company is the label before them. */
const SECOND_LEVEL = new Set(['co', 'com', 'ac', 'org', 'net', 'gov', 'edu', 'ltd', 'plc', 'gv', 'or', 'ne']);

/** The company an address's domain names ("jane@talent.stripe.com" → "Stripe"); null for free mail. */
export function companyOfEmail(address: string): string | null {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  const labels = domain.split('.');
  labels.pop();
  if (labels.length > 1 && SECOND_LEVEL.has(labels[labels.length - 1] ?? '')) labels.pop();
  const label = labels[labels.length - 1] ?? '';
  if (label === '' || FREE_MAIL.has(label)) return null;
  return label.charAt(0).toUpperCase() + label.slice(1);
}
const COMPANY_LINK = /^(.*?)\s+(?:at|@|from|with|for)\s+(.+)$/i;
/** "Dana Lee of Stripe": "of" after a name, as "at" or "from". */
const NAME_OF = /^(.*?)\s+of\s+(.+)$/i;
/**
 * Words that make "X of Y" an organisation's own name ("Bank of America", "University of
 * Michigan", "City of Boston") or a post ("Professor of Economics"), never a person of a company.
 */
const OF_ORGANISATION =
  /\b(?:bank|university|univ|department|dept|city|town|county|state|states|republic|kingdom|museum|institute|school|college|ministry|office|board|society|association|council|church|hospital|company|corporation|corp|academy|bureau|agency|commission|federation|union|league|foundation|trust|house|court|government|embassy|library|centre|center|port|district|province|commonwealth|chamber|order|guild|fund|authority|service|services|professor|lecturer|dean|director|chair|secretary|minister|fellow|doctor|master|bachelor|friend|member|team|head|vp|chief)\b/i;

/** "Dana Lee" in "Dana Lee of Stripe": capitalised words of a name, no organisation's noun, one "of". */
function personOf(before: string, after: string): boolean {
  const words = clean(before).split(' ');
  return (
    mayBeName(before) &&
    words.every((word) => /^\p{Lu}/u.test(word)) &&
    !OF_ORGANISATION.test(before) &&
    !/\sof\s/i.test(` ${after} `)
  );
}
const POSSESSIVE_COMPANY = /^(.+?)'s\s+(.+)$/i;
const FILLERS =
  /^(?:so|ok|okay|well|hey|hi|hello|thanks|thank\s+you|cheers|great|perfect|sounds\s+good|noted|fyi|update|note|i\s+think|i\s+guess|apparently)\b[\s,:!]*/i;
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
  /** The job title as said, the first one given. */
  title: string | null;
  email: string | null;
  extras: string[];
}

function setTitle(facts: Facts, text: string): void {
  const title = clean(stripArticle(clean(text)));
  if (facts.title === null && title !== '') facts.title = title;
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
  const role = roleIn(roleText) ?? departmentRole(roleText);
  if (role !== null && facts.role === null) {
    facts.role = role;
    facts.roleText = clean(roleText);
  }
  if (role !== null || isTitle(roleText) || isDepartment(roleText)) setTitle(facts, roleText);
}

/** One description: "recruiter", "hiring manager at Initech", "Acme", "Acme's talent team". */
function describe(part: string, facts: Facts): void {
  const text = stripArticle(clean(part));
  if (text === '') return;
  const address = EMAIL.exec(text);
  if (address !== null && clean(text.replace(address[0], '').replace(/^mailto:/i, '')) === '') {
    setEmail(facts, address[0]);
    return;
  }
  // "VP Eng", "Technical Recruiter", "Head of Talent": a title, with the role it names if any.
  // "Recruiting", "Engineering", "People Ops": the team they work in stands for their title.
  if (isTitle(text) || isDepartment(text)) {
    setRole(facts, text);
    return;
  }
  const titled = COMPANY_LINK.exec(text);
  const titleFirst = titled?.[1] ?? '';
  if (titled && (isTitle(titleFirst) || isDepartment(titleFirst)) && !/^referr/i.test(titleFirst)) {
    // "VP Eng at Plaid", "Recruiting at Figma".
    setRole(facts, titled[1] ?? '');
    setCompany(facts, titled[2] ?? '');
    return;
  }
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

/** Longest e-mail address there is (RFC 5321); a longer "address" is not kept as one. */
const MAX_EMAIL_LENGTH = 254;

function setEmail(facts: Facts, address: string): void {
  if (facts.email !== null || address.length > MAX_EMAIL_LENGTH) return;
  facts.email = address;
  const company = companyOfEmail(address);
  if (company !== null && facts.company === null) facts.company = company;
}

/** A part that may be a person's name: one to three words of letters, and no title, role or time. */
function mayBeName(part: string): boolean {
  const text = clean(part);
  return (
    /^\p{L}[\p{L}'’.-]*(?: \p{L}[\p{L}'’.-]*){0,2}$/u.test(text) &&
    !isTitle(text) &&
    !isDepartment(text) &&
    !ROLE_ANYWHERE.test(text) &&
    !ONLY_ARTICLES.test(text) &&
    !isPronounOrDateWord(text)
  );
}

/**
 * "Recruiter at Monzo (Sarah)", "The hiring manager (Tom, Wise)": when the words outside the
 * brackets name a role but no one, the name in the brackets is who — the first part when the
 * company is said outside them, else the first of two or more parts (the next is the company).
 * Null when the head names someone, or no bracketed part may be a name.
 */
function bracketedName(head: string, parts: readonly string[]): string | null {
  const scratch: Facts = { role: null, roleText: null, company: null, title: null, email: null, extras: [] };
  const name = readName(head, scratch);
  if (scratch.role === null) return null;
  // "Monzo recruiter" reads as the team's own name, "Monzo recruiter": no one in particular.
  if (name !== '' && name.toLowerCase() !== roleOnlyName(scratch).toLowerCase()) return null;
  const said = parts.map(clean).filter((part) => part !== '');
  if (scratch.company !== null) return said.find(mayBeBracketedName) ?? null;
  const first = said[0];
  return said.length >= 2 && first !== undefined && mayBeBracketedName(first) ? first : null;
}

/** "Recruiter at Monzo", "Monzo recruiter": a role and a company, and no one named. */
function roleAndCompanyOnly(head: string): boolean {
  const scratch: Facts = { role: null, roleText: null, company: null, title: null, email: null, extras: [] };
  const name = readName(head, scratch);
  if (scratch.role === null || scratch.company === null) return false;
  return name === '' || name.toLowerCase() === roleOnlyName(scratch).toLowerCase();
}

/** Words in brackets that say where or how, never who: "(Remote)", "(London)", "(Contract)". */
const BRACKET_NOTE_WORDS =
  /^(?:remote|hybrid|on[\s-]?site|in[\s-]?office|wfh|contract|contractor|freelance|permanent|perm|full[\s-]?time|part[\s-]?time|temp|internship|urgent|asap|important|final|final\s+round|first\s+round|second\s+round|onsite\s+round|tbc|tbd|n\/?a|via\s+\S+.*|london|berlin|paris|dublin|amsterdam|madrid|lisbon|barcelona|munich|hamburg|zurich|stockholm|copenhagen|oslo|helsinki|warsaw|prague|vienna|brussels|milan|rome|manchester|edinburgh|glasgow|bristol|cambridge|oxford|new\s+york|nyc|sf|san\s+francisco|la|los\s+angeles|seattle|boston|austin|chicago|toronto|vancouver|montreal|sydney|melbourne|singapore|tokyo|bangalore|bengaluru|mumbai|delhi|dubai|tel\s+aviv|uk|us|usa|eu|emea|apac|latam|europe|asia|remote\s+\S+.*)$/i;

/** A name in brackets after a role: capitalised words, not a place nor a note ("(remote)", "(London)"). */
function mayBeBracketedName(part: string): boolean {
  return (
    mayBeName(part) &&
    clean(part)
      .split(' ')
      .every((word) => /^\p{Lu}/u.test(word)) &&
    !BRACKET_NOTE_WORDS.test(clean(part))
  );
}

function splitDescriptors(text: string, facts: Facts): { head: string; named: string | null } {
  let rest = text;
  const parens = /\(([^()]*)\)/g;
  const bracketed = [...text.matchAll(parens)].flatMap((match) => (match[1] ?? '').split(/[,;/|]/));
  rest = rest.replace(parens, ' ');
  // Brackets inside brackets ("(recruiter, [x](https://…) Corp)") leave the outer pair's words in
  // the head once their pair is dropped: the head then says nothing reliable about who.
  const nested = /[()]/.test(rest);
  rest = rest.replace(/[()]/g, ' ');
  // "Jane, who I met at the fair," — a relative clause is a note, not a name or company.
  const clause = /[\s,]+(?:who|whom|whose)\s/i.exec(rest);
  if (clause) {
    const said = clean(rest.slice(clause.index));
    if (said !== '') facts.extras.push(said);
    rest = rest.slice(0, clause.index);
  }
  const [head = '', ...tail] = rest.split(/\s*[,;]\s*|\s+[-–—]\s+/);
  const named = nested ? null : bracketedName(clean(head), bracketed);
  // "Recruiter at Monzo (remote)": with the role and company said outside, a note word in the
  // brackets is a note, never the company.
  const companySaid = !nested && named === null && roleAndCompanyOnly(clean(head));
  let skipped = false;
  for (const part of bracketed) {
    if (!skipped && named !== null && clean(part) === named) skipped = true;
    else if (companySaid && (BRACKET_NOTE_WORDS.test(clean(part)) || /^\p{Ll}/u.test(clean(part))))
      facts.extras.push(clean(part));
    else describe(part, facts);
  }
  for (const part of tail) describe(part, facts);
  return { head: clean(head), named };
}

/** The name part of the head: strips "at Acme", "the recruiter", "Recruiter …" around the name. */
function readName(head: string, facts: Facts): string {
  let name = head;
  // "of" names the company only after a name: "Head of Talent" and "a friend of Sam's" stay whole.
  const of = NAME_OF.exec(name);
  const linked = COMPANY_LINK.exec(name) ?? (of !== null && personOf(of[1] ?? '', of[2] ?? '') ? of : null);
  if (linked && clean(linked[1] ?? '') !== '') {
    name = clean(linked[1] ?? '');
    describe(linked[2] ?? '', facts);
  }
  const ordered = COMPANY_ROLE_NAME.exec(name);
  if (
    ordered &&
    facts.company === null &&
    !ONLY_ARTICLES.test(ordered[1] ?? '') &&
    !ROLE_AT_START.test(name) &&
    !ROLE_ANYWHERE.test(ordered[3] ?? '') &&
    !isTitle(ordered[1] ?? '')
  ) {
    // "acme recruiter jane", "Stripe hiring manager Dana Lee".
    setCompany(facts, capitaliseName(stripArticle(ordered[1] ?? '').replace(/'s$/i, '')));
    setRole(facts, ordered[2] ?? '');
    return clean(ordered[3] ?? '');
  }
  // "Talent team" is one role, not the role "talent" and someone called "team".
  const leading = roleOf(stripArticle(name)) === null ? ROLE_AT_START.exec(name) : null;
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

/** Why no contact could be read from a description. */
export type ContactProblem =
  | { kind: 'empty' }
  /** Longer than a name may be: `limit` characters, or MAX_NAME_WORDS words. */
  | { kind: 'too_long'; name: string; limit: number; unit: 'characters' | 'words' }
  /** A pronoun or a date word ("she", "tomorrow") where the name should be. */
  | { kind: 'not_a_name'; word: string }
  /** A phone number or profile link that is not a good one: why. */
  | { kind: 'bad_detail'; message: string };

/**
 * Reads who made the promise, or says why it could not: nothing that reads as a name, a name
 * longer than a name may be, or a pronoun or date word in the name's place.
 */
export function readContactOrProblem(
  who: string,
): { ok: true; value: ReadContact } | { ok: false; problem: ContactProblem } {
  let text = clean(
    who
      .replace(SLACK_USER, '$1')
      .replace(/<mailto:([^|>]+)(?:\|[^>]*)?>/gi, '$1')
      .replace(/\s@\s*/g, ' at '),
  );
  // A phone number or a profile link is how to reach them: never a name or a company.
  const details = findDetails(text);
  if (details.problem !== null)
    return { ok: false, problem: { kind: 'bad_detail', message: details.problem } };
  text = clean(
    details.rest
      .replace(/\(\s*[,;]?\s*\)/g, ' ')
      .replace(/,\s*\)/g, ')')
      .replace(/\(\s*,/g, '('),
  );
  for (let i = 0; i < 3 && FILLERS.test(text); i++) text = clean(text.replace(FILLERS, ''));
  const facts: Facts = {
    role: null,
    roleText: null,
    company: null,
    title: null,
    email: null,
    extras: [...details.urls],
  };
  // An address as the contact ("jane.doe@acme.com will call"): kept as typed, and as their e-mail.
  const address = EMAIL.exec(text);
  if (address !== null) {
    setEmail(facts, address[0]);
    text = clean(
      `${text.slice(0, address.index)} ${text.slice(address.index + address[0].length)}`.replace(
        /<\s*>|\(\s*\)/g,
        ' ',
      ),
    );
  }
  const { head, named } = splitDescriptors(text, facts);
  let name = clean(readName(head, facts).replace(/^["'“”]+|["'“”]+$/g, ''));
  if (named !== null) name = named;
  if (name === '' && facts.email !== null) name = facts.email;
  else if (name === '' && facts.role !== null) name = roleOnlyName(facts);
  if (name === '' || !/\p{L}/u.test(name)) return { ok: false, problem: { kind: 'empty' } };
  if (name.length > MAX_NAME_LENGTH)
    return { ok: false, problem: { kind: 'too_long', name, limit: MAX_NAME_LENGTH, unit: 'characters' } };
  if (wordCount(name) > MAX_NAME_WORDS)
    return { ok: false, problem: { kind: 'too_long', name, limit: MAX_NAME_WORDS, unit: 'words' } };
  if (isPronounOrDateWord(name)) return { ok: false, problem: { kind: 'not_a_name', word: name } };
  const contact: Contact = {
    name: name === facts.email ? name : capitaliseName(name),
    role: facts.role,
    company: facts.company,
  };
  if (facts.title !== null) contact.title = facts.title;
  if (facts.email !== null) contact.email = facts.email;
  if (details.phone !== null) contact.phone = details.phone;
  if (details.linkedin !== null) contact.linkedin = details.linkedin;
  return { ok: true, value: { contact, extras: facts.extras } };
}

/**
 * Reads who made the promise. Null when no plausible name is left (empty, no letters, longer
 * than a name: more than MAX_NAME_LENGTH characters or MAX_NAME_WORDS words, or a pronoun or a
 * date word).
 */
export function readContact(who: string): ReadContact | null {
  const read = readContactOrProblem(who);
  return read.ok ? read.value : null;
}
