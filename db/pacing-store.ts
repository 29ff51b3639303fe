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
    const grants = await this.takeMany([{ scope, want }], now);
    const grant = grants.get(scope.key);
    if (grant === undefined) throw new Error(`send budget row ${scope.key} vanished while taking from it`);
    return grant;
  }

  async takeMany(
    requests: readonly { scope: SendScope; want: number }[],
    now: Date,
  ): Promise<Map<string, Grant>> {
    const at = now.getTime();
    const asked = new Map(
      requests.map(({ scope, want }) => [scope.key, { scope, want: Math.max(0, Math.floor(want)) }]),
    );
    if (asked.size === 0) return new Map();
    let rows = await this.update([...asked.values()], at);
    const missing = [...asked.values()].filter(({ scope }) => !rows.has(scope.key));
    if (missing.length > 0) {
      for (const { scope } of missing) this.known.delete(scope.key);
      for (const { scope } of missing) await this.create(scope, at);
      rows = new Map([...rows, ...(await this.update(missing, at))]);
    }
    const grants = new Map<string, Grant>();
    for (const [key, { scope, want }] of asked) {
      const row = rows.get(key);
      if (row !== undefined) grants.set(key, grantOf(scope, want, at, row));
    }
    return grants;
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
      values (${scope.key}, ${scope.platform}, ${scope.hold?.workspaceId ?? null},
              ${scope.limit.burst}::double precision, ${at}::double precision)
      on conflict (scope) do nothing`);
    this.known.add(scope.key);
  }

  /**
   * One UPDATE over every asked scope, joined to a VALUES list of (scope, want, rate, burst):
   * the join partner is constants, never the table itself, so each row's SET expressions are
   * computed from that row alone (re-read under its lock when another taker got there first).
   */
  private async update(asks: readonly { scope: SendScope; want: number }[], at: number) {
    const now = sql`${at}::double precision`;
    const values = sql.join(
      asks.map(
        ({ scope, want }) =>
          sql`(${scope.key}::text, ${want}::integer, ${scope.limit.perSecond}::double precision, ${scope.limit.burst}::double precision)`,
      ),
      sql`, `,
    );
    const held = sql`(b.hold_until_ms is not null and b.hold_until_ms > ${now})`;
    const available = sql`least(w.burst, b.tokens + greatest(0, ${now} - b.refilled_at_ms) * w.rate / 1000)`;
    const grant = sql`case when ${held} then 0 else least(w.want, floor(${available})::integer) end`;
    const rows = await queryRows<Row & { scope: string }>(
      this.db,
      sql`update send_budget b
             set granted = ${grant},
                 tokens = case when ${held} then b.tokens else ${available} - ${grant} end,
                 refilled_at_ms = case when ${held} then b.refilled_at_ms else greatest(b.refilled_at_ms, ${now}) end
            from (values ${values}) as w(scope, want, rate, burst)
           where b.scope = w.scope
       returning b.scope, b.granted, b.tokens, b.hold_until_ms`,
    );
    return new Map(rows.map((row) => [row.scope, row]));
  }
}

interface Row {
  granted: number;
  tokens: number;
  hold_until_ms: number | null;
}

/** What a take answers, from the row as the UPDATE left it. */
function grantOf(scope: SendScope, asked: number, at: number, row: Row): Grant {
  const holdUntil = row.hold_until_ms === null ? null : Number(row.hold_until_ms);
  if (holdUntil !== null && holdUntil > at) {
    return { granted: 0, retryAt: new Date(holdUntil), heldUntil: new Date(holdUntil) };
  }
  const granted = Number(row.granted);
  if (granted > 0 || asked === 0) return { granted, retryAt: null, heldUntil: null };
  // Wait for a grant worth a round trip: what was asked, up to the burst.
  const needed = Math.min(asked, scope.limit.burst) - Number(row.tokens);
  const waitMs = Math.max(1, Math.ceil((needed / scope.limit.perSecond) * 1000));
  return { granted: 0, retryAt: new Date(at + waitMs), heldUntil: null };
}
