import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, openDatabase } from '../../db/connection.ts';
import { appliedMigrations, COMMITTED_MIGRATIONS, storeContract } from './store.contract.ts';

const url = process.env.TEST_DATABASE_URL;

/**
 * A new, empty database on the TEST_DATABASE_URL server, so this file neither sees nor wipes
 * the rows of other test files that share that server at the same time.
 */
async function scratchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `thrice_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = async (statement: string) => {
    const client = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      await client.unsafe(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const scratch = new URL(serverUrl);
  scratch.pathname = `/${name}`;
  return { url: scratch.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

// Declared only with a server (CI sets TEST_DATABASE_URL), so a plain npm test reports no skipped tests.
if (url !== undefined)
  describe('on a real Postgres (TEST_DATABASE_URL)', () => {
    const serverUrl = url ?? '';

    storeContract('Postgres', async () => {
      const scratch = await scratchDatabase(serverUrl);
      const database = await openDatabase({ dataDir: 'memory://', databaseUrl: scratch.url });
      return {
        ...database,
        close: async () => {
          await database.close();
          await scratch.drop();
        },
      };
    });

    it('instances starting together migrate once, and a later start applies nothing', async () => {
      const scratch = await scratchDatabase(serverUrl);
      try {
        const together = await Promise.all(
          [1, 2, 3, 4].map(() => openDatabase({ dataDir: 'memory://', databaseUrl: scratch.url })),
        );
        const applied = await appliedMigrations(together[0] ?? expect.fail('no database opened'));
        await Promise.all(together.map((database) => database.close()));
        const later = await openDatabase({ dataDir: 'memory://', databaseUrl: scratch.url });
        const appliedLater = await appliedMigrations(later);
        await later.close();

        expect(together.map((database) => database.kind)).toEqual([
          'postgres',
          'postgres',
          'postgres',
          'postgres',
        ]);
        expect(applied).toBe(COMMITTED_MIGRATIONS);
        expect(appliedLater).toBe(COMMITTED_MIGRATIONS);
      } finally {
        await scratch.drop();
      }
    });
  });

/** The error opening fails with, which must be a DatabaseUnavailableError. */
async function failureOf(opening: Promise<unknown>): Promise<DatabaseUnavailableError> {
  const error = await opening.then(
    () => expect.fail('the database opened'),
    (caught: unknown) => caught,
  );
  if (!(error instanceof DatabaseUnavailableError)) throw error;
  return error;
}

describe('a Postgres that cannot be used', () => {
  it('is reported as DatabaseUnavailableError naming host and port, never the password', async () => {
    // Port 1 on the loopback refuses at once: no server and no network are needed.
    const error = await failureOf(
      openDatabase({ dataDir: 'memory://', databaseUrl: 'postgres://thrice:s3cr3t-pw@127.0.0.1:1/thrice' }),
    );
    expect(error.code).toBe('config');
    expect(error.message).toContain('127.0.0.1:1/thrice');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain('s3cr3t-pw');
  });

  it.each(['thrice:s3cr3t-pw@nowhere', 'postgres://thrice:s3cr3t-pw@[broken/thrice'])(
    'refuses a DATABASE_URL that is not a Postgres URL without echoing it (%s)',
    async (databaseUrl) => {
      const error = await failureOf(openDatabase({ dataDir: 'memory://', databaseUrl }));
      expect(error.message).toContain('DATABASE_URL');
      expect(`${error.message} ${String(error.cause)}`).not.toContain('s3cr3t-pw');
    },
  );
});
