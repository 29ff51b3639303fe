import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.ts';
import { DrizzleStore } from '../../db/store.ts';
import { storeContract } from './store.contract.ts';

storeContract('PGlite', () => openDatabase({ dataDir: 'memory://' }));

describe('PGlite on disk', () => {
  it('applies migrations once: opening the same data directory again keeps the data', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'thrice-pglite-')), 'data');
    const identity = { platform: 'console', externalId: 'local', name: null } as const;
    const first = await openDatabase({ dataDir });
    const created = await new DrizzleStore(first.db).ensureWorkspace(identity);
    await first.close();
    const second = await openDatabase({ dataDir });
    const found = await new DrizzleStore(second.db).ensureWorkspace(identity);
    await second.close();
    expect(found.id).toBe(created.id);
  });
});
