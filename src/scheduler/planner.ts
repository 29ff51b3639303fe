import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { DeliveryTarget } from '../core/delivery.ts';
import { buildDigest, rightPersonSuggestions } from '../core/digest.ts';
import type { Member, MemberScope, Workspace } from '../core/model.ts';
import { nudgeMessage } from '../core/nudge-message.ts';
import { nextDigestAt, nextNudgeAt, plannedNudge } from '../core/nudge-policy.ts';
import type { DueMember, DueNudge, OutboxStore, PlannedDelivery } from '../core/outbox-port.ts';
import { buildRoundup } from '../core/roundup.ts';
import { nextRoundupAt, roundupPeriod } from './roundup-schedule.ts';

/** What one planning pass did. */
export interface PlanReport {
  digests: number;
  nudges: number;
  roundups: number;
  /** Digests whose day had already passed when Thrice came back (logged, not sent). */
  skipped: number;
  planned: PlannedDelivery[];
}

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
 * One member's digest. A digest due on an earlier local day (downtime) is skipped; if today's
 * moment has also passed, today's goes out now, once.
 */
async function planDigest(tx: OutboxStore, due: DueMember, now: Date, report: PlanReport, log: Logger) {
  const { member, workspace } = due;
  const settings = member.settings;
  const zone = settings.timeZone;
  const today = localDate(now, zone);
  let moment: Date | null = due.dueAt;
  if (localDate(due.dueAt, zone) !== today) {
    report.skipped += 1;
    log.info(
      { memberId: member.id, dueAt: due.dueAt },
      'digest skipped: its day passed while Thrice was down',
    );
    const startOfToday = DateTime.fromJSDate(now, { zone })
      .startOf('day')
      .minus({ milliseconds: 1 })
      .toJSDate();
    const todays = nextDigestAt(settings, startOfToday);
    moment = todays !== null && todays.getTime() <= now.getTime() ? todays : null;
  }
  const paused = settings.pausedUntil !== null && settings.pausedUntil.getTime() > now.getTime();
  if (moment !== null && !paused) {
    const input = { member, promises: await tx.promisesOf(scopeOf(member)), now };
    const message = buildDigest(input);
    if (message !== null) {
      const delivery: PlannedDelivery = {
        workspaceId: workspace.id,
        memberId: member.id,
        kind: 'digest',
        dedupeKey: `digest:${member.id}:${today}`,
        target: dmTarget(workspace, member, due.dmChannelId),
        message,
        notBefore: now,
      };
      if (await tx.enqueue(delivery)) {
        report.digests += 1;
        report.planned.push(delivery);
        const suggested = rightPersonSuggestions(input).map((p) => p.id);
        await tx.markRightPersonSuggested(scopeOf(member), suggested);
      }
    }
  }
  await tx.setNextDigestAt(scopeOf(member), nextDigestAt(settings, now));
}

async function planNudge(tx: OutboxStore, due: DueNudge, now: Date, report: PlanReport) {
  const { member, workspace, promise } = due;
  const nudge = plannedNudge(promise, member.settings);
  if (nudge !== null && nudge.at.getTime() <= now.getTime()) {
    const delivery: PlannedDelivery = {
      workspaceId: workspace.id,
      memberId: member.id,
      kind: 'nudge',
      dedupeKey: `nudge:${promise.id}:${nudge.attempt}`,
      target: dmTarget(workspace, member, due.dmChannelId),
      message: nudgeMessage(promise, nudge, member.settings, now),
      notBefore: now,
    };
    if (await tx.enqueue(delivery)) {
      report.nudges += 1;
      report.planned.push(delivery);
    }
    const after = { ...promise, lastNudgedAttempt: nudge.attempt };
    await tx.markNudgePlanned(
      scopeOf(member),
      promise.id,
      nudge.attempt,
      nextNudgeAt(after, member.settings),
    );
    return;
  }
  // The moment moved (snooze, pause, settings): put the promise back in the queue at its new moment.
  await tx.markNudgePlanned(
    scopeOf(member),
    promise.id,
    promise.lastNudgedAttempt,
    nextNudgeAt(promise, member.settings),
  );
}

/**
 * One planning pass: due digests, timed nudges and roundups become outbox rows, and the queue
 * columns advance, in small transactions. With `dryRun`, everything is rolled back and the
 * report says what would have been sent.
 */
export async function planTick(options: {
  store: OutboxStore;
  now: Date;
  log: Logger;
  dryRun?: boolean;
  batch?: number;
}): Promise<PlanReport> {
  const { store, now, log } = options;
  const batch = options.batch ?? PLAN_BATCH;
  const report: PlanReport = { digests: 0, nudges: 0, roundups: 0, skipped: 0, planned: [] };
  if (options.dryRun) {
    await store
      .transaction(async (tx) => {
        await planAll(tx, now, log, report, Number.MAX_SAFE_INTEGER);
        throw new DryRunRollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof DryRunRollback)) throw error;
      });
    return report;
  }
  await planAll(store, now, log, report, batch);
  return report;
}

class DryRunRollback extends Error {}

async function planAll(store: OutboxStore, now: Date, log: Logger, report: PlanReport, batch: number) {
  // Each loop claims rows whose due moment it then advances, so it ends when nothing is due.
  for (;;) {
    const claimed = await store.transaction(async (tx) => {
      const due = await tx.claimDueDigests(now, batch);
      for (const member of due) await planDigest(tx, member, now, report, log);
      return due.length;
    });
    if (claimed < batch) break;
  }
  for (;;) {
    const claimed = await store.transaction(async (tx) => {
      const due = await tx.claimDueNudges(now, batch);
      for (const nudge of due) await planNudge(tx, nudge, now, report);
      return due.length;
    });
    if (claimed < batch) break;
  }
  for (;;) {
    const claimed = await store.transaction(async (tx) => {
      const due = await tx.claimDueRoundups(now, batch);
      for (const { workspace, dueAt } of due) {
        if (dueAt !== null) {
          // After downtime, report the latest full period rather than one long past.
          let end = dueAt;
          for (
            let next = nextRoundupAt(workspace, end);
            next !== null && next <= now;
            next = nextRoundupAt(workspace, end)
          ) {
            end = next;
          }
          const period = roundupPeriod(workspace, end);
          const activity = await tx.roundupActivity(workspace.id, period.from, period.to);
          const delivery: PlannedDelivery = {
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
          };
          if (await tx.enqueue(delivery)) {
            report.roundups += 1;
            report.planned.push(delivery);
          }
        }
        await tx.setNextRoundupAt(workspace.id, nextRoundupAt(workspace, now));
      }
      return due.length;
    });
    if (claimed < batch) break;
  }
}
