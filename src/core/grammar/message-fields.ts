import type { ParseContext } from '../command.ts';
import { ROLE_LABELS } from '../format.ts';
import { DEFAULT_LIMITS, type Limits } from '../limits.ts';
import type { Contact } from '../model.ts';
import type { PromiseFields } from '../ports/inbound.ts';
import { findEmail, readContact, readEmail } from './contact.ts';
import { findDetails } from './contact-details.ts';
import { findDue } from './date-reader.ts';
import { MAX_COMMAND_LENGTH, parseCommand } from './parse-command.ts';
import { clean, clip } from './text.ts';

/*
 * "Track as a promise": the add form drafted from someone else's message. The message is written
 * by the contact (or forwarded by the member), so it is read from the sender's side:
 * - who: a self-introduction ("this is Dana from Stripe", "I'm Sam, a recruiter at Initech"), a
 *   sign-off ("Best,\nDana Lee\nRecruiter, Stripe"), or an add the member wrote themselves
 *   ("Jane at Acme will call me Friday"), each read by the add grammar's contact reader;
 * - when: the first date the date reader finds that lies ahead, as it was written ("by Friday");
 * - what: the sender's own promise ("I'll get back to you …"), in the member's words ("get back
 *   to me").
 * What cannot be read stays empty, and then the message itself goes in the note, so nothing is
 * lost. Every field is cut to the form's limits.
 */

/** Longest "by when" the form accepts (src/app/input-limits.ts MAX_WHEN_LENGTH). */
const MAX_WHEN = 100;
/** Longest message that may be the member's own add line rather than someone's message. */
const ONE_LINE = 300;
/** Characters a self-introduction's name and description may span. */
const NAME_WORDS = String.raw`\p{Lu}[\p{L}'’-]*(?:[ \t]+\p{Lu}[\p{L}'’-]*){0,2}`;
const INTRODUCTION = new RegExp(
  String.raw`\b(?:[Tt]his\s+is|I\s+am|I['’]m|[Mm]y\s+name\s+is|[Ii]t['’]s|[Hh]ere['’]s)\s+(${NAME_WORDS})(?![\p{L}'’-])`,
  'u',
);
/** After the name: ", a recruiter at Stripe", " from Stripe", " with the Stripe talent team". */
const DESCRIPTION =
  /^\s*(?:,\s*|\s+)(?:(?:an?|the)\s+)?([\p{L}\s]{0,40}?)\s*\b(?:from|at|with|@)\s+(?:the\s+)?([\p{Lu}\d][\w&'’-]*(?:\.\w+)*(?:[ \t]+[\p{Lu}\d&][\w&'’-]*(?:\.\w+)*){0,3})/u;
const SIGN_OFF = new RegExp(
  String.raw`\b(?:thanks|thank\s+you|best|regards|cheers|sincerely|warmly|talk\s+soon)\b[^\n]{0,30}\n+\s*[-–—]?\s*(${NAME_WORDS})[ \t]*(?:\n[ \t]*([^\n]{1,80}))?`,
  'iu',
);
/** The sender's own promise: "I'll …", "we will …", "I'm going to …". */
const SENDERS_PROMISE =
  /\b(?:i|we)(?:['’]ll|\s+will|\s+shall|['’]d|\s+would|['’]m\s+going\s+to|\s+am\s+going\s+to|['’]re\s+going\s+to|\s+are\s+going\s+to|\s+plan\s+to|\s+hope\s+to|\s+expect\s+to|\s+aim\s+to)\s+(?:(?:try\s+to|definitely|probably|hopefully|be\s+sure\s+to|make\s+sure\s+to)\s+)?([^.!?\n]+)/i;
