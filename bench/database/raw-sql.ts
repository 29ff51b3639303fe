import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { type Database, openDatabase, queryRows } from '../../db/connection.ts';

/** A row as the drivers return it. */
export type Row = Record<string, unknown>;

/** Hand-written SQL for seeding, resets and baselines, on either driver. */
export interface RawSql {
  run(text: string): Promise<Row[]>;
  close(): Promise<void>;
}

/** RawSql through the `postgres` driver, one connection, so temp state and timings stay put. */
export function postgresSql(url: string): RawSql {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  return {
    run: async (text) => [...(await client.unsafe(text))] as Row[],
    close: () => client.end({ timeout: 5 }),
  };
}

/** RawSql over a Thrice database (PGlite has one connection and no second client). */
export function databaseSql(database: Database): RawSql {
  return {
    run: (text) => queryRows<Row>(database.db, sql.raw(text)),
    close: async () => {},
  };
}

/** Creates the database named in `url` on its server when it is missing (needs CREATEDB). */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  parsed.pathname = '/postgres';
  const admin = postgres(parsed.toString(), { max: 1, onnotice: () => {} });
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Opens Thrice's database (migrations applied by the real openDatabase) on Postgres or PGlite. */
export async function openBenchDatabase(url: string | undefined): Promise<Database> {
  if (url === undefined) return openDatabase({ dataDir: 'memory://' });
  await ensureDatabaseExists(url);
  return openDatabase({ databaseUrl: url, dataDir: 'memory://' });
}

/** A SQL literal for an instant. */
export function at(instant: Date): string {
  return `'${instant.toISOString()}'::timestamptz`;
}
