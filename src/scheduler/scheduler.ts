import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import cron from 'node-cron';
import type { Logger } from 'pino';
import type { Platform } from '../core/model.ts';
import type { DeliveryPort } from '../core/ports/delivery.ts';
import type { OutboxStore } from '../core/ports/outbox.ts';
import type { Clock } from '../core/ports/store.ts';
import type { Metrics } from '../runtime/metrics.ts';
import { releaseMemoryWhenSettled } from '../runtime/release-memory.ts';
import type { Pacing } from './pacing.ts';
import { errorCode, type PlanReport, planTick } from './planner.ts';
import { RETENTION } from './retry-policy.ts';
import { type DrainReport, drainOutbox } from './sender.ts';

/** What the scheduler needs. */
export interface SchedulerDeps {
  store: OutboxStore;
  ports: ReadonlyMap<Platform, DeliveryPort>;
  clock: Clock;
  log: Logger;
  metrics?: Pick<Metrics, 'delivery' | 'platformError' | 'tick' | 'planningFailure' | 'claimLost'>;
  /** Claims not renewed for this long (their sender died or stalled) are resumed (default RETRY_POLICY.leaseMs). */
  leaseMs?: number;
  /** Shared send budgets (see drainOutbox); without them sends are only slowed by 429s. */
  pacing?: Pacing;
}

/** One pass: plan what is due, then send what is in the outbox. */
export interface TickReport {
  plan: PlanReport;
  drain: DrainReport;
}

/** A worker id unique to this process, recorded on the deliveries it claims. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Runs one planning and sending pass (what `npm run tick` and each cron tick do). The sender
 * runs whatever planning did: planning isolates its own failures, and should it still throw,
 * what is already in the outbox is sent before the error is reported.
 */
export async function runTick(
  deps: SchedulerDeps & { workerId: string; stopping?: () => boolean; prune?: boolean },
): Promise<TickReport> {
  const now = deps.clock.now();
  let plan: PlanReport;
  let planFailure: { error: unknown } | undefined;
  try {
    plan = await planTick({
      store: deps.store,
      now,
      log: deps.log,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
    });
  } catch (error) {
    planFailure = { error };
    deps.log.error({ job: 'plan', code: errorCode(error) }, 'planning failed; sending what is queued');
    plan = { digests: 0, nudges: 0, roundups: 0, skipped: 0, failed: 0, planned: [] };
  }
  const drain = await drainOutbox({ ...deps });
  // A tick that planned or sent grew the heap with its batches: give it back once things settle.
  if (plan.planned.length + drain.sent + drain.retried + drain.dead > 0) releaseMemoryWhenSettled();
  if (deps.prune !== false) await prune(deps, now);
  if (planFailure !== undefined) throw planFailure.error;
  return { plan, drain };
}

/** Forgets old request keys and settled deliveries, so the tables stay the size of current work. */
async function prune(deps: SchedulerDeps, now: Date): Promise<void> {
  const pruned = await deps.store.prune({
    requestsBefore: new Date(now.getTime() - RETENTION.requestKeysMs),
    deliveriesBefore: new Date(now.getTime() - RETENTION.settledDeliveriesMs),
  });
  if (pruned.requests + pruned.deliveries > 0)
    deps.log.info({ job: 'prune', ...pruned }, 'pruned old records');
}

/** The in-process scheduler: a tick every minute, never two at once in this process. */
export interface RunningScheduler {
  /** Runs a tick now (start-up catch-up) and resolves when it is done. */
  tickNow(): Promise<void>;
  /** Stops ticking, waits for a running tick, and hands back unsent claims. */
  stop(): Promise<void>;
}

/** Starts the minute tick. Each failure is logged with `{ job, err }`; the scheduler stays alive. */
export function startScheduler(deps: SchedulerDeps, cronExpression = '* * * * *'): RunningScheduler {
  const workerId = newWorkerId();
  let stopping = false;
  let prunedAt = Number.NEGATIVE_INFINITY;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    running = running.then(async () => {
      if (stopping) return;
      const started = performance.now();
      try {
        const now = deps.clock.now().getTime();
        const pruneDue = now - prunedAt >= RETENTION.everyMs;
        if (pruneDue) prunedAt = now;
        const report = await runTick({ ...deps, workerId, stopping: () => stopping, prune: pruneDue });
        const { plan, drain } = report;
        if (plan.planned.length + plan.failed + drain.sent + drain.retried + drain.dead > 0) {
          const { digests, nudges, roundups, failed: planningFailed } = plan;
          deps.log.info({ job: 'tick', digests, nudges, roundups, planningFailed, ...drain }, 'tick');
        }
        deps.metrics?.tick((performance.now() - started) / 1000, true);
      } catch (error) {
        deps.metrics?.tick((performance.now() - started) / 1000, false);
        deps.log.error({ job: 'tick', err: error }, 'tick failed');
      }
    });
    return running;
  };

  const task = cron.schedule(cronExpression, () => tick(), { noOverlap: true, name: 'thrice-tick' });
  return {
    tickNow: tick,
    async stop() {
      stopping = true;
      await task.stop();
      await running;
      const released = await deps.store.releaseClaims(workerId);
      if (released > 0)
        deps.log.info({ job: 'tick', released }, 'handed unsent deliveries back to the outbox');
    },
  };
}
