import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../db/connection.ts';
import * as schema from '../../db/schema.ts';
import { DrizzleStore } from '../../db/store.ts';
import { createInbound, type InboundService } from '../../src/app/inbound.ts';
import { recordPgliteStatements } from '../support/statement-log.ts';
import { actor, ManualClock, say, testLog } from '../support/world.ts';

let client: PGlite;
let statements: string[];
let inbound: InboundService;
const clock = new ManualClock(new Date('2026-12-01T10:00:00Z'));

beforeAll(async () => {
  client = await PGlite.create('memory://');
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: fileURLToPath(new URL('../../db/migrations', import.meta.url)) });
  statements = recordPgliteStatements(client).seen;
  inbound = createInbound({ store: new DrizzleStore(db as unknown as Db), clock, log: testLog });
});
afterAll(async () => {
  await client.close();
});

it('a /promise add from a known member runs at most 6 statements, its retry key included', async () => {
  const alice = actor('Alice', 'Europe/Berlin');
  await say(inbound, alice, 'Sam (Initech) will call me back tomorrow', 'first');
  statements.length = 0;
  const reply = await say(
    inbound,
    alice,
    'Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
    'add-2',
  );
  expect(reply?.fallbackText).toMatch(/Jane Doe/);
  // Workspace and member in one read, retry key; then BEGIN, the short number taken by the insert
  // (one statement), the open count, COMMIT. (test/app/add-statements.test.ts: both drivers.)
  expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(6);
  // The counter sees them all: the transaction and the reads around it.
  expect(statements).toContain('BEGIN');
  expect(statements.length).toBeGreaterThanOrEqual(6);
  expect(
    statements.filter((text) => /^(with "counter" as \(.*\) )?insert into "promises"/is.test(text)),
  ).toHaveLength(1);
});
