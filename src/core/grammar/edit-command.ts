import type { NextMeeting, ParseContext, PromiseEdit } from '../command.ts';
import { InvalidCommandError } from '../errors.ts';
import { ROLE_LABELS } from '../format.ts';
import { CONTACT_ROLES } from '../model.ts';
import { err, ok, type Result } from '../result.ts';
import { readEmail, roleOf } from './contact.ts';
import { LINKEDIN_PROBLEM, PHONE_PROBLEM, readLinkedIn, readPhone } from './contact-details.ts';
import { findDue, isTooFarAhead } from './date-reader.ts';
import { capitaliseName, clean, lookup } from './text.ts';

/*
 * `/promise edit #3 <field> <value>`: one field of an open promise, read with the same readers
 * as an add (dates by the date reader, roles by the contact reader). And the next step a
 * `heard` may carry ("heard #3 second interview Thursday 2pm").
 */

export const EDIT_EXAMPLE = '/promise edit #2 due friday';

type EditField = PromiseEdit['field'];

/** The words a member may use for each field. */
const FIELD_WORDS: Record<string, EditField> = {
  name: 'name',
  who: 'name',
  contact: 'name',
  company: 'company',
  employer: 'company',
  org: 'company',
  at: 'company',
  role: 'role',
  title: 'role',
  due: 'due',
  when: 'due',
  date: 'due',
  by: 'due',
  deadline: 'due',
  what: 'what',
  promise: 'what',
  note: 'note',
  notes: 'note',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  phone: 'phone',
  tel: 'phone',
  mobile: 'phone',
  cell: 'phone',
  number: 'phone',
  linkedin: 'linkedin',
  profile: 'linkedin',
};

/** Examples per field, for the "to what?" answers, on the promise the member named. */
function examplesFor(ref: string): Record<EditField, string> {
  return {
    name: `/promise edit ${ref} name Jane Roe`,
    company: `/promise edit ${ref} company Plaid`,
    role: `/promise edit ${ref} role hiring manager`,
    due: `/promise edit ${ref} due friday 3pm`,
    what: `/promise edit ${ref} what send the offer details`,
    note: `/promise edit ${ref} note met at the career fair`,
    email: `/promise edit ${ref} email jane@acme.com`,
    phone: `/promise edit ${ref} phone +44 20 7946 0958`,
    linkedin: `/promise edit ${ref} linkedin https://www.linkedin.com/in/janeroe`,
  };
}

/** Says "remove it" for an optional field. */
const CLEAR_WORDS = /^(?:none|-|—|no|clear|remove|nothing|n\/a)$/i;

/** Every field an edit may change, as help and refusals list them. */
export const FIELD_LIST = 'name, company, role, due, what, note, email, phone or linkedin';

/** The field a word names, or undefined. */
export function editFieldOf(word: string): EditField | undefined {
  return lookup(FIELD_WORDS, word.toLowerCase().replace(/[:=]+$/, ''));
}

/**
 * Reads `<field> <value>` after the ref: the change it asks for, or a friendly error. An empty
 * value for a required field, an unknown field or an unreadable date is refused.
 */
