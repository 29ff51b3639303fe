import { DateTime } from 'luxon';
import type { DueReading, ParseContext, PromiseDraft } from '../command.ts';
import { FormFieldError, InvalidCommandError } from '../errors.ts';
import { ROLE_LABELS } from '../format.ts';
import type { Channel, Contact } from '../model.ts';
import type { PromiseFields } from '../ports/inbound.ts';
import { err, ok, type Result } from '../result.ts';
import {
  type ContactProblem,
  findEmail,
  readContact,
  readContactOrProblem,
  readEmail,
  roleIn,
  roleOf,
} from './contact.ts';
import {
  findDetails,
  LINKEDIN_PROBLEM,
  maskDetails,
  PHONE_PROBLEM,
  readLinkedIn,
  readPhone,
} from './contact-details.ts';
import { MONTH_PATTERN } from './date-phrases.ts';
import { defaultDue, type FoundDue, findDue, isTooFarAhead, localNow } from './date-reader.ts';
import { clean, clip, joinNotes, lookup, splitNote } from './text.ts';
import { PRONOUNS } from './who-words.ts';

/*
 * The add: "<who> <verb> <what> <when> [-- note]". The who/what split is at the first verb
 * marker ("will", "said", "asked", "promised", …); weaker markers ("to", "calls", "may") are
 * only tried when no strong one is present, so "Mary May will call" keeps "Mary May".
 */

/** The add example shown with every error about an add. */
export const ADD_EXAMPLE = '/promise Jane Doe (recruiter, Acme) will call me back by Friday 3pm';

const STRONG_MARKERS = String.raw`will|shall|would|should|could|can|might|must|said|says|told|tells|mentioned|promised|promises|asked|asks|agreed|agrees|offered|offers|committed|is|are|was|were|needs?|wants?|plans?|hopes?|expects?|intends?|owes|wrote|confirmed|called|phoned|emailed|e-mailed|texted|messaged|replied|responded|going\s+to|gonna`;
const STRONG_SPLIT = new RegExp(
  String.raw`^(.*?)(?:\s+(?:${STRONG_MARKERS})\b|(?:'ll|'d|'s\s+going\s+to|'re\s+going\s+to)\b)`,
  'i',
);
const WEAK_MARKERS = `may|to|calls?|emails?|e-mails?|sends?|gets?|replies|reply|rings?|phones?|messages?|writes?|texts?|reaches|reach|follows?|confirms?|lets?|responds?|circles?|comes?|updates?|shares?|schedules?|intros?|introduces?|connects?|checks?`;
const WEAK_SPLIT = new RegExp(String.raw`^(.*?)\s+(?:${WEAK_MARKERS})\b`, 'i');

/** Whether the text has the shape of an add: someone, then a verb. */
export function looksLikeAdd(text: string): boolean {
  return splitWho(text) !== null;
}

const MARKER_WORD = new RegExp(`^(?:${STRONG_MARKERS}|${WEAK_MARKERS})$`);

function splitWho(text: string): { who: string; rest: string } | null {
  for (const pattern of [STRONG_SPLIT, WEAK_SPLIT]) {
    const match = pattern.exec(text);
    const who = match?.[1] ?? '';
    // "will call me tomorrow" has no who: a lower-case verb is not a name (a capital "Will" may be).
    if (who.trim() !== '' && !MARKER_WORD.test(who.trim())) return { who, rest: text.slice(who.length) };
  }
  return null;
}

const MODALS =
  /^(?:will|shall|would|should|could|can|might|may|must|'ll|'d|'s|'re|is|are|was|were|has\s+to|have\s+to|had\s+to|needs?|wants?|plans?|hopes?|expects?|intends?|promised|promises|agreed|agrees|offered|offers|committed|commits|going|gonna|supposed|about|to|be\s+able|able|definitely|probably|hopefully|surely|also|then|try|tries|trying)\b\s*/i;
/** "emailed to say", "called and said": how the promise reached the member, not what was promised. */
const HOW_TOLD =
  /^(?:called|phoned|rang|emailed|e-mailed|texted|messaged|wrote|replied|responded)\b(?:\s+(?:me|us|back))?(?:\s+(?:and|to))?\s*/i;
const REPORTED_VERB =
  /^(?:said|says|say|told|tells|tell|mentioned|confirmed|indicated|wrote)\b(?:\s+(?:me|us))?\s*/i;
