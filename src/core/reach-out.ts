import { firstName } from './format.ts';
import type { Item, ReachOut } from './message.ts';
import type { FollowUpPromise, MemberSettings } from './model.ts';
import { type NudgeWording, suggestedDraft, suggestedMessage } from './wording.ts';

/*
 * A nudge's wording together with the ways to send it: an e-mail written out in a `mailto:` link
 * (subject and body filled in), the phone number to call, the LinkedIn profile to message.
 */

/** Longest `mailto:` URL offered; past it many mail apps cut the body, so it goes without one. */
export const MAX_MAILTO_LENGTH = 2000;

/** Characters an address keeps as they are in a `mailto:` URL; the rest are percent-encoded. */
const ADDRESS_SAFE = /[^A-Za-z0-9@._+'-]/g;

/** Percent-encodes text for a `mailto:` header value; line breaks become CRLF, as RFC 6068 asks. */
function encoded(text: string): string {
  return encodeURIComponent(text.replace(/\r?\n/g, '\r\n'));
}

/** `mailto:jane@acme.com?subject=…&body=…`, without the body when the whole would be too long. */
export function mailtoUrl(address: string, subject: string, body: string): string {
  const to = `mailto:${address.replace(ADDRESS_SAFE, (c) => encodeURIComponent(c))}`;
  const withBody = `${to}?subject=${encoded(subject)}&body=${encoded(body)}`;
  return withBody.length <= MAX_MAILTO_LENGTH ? withBody : `${to}?subject=${encoded(subject)}`;
}

/** The ways to reach a promise's contact with this nudge, from the details the member gave. */
export function reachOuts(
  promise: FollowUpPromise,
  nudge: NudgeWording,
  settings: MemberSettings,
  now: Date,
): ReachOut[] {
  const { contact } = promise;
  const name = firstName(contact.name);
  const reach: ReachOut[] = [];
  if (contact.email !== undefined) {
    // The e-mail is written as an e-mail whatever channel the nudge suggests.
    const draft = suggestedDraft(promise, { ...nudge, channel: 'email' }, settings, now);
    reach.push({
      kind: 'email',
      label: `E-mail ${name}`,
      address: contact.email,
      url: mailtoUrl(contact.email, draft.subject ?? '', draft.body),
    });
  }
  if (contact.phone !== undefined) reach.push({ kind: 'call', label: `Call ${name}`, phone: contact.phone });
  if (contact.linkedin !== undefined)
    reach.push({ kind: 'linkedin', label: `Message ${name} on LinkedIn`, url: contact.linkedin });
  return reach;
}

/** The wording of a nudge as an item's quote, with the ways to send it when any are known. */
export function withWording(
  item: Item,
  promise: FollowUpPromise,
  nudge: NudgeWording,
  settings: MemberSettings,
  now: Date,
): Item {
  const reach = reachOuts(promise, nudge, settings, now);
  return {
    ...item,
    quote: suggestedMessage(promise, nudge, settings, now),
    ...(reach.length === 0 ? {} : { reach }),
  };
}
