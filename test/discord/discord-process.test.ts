import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPLICATION_ID,
  commandInteraction,
  FakeDiscord,
  publicKeyHex,
  signatureHeaders,
} from '../support/fake-discord.ts';
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

  it('with DISCORD_INTERACTIONS=http the entry point answers signed interactions on the public PORT only and opens no gateway', async () => {
    const keys = generateKeyPairSync('ed25519');
    const identified = discord.identified.length;
    const thrice = new ThriceProcess({
      ...env(),
      DATA_DIR: tempDataDir(),
      DISCORD_INTERACTIONS: 'http',
      DISCORD_PUBLIC_KEY: publicKeyHex(keys.publicKey),
      OPS_PORT: '0',
    });
    try {
      await thrice.waitForLog('discord adapter ready: interactions over HTTP, no gateway');
      const publicPort = (await thrice.waitForLog('public port listening')).port;
      const opsPort = await thrice.opsPort();
      expect(publicPort).not.toBe(opsPort);
      const endpoint = `http://127.0.0.1:${String(publicPort)}/discord/interactions`;
      const ping = JSON.stringify({
        id: '1',
        application_id: APPLICATION_ID,
        type: 1,
        token: 't',
        version: 1,
      });
      const pong = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signatureHeaders(keys.privateKey, ping) },
        body: ping,
      });
      expect([pong.status, await pong.text()]).toEqual([200, '{"type":1}']);
      const forged = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...signatureHeaders(generateKeyPairSync('ed25519').privateKey, ping),
        },
        body: ping,
      });
      expect(forged.status).toBe(401);

      const interaction = commandInteraction('add', [
        { name: 'text', type: 3, value: 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm' },
      ]);
      const first = await discord.deliver(endpoint, interaction, keys.privateKey);
      expect(first).toEqual({ status: 200, body: { type: 5, data: { flags: 64 } } });
      const edit = await thrice.waitFor(
        () =>
          discord.requests.find(
            (r) => r.path === `/webhooks/${APPLICATION_ID}/${interaction.token}/messages/@original`,
          )?.body,
        'the reply',
        15_000,
      );
      expect(JSON.stringify(edit)).toMatch(/Jane Doe \(recruiter, Acme\) promised to call you back/);
      const ready = await fetch(`http://127.0.0.1:${opsPort}/readyz`);
      expect(ready.status).toBe(200);
      // The private port serves operators, never Discord.
      const onOps = await fetch(`http://127.0.0.1:${opsPort}/discord/interactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signatureHeaders(keys.privateKey, ping) },
        body: ping,
      });
      expect(onOps.status).toBe(404);
      expect(discord.identified).toHaveLength(identified);
    } finally {
      await thrice.kill();
    }
  });

  it('with DISCORD_INTERACTIONS=http and OPS_PORT, a PORT it cannot listen on stops the start: Discord could reach it nowhere', async () => {
    const keys = generateKeyPairSync('ed25519');
    // Someone else has the public port.
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '0.0.0.0', () => resolve()));
    const address = squatter.address();
    const taken = typeof address === 'object' && address !== null ? address.port : 0;
    const thrice = new ThriceProcess({
      ...env(),
      DATA_DIR: tempDataDir(),
      DISCORD_INTERACTIONS: 'http',
      DISCORD_PUBLIC_KEY: publicKeyHex(keys.publicKey),
      OPS_PORT: '0',
      PORT: String(taken),
    });
    try {
      // Before: it kept running, /readyz on OPS_PORT said ready, and no interaction was ever served.
      const outcome = await Promise.race([
        thrice.exited,
        thrice.opsPort().then(
          async (port) => {
            // Every start-up step before the public port is done once the ops port listens; give
            // the public port's failure the time a busy machine needs to be reported.
            await thrice.waitForLog('public port not served: no /healthz or organiser page on it', 60_000);
            return `still running, /readyz ${(await fetch(`http://127.0.0.1:${port}/readyz`)).status}`;
          },
          (error: unknown) => `gone before its ports: ${String(error)}`,
        ),
      ]);
      expect(outcome).toEqual({ code: 1, signal: null });
      expect(thrice.stderr).toMatch(/EADDRINUSE/);
    } finally {
      await thrice.kill();
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
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