/** "(that) he'd", "they would", "I'll": the subject of the reported promise and its modal. */
const REPORTED_CLAUSE =
  /^(?:that\s+)?(?:(he|she|they|it|we|someone|somebody|the\s+(?:team|panel|committee|company|client|hiring\s+team|recruiter|hiring\s+manager|manager))|(i|you))(?:'d|'ll|'s|'re|\s+would|\s+will|\s+should|\s+could|\s+might|\s+may|\s+can|\s+is|\s+are|\s+was|\s+were)\b\s*/i;
const ASKED_FOR_TIME =
  /^(?:asked|asks|requested|needs?|wants?|wanted)\b\s*(?:(me)\s+)?(?:for\s+)?(?:some\s+|a\s+bit\s+(?:of\s+|more\s+)?|more\s+)?(?:time\b\s*)?(?:to\s+)?(.*)$/i;
const OWES =
  /^(?:owes|promised|promises)\s+(?:(?:me|us)\s+)?(?:a|an)\s+(?:phone\s+)?(call|email|e-mail|reply|answer|response|update|decision|intro|introduction)\b/i;
/** "promised feedback": a thing, not a verb, was promised. */
const PROMISED_THING = /^(?:promised|promises)\s+(?:(?:me|us)\s+)?(?!to\b)(\S.*)$/i;
const OWED_WHAT: Record<string, string> = {
  call: 'call you',
  email: 'email you',
  'e-mail': 'email you',
  reply: 'get back to you',
  answer: 'get back to you',
  response: 'get back to you',
  update: 'send you an update',
  decision: 'let you know their decision',
  intro: 'make the intro',
  introduction: 'make the intro',
};
const ING_FORMS: Record<string, string> = {
  sending: 'send',
  calling: 'call',
  emailing: 'email',
  getting: 'get',
  writing: 'write',
  replying: 'reply',
  coming: 'come',
  phoning: 'phone',
  ringing: 'ring',
  messaging: 'message',
  texting: 'text',
  reaching: 'reach',
  following: 'follow',
  checking: 'check',
  setting: 'set',
  scheduling: 'schedule',
  sharing: 'share',
  confirming: 'confirm',
  letting: 'let',
  circling: 'circle',
  looking: 'look',
  talking: 'talk',
  speaking: 'speak',
  making: 'make',
  doing: 'do',
  putting: 'put',
  introducing: 'introduce',
  connecting: 'connect',
  responding: 'respond',
  preparing: 'prepare',
  arranging: 'arrange',
};
const BARE_CONTACT_VERB = /^(call|ring|phone|email|e-mail|message|text|dm|write)(\s+back)?$/i;
const TRAILING_JUNK =
  /\s+(?:by|on|before|until|till|within|in|for|at|around|about|after|from|and|or|but|then|with|to|the|latest)$/i;
const HEARING_BACK =
  /\b(?:hear|hearing)\s+(?:back|from)\b|\bget\s+(?:an?\s+)?(?:answer|update|feedback|decision|reply|response)\b/i;

const THIRD_PERSON = new RegExp(`^(?:${WEAK_MARKERS})$`, 'i');

