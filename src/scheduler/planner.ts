import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import { buildDigest } from '../core/digest.ts';
import type { Member, MemberScope, Workspace } from '../core/model.ts';
import { NUDGE_JOINS_DIGEST_WITHIN_MS } from '../core/nudge-delivery.ts';
import { nudgeMessage } from '../core/nudge-message.ts';
import { nextDigestAt, nextNudgeAt, nudgeState, plannedNudge } from '../core/nudge-policy.ts';
import type { DeliveryTarget } from '../core/ports/delivery.ts';
import type {
  DueMember,
  DueNudge,
  DueRoundup,
  NudgeMark,
  OutboxStore,
  PlannedDelivery,
  PlanningItem,
} from '../core/ports/outbox.ts';
import { buildRoundup } from '../core/roundup.ts';
import { clearTimeMemos, intoWorkingHours, isWorkingMoment } from '../core/working-time.ts';
import type { Metrics } from '../runtime/metrics.ts';
import { planningRetryDelayMs } from './retry-policy.ts';
import { latestRoundupAt, nextRoundupAt, roundupPeriod } from './roundup-schedule.ts';

/** What one planning pass did. */
export interface PlanReport {
  digests: number;
  nudges: number;
  roundups: number;
  /** Digests whose day had already passed when Thrice came back (logged, not sent). */
  skipped: number;
  /** Items whose planning failed; each was logged, counted and deferred, and the rest went on. */
  failed: number;
  planned: PlannedDelivery[];
}

/** How late a nudge may still go out outside working hours: a tick's delay, not a night's. */
const STALE_NUDGE_MS = 15 * 60_000;

/** Rows claimed per planning transaction: small, so locks are short and instances interleave. */
export const PLAN_BATCH = 200;

function scopeOf(member: Member): MemberScope {
  return { workspaceId: member.workspaceId, memberId: member.id };
}

function dmTarget(workspace: Workspace, member: Member, dmChannelId: string | null): DeliveryTarget {
  return {
    kind: 'dm',
    platform: workspace.platform,
    workspaceExternalId: workspace.externalId,
    memberExternalId: member.externalId,
    dmChannelId,
  };
}

function localDate(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate() ?? at.toISOString().slice(0, 10);
}

/**
 * What planning one due row decided, written after the decisions: set-wise for a whole batch, or
 * alone for one row when the batch had to be replayed item by item.
 */
interface ItemPlan {
  delivery: PlannedDelivery | null;
  /** Written only when `delivery` was new (the timed nudges a new digest already carries). */
  marksIfAdded: NudgeMark[];
  /** Written whatever became of `delivery`. */
  marks: NudgeMark[];
  digestMoment: { scope: MemberScope; at: Date | null } | null;
  roundupMoment: { workspaceId: string; at: Date | null } | null;
}

function itemPlan(parts: Partial<ItemPlan>): ItemPlan {
  return { delivery: null, marksIfAdded: [], marks: [], digestMoment: null, roundupMoment: null, ...parts };
}

/**
 * One member's digest. A digest due on an earlier local day (downtime) is skipped; if today's
 * moment has also passed, today's goes out now, once. After a failed planning the queue column
 * holds a retry moment rather than a digest moment, so then today's moment is read from the
 * settings: a retry never sends a digest outside the member's digest days and time.
 */
function planDigest(due: DueMember, now: Date, report: PlanReport, log: Logger): ItemPlan {
  const { member, workspace } = due;
  const settings = member.settings;
  const zone = settings.timeZone;
  const today = localDate(now, zone);
  const retrying = due.planningFailures > 0;
  const scope = scopeOf(member);
  let moment: Date | null = due.dueAt;
  if (retrying || localDate(due.dueAt, zone) !== today) {
    if (!retrying) {
      report.skipped += 1;
      log.info(
        { memberId: member.id, dueAt: due.dueAt },
        'digest skipped: its day passed while Thrice was down',
      );
    }
    const startOfToday = DateTime.fromJSDate(now, { zone })
      .startOf('day')
      .minus({ milliseconds: 1 })
      .toJSDate();
    const todays = nextDigestAt(settings, startOfToday);
    moment = todays !== null && todays.getTime() <= now.getTime() ? todays : null;
  }
  const paused = settings.pausedUntil !== null && settings.pausedUntil.getTime() > now.getTime();
  let delivery: PlannedDelivery | null = null;
  const marksIfAdded: NudgeMark[] = [];
  if (moment !== null && !paused) {
    const promises = [...due.promises];
    const message = buildDigest({ member, promises, now, platform: workspace.platform });
    if (message !== null) {
      delivery = {
        workspaceId: workspace.id,
        memberId: member.id,
        kind: 'digest',
        dedupeKey: `digest:${member.id}:${today}`,
        target: dmTarget(workspace, member, due.dmChannelId),
        message,
        notBefore: now,
      };
      // The hiring-manager suggestion (R6) stays in each digest until acted on or dismissed, so
      // nothing is marked here. A timed nudge this digest already shows as overdue is not sent
      // again on its own: one message, not two minutes apart.
      for (const promise of promises) {
        if (promise.nextNudgeAt === null) continue;
        const state = nudgeState(promise, settings, now);
        if (state.kind === 'nudge' && nextNudgeAt(promise, settings) !== null)
          marksIfAdded.push({
            scope,
            promiseId: promise.id,
            attempt: state.nudge.attempt,
            nextNudgeAt: null,
            // Read with the claim but not locked: the mark stands only if nothing changed since.
            seen: { attempt: promise.lastNudgedAttempt, nextNudgeAt: promise.nextNudgeAt },
          });
      }
    }
  }
  return itemPlan({ delivery, marksIfAdded, digestMoment: { scope, at: nextDigestAt(settings, now) } });
}

