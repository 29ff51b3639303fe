import { at, type RawSql } from './raw-sql.ts';

/**
 * Fills Thrice's tables fast and server-side (INSERT … SELECT generate_series: multi-row inserts
 * with no data on the wire), shaped like a large career community: Slack workspaces of 10,000
 * members, each member with UTC working hours and a 09:00 digest.
 *
 * Which rows are due is decided by number, so a pass can be reset and repeated: member `m<i>`
 * is due when i % every = 0; promise with ref r is due when r % every = 0 (refs are global).
 */

/** The fixed "now" of every planning pass: a Tuesday, 10:00 UTC, inside working hours. */
export const BENCH_NOW = new Date('2026-12-01T10:00:00Z');
const DUE = new Date(BENCH_NOW.getTime() - 60_000);
/** Where not-due digests wait: tomorrow's 09:00. */
const LATER = new Date('2026-12-02T09:00:00Z');
const MEMBERS_PER_WORKSPACE = 10_000;

/** Empties every Thrice table. */
export async function truncateAll(db: RawSql): Promise<void> {
  await db.run(
    'truncate workspaces, members, promises, follow_ups, deliveries, processed_requests, installations cascade',
  );
}

/** Seeds `count` members (none due) in workspaces of 10,000. */
export async function seedMembers(db: RawSql, count: number): Promise<void> {
  const workspaces = Math.max(1, Math.ceil(count / MEMBERS_PER_WORKSPACE));
  await db.run(`
    insert into workspaces (platform, external_id, name, roundup_cadence)
    select 'slack', 'T' || lpad(w::text, 6, '0'), 'Community ' || w, 'off'
    from generate_series(0, ${workspaces - 1}) w`);
  await db.run(`
    insert into members (workspace_id, external_id, display_name, time_zone, time_zone_confirmed,
      digest_time, work_days, work_start, work_end, target, next_digest_at, dm_channel_id)
    select w.id, 'm' || i, 'Member ' || i, 'UTC', true, '09:00', '{1,2,3,4,5}', '09:00', '18:00', 5,
      ${at(LATER)}, 'D' || i
    from generate_series(0, ${count - 1}) i
    join workspaces w on w.external_id = 'T' || lpad((i / ${MEMBERS_PER_WORKSPACE})::text, 6, '0')`);
}

/**
 * Adds promises with refs from+1 … to, spread round-robin over the members: open, exact-time,
 * due in three weeks (so queued for a nudge then), none due now.
 */
export async function seedPromises(db: RawSql, members: number, from: number, to: number): Promise<void> {
  if (to <= from) return;
  const dueAt = new Date(BENCH_NOW.getTime() + 21 * 86_400_000);
  await db.run(`
    insert into promises (workspace_id, member_id, ref, kind, contact_name, contact_role, contact_company,
      what, promised_channel, due_at, due_precision, created_at, last_activity_at, next_nudge_at)
    select m.workspace_id, m.id, g, 'promise', 'Contact ' || g, 'recruiter', 'Acme ' || (g % 997),
      'call you back', 'call', ${at(dueAt)}, 'time', ${at(new Date(BENCH_NOW.getTime() - 20 * 86_400_000))},
      ${at(new Date(BENCH_NOW.getTime() - 20 * 86_400_000))}, ${at(new Date(dueAt.getTime() + 3 * 3_600_000))}
    from generate_series(${from + 1}, ${to}) g
    join members m on m.external_id = 'm' || (g % ${members})`);
}

/** Fresh statistics, so plans match a settled production table. */
export async function analyze(db: RawSql, vacuum: boolean): Promise<void> {
  await db.run(vacuum ? 'vacuum analyze' : 'analyze');
}

/** Which rows are due: member m<i> when i % members = 0, promise r when r % promises = 0 (0: none). */
export interface DueRows {
  members: number;
  promises: number;
}

/** No row due. */
export const NOTHING_DUE: DueRows = { members: 0, promises: 0 };

/**
 * `fraction` of the members due for a digest, and as many promises (the same count, whatever the
 * table size) due for a timed nudge: the due work stays fixed while the tables grow.
 */
export function dueRows(fraction: number, members: number, promises: number): DueRows {
  if (fraction === 0) return NOTHING_DUE;
  const count = Math.max(1, Math.round(fraction * members));
  return { members: Math.round(members / count), promises: Math.max(1, Math.round(promises / count)) };
}

/**
 * Makes `due` rows due (promises whose moment passed ten days ago) and empties the outbox,
 * undoing the previous pass and the `previous` due rows. Untimed.
 */
export async function setDue(db: RawSql, due: DueRows, previous: DueRows): Promise<void> {
  const future = at(new Date(BENCH_NOW.getTime() + 21 * 86_400_000));
  await db.run('truncate deliveries');
  if (previous.members !== 0 && previous.members !== due.members) {
    await db.run(
      `update members set next_digest_at = ${at(LATER)} where substr(external_id, 2)::int % ${previous.members} = 0`,
    );
  }
  if (previous.promises !== 0 && previous.promises !== due.promises) {
    await db.run(`
      update promises set due_at = ${future}, next_nudge_at = ${future} + interval '3 hours', last_nudged_attempt = 0
      where ref % ${previous.promises} = 0`);
  }
  if (due.members !== 0) {
    await db.run(
      `update members set next_digest_at = ${at(DUE)} where substr(external_id, 2)::int % ${due.members} = 0`,
    );
  }
  if (due.promises !== 0) {
    await db.run(`
      update promises set next_nudge_at = ${at(DUE)}, last_nudged_attempt = 0, right_person_suggested = false,
        due_at = ${at(new Date(BENCH_NOW.getTime() - 10 * 86_400_000))}
      where ref % ${due.promises} = 0`);
  }
}

/** How many digests and nudges are due now (to check a reset and to label results). */
export async function dueCounts(db: RawSql): Promise<{ digests: number; nudges: number }> {
  const [row] = await db.run(`
    select (select count(*) from members where next_digest_at <= ${at(BENCH_NOW)} and unreachable_at is null)::int as digests,
           (select count(*) from promises where next_nudge_at <= ${at(BENCH_NOW)} and outcome is null)::int as nudges`);
  return { digests: Number(row?.digests ?? 0), nudges: Number(row?.nudges ?? 0) };
}
