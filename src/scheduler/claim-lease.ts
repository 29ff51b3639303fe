import type { Logger } from 'pino';
import type { OutboxStore } from '../core/ports/outbox.ts';

/** How often a sender renews its claims: three times per lease, so one late renewal is not fatal. */
export function renewEveryMs(leaseMs: number): number {
  return Math.max(1, Math.floor(leaseMs / 3));
}

/**
 * The claims of one batch, kept alive while the sender works through it: a heartbeat renews
 * every claim not yet settled (also while a slow platform call is in flight), and before each
 * send a renewal that is due is made first, so a sender that stalled past its lease learns that
 * it lost a claim instead of sending a delivery another sender has resumed. Store calls for the
 * batch go one at a time, so a renewal never races the settling of the same row.
 */
export class BatchClaims {
  private readonly held: Set<string>;
  private renewedAt = performance.now();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private readonly everyMs: number;

  constructor(
    private readonly options: {
      store: OutboxStore;
      workerId: string;
      leaseMs: number;
      log: Logger;
      deliveryIds: readonly string[];
    },
  ) {
    this.held = new Set(options.deliveryIds);
    this.everyMs = renewEveryMs(options.leaseMs);
    this.timer = setInterval(() => {
      this.renew().catch((error: unknown) => {
        // The next beat or the check before a send tries again; a claim that expires meanwhile
        // is found lost when it is settled.
        options.log.warn({ job: 'send', err: error }, 'renewing delivery claims failed');
      });
    }, this.everyMs);
    this.timer.unref();
  }

  /** Whether `deliveryId` is still ours to send; renews first when the last renewal is due. */
  async stillHeld(deliveryId: string): Promise<boolean> {
    if (performance.now() - this.renewedAt >= this.everyMs) await this.renew();
    return this.held.has(deliveryId);
  }

  /**
   * Settles `deliveryId` through `settle`, which answers false when the claim was no longer ours;
   * either way the heartbeat stops renewing it.
   */
  settle(deliveryId: string, settle: () => Promise<boolean>): Promise<boolean> {
    return this.exclusive(async () => {
      try {
        return await settle();
      } finally {
        this.held.delete(deliveryId);
      }
    });
  }

  /** Stops the heartbeat and waits for a renewal in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.queue;
  }

  private renew(): Promise<void> {
    return this.exclusive(async () => {
      const ids = [...this.held];
      if (ids.length === 0) return;
      const kept = new Set(await this.options.store.renewClaims(this.options.workerId, ids));
      for (const id of ids) if (!kept.has(id)) this.held.delete(id);
      this.renewedAt = performance.now();
    });
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
