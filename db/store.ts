import { and, asc, count, desc, eq, exists, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { PromiseDraft } from '../src/core/command.ts';
import type { Item, Message, Section } from '../src/core/message.ts';
import type {
  FollowUp,
  FollowUpPromise,
  Member,
  MemberScope,
  MemberSettings,
  Platform,
  Workspace,
} from '../src/core/model.ts';
import type {
  FirstAsks,
  ForgetResult,
  NewFollowUp,
  NewMember,
  NewPromise,
  PendingAdd,
  PromiseChanges,
  Store,
  WorkspaceIdentity,
} from '../src/core/ports/store.ts';
import { type Db, queryRows } from './connection.ts';
import { dueColumns, settingsColumns, toFollowUp, toMember, toPromise, toWorkspace } from './rows.ts';
import {
  deliveries,
  followUps,
  members,
  pendingAdds,
  processedRequests,
  promises,
  workspaces,
} from './schema.ts';

/** The Store port on drizzle: one class for Postgres and PGlite; every query scoped to its member. */
export class DrizzleStore implements Store {
  constructor(
    private readonly db: Db,
    private readonly inTransaction = false,
  ) {}

  transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    return this.inTransaction ? work(this) : this.db.transaction((tx) => work(new DrizzleStore(tx, true)));
  }

  /** Runs `work` on a transaction: this one when already inside one, else a new one. */
  private atomically<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return this.inTransaction ? work(this.db) : this.db.transaction((tx) => work(tx));
  }

  async ensureWorkspace(identity: WorkspaceIdentity): Promise<Workspace> {
    const identifies = and(
      eq(workspaces.platform, identity.platform),
      eq(workspaces.externalId, identity.externalId),
    );
    // Every command passes here: a plain read keeps the workspace row free of writes and locks
    // unless its name really changed.
    const [found] = await this.db.select().from(workspaces).where(identifies);
    if (found !== undefined && (identity.name === null || identity.name === found.name))
      return toWorkspace(found);
    return this.upsertWorkspace(identity);
  }

  /** Creates the workspace, or renames it when the platform reports a new name. */
  private async upsertWorkspace(identity: WorkspaceIdentity): Promise<Workspace> {
    const [row] = await this.db
      .insert(workspaces)
      .values({ platform: identity.platform, externalId: identity.externalId, name: identity.name })
      .onConflictDoUpdate({
        target: [workspaces.platform, workspaces.externalId],
        set: { name: sql`coalesce(excluded.name, ${workspaces.name})` },
      })
      .returning();
    if (row === undefined) throw new Error('workspace upsert returned nothing');
    return toWorkspace(row);
  }

  async setAccountabilityChannel(
    workspaceId: string,
    channelId: string | null,
    setBy: string | null,
  ): Promise<Workspace> {
    const [row] = await this.db
      .update(workspaces)
      .set({
        accountabilityChannelId: channelId,
        accountabilityChannelSetBy: channelId === null ? null : setBy,
        channelProblem: null,
        channelProblemAt: null,
        nextRoundupAt: null,
      })
      .where(eq(workspaces.id, workspaceId))
      .returning();
    if (row === undefined) throw new Error(`workspace ${workspaceId} not found`);
    return toWorkspace(row);
  }

  async ensureMemberIn(identity: WorkspaceIdentity, initial: NewMember): Promise<Member> {
    // Every command passes here: one prepared read of the workspace and its member together, and
    // no write unless something is new or changed.
    const [found] = this.inTransaction
      ? await this.db
          .select({ workspace: workspaces, member: members })
          .from(workspaces)
          .leftJoin(
            members,
            and(eq(members.workspaceId, workspaces.id), eq(members.externalId, initial.externalId)),
          )
          .where(
            and(eq(workspaces.platform, identity.platform), eq(workspaces.externalId, identity.externalId)),
          )
      : await preparedFor(this.db).workspaceAndMember.execute({
          platform: identity.platform,
          externalId: identity.externalId,
          memberId: initial.externalId,
        });
    if (found === undefined) {
      const created = await this.createWithWorkspace(identity, initial);
      if (created !== null) return created;
    }
    const workspace =
      found !== undefined && (identity.name === null || identity.name === found.workspace.name)
        ? toWorkspace(found.workspace)
        : await this.upsertWorkspace(identity);
    return this.upsertMember(workspace.id, initial, found?.member ?? undefined);
  }

  /**
   * The first command from a workspace nobody used yet: the workspace and its first member in one
   * statement. Null when the member was there after all (a racing first command made both).
   */
  private async createWithWorkspace(identity: WorkspaceIdentity, initial: NewMember): Promise<Member | null> {
    const workspace = this.db.$with('workspace', { id: workspaces.id }).as(
      this.db
        .insert(workspaces)
        .values({ platform: identity.platform, externalId: identity.externalId, name: identity.name })
        .onConflictDoUpdate({
          target: [workspaces.platform, workspaces.externalId],
          set: { name: sql`coalesce(excluded.name, ${workspaces.name})` },
        })
        .returning({ id: workspaces.id })
        .getSQL(),
    );
    const [row] = await this.db
      .with(workspace)
      .insert(members)
      .values({
        workspaceId: sql`(select ${sql.identifier('id')} from ${workspace})`,
        externalId: initial.externalId,
        displayName: initial.displayName,
        ...settingsColumns(initial.settings),
        nextDigestAt: initial.nextDigestAt,
      })
      .onConflictDoNothing({ target: [members.workspaceId, members.externalId] })
      .returning();
    return row === undefined ? null : toMember(row);
  }

  async ensureMember(workspaceId: string, initial: NewMember): Promise<Member> {
    const identifies = and(eq(members.workspaceId, workspaceId), eq(members.externalId, initial.externalId));
    const [found] = await this.db.select().from(members).where(identifies);
    return this.upsertMember(workspaceId, initial, found);
  }

  /** The member as `found` (read already; undefined: not there), created or refreshed when it must be. */
  private async upsertMember(
    workspaceId: string,
    initial: NewMember,
    found: typeof members.$inferSelect | undefined,
  ): Promise<Member> {
    const identifies = and(eq(members.workspaceId, workspaceId), eq(members.externalId, initial.externalId));
    // A locale the platform reports now (Discord sends one with every interaction) replaces the stored one.
    const locale = initial.settings.locale ?? found?.locale ?? null;
    if (found !== undefined && found.displayName === initial.displayName && found.locale === locale)
      return toMember(found);
    const [inserted] =
      found === undefined
        ? await this.db
            .insert(members)
            .values({
              workspaceId,
              externalId: initial.externalId,
              displayName: initial.displayName,
              ...settingsColumns(initial.settings),
              nextDigestAt: initial.nextDigestAt,
            })
            .onConflictDoNothing({ target: [members.workspaceId, members.externalId] })
            .returning()
        : [];
    const row =
      inserted ??
      (
        await this.db
          .update(members)
          // A new display name is kept.
          .set({ displayName: initial.displayName, locale })
          .where(identifies)
          .returning()
      )[0];
    if (row === undefined) throw new Error('member upsert returned nothing');
    return toMember(row);
  }

  async getMember(scope: MemberScope): Promise<Member | null> {
    const [row] = await this.db.select().from(members).where(memberIs(scope));
    return row === undefined ? null : toMember(row);
  }

  async updateMemberSettings(
    scope: MemberScope,
    settings: MemberSettings,
    nextDigestAt: Date | null,
  ): Promise<Member> {
    const [row] = await this.db
      .update(members)
      .set({ ...settingsColumns(settings), nextDigestAt })
      .where(memberIs(scope))
      .returning();
    if (row === undefined) throw new Error('member not found');
    return toMember(row);
  }

  async markReachable(scope: MemberScope): Promise<boolean> {
    const rows = await this.db
      .update(members)
      .set({ unreachableAt: null, unreachableReason: null })
      .where(and(memberIs(scope), isNotNull(members.unreachableAt)))
      .returning({ id: members.id });
    return rows.length > 0;
  }

  async markFirstAsks(scope: MemberScope, at: Date, asks: FirstAsks): Promise<FirstAsks> {
    if (!asks.timeZone && !asks.country && !asks.welcome) return asks;
    const when = at.toISOString();
    const mark = (asked: boolean, column: SQL) =>
      sql`case when ${asked}::boolean then coalesce(${column}, ${when}::timestamptz) else ${column} end`;
    // The locked read waits for a racing first command and sees what it marked, so only one reply
    // finds each ask unmarked.
    const [row] = await queryRows<{ time_zone: boolean; country: boolean; welcome: boolean }>(
      this.db,
      sql`with before as (
          select id, time_zone_asked_at, country_asked_at, welcomed_at from members
          where workspace_id = ${scope.workspaceId} and id = ${scope.memberId}
          for update
        )
        update members m set
          time_zone_asked_at = ${mark(asks.timeZone, sql`m.time_zone_asked_at`)},
          country_asked_at = ${mark(asks.country, sql`m.country_asked_at`)},
          welcomed_at = ${mark(asks.welcome, sql`m.welcomed_at`)}
        from before where m.id = before.id
        returning
          (${asks.timeZone}::boolean and before.time_zone_asked_at is null) as time_zone,
          (${asks.country}::boolean and before.country_asked_at is null) as country,
          (${asks.welcome}::boolean and before.welcomed_at is null) as welcome`,
    );
    return {
      timeZone: row?.time_zone ?? false,
      country: row?.country ?? false,
      welcome: row?.welcome ?? false,
    };
  }

  async listPromises(scope: MemberScope, options?: { includeClosed?: boolean }): Promise<FollowUpPromise[]> {
    const rows = await this.db
      .select()
      .from(promises)
      .where(and(ownedBy(scope), options?.includeClosed ? undefined : isNull(promises.outcome)))
      .orderBy(asc(promises.dueAt), asc(promises.ref));
    return this.withFollowUps(scope, rows);
  }

  async countOpenPromises(scope: MemberScope): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(promises)
      .where(and(ownedBy(scope), isNull(promises.outcome)));
    return row?.n ?? 0;
  }

  async countOpenAndAlike(
    scope: MemberScope,
    promiseId: string,
  ): Promise<{ open: number; alike: string | null }> {
    if (!UUID.test(promiseId)) return { open: await this.countOpenPromises(scope), alike: null };
    // One statement: the add's hot path pays nothing for the duplicate check.
    const [row] = await queryRows<{ open: number; alike: string | null }>(
      this.db,
      sql`select
        (select count(*)::int from promises p
          where p.workspace_id = ${scope.workspaceId} and p.member_id = ${scope.memberId} and p.outcome is null) as open,
        (select o.id from promises o join promises n on n.id = ${promiseId}
          where o.workspace_id = ${scope.workspaceId} and o.member_id = ${scope.memberId}
            and n.workspace_id = o.workspace_id and n.member_id = o.member_id
            and o.id <> n.id and o.outcome is null and o.kind = 'promise'
            and lower(o.contact_name) = lower(n.contact_name)
            and lower(coalesce(o.contact_company, '')) = lower(coalesce(n.contact_company, ''))
          order by o.ref limit 1) as alike`,
    );
    return { open: Number(row?.open ?? 0), alike: row?.alike ?? null };
  }

  async getPromise(scope: MemberScope, promiseId: string): Promise<FollowUpPromise | null> {
    // An id from a button or a form is not trusted to be a uuid; Postgres would refuse the comparison.
    if (!UUID.test(promiseId)) return null;
    const rows = await this.db
      .select()
      .from(promises)
      .where(and(ownedBy(scope), eq(promises.id, promiseId)));
    return (await this.withFollowUps(scope, rows))[0] ?? null;
  }

  async createPromise(scope: MemberScope, promise: NewPromise): Promise<FollowUpPromise> {
    // One statement: the member's short-number counter is taken (which locks the member row, so
    // concurrent adds of one member go one after the other) and the promise inserted with it.
    const counter = this.db.$with('counter').as(
      this.db
        .update(members)
        .set({ nextRef: sql`${members.nextRef} + 1` })
        .where(memberIs(scope))
        .returning({ ref: sql<number>`${members.nextRef} - 1`.as('ref') }),
    );
    const [row] = await this.db
      .with(counter)
      .insert(promises)
      .values({
        workspaceId: scope.workspaceId,
        memberId: scope.memberId,
        ref: sql`(select ref from counter)`,
        kind: promise.kind,
        contactName: promise.contact.name,
        contactRole: promise.contact.role,
        contactCompany: promise.contact.company,
        contactTitle: promise.contact.title ?? null,
        contactEmail: promise.contact.email ?? null,
        contactPhone: promise.contact.phone ?? null,
        contactLinkedin: promise.contact.linkedin ?? null,
        what: promise.what,
        promisedChannel: promise.promisedChannel,
        ...dueColumns(promise.due),
        note: promise.note,
        createdAt: promise.createdAt,
        lastActivityAt: promise.createdAt,
        nextNudgeAt: promise.nextNudgeAt,
      })
      .returning()
      .catch((error: unknown) => {
        // No member row, no number: the insert's not-null check is what says so.
        if (isNotNullViolation(error)) throw new Error('member not found', { cause: error });
        throw error;
      });
    if (row === undefined) throw new Error('promise insert returned nothing');
    return toPromise(row, []);
  }

  async updatePromise(
    scope: MemberScope,
    promiseId: string,
    changes: PromiseChanges,
  ): Promise<FollowUpPromise | null> {
    const { contact, due, ...rest } = changes;
    const columns = {
      ...rest,
      ...(contact === undefined
        ? {}
        : {
            contactName: contact.name,
            contactRole: contact.role,
            contactCompany: contact.company,
            contactTitle: contact.title ?? null,
            contactEmail: contact.email ?? null,
            contactPhone: contact.phone ?? null,
            contactLinkedin: contact.linkedin ?? null,
          }),
      ...(due === undefined ? {} : dueColumns(due)),
    };
    if (Object.keys(columns).length === 0) return this.getPromise(scope, promiseId);
    const rows = await this.db
      .update(promises)
      .set(columns)
      .where(and(ownedBy(scope), eq(promises.id, promiseId)))
      .returning();
    return (await this.withFollowUps(scope, rows))[0] ?? null;
  }

  async setNextNudges(
    scope: MemberScope,
    moments: readonly { promiseId: string; at: Date | null }[],
  ): Promise<void> {
    const ids = moments.map((moment) => moment.promiseId).filter((id) => UUID.test(id));
    if (ids.length === 0) return;
    // One statement for the whole member: a CASE over the ids, each moment a bound timestamp.
    const cases = sql.join(
      moments
        .filter((moment) => UUID.test(moment.promiseId))
        .map(
          (moment) =>
            sql`when ${promises.id} = ${moment.promiseId} then ${moment.at?.toISOString() ?? null}::timestamptz`,
        ),
      sql` `,
    );
    await this.db
      .update(promises)
      .set({ nextNudgeAt: sql`case ${cases} end` })
      .where(and(ownedBy(scope), inArray(promises.id, ids)));
  }

  async deletePromise(scope: MemberScope, promiseId: string): Promise<boolean> {
    if (!UUID.test(promiseId)) return false;
    const rows = await this.db
      .delete(promises)
      .where(and(ownedBy(scope), eq(promises.id, promiseId)))
      .returning({ id: promises.id });
    return rows.length > 0;
  }

  async savePendingAdd(scope: MemberScope, pending: PendingAdd, now: Date, expiresAt: Date): Promise<string> {
    return this.atomically(async (tx) => {
      await tx
        .delete(pendingAdds)
        .where(and(pendingOf(scope), sql`${pendingAdds.expiresAt} <= ${now.toISOString()}`));
      const [row] = await tx
        .insert(pendingAdds)
        .values({
          workspaceId: scope.workspaceId,
          memberId: scope.memberId,
          draft: pending.draft,
          duplicateOf: pending.duplicateOf,
          expiresAt,
        })
        .returning({ id: pendingAdds.id });
      if (row === undefined) throw new Error('pending add insert returned nothing');
      return row.id;
    });
  }

  async takePendingAdd(scope: MemberScope, id: string, now: Date): Promise<PendingAdd | null> {
    if (!UUID.test(id)) return null;
    const [row] = await this.db
      .delete(pendingAdds)
      .where(and(pendingOf(scope), eq(pendingAdds.id, id)))
      .returning();
    if (row === undefined || row.expiresAt.getTime() <= now.getTime()) return null;
    return { draft: toDraft(row.draft), duplicateOf: row.duplicateOf };
  }

  async addFollowUp(scope: MemberScope, promiseId: string, followUp: NewFollowUp): Promise<FollowUp | null> {
    return this.atomically(async (tx) => {
      // Locking the promise row numbers concurrent follow-ups one after the other.
      const [owned] = await tx
        .select({ id: promises.id })
        .from(promises)
        .where(and(ownedBy(scope), eq(promises.id, promiseId)))
        .for('update');
      if (owned === undefined) return null;
      const [count] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(followUps)
        .where(eq(followUps.promiseId, promiseId));
      const [row] = await tx
        .insert(followUps)
        .values({
          workspaceId: scope.workspaceId,
          memberId: scope.memberId,
          promiseId,
          attempt: (count?.n ?? 0) + 1,
          at: followUp.at,
          channel: followUp.channel,
          note: followUp.note,
        })
        .returning();
      return row === undefined ? null : toFollowUp(row);
    });
  }

  async forgetMember(scope: MemberScope): Promise<ForgetResult> {
    return this.atomically(async (tx) => {
      // The member row first, NO KEY UPDATE: a digest batch that claimed it (FOR UPDATE) is
      // waited for before any promise is deleted (it marks them, so deleting first deadlocks
      // with it), a batch after us skips it, and a nudge's insert referencing it is not blocked.
      const [member] = await tx.select().from(members).where(memberIs(scope)).for('no key update');
      if (member !== undefined) {
        // The planner holds the workspace row FOR UPDATE while it builds its roundup: waiting
        // for it means a roundup planned a moment ago is visible below, and one planned after
        // us no longer finds the member. NO KEY UPDATE, so inserts that only reference the
        // workspace (a digest planned for a member row we are about to delete) are not blocked,
        // which would deadlock.
        await tx
          .select({ id: workspaces.id })
          .from(workspaces)
          .where(eq(workspaces.id, scope.workspaceId))
          .for('no key update');
      }
      const removedFollowUps = await tx
        .delete(followUps)
        .where(and(eq(followUps.workspaceId, scope.workspaceId), eq(followUps.memberId, scope.memberId)))
        .returning({ id: followUps.id });
      const removedPromises = await tx.delete(promises).where(ownedBy(scope)).returning({ id: promises.id });
      const removedDeliveries = await tx
        .delete(deliveries)
        .where(and(eq(deliveries.workspaceId, scope.workspaceId), eq(deliveries.memberId, scope.memberId)))
        .returning({ id: deliveries.id });
      const roundups =
        member === undefined
          ? 0
          : await forgetInRoundups(tx, scope.workspaceId, member.id, member.displayName);
      await tx.delete(members).where(memberIs(scope));
      return {
        promises: removedPromises.length,
        followUps: removedFollowUps.length,
        deliveries: removedDeliveries.length,
        roundups,
      };
    });
  }

  async rememberRequest(workspaceId: string, key: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .insert(processedRequests)
      .values({ workspaceId, key, at })
      .onConflictDoNothing()
      .returning({ key: processedRequests.key });
    return rows.length > 0;
  }

  async forgetRequest(workspaceId: string, key: string): Promise<void> {
    await this.db
      .delete(processedRequests)
      .where(and(eq(processedRequests.workspaceId, workspaceId), eq(processedRequests.key, key)));
  }

  async workspacesOfUser(
    platform: Platform,
    userExternalId: string,
    options?: { promiseId?: string },
  ): Promise<Workspace[]> {
    const promiseId = options?.promiseId;
    // A custom id from a client is not trusted to be a uuid; Postgres would refuse the comparison.
    if (promiseId !== undefined && !UUID.test(promiseId)) return [];
    const lastActive = sql`max(${promises.lastActivityAt})`;
    const rows = await this.db
      .select({ workspace: workspaces })
      .from(members)
      .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
      .leftJoin(
        promises,
        and(eq(promises.workspaceId, members.workspaceId), eq(promises.memberId, members.id)),
      )
      .where(
        and(
          eq(workspaces.platform, platform),
          eq(members.externalId, userExternalId),
          promiseId === undefined
            ? undefined
            : exists(
                this.db
                  .select({ id: promises.id })
                  .from(promises)
                  .where(
                    and(
                      eq(promises.id, promiseId),
                      eq(promises.workspaceId, members.workspaceId),
                      eq(promises.memberId, members.id),
                    ),
                  ),
              ),
        ),
      )
      .groupBy(workspaces.id, members.id)
      .orderBy(sql`${lastActive} desc nulls last`, desc(members.createdAt), asc(workspaces.id));
    return rows.map((row) => toWorkspace(row.workspace));
  }

  private async withFollowUps(
    scope: MemberScope,
    rows: (typeof promises.$inferSelect)[],
  ): Promise<FollowUpPromise[]> {
    if (rows.length === 0) return [];
    const logged = await this.db
      .select()
      .from(followUps)
      .where(
        and(
          eq(followUps.workspaceId, scope.workspaceId),
          eq(followUps.memberId, scope.memberId),
          inArray(
            followUps.promiseId,
            rows.map((row) => row.id),
          ),
        ),
      );
    const byPromise = new Map<string, (typeof logged)[number][]>();
    for (const row of logged) byPromise.set(row.promiseId, [...(byPromise.get(row.promiseId) ?? []), row]);
    return rows.map((row) => toPromise(row, byPromise.get(row.id) ?? []));
  }
}

