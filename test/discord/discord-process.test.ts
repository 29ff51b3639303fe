import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, commandInteraction, FakeDiscord } from '../support/fake-discord.ts';
import { ROOT, tempDataDir } from '../support/run-thrice.ts';
import { ThriceProcess } from '../support/thrice-process.ts';

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

  it('the entry point (what npm start runs) connects to the gateway and answers /promise add', async () => {
    const thrice = new ThriceProcess({ ...env(), DATA_DIR: tempDataDir() });
    try {
      await thrice.waitForLog('discord adapter ready');
      const interaction = commandInteraction('add', [
        { name: 'text', type: 3, value: 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm' },
      ]);
      discord.dispatch('INTERACTION_CREATE', interaction);
      const edit = await thrice.waitFor(
        () =>
          discord.requests.find(
            (r) => r.path === `/webhooks/${APPLICATION_ID}/${interaction.token}/messages/@original`,
          )?.body,
        'the reply',
        15_000,
      );
      expect(JSON.stringify(edit)).toMatch(/Jane Doe \(recruiter, Acme\) promised to call you back/);
    } finally {
      await thrice.kill();
    }
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
