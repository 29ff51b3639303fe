/** How the sender retries: bounded attempts, exponential backoff with full jitter, a claim lease. */
export const RETRY_POLICY = {
  /** After this many failed attempts (429s excluded) a delivery is dead. */
  maxAttempts: 6,
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  /**
   * A claim not renewed for this long (on the database's clock) is presumed to belong to a dead or
   * stalled sender and may be resumed; a live sender renews its claims three times per lease.
   */
  leaseMs: 2 * 60_000,
  /** Deliveries claimed per round trip. */
  batchSize: 25,
} as const;

/** The wait before attempt `attempts + 1`: exponential, capped, with full jitter (`random` in [0, 1)). */
export function backoffDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(
    RETRY_POLICY.maxDelayMs,
    RETRY_POLICY.baseDelayMs * 2 ** Math.max(0, attempts - 1),
  );
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * How the planner backs off an item whose planning failed (a poison row): it waits instead of
 * failing every minute, doubling the wait with each failure in a row up to one try a day.
 */
export const PLANNING_RETRY = {
  baseDelayMs: 5 * 60_000,
  maxDelayMs: 24 * 60 * 60_000,
} as const;

/** The wait before planning an item again after its `failures`-th failure in a row (≥ 1). */
export function planningRetryDelayMs(failures: number): number {
  return Math.min(PLANNING_RETRY.maxDelayMs, PLANNING_RETRY.baseDelayMs * 2 ** Math.max(0, failures - 1));
}

/** How long finished work is kept before a tick forgets it. */
export const RETENTION = {
  /** Request keys that make platform retries and double clicks no-ops. */
  requestKeysMs: 2 * 24 * 60 * 60_000,
  /** Sent and dead deliveries, kept for an operator to look into. */
  settledDeliveriesMs: 30 * 24 * 60 * 60_000,
  /** The in-process scheduler prunes at most this often. */
  everyMs: 60 * 60_000,
} as const;
