import type { Logger } from 'pino';
import {
  type Delivery,
  type DeliveryPort,
  RateLimitedError,
  RecipientUnreachableError,
} from '../core/delivery.ts';
import type { Platform } from '../core/model.ts';
import type { OutboxStore } from '../core/outbox-port.ts';
import type { Clock } from '../core/ports.ts';
import { withLogContext } from '../runtime/log-context.ts';
import type { Metrics } from '../runtime/metrics.ts';
import { backoffDelayMs, RETRY_POLICY } from './retry-policy.ts';

/** What one drain did. */
export interface DrainReport {
  sent: number;
  retried: number;
  rateLimited: number;
  dead: number;
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
  metrics?: Pick<Metrics, 'delivery' | 'platformError'>;
  batchSize?: number;
  /** Claims older than this are resumed (default RETRY_POLICY.leaseMs). */
  leaseMs?: number;
  random?: () => number;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends every due delivery of the platforms this process has ports for, until none is left.
 * A 429 defers the rest of that platform's batch until Retry-After; other failures retry with
 * backoff and end `dead` after RETRY_POLICY.maxAttempts; unreachable members are marked so.
 */
export async function drainOutbox(options: DrainOptions): Promise<DrainReport> {
  const { store, ports, clock, workerId } = options;
  const report: DrainReport = { sent: 0, retried: 0, rateLimited: 0, dead: 0 };
  const platforms = [...ports.keys()];
  if (platforms.length === 0) return report;
  const batchSize = options.batchSize ?? RETRY_POLICY.batchSize;
  while (!options.stopping?.()) {
    const batch = await store.claimDeliveries({
      now: clock.now(),
      limit: batchSize,
      platforms,
      workerId,
      leaseMs: options.leaseMs ?? RETRY_POLICY.leaseMs,
    });
    if (batch.length === 0) break;
    const holdUntil = new Map<Platform, Date>();
    for (const delivery of batch) {
      if (options.stopping?.()) break;
      const held = holdUntil.get(delivery.target.platform);
      if (held !== undefined) {
        await store.markRetry(delivery.id, held, 'held back: the platform asked us to slow down', false);
        continue;
      }
      await withLogContext({ deliveryId: delivery.id }, () => sendOne(delivery, options, report, holdUntil));
    }
    if (batch.length < batchSize) break;
  }
  return report;
}

async function sendOne(
  delivery: Delivery,
  options: DrainOptions,
  report: DrainReport,
  holdUntil: Map<Platform, Date>,
): Promise<void> {
  const { store, ports, clock, log, metrics } = options;
  const platform = delivery.target.platform;
  const port = ports.get(platform);
  const context = { kind: delivery.kind, attempt: delivery.attempts };
  if (port === undefined) return;
  const count = (outcome: Parameters<Metrics['delivery']>[2]) =>
    metrics?.delivery(platform, delivery.kind, outcome);
  try {
    const sent = await port.send(delivery);
    await store.markSent(delivery, sent, clock.now());
    report.sent += 1;
    count('sent');
    log.debug(context, 'delivery sent');
  } catch (error) {
    const now = clock.now();
    if (error instanceof RateLimitedError) {
      const until = new Date(now.getTime() + error.retryAfterMs);
      holdUntil.set(delivery.target.platform, until);
      await store.markRetry(delivery.id, until, describe(error), false);
      report.rateLimited += 1;
      count('rate_limited');
      metrics?.platformError(platform, 'rate_limited');
      log.warn({ ...context, retryAfterMs: error.retryAfterMs }, 'delivery rate limited');
    } else if (error instanceof RecipientUnreachableError) {
      await store.markDead(delivery.id, describe(error));
      if (delivery.memberId !== null) {
        await store.markUnreachable({ workspaceId: delivery.workspaceId, memberId: delivery.memberId }, now);
      }
      report.dead += 1;
      count('unreachable');
      metrics?.platformError(platform, 'unreachable');
      log.warn({ ...context, err: error }, 'recipient unreachable; delivery dead and member marked');
    } else if (delivery.attempts >= RETRY_POLICY.maxAttempts) {
      await store.markDead(delivery.id, describe(error));
      report.dead += 1;
      count('dead');
      metrics?.platformError(platform, 'failed');
      log.error({ ...context, err: error }, 'delivery dead after repeated failures');
    } else {
      const delay = backoffDelayMs(delivery.attempts, options.random);
      await store.markRetry(delivery.id, new Date(now.getTime() + delay), describe(error), true);
      report.retried += 1;
      count('retry');
      metrics?.platformError(platform, 'failed');
      log.warn({ ...context, err: error, retryInMs: delay }, 'delivery failed; will retry');
    }
  }
}
