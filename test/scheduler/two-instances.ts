import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import type { OutboxStore } from '../../src/core/ports/outbox.ts';
import { openTestDatabase } from '../support/drivers.ts';
import { type Driver, openWorld } from '../support/world.ts';

/** Two Thrice instances on one fresh database, as several processes would share a Postgres. */
export interface TwoInstances {
  /** The first instance, whose store, handler and clock tests use to set things up. */
  world: Awaited<ReturnType<typeof openWorld>>;
  /** The second instance's outbox: on Postgres over its own connection pool. */
  second: OutboxStore;
  /** The database's URL on Postgres (for processes of their own); null on PGlite. */
  url: string | null;
  close(): Promise<void>;
}

/**
 * Opens two instances on a new database of `driver`. PGlite has a single connection, so there the
 * second instance is a second store on it: the two still interleave at every await.
 */
export async function openTwoInstances(driver: Driver, now: string): Promise<TwoInstances> {
  if (driver === 'pglite') {
    const world = await openWorld({ driver, now });
    return { world, second: new DrizzleOutboxStore(world.database.db), url: null, close: world.close };
  }
  const database = await openTestDatabase('postgres');
  const url = database.url ?? '';
  const world = await openWorld({ databaseUrl: url, now });
  const other = await openWorld({ databaseUrl: url, now });
  return {
    world,
    second: other.outbox,
    url,
    async close() {
      await other.close();
      await world.close();
      await database.close();
    },
  };
}
