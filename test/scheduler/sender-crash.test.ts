import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planTick } from '../../src/scheduler/planner.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { ROOT, tempDataDir } from '../support/run-thrice.ts';
import { seedDueWork } from '../support/seed.ts';
import { openWorld, resetDatabase, testLog } from '../support/world.ts';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
const databases = [
  { name: 'PGlite on disk', url: undefined },
  ...(TEST_DATABASE_URL ? [{ name: 'Postgres', url: TEST_DATABASE_URL }] : []),
];

const LEASE_MS = 1_000;

/** Runs the sender process; kills it with SIGKILL as soon as `killWhen()` holds, unless it finishes first. */
function runSender(
  env: Record<string, string>,
  killWhen: (() => boolean) | null,
): Promise<'killed' | 'drained'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/sender-process.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LEASE_MS: String(LEASE_MS), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
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
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('drained');
      else reject(new Error(`sender exited ${code}: ${stderr}`));
    });
  });
}

describe.each(databases)('a sender killed mid-run on $name', ({ url }) => {
  const platform = new FakePlatform();
  const dataDir = tempDataDir();
  let env: Record<string, string>;

  beforeAll(async () => {
    await platform.start();
    platform.delayMs = 5;
    const world = await openWorld({
      now: '2025-12-02T08:00:00Z',
      ...(url ? { databaseUrl: url } : { dataDir }),
    });
    await resetDatabase(world.database);
    // 100 digests + 400 timed nudges = 500 deliveries.
    await seedDueWork(world.store, {
      members: 100,
      promisesPerMember: 4,
      createdAt: new Date('2025-12-01T08:00:00Z'),
      dueAt: new Date('2025-12-02T04:00:00Z'),
    });
    const plan = await planTick({ store: world.outbox, now: new Date('2025-12-02T09:00:00Z'), log: testLog });
    expect(plan.planned).toHaveLength(500);
    await world.close();
    env = { FAKE_PLATFORM_URL: platform.url, ...(url ? { DATABASE_URL: url } : { DATA_DIR: dataDir }) };
  }, 120_000);

  afterAll(async () => {
    await platform.stop();
  });

  it('resumes after each SIGKILL without losing or duplicating a delivery', async () => {
    let kills = 0;
    for (let round = 0; round < 6 && kills < 4; round++) {
      // Kill at a random point: after another 40–120 messages reached the platform.
      const target = platform.messages.length + 40 + Math.floor(Math.random() * 80);
      const outcome = await runSender(env, () => platform.messages.length >= target);
      if (outcome === 'killed') kills += 1;
      else break;
      // Let the dead process's claims pass their lease so the next sender resumes them.
      await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 100));
    }
    expect(kills).toBeGreaterThan(0);
    expect(await runSender(env, null)).toBe('drained');

    expect(platform.messages).toHaveLength(500);
    expect(new Set(platform.messages.map((m) => m.nonce)).size).toBe(500);
    const world = await openWorld({
      now: '2025-12-02T09:00:00Z',
      ...(url ? { databaseUrl: url } : { dataDir }),
    });
    try {
      expect(await world.outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 500, dead: 0 });
    } finally {
      await world.close();
    }
  }, 240_000);
});
