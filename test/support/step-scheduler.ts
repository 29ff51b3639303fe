import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../db/connection.ts';
import type { DeliveryPort } from '../../src/core/ports/delivery.ts';
import type { OutboxStore } from '../../src/core/ports/outbox.ts';
import { runTick } from '../../src/scheduler/scheduler.ts';
import type { ManualClock } from './clock.ts';
import { testLog } from './clock.ts';

/**
 * The earliest moment the scheduler has work: a digest, a nudge or a pending delivery; null when
 * nothing is queued.
 */
export async function nextDueAt(database: Database): Promise<Date | null> {
  const [row] = await queryRows<{ due: Date | string | null }>(
    database.db,
    sql`select least(
      (select min(next_digest_at) from members where unreachable_at is null),
      (select min(next_nudge_at) from promises),
      (select min(next_attempt_at) from deliveries where state = 'pending')
    ) as due`,
  );
  return row?.due === null || row?.due === undefined ? null : new Date(row.due);
}

/**
 * Runs the real scheduler (plan, then send through the outbox) at every moment it has work, up
 * to `until`, moving the clock there; the clock ends at `until`. A minute-by-minute cron would
 * find nothing to do in between, and skipping those ticks keeps weeks inside a test's time.
 */
export async function stepScheduler(
  world: { database: Database; outbox: OutboxStore; clock: ManualClock },
  port: DeliveryPort,
  until: Date,
): Promise<void> {
  const ports = new Map([[port.platform, port]]);
  for (let ticks = 0; ; ticks++) {
    const due = await nextDueAt(world.database);
    const at = due === null ? null : Math.max(due.getTime(), world.clock.now().getTime());
    if (at === null || at > until.getTime()) break;
    // Each tick moves what it planned past now; a queue that never advances would loop for ever.
    if (ticks > 1_000) throw new Error('the scheduler kept finding the same work due');
    world.clock.set(new Date(at));
    await runTick({
      store: world.outbox,
      ports,
      clock: world.clock,
      log: testLog,
      workerId: 'steps',
      prune: false,
    });
  }
  world.clock.set(until);
}
