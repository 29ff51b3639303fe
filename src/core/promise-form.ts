import { ROLE_LABELS } from './format.ts';
import type { FollowUpPromise } from './model.ts';
import type { PromiseFields } from './ports/inbound.ts';
import { inZone } from './working-time.ts';

/**
 * The add form filled in from a promise (its Edit), so saving it unchanged keeps the promise as
 * it is. "When" is written the way the form's reader reads it back in the member's zone
 * ("Fri Dec 4 3:00 PM", the year only when it is not this one); a span ("within a week") becomes
 * its last day. What the contact promised is stored from the member's side ("call you back") and
 * the form speaks as the member ("call me back").
 */
export function formFieldsOf(promise: FollowUpPromise, zone: string, now: Date): PromiseFields {
  const due = inZone(promise.due.at, zone);
  const year = due.year === inZone(now, zone).year ? '' : ` ${due.year}`;
  const day = `${due.toFormat('ccc LLL d', { locale: 'en-US' })}${year}`;
  const when =
    promise.due.precision === 'time' ? `${day} ${due.toFormat('h:mm a', { locale: 'en-US' })}` : day;
  return {
    who: promise.contact.name,
    // A title said earlier ("VP Eng") is the role as the member gave it.
    role: promise.contact.title ?? (promise.contact.role === null ? '' : ROLE_LABELS[promise.contact.role]),
    company: promise.contact.company ?? '',
    what: promise.what.replace(/\byou\b/g, 'me').replace(/\byour\b/g, 'my'),
    when,
    note: promise.note ?? '',
    email: promise.contact.email ?? '',
    phone: promise.contact.phone ?? '',
    linkedin: promise.contact.linkedin ?? '',
  };
}