export function parseEdit(
  fieldWord: string,
  value: string,
  ctx: ParseContext,
  /** The promise as the member named it (`#1`, `jane`), so the examples show their own. */
  ref = '#2',
): Result<PromiseEdit> {
  const FIELD_EXAMPLES = examplesFor(ref);
  const field = editFieldOf(fieldWord);
  if (field === undefined) {
    return err(
      new InvalidCommandError(
        `I can change the ${FIELD_LIST} of a promise — "${clean(fieldWord).slice(0, 40)}" is not one of them.`,
        FIELD_EXAMPLES.due,
      ),
    );
  }
  const text = clean(value).replace(/^(?:to|=|:)\s+/i, '');
  // Read before cleaning, which would take a lone "-" away.
  const clears = CLEAR_WORDS.test(value.trim()) || CLEAR_WORDS.test(text);
  if (text === '' && !(clears && field !== 'name' && field !== 'what' && field !== 'due')) {
    return err(new InvalidCommandError(`Change the ${field} to what?`, FIELD_EXAMPLES[field]));
  }
  switch (field) {
    case 'name':
      if (!/\p{L}/u.test(text))
        return err(new InvalidCommandError('A name needs letters.', FIELD_EXAMPLES.name));
      return ok({ field, name: capitaliseName(text) });
    case 'company':
      return ok({ field, company: clears ? null : text });
    case 'role': {
      if (clears) return ok({ field, role: null });
      const role = roleOf(text) ?? roleOf(text.replace(/_/g, ' '));
      if (role === null) {
        // Two roles share the label "contact": name each once.
        const roles = [...new Set(CONTACT_ROLES.map((r) => ROLE_LABELS[r].toLowerCase()))].join(', ');
        return err(
          new InvalidCommandError(
            `I don't know the role "${text.slice(0, 40)}". One of: ${roles}.`,
            FIELD_EXAMPLES.role,
          ),
        );
      }
      return ok({ field, role });
    }
    case 'due': {
      const found = findDue(text, ctx);
      if (found === null) {
        return err(
          new InvalidCommandError(
            `I couldn't read "${text.slice(0, 60)}" as a date. Try "friday", "tomorrow 3pm", "in a week" or "Jan 6".`,
            FIELD_EXAMPLES.due,
          ),
        );
      }
      if (isTooFarAhead(found.due.at, ctx.now)) {
        return err(
          new InvalidCommandError(
            `"${text.slice(0, 60)}" is more than ten years away. Pick a nearer date.`,
            FIELD_EXAMPLES.due,
          ),
        );
      }
      return ok({ field, due: found.due });
    }
    case 'what':
      return ok({ field, what: text.replace(/^to\s+/i, '') });
    case 'note':
      return ok({ field, note: clears ? null : text });
    case 'email': {
      if (clears) return ok({ field, email: null });
      const email = readEmail(text);
      return email === null
        ? err(
            new InvalidCommandError(
              `"${text.slice(0, 60)}" isn't an e-mail address: it should look like jane@acme.com.`,
              FIELD_EXAMPLES.email,
            ),
          )
        : ok({ field, email });
    }
    case 'phone': {
      if (clears) return ok({ field, phone: null });
      const phone = readPhone(text);
      return phone === null
        ? err(new InvalidCommandError(PHONE_PROBLEM, FIELD_EXAMPLES.phone))
        : ok({ field, phone });
    }
    case 'linkedin': {
      if (clears) return ok({ field, linkedin: null });
      const linkedin = readLinkedIn(text);
      return linkedin === null
        ? err(new InvalidCommandError(LINKEDIN_PROBLEM, FIELD_EXAMPLES.linkedin))
        : ok({ field, linkedin });
    }
  }
}

/** Words that make a `heard` note a meeting to come: "second interview", "a call with the team". */
const MEETING_WORDS =
  /\b(?:interview|interviews|call|meeting|meet|chat|screen|screening|onsite|on-site|coffee|zoom|teams|video|panel|round|conversation|catch-up|catch\s+up)\b/i;

/** A call someone promises to make ("call me back", "call you on Friday"), which is no meeting. */
const PROMISED_CALL = /\b(?:call|calls|calling)\s+(?:me|you|us|back)\b/gi;

/**
 * The next step in a `heard` note: a meeting word and a moment ("second interview Thursday
 * 2pm") make a meeting to log; anything else is only the note. What it is, is the note without
 * the moment ("second interview").
 */
export function nextMeetingIn(note: string | null, ctx: ParseContext): NextMeeting | null {
  if (note === null) return null;
  // "she'll call me back Friday" is another promise, not a meeting: only the other meeting words count.
  const meetingWords = note.replace(PROMISED_CALL, ' ');
  if (!MEETING_WORDS.test(meetingWords)) return null;
  const found = findDue(note, ctx);
  if (found === null || isTooFarAhead(found.due.at, ctx.now)) return null;
  const what = clean(`${note.slice(0, found.index)} ${note.slice(found.index + found.length)}`)
    .replace(/^(?:next\s+step:?|next:?|they\s+want|want|booked|set\s+up|scheduled)\s+/i, '')
    .replace(/[\s,.;:-]+$/, '');
  return { what: what === '' ? 'meeting' : what, at: found.due.at };
}