/** Postgres said a NOT NULL column got null (23502), through either driver. */
function isNotNullViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ('code' in e && e.code === '23502') return true;
  }
  return false;
}

/** The hot path's statements, built once per database (not per transaction: they run on the pool). */
function buildPrepared(db: Db) {
  return {
    workspaceAndMember: db
      .select({ workspace: workspaces, member: members })
      .from(workspaces)
      .leftJoin(
        members,
        and(eq(members.workspaceId, workspaces.id), eq(members.externalId, sql.placeholder('memberId'))),
      )
      .where(
        and(
          eq(workspaces.platform, sql.placeholder('platform')),
          eq(workspaces.externalId, sql.placeholder('externalId')),
        ),
      )
      .prepare('thrice_workspace_and_member'),
  };
}
const prepared = new WeakMap<Db, ReturnType<typeof buildPrepared>>();
function preparedFor(db: Db): ReturnType<typeof buildPrepared> {
  let found = prepared.get(db);
  if (found === undefined) {
    found = buildPrepared(db);
    prepared.set(db, found);
  }
  return found;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function memberIs(scope: MemberScope) {
  return and(eq(members.workspaceId, scope.workspaceId), eq(members.id, scope.memberId));
}

function pendingOf(scope: MemberScope) {
  return and(eq(pendingAdds.workspaceId, scope.workspaceId), eq(pendingAdds.memberId, scope.memberId));
}

/** A draft read back from JSON: its dates were stored as ISO strings. */
function toDraft(stored: unknown): PromiseDraft {
  const draft = stored as PromiseDraft & { due: { at: string } };
  return { ...draft, due: { ...draft.due, at: new Date(draft.due.at) } };
}

function ownedBy(scope: MemberScope) {
  return and(eq(promises.workspaceId, scope.workspaceId), eq(promises.memberId, scope.memberId));
}

/** A roundup as the outbox keeps it: the target and the message as data. */
interface RoundupPayload {
  target: unknown;
  message: Message;
}

/**
 * Forget-me for the accountability channel. Unsent roundups of the workspace may name the
 * member in a shout-out: they are deleted and the workspace's roundup moment is set back to the
 * earliest deleted period, so the next planning pass makes them again (same dedupe key) from
 * data that no longer holds the member. Sent and dead roundups keep their row (dedupe, operator
 * visibility) but lose the lines that name the member (by `namesMember`, so a rename or a namesake
 * does not fool it). Returns how many unsent roundups were removed.
 */
async function forgetInRoundups(
  tx: Db,
  workspaceId: string,
  memberId: string,
  displayName: string,
): Promise<number> {
  const isRoundup = and(
    eq(deliveries.workspaceId, workspaceId),
    eq(deliveries.kind, 'roundup'),
    isNull(deliveries.memberId),
  );
  const removed = await tx
    .delete(deliveries)
    .where(and(isRoundup, eq(deliveries.state, 'pending')))
    .returning({ periodEnd: deliveries.periodEnd, createdAt: deliveries.createdAt });
  // Rows planned before period_end existed have none; when they were planned is a moment just
  // after their period ended, which makes the workspace due again all the same.
  const ends = removed.map((row) => row.periodEnd ?? row.createdAt);
  const earliest = ends.reduce<Date | null>((min, at) => (min === null || at < min ? at : min), null);
  if (earliest !== null) {
    // The workspace row is locked by forgetMember, so this read-then-write cannot race a planner.
    const [workspace] = await tx
      .select({ at: workspaces.nextRoundupAt })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId));
    if (workspace?.at == null || earliest < workspace.at) {
      await tx.update(workspaces).set({ nextRoundupAt: earliest }).where(eq(workspaces.id, workspaceId));
    }
  }
  const kept = await tx
    .select({ id: deliveries.id, payload: deliveries.payload, periodEnd: deliveries.periodEnd })
    .from(deliveries)
    // `sending` too: a send that fails now goes back to pending with the payload as stored.
    .where(and(isRoundup, inArray(deliveries.state, ['sending', 'sent', 'dead'])));
  const byId = (item: Item) => item.namesMember === memberId;
  // Roundups planned before period_end was stored may predate namesMember too: their shout-outs
  // can only be found by the wording, with the current name (a rename since then escapes it).
  // Such rows are settled ones, pruned after 30 days; then this fallback can go.
  const legacy = [`${displayName} followed up `, `${displayName} is on a `];
  const byIdOrWording = (item: Item) =>
    byId(item) || (item.namesMember === undefined && legacy.some((start) => item.text.startsWith(start)));
  for (const row of kept) {
    const payload = row.payload as RoundupPayload;
    const names = row.periodEnd === null ? byIdOrWording : byId;
    const sections = payload.message.sections;
    if (!sections.some((s) => s.items.some(names))) continue;
    const redacted: Section[] = sections
      .map((s) => ({ ...s, items: s.items.filter((item) => !names(item)) }))
      .filter((s) => s.items.length > 0);
    await tx
      .update(deliveries)
      .set({ payload: { ...payload, message: { ...payload.message, sections: redacted } } })
      .where(eq(deliveries.id, row.id));
  }
  return removed.length;
}
