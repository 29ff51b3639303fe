import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/connection.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import { workspaces } from '../../db/schema.ts';
import { DrizzleStore } from '../../db/store.ts';
import { defaultSettings } from '../../src/core/policy-defaults.ts';
import { describeOnDrivers, openTestDatabase } from '../support/drivers.ts';
import { entry, ROOT, tempDataDir } from '../support/run-thrice.ts';

/** Where the tick's database is: DATABASE_URL (Postgres) or DATA_DIR (PGlite). */
type Location = { DATABASE_URL: string } | { DATA_DIR: string };

/**
 * Runs the tick: through `npm run tick` itself with `{ npm: true }`, else the same command on the
 * run's build of the entry point (`entry()`), without npm and tsx in front of it.
 */
function runTick(
  args: string[],
  location: Location,
  options: { npm?: boolean } = {},
): Promise<{ code: number | null; stdout: string }> {
  const [command, commandArgs] =
    options.npm === true
      ? ['npm', ['run', 'tick', '--silent', '--', ...args]]
      : [process.execPath, [...entry(), 'tick', ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? ROOT,
        ...location,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

/** A database for the tick processes, and a way to open it from the test; closing the last drops it. */
async function tickDatabase(
  driver: 'pglite' | 'postgres',
): Promise<{ location: Location; open(): Promise<Database>; drop(): Promise<void> }> {
  if (driver === 'pglite') {
    const dataDir = tempDataDir();
    return { location: { DATA_DIR: dataDir }, open: () => openDatabase({ dataDir }), drop: async () => {} };
  }
  const database = await openTestDatabase('postgres');
  const url = database.url ?? '';
  return {
    location: { DATABASE_URL: url },
    open: () => openDatabase({ dataDir: 'memory://', databaseUrl: url }),
    drop: () => database.close(),
  };
}

describeOnDrivers('npm run tick, for operators who schedule from an external cron', (driver) => {
  // That a sent digest is not planned again is the planner's own test (test/scheduler/); a third
  // process here would cost seconds and show nothing more.
  it('--dry-run prints what would be sent and changes nothing; a real run sends it once', async () => {
    const target = await tickDatabase(driver);
    const database = await target.open();
    const store = new DrizzleStore(database.db);
    const workspace = await store.ensureWorkspace({
      platform: 'console',
      externalId: 'local',
      name: 'Console',
    });
    // Digest at 00:00 every day, due since today's midnight UTC: due now, whatever time the test runs.
    const settings = {
      ...defaultSettings('UTC'),
      workDays: [1, 2, 3, 4, 5, 6, 7] as const,
      digestTime: { hour: 0, minute: 0 },
    };
    const midnight = DateTime.utc().startOf('day').toJSDate();
    const member = await store.ensureMember(workspace.id, {
      externalId: 'alice',
      displayName: 'Alice',
      settings,
      nextDigestAt: midnight,
    });
    await store.createPromise(
      { workspaceId: workspace.id, memberId: member.id },
      {
        kind: 'promise',
        contact: { name: 'Jane Doe', role: 'recruiter', company: 'Acme' },
        what: 'call you back',
        promisedChannel: 'call',
        due: { at: DateTime.utc().plus({ days: 3 }).toJSDate(), precision: 'day' },
        note: null,
        createdAt: midnight,
        nextNudgeAt: null,
      },
    );
    // An accountability channel whose weekly roundup is overdue (it once stopped every tick on Postgres).
    await database.db
      .update(workspaces)
      .set({
        accountabilityChannelId: 'C-job-hunt',
        nextRoundupAt: DateTime.utc().minus({ days: 1 }).toJSDate(),
      })
      .where(eq(workspaces.id, workspace.id));
    await database.close();

    try {
      // Once through `npm run tick` itself, as operators call it; the later runs skip npm's start-up.
      const dry = await runTick(['--dry-run'], target.location, { npm: true });
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain(
        'dry run: would send 1 digests, 0 nudges, 1 roundups; nothing was changed.',
      );
      expect(dry.stdout).toContain('#1 Jane Doe (recruiter, Acme)');

      const real = await runTick([], target.location);
      expect(real.code).toBe(0);
      expect(real.stdout).toContain('Jane Doe');
      expect(real.stdout).toContain(
        'tick: planned 1 digests, 0 nudges, 1 roundups; sent 2, retrying 0, dead 0.',
      );

      const after = await target.open();
      try {
        expect(await new DrizzleOutboxStore(after.db).counts()).toEqual({
          pending: 0,
          sending: 0,
          sent: 2,
          dead: 0,
        });
      } finally {
        await after.close();
      }
    } finally {
      await target.drop();
    }
  }, 120_000);
});
