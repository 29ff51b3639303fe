import type { Ref } from './command.ts';
import { AmbiguousRefError, UnknownRefError } from './errors.ts';
import type { FollowUpPromise } from './model.ts';
import { err, ok, type Result } from './result.ts';

function label(promise: FollowUpPromise): string {
  return `#${promise.ref} ${promise.contact.name}${promise.contact.company ? ` (${promise.contact.company})` : ''}`;
}

/**
 * Finds the promise a member means: `#12` by number, or a name prefix matched against the
 * start of any word of the contact's name ("doe" finds "Jane Doe"); an exact full name wins.
 */
export function resolveRef(ref: Ref, open: readonly FollowUpPromise[]): Result<FollowUpPromise> {
  if (ref.kind === 'number') {
    const found = open.find((p) => p.ref === ref.ref);
    return found ? ok(found) : err(new UnknownRefError(`#${ref.ref}`));
  }
  const prefix = ref.prefix.trim().toLowerCase();
  const exact = open.filter((p) => p.contact.name.toLowerCase() === prefix);
  if (exact.length === 1 && exact[0]) return ok(exact[0]);
  const matches = open.filter((p) => {
    const name = p.contact.name.toLowerCase();
    return name.startsWith(prefix) || name.split(/\s+/).some((word) => word.startsWith(prefix));
  });
  if (matches.length === 1 && matches[0]) return ok(matches[0]);
  if (matches.length === 0) return err(new UnknownRefError(ref.prefix));
  return err(new AmbiguousRefError(ref.prefix, matches.map(label)));
}
