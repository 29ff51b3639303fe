import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type {
  FollowUp,
  FollowUpPromise,
  Member,
  MemberScope,
  MemberSettings,
  Workspace,
} from '../src/core/model.ts';
import type {
  ForgetResult,
  NewFollowUp,
  NewMember,
  NewPromise,
  PromiseChanges,
  Store,
  WorkspaceIdentity,
} from '../src/core/ports.ts';
import type { Db } from './connection.ts';
import { dueColumns, settingsColumns, toFollowUp, toMember, toPromise, toWorkspace } from './rows.ts';
import { deliveries, followUps, members, processedRequests, promises, workspaces } from './schema.ts';

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

  async setAccountabilityChannel(workspaceId: string, channelId: string | null): Promise<Workspace> {
    const [row] = await this.db
      .update(workspaces)
      .set({ accountabilityChannelId: channelId, nextRoundupAt: null })
      .where(eq(workspaces.id, workspaceId))
      .returning();
    if (row === undefined) throw new Error(`workspace ${workspaceId} not found`);
    return toWorkspace(row);
  }

  async ensureMember(workspaceId: string, initial: NewMember): Promise<Member> {
    const identifies = and(eq(members.workspaceId, workspaceId), eq(members.externalId, initial.externalId));
    const [found] = await this.db.select().from(members).where(identifies);
    if (found !== undefined && found.displayName === initial.displayName && found.unreachableAt === null)
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
          // A new display name is kept; someone who uses Thrice again is reachable again.
          .set({ displayName: initial.displayName, unreachableAt: null })
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

  async listPromises(scope: MemberScope, options?: { includeClosed?: boolean }): Promise<FollowUpPromise[]> {
    const rows = await this.db
      .select()
      .from(promises)
      .where(and(ownedBy(scope), options?.includeClosed ? undefined : isNull(promises.outcome)))
      .orderBy(asc(promises.dueAt), asc(promises.ref));
    return this.withFollowUps(scope, rows);
  }

  async getPromise(scope: MemberScope, promiseId: string): Promise<FollowUpPromise | null> {
    const rows = await this.db
      .select()
      .from(promises)
      .where(and(ownedBy(scope), eq(promises.id, promiseId)));
    return (await this.withFollowUps(scope, rows))[0] ?? null;
  }

  async createPromise(scope: MemberScope, promise: NewPromise): Promise<FollowUpPromise> {
    return this.atomically(async (tx) => {
      const [counter] = await tx
        .update(members)
        .set({ nextRef: sql`${members.nextRef} + 1` })
        .where(memberIs(scope))
        .returning({ ref: sql<number>`${members.nextRef} - 1` });
      if (counter === undefined) throw new Error('member not found');
      const [row] = await tx
        .insert(promises)
        .values({
          workspaceId: scope.workspaceId,
          memberId: scope.memberId,
          ref: Number(counter.ref),
          kind: promise.kind,
          contactName: promise.contact.name,
          contactRole: promise.contact.role,
          contactCompany: promise.contact.company,
          what: promise.what,
          promisedChannel: promise.promisedChannel,
          ...dueColumns(promise.due),
          note: promise.note,
          createdAt: promise.createdAt,
          lastActivityAt: promise.createdAt,
          nextNudgeAt: promise.nextNudgeAt,
        })
        .returning();
      if (row === undefined) throw new Error('promise insert returned nothing');
      return toPromise(row, []);
    });
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
        : { contactName: contact.name, contactRole: contact.role, contactCompany: contact.company }),
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

  async deletePromise(scope: MemberScope, promiseId: string): Promise<boolean> {
    const rows = await this.db
      .delete(promises)
      .where(and(ownedBy(scope), eq(promises.id, promiseId)))
      .returning({ id: promises.id });
    return rows.length > 0;
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
      const removedFollowUps = await tx
        .delete(followUps)
        .where(and(eq(followUps.workspaceId, scope.workspaceId), eq(followUps.memberId, scope.memberId)))
        .returning({ id: followUps.id });
      const removedPromises = await tx.delete(promises).where(ownedBy(scope)).returning({ id: promises.id });
      const removedDeliveries = await tx
        .delete(deliveries)
        .where(and(eq(deliveries.workspaceId, scope.workspaceId), eq(deliveries.memberId, scope.memberId)))
        .returning({ id: deliveries.id });
      await tx.delete(members).where(memberIs(scope));
      return {
        promises: removedPromises.length,
        followUps: removedFollowUps.length,
        deliveries: removedDeliveries.length,
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

function memberIs(scope: MemberScope) {
  return and(eq(members.workspaceId, scope.workspaceId), eq(members.id, scope.memberId));
}

function ownedBy(scope: MemberScope) {
  return and(eq(promises.workspaceId, scope.workspaceId), eq(promises.memberId, scope.memberId));
}
