import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, inject } from 'vitest';
import { type Database, openDatabase, queryRows } from '../../db/connection.ts';
import { adminConnection, databaseUrl, postgresServer } from './postgres-server.ts';

/** The storage drivers a suite runs on: PGlite always, Postgres too when TEST_DATABASE_URL is set. */
export type Driver = 'pglite' | 'postgres';

/** PGlite, and Postgres when the run has a server (CI sets TEST_DATABASE_URL). */
export function drivers(): Driver[] {
  return inject('postgresTemplate') === '' ? ['pglite'] : ['pglite', 'postgres'];
}

/**
 * Declares the suite once per driver. PGlite runs one statement at a time and its driver accepts
 * values the `postgres` driver refuses, so a storage path tried on PGlite alone proves little.
 */
export function describeOnDrivers(name: string, body: (driver: Driver) => void): void {
  for (const driver of drivers()) describe(`${name} [${driver}]`, () => body(driver));
}

/**
 * An empty, migrated database that no other open world shares; closing it empties it for the
 * next world. Opening one costs seconds on PGlite (starting the WASM Postgres) and a CREATE
 * DATABASE on Postgres, emptying one milliseconds, so a test worker keeps them for every file it
 * runs (vitest.config.ts runs files without isolation; test/support/per-file.ts returns what a
 * file left open). On Postgres they are dropped with the run's template (global-setup.ts).
 */
export async function openTestDatabase(driver: Driver): Promise<Database & { url: string | null }> {
  const pool = pools[driver];
  let database = pool.idle.pop();
  if (database === undefined) {
    database = driver === 'pglite' ? { ...(await openPgliteCopy()), url: null } : await copyOfTemplate();
  }
  const borrowed = database;
  let returned = false;
  const giveBack = async () => {
    if (returned) return;
    returned = true;
    pool.lent.delete(giveBack);
    await emptyTables(borrowed);
    pool.idle.push(borrowed);
  };
  pool.lent.add(giveBack);
  return { ...borrowed, close: giveBack };
}

type TestDatabase = Database & { url: string | null };
const pools: Record<Driver, { idle: TestDatabase[]; lent: Set<() => Promise<void>> }> = {
  pglite: { idle: [], lent: new Set() },
  postgres: { idle: [], lent: new Set() },
};

/** Takes back every database a test file left open, emptied, for the worker's next file. */
export async function returnTestDatabases(): Promise<void> {
  await Promise.all([...pools.pglite.lent, ...pools.postgres.lent].map((giveBack) => giveBack()));
}

/**
 * An in-memory PGlite loaded from the run's migrated dump (see global-setup.ts): a second or two
 * instead of initdb and every migration. `openDatabase` still runs the migrator, which finds
 * nothing to apply, so the start-up path stays the one Thrice takes.
 */
function openPgliteCopy(): Promise<Database> {
  return openDatabase({ dataDir: 'memory://', loadDataDir: pgliteDump() });
}

let dump: Blob | undefined;
/** The dump file, read once per test file. */
function pgliteDump(): Blob {
  dump ??= new Blob([readFileSync(inject('pgliteTemplateDump'))]);
  return dump;
}

/**
 * A database of its own on the TEST_DATABASE_URL server, copied from the run's template and
 * named after it, so global-setup.ts drops it with the template at the end of the run.
 */
async function copyOfTemplate(): Promise<TestDatabase> {
  const template = inject('postgresTemplate');
  if (template === '') throw new Error('Postgres worlds need TEST_DATABASE_URL (see .ci/run)');
  const name = `${template}_w_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const server = postgresServer();
  const admin = adminConnection(server);
  try {
    await admin.unsafe(`create database ${name} template ${template}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = databaseUrl(name, server);
  const database = await openDatabase({ dataDir: 'memory://', databaseUrl: url });
  return { ...database, url };
}

async function emptyTables(database: Database): Promise<void> {
  const tables = await queryRows<{ name: string }>(
    database.db,
    sql`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`,
  );
  if (tables.length === 0) return;
  await database.db.execute(
    sql.raw(`truncate ${tables.map((table) => table.name).join(', ')} restart identity cascade`),
  );
}
