import postgres from 'postgres';

/**
 * The Postgres server the process tests use: TEST_DATABASE_URL's host, port and credentials
 * when set (CI), else the local trust-auth server. Each test file makes its own database there.
 */
export function postgresServer(): URL {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/postgres';
  return url;
}

/** The URL of database `name` on the test server (same host, port and credentials). */
export function databaseUrl(name: string, server: URL = postgresServer()): string {
  const url = new URL(server.href);
  url.pathname = `/${name}`;
  return url.href;
}

/** A short-lived admin connection to the server's `postgres` database. */
export function adminConnection(server: URL = postgresServer()) {
  return postgres(server.href, { max: 1, connect_timeout: 10, onnotice: () => {} });
}

/**
 * Drops and re-creates database `name` (a name of the test's own, never a shared one) and
 * returns its URL. Throws when the server cannot be reached: these tests need it and must fail
 * loudly, not skip.
 */
export async function freshDatabase(name: string): Promise<string> {
  if (!/^thrice_[a-z_]+$/.test(name) || name === 'thrice_ci' || name === 'thrice_dev')
    throw new Error(`refusing to recreate database ${name}: use a thrice_<test> name of your own`);
  const server = postgresServer();
  const admin = adminConnection(server);
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    throw new Error(
      `Postgres at ${server.host} is needed by this test and did not answer: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    await admin.end({ timeout: 5 });
  }
  return databaseUrl(name, server);
}

/** A small connection for a test's own queries and assertions. */
export function connect(url: string) {
  return postgres(url, { max: 2, connect_timeout: 10, onnotice: () => {} });
}