/** "calls" → "call", "replies" → "reply", "reaches" → "reach", for the verbs that mark an add. */
function thirdPersonBase(word: string): string | undefined {
  if (!word.endsWith('s') || word === 'us' || !THIRD_PERSON.test(word)) return undefined;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(?:ch|sh|ss|x)es$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

/** Rewrites what the member typed from their side: "me" → "you", "my" → "your". */
function toMembersSide(text: string): string {
  return text
    .replace(/\bI'm\b/gi, "you're")
    .replace(/\bI've\b/gi, "you've")
    .replace(/\bI'll\b/gi, "you'll")
    .replace(/\bI'd\b/gi, "you'd")
    .replace(/\bI\b/g, 'you')
    .replace(/\bmyself\b/gi, 'yourself')
    .replace(/\b(?:me|us)\b/gi, 'you')
    .replace(/\b(?:my|our)\b/gi, 'your')
    .replace(/\bmine\b/gi, 'yours');
}

/**
 * "will call me back" → "call you back": what was promised, from the member's side, whole. Its
 * length is the command layer's to check (Limits.maxWhatLength), so a long one is refused, not cut.
 */
export function readWhat(rest: string): string {
  let what = clean(clean(rest).replace(HOW_TOLD, ''));
  const toldBy = REPORTED_VERB.exec(what);
  if (toldBy) what = what.slice(toldBy[0].length);
  const clause = REPORTED_CLAUSE.exec(what);
  if (clause) {
    // "said I'd hear back by Friday": the member is the one waiting to hear.
    if (clause[2] !== undefined) return 'get back to you';
    what = what.slice(clause[0].length);
  }
  const owed = OWES.exec(what);
  if (owed) return lookup(OWED_WHAT, (owed[1] ?? '').toLowerCase()) ?? 'get back to you';
  const thing = PROMISED_THING.exec(what);
  if (thing) {
    const object = clean(toMembersSide(thing[1] ?? '')).replace(TRAILING_JUNK, '');
    return object === '' ? 'get back to you' : `get back to you with ${object}`;
  }
  const asked = ASKED_FOR_TIME.exec(what);
  const asksForTime =
    /^(?:asked|asks|requested)\b/i.test(what) ||
    /^(?:needs?|wants?|wanted)\s+(?:some\s+|more\s+|a\s+bit\s+(?:of\s+|more\s+)?)?time\b/i.test(what);
  if (asked && asksForTime) {
    // "asked me to send my portfolio, will reply by Friday": the purpose ends at the clause.
    const purpose = clean((asked[2] ?? '').split(/[,;]|\s(?:and|but|then)\s/)[0] ?? '').replace(
      /^to\s+/i,
      '',
    );
    if (purpose === '' || /^(?:wait|hold\s+on|be\s+patient)\b/i.test(purpose)) return 'get back to you';
    const who = asked[1] === undefined ? 'they' : 'you';
    return clean(`get back to you after ${who} ${toMembersSide(purpose)}`.replace(TRAILING_JUNK, ''));
  }
  for (let i = 0; i < 8; i++) {
    const next = what.replace(MODALS, '');
    if (next === what) break;
    what = next;
  }
  const firstWord = /^([\w-]+)/.exec(what)?.[1]?.toLowerCase() ?? '';
  const base = lookup(ING_FORMS, firstWord) ?? thirdPersonBase(firstWord);
  if (base !== undefined) what = base + what.slice(firstWord.length);
  if (HEARING_BACK.test(what) && /^(?:i|you)\b/i.test(what)) return 'get back to you';
  what = clean(toMembersSide(what));
  for (let i = 0; i < 4 && TRAILING_JUNK.test(what); i++) what = clean(what.replace(TRAILING_JUNK, ''));
  const bare = BARE_CONTACT_VERB.exec(what);
  if (bare) what = `${(bare[1] ?? '').toLowerCase()} you${bare[2] === undefined ? '' : ' back'}`;
  if (/^get\s+back$/i.test(what) || /^(?:be|get|stay|keep)\s+in\s+touch\b/i.test(what))
    what = 'get back to you';
  if (what === '' || !/\p{L}/u.test(what)) return 'get back to you';
  return what;
}

const CHANNEL_WORDS: readonly [RegExp, Channel][] = [
  [/\b(?:call|calls|calling|phone|phones|phoning|ring|rings|ringing)\b/i, 'call'],
  [/\b(?:e-?mails?|e-?mailing|mail|mails|mailing)\b/i, 'email'],
  [/\b(?:message|messages|messaging|dm|dms)\b/i, 'linkedin'],
];

/** The channel the contact said they'd use: LinkedIn named outright wins, else the first channel verb, else "send" means email. */
export function channelIn(text: string): Channel | null {
  if (/\b(?:linked-?in|inmail)\b/i.test(text)) return 'linkedin';
  let best: { index: number; channel: Channel } | null = null;
  for (const [pattern, channel] of CHANNEL_WORDS) {
    const match = pattern.exec(text);
    if (match && (best === null || match.index < best.index)) best = { index: match.index, channel };
  }
  if (best !== null) return best.channel;
  return /\b(?:send|sends|sending)\b/i.test(text) ? 'email' : null;
}

/** The member's own add with a when added, as a copyable example. */
function exampleWith(said: string, when: string, note: string | null): string {
  const base = clean(said);
  if (base.length === 0 || base.length > 120) return ADD_EXAMPLE;
  // A long note is left out: the example shows where the when goes, not everything typed.
  return `/promise ${base} ${when}${note === null || note.length > 60 ? '' : ` -- ${note}`}`;
}

/** Words or numbers that show a date was meant, so a promise without a readable one is not given a default. */
const DATE_LIKE = new RegExp(
  String.raw`\d|\b(?:${MONTH_PATTERN}|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun|\p{L}+day|tomorrow|tonight|week|weeks|month|months|year|am|pm|o'?clock|noon|morning|afternoon|evening|eod|eow)\b`,
  'iu',
);

/**
 * A note to self ("ping Dana @ Stripe re: offer if nothing by Thu") as the promise it implies:
 * "Dana @ Stripe will get back to me about offer by Thu".
 */
const NOTE_TO_SELF =
  /^(?:ping|chase|nudge|poke|follow\s+up\s+with|check\s+(?:in\s+)?with|email|e-mail|call|text|message|dm)\s+(.+?)(?:\s+(?:re:?|about|regarding|on)\s+(.+?))?\s+if\s+(?:nothing|no\s+(?:word|reply|news|answer|response|update)|(?:I\s+)?(?:haven't|have\s+not|don't|do\s+not)\s+(?:heard|hear)(?:\s+back)?(?:\s+from\s+(?:him|her|them))?)\s+(.+)$/i;

/** Whether the line is a note to self ("ping Dana @ Stripe re: offer if nothing by Thu"), read as an add. */
export function isNoteToSelf(text: string): boolean {
  return NOTE_TO_SELF.test(clean(text));
}

/**
 * A label people start a line to themselves with ("Reminder:", "Note to self:", "TODO:", "FYI:",
 * "Follow up:", "Quick note -"): a heading, never part of the name, nor a subcommand.
 */
const LEADING_LABEL =
  /^(?:(?:quick|friendly|small|little)\s+)?(?:(?:reminder|note|memo)(?:\s+(?:to|for)\s+(?:self|myself|me))?|self[\s-]?note|notes|to[\s-]?do|todo|fyi|f\/u|fu|follow[\s-]?up|remember|heads[\s-]up|update|p\.?s\.?|n\.?b\.?|action(?:\s+item)?|next\s+steps?)\s*(?::|\s[-–—]\s)\s*/i;

/**
 * "fu: #3 via email", "Follow-up - #2 emailed": a label that is also the followed subcommand, before
 * a promise's #number, is that subcommand ("Follow up: Gustav will email me" stays a heading).
 */
const FOLLOWED_BEFORE_REF = /^(?:f\/u|fu|follow[\s-]?up)\s*(?::|\s[-–—]\s)\s*#\d+\b/i;

/** The line without a leading label ("Reminder: Paulo from Nubank …" → "Paulo from Nubank …"). */
export function withoutLabel(text: string): string {
  let line = text;
  for (let i = 0; i < 2 && LEADING_LABEL.test(line) && !FOLLOWED_BEFORE_REF.test(line); i++)
    line = line.replace(LEADING_LABEL, '');
  return line;
}

/** "got a call from Mike at Oracle, he'll send an offer": Mike at Oracle is who promised. */
const HEARD_FROM =
  /^(?:(?:i\s+)?(?:got|had|received|just\s+got)\s+(?:a\s+|an\s+)?(?:call|phone\s+call|email|e-mail|message|text|note|reply|dm|voicemail|linkedin\s+message)\s+from|(?:i\s+)?(?:spoke|talked|chatted)\s+(?:to|with))\s+/i;

function fromNoteToSelf(typed: string): string {
  const text = typed.replace(HEARD_FROM, '');
  const match = NOTE_TO_SELF.exec(clean(text));
  if (match === null) return text;
  const about = match[2] === undefined ? '' : ` about ${match[2]}`;
  return `${match[1]} will get back to me${about} ${match[3]}`;
}

/**
 * A message pasted with its sign-off ("Hi Priya, thanks for the chat, I'll get back to you by
 * Friday. Best, Ken (Talent, Revolut)"): the signer made the promise, in the first person. The
 * sign-off is the last closing word ("Best", "Thanks", "Regards", "Cheers", a dash) followed by
 * nothing but who signed; the greeting and the other sentences say nothing about who or when.
 */
const SIGN_OFF =
  /(?:^|[\s,.!?;:])(?:best(?:\s+wishes|\s+regards)?|(?:kind|warm|warmest|many)\s+(?:regards|thanks)|regards|thanks(?:\s+again)?|thank\s+you|cheers|talk\s+soon|speak\s+soon|sincerely|yours(?:\s+truly)?|all\s+the\s+best|warmly|(?<!-)[-–—](?!-))(?=[\s,!.\p{Lu}])[\s,!.]*/giu;
/**
 * The sender's own promise in the message: "I'll …", "we will …", at the start of a sentence or
 * clause. Not after "and", "so" or "but": "…, so we'll see - Stripe" goes on someone else's promise.
 */
const SENDERS_CLAUSE =
  /(?:^|[,.!?;:]\s*)(?:i|we)(?:['’]ll|\s+will|\s+shall|['’]d|\s+would|['’]m\s+going\s+to|\s+am\s+going\s+to|['’]re\s+going\s+to|\s+are\s+going\s+to|\s+plan\s+to|\s+hope\s+to|\s+expect\s+to|\s+aim\s+to)\s+([^.!?]+)/i;
/** Longest signature read after a sign-off: a name and what is in brackets after it. */
const MAX_SIGNATURE = 100;

/** The sender's words about themselves, as said of them: "I'll send my notes" → "they'll send their notes". */
function ofTheSender(clause: string): string {
  return clause
    .replace(/\b(?:I|we)(?=['’](?:m|re|ve|ll|d)\b)/gi, 'they')
    .replace(/\bthey['’]m\b/gi, "they're")
    .replace(/\b(?:I|we)\b/gi, 'they')
    .replace(/\b(?:me|us)\b/gi, 'them')
    .replace(/\b(?:my|our)\b/gi, 'their')
    .replace(/\b(?:myself|ourselves)\b/gi, 'themselves')
    .replace(/\b(?:mine|ours)\b/gi, 'theirs');
}

/** "Hi Priya, …", "Dear Alex, …": a greeting names the one written to, never the one who promised. */
const GREETING = /^(?:hi|hello|hey|dear|hiya|morning|good\s+(?:morning|afternoon|evening))\b/i;

/**
 * The line's own someone, read the ordinary way ("Jane (Acme) will email me Friday"): when there is
 * one, a trailing "- Recruiter" or "thanks Sam" is a remark, not a signature over the line.
 */
function hasOwnWho(text: string): boolean {
  const who = clean(splitWho(text)?.who ?? '');
  if (who === '' || GREETING.test(who) || /[.!?\n]/.test(who)) return false;
  if (/^(?:i|we)\b/i.test(who) || PRONOUNS.includes(who.toLowerCase())) return false;
  return readContact(who) !== null;
}

function fromSignedMessage(typed: string): string {
  if (hasOwnWho(typed)) return typed;
  // The member's own note after "--" stays theirs.
  const noteAt = /\s--(?:\s|$)/.exec(typed);
  const text = noteAt === null ? typed : typed.slice(0, noteAt.index);
  const note = noteAt === null ? '' : typed.slice(noteAt.index);
  const last = [...text.matchAll(SIGN_OFF)].pop();
  if (last === undefined) return typed;
  const signer = clean(text.slice(last.index + last[0].length));
  const body = text.slice(0, last.index);
  if (signer === '' || signer.length > MAX_SIGNATURE || splitWho(signer) !== null) return typed;
  // A sign-off signs only before a capitalised name: "— Mia", not "- met at the fair" nor
  // "thanks to Sam's referral".
  if (!/^\p{Lu}/u.test(signer)) return typed;
  const promise = SENDERS_CLAUSE.exec(body);
  if (promise === null || readContact(signer) === null) return typed;
  return `${signer} will ${ofTheSender(clean(promise[1] ?? ''))}${note}`;
}

/** Words after a promise saying it was already broken: its weekday is the one just gone. */
const BROKEN_PROMISE =
  /[\s,]+(?:but|and)\s+(?:(?:he|she|they)\s+)?(?:didn't|did\s+not|hasn't|has\s+not|haven't|have\s+not|never\s+did|never\s+has|never\s+have|never\s+called|never\s+did\s+it)\b.*$|[\s,]+(?:still\s+)?(?:nothing|no\s+word|no\s+news)\s+(?:yet|so\s+far)\b.*$/i;

/** A weekday read forward ("on Monday", a week ahead at most) moved to the one just gone. */
function lastWeekdayInstead(found: FoundDue, ctx: ParseContext): FoundDue {
  const ahead = found.due.at.getTime() - ctx.now.getTime();
  if (found.due.precision === 'days' || ahead <= 0 || ahead > 7 * 86_400_000) return found;
  const at = DateTime.fromJSDate(found.due.at, { zone: localNow(ctx).zone })
    .minus({ weeks: 1 })
    .toJSDate();
  return { ...found, due: { ...found.due, at } };
}

/** The last sentence of a who that holds several ("Thanks for today! I"), else the who as given. */
function lastSentence(who: string): string {
  const ends = [...who.matchAll(/[.!?]+\s+/g)].filter((end) => {
    const before = who.slice(0, end.index);
    // Not inside brackets ("(Sr. Recruiter)"), nor after an abbreviation ("Dr. Lee").
    const open = (before.match(/\(/g) ?? []).length > (before.match(/\)/g) ?? []).length;
    const word = /([\p{L}]+)$/u.exec(before)?.[1]?.toLowerCase() ?? '';
    return !open && !(end[0].startsWith('.') && ABBREVIATIONS.has(word));
  });
  const last = ends[ends.length - 1];
  return last === undefined ? who : who.slice(last.index + last[0].length);
}

const ABBREVIATIONS = new Set([
  'sr',
  'jr',
  'dr',
  'mr',
  'mrs',
  'ms',
  'st',
  'inc',
  'co',
  'ltd',
  'corp',
  'vs',
  'prof',
]);

/** The member's line with the who replaced by an example name, for "who is she?". */
function exampleNamed(said: string, who: string, note: string | null): string {
  const rest = clean(
    said
      .slice(who.length)
      .replace(/^\s*['’]ll\b/i, ' will')
      .replace(/^\s*['’]d\b/i, ' would')
      .replace(/^\s*['’]re\b/i, ' are')
      .replace(/^\s*['’]s\b/i, ' is'),
  );
  const line = clean(`Jane (Acme) ${rest}`);
  if (rest === '' || line.length > 140) return ADD_EXAMPLE;
  return `/promise ${line}${note === null || note.length > 60 ? '' : ` -- ${note}`}`;
}

/** A friendly refusal for a who that reads as no one. */
function contactRefusal(problem: ContactProblem, who: string, said: string, note: string | null) {
  switch (problem.kind) {
    case 'empty':
      return new InvalidCommandError(
        clean(who) === ''
          ? 'Start with the name of the person who made the promise.'
          : `I couldn't tell who made the promise in "${clip(clean(who), 80)}". Start with their name.`,
        ADD_EXAMPLE,
      );
    case 'too_long':
      return new InvalidCommandError(
        `"${clip(problem.name, 40)}" is too long for a name: a name can have at most ${problem.limit} ${problem.unit}. Start with just their name, and put the rest after \`--\` as a note.`,
        ADD_EXAMPLE,
      );
    case 'bad_detail':
      return new InvalidCommandError(problem.message, ADD_EXAMPLE);
    case 'not_a_name': {
      const example = exampleNamed(said, who, note);
      const isPronoun = PRONOUNS.includes(problem.word.toLowerCase());
      if (/^i$/i.test(problem.word)) {
        return new InvalidCommandError(
          'Whose words are these? Start with the name of the person who wrote or said them.',
          example,
        );
      }
      return new InvalidCommandError(
        isPronoun
          ? `Who is "${clip(problem.word, 40)}"? Start with their name, so I can keep track of who promised what.`
          : `"${clip(problem.word, 40)}" is a time, not a name. Start with the name of the person who made the promise.`,
        example,
      );
    }
  }
}

/**
 * Reads an add: who, role, company, what, channel, when and note. Every failure is a friendly
 * error with an example; a draft is returned only when everything was understood. A promise
 * said without a date gets the coach's default (defaultDue), and one whose date has passed is
 * kept as overdue (up to MAX_OVERDUE_DAYS back).
 */
export function parseAdd(typed: string, ctx: ParseContext): Result<PromiseDraft> {
  const text = fromSignedMessage(fromNoteToSelf(withoutLabel(typed)));
  const split = splitWho(text);
  if (split === null) {
    return err(
      new InvalidCommandError(
        'Tell me who promised to get back to you, what, and when — for example "Jane (Acme) will call me back by Friday 3pm". `/promise help` lists every command.',
        ADD_EXAMPLE,
      ),
    );
  }
  const { body: saidBody, note } = splitNote(split.rest);
  // A phone number, a profile link or a web address after the verb ("will call me Friday on
  // +1 415 555 0100") is the contact's, or the note's: never a date. The note keeps its own.
  const details = findDetails(saidBody);
  if (details.problem !== null) return err(new InvalidCommandError(details.problem, ADD_EXAMPLE));
  let restBody = details.rest;
  const emailAfter = findEmail(restBody);
  if (emailAfter !== null)
    restBody = `${restBody.slice(0, emailAfter.index)} ${restBody.slice(emailAfter.index + emailAfter.address.length)}`;
  // A pasted message ("Thanks for your time today! I'll circle back …"): only its last sentence
  // says who promised.
  // "Mike at Oracle, he'll send …": the pronoun after the name repeats who, it is not a company.
  // A dash counts only with a space before it: "linkedin.com/in/a-we" ends in no pronoun.
  let who = lastSentence(split.who).replace(/(?:\s*[,;–—]|\s+-|\s)\s*(?:he|she|they|we)\s*$/i, '');
  let rest = restBody;
  let found: FoundDue | null = findDue(rest, ctx);
  if (found !== null) {
    rest = `${rest.slice(0, found.index)} ${rest.slice(found.index + found.length)}`;
  } else {
    // "Tomorrow, Jane will call me": the when may come first — unless it was the name ("April").
    // A phone number in the who ("Jane +1 415 555 0100") is no date: looked for with it blanked out.
    const inWho = findDue(maskDetails(who), ctx);
    const whoLeft =
      inWho === null ? '' : `${who.slice(0, inWho.index)} ${who.slice(inWho.index + inWho.length)}`;
    if (inWho !== null && readContact(whoLeft) !== null) {
      found = inWho;
      who = whoLeft;
    }
  }
  const read = readContactOrProblem(who);
  if (!read.ok) return err(contactRefusal(read.problem, who, `${who}${restBody}`, note));
  const { extras } = read.value;
  const contact = {
    ...read.value.contact,
    ...(emailAfter !== null && read.value.contact.email === undefined ? { email: emailAfter.address } : {}),
    ...(details.phone !== null && read.value.contact.phone === undefined ? { phone: details.phone } : {}),
    ...(details.linkedin !== null && read.value.contact.linkedin === undefined
      ? { linkedin: details.linkedin }
      : {}),
  };
  let assumed: DueReading['assumed'];
  let holidays: DueReading['holidays'];
  if (found === null && DATE_LIKE.test(rest)) {
    // A date was meant but not understood ("on 1 Jan 99999", "the 45th"): ask, rather than assume.
    return err(
      new InvalidCommandError(
        `I couldn't read when ${contact.name} said they'd get back to you. Add a day or time, like "by Friday 3pm", "tomorrow" or "in a week".`,
        exampleWith(`${split.who}${restBody}`, 'by Friday', note),
      ),
    );
  }
  if (found === null) {
    const fallback = defaultDue(rest, ctx);
    assumed = fallback.assumed;
    holidays = fallback.holidays;
    found = fallback;
    rest = `${rest.slice(0, fallback.index)} ${rest.slice(fallback.index + fallback.length)}`;
  }
  // "promised to call me on Monday but didn't": the Monday that has passed.
  const broken = BROKEN_PROMISE.exec(rest);
  if (broken !== null) {
    rest = rest.replace(BROKEN_PROMISE, ' ');
    found = lastWeekdayInstead(found, ctx);
  }
  const checked = checkDue(found, contact.name, ctx);
  if (!checked.ok) return checked;
  const draft: PromiseDraft = {
    contact,
    what: readWhat(rest),
    promisedChannel: channelIn(rest),
    due: found.due,
    note: joinNotes(...extras, ...details.urls, note),
  };
  const reading = readingOf(found, assumed, holidays);
  return ok(reading === null ? draft : { ...draft, reading });
}

/** What the confirmation should say about how the due was read, or null when it was said plainly. */
function readingOf(
  found: FoundDue,
  assumed: DueReading['assumed'],
  holidays?: DueReading['holidays'],
): DueReading | null {
  const reading: DueReading = {};
  if (assumed !== undefined) reading.assumed = assumed;
  if (holidays !== undefined) reading.holidays = holidays;
  if (found.typos.length > 0) reading.typos = found.typos;
  if (found.saidZone !== null) reading.saidZone = found.saidZone;
  return Object.keys(reading).length === 0 ? null : reading;
}

/**
 * How far back a promise may be due and still be saved (as overdue): a promise older than this
 * is a thread gone cold, not one to nudge about as promised.
 */
export const MAX_OVERDUE_DAYS = 30;

/**
 * A due less than ten years ahead, or passed by at most MAX_OVERDUE_DAYS (saved as overdue);
 * else a friendly refusal naming the contact.
 */
function checkDue(found: FoundDue, name: string, ctx: ParseContext): Result<FoundDue> {
  if (found.due.at.getTime() < ctx.now.getTime() - MAX_OVERDUE_DAYS * 86_400_000) {
    const said = DateTime.fromJSDate(found.due.at, { zone: localNow(ctx).zone }).toFormat('ccc d LLL', {
      locale: 'en-GB',
    });
    return err(
      new InvalidCommandError(
        `That's in the past (${said}), more than ${MAX_OVERDUE_DAYS} days ago. When do you expect ${name} to get back to you now? To log a conversation that already happened, use \`/promise met\`.`,
        ADD_EXAMPLE,
      ),
    );
  }
  if (isTooFarAhead(found.due.at, ctx.now)) {
    return err(
      new InvalidCommandError(
        `That's more than ten years away. When do you really expect ${name} to get back to you?`,
        ADD_EXAMPLE,
      ),
    );
  }
  return ok(found);
}

/**
 * Reads the add form's fields (a Slack or Discord modal, Discord's typed options) straight into
 * a draft. Each field is read on its own: the company and the note are kept exactly as given,
 * and a "what" may hold commas, brackets or `--`; only "who" and "when" are interpreted.
 */
export function draftFromFields(
  fields: PromiseFields,
  ctx: ParseContext,
  /** The contact of the promise an Edit form replaces: a role left as it was keeps its title. */
  replaced?: Contact,
): Result<PromiseDraft> {
  const read = readContactOrProblem(fields.who);
  if (!read.ok) {
    return err(
      field(
        'who',
        read.problem.kind === 'bad_detail'
          ? read.problem.message
          : clean(fields.who) === ''
            ? 'Who made the promise? Give their name.'
            : `I couldn't read "${clip(clean(fields.who), 80)}" as a name. Give the name of the person who made the promise.`,
      ),
    );
  }
  const details = contactDetailsOf(fields);
  if (!details.ok) return details;
  const company = clean(fields.company);
  const role = clean(fields.role);
  const knownRole = role === '' ? null : (roleOf(role) ?? roleIn(role));
  // A role typed in free text is kept as the title ("VP Eng"), besides the category the rules
  // use; a menu's plain label ("recruiter") is only the category — unless it is the role the
  // edited promise already had, whose title ("VP Eng") then stays.
  const isLabel = Object.values(ROLE_LABELS).some((label) => label.toLowerCase() === role.toLowerCase());
  // (Slack's menu has no choice for a title without a category, "VP Eng": left empty, it is kept
  // too. Discord's form has no menu, the title is in "who" in brackets, and read from there.)
  const unsaid = (role === '' || isLabel) && read.value.contact.title === undefined;
  const keptTitle =
    unsaid && replaced?.title !== undefined && replaced.role === (knownRole ?? read.value.contact.role)
      ? { title: replaced.title }
      : {};
  const contact: Contact = {
    ...read.value.contact,
    role: knownRole ?? read.value.contact.role,
    company: company === '' ? read.value.contact.company : company,
    ...(role === '' || isLabel ? keptTitle : { title: role }),
    ...details.value,
  };
  const when = clean(fields.when);
  const found = when === '' ? null : findDue(when, ctx);
  if (found === null) {
    return err(
      field(
        'when',
        when === ''
          ? `When did ${contact.name} say they'd get back to you? Add a day or time, like "Friday 3pm", "tomorrow" or "in a week".`
          : `I couldn't read "${clip(when, 80)}" as a day or time. Try "Friday 3pm", "tomorrow" or "in a week".`,
      ),
    );
  }
  const checked = checkDue(found, contact.name, ctx);
  if (!checked.ok) return err(new FormFieldError('when', checked.error));
  const what = clean(fields.what);
  const draft: PromiseDraft = {
    contact,
    what: what === '' ? 'get back to you' : readWhat(what),
    promisedChannel: channelIn(what),
    due: found.due,
    note: joinNotes(...read.value.extras, fields.note),
  };
  const reading = readingOf(found, undefined);
  return ok(reading === null ? draft : { ...draft, reading });
}

/** The form's e-mail, phone and LinkedIn fields, each checked; a bad one is refused beside its field. */
function contactDetailsOf(fields: PromiseFields): Result<Pick<Contact, 'email' | 'phone' | 'linkedin'>> {
  const details: Pick<Contact, 'email' | 'phone' | 'linkedin'> = {};
  const email = clean(fields.email ?? '');
  if (email !== '') {
    const address = readEmail(email);
    if (address === null)
      return err(
        field('email', `"${clip(email, 60)}" isn't an e-mail address: it should look like jane@acme.com.`),
      );
    details.email = address;
  }
  const phone = (fields.phone ?? '').trim();
  if (phone !== '') {
    const number = readPhone(phone);
    if (number === null) return err(field('phone', PHONE_PROBLEM));
    details.phone = number;
  }
  const linkedin = (fields.linkedin ?? '').trim();
  if (linkedin !== '') {
    const profile = readLinkedIn(linkedin);
    if (profile === null) return err(field('linkedin', LINKEDIN_PROBLEM));
    details.linkedin = profile;
  }
  return ok(details);
}

function field(name: FormFieldError['field'], message: string): FormFieldError {
  return new FormFieldError(name, new InvalidCommandError(message));
}
