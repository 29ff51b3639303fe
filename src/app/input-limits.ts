import type { Command, PromiseDraft, PromiseEdit } from '../core/command.ts';
import { TooLongError } from '../core/errors.ts';
import { ROLE_LABELS } from '../core/format.ts';
import { findEmail } from '../core/grammar/contact.ts';
import { findDetails } from '../core/grammar/contact-details.ts';
import type { Limits } from '../core/limits.ts';
import type { Contact } from '../core/model.ts';
import type { PromiseFields } from '../core/ports/inbound.ts';

/** Longest "by when" a form accepts: a date phrase, never stored as typed. */
export const MAX_WHEN_LENGTH = 100;

/** A form field that can be too long, with the name a member knows it by. */
export type BoundedFormField = 'who' | 'role' | 'company' | 'what' | 'when' | 'note';

const FIELD_NAMES: Record<BoundedFormField, string> = {
  who: 'contact name',
  role: 'role',
  company: 'company',
  what: 'description of what they promised',
  when: '"by when"',
  note: 'note',
};

/** The longest text each bounded form field accepts under `limits`. */
export function formFieldLimits(limits: Limits): Record<BoundedFormField, number> {
  return {
    who: limits.maxNameLength,
    // A menu's role label always fits, however low the operator set the name limit.
    role: Math.max(limits.maxNameLength, ...Object.values(ROLE_LABELS).map((label) => label.length)),
    company: limits.maxNameLength,
    what: limits.maxWhatLength,
    when: MAX_WHEN_LENGTH,
    note: limits.maxNoteLength,
  };
}

/**
 * The `max_length` to put on each form input so the platform stops over-long text before it is
 * sent, capped at what the platform allows (Slack plain_text_input: 3000; Discord text input:
 * 4000).
 */
export function formInputMaxLengths(limits: Limits, platformMax: number): Record<BoundedFormField, number> {
  const cap = (n: number) => Math.max(1, Math.min(n, platformMax));
  const max = formFieldLimits(limits);
  return {
    who: cap(max.who),
    role: cap(max.role),
    company: cap(max.company),
    what: cap(max.what),
    when: cap(max.when),
    note: cap(max.note),
  };
}

/** Characters as a member counts them (an emoji is one), not UTF-16 code units. */
function lengthOf(text: string): number {
  return [...text].length;
}

function bounded(field: string, text: string | null, limit: number): void {
  if (text === null) return;
  const length = lengthOf(text);
  if (length > limit) throw new TooLongError(field, limit, length);
}

/** The first form field over its limit, as the error to show beside it; null when all fit. */
export function formLengthProblem(
  form: PromiseFields,
  limits: Limits,
): { field: BoundedFormField; error: TooLongError } | null {
  const max = formFieldLimits(limits);
  for (const field of ['who', 'role', 'company', 'what', 'when', 'note'] as const) {
    // Discord's "who" also holds the contact's e-mail, phone and LinkedIn URL, each checked by its reader.
    const length = lengthOf((field === 'who' ? withoutDetails(form.who) : form[field]).trim());
    if (length > max[field])
      return { field, error: new TooLongError(FIELD_NAMES[field], max[field], length) };
  }
  return null;
}

/** "Jane (recruiter) jane@acme.com +1 415 555 0100": the words without the ways to reach them. */
function withoutDetails(who: string): string {
  const { rest } = findDetails(who);
  const email = findEmail(rest);
  return email === null
    ? rest
    : `${rest.slice(0, email.index)}${rest.slice(email.index + email.address.length)}`;
}

function checkContact(contact: Contact, limits: Limits): void {
  bounded(FIELD_NAMES.who, contact.name, limits.maxNameLength);
  bounded(FIELD_NAMES.company, contact.company, limits.maxNameLength);
}

/** Throws TooLongError when a field of the draft is over its limit. */
export function checkDraftLengths(draft: PromiseDraft, limits: Limits): void {
  checkContact(draft.contact, limits);
  bounded(FIELD_NAMES.what, draft.what, limits.maxWhatLength);
  bounded(FIELD_NAMES.note, draft.note, limits.maxNoteLength);
}

/** Throws TooLongError when the one field an edit changes would be over its limit. */
function checkEditLength(change: PromiseEdit, limits: Limits): void {
  if (change.field === 'name') bounded(FIELD_NAMES.who, change.name, limits.maxNameLength);
  if (change.field === 'company') bounded(FIELD_NAMES.company, change.company, limits.maxNameLength);
  if (change.field === 'what') bounded(FIELD_NAMES.what, change.what, limits.maxWhatLength);
  if (change.field === 'note') bounded(FIELD_NAMES.note, change.note, limits.maxNoteLength);
}

/**
 * Throws TooLongError when anything the command would store is over its limit. Runs before
 * any write, so an over-long command changes nothing.
 */
export function checkCommandLengths(command: Command, limits: Limits): void {
  switch (command.kind) {
    case 'add':
      checkDraftLengths(command.draft, limits);
      return;
    case 'met':
      checkContact(command.contact, limits);
      bounded(FIELD_NAMES.note, command.note, limits.maxNoteLength);
      return;
    case 'edit':
      if (command.change !== null) checkEditLength(command.change, limits);
      return;
    case 'followed':
    case 'heard':
    case 'close':
      bounded(FIELD_NAMES.note, command.note, limits.maxNoteLength);
      return;
    default:
      return;
  }
}
