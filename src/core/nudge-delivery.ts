import type { FollowUpPromise, MemberSettings } from './model.ts';
import { nextDigestAt, nextNudgeAt, type PlannedNudge } from './nudge-policy.ts';
import { inZone, workStartOn } from './working-time.ts';

/*
 * When the member actually sees a planned nudge. A timed nudge (R2) comes as its own DM at its
 * moment; every other nudge rides in the first digest that carries it — and a digest at 08:30
 * carries what is planned for the 09:00 start of work — so replies state that digest's time,
 * the member's own, not the start of work.
 */

/**
 * A timed nudge due this close before the member's digest rides in that digest instead of coming
 * as a message of its own minutes apart (the scheduler's planner applies it; replies say so).
 */
export const NUDGE_JOINS_DIGEST_WITHIN_MS = 30 * 60_000;

/** Digests looked ahead over: more than a week of work days, however sparse. */
const DIGESTS_AHEAD = 10;

/** The moment a digest at `at` counts nudges as due by (see nudgeState): now, or that day's start of work. */
function horizonOf(at: Date, settings: MemberSettings): number {
  const start = workStartOn(at, settings);
  return start !== null && start.getTime() > at.getTime() ? start.getTime() : at.getTime();
}

/** The first digest that lists `nudge` as due, or null when the digest is off or none is near. */
function carryingDigest(nudge: PlannedNudge, settings: MemberSettings): Date | null {
  const dayBefore = inZone(nudge.at, settings.timeZone).startOf('day').minus({ milliseconds: 1 });
  let digest = nextDigestAt(settings, dayBefore.toJSDate());
  for (let n = 0; digest !== null && n < DIGESTS_AHEAD; n++) {
    if (horizonOf(digest, settings) >= nudge.at.getTime()) return digest;
    digest = nextDigestAt(settings, digest);
  }
  return null;
}

/** When the member will see `nudge` of `promise`: its own DM's moment, or the digest that carries it. */
export function seenAt(promise: FollowUpPromise, nudge: PlannedNudge, settings: MemberSettings): Date {
  const digest = carryingDigest(nudge, settings);
  if (nextNudgeAt(promise, settings) !== null) {
    const joins = digest !== null && digest.getTime() - nudge.at.getTime() <= NUDGE_JOINS_DIGEST_WITHIN_MS;
    return joins ? digest : nudge.at;
  }
  return digest ?? nudge.at;
}
