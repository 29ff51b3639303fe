import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyDataDir, ROOT } from '../support/run-thrice.ts';

/** A module hook that makes importing anything named pglite fail, so a load cannot go unnoticed. */
function refusePgliteHook(): string {
  const hooks = `export async function resolve(specifier, context, next) {
    if (specifier.includes('pglite')) throw new Error('pglite was imported: ' + specifier);
    return next(specifier, context);
  }`;
  // In a directory removed when the file ends (test/support/per-file.ts).
  const file = join(emptyDataDir(), 'refuse-pglite.mjs');
  writeFileSync(
    file,
    `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});\n`,
  );
  return file;
}

/** Imports db/connection.ts in a fresh process that refuses PGlite, opens a database, prints the outcome. */
function openInChild(options: { databaseUrl?: string; dataDir: string }): string {
  const script = `const { openDatabase } = await import('./db/connection.ts');
    const outcome = await openDatabase(${JSON.stringify(options)}).then(
      async (db) => { await db.close(); return 'opened'; },
      (error) => String(error?.message ?? error),
    );
    process.stdout.write(outcome);`;
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', refusePgliteHook(), '--input-type=module', '-e', script],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '' } },
  );
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return child.stdout;
}

describe('the embedded database is loaded only when it is used', () => {
  it('with DATABASE_URL, opening the database never imports PGlite', () => {
    // Nothing listens on port 1: the Postgres branch runs to its connection error, PGlite untouched.
    const outcome = openInChild({
      databaseUrl: 'postgres://thrice@127.0.0.1:1/thrice',
      dataDir: 'memory://',
    });
    expect(outcome).toMatch(/cannot use the database at 127\.0\.0\.1:1/);
  });

  it('without it, PGlite is imported (the check above can see it)', () => {
    expect(openInChild({ dataDir: 'memory://' })).toMatch(/pglite was imported/);
  });
});
