import { sql } from 'drizzle-orm';
import type { Platform } from '../src/core/model.ts';
import type { ActiveHold, Grant, SendBudget, SendScope } from '../src/core/ports/pacing.ts';
import { type Db, queryRows } from './connection.ts';

/**
 * Send budgets in the `send_budget` table, shared by every instance on the database.
 *
 * A take is one `UPDATE … RETURNING` on the scope's row: the row lock serialises concurrent
 * takers (on Postgres a second taker waits for the first to commit and then re-evaluates the
 * SET expressions on the new row version), so two instances never both spend the same token.
 * Every SET expression reads the row as it was before the update, which is why the grant is
 * written to a column (`granted`) and read back with RETURNING. One round trip grants up to
 * `want` sends, so the cost per send falls with the grant size (the sender asks for the rest of
 * its batch for that scope, capped at the scope's grant).
 *
 * A hold (Retry-After) empties the bucket and sets `hold_until_ms`: takes grant nothing until
 * then, for every instance, and `activeHolds` lets the claim skip the held rows meanwhile. The
 * bucket refills from the end of the hold, not from before it.
 */
export class DrizzlePacingStore implements SendBudget {
  /** Scopes whose row this process has seen; the row is created on first use. */
  private readonly known = new Set<string>();

  constructor(private readonly db: Db) {}

  async take(scope: SendScope, want: number, now: Date): Promise<Grant> {
    const asked = Math.max(0, Math.floor(want));
    const at = now.getTime();
    const { perSecond, burst } = scope.limit;
    let row = await this.update(scope, asked, at);
    if (row === undefined) {
      await this.create(scope, at);
      row = await this.update(scope, asked, at);
    }
    if (row === undefined) throw new Error(`send budget row ${scope.key} vanished while taking from it`);
    const holdUntil = row.hold_until_ms === null ? null : Number(row.hold_until_ms);
    if (holdUntil !== null && holdUntil > at) {
      return { granted: 0, retryAt: new Date(holdUntil), heldUntil: new Date(holdUntil) };
    }
    const granted = Number(row.granted);
    if (granted > 0 || asked === 0) return { granted, retryAt: null, heldUntil: null };
    // Wait for a grant worth a round trip: what was asked, up to the burst.
    const needed = Math.min(asked, burst) - Number(row.tokens);
    const waitMs = Math.max(1, Math.ceil((needed / perSecond) * 1000));
    return { granted: 0, retryAt: new Date(at + waitMs), heldUntil: null };
  }

  async hold(scope: SendScope, until: Date): Promise<void> {
    const end = until.getTime();
    await this.create(scope, end);
    await this.db.execute(sql`
      update send_budget
         set hold_until_ms = greatest(coalesce(hold_until_ms, 0), ${end}::double precision),
             tokens = 0,
             refilled_at_ms = greatest(refilled_at_ms, ${end}::double precision)
       where scope = ${scope.key}`);
  }

  async activeHolds(now: Date): Promise<ActiveHold[]> {
    const rows = await queryRows<{ platform: string; workspace_id: string | null; hold_until_ms: number }>(
      this.db,
      sql`select platform, workspace_id, hold_until_ms from send_budget
           where hold_until_ms > ${now.getTime()}::double precision`,
    );
    return rows.map((row) => ({
      platform: row.platform as Platform,
      ...(row.workspace_id === null ? {} : { workspaceId: row.workspace_id }),
      until: new Date(Number(row.hold_until_ms)),
    }));
  }

  private async create(scope: SendScope, at: number): Promise<void> {
    if (this.known.has(scope.key)) return;
    await this.db.execute(sql`
      insert into send_budget (scope, platform, workspace_id, tokens, refilled_at_ms)
      values (${scope.key}, ${scope.hold?.platform ?? 'console'}, ${scope.hold?.workspaceId ?? null},
              ${scope.limit.burst}::double precision, ${at}::double precision)
      on conflict (scope) do nothing`);
    this.known.add(scope.key);
  }

  private async update(scope: SendScope, want: number, at: number) {
    const now = sql`${at}::double precision`;
    const held = sql`(hold_until_ms is not null and hold_until_ms > ${now})`;
    const available = sql`least(${scope.limit.burst}::double precision,
      tokens + greatest(0, ${now} - refilled_at_ms) * ${scope.limit.perSecond}::double precision / 1000)`;
    const grant = sql`case when ${held} then 0 else least(${want}::integer, floor(${available})::integer) end`;
    const [row] = await queryRows<{ granted: number; tokens: number; hold_until_ms: number | null }>(
      this.db,
      sql`update send_budget
             set granted = ${grant},
                 tokens = case when ${held} then tokens else ${available} - ${grant} end,
                 refilled_at_ms = case when ${held} then refilled_at_ms else greatest(refilled_at_ms, ${now}) end
           where scope = ${scope.key}
       returning granted, tokens, hold_until_ms`,
    );
    if (row === undefined) this.known.delete(scope.key);
    return row;
  }
}
