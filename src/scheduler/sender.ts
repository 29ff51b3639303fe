import type { Logger } from 'pino';
import { lazyChartRenderer } from '../charts/lazy.ts';
import { channelProblemNotice } from '../core/channel-notice.ts';
import type { DeliveryProblem, Platform, UnreachableReason } from '../core/model.ts';
import type { ChartPort } from '../core/ports/charts.ts';
import {
  type Delivery,
  type DeliveryPort,
  RateLimitedError,
  RecipientUnreachableError,
  type SentMessage,
} from '../core/ports/delivery.ts';
import type { OutboxStore } from '../core/ports/outbox.ts';
import type { Clock } from '../core/ports/store.ts';
import { withLogContext } from '../runtime/log-context.ts';
import type { Metrics } from '../runtime/metrics.ts';
import { withChart } from './chart-attachment.ts';
import { BatchClaims } from './claim-lease.ts';
import { Pacer, type Pacing } from './pacing.ts';
import { backoffDelayMs, RETRY_POLICY } from './retry-policy.ts';

/** One renderer for every drain that is given none, so the chart library loads once. */
const defaultCharts = lazyChartRenderer();

/** What one drain did. */
export interface DrainReport {
  sent: number;
  retried: number;
  rateLimited: number;
  dead: number;
  /** Deliveries whose claim another sender took over before this one sent or settled them. */
  lost: number;
}

/** Options of one drain of the outbox. */
export interface DrainOptions {
  store: OutboxStore;
  ports: ReadonlyMap<Platform, DeliveryPort>;
  clock: Clock;
  log: Logger;
  /** Identifies this process's claims (host:pid:random). */
  workerId: string;
  /** Stop sending (graceful shutdown): what is claimed and unsent is handed back by the caller. */
  stopping?: () => boolean;
  metrics?: Pick<Metrics, 'delivery' | 'platformError' | 'claimLost'>;
  batchSize?: number;
  /** A claim not renewed for this long may be resumed by another sender (default RETRY_POLICY.leaseMs). */
  leaseMs?: number;
  random?: () => number;
  /** Draws the charts messages ask for (the roundup's); ECharts and resvg, loaded on first use, when not given. */
  charts?: ChartPort;
  /**
   * Paces sends to the platforms' limits with budgets every instance shares (db/pacing-store.ts).
   * Without it a drain sends as fast as the platform answers and only backs off on a 429.
   */
  pacing?: Pacing;
}