function planNudge(due: DueNudge, now: Date): ItemPlan {
  const { member, workspace, promise } = due;
  const scope = scopeOf(member);
  const mark = (attempt: number, at: Date | null): ItemPlan =>
    itemPlan({ marks: [{ scope, promiseId: promise.id, attempt, nextNudgeAt: at }] });
  const nudge = plannedNudge(promise, member.settings);
  // A nudge whose moment passed long ago (downtime, or the digest turned off with one overdue)
  // waits for the member's next working moment rather than landing at night or on a holiday.
  const stale = nudge !== null && now.getTime() - nudge.at.getTime() > STALE_NUDGE_MS;
  if (stale && !isWorkingMoment(now, member.settings))
    return mark(promise.lastNudgedAttempt, intoWorkingHours(now, member.settings));
  if (nudge !== null && nudge.attempt > promise.lastNudgedAttempt && nudge.at.getTime() <= now.getTime()) {
    // The member's digest is due or minutes away and will carry this nudge: no separate message.
    // The stored moment, not one computed from the settings: with several instances, another
    // may be planning that digest right now, and until it commits the moment still reads due.
    // A digest whose planning keeps failing carries nothing: the nudge goes on its own.
    const digestAt = due.digestPlanningFailures > 0 ? null : due.nextDigestAt;
    if (digestAt !== null && digestAt.getTime() - now.getTime() <= NUDGE_JOINS_DIGEST_WITHIN_MS)
      return mark(nudge.attempt, null);
    // A snooze asks for the same nudge again later (with the digest off, nothing else brings it back).
    const snooze = promise.snoozedUntil === null ? '' : `:${promise.snoozedUntil.toISOString()}`;
    const after = { ...promise, lastNudgedAttempt: nudge.attempt };
    return {
      ...mark(nudge.attempt, nextNudgeAt(after, member.settings)),
      delivery: {
        workspaceId: workspace.id,
        memberId: member.id,
        kind: 'nudge',
        dedupeKey: `nudge:${promise.id}:${nudge.kind === 'follow_up' ? '' : `${nudge.kind}:`}${nudge.attempt}${snooze}`,
        target: dmTarget(workspace, member, due.dmChannelId),
        message: nudgeMessage(promise, nudge, member.settings, now),
        notBefore: now,
      },
    };
  }
  // The moment moved (snooze, pause, settings): put the promise back in the queue at its new moment.
  return mark(promise.lastNudgedAttempt, nextNudgeAt(promise, member.settings));
}

/** A workspace's roundup: the latest full period is reported (after downtime too), then the next moment is set. */
async function planRoundup(tx: OutboxStore, due: DueRoundup, now: Date): Promise<ItemPlan> {
  const { workspace, dueAt } = due;
  const roundupMoment = { workspaceId: workspace.id, at: nextRoundupAt(workspace, now) };
  // With no moment set yet, this pass only schedules the first one.
  const end = dueAt === null ? null : latestRoundupAt(workspace, now);
  if (end === null) return itemPlan({ roundupMoment });
  const period = roundupPeriod(workspace, end);
  const activity = await tx.roundupActivity(workspace.id, period.from, period.to);
  return itemPlan({
    roundupMoment,
    delivery: {
      workspaceId: workspace.id,
      memberId: null,
      kind: 'roundup',
      dedupeKey: `roundup:${workspace.id}:${period.to.toISOString()}`,
      target: {
        kind: 'channel',
        platform: workspace.platform,
        workspaceExternalId: workspace.externalId,
        channelId: workspace.accountabilityChannelId,
      },
      message: buildRoundup({ workspace, period, activity, now }),
      notBefore: now,
      periodEnd: period.to,
    },
  });
}

const COUNTED = { digest: 'digests', nudge: 'nudges', roundup: 'roundups' } as const;

