import {
  and,
  asc,
  count,
  eq,
  exists,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  ne,
  notInArray,
  or,
  sql,
} from 'drizzle-orm';
import type { Message } from '../src/core/message.ts';
import type { DeliveryProblem, FollowUpPromise, MemberScope, Platform } from '../src/core/model.ts';
import type { Delivery, DeliveryTarget, SentMessage } from '../src/core/ports/delivery.ts';
import type {
  ChannelAdmin,
  DueMember,
  DueNudge,
  DueRoundup,
  NudgeMark,
  OutboxCounts,
  OutboxStore,
  PlannedDelivery,
  PlanningItem,
  Reachability,
  RoundupActivity,
} from '../src/core/ports/outbox.ts';
import { type Db, queryRows } from './connection.ts';
import { toMember, toPromise, toWorkspace } from './rows.ts';
import { deliveries, followUps, members, processedRequests, promises, workspaces } from './schema.ts';
import { DrizzleStore } from './store.ts';

interface Payload {
  target: DeliveryTarget;
  message: Message;
}

/** A delivery still claimed by `workerId`: only its owner may renew or settle it. */
function ownedBy(workerId: string) {
  return and(eq(deliveries.state, 'sending'), eq(deliveries.claimedBy, workerId));
}

/**
 * The moment before which a claim's lease has run out, on the database's clock: every instance
 * compares against the same clock, and tests that move the app's clock do not expire claims.
 */
function leaseExpiry(leaseMs: number) {
  return sql`now() - ${Math.max(0, Math.round(leaseMs))}::integer * interval '1 millisecond'`;
}

/**
 * Ids as one jsonb parameter: the statement's text stays the same whatever the batch size (one
 * prepared statement), and no batch can run into the driver's limit on parameters.
 */
function jsonIds(ids: readonly string[]) {
  return sql`${JSON.stringify([...new Set(ids)])}::jsonb`;
}

/**
 * An instant for a JSON parameter. JSON.stringify writes an Invalid Date as null, which these
 * columns read as "off" (no digest, no more nudges): toISOString throws instead, as the driver
 * does for a column written alone, so the batch is replayed and only that item is deferred.
 */
function jsonInstant(at: Date | null): string | null {
  return at === null ? null : at.toISOString();
}

/**
 * The scheduler's queues and outbox on drizzle. Claims lock with `FOR UPDATE SKIP LOCKED` and
 * filter exactly as the partial indexes are defined, so a pass reads only what is due.
 */
export class DrizzleOutboxStore implements OutboxStore {
  constructor(
    private readonly db: Db,
    private readonly inTransaction = false,
  ) {}

  transaction<T>(work: (tx: OutboxStore) => Promise<T>): Promise<T> {
    return this.inTransaction
      ? work(this)
      : this.db.transaction((tx) => work(new DrizzleOutboxStore(tx, true)));
  }

  savepoint<T>(work: (tx: OutboxStore) => Promise<T>): Promise<T> {
    // Inside a transaction drizzle makes a nested transaction a savepoint: a failure rolls back
    // to it and leaves the outer transaction usable (on Postgres an error otherwise aborts it).
    return this.db.transaction((tx) => work(new DrizzleOutboxStore(tx, true)));
  }

