import { randomUUID } from 'node:crypto';
import { describe, inject } from 'vitest';
import { type Database, openDatabase } from '../../db/connection.ts';
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
 * A new, empty, migrated database of its own on `driver`; closing it drops it. On Postgres it is
 * a copy of the run's template, so opening costs one CREATE DATABASE, not a migration.
 */
export async function openTestDatabase(driver: Driver): Promise<Database & { url: string | null }> {
  if (driver === 'pglite') return { ...(await openDatabase({ dataDir: 'memory://' })), url: null };
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
