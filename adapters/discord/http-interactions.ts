/*
 * Discord's HTTP interactions (the developer portal's Interactions Endpoint URL): Discord POSTs each
 * interaction to DISCORD_INTERACTIONS_PATH instead of sending it over the gateway, so any instance
 * behind a load balancer can answer it. The request is checked as Discord requires (Ed25519 over
 * the timestamp and the raw body, with the application's public key), turned into the very
 * discord.js object the gateway would have made, and answered by the same listeners: their first
 * answer (defer, modal, reply) becomes this request's response, and everything after it goes
 * through the interaction webhook over REST, as on the gateway.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Client, Events, type Interaction } from 'discord.js';
import type { Logger } from 'pino';
import type { OpsRoute } from '../../src/runtime/ops-server.ts';
import { DISCORD_INTERACTIONS_PATH } from './path.ts';

export { DISCORD_INTERACTIONS_PATH };

/** Discord's interaction bodies are a few KB; a message command's resolved message stays far below this. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * How far a request's X-Signature-Timestamp may be from our clock. Discord does not ask for this
 * check; it bounds how long a captured, validly signed request can be replayed (the idempotency
 * keys already make a replayed command a no-op, but only while they are kept). Five minutes, as
 * Slack's signatures allow, is far above Discord's delivery time and any NTP-kept clock's skew.
 */
export const MAX_TIMESTAMP_SKEW_MS = 5 * 60_000;

/**
 * Discord waits 3 seconds for the first answer. Past that it has given up, and the request is
 * closed; a late answer goes to the callback endpoint, which refuses it as it would on the gateway.
 */
const INITIAL_RESPONSE_MS = 3_000;

/** The application's public key (64 hex characters, as the portal shows it) as a key node:crypto verifies with. */
export function discordPublicKey(hex: string): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') },
    format: 'jwk',
  });
}

/** Whether `signature` (hex) is the key's Ed25519 signature of `timestamp` followed by the raw `body`. */
export function verifyDiscordSignature(
  key: KeyObject,
  signature: string,
  timestamp: string,
  body: Buffer,
): boolean {
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signature, 'hex'));
}

function sendJson(res: ServerResponse, status: number, body: unknown): Promise<void> {
  // A closed response emits neither 'close' again nor end's callback: nothing to wait for.
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    res.once('close', resolve);
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body), () => resolve());
  });
}

/**
 * The raw body; null once it passes `limit` bytes (reading stops there); 'closed' when the
 * client went away before sending all of it (anyone can, unsigned: nothing to log or answer).
 */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null | 'closed'> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) return null;
      chunks.push(chunk as Buffer);
    }
  } catch {
    return 'closed';
  }
  return Buffer.concat(chunks);
}

/** What the HTTP interactions need. */
export interface HttpInteractionsOptions {
  client: Client;
  /** The application's public key, hex. */
  publicKey: string;
  /** The same handler the gateway's InteractionCreate uses. */
  handle(interaction: Interaction): Promise<void>;
  log: Logger;
  /** Milliseconds since the epoch (tests move it to check stale timestamps). */
  now?: () => number;
}

/** discord.js's own action that turns a raw interaction into its object (internal, so reached by name). */
interface InteractionCreateAction {
  handle(data: unknown): void;
}

function interactionAction(client: Client): InteractionCreateAction {
  const actions = (client as unknown as { actions?: { InteractionCreate?: InteractionCreateAction } })
    .actions;
  const action = actions?.InteractionCreate;
  // A discord.js that moved it fails at start, in every test of this mode, not at a member's press.
  if (action === undefined || typeof action.handle !== 'function')
    throw new Error('discord.js has no InteractionCreate action: HTTP interactions need discord.js 14');
  return action;
}

