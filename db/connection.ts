import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { ThriceError } from '../src/core/errors.ts';
import * as schema from './schema.ts';

/** The drizzle database both drivers give: one store class serves either. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open database with its migrations applied. */
export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Readiness: null when the database answers and every migration is applied, else why not. */
  check(): Promise<string | null>;
  close(): Promise<void>;
}

/** The database could not be reached or migrated; the message names the host, never the password. */
export class DatabaseUnavailableError extends ThriceError {
  override readonly name = 'DatabaseUnavailableError';
  constructor(where: string, cause: unknown) {
    super('config', `cannot use the database at ${where}: ${reasonOf(cause)}`, { cause });
  }
}

/** The driver's own words ("connect ECONNREFUSED …", "database "x" does not exist"), with its code. */
function reasonOf(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  return code === undefined || cause.message.includes(code) ? cause.message : `${cause.message} (${code})`;
}

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
/** How many migrations this build ships; the database must have applied as many. */
const SHIPPED_MIGRATIONS = (
  JSON.parse(readFileSync(`${MIGRATIONS}/meta/_journal.json`, 'utf8')) as { entries: unknown[] }
).entries.length;
/** Any constant: instances starting together take turns migrating under this advisory lock. */
const MIGRATION_LOCK = 7_311_903;

function isPostgresUrl(text: string): boolean {
  return URL.canParse(text) && ['postgres:', 'postgresql:'].includes(new URL(text).protocol);
}

/** host:port/database of a connection URL, never its password. */
function describeUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  // postgres:///db?host=/run/postgresql names a Unix socket directory instead of a host.
  const host = url.hostname || url.searchParams.get('host') || 'localhost';
  return `${host}:${url.port || '5432'}${url.pathname}`;
}

/**
 * Opens Postgres when `databaseUrl` is set, else PGlite (Postgres in WASM) persisted in
 * `dataDir` (`memory://` keeps it in memory), and applies the committed migrations.
 */
export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  /** PGlite only: start from this `dumpDataDir()` tarball instead of a new cluster (tests load a migrated one). */
  loadDataDir?: Blob;
}): Promise<Database> {
  if (options.databaseUrl !== undefined) {
    // Not even the driver sees a URL it cannot parse: its error would quote the password.
    if (!isPostgresUrl(options.databaseUrl))
      throw new DatabaseUnavailableError(
        'DATABASE_URL',
        'it is not a URL like postgres://user:password@host:5432/db',
      );
    const where = describeUrl(options.databaseUrl);
    const client = postgres(options.databaseUrl, {
      max: 10,
      connect_timeout: 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres(client, { schema });
    try {
      // The lock is held on a reserved connection while the migrator runs on the pool.
      const lock = await client.reserve();
      try {
        await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
        await migratePostgres(db, { migrationsFolder: MIGRATIONS });
      } finally {
        await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
        lock.release();
      }
    } catch (error) {
      await client.end({ timeout: 1 }).catch(() => {});
      throw new DatabaseUnavailableError(where, error);
    }
    return { db, kind: 'postgres', check: () => checkDatabase(db), close: () => client.end({ timeout: 5 }) };
  }
  return openPglite(options.dataDir, options.loadDataDir);
}

/**
 * The embedded database. Its WASM build and driver are imported here, not at the top of the
 * file, so a deployment on DATABASE_URL never loads (or pays the memory for) them.
 */
async function openPglite(dataDir: string, loadDataDir: Blob | undefined): Promise<Database> {
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  let client: InstanceType<typeof PGlite>;
  try {
    client = await PGlite.create(dataDir, loadDataDir === undefined ? {} : { loadDataDir });
  } catch (error) {
    throw new DatabaseUnavailableError(`the embedded database in ${dataDir}`, error);
  }
  const db = drizzlePglite(client, { schema });
  try {
    await migratePglite(db, { migrationsFolder: MIGRATIONS });
  } catch (error) {
    // Nobody else holds this client: release it (and its data directory) before reporting.
    await client.close().catch(() => {});
    throw error;
  }
  return { db, kind: 'pglite', check: () => checkDatabase(db), close: () => client.close() };
}

/** The rows of a hand-written query, on either driver (postgres-js answers with an array, PGlite with `{ rows }`). */
export async function queryRows<Row>(db: Db, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as Row[] | { rows: Row[] };
  return Array.isArray(result) ? [...result] : result.rows;
}

async function checkDatabase(db: Db): Promise<string | null> {
  try {
    const [row] = await queryRows<{ applied: number }>(
      db,
      sql`select count(*)::int as applied from drizzle.__drizzle_migrations`,
    );
    const applied = Number(row?.applied ?? 0);
    return applied >= SHIPPED_MIGRATIONS ? null : `${applied} of ${SHIPPED_MIGRATIONS} migrations applied`;
  } catch (error) {
    return `database unreachable: ${reasonOf(error)}`;
  }
}