/** Where a promise's clause ends: a comma, a semicolon, or a new thought. */
const CLAUSE_END = /\s*(?:[,;:(]|\s(?:once|after|when|as\s+soon\s+as|but|so|because|if)\s)/i;
/** Slack and Discord markup that is not text: mentions, links with labels, emoji codes. */
const LABELLED_LINK = /<(?:https?:[^|>]*|mailto:[^|>]*|@[A-Z0-9]+|#[A-Z0-9]+)\|([^>]*)>/g;
const BARE_MARKUP = /<(?:@[!&]?\d+|#\d+|@[A-Z0-9]+|#[A-Z0-9]+|![^>]*|a?:\w+:\d+)>/g;

/** The add form drafted from a message, read in ctx's zone and cut to `limits`. */
export function fieldsFromMessage(
  message: string,
  ctx: ParseContext,
  limits: Limits = DEFAULT_LIMITS,
): PromiseFields {
  // The grammar reads the start of a long message; the note keeps what fits of the whole.
  // A signature's phone number or profile link is how to reach them, never a date or a name.
  const details = findDetails(message.slice(0, MAX_COMMAND_LENGTH));
  const text = details.rest
    .replace(LABELLED_LINK, '$1')
    .replace(BARE_MARKUP, ' ')
    .slice(0, MAX_COMMAND_LENGTH);
  const flat = clean(text);
  const email = contactEmail(text);
  const written = writtenAdd(flat, ctx);
  const contact = written?.contact ?? introduced(text) ?? signedOff(text);
  const promise = SENDERS_PROMISE.exec(flat)?.[1] ?? '';
  // The date of the sender's own promise first; else the first date ahead anywhere.
  const when = written?.when ?? (dueText(promise, ctx) || dueText(flat, ctx));
  const what = written?.what ?? sendersPromise(promise, ctx);
  const unread = contact === null || when === '' || what === '';
  return {
    who: clip(contact?.name ?? '', limits.maxNameLength),
    role: contact?.role == null ? '' : ROLE_LABELS[contact.role],
    company: clip(contact?.company ?? '', limits.maxNameLength),
    what: clip(what, limits.maxWhatLength),
    when: clip(when, MAX_WHEN),
    note: unread ? clip(message.replace(/\s+/g, ' ').trim(), limits.maxNoteLength) : '',
    ...onlyGiven({
      email: contact?.email ?? email,
      phone: contact?.phone ?? details.phone,
      linkedin: contact?.linkedin ?? details.linkedin,
    }),
  };
}

/** The contact details that were found, leaving out the others. */
function onlyGiven(
  details: Record<'email' | 'phone' | 'linkedin', string | null | undefined>,
): Pick<PromiseFields, 'email' | 'phone' | 'linkedin'> {
  return Object.fromEntries(
    Object.entries(details).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** The first e-mail address in the message, when it is a plausible one to write to. */
function contactEmail(text: string): string | null {
  const found = findEmail(text);
  return found === null ? null : readEmail(found.address);
}

/** A message that is itself an add ("Jane at Acme will call me back Friday"): every field from it. */
function writtenAdd(
  text: string,
  ctx: ParseContext,
): { contact: Contact; when: string; what: string } | null {
  // Only a one-line note reads as an add: a greeting, an introduction or several sentences are
  // the sender speaking.
  if (
    text.length > ONE_LINE ||
    /[.!?]\s+\S/.test(text) ||
    INTRODUCTION.test(text) ||
    /^(?:hi|hello|hey|dear|thanks|thank\s+you|good\s+(?:morning|afternoon|evening))\b/i.test(text)
  )
    return null;
  const parsed = parseCommand(text, ctx);
  if (!parsed.ok || parsed.value.kind !== 'add') return null;
  const { draft } = parsed.value;
  return {
    contact: draft.contact,
    when: dueText(text, ctx),
    what: membersWords(draft.what),
  };
}

/** "this is Dana from Stripe", "I'm Sam, a recruiter at Initech": the sender, by their own words. */
function introduced(text: string): Contact | null {
  const intro = INTRODUCTION.exec(text);
  if (intro === null) return null;
  const name = intro[1] ?? '';
  const after = text.slice(intro.index + intro[0].length);
  const described = DESCRIPTION.exec(after);
  const who =
    described === null
      ? name
      : `${name}, ${clean(described[1] ?? '') === '' ? '' : `${clean(described[1] ?? '')} `}at ${described[2] ?? ''}`;
  return readContact(who)?.contact ?? null;
}

/** "Best,\nDana Lee\nRecruiter, Stripe": the name under the sign-off, and the line under it. */
function signedOff(text: string): Contact | null {
  const match = SIGN_OFF.exec(text);
  if (match === null) return null;
  const title = clean(match[2] ?? '').replace(/\s*[|·•]\s*/g, ', ');
  const withTitle = title === '' ? null : readContact(`${match[1] ?? ''}, ${title}`);
  return (withTitle ?? readContact(match[1] ?? ''))?.contact ?? null;
}

/** The first date ahead in the text, as it was written ("by Friday"); '' when there is none. */
function dueText(text: string, ctx: ParseContext): string {
  const found = findDue(text, ctx);
  if (found === null || found.due.at.getTime() <= ctx.now.getTime()) return '';
  return clean(text.slice(found.index, found.index + found.length));
}

/** The sender's promise (SENDERS_PROMISE's clause) without its date, in the member's words: "I'll send you the offer" → "send me the offer". */
function sendersPromise(promise: string, ctx: ParseContext): string {
  let clause = promise;
  const due = findDue(clause, ctx);
  if (due !== null) clause = `${clause.slice(0, due.index)} ${clause.slice(due.index + due.length)}`;
  const end = CLAUSE_END.exec(clause);
  if (end !== null) clause = clause.slice(0, end.index);
  return membersWords(clean(clause));
}

/** From the sender's side to the member's: "you" is the member ("call you back" → "call me back"). */
function membersWords(what: string): string {
  return what
    .replace(/\byourself\b/gi, 'myself')
    .replace(/\byours\b/gi, 'mine')
    .replace(/\byour\b/gi, 'my')
    .replace(/\byou\b/gi, 'me');
}