  private atomically<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return this.inTransaction ? work(this.db) : this.db.transaction((tx) => work(tx));
  }

  async deferPlanning(item: PlanningItem, retryAt: Date): Promise<void> {
    if (item.kind === 'digest') {
      await this.db
        .update(members)
        .set({ nextDigestAt: retryAt, planningFailures: sql`${members.planningFailures} + 1` })
        .where(and(eq(members.workspaceId, item.scope.workspaceId), eq(members.id, item.scope.memberId)));
    } else if (item.kind === 'nudge') {
      await this.db
        .update(promises)
        .set({ nextNudgeAt: retryAt, planningFailures: sql`${promises.planningFailures} + 1` })
        .where(
          and(
            eq(promises.workspaceId, item.scope.workspaceId),
            eq(promises.memberId, item.scope.memberId),
            eq(promises.id, item.promiseId),
          ),
        );
    } else {
      await this.db
        .update(workspaces)
        .set({ nextRoundupAt: retryAt, planningFailures: sql`${workspaces.planningFailures} + 1` })
        .where(eq(workspaces.id, item.workspaceId));
    }
  }

  async claimDueDigests(now: Date, limit: number): Promise<DueMember[]> {
    const rows = await this.db
      .select({ member: members, workspace: workspaces })
      .from(members)
      .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
      .where(
        and(isNotNull(members.nextDigestAt), isNull(members.unreachableAt), lte(members.nextDigestAt, now)),
      )
      .orderBy(asc(members.nextDigestAt))
      .limit(limit)
      .for('update', { of: members, skipLocked: true });
    if (rows.length === 0) return [];
    const owned = await this.promisesOfMany(rows.map((row) => row.member));
    return rows.map(({ member, workspace }) => ({
      member: toMember(member),
      workspace: toWorkspace(workspace),
      dueAt: member.nextDigestAt ?? now,
      dmChannelId: member.dmChannelId,
      planningFailures: member.planningFailures,
      promises: owned.get(member.id) ?? [],
    }));
  }

  /**
   * The promises (open and closed) with follow-ups of many members, in two statements for the
   * lot, each member's in `promisesOf`'s order (due date, then ref).
   */
  private async promisesOfMany(
    owners: readonly { id: string; workspaceId: string }[],
  ): Promise<Map<string, FollowUpPromise[]>> {
    const rows = await this.db
      .select()
      .from(promises)
      .where(
        and(
          sql`${promises.workspaceId} in (select jsonb_array_elements_text(${jsonIds(owners.map((owner) => owner.workspaceId))})::uuid)`,
          sql`${promises.memberId} in (select jsonb_array_elements_text(${jsonIds(owners.map((owner) => owner.id))})::uuid)`,
        ),
      )
      .orderBy(asc(promises.dueAt), asc(promises.ref));
    const logged =
      rows.length === 0
        ? []
        : await this.db
            .select()
            .from(followUps)
            .where(
              sql`${followUps.promiseId} in (select jsonb_array_elements_text(${jsonIds(rows.map((row) => row.id))})::uuid)`,
            );
    const byPromise = new Map<string, (typeof logged)[number][]>();
    for (const row of logged) {
      const list = byPromise.get(row.promiseId);
      if (list === undefined) byPromise.set(row.promiseId, [row]);
      else list.push(row);
    }
    const workspaceOf = new Map(owners.map((owner) => [owner.id, owner.workspaceId]));
    const byMember = new Map<string, FollowUpPromise[]>();
    for (const row of rows) {
      if (workspaceOf.get(row.memberId) !== row.workspaceId) continue;
      const promise = toPromise(row, byPromise.get(row.id) ?? []);
      const list = byMember.get(row.memberId);
      if (list === undefined) byMember.set(row.memberId, [promise]);
      else list.push(promise);
    }
    return byMember;
  }

  async setNextDigestAt(scope: MemberScope, at: Date | null): Promise<void> {
    await this.db
      .update(members)
      .set({ nextDigestAt: at, planningFailures: 0 })
      .where(and(eq(members.workspaceId, scope.workspaceId), eq(members.id, scope.memberId)));
  }

  async setNextDigestsAt(moments: readonly { scope: MemberScope; at: Date | null }[]): Promise<void> {
    if (moments.length === 0) return;
    const rows = moments.map(({ scope, at }) => ({
      w: scope.workspaceId,
      m: scope.memberId,
      at: jsonInstant(at),
    }));
    await this.db.execute(
      sql`update members set next_digest_at = x.at, planning_failures = 0
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(w uuid, m uuid, at timestamptz)
        where members.workspace_id = x.w and members.id = x.m`,
    );
  }

  async claimDueNudges(now: Date, limit: number): Promise<DueNudge[]> {
    const rows = await this.db
      .select({ promise: promises, member: members, workspace: workspaces })
      .from(promises)
      .innerJoin(members, eq(members.id, promises.memberId))
      .innerJoin(workspaces, eq(workspaces.id, promises.workspaceId))
      .where(
        and(isNotNull(promises.nextNudgeAt), lte(promises.nextNudgeAt, now), isNull(members.unreachableAt)),
      )
      .orderBy(asc(promises.nextNudgeAt))
      .limit(limit)
      .for('update', { of: promises, skipLocked: true });
    if (rows.length === 0) return [];
    const logged = await this.db
      .select()
      .from(followUps)
      .where(
        inArray(
          followUps.promiseId,
          rows.map((row) => row.promise.id),
        ),
      );
    return rows.map(({ promise, member, workspace }) => ({
      promise: toPromise(
        promise,
        logged.filter((f) => f.promiseId === promise.id),
      ),
      member: toMember(member),
      workspace: toWorkspace(workspace),
      dmChannelId: member.dmChannelId,
      nextDigestAt: member.nextDigestAt,
      digestPlanningFailures: member.planningFailures,
      planningFailures: promise.planningFailures,
    }));
  }

  async markNudgesPlanned(marks: readonly NudgeMark[]): Promise<void> {
    if (marks.length === 0) return;
    const rows = marks.map((mark) => ({
      w: mark.scope.workspaceId,
      m: mark.scope.memberId,
      p: mark.promiseId,
      attempt: mark.attempt,
      at: jsonInstant(mark.nextNudgeAt),
      checked: mark.seen !== undefined,
      seen_attempt: mark.seen?.attempt ?? null,
      seen_at: jsonInstant(mark.seen?.nextNudgeAt ?? null),
    }));
    // A checked mark applies only to the row as it was read (moments compared to the millisecond,
    // as they were read): a change committed since by another instance wins over the plan.
    await this.db.execute(
      sql`update promises set last_nudged_attempt = x.attempt, next_nudge_at = x.at, planning_failures = 0
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as x(w uuid, m uuid, p uuid, attempt integer, at timestamptz, checked boolean, seen_attempt integer, seen_at timestamptz)
        where promises.workspace_id = x.w and promises.member_id = x.m and promises.id = x.p
          and (not x.checked or (promises.last_nudged_attempt = x.seen_attempt
            and date_trunc('milliseconds', promises.next_nudge_at) is not distinct from x.seen_at))`,
    );
  }

  async claimDueRoundups(now: Date, limit: number): Promise<DueRoundup[]> {
    const rows = await this.db
      .select()
      .from(workspaces)
      .where(
        and(
          isNotNull(workspaces.accountabilityChannelId),
          isNull(workspaces.channelProblem),
          ne(workspaces.roundupCadence, 'off'),
          or(isNull(workspaces.nextRoundupAt), lte(workspaces.nextRoundupAt, now)),
        ),
      )
      .limit(limit)
      .for('update', { skipLocked: true });
    return rows.map((row) => ({
      workspace: { ...toWorkspace(row), accountabilityChannelId: row.accountabilityChannelId ?? '' },
      dueAt: row.nextRoundupAt,
      planningFailures: row.planningFailures,
    }));
  }

  async setNextRoundupAt(workspaceId: string, at: Date | null): Promise<void> {
    await this.db
      .update(workspaces)
      .set({ nextRoundupAt: at, planningFailures: 0 })
      .where(eq(workspaces.id, workspaceId));
  }

  async roundupActivity(workspaceId: string, from: Date, to: Date): Promise<RoundupActivity> {
    const inPeriod = and(
      eq(followUps.workspaceId, workspaceId),
      gte(followUps.at, from),
      lt(followUps.at, to),
    );
    const [followUpCount] = await this.db.select({ n: count() }).from(followUps).where(inPeriod);
    const [callbackCount] = await this.db
      .select({ n: count() })
      .from(promises)
      .where(
        and(
          eq(promises.workspaceId, workspaceId),
          eq(promises.outcome, 'heard'),
          gte(promises.closedAt, from),
          lt(promises.closedAt, to),
        ),
      );
    const active = await this.db
      .selectDistinct({ memberId: promises.memberId })
      .from(promises)
      .where(
        and(
          eq(promises.workspaceId, workspaceId),
          or(
            and(gte(promises.lastActivityAt, from), lt(promises.lastActivityAt, to)),
            // Built from column operators, so the driver encodes the Dates as timestamptz (a bare
            // Date inside sql`` is refused by postgres-js with ERR_INVALID_ARG_TYPE).
            exists(
              this.db
                .select({ one: sql`1` })
                .from(followUps)
                .where(
                  and(eq(followUps.promiseId, promises.id), gte(followUps.at, from), lt(followUps.at, to)),
                ),
            ),
          ),
        ),
      );
    const activeIds = active.map((row) => row.memberId);
    const sharerRows =
      activeIds.length === 0
        ? []
        : await this.db
            .select()
            .from(members)
            .where(
              and(
                eq(members.workspaceId, workspaceId),
                eq(members.share, true),
                inArray(members.id, activeIds),
              ),
            );
    const store = new DrizzleStore(this.db, this.inTransaction);
    const sharers = [];
    for (const row of sharerRows) {
      const member = toMember(row);
      sharers.push({
        member,
        promises: await store.listPromises({ workspaceId, memberId: member.id }, { includeClosed: true }),
      });
    }
    return {
      followUps: followUpCount?.n ?? 0,
      callbacks: callbackCount?.n ?? 0,
      activeMembers: activeIds.length,
      sharers,
    };
  }

  async enqueue(delivery: PlannedDelivery): Promise<boolean> {
    const payload: Payload = { target: delivery.target, message: delivery.message };
    const rows = await this.db
      .insert(deliveries)
      .values({
        workspaceId: delivery.workspaceId,
        memberId: delivery.memberId,
        kind: delivery.kind,
        platform: delivery.target.platform,
        dedupeKey: delivery.dedupeKey,
        payload,
        periodEnd: delivery.periodEnd ?? null,
        nextAttemptAt: delivery.notBefore,
      })
      .onConflictDoNothing({ target: deliveries.dedupeKey })
      .returning({ id: deliveries.id });
    return rows.length > 0;
  }

  async enqueueAll(planned: readonly PlannedDelivery[]): Promise<Set<string>> {
    if (planned.length === 0) return new Set();
    // One JSON parameter for the lot: the statement's text is the same for every batch, and
    // instants travel as ISO strings (postgres-js refuses a bare Date in sql``).
    const rows = planned.map((delivery) => ({
      w: delivery.workspaceId,
      m: delivery.memberId,
      kind: delivery.kind,
      platform: delivery.target.platform,
      key: delivery.dedupeKey,
      payload: { target: delivery.target, message: delivery.message } satisfies Payload,
      period_end: jsonInstant(delivery.periodEnd ?? null),
      at: jsonInstant(delivery.notBefore),
    }));
    const added = await queryRows<{ dedupe_key: string }>(
      this.db,
      sql`insert into deliveries (workspace_id, member_id, kind, platform, dedupe_key, payload, period_end, next_attempt_at)
        select x.w, x.m, x.kind, x.platform, x.key, x.payload, x.period_end, x.at
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as x(w uuid, m uuid, kind text, platform text, key text, payload jsonb, period_end timestamptz, at timestamptz)
        on conflict (dedupe_key) do nothing
        returning dedupe_key`,
    );
    return new Set(added.map((row) => row.dedupe_key));
  }

  async claimDeliveries(options: {
    now: Date;
    limit: number;
    platforms: readonly Platform[];
    workerId: string;
    leaseMs: number;
    skipWorkspaces?: readonly string[];
  }): Promise<Delivery[]> {
    const { now, limit, workerId } = options;
    const platforms = [...options.platforms];
    // Workspaces a Retry-After holds (any instance's): their rows wait in place until it ends.
    const notHeld =
      options.skipWorkspaces === undefined || options.skipWorkspaces.length === 0
        ? undefined
        : notInArray(deliveries.workspaceId, [...options.skipWorkspaces]);
    return this.atomically(async (tx) => {
      const stale = await tx
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(
          and(
            eq(deliveries.state, 'sending'),
            lt(deliveries.claimedAt, leaseExpiry(options.leaseMs)),
            inArray(deliveries.platform, platforms),
            notHeld,
          ),
        )
        .orderBy(asc(deliveries.claimedAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      const due =
        stale.length >= limit
          ? []
          : await tx
              .select({ id: deliveries.id })
              .from(deliveries)
              .where(
                and(
                  eq(deliveries.state, 'pending'),
                  lte(deliveries.nextAttemptAt, now),
                  inArray(deliveries.platform, platforms),
                  notHeld,
                ),
              )
              .orderBy(asc(deliveries.nextAttemptAt))
              .limit(limit - stale.length)
              .for('update', { skipLocked: true });
      const ids = [...stale, ...due].map((row) => row.id);
      if (ids.length === 0) return [];
      const resumed = new Set(stale.map((row) => row.id));
      const rows = await tx
        .update(deliveries)
        .set({
          state: 'sending',
          attempts: sql`${deliveries.attempts} + 1`,
          claimedAt: sql`now()`,
          claimedBy: workerId,
        })
        .where(inArray(deliveries.id, ids))
        .returning();
      // RETURNING has no order: hand them out as claimed, resumed ones then the longest waiting.
      const order = new Map(ids.map((id, index) => [id, index]));
      rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
      return rows.map((row) => {
        const payload = row.payload as Payload;
        return {
          id: row.id,
          workspaceId: row.workspaceId,
          memberId: row.memberId,
          kind: row.kind as Delivery['kind'],
          dedupeKey: row.dedupeKey,
          target: payload.target,
          message: payload.message,
          attempts: row.attempts,
          // An earlier attempt still counted (not refunded by a 429 or a hand-back) may have
          // reached the platform too: a dead process's claim that a later process resumed and
          // handed back at shutdown, or a send that failed ambiguously (5xx, timeout).
          resumed: resumed.has(row.id) || row.attempts > 1,
        };
      });
    });
  }

  async renewClaims(workerId: string, deliveryIds: readonly string[]): Promise<string[]> {
    if (deliveryIds.length === 0) return [];
    const rows = await this.db
      .update(deliveries)
      .set({ claimedAt: sql`now()` })
      .where(and(ownedBy(workerId), inArray(deliveries.id, [...deliveryIds])))
      .returning({ id: deliveries.id });
    return rows.map((row) => row.id);
  }

  async markSent(delivery: Delivery, workerId: string, sent: SentMessage, at: Date): Promise<boolean> {
    const settle = async (db: Db) => {
      const settled = await db
        .update(deliveries)
        .set({ state: 'sent', sentAt: at, platformMessageId: sent.platformMessageId, lastError: null })
        .where(and(eq(deliveries.id, delivery.id), ownedBy(workerId)))
        .returning({ id: deliveries.id });
      return settled.length > 0;
    };
    // Nothing to cache on the member: one autocommit UPDATE instead of BEGIN, UPDATE, COMMIT,
    // a third of the round trips of every send.
    if (sent.dmChannelId === undefined || delivery.memberId === null) return settle(this.db);
    return this.atomically(async (tx) => {
      if (!(await settle(tx))) return false;
      if (sent.dmChannelId !== undefined && delivery.memberId !== null) {
        await tx
          .update(members)
          .set({ dmChannelId: sent.dmChannelId })
          .where(and(eq(members.workspaceId, delivery.workspaceId), eq(members.id, delivery.memberId)));
      }
      return true;
    });
  }

  async markRetry(
    deliveryId: string,
    workerId: string,
    retry: { at: Date; error: string; countAttempt: boolean },
  ): Promise<boolean> {
    const rows = await this.db
      .update(deliveries)
      .set({
        state: 'pending',
        nextAttemptAt: retry.at,
        lastError: retry.error,
        claimedBy: null,
        ...(retry.countAttempt ? {} : { attempts: sql`greatest(${deliveries.attempts} - 1, 0)` }),
      })
      .where(and(eq(deliveries.id, deliveryId), ownedBy(workerId)))
      .returning({ id: deliveries.id });
    return rows.length > 0;
  }

  async markDead(deliveryId: string, workerId: string, error: string): Promise<boolean> {
    const rows = await this.db
      .update(deliveries)
      .set({ state: 'dead', lastError: error })
      .where(and(eq(deliveries.id, deliveryId), ownedBy(workerId)))
      .returning({ id: deliveries.id });
    return rows.length > 0;
  }

  async markUnreachable(scope: MemberScope, problem: DeliveryProblem): Promise<void> {
    await this.db
      .update(members)
      .set({ unreachableAt: problem.since, unreachableReason: problem.reason })
      .where(and(eq(members.workspaceId, scope.workspaceId), eq(members.id, scope.memberId)));
  }

  async markChannelUnpostable(
    workspaceId: string,
    channelId: string,
    problem: DeliveryProblem,
  ): Promise<ChannelAdmin | null> {
    const marked = await this.db
      .update(workspaces)
      .set({ channelProblem: problem.reason, channelProblemAt: problem.since })
      .where(
        and(
          eq(workspaces.id, workspaceId),
          eq(workspaces.accountabilityChannelId, channelId),
          isNull(workspaces.channelProblem),
        ),
      )
      .returning({ setBy: workspaces.accountabilityChannelSetBy });
    const setBy = marked[0]?.setBy;
    if (setBy === undefined || setBy === null) return null;
    const [row] = await this.db
      .select({ member: members, workspace: workspaces })
      .from(members)
      .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
      .where(and(eq(members.workspaceId, workspaceId), eq(members.id, setBy), isNull(members.unreachableAt)));
    if (row === undefined) return null;
    return {
      member: toMember(row.member),
      workspace: toWorkspace(row.workspace),
      dmChannelId: row.member.dmChannelId,
    };
  }

  async reachability(): Promise<Reachability> {
    const [memberRow] = await this.db
      .select({ n: count() })
      .from(members)
      .where(isNotNull(members.unreachableAt));
    const [channelRow] = await this.db
      .select({ n: count() })
      .from(workspaces)
      .where(and(isNotNull(workspaces.accountabilityChannelId), isNotNull(workspaces.channelProblem)));
    return { unreachableMembers: memberRow?.n ?? 0, unpostableChannels: channelRow?.n ?? 0 };
  }

  async releaseClaims(workerId: string): Promise<number> {
    const rows = await this.db
      .update(deliveries)
      .set({ state: 'pending', claimedBy: null, attempts: sql`greatest(${deliveries.attempts} - 1, 0)` })
      .where(ownedBy(workerId))
      .returning({ id: deliveries.id });
    return rows.length;
  }

  /** What waits in the outbox, read through the partial indexes only (cheap enough for every scrape). */
  async backlog(now: Date): Promise<{ pending: number; sending: number; oldestDueAt: Date | null }> {
    const [pending] = await this.db
      .select({ n: count() })
      .from(deliveries)
      .where(eq(deliveries.state, 'pending'));
    const [due] = await this.db
      .select({ oldest: sql<Date | string | null>`min(${deliveries.nextAttemptAt})` })
      .from(deliveries)
      .where(and(eq(deliveries.state, 'pending'), lte(deliveries.nextAttemptAt, now)));
    const [sending] = await this.db
      .select({ n: count() })
      .from(deliveries)
      .where(eq(deliveries.state, 'sending'));
    const oldest = due?.oldest ?? null;
    return {
      pending: pending?.n ?? 0,
      sending: sending?.n ?? 0,
      oldestDueAt: oldest === null ? null : new Date(oldest),
    };
  }

  async prune(options: {
    requestsBefore: Date;
    deliveriesBefore: Date;
  }): Promise<{ requests: number; deliveries: number }> {
    const requests = await this.db
      .delete(processedRequests)
      .where(lt(processedRequests.at, options.requestsBefore))
      .returning({ key: processedRequests.key });
    const settled = await this.db
      .delete(deliveries)
      .where(
        and(
          inArray(deliveries.state, ['sent', 'dead']),
          // coalesce(sent_at, next_attempt_at) < before, written on the columns so the driver
          // encodes the Date (a bare Date in sql`` fails on postgres-js).
          or(
            lt(deliveries.sentAt, options.deliveriesBefore),
            and(isNull(deliveries.sentAt), lt(deliveries.nextAttemptAt, options.deliveriesBefore)),
          ),
        ),
      )
      .returning({ id: deliveries.id });
    return { requests: requests.length, deliveries: settled.length };
  }

  async counts(): Promise<OutboxCounts> {
    const rows = await this.db
      .select({ state: deliveries.state, n: count() })
      .from(deliveries)
      .groupBy(deliveries.state);
    const counts: OutboxCounts = { pending: 0, sending: 0, sent: 0, dead: 0 };
    for (const row of rows) {
      if (row.state in counts) counts[row.state as keyof OutboxCounts] = row.n;
    }
    return counts;
  }
}
