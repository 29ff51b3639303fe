import type { Ref } from './command.ts';
import { AmbiguousRefError, UnknownRefError } from './errors.ts';
import type { FollowUpPromise } from './model.ts';
import { err, ok, type Result } from './result.ts';

/** How a candidate is listed in "did you mean": `#4 Sam Lee (Initech)`. */
function label(promise: FollowUpPromise): string {
  const company = promise.contact.company ? ` (${promise.contact.company})` : '';
  return `#${promise.ref} ${promise.contact.name}${company}`;
}

/** Lower case, single spaces, accents folded, so "jose" finds "José". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** True when `prefix` starts the name or any word of it ("doe" matches "Jane Doe", "jane d" too). */
function matchesPrefix(name: string, prefix: string): boolean {
  const words = name.split(' ');
  return words.some((_, i) => words.slice(i).join(' ').startsWith(prefix));
}

/**
 * Finds the open promise a member means: `#12` by number, or a name prefix matched
 * case-insensitively against the start of any word of the contact's name ("doe" finds
 * "Jane Doe"). An exact full-name match wins over prefix matches. Several matches →
 * AmbiguousRefError listing them; none → UnknownRefError.
 */
export function resolveRef(ref: Ref, open: readonly FollowUpPromise[]): Result<FollowUpPromise> {
  if (ref.kind === 'number') {
    const found = open.find((p) => p.ref === ref.ref);
    return found ? ok(found) : err(new UnknownRefError(`#${ref.ref}`));
  }
  const prefix = fold(ref.prefix.replace(/^#/, ''));
  if (prefix === '') return err(new UnknownRefError(ref.prefix));
  const exact = open.filter((p) => fold(p.contact.name) === prefix);
  const matches = exact.length > 0 ? exact : open.filter((p) => matchesPrefix(fold(p.contact.name), prefix));
  const [only] = matches;
  if (only !== undefined && matches.length === 1) return ok(only);
  if (matches.length === 0) return err(new UnknownRefError(ref.prefix));
  return err(new AmbiguousRefError(ref.prefix, matches.map(label)));
}
