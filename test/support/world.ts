import { openDatabase } from '../../db/connection.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import { DrizzleStore } from '../../db/store.ts';
import { type Actor, createCommandHandler } from '../../src/app/command-handler.ts';

import { ManualClock, testLog } from './clock.ts';

export { resetDatabase } from './database.ts';
export { ManualClock, testLog };

/** A whole Thrice back end on one database: the store, the outbox, the command handler and a clock. */
export async function openWorld(options: { databaseUrl?: string; dataDir?: string; now: string }) {
  const dataDir = options.dataDir ?? 'memory://';
  const database = await openDatabase(
    options.databaseUrl === undefined ? { dataDir } : { dataDir, databaseUrl: options.databaseUrl },
  );
  const clock = new ManualClock(new Date(options.now));
  const store = new DrizzleStore(database.db);
  const outbox = new DrizzleOutboxStore(database.db);
  const handler = createCommandHandler({ store, clock, log: testLog });
  return { database, clock, store, outbox, handler, close: () => database.close() };
}

/** A console-platform member in the test workspace. */
export function actor(name: string, timeZone: string, workspace = 'ws-1'): Actor {
  return {
    workspace: { platform: 'console', externalId: workspace, name: workspace },
    user: { externalId: name.toLowerCase(), displayName: name },
    timeZone,
    canManageWorkspace: true,
  };
}
