import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { planTick } from '../../src/scheduler/planner.ts';
import { RETRY_POLICY } from '../../src/scheduler/retry-policy.ts';
import type { DrainReport } from '../../src/scheduler/sender.ts';
import { openTestDatabase } from '../support/drivers.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { ROOT, tempDataDir } from '../support/run-thrice.ts';
import { seedDueWork } from '../support/seed.ts';
import { describeOnDrivers, openWorld, testLog } from '../support/world.ts';

const LEASE_MS = 1_000;

type SenderOutcome = { killed: true } | { killed: false; report: DrainReport };

/** Runs the sender process; kills it with SIGKILL as soon as `killWhen()` holds, unless it finishes first. */
function runSender(
  env: Record<string, string>,
  killWhen: (() => boolean) | null,
  clockOffsetMs = 0,
): Promise<SenderOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/sender-process.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        LEASE_MS: String(LEASE_MS),
        CLOCK_OFFSET_MS: String(clockOffsetMs),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer =
      killWhen === null
        ? null
        : setInterval(() => {
            if (killWhen()) child.kill('SIGKILL');
          }, 2);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearInterval(timer);
      const drained = /^drained (.*)$/m.exec(stdout);
      if (signal === 'SIGKILL') resolve({ killed: true });
      else if (code === 0 && drained?.[1] !== undefined)
        resolve({ killed: false, report: JSON.parse(drained[1]) as DrainReport });
      else reject(new Error(`sender exited ${code}: ${stderr}`));
    });
  });
}

/**
 * On PGlite the sender processes share a data directory on disk (one process at a time); on
 * Postgres, a database of this file's own.
 */
describeOnDrivers('a sender killed mid-run (PGlite on disk, or Postgres)', (driver) => {
  const platform = new FakePlatform();
  let location: { databaseUrl: string } | { dataDir: string };
  let env: Record<string, string>;
  let close = async () => {};

  beforeAll(async () => {
    await platform.start();
    platform.delayMs = 5;
    if (driver === 'postgres') {
      const database = await openTestDatabase('postgres');
      // Senders connect with the URL; closing this handle at the end drops the database.
      location = { databaseUrl: database.url ?? '' };
      close = () => database.close();
    } else {
      location = { dataDir: tempDataDir() };
    }
    const world = await openWorld({ now: '2025-12-02T08:00:00Z', ...location });
    // 100 digests (each carrying its member's nudges) + 400 timed nudges of members without a
    // digest = 500 deliveries.
    for (const digest of [true, false])
      await seedDueWork(world.store, {
        members: 100,
        promisesPerMember: 4,
        createdAt: new Date('2025-12-01T08:00:00Z'),
        dueAt: new Date('2025-12-02T04:00:00Z'),
        prefix: digest ? 'member-' : 'no-digest-',
        digest,
      });
    const plan = await planTick({ store: world.outbox, now: new Date('2025-12-02T09:00:00Z'), log: testLog });
    expect(plan.planned).toHaveLength(500);
    await world.close();
    env = {
      FAKE_PLATFORM_URL: platform.url,
      ...('databaseUrl' in location
        ? { DATABASE_URL: location.databaseUrl }
        : { DATA_DIR: location.dataDir }),
    };
  }, 120_000);

  afterAll(async () => {
    await close();
    await platform.stop();
  });

  it('resumes after each SIGKILL without losing or duplicating a delivery', async () => {
    let kills = 0;
    for (let round = 0; round < 6 && kills < 4; round++) {
      // Kill at a random point: after another 40–120 messages reached the platform.
      const target = platform.messages.length + 40 + Math.floor(Math.random() * 80);
      const outcome = await runSender(env, () => platform.messages.length >= target);
      if (!outcome.killed) break;
      kills += 1;
      // Let the dead process's claims pass their lease so the next sender resumes them.
      await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 100));
    }
    expect(kills).toBeGreaterThan(0);

    // A send can fail for real on a busy machine (the fake port gives up after 2 s) and is then
    // retried with backoff, up to an hour later: the last senders run as later ticks would, an
    // hour apart, until one had nothing to retry. One failure is forced here, so that path is
    // always taken (a single drain at the wall clock's time used to leave it pending).
    platform.fail({ kind: 'server_error', times: 1 });
    let report: DrainReport | null = null;
    for (let hour = 1; hour <= 3 && (report === null || report.retried + report.rateLimited > 0); hour++) {
      const outcome = await runSender(env, null, hour * RETRY_POLICY.maxDelayMs);
      if (outcome.killed) return expect.fail('the last sender was not to be killed');
      report = outcome.report;
    }
    expect(report).toMatchObject({ retried: 0, rateLimited: 0, dead: 0, lost: 0 });

    expect(platform.messages).toHaveLength(500);
    expect(new Set(platform.messages.map((m) => m.nonce)).size).toBe(500);
    const world = await openWorld({ now: '2025-12-02T09:00:00Z', ...location });
    try {
      expect(await world.outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 500, dead: 0 });
    } finally {
      await world.close();
    }
  }, 240_000);
});
