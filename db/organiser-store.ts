import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FollowUpPromise, Member, Workspace } from '../src/core/model.ts';
import type { GroupWeek, OrganiserStore, Span } from '../src/core/ports/organiser.ts';
import { type Db, queryRows } from './connection.ts';
import { toMember, toWorkspace } from './rows.ts';
import { appSecrets, members, workspaces } from './schema.ts';
import { DrizzleStore } from './store.ts';

const LINK_KEY = 'organiser_link_key';

/** The organiser page's reads on drizzle, for Postgres and PGlite alike. */
export class DrizzleOrganiserStore implements OrganiserStore {
  private key: Promise<Buffer> | null = null;

  constructor(private readonly db: Db) {}

  linkKey(): Promise<Buffer> {
    this.key ??= this.readOrMakeKey().catch((error: unknown) => {
      this.key = null; // a database hiccup is not remembered
      throw error;
    });
    return this.key;
  }

  private async readOrMakeKey(): Promise<Buffer> {
    // Two instances may make one at once: the first insert wins and both read it back.
    await this.db
      .insert(appSecrets)
      .values({ name: LINK_KEY, value: randomBytes(32).toString('base64') })
      .onConflictDoNothing();
    const [row] = await this.db.select().from(appSecrets).where(eq(appSecrets.name, LINK_KEY));
    if (row === undefined) throw new Error('the organiser link key could not be stored');
    return Buffer.from(row.value, 'base64');
  }

  async workspace(workspaceId: string): Promise<(Workspace & { channelSetBy: string | null }) | null> {
    const [row] = await this.db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
    return row === undefined ? null : { ...toWorkspace(row), channelSetBy: row.accountabilityChannelSetBy };
  }

  async groupWeeks(workspaceId: string, weeks: readonly Span[]): Promise<GroupWeek[]> {
    if (weeks.length === 0) return [];
    // Week i holds [bounds[i], bounds[i+1]): width_bucket numbers it i+1. The bounds are ISO
    // instants made here from Dates (never member text), written as one array literal.
    const bounds = [...weeks.map((week) => week.from), weeks.at(-1)?.to ?? new Date(0)];
    const array = sql.raw(`array[${bounds.map((at) => `'${at.toISOString()}'`).join(',')}]::timestamptz[]`);
    const from = sql.raw(`'${bounds[0]?.toISOString()}'::timestamptz`);
    const to = sql.raw(`'${bounds.at(-1)?.toISOString()}'::timestamptz`);
    const rows = await queryRows<{
      week: number;
      active: number;
      follow_ups: number;
      callbacks: number;
      offers: number;
    }>(
      this.db,
      sql`
        with touches as (
          select f.member_id, f.at, p.kind = 'promise' as is_follow_up
          from follow_ups f join promises p on p.id = f.promise_id
          where f.workspace_id = ${workspaceId} and f.at >= ${from} and f.at < ${to}
        ), events as (
          select member_id, at, is_follow_up, null::text as outcome from touches
          union all
          select member_id, created_at, false, null from promises
          where workspace_id = ${workspaceId} and created_at >= ${from} and created_at < ${to}
          union all
          select member_id, closed_at, false, case when kind = 'promise' then outcome end from promises
          where workspace_id = ${workspaceId} and closed_at >= ${from} and closed_at < ${to}
        )
        select width_bucket(at, ${array})::int as week,
          count(distinct member_id)::int as active,
          (count(*) filter (where is_follow_up))::int as follow_ups,
          (count(*) filter (where outcome = 'heard'))::int as callbacks,
          (count(*) filter (where outcome = 'offer'))::int as offers
        from events group by 1`,
    );
    const byWeek = new Map(rows.map((row) => [Number(row.week), row]));
    return weeks.map((week, i) => {
      const row = byWeek.get(i + 1);
      return {
        ...week,
        activeMembers: Number(row?.active ?? 0),
        followUps: Number(row?.follow_ups ?? 0),
        callbacks: Number(row?.callbacks ?? 0),
        offers: Number(row?.offers ?? 0),
      };
    });
  }

  async sharers(workspaceId: string): Promise<{ member: Member; promises: FollowUpPromise[] }[]> {
    const rows = await this.db
      .select()
      .from(members)
      .where(and(eq(members.workspaceId, workspaceId), eq(members.share, true)));
    const store = new DrizzleStore(this.db);
    const found = [];
    for (const row of rows) {
      const member = toMember(row);
      const scope = { workspaceId, memberId: member.id };
      found.push({ member, promises: await store.listPromises(scope, { includeClosed: true }) });
    }
    return found;
  }
}
