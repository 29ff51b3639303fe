import type { Clock } from '../core/ports/store.ts';

/** The sliding window of the per-member command limit. */
export const RATE_WINDOW_MS = 60_000;

/** Past this many tracked keys, a hit also sweeps out the keys whose window is empty. */
const SWEEP_THRESHOLD = 10_000;

/** What one attempt got: allowed, or refused with the moment the oldest counted attempt leaves the window. */
export type RateDecision = { allowed: true } | { allowed: false; retryAt: Date };

/** Counts attempts per key over a sliding window. */
export interface RateLimiter {
  /** Counts one attempt for `key` now, unless the key already used up its window (refused attempts are not counted). */
  hit(key: string): RateDecision;
}

/**
 * A sliding-window log per key, in this process's memory: several instances each count on their
 * own, so with N instances behind a load balancer a member may get up to N × `limit` a minute.
 * Time comes from the injected clock, so tests move it by hand.
 */
export function createRateLimiter(options: { limit: number; clock: Clock; windowMs?: number }): RateLimiter {
  const { limit, clock } = options;
  const windowMs = options.windowMs ?? RATE_WINDOW_MS;
  const attempts = new Map<string, number[]>();

  function sweep(now: number): void {
    for (const [key, times] of attempts) {
      const last = times[times.length - 1];
      if (last === undefined || last <= now - windowMs) attempts.delete(key);
    }
  }

  return {
    hit(key) {
      const now = clock.now().getTime();
      if (attempts.size > SWEEP_THRESHOLD) sweep(now);
      const recent = (attempts.get(key) ?? []).filter((at) => at > now - windowMs);
      const oldest = recent[0];
      if (recent.length >= limit && oldest !== undefined) {
        attempts.set(key, recent);
        return { allowed: false, retryAt: new Date(oldest + windowMs) };
      }
      recent.push(now);
      attempts.set(key, recent);
      return { allowed: true };
    },
  };
}
