import type { PromiseEdit } from './command.ts';
import {
  contactDetailsLine,
  describeContact,
  describeDue,
  formatDay,
  formatMoment,
  ROLE_LABELS,
} from './format.ts';
import { type Message, textMessage } from './message.ts';
import type { FollowUpPromise, MemberSettings, Outcome } from './model.ts';
import { promisedLine } from './promise-view.ts';
import { CLOSED_WORDS, metReply, nextStep } from './replies.ts';

/*
 * Replies for correcting and carrying a thread on: edits, duplicates, history, reopen, and a
 * `heard` or `met` that continues a thread. Plain text: the adapters escape it.
 */

/** How many closed promises `history` shows; the rest are counted. */
export const HISTORY_SHOWN = 25;

/** What an edit changed, as said back: "the company is now Plaid". */
function changedWords(change: PromiseEdit, promise: FollowUpPromise, zone: string): string {
  switch (change.field) {
    case 'name':
      return `the name is now ${promise.contact.name}`;
    case 'company':
      return change.company === null ? 'no company now' : `the company is now ${change.company}`;
    case 'role':
      return change.role === null
        ? 'no role now'
        : `the role is now ${ROLE_LABELS[change.role].toLowerCase()}`;
    case 'due':
      return `now due ${promise.due.precision === 'time' ? `by ${formatMoment(promise.due.at, zone)}` : describeDue(promise, zone)}`;
    case 'what':
      return `they promised to ${promise.what}`;
    case 'note':
      return change.note === null ? 'the note is gone' : 'the note is updated';
    case 'email':
      return change.email === null ? 'no e-mail now' : `the e-mail is now ${change.email}`;
    case 'phone':
      return change.phone === null ? 'no phone now' : `the phone is now ${change.phone}`;
    case 'linkedin':
      return change.linkedin === null ? 'no LinkedIn now' : `the LinkedIn profile is now ${change.linkedin}`;
  }
}

/** After `edit #3 <field> <value>`: what changed, and when the next nudge now comes. */
export function editedReply(
  promise: FollowUpPromise,
  change: PromiseEdit,
  settings: MemberSettings,
  now: Date,
): Message {
  const text = `Updated #${promise.ref} ${describeContact(promise.contact)}: ${changedWords(change, promise, settings.timeZone)}. ${nextStep(promise, settings, now)}`;
  const reach = contactDetailsLine(promise.contact);
  return textMessage('confirmation', reach === null ? text.trim() : `${text.trim()}\n${reach}`);
}

/** `edit #3` alone: how to change one thing by text, and the form's Edit button. */
export function editHowReply(promise: FollowUpPromise, settings: MemberSettings): Message {
  const reach = contactDetailsLine(promise.contact);
  const text =
    reach === null ? promisedLine(promise, settings) : `${promisedLine(promise, settings)}\n${reach}`;
  const how = `Change one thing: \`/promise edit #${promise.ref} due friday\` (or name, company, role, what, note, email, phone, linkedin) — or open the form with Edit.`;
  return {
    kind: 'reply',
    sections: [
      {
        items: [
          {
            text,
            ref: promise.ref,
            details: [how],
            actions: [{ kind: 'edit', promiseId: promise.id, ref: promise.ref }],
          },
        ],
      },
    ],
    fallbackText: `${text} ${how}`,
  };
}

/** An add that looks like open promise `existing`: update that one, or add a new one? */
export function duplicateReply(
  existing: FollowUpPromise,
  pendingId: string,
  settings: MemberSettings,
): Message {
  const text = `You already have an open promise from them: ${promisedLine(existing, settings)}`;
  const ask = `Update #${existing.ref} with what you just said, or add it as a new promise?`;
  return {
    kind: 'confirmation',
    sections: [{ items: [{ text, ref: existing.ref, details: [ask] }] }],
    actions: [
      { kind: 'dup_update', pendingId, ref: existing.ref },
      { kind: 'dup_new', pendingId },
    ],
    fallbackText: `${text} ${ask}`,
  };
}

