import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, describe, inject } from 'vitest';
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
 * next world of the same test file. Opening one costs seconds on PGlite (starting the WASM
 * Postgres) and a CREATE DATABASE on Postgres, emptying one milliseconds, so a file keeps them.
 */
export async function openTestDatabase(driver: Driver): Promise<Database & { url: string | null }> {
  const pool = pools[driver];
  let database = pool.idle.pop();
  if (database === undefined) {
    database = driver === 'pglite' ? { ...(await openPgliteCopy()), url: null } : await copyOfTemplate();
    pool.all.push(database);
  }
  const borrowed = database;
  let returned = false;
  return {
    ...borrowed,
    close: async () => {
      if (returned) return;
      returned = true;
      await emptyTables(borrowed);
      pool.idle.push(borrowed);
    },
  };
}

type TestDatabase = Database & { url: string | null };
const pools: Record<Driver, { idle: TestDatabase[]; all: TestDatabase[] }> = {
  pglite: { idle: [], all: [] },
  postgres: { idle: [], all: [] },
};
afterAll(async () => {
  await Promise.all([...pools.pglite.all, ...pools.postgres.all].map((database) => database.close()));
});

/**
 * An in-memory PGlite loaded from the run's migrated dump (see global-setup.ts): a second or two
 * instead of initdb and every migration. `openDatabase` still runs the migrator, which finds
 * nothing to apply, so the start-up path stays the one Thrice takes.
 */
export function openPgliteCopy(): Promise<Database> {
  return openDatabase({ dataDir: 'memory://', loadDataDir: pgliteDump() });
}

let dump: Blob | undefined;
/** The dump file, read once per test file. */
function pgliteDump(): Blob {
  dump ??= new Blob([readFileSync(inject('pgliteTemplateDump'))]);
  return dump;
}

/** A database of this file's own on the TEST_DATABASE_URL server, copied from the run's template; closing drops it. */
async function copyOfTemplate(): Promise<TestDatabase> {
  const template = inject('postgresTemplate');
  if (template === '') throw new Error('Postgres worlds need TEST_DATABASE_URL (see .ci/run)');
  const name = `thrice_w_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const server = postgresServer();
  const admin = adminConnection(server);
  try {
    await admin.unsafe(`create database ${name} template ${template}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = databaseUrl(name, server);
  const database = await openDatabase({ dataDir: 'memory://', databaseUrl: url });
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      const dropper = adminConnection(server);
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
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