/**
 * Writes what was decided for a batch in a few statements whatever its size: one insert of the
 * deliveries, one update of the promises' nudge bookkeeping, one of the members' digest moments
 * (roundups, a handful per pass, one statement each).
 */
async function writePlans(tx: OutboxStore, plans: readonly ItemPlan[], report: PlanReport): Promise<void> {
  const planned = plans.flatMap((plan) => (plan.delivery === null ? [] : [plan.delivery]));
  const added = await tx.enqueueAll(planned);
  const marks: NudgeMark[] = [];
  for (const plan of plans) {
    marks.push(...plan.marks);
    if (plan.delivery !== null && added.has(plan.delivery.dedupeKey)) marks.push(...plan.marksIfAdded);
  }
  await tx.markNudgesPlanned(marks);
  await tx.setNextDigestsAt(plans.flatMap((plan) => (plan.digestMoment === null ? [] : [plan.digestMoment])));
  for (const plan of plans)
    if (plan.roundupMoment !== null)
      await tx.setNextRoundupAt(plan.roundupMoment.workspaceId, plan.roundupMoment.at);
  for (const delivery of planned) {
    if (!added.has(delivery.dedupeKey)) continue;
    const counter = COUNTED[delivery.kind as keyof typeof COUNTED];
    if (counter !== undefined) report[counter] += 1;
    report.planned.push(delivery);
  }
}

/** What planning needs besides the store. */
interface PlanContext {
  now: Date;
  log: Logger;
  report: PlanReport;
  metrics: Pick<Metrics, 'planningFailure'> | undefined;
}

/**
 * The error's code for the log: ours, the database's SQLSTATE or Node's, from the error or its
 * causes (drizzle wraps driver errors), else its class name. Never the message: it may quote
 * member text or query parameters.
 */
export function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if ('code' in current && (typeof current.code === 'string' || typeof current.code === 'number'))
      return String(current.code);
    if (current.cause === undefined) break;
    current = current.cause;
  }
  return current instanceof Error ? current.name : typeof current;
}

function idsOf(item: PlanningItem): Record<string, string> {
  if (item.kind === 'roundup') return { workspaceId: item.workspaceId };
  const ids = { workspaceId: item.scope.workspaceId, memberId: item.scope.memberId };
  return item.kind === 'nudge' ? { ...ids, promiseId: item.promiseId } : ids;
}

/** The report's counts and planned list as they were, to undo what a rolled-back plan added. */
function snapshot(report: PlanReport): () => void {
  const before = { ...report, planned: report.planned.length };
  return () => Object.assign(report, { ...before, planned: report.planned.slice(0, before.planned) });
}

/**
 * Plans one item in a savepoint of the batch's transaction. When it fails, its writes are undone,
 * the failure is logged (ids and error code only) and counted, and the item is deferred with a
 * growing backoff, so one poison row neither stops the batch nor fails every tick.
 */
async function planIsolated(
  tx: OutboxStore,
  item: PlanningItem,
  failures: number,
  context: PlanContext,
  plan: (sp: OutboxStore) => Promise<void>,
): Promise<'planned' | 'deferred' | 'stuck'> {
  const undo = snapshot(context.report);
  try {
    await tx.savepoint(plan);
    return 'planned';
  } catch (error) {
    undo();
    context.report.failed += 1;
    context.metrics?.planningFailure(item.kind, 'item');
    const retryAt = new Date(context.now.getTime() + planningRetryDelayMs(failures + 1));
    const ids = { job: 'plan', kind: item.kind, ...idsOf(item) };
    try {
      await tx.savepoint((sp) => sp.deferPlanning(item, retryAt));
      context.log.error(
        { ...ids, code: errorCode(error), failures: failures + 1, retryAt },
        'planning failed for one item; it is deferred and the rest goes on',
      );
      return 'deferred';
    } catch (deferError) {
      // The row cannot even be written: it stays due and is tried again next pass.
      context.log.error(
        { ...ids, code: errorCode(error), deferCode: errorCode(deferError) },
        'planning failed for one item and it could not be deferred; the rest goes on',
      );
      return 'stuck';
    }
  }
}

/** How one planning queue is claimed and planned. */
interface Queue<Due> {
  kind: PlanningItem['kind'];
  /** Locks up to `limit` due rows. */
  claim(tx: OutboxStore, limit: number): Promise<Due[]>;
  /** The item and its failures in a row, to defer it when its planning fails. */
  describe(due: Due): { item: PlanningItem; failures: number };
  /** Decides what to write for one row (its delivery, its next due moment); writes nothing. */
  plan(tx: OutboxStore, due: Due): ItemPlan | Promise<ItemPlan>;
}

/** How one batch of a queue went: rows claimed, and how many of them left the queue's due part. */
interface BatchOutcome {
  claimed: number;
  advanced: number;
}