/** After "Update #N": what the promise says now, and its next nudge. */
export function duplicateUpdatedReply(
  promise: FollowUpPromise,
  settings: MemberSettings,
  now: Date,
): Message {
  const text = `Updated #${promise.ref}: ${promisedLine(promise, settings).replace(/^#\d+ /, '')} ${nextStep(promise, settings, now, promise.due.at)}`;
  return textMessage('confirmation', text.trim());
}

const OUTCOME_WORDS: Record<Outcome, string> = {
  heard: 'heard back',
  offer: 'offer',
  no: 'said no',
  withdrawn: 'withdrew',
  cold: 'gone cold',
};

/** Closed promises, latest closed first, each with its outcome and when. */
export function historyReply(promises: readonly FollowUpPromise[], settings: MemberSettings): Message {
  const closed = promises
    .filter((p) => p.outcome !== null)
    .sort((a, b) => (b.closedAt?.getTime() ?? 0) - (a.closedAt?.getTime() ?? 0));
  if (closed.length === 0) {
    return textMessage(
      'reply',
      'Nothing closed yet. When someone gets back to you: `/promise heard <ref>`; to end a thread: `/promise close <ref> cold` (a ref is #1, #2 … from `/promise list`, or the start of a name).',
    );
  }
  const shown = closed.slice(0, HISTORY_SHOWN);
  const zone = settings.timeZone;
  const items = shown.map((p) => {
    const outcome = p.outcome === null ? '' : OUTCOME_WORDS[p.outcome];
    const when = p.closedAt === null ? '' : ` on ${formatDay(p.closedAt, zone)}`;
    const kind = p.kind === 'meeting' ? 'meeting' : `promised to ${p.what}`;
    return {
      text: `#${p.ref} ${describeContact(p.contact)} — ${kind}`,
      ref: p.ref,
      details: [
        `${outcome.charAt(0).toUpperCase()}${outcome.slice(1)}${when} · \`/promise reopen #${p.ref}\``,
      ],
    };
  });
  const more = closed.length - shown.length;
  return {
    kind: 'reply',
    title: `Closed promises (${closed.length})`,
    sections: [{ items }],
    ...(more > 0 ? { footer: `…and ${more} older ones, in \`/promise export\`.` } : {}),
    fallbackText: `${closed.length} closed promise${closed.length === 1 ? '' : 's'}, latest first.`,
  };
}

/** After a reopen: open again, and its next nudge. */
export function reopenedReply(promise: FollowUpPromise, settings: MemberSettings, now: Date): Message {
  return textMessage(
    'confirmation',
    `Reopened #${promise.ref} ${describeContact(promise.contact)}. ${nextStep(promise, settings, now)}`.trim(),
  );
}

/** After `heard #3 second interview Thursday 2pm`: #3 is done, and the meeting is logged. */
export function heardWithNextReply(
  heard: FollowUpPromise,
  meeting: FollowUpPromise,
  settings: MemberSettings,
  now: Date,
): Message {
  const zone = settings.timeZone;
  const next = `Next step: ${meeting.note ?? 'a meeting'} on ${formatMoment(meeting.due.at, zone)}, saved as #${meeting.ref}. ${nextStep(meeting, settings, now, meeting.due.at)}`;
  const text = `${heard.contact.name} got back to you — #${heard.ref} is done. ${next}`;
  return textMessage('confirmation', text.trim());
}

/** After `met Jane` that carried on Jane's open thread #3: the meeting, and that #3 is closed as heard. */
export function metOnThreadReply(
  thread: FollowUpPromise,
  meeting: FollowUpPromise,
  settings: MemberSettings,
  now: Date,
): Message {
  const met = metReply(meeting, settings, now);
  const line = `It carries on #${thread.ref} (${thread.what}), which I closed ${CLOSED_WORDS.heard}`;
  return textMessage('confirmation', `${met.fallbackText} ${line}`);
}
