import { at, type RawSql } from '../database/raw-sql.ts';

/**
 * The hand-written baselines for a planning pass, one SQL statement per work queue, each run in
 * one transaction through the driver.
 *
 * `select`: the same selection the planner makes — every due member with its workspace and all
 * its promises (a digest is built from them), every due open promise with its member, workspace
 * and follow-ups — locked FOR UPDATE SKIP LOCKED and returned to the client.
 *
 * `write`: that selection plus the writes a pass makes — an outbox row per due item (ON CONFLICT
 * on the dedupe key) and the queue column advanced — with SQL standing in for the domain logic
 * (no digest text, a fixed next moment). A floor for what any planner must do in the database.
 */
export type BaselineKind = 'select' | 'write';

function dueMembers(now: Date): string {
  return `members m where m.next_digest_at is not null and m.unreachable_at is null and m.next_digest_at <= ${at(now)}`;
}

function duePromises(now: Date): string {
  return `promises p join members m on m.id = p.member_id
    where p.outcome is null and p.next_nudge_at is not null and p.next_nudge_at <= ${at(now)} and m.unreachable_at is null`;
}

function selectStatements(now: Date): string[] {
  return [
    `select m.*, w.*, (select coalesce(json_agg(p order by p.due_at, p.ref), '[]') from promises p
        where p.workspace_id = m.workspace_id and p.member_id = m.id) as promises
      from ${dueMembers(now).replace('members m', 'members m join workspaces w on w.id = m.workspace_id')}
      order by m.next_digest_at for update of m skip locked`,
    `select p.*, m.*, w.*, (select coalesce(json_agg(f), '[]') from follow_ups f where f.promise_id = p.id) as follow_ups
      from ${duePromises(now).replace('join members m', 'join workspaces w on w.id = p.workspace_id join members m')}
      order by p.next_nudge_at for update of p skip locked`,
  ];
}

function writeStatements(now: Date): string[] {
  const today = now.toISOString().slice(0, 10);
  return [
    `with due as (select m.id, m.workspace_id from ${dueMembers(now)} order by m.next_digest_at for update of m skip locked),
     queued as (
       insert into deliveries (workspace_id, member_id, kind, platform, dedupe_key, payload, next_attempt_at)
       select d.workspace_id, d.id, 'digest', 'slack', 'digest:' || d.id || ':${today}',
         jsonb_build_object('promises', (select coalesce(jsonb_agg(p), '[]') from promises p
           where p.workspace_id = d.workspace_id and p.member_id = d.id)), ${at(now)}
       from due d on conflict (dedupe_key) do nothing)
     update members m set next_digest_at = m.next_digest_at + interval '1 day' from due where m.id = due.id`,
    `with due as (select p.id, p.workspace_id, p.member_id from ${duePromises(now)}
       order by p.next_nudge_at for update of p skip locked),
     queued as (
       insert into deliveries (workspace_id, member_id, kind, platform, dedupe_key, payload, next_attempt_at)
       select d.workspace_id, d.member_id, 'nudge', 'slack', 'nudge:' || d.id || ':1',
         jsonb_build_object('promise', d.id), ${at(now)}
       from due d on conflict (dedupe_key) do nothing)
     update promises p set last_nudged_attempt = 1, next_nudge_at = p.next_nudge_at + interval '3 days'
       from due where p.id = due.id`,
  ];
}

/** Runs one baseline pass in a transaction. */
export async function runBaseline(db: RawSql, kind: BaselineKind, now: Date): Promise<void> {
  await db.run('begin');
  try {
    for (const statement of kind === 'select' ? selectStatements(now) : writeStatements(now)) {
      await db.run(statement);
    }
    await db.run('commit');
  } catch (error) {
    await db.run('rollback');
    throw error;
  }
}
