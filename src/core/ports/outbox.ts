import type { Message } from '../message.ts';
import type { DeliveryProblem, FollowUpPromise, Member, MemberScope, Platform, Workspace } from '../model.ts';
import type { Delivery, DeliveryKind, DeliveryTarget, SentMessage } from './delivery.ts';

/** A delivery the planner decided on; the store gives it an id and makes it unique by `dedupeKey`. */
export interface PlannedDelivery {
  workspaceId: string;
  memberId: string | null;
  kind: DeliveryKind;
  /** member + kind + local date, promise + attempt, or workspace + period. */
  dedupeKey: string;
  target: DeliveryTarget;
  message: Message;
  notBefore: Date;
  /** For a roundup, the end of the period it reports (forget-me sets the schedule back to it). */
  periodEnd?: Date;
}

/** A member whose digest moment has passed, locked for this planning transaction. */
export interface DueMember {
  member: Member;
  workspace: Workspace;
  /** The moment that was due (may be days old after downtime, or a retry after a failed planning). */
  dueAt: Date;
  dmChannelId: string | null;
  /** How many plannings of this member's digest failed in a row. */
  planningFailures: number;
  /** The member's promises (open and closed) with follow-ups, read with the batch's claim. */
  promises: readonly FollowUpPromise[];
}

/** An open promise whose timed-nudge moment has passed, locked for this planning transaction. */
export interface DueNudge {
  member: Member;
  workspace: Workspace;
  promise: FollowUpPromise;
  dmChannelId: string | null;
  /**
   * The member's next digest moment as stored (null: digest off), read in the claiming
   * transaction: a digest another instance is planning right now still shows as due here.
   */
  nextDigestAt: Date | null;
  /** How many plannings of the member's digest failed in a row (then no nudge waits for it). */
  digestPlanningFailures: number;
  /** How many plannings of this promise's nudge failed in a row. */
  planningFailures: number;
}

/** A workspace whose roundup moment has passed (or was never set), locked for this transaction. */
export interface DueRoundup {
  workspace: Workspace & { accountabilityChannelId: string };
  /** null when the roundup was never scheduled: the planner only sets the first moment. */
  dueAt: Date | null;
  /** How many plannings of this workspace's roundup failed in a row. */
  planningFailures: number;
}

/** A promise's nudge bookkeeping after planning: the attempt planned and its next queue moment. */
export interface NudgeMark {
  scope: MemberScope;
  promiseId: string;
  attempt: number;
  nextNudgeAt: Date | null;
  /**
   * The bookkeeping the planner read, for a promise it did not lock (a digest's): the mark is
   * written only if the row still holds it, so a snooze, follow-up or close that committed since
   * is not overwritten.
   */
  seen?: { attempt: number; nextNudgeAt: Date | null };
}

/** One item of a planning queue: a member's digest, a promise's nudge, a workspace's roundup. */
export type PlanningItem =
  | { kind: 'digest'; scope: MemberScope }
  | { kind: 'nudge'; scope: MemberScope; promiseId: string }
  | { kind: 'roundup'; workspaceId: string };

/** What happened in a workspace in a period, with no contact names or companies. */
export interface RoundupActivity {
  followUps: number;
  callbacks: number;
  activeMembers: number;
  /** Members who opted in with `share on` and logged something in the period. */
  sharers: readonly { member: Member; promises: readonly FollowUpPromise[] }[];
}

/** The admin who chose a workspace's accountability channel, with what a DM to them needs. */
export interface ChannelAdmin {
  member: Member;
  workspace: Workspace;
  dmChannelId: string | null;
}

/** Who Thrice cannot reach, counted for operators. */
export interface Reachability {
  unreachableMembers: number;
  unpostableChannels: number;
}

/** Counts for operators and tests. */
export interface OutboxCounts {
  pending: number;
  sending: number;
  sent: number;
  dead: number;
}

/**
 * The scheduler's storage: work queues (`members.next_digest_at`, `promises.next_nudge_at`,
 * `workspaces.next_roundup_at`) and the deliveries outbox. Claims use `FOR UPDATE SKIP LOCKED`,
 * so any number of instances can plan and send side by side.
 */
export interface OutboxStore {
  /** Runs `work` in one transaction; locks taken by claims are held until it ends. */
  transaction<T>(work: (tx: OutboxStore) => Promise<T>): Promise<T>;
  /**
   * Runs `work` so that when it throws only its own writes are undone and the error is rethrown:
   * a savepoint inside a transaction (which stays usable), a transaction of its own outside one.
   */
  savepoint<T>(work: (tx: OutboxStore) => Promise<T>): Promise<T>;
  /**
   * Counts one more failed planning of `item` and puts it back in its queue at `retryAt`, so a
   * poison row waits instead of failing every pass. A successful planning resets the count.
   */
  deferPlanning(item: PlanningItem, retryAt: Date): Promise<void>;