/** The interaction id and token of a REST request to an interaction's callback endpoint, else null. */
function callbackOf(url: string): { id: string; token: string } | null {
  const path = URL.parse(url)?.pathname ?? '';
  const match = /\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
  return match?.[1] === undefined || match[2] === undefined ? null : { id: match[1], token: match[2] };
}

/** The interaction token of a REST request to an interaction's webhook (edits, follow-ups), else null. */
function webhookTokenOf(url: string): string | null {
  const path = URL.parse(url)?.pathname ?? '';
  return /\/webhooks\/\d+\/([^/]+)/.exec(path)?.[1] ?? null;
}

/**
 * How long after an answer sent as the HTTP response an "Unknown Webhook" 404 on its webhook is
 * taken for Discord not having registered that answer yet, and retried (after 250, 500, 750 ms).
 */
const ANSWER_SETTLE_MS = 10_000;
const UNKNOWN_WEBHOOK_RETRIES = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The route Discord POSTs interactions to. It also takes over the client's REST calls to an
 * interaction's callback endpoint while its HTTP request is open: that first answer becomes the
 * response, and discord.js carries on as if Discord had taken it (204).
 */
export function httpInteractionsRoute(options: HttpInteractionsOptions): OpsRoute {
  const { client, handle, log } = options;
  const now = options.now ?? Date.now;
  const key = discordPublicKey(options.publicKey);
  const action = interactionAction(client);
  /**
   * Open requests by interaction id: how to send their response; false when the request was
   * closed before the answer came (Discord gave up, or a proxy cut it).
   */
  const pending = new Map<string, (body: string) => Promise<boolean>>();

  /** Tokens whose first answer left as an HTTP response, and when. */
  const answeredOverHttp = new Map<string, number>();

  const forward = client.rest.options.makeRequest.bind(client.rest.options);
  client.rest.options.makeRequest = async (url, init) => {
    const callback = callbackOf(url);
    const respond = callback === null ? undefined : pending.get(callback.id);
    if (callback === null || respond === undefined || typeof init.body !== 'string')
      return webhookOrOther(url, init);
    // A first answer with files is a multipart body the HTTP response cannot carry (no listener
    // sends one): it went to the callback endpoint as on the gateway, above.
    pending.delete(callback.id);
    // discord.js goes on (an edit, a follow-up) only once Discord has the first answer. A request
    // closed meanwhile cannot carry it: it goes to the callback endpoint, which takes it or refuses
    // it as Discord decides, instead of waiting forever for a socket that is gone.
    if (!(await respond(init.body))) return forward(url, init);
    const at = now();
    for (const [token, answered] of answeredOverHttp)
      if (at - answered > ANSWER_SETTLE_MS) answeredOverHttp.delete(token);
    answeredOverHttp.set(callback.token, at);
    return new Response(null, { status: 204 });
  };

  /**
   * The edit or follow-up after an answer sent as the HTTP response travels on another connection
   * and can reach Discord before Discord has registered that answer, which it refuses as "Unknown
   * Webhook" (404): retried for a short while, as the answer is on its way.
   */
  async function webhookOrOther(url: string, init: Parameters<typeof forward>[1]) {
    const token = webhookTokenOf(url);
    const answered = token === null ? undefined : answeredOverHttp.get(token);
    let response = await forward(url, init);
    for (
      let attempt = 1;
      answered !== undefined &&
      response.status === 404 &&
      attempt <= UNKNOWN_WEBHOOK_RETRIES &&
      now() - answered < ANSWER_SETTLE_MS;
      attempt++
    ) {
      await response.arrayBuffer().catch(() => undefined);
      await sleep(250 * attempt);
      response = await forward(url, init);
    }
    return response;
  }

  /** The object discord.js emits for `data`, made exactly as for a gateway INTERACTION_CREATE. */
  let made: Interaction | null = null;
  client.on(Events.InteractionCreate, (interaction) => {
    made = interaction;
  });
  function interactionOf(data: unknown): Interaction | null {
    made = null;
    action.handle(data);
    const interaction: Interaction | null = made;
    made = null;
    return interaction;
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === 'closed') return;
    if (body === null) {
      await sendJson(res, 413, { error: 'request body too large' });
      return;
    }
    const signature = req.headers['x-signature-ed25519'];
    const timestamp = req.headers['x-signature-timestamp'];
    const signed =
      typeof signature === 'string' &&
      typeof timestamp === 'string' &&
      /^\d{1,15}$/.test(timestamp) &&
      verifyDiscordSignature(key, signature, timestamp, body);
    if (!signed) {
      // Discord sends a few of these itself when the endpoint URL is saved, to see them refused.
      log.info({ path: DISCORD_INTERACTIONS_PATH }, 'discord interaction refused: bad or missing signature');
      await sendJson(res, 401, { error: 'invalid request signature' });
      return;
    }
    if (Math.abs(now() - Number(timestamp) * 1000) > MAX_TIMESTAMP_SKEW_MS) {
      log.warn({ timestamp }, 'discord interaction refused: its signature timestamp is stale');
      await sendJson(res, 401, { error: 'stale request timestamp' });
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(body.toString('utf8'));
    } catch {
      data = null;
    }
    const fields = (typeof data === 'object' && data !== null ? data : {}) as {
      type?: unknown;
      id?: unknown;
    };
    if (typeof fields.type !== 'number' || (fields.type !== 1 && typeof fields.id !== 'string')) {
      log.warn('signed discord interaction refused: its body is not an interaction');
      await sendJson(res, 400, { error: 'malformed interaction' });
      return;
    }
    // PING: Discord checks the endpoint with it when the URL is saved in the portal.
    if (fields.type === 1) {
      await sendJson(res, 200, { type: 1 });
      return;
    }
    const id = String(fields.id);
    if (pending.has(id)) {
      // The same interaction twice at once: the first request answers it.
      await sendJson(res, 409, { error: 'interaction already being answered' });
      return;
    }
    let answered = false;
    const gone = new Promise<'gone'>((resolve) => res.once('close', () => resolve('gone')));
    const answer = new Promise<void>((resolve) => {
      pending.set(id, async (response) => {
        if (res.destroyed) return false;
        answered = true;
        resolve();
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        await new Promise<void>((sent) => {
          res.once('close', () => sent());
          res.end(response, () => sent());
        });
        return true;
      });
    });
    let interaction: Interaction | null;
    try {
      interaction = interactionOf(data);
    } catch (error) {
      log.warn(
        { err: error, interactionId: id },
        'signed discord interaction refused: discord.js cannot read it',
      );
      interaction = null;
    }
    if (interaction === null) {
      pending.delete(id);
      await sendJson(res, 400, { error: 'unsupported interaction' });
      return;
    }
    const work = handle(interaction);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), INITIAL_RESPONSE_MS);
    });
    const outcome = await Promise.race([
      answer.then(() => 'answered' as const),
      work.then(() => 'done' as const),
      late,
      gone,
    ]);
    clearTimeout(timer);
    if (answered) return;
    pending.delete(id);
    if (outcome === 'gone') {
      // Its answer, if one still comes, goes to the callback endpoint.
      log.warn({ interactionId: id }, 'discord closed the interaction request before it was answered');
      return;
    }
    // Nothing answered it (an id of another app, a component Thrice no longer knows), or not in
    // time: Discord shows the member that the interaction failed, as on the gateway.
    if (outcome === 'late') log.warn({ interactionId: id }, 'discord interaction not answered within 3 s');
    await sendJson(res, outcome === 'late' ? 503 : 400, { error: 'interaction not answered' });
  }

  return {
    path: DISCORD_INTERACTIONS_PATH,
    method: ['POST'],
    handler(req, res) {
      serve(req, res).catch((error: unknown) => {
        log.error({ err: error }, 'discord http interaction failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
    },
  };
}