/**
 * Claims and plans one batch. The batch runs whole first, with no savepoint per item and its
 * writes made set-wise (a few statements whatever its size: the cost of every pass); if anything
 * in it fails, it is rolled back and planned again item by item, each in a savepoint, so that
 * only the failing items are deferred.
 */
async function planBatch<Due>(
  store: OutboxStore,
  queue: Queue<Due>,
  context: PlanContext,
  size: number,
): Promise<BatchOutcome> {
  const undo = snapshot(context.report);
  try {
    return await store.savepoint(async (tx) => {
      const due = await queue.claim(tx, size);
      const plans: ItemPlan[] = [];
      for (const one of due) plans.push(await queue.plan(tx, one));
      await writePlans(tx, plans, context.report);
      return { claimed: due.length, advanced: due.length };
    });
  } catch {
    undo();
  }
  return store.savepoint(async (tx) => {
    const due = await queue.claim(tx, size);
    let advanced = 0;
    for (const one of due) {
      const { item, failures } = queue.describe(one);
      const outcome = await planIsolated(tx, item, failures, context, async (sp) =>
        writePlans(sp, [await queue.plan(sp, one)], context.report),
      );
      if (outcome !== 'stuck') advanced += 1;
    }
    return { claimed: due.length, advanced };
  });
}

/**
 * Plans batches of one queue until it has nothing due. A batch that fails as a whole (its claim
 * or commit) is logged and counted, and the queue is left for the next pass.
 */
async function drainQueue<Due>(
  store: OutboxStore,
  queue: Queue<Due>,
  context: PlanContext,
  size: number,
): Promise<void> {
  // Each batch advances (or defers) the due moment of what it claimed, so the loop ends when
  // nothing is due; rows that could not even be deferred would be claimed again, so a batch of
  // only those ends it too.
  for (;;) {
    let outcome: BatchOutcome;
    try {
      outcome = await planBatch(store, queue, context, size);
    } catch (error) {
      context.metrics?.planningFailure(queue.kind, 'batch');
      context.log.error({ job: 'plan', kind: queue.kind, code: errorCode(error) }, 'planning a batch failed');
      return;
    }
    if (outcome.claimed < size || outcome.advanced === 0) return;
  }
}

/**
 * One planning pass: due digests, timed nudges and roundups become outbox rows, and the queue
 * columns advance, in small transactions. An item whose planning fails is deferred (see
 * planIsolated) and the others are planned. With `dryRun`, everything is rolled back and the
 * report says what would have been sent.
 */
export async function planTick(options: {
  store: OutboxStore;
  now: Date;
  log: Logger;
  dryRun?: boolean;
  batch?: number;
  metrics?: Pick<Metrics, 'planningFailure'>;
}): Promise<PlanReport> {
  const { store, now, log } = options;
  const batch = options.batch ?? PLAN_BATCH;
  clearTimeMemos();
  const report: PlanReport = { digests: 0, nudges: 0, roundups: 0, skipped: 0, failed: 0, planned: [] };
  const context: PlanContext = { now, log, report, metrics: options.metrics };
  if (options.dryRun) {
    await store
      .transaction(async (tx) => {
        await planAll(tx, context, Number.MAX_SAFE_INTEGER);
        throw new DryRunRollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof DryRunRollback)) throw error;
      });
    return report;
  }
  await planAll(store, context, batch);
  return report;
}

class DryRunRollback extends Error {}

async function planAll(store: OutboxStore, context: PlanContext, size: number) {
  const { now, report, log } = context;
  const digests: Queue<DueMember> = {
    kind: 'digest',
    claim: (tx, limit) => tx.claimDueDigests(now, limit),
    describe: (due) => ({
      item: { kind: 'digest', scope: scopeOf(due.member) },
      failures: due.planningFailures,
    }),
    plan: (_tx, due) => planDigest(due, now, report, log),
  };
  const nudges: Queue<DueNudge> = {
    kind: 'nudge',
    claim: (tx, limit) => tx.claimDueNudges(now, limit),
    describe: (due) => ({
      item: { kind: 'nudge', scope: scopeOf(due.member), promiseId: due.promise.id },
      failures: due.planningFailures,
    }),
    plan: (_tx, due) => planNudge(due, now),
  };
  const roundups: Queue<DueRoundup> = {
    kind: 'roundup',
    claim: (tx, limit) => tx.claimDueRoundups(now, limit),
    describe: (due) => ({
      item: { kind: 'roundup', workspaceId: due.workspace.id },
      failures: due.planningFailures,
    }),
    plan: (tx, due) => planRoundup(tx, due, now),
  };
  await drainQueue(store, digests, context, size);
  await drainQueue(store, nudges, context, size);
  await drainQueue(store, roundups, context, size);
}
