import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, commandInteraction, FakeDiscord } from '../support/fake-discord.ts';
import { ROOT, tempDataDir } from '../support/run-thrice.ts';

function run(args: string[], env: Record<string, string>) {
  return spawn('npm', args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? ROOT,
      LOG_LEVEL: 'warn',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so the test can stop npm and everything under it.
    detached: true,
  });
}

describe('Discord from outside the test process', () => {
  const discord = new FakeDiscord();
  beforeAll(async () => {
    await discord.start();
  });
  afterAll(async () => {
    await discord.stop();
  });

  const env = () => ({
    DISCORD_TOKEN: 'bot-token',
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    DISCORD_API_URL: discord.apiUrl,
  });

  it('npm start connects to the gateway and answers /promise add', async () => {
    const child = run(['start', '--silent'], { ...env(), DATA_DIR: tempDataDir(), LOG_LEVEL: 'info' });
    const closed = new Promise((resolve) => child.on('close', resolve));
    let stderr = '';
    const ready = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('discord adapter ready')) resolve();
      });
    });
    try {
      await Promise.race([
        ready,
        new Promise((_, reject) => setTimeout(() => reject(new Error(`no login: ${stderr}`)), 30_000)),
      ]);
      const interaction = commandInteraction('add', [
        { name: 'text', type: 3, value: 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm' },
      ]);
      discord.dispatch('INTERACTION_CREATE', interaction);
      const deadline = Date.now() + 15_000;
      let edit: unknown;
      while (edit === undefined && Date.now() < deadline) {
        edit = discord.requests.find(
          (r) => r.path === `/webhooks/${APPLICATION_ID}/${interaction.token}/messages/@original`,
        )?.body;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(JSON.stringify(edit)).toMatch(/Jane Doe \(recruiter, Acme\) promised to call you back/);
    } finally {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      await closed;
    }
  }, 60_000);

  it('npm run discord:register sends the command definitions', async () => {
    const child = run(['run', 'discord:register', '--silent', '--', '--guild', '200000000000000001'], env());
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('Registered /promise in guild 200000000000000001');
    const put = discord.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/applications/${APPLICATION_ID}/guilds/200000000000000001/commands`);
    expect(put?.body).toMatchSnapshot();
  }, 60_000);
});
