import { generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { Writable } from 'node:stream';
import { Client, type Interaction } from 'discord.js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DISCORD_INTERACTIONS_PATH,
  httpInteractionsRoute,
} from '../../adapters/discord/http-interactions.ts';
import { restOptions } from '../../adapters/discord/index.ts';
import { startOpsServer } from '../../src/runtime/ops-server.ts';
import { commandInteraction, FakeDiscord, publicKeyHex, signatureHeaders } from '../support/fake-discord.ts';
import { testLog } from '../support/world.ts';
import { requestTo } from './harness.ts';

/*
 * The HTTP interactions route on its own, with a real discord.js client talking to the fake
 * Discord and a listener written here, so a test decides when the listener answers: after
 * Discord has closed the request, for instance, which the real listeners cannot be made to wait for.
 */

describe('Discord HTTP interactions route', () => {
  const discord = new FakeDiscord();
  const keys = generateKeyPairSync('ed25519');
  let client: Client;
  let server: Server;
  let endpoint = '';
  /** Every line the route logs, as pino writes it. */
  const lines: { level: number; msg: string }[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as { level: number; msg: string });
        done();
      },
    }),
  );
  /** What the listener does with the next interaction. */
  let listener: (interaction: Interaction) => Promise<void> = async () => {};

  beforeAll(async () => {
    await discord.start();
    client = new Client({ intents: [], rest: restOptions({ apiUrl: discord.apiUrl }) });
    client.rest.setToken('bot-token');
    const route = httpInteractionsRoute({
      client,
      publicKey: publicKeyHex(keys.publicKey),
      handle: (interaction) => listener(interaction),
      log,
    });
    server = await startOpsServer([route], 0, testLog);
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}${DISCORD_INTERACTIONS_PATH}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await client.destroy();
    await discord.stop();
  });

  /** Resolves once the server has seen the next connection close. */
  const nextConnectionClosed = () =>
    new Promise<void>((resolve) =>
      server.once('connection', (socket) => socket.once('close', () => resolve())),
    );

  it('an answer that comes after Discord closed the request is not left hanging: it goes to the callback endpoint', async () => {
    let started = () => {};
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let outcome: Promise<string> = Promise.resolve('never ran');
    listener = (interaction) => {
      started();
      outcome = released.then(() =>
        interaction.isChatInputCommand()
          ? interaction.deferReply().then(
              () => 'deferred',
              (error: unknown) => `failed: ${String(error)}`,
            )
          : 'not a command',
      );
      return outcome.then(() => {});
    };

    const interaction = commandInteraction('list', []);
    const body = JSON.stringify(interaction);
    const aborted = new AbortController();
    const closed = nextConnectionClosed();
    const request = fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signatureHeaders(keys.privateKey, body) },
      body,
      signal: aborted.signal,
    }).catch((error: unknown) => error);
    await running;
    // Discord gives up on the request (its 3 seconds are counted from its side) and closes it.
    aborted.abort();
    await request;
    await closed;
    const from = discord.requests.length;
    release();

    // No HTTP response can carry the answer any more: discord.js sends it to the callback
    // endpoint, as when the listener is late, instead of waiting forever for a closed socket.
    await requestTo(
      discord,
      new RegExp(`^/interactions/${interaction.id}/${interaction.token}/callback$`),
      from,
    );
    expect(await outcome).toBe('deferred');
  });

  it('refuses a body over the limit with 413, before checking its signature, and runs no listener', async () => {
    let ran = false;
    listener = async () => {
      ran = true;
    };
    const body = JSON.stringify({ ...commandInteraction('list', []), padding: 'x'.repeat(2 * 1024 * 1024) });
    const answer = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signatureHeaders(keys.privateKey, body) },
      body,
    }).then(
      (res) => res.status,
      (error: unknown) => `no response: ${String(error)}`,
    );
    expect(answer).toBe(413);
    expect(ran).toBe(false);
  });

  it('a request cut off half-way through its body is dropped quietly: no error is logged, no listener runs', async () => {
    let ran = false;
    listener = async () => {
      ran = true;
    };
    const from = lines.length;
    const closed = nextConnectionClosed();
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // Anyone on the internet can do this: no signature is needed to open the request.
    socket.write(
      `POST ${DISCORD_INTERACTIONS_PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"type":2,`,
    );
    await new Promise((resolve) => setImmediate(resolve));
    socket.destroy();
    await closed;
    // A signed PING after it: once answered, the cut request's handling has run its course.
    const ping = JSON.stringify({ id: '1', application_id: '1', type: 1, token: 't', version: 1 });
    const pong = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signatureHeaders(keys.privateKey, ping) },
      body: ping,
    });
    expect(await pong.text()).toBe('{"type":1}');
    expect(lines.slice(from).filter((line) => line.level >= 50)).toEqual([]);
    expect(ran).toBe(false);
  });
});
