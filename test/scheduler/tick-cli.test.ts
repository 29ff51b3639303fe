import { spawn } from 'node:child_process';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import { DrizzleStore } from '../../db/store.ts';
import { defaultSettings } from '../../src/core/settings.ts';
import { ROOT, tempDataDir } from '../support/run-thrice.ts';

function npmRunTick(args: string[], dataDir: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'tick', '--silent', '--', ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? ROOT,
        DATA_DIR: dataDir,
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

describe('npm run tick, for operators who schedule from an external cron', () => {
  it('--dry-run prints what would be sent and changes nothing; a real run sends it once', async () => {
    const dataDir = tempDataDir();
    const database = await openDatabase({ dataDir });
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
    await database.close();

    const dry = await npmRunTick(['--dry-run'], dataDir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run: would send 1 digests, 0 nudges, 0 roundups; nothing was changed.');
    expect(dry.stdout).toContain('#1 Jane Doe (recruiter, Acme)');

    const real = await npmRunTick([], dataDir);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('Jane Doe');
    expect(real.stdout).toContain(
      'tick: planned 1 digests, 0 nudges, 0 roundups; sent 1, retrying 0, dead 0.',
    );

    const again = await npmRunTick([], dataDir);
    expect(again.stdout).toContain('tick: planned 0 digests');

    const after = await openDatabase({ dataDir });
    expect(await new DrizzleOutboxStore(after.db).counts()).toEqual({
      pending: 0,
      sending: 0,
      sent: 1,
      dead: 0,
    });
    await after.close();
  }, 120_000);
});
