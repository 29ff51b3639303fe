import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.ts';
import { DrizzleStore } from '../../db/store.ts';
import { openTestDatabase } from '../support/drivers.ts';
import { tempDataDir } from '../support/run-thrice.ts';
import { appliedMigrations, COMMITTED_MIGRATIONS, storeContract } from './store.contract.ts';

// The worker's copy of the run's migrated PGlite; the fresh-directory path is the on-disk test below.
storeContract('PGlite', () => openTestDatabase('pglite'));

describe('PGlite on disk', () => {
  it('opening the same data directory again applies no migration twice and keeps the data', async () => {
    // A copy of the run's migrated directory; a first start from no directory at all (initdb and
    // every migration, seconds of WASM) is the console's `npm start` test.
    const dataDir = tempDataDir();
    const identity = { platform: 'console', externalId: 'local', name: null } as const;

    const first = await openDatabase({ dataDir });
    const created = await new DrizzleStore(first.db).ensureWorkspace(identity);
    const appliedFirst = await appliedMigrations(first);
    await first.close();
    const second = await openDatabase({ dataDir });
    const found = await new DrizzleStore(second.db).ensureWorkspace(identity);
    const appliedSecond = await appliedMigrations(second);
    await second.close();

    expect(second.kind).toBe('pglite');
    expect(appliedFirst).toBe(COMMITTED_MIGRATIONS);
    expect(appliedSecond).toBe(appliedFirst);
    expect(found.id).toBe(created.id);
  });
});
