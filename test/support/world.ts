import { openDatabase } from '../../db/connection.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import { DrizzleStore } from '../../db/store.ts';
import { createInbound } from '../../src/app/inbound.ts';
import type { Actor } from '../../src/core/ports/inbound.ts';
import type { WorkspaceIdentity } from '../../src/core/ports/store.ts';

import { ManualClock, testLog } from './clock.ts';
import { type Driver, openTestDatabase } from './drivers.ts';

export { resetDatabase } from './database.ts';
export { type Driver, describeOnDrivers } from './drivers.ts';
export { press, say, submit } from './inbound.ts';
export { ManualClock, testLog };

/**
 * A whole Thrice back end on one database: the store, the outbox, the inbound service and a clock.
 * With `driver`, a fresh database of its own on that driver (dropped on close); with `dataDir`, PGlite there.
 */
export async function openWorld(options: {
  driver?: Driver;
  /** Another instance on an existing database (Postgres URL) instead of a fresh one. */
  databaseUrl?: string;
  dataDir?: string;
  now: string;
}) {
  const database =
    options.databaseUrl !== undefined
      ? await openDatabase({ dataDir: 'memory://', databaseUrl: options.databaseUrl })
      : options.dataDir !== undefined
        ? await openDatabase({ dataDir: options.dataDir })
        : await openTestDatabase(options.driver ?? 'pglite');
  const clock = new ManualClock(new Date(options.now));
  const store = new DrizzleStore(database.db);
  const outbox = new DrizzleOutboxStore(database.db);
  const inbound = createInbound({ store, clock, log: testLog });
  return { database, clock, store, outbox, inbound, close: () => database.close() };
}

/** A console-platform member in the test workspace. */
export function actor(
  name: string,
  timeZone: string,
  workspace = 'ws-1',
): Actor & { workspace: WorkspaceIdentity } {
  return {
    workspace: { platform: 'console', externalId: workspace, name: workspace },
    user: { externalId: name.toLowerCase(), displayName: name },
    timeZone,
    canManageWorkspace: true,
  };
}
