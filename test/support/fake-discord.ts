import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** One REST request the fake received. */
export interface DiscordRequest {
  method: string;
  path: string;
  body: unknown;
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

let snowflake = 100_000_000_000_000_000n;
/** A fresh 18-digit snowflake. */
export function nextSnowflake(): string {
  snowflake += 1n;
  return snowflake.toString();
}

export const APPLICATION_ID = '900000000000000001';
export const BOT_ID = '900000000000000002';

/**
 * Discord's REST API and gateway on 127.0.0.1, as much as Thrice uses: login (gateway/bot,
 * HELLO → IDENTIFY → READY, heartbeats), interaction callbacks and webhooks, DM channels,
 * messages with enforce_nonce, and command registration. Every REST request is recorded.
 */
export class FakeDiscord {
  readonly requests: DiscordRequest[] = [];
  /** Messages created per channel, as Discord would store them. */
  readonly messages: { id: string; channel_id: string; nonce?: string; body: Record<string, unknown> }[] = [];
  private readonly failures: Answer[] = [];
  private http: Server | null = null;
  private gateway: WebSocketServer | null = null;
  private sockets = new Set<WebSocket>();
  private sequence = 0;
  url = '';
  private wsUrl = '';
  ready!: Promise<void>;
  private markReady!: () => void;

  /** The REST base to give discord.js as `rest.api`. */
  get apiUrl(): string {
    return `${this.url}/api`;
  }

  /** The next message creates fail with these answers, in order. */
  failNextMessages(...answers: Answer[]): void {
    this.failures.push(...answers);
  }

  /** Requests whose path matches. */
  requestsTo(pattern: RegExp): DiscordRequest[] {
    return this.requests.filter((r) => pattern.test(r.path));
  }

  async start(): Promise<void> {
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
    this.http = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.http?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
    this.gateway = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.gateway?.on('listening', resolve));
    this.wsUrl = `ws://127.0.0.1:${(this.gateway.address() as AddressInfo).port}`;
    this.gateway.on('connection', (socket) => this.connect(socket));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.gateway?.close(() => resolve()));
    this.http?.closeAllConnections();
    await new Promise<void>((resolve) => this.http?.close(() => resolve()));
  }

  /** Sends a gateway event to the connected client. */
  dispatch(t: string, d: unknown): void {
    this.sequence += 1;
    for (const socket of this.sockets) socket.send(JSON.stringify({ op: 0, t, s: this.sequence, d }));
  }

  private connect(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw) => {
      const packet = JSON.parse(raw.toString()) as { op: number; d: unknown };
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (packet.op === 2) {
        this.dispatch('READY', {
          v: 10,
          user: {
            id: BOT_ID,
            username: 'Thrice',
            discriminator: '0',
            global_name: 'Thrice',
            avatar: null,
            bot: true,
          },
          guilds: [],
          session_id: 'session-1',
          resume_gateway_url: this.wsUrl,
          shard: [0, 1],
          application: { id: APPLICATION_ID, flags: 0 },
        });
        this.markReady();
      }
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const path = decodeURIComponent((req.url ?? '').replace(/^\/api\/v10/, '').split('?')[0] ?? '');
    let body: unknown = null;
    if (raw !== '') {
      if ((req.headers['content-type'] ?? '').startsWith('multipart/')) body = { multipart: raw };
      else body = JSON.parse(raw);
    }
    this.requests.push({ method: req.method ?? 'GET', path, body });
    const answer = this.answer(req.method ?? 'GET', path, body);
    if (answer.status === 204) {
      res.writeHead(204);
      res.end();
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  }

  private message(channelId: string, body: Record<string, unknown>) {
    return messageObject(channelId, body);
  }

  private answer(method: string, path: string, body: unknown): Answer {
    const json = (status: number, value: unknown) => ({ status, body: value });
    if (method === 'GET' && path === '/gateway/bot') {
      return json(200, {
        url: this.wsUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return { status: 204, body: null };
    const webhook = /^\/webhooks\/\d+\/[^/]+(\/messages\/@original)?$/.exec(path);
    if (webhook) return json(200, this.message('0', (body ?? {}) as Record<string, unknown>));
    if (method === 'POST' && path === '/users/@me/channels') {
      const recipient = String((body as { recipient_id: string }).recipient_id);
      return json(200, {
        id: `5${recipient.slice(1)}`,
        type: 1,
        recipients: [{ id: recipient, username: 'u', discriminator: '0', avatar: null }],
      });
    }
    const create = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (method === 'POST' && create) {
      const failure = this.failures.shift();
      if (failure) return failure;
      const payload = (body ?? {}) as Record<string, unknown>;
      const nonce = payload.nonce === undefined ? undefined : String(payload.nonce);
      const existing =
        nonce === undefined
          ? undefined
          : this.messages.find((m) => m.nonce === nonce && payload.enforce_nonce === true);
      if (existing) return json(200, this.message(existing.channel_id, existing.body));
      const created = this.message(create[1] ?? '', payload);
      this.messages.push({
        id: created.id,
        channel_id: created.channel_id,
        body: payload,
        ...(nonce === undefined ? {} : { nonce }),
      });
      return json(200, created);
    }
    if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path))
      return json(200, body);
    return json(404, { message: 'Unknown route', code: 0 });
  }
}

/** A slash-command interaction for `/promise <sub>` with options, as Discord sends it. */
export function commandInteraction(
  sub: string,
  options: { name: string; type: number; value: string | number | boolean; focused?: boolean }[],
  who: { userId?: string; guildId?: string; permissions?: string; type?: 2 | 4; resolved?: object } = {},
) {
  return {
    id: nextSnowflake(),
    application_id: APPLICATION_ID,
    type: who.type ?? 2,
    token: `token-${nextSnowflake()}`,
    version: 1,
    locale: 'en-US',
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: {},
    channel: { id: '300000000000000001', type: 0 },
    channel_id: '300000000000000001',
    guild_id: who.guildId ?? '200000000000000001',
    member: {
      user: {
        id: who.userId ?? '400000000000000001',
        username: 'alice',
        discriminator: '0',
        global_name: 'Alice',
        avatar: null,
      },
      roles: [],
      permissions: who.permissions ?? '0',
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    },
    data: {
      id: '600000000000000001',
      name: 'promise',
      type: 1,
      options: [{ type: 1, name: sub, options }],
      ...(who.resolved === undefined ? {} : { resolved: who.resolved }),
    },
  };
}

/** A message object as Discord returns it (and embeds in component interactions). */
export function messageObject(channelId: string, body: Record<string, unknown>, id = nextSnowflake()) {
  return {
    id,
    channel_id: channelId,
    author: { id: BOT_ID, username: 'Thrice', discriminator: '0', avatar: null, bot: true },
    content: body.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    pinned: false,
    type: 0,
    flags: 64,
  };
}

/** A button click on a message that carries `components`, as Discord sends it. */
export function buttonInteraction(
  customId: string | undefined,
  message: { id?: string; embeds?: unknown; components?: unknown },
) {
  const base = commandInteraction('list', []);
  return {
    ...base,
    type: 3,
    data: { custom_id: customId, component_type: 2 },
    message: messageObject(base.channel_id, message, message.id),
  };
}
