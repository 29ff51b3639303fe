import type { PromiseDraft, PromiseEdit, Ref } from '../core/command.ts';
import { ThriceError, UnknownRefError } from '../core/errors.ts';
import type { Contact, FollowUpPromise } from '../core/model.ts';
import type { PromiseChanges } from '../core/ports/store.ts';
import { resolveRef } from '../core/ref-resolver.ts';

/*
 * Correcting and carrying a thread on: which open thread a meeting continues, what an edit or an "Update #N" changes, and which closed promise a reopen means.
 */

/** How long the "update #N or add as new?" buttons keep their pending add. */
export const DUPLICATE_ANSWER_HOURS = 24;

/** Lower case, single spaces, accents folded: "José  Díaz" and "jose diaz" are the same person. */
function fold(text: string | null): string {
  return (text ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The one open promise a meeting with `contact` carries on: same name (or a first name that
 * starts exactly one open promise's contact name, "met Jane" for Jane Doe), and the same company
 * when one was said. Null when none or several match: then the meeting stands alone.
 */
export function openThreadOf(contact: Contact, open: readonly FollowUpPromise[]): FollowUpPromise | null {
  const name = fold(contact.name);
  const company = fold(contact.company);
  const threads = open.filter(
    (p) =>
      p.kind === 'promise' && p.outcome === null && (company === '' || fold(p.contact.company) === company),
  );
  const exact = threads.filter((p) => fold(p.contact.name) === name);
  const matches =
    exact.length > 0 ? exact : threads.filter((p) => fold(p.contact.name).startsWith(`${name} `));
  const [only] = matches;
  return only !== undefined && matches.length === 1 ? only : null;
}

/** The fields of `contact` that were said (not null). */
function saidOnly(contact: Contact): Partial<Contact> {
  return Object.fromEntries(
    Object.entries(contact).filter(([, value]) => value !== null && value !== undefined),
  );
}

/**
 * What "Update #N" writes: the new add's promise (what, when, channel) onto the open one; its
 * role and note only when the new add said them. A new due date ends a snooze.
 */
export function changesOf(promise: FollowUpPromise, draft: PromiseDraft): PromiseChanges {
  return {
    // Name and company stay as first written (they matched); whatever else the new add said is kept.
    contact: {
      ...promise.contact,
      ...saidOnly(draft.contact),
      name: promise.contact.name,
      company: promise.contact.company,
    },
    what: draft.what,
    promisedChannel: draft.promisedChannel ?? promise.promisedChannel,
    due: draft.due,
    note: draft.note ?? promise.note,
    snoozedUntil: null,
  };
}

/** What `/promise edit #3 <field> <value>` writes. */
export function editChanges(promise: FollowUpPromise, change: PromiseEdit): PromiseChanges {
  switch (change.field) {
    case 'name':
      return { contact: { ...promise.contact, name: change.name } };
    case 'company':
      return { contact: { ...promise.contact, company: change.company } };
    case 'role': {
      // A job title said earlier ("recruiter", "VP Eng") would keep showing instead of the new role.
      const { title: _said, ...contact } = promise.contact;
      return { contact: { ...contact, role: change.role } };
    }
    case 'due':
      // A new due date is a new plan: a snooze set against the old one no longer applies.
      return { due: change.due, snoozedUntil: null };
    case 'what':
      return { what: change.what };
    case 'note':
      return { note: change.note };
    case 'email':
    case 'phone':
    case 'linkedin': {
      // null takes the detail away; the others stay as they were.
      const { [change.field]: _old, ...contact } = promise.contact;
      const value =
        change.field === 'email' ? change.email : change.field === 'phone' ? change.phone : change.linkedin;
      return { contact: value === null ? contact : { ...contact, [change.field]: value } };
    }
  }
}

/**
 * The closed promise a reopen names: by number or name among the member's closed ones. An open
 * one says it is open; nothing found says so, as any unknown ref does.
 */
export function reopenTarget(ref: Ref, all: readonly FollowUpPromise[]): FollowUpPromise {
  const closed = resolveRef(
    ref,
    all.filter((p) => p.outcome !== null),
  );
  if (closed.ok) return closed.value;
  const open = resolveRef(
    ref,
    all.filter((p) => p.outcome === null),
  );
  if (open.ok) {
    throw new ThriceError(
      'not_open',
      `#${open.value.ref} ${open.value.contact.name} is still open — nothing to reopen. \`/promise list\` shows your open promises.`,
    );
  }
  if (closed.error instanceof UnknownRefError) {
    throw new UnknownRefError(ref.kind === 'number' ? `#${ref.ref}` : ref.prefix);
  }
  throw closed.error;
}