/** What one drain keeps from batch to batch. */
interface DrainState {
  report: DrainReport;
  /** Without pacing: platforms a Retry-After holds, until when (kept for the whole drain). */
  holdUntil: Map<Platform, Date>;
  pacer: Pacer | null;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends every due delivery of the platforms this process has ports for, until none is left.
 * The claims of a batch are renewed while it is worked through and settled only while still
 * owned (see BatchClaims), so a slow platform never lets a second sender post the same delivery.
 * A 429 holds what it limited (with pacing: the Slack workspace or the Discord token, for every
 * instance; without: the platform, for this drain) until Retry-After: the rest of the batch is
 * deferred to then and later claims leave those rows alone, so the limit is not learnt again
 * with every batch. Other failures retry with backoff and end `dead` after
 * RETRY_POLICY.maxAttempts; unreachable members are marked so.
 */
export async function drainOutbox(options: DrainOptions): Promise<DrainReport> {
  const { store, ports, clock, workerId, log } = options;
  const report: DrainReport = { sent: 0, retried: 0, rateLimited: 0, dead: 0, lost: 0 };
  const allPlatforms = [...ports.keys()];
  if (allPlatforms.length === 0) return report;
  const batchSize = options.batchSize ?? RETRY_POLICY.batchSize;
  const leaseMs = options.leaseMs ?? RETRY_POLICY.leaseMs;
  const pacer = options.pacing === undefined ? null : new Pacer(options.pacing, () => clock.now());
  const state: DrainState = { report, holdUntil: new Map(), pacer };
  const stopping = () => options.stopping?.() === true;
  while (!stopping()) {
    const now = clock.now();
    const skip = pacer === null ? { platforms: [], workspaceIds: [] } : await pacer.exclusions();
    const platforms = allPlatforms.filter((platform) => {
      const held = state.holdUntil.get(platform);
      return (held === undefined || held <= now) && !skip.platforms.includes(platform);
    });
    if (platforms.length === 0) break;
    const batch = await store.claimDeliveries({
      now,
      limit: batchSize,
      platforms,
      workerId,
      leaseMs,
      ...(skip.workspaceIds.length > 0 ? { skipWorkspaces: skip.workspaceIds } : {}),
    });
    if (batch.length === 0) break;
    const claims = new BatchClaims({ store, workerId, leaseMs, log, deliveryIds: batch.map((d) => d.id) });
    await pacer?.prefetch(batch);
    const scopeKeys = batch.map((delivery) => pacer?.scopesOf(delivery).map((scope) => scope.key) ?? []);
    try {
      for (const [index, delivery] of batch.entries()) {
        if (stopping()) break;
        // The sends this batch still has for a scope: what one take from the budget asks for.
        const upcoming = (scope: { key: string }) =>
          scopeKeys.slice(index).filter((keys) => keys.includes(scope.key)).length;
        await withLogContext({ deliveryId: delivery.id }, () =>
          sendOne(delivery, options, state, claims, upcoming),
        );
      }
    } finally {
      await claims.stop();
    }
    if (batch.length < batchSize) break;
  }
  return report;
}

async function sendOne(
  delivery: Delivery,
  options: DrainOptions,
  state: DrainState,
  claims: BatchClaims,
  upcoming: (scope: { key: string }) => number,
): Promise<void> {
  const { store, ports, clock, log, metrics, workerId } = options;
  const { report, holdUntil, pacer } = state;
  const charts = options.charts ?? defaultCharts;
  const platform = delivery.target.platform;
  const port = ports.get(platform);
  const context = { kind: delivery.kind, attempt: delivery.attempts };
  if (port === undefined) return;
  const count = (outcome: Parameters<Metrics['delivery']>[2]) =>
    metrics?.delivery(platform, delivery.kind, outcome);
  const lost = (stage: 'before_send' | 'settle') => {
    report.lost += 1;
    metrics?.claimLost(platform, stage);
    log.warn({ ...context, stage }, 'claim lost: another sender took this delivery over');
  };
  /** Settles under our claim; false (logged, counted) when it was lost meanwhile. */
  const settle = async (write: () => Promise<boolean>) => {
    const owned = await claims.settle(delivery.id, write);
    if (!owned) lost('settle');
    return owned;
  };
  /** Hands the delivery back for `at` without counting the attempt: it was never sent. */
  const deferTo = (at: Date, error: string) =>
    settle(() => store.markRetry(delivery.id, workerId, { at, error, countAttempt: false }));

  const held = holdUntil.get(platform);
  if (held !== undefined && held > clock.now()) {
    await deferTo(held, 'held back: the platform asked us to slow down');
    return;
  }
  if (pacer !== null) {
    const permit = await pacer.permit(delivery, upcoming, () => options.stopping?.() === true);
    if (!permit.send) {
      const why = permit.held
        ? 'held back: the platform asked us to slow down'
        : 'paced: the send budget has no room before then';
      await deferTo(permit.until, why);
      return;
    }
  }
  if (!(await claims.stillHeld(delivery.id))) {
    lost('before_send');
    return;
  }
  let sent: SentMessage;
  try {
    sent = await port.send(await withChart(delivery, charts, log));
  } catch (error) {
    await settleFailure(error);
    return;
  }
  if (await settle(() => store.markSent(delivery, workerId, sent, clock.now()))) {
    report.sent += 1;
    count('sent');
    log.debug(context, 'delivery sent');
  }

  async function settleFailure(error: unknown): Promise<void> {
    const now = clock.now();
    if (error instanceof RateLimitedError) {
      const until = new Date(now.getTime() + error.retryAfterMs);
      // Every instance stops drawing on this budget until then (pacing), or this drain does.
      if (pacer === null) holdUntil.set(platform, until);
      else await pacer.rateLimited(delivery, until);
      metrics?.platformError(platform, 'rate_limited');
      if (!(await settle(() => store.markRetry(delivery.id, workerId, retryOf(until, error, false))))) return;
      report.rateLimited += 1;
      count('rate_limited');
      log.warn({ ...context, retryAfterMs: error.retryAfterMs }, 'delivery rate limited');
    } else if (error instanceof RecipientUnreachableError) {
      metrics?.platformError(platform, 'unreachable');
      // The platform said so: the member (or channel) is unreachable whoever owns the claim now.
      const problem = { reason: error.reason, since: now };
      if (delivery.memberId !== null) {
        await store.markUnreachable(
          { workspaceId: delivery.workspaceId, memberId: delivery.memberId },
          problem,
        );
      } else if (delivery.target.kind === 'channel' && CHANNEL_REFUSALS.has(error.reason)) {
        // Not for a revoked token or an uninstalled app: that is no channel's fault, and reinstalling mends it.
        await pauseRoundups(store, delivery, delivery.target.channelId, problem, log);
      }
      if (!(await settle(() => store.markDead(delivery.id, workerId, describe(error))))) return;
      report.dead += 1;
      count('unreachable');
      log.warn({ ...context, err: error }, 'recipient unreachable; delivery dead and member marked');
    } else if (delivery.attempts >= RETRY_POLICY.maxAttempts) {
      metrics?.platformError(platform, 'failed');
      if (!(await settle(() => store.markDead(delivery.id, workerId, describe(error))))) return;
      report.dead += 1;
      count('dead');
      log.error({ ...context, err: error }, 'delivery dead after repeated failures');
    } else {
      metrics?.platformError(platform, 'failed');
      const delay = backoffDelayMs(delivery.attempts, options.random);
      const at = new Date(now.getTime() + delay);
      if (!(await settle(() => store.markRetry(delivery.id, workerId, retryOf(at, error, true))))) return;
      report.retried += 1;
      count('retry');
      log.warn({ ...context, err: error, retryInMs: delay }, 'delivery failed; will retry');
    }
  }
}

/** What a channel itself refuses a post for; only these pause its roundups. */
const CHANNEL_REFUSALS: ReadonlySet<UnreachableReason> = new Set([
  'not_in_channel',
  'channel_gone',
  'no_permission',
]);

/**
 * The roundup channel refused a post for good: roundups pause until an admin sets a channel again,
 * and the admin who chose it is told by DM, once (the notice's key is the refused roundup's).
 */
async function pauseRoundups(
  store: OutboxStore,
  roundup: Delivery,
  channelId: string,
  problem: DeliveryProblem,
  log: Logger,
): Promise<void> {
  await store.transaction(async (tx) => {
    const admin = await tx.markChannelUnpostable(roundup.workspaceId, channelId, problem);
    if (admin === null) {
      log.warn({ reason: problem.reason }, 'roundup channel refused a post; no admin to tell by DM');
      return;
    }
    const { member, workspace, dmChannelId } = admin;
    await tx.enqueue({
      workspaceId: workspace.id,
      memberId: member.id,
      kind: 'notice',
      dedupeKey: `notice:${roundup.dedupeKey}`,
      target: {
        kind: 'dm',
        platform: workspace.platform,
        workspaceExternalId: workspace.externalId,
        memberExternalId: member.externalId,
        dmChannelId,
      },
      message: channelProblemNotice({
        platform: workspace.platform,
        reason: problem.reason,
        workspaceName: workspace.name,
      }),
      notBefore: problem.since,
    });
  });
}

function retryOf(at: Date, error: unknown, countAttempt: boolean) {
  return { at, error: describe(error), countAttempt };
}
