import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, FakeDiscord } from '../support/fake-discord.ts';
import { ROOT } from '../support/run-thrice.ts';

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
  });
});