  /**
   * Locks up to `limit` reachable members whose `next_digest_at` ≤ now, skipping rows locked
   * elsewhere, and reads their promises with follow-ups for the whole batch at once.
   */
  claimDueDigests(now: Date, limit: number): Promise<DueMember[]>;
  /** Sets the member's next digest moment (null: digest off) after a planning that succeeded. */
  setNextDigestAt(scope: MemberScope, at: Date | null): Promise<void>;
  /** `setNextDigestAt` for many members in one statement. */
  setNextDigestsAt(moments: readonly { scope: MemberScope; at: Date | null }[]): Promise<void>;
  /** Locks up to `limit` open promises of reachable members whose `next_nudge_at` ≤ now. */
  claimDueNudges(now: Date, limit: number): Promise<DueNudge[]>;
  /** Records, for each promise, that a timed nudge for `attempt` was planned and sets its next queue moment (planning succeeded). */
  markNudgesPlanned(marks: readonly NudgeMark[]): Promise<void>;

  /** Locks up to `limit` workspaces with a channel and a roundup cadence whose moment passed or is unset. */
  claimDueRoundups(now: Date, limit: number): Promise<DueRoundup[]>;
  /** Sets the workspace's next roundup moment after a planning that succeeded. */
  setNextRoundupAt(workspaceId: string, at: Date | null): Promise<void>;
  /** Activity of the workspace in [from, to). */
  roundupActivity(workspaceId: string, from: Date, to: Date): Promise<RoundupActivity>;

  /** Adds a delivery unless one with the same dedupe key exists; true when added. */
  enqueue(delivery: PlannedDelivery): Promise<boolean>;
  /** `enqueue` for many deliveries in one statement; returns the dedupe keys that were added. */
  enqueueAll(deliveries: readonly PlannedDelivery[]): Promise<Set<string>>;
  /**
   * Claims up to `limit` deliveries for `platforms`: pending ones whose next attempt is due at
   * `now`, and ones left `sending` by a worker whose lease ran out (marked `resumed`). Marks them
   * `sending`, counts the attempt and records `workerId` as the owner. Leases are measured on the
   * database's clock: a claim expires `leaseMs` after it was made or last renewed, whatever the
   * callers' clocks say. Rows of `skipWorkspaces` (held by a platform's Retry-After) are left
   * alone, resumable ones included.
   */
  claimDeliveries(options: {
    now: Date;
    limit: number;
    platforms: readonly Platform[];
    workerId: string;
    leaseMs: number;
    skipWorkspaces?: readonly string[];
  }): Promise<Delivery[]>;
  /**
   * Renews the lease of those of `deliveryIds` that `workerId` still owns (claimed by it and still
   * `sending`); returns their ids. An id missing from the answer was settled or taken over.
   */
  renewClaims(workerId: string, deliveryIds: readonly string[]): Promise<string[]>;
  /**
   * Settles a delivery as sent if `workerId` still owns its claim, caching the DM channel on the
   * member when the platform opened one. False when the claim was lost (nothing is changed).
   */
  markSent(delivery: Delivery, workerId: string, sent: SentMessage, at: Date): Promise<boolean>;
  /**
   * Puts a delivery `workerId` owns back to pending for an attempt at `retry.at`;
   * `countAttempt: false` refunds the attempt (429s). False when the claim was lost.
   */
  markRetry(
    deliveryId: string,
    workerId: string,
    retry: { at: Date; error: string; countAttempt: boolean },
  ): Promise<boolean>;
  /** Settles a delivery `workerId` owns as dead: never retried, stays visible. False when the claim was lost. */
  markDead(deliveryId: string, workerId: string, error: string): Promise<boolean>;
  /** Marks the member unreachable (blocked the bot, left): no more digests or nudges are planned. */
  markUnreachable(scope: MemberScope, problem: DeliveryProblem): Promise<void>;
  /**
   * Records that the platform refused a roundup to `channelId` for good, unless the channel was
   * changed meanwhile or is already marked: no roundup is planned until an admin sets a channel
   * again. Returns the admin who set it when this call marked it and they can be told by DM.
   */
  markChannelUnpostable(
    workspaceId: string,
    channelId: string,
    problem: DeliveryProblem,
  ): Promise<ChannelAdmin | null>;
  /** Members no DM reaches and workspaces whose roundup channel refuses posts, for /readyz and metrics. */
  reachability(): Promise<Reachability>;
  /** Hands back deliveries this worker still owns but did not settle (graceful shutdown); refunds their attempt. */
  releaseClaims(workerId: string): Promise<number>;
  /** How many deliveries are in each state. */
  counts(): Promise<OutboxCounts>;
  /**
   * Forgets what is no longer needed: request keys seen before `requestsBefore` (platform
   * retries come within minutes) and deliveries settled (sent or dead) before `deliveriesBefore`.
   */
  prune(options: {
    requestsBefore: Date;
    deliveriesBefore: Date;
  }): Promise<{ requests: number; deliveries: number }>;
}
