import { type KeyObject, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** One REST request the fake received. Multipart bodies (files) hold the raw text, the JSON part and the file names. */
export interface DiscordRequest {
  method: string;
  path: string;
  body: unknown;
  /** The files of a multipart body by name, as bytes (a PNG is not text). */
  files?: ReadonlyMap<string, Buffer>;
}

/** A payload the fake refused as Discord would (400, code 50035), and why. */
export interface Rejection {
  path: string;
  problems: string[];
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };
type Json = Record<string, unknown>;

let snowflake = 100_000_000_000_000_000n;
/**
 * The headers Discord signs an HTTP interaction with: Ed25519 over the timestamp (Unix seconds)
 * followed by the raw body, hex, with the application's key pair.
 */
export function signatureHeaders(
  privateKey: KeyObject,
  body: string | Buffer,
  timestamp = String(Math.floor(Date.now() / 1000)),
): Record<string, string> {
  const signature = sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey);
  return { 'x-signature-ed25519': signature.toString('hex'), 'x-signature-timestamp': timestamp };
}

/** A public key as the developer portal shows it: the raw 32 bytes, hex. */
export function publicKeyHex(publicKey: KeyObject): string {
  const { x } = publicKey.export({ format: 'jwk' });
  return Buffer.from(String(x), 'base64url').toString('hex');
}

/** The first answer Discord took from an HTTP interaction's response (not from the callback endpoint). */
export interface HttpAnswer {
  interactionId: string;
  status: number;
  body: unknown;
}

/** A fresh 18-digit snowflake. */
export function nextSnowflake(): string {
  snowflake += 1n;
  return snowflake.toString();
}

export const APPLICATION_ID = '900000000000000001';
export const BOT_ID = '900000000000000002';
export const GUILD_ID = '200000000000000001';
export const USER_ID = '400000000000000001';
const GUILD_CHANNEL_ID = '300000000000000001';

/** The shard Discord sends a server's events to. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** The id of the bot's DM channel with a user, as `POST /users/@me/channels` gives it. */
export function dmChannelOf(userId: string): string {
  return `5${userId.slice(1)}`;
}

/** Message flags Discord defines. */
export const FLAGS = { ephemeral: 1 << 6, componentsV2: 1 << 15 } as const;

/** The limits Discord enforces on a message's components, content and embeds. */
const LIMITS = {
  rows: 5,
  rowButtons: 5,
  componentsV2: 40,
  textV2: 4_000,
  content: 2_000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4_096,
  embedFooter: 2_048,
  customId: 100,
  buttonLabel: 80,
  placeholder: 150,
  options: 25,
  optionText: 100,
} as const;

const TOP_LEVEL_V2 = new Set([1, 9, 10, 12, 13, 14, 17]);
const IN_CONTAINER = new Set([1, 9, 10, 12, 13, 14]);

/**
 * What Discord would refuse in a message payload: components outside the rules of their kind
 * (classic action rows, or Components V2 with its flag), content or embeds beside the V2 flag,
 * and every length limit the adapter relies on.
 */
export function payloadProblems(body: Json, flags: number): string[] {
  const problems: string[] = [];
  const v2 = (flags & FLAGS.componentsV2) !== 0;
  const components = (body.components ?? []) as Json[];
  const embeds = (body.embeds ?? []) as Json[];
  const content = typeof body.content === 'string' ? body.content : '';
  const ids = new Set<string>();
  let count = 0;
  let text = 0;
  const customId = (c: Json, where: string) => {
    const id = String(c.custom_id ?? '');
    if (id.length < 1 || id.length > LIMITS.customId)
      problems.push(`${where}: custom_id length ${id.length}`);
    if (ids.has(id)) problems.push(`${where}: duplicate custom_id ${id}`);
    ids.add(id);
  };
  const visit = (c: Json, where: string, allowed: Set<number>) => {
    count += 1;
    const type = Number(c.type);
    if (!allowed.has(type)) problems.push(`${where}: component type ${type} not allowed here`);
    switch (type) {
      case 1: {
        const children = (c.components ?? []) as Json[];
        const selects = children.filter((child) => child.type !== 2).length;
        if (children.length === 0) problems.push(`${where}: empty action row`);
        if (selects > 0 && children.length > 1) problems.push(`${where}: a select must be alone in its row`);
        if (children.length > LIMITS.rowButtons)
          problems.push(`${where}: ${children.length} buttons in a row`);
        children.forEach((child, i) => {
          visit(child, `${where}.components[${i}]`, new Set([2, 3, 5, 6, 7, 8]));
        });
        break;
      }
      case 2:
        if (String(c.label ?? '').length > LIMITS.buttonLabel)
          problems.push(`${where}: button label too long`);
        if (c.style !== 5 && c.style !== 6) customId(c, where);
        break;
      case 3: {
        customId(c, where);
        const options = (c.options ?? []) as Json[];
        if (options.length < 1 || options.length > LIMITS.options)
          problems.push(`${where}: ${options.length} select options`);
        if (String(c.placeholder ?? '').length > LIMITS.placeholder)
          problems.push(`${where}: placeholder too long`);
        for (const option of options) {
          if (String(option.label ?? '').length > LIMITS.optionText)
            problems.push(`${where}: option label too long`);
          if (String(option.value ?? '').length > LIMITS.optionText)
            problems.push(`${where}: option value too long`);
        }
        break;
      }
      case 9: {
        const texts = (c.components ?? []) as Json[];
        if (texts.length < 1 || texts.length > 3)
          problems.push(`${where}: a section holds 1–3 text displays`);
        texts.forEach((child, i) => {
          visit(child, `${where}.components[${i}]`, new Set([10]));
        });
        if (c.accessory === undefined) problems.push(`${where}: a section needs an accessory`);
        else visit(c.accessory as Json, `${where}.accessory`, new Set([2, 11]));
        break;
      }
      case 10: {
        const length = String(c.content ?? '').length;
        if (length === 0) problems.push(`${where}: empty text display`);
        text += length;
        break;
      }
      case 17:
        ((c.components ?? []) as Json[]).forEach((child, i) => {
          visit(child, `${where}.components[${i}]`, IN_CONTAINER);
        });
        break;
    }
  };
  components.forEach((c, i) => {
    visit(c, `components[${i}]`, v2 ? TOP_LEVEL_V2 : new Set([1]));
  });
  if (v2) {
    if (content !== '') problems.push('content cannot be used with IS_COMPONENTS_V2');
    if (embeds.length > 0) problems.push('embeds cannot be used with IS_COMPONENTS_V2');
    if (count > LIMITS.componentsV2) problems.push(`${count} components (at most ${LIMITS.componentsV2})`);
    if (text > LIMITS.textV2) problems.push(`${text} characters of text displays (at most ${LIMITS.textV2})`);
  } else {
    if (components.length > LIMITS.rows) problems.push(`${components.length} action rows`);
    if (content.length > LIMITS.content) problems.push(`content of ${content.length} characters`);
    if (embeds.length > LIMITS.embeds) problems.push(`${embeds.length} embeds`);
    for (const embed of embeds) {
      if (String(embed.title ?? '').length > LIMITS.embedTitle) problems.push('embed title too long');
      if (String(embed.description ?? '').length > LIMITS.embedDescription)
        problems.push('embed description too long');
      const footer = (embed.footer ?? {}) as Json;
      if (String(footer.text ?? '').length > LIMITS.embedFooter) problems.push('embed footer too long');
    }
  }
  return problems;
}

/** The JSON part and the file names of a multipart body, as discord.js sends files. */
function readMultipart(raw: string, contentType: string): { payload: Json; files: string[] } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = `--${boundary?.[1] ?? boundary?.[2] ?? ''}`;
  let payload: Json = {};
  const files: string[] = [];
  for (const part of raw.split(marker)) {
    const header = part.slice(0, part.indexOf('\r\n\r\n'));
    const name = /name="([^"]*)"/.exec(header)?.[1];
    const filename = /filename="([^"]*)"/.exec(header)?.[1];
    if (filename !== undefined) files.push(filename);
    else if (name === 'payload_json')
      payload = JSON.parse(part.slice(part.indexOf('\r\n\r\n') + 4).replace(/\r\n$/, '')) as Json;
  }
  return { payload, files };
}

/**
 * Discord's REST API and gateway on 127.0.0.1, as much as Thrice uses: login (gateway/bot,
 * HELLO → IDENTIFY → READY, heartbeats), interaction callbacks and webhooks, DM channels,
 * messages with enforce_nonce, and command registration. Every REST request is recorded; a
 * payload Discord would refuse (component rules, Components V2, lengths) is answered 400 and
 * recorded in `rejections`. An UPDATE_MESSAGE callback edits the stored message it came from.
 */
export class FakeDiscord {
  readonly requests: DiscordRequest[] = [];
  /** Messages created per channel, as Discord would store them (updates applied). */
  readonly messages: { id: string; channel_id: string; nonce?: string; body: Json }[] = [];
  /** Payloads refused as invalid; a test that expects none asserts this stays empty. */
  readonly rejections: Rejection[] = [];
  private readonly failures: Answer[] = [];
  private slowAnswers: number[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  /** The message each component interaction was dispatched with, by interaction id. */
  private readonly interactionMessages = new Map<string, Json>();
  /** The same, by interaction token: after a deferred update, editing @original edits this message. */
  private readonly tokenMessages = new Map<string, Json>();
  /** Tokens of interactions answered with a deferred update (type 6). */
  private readonly deferredUpdates = new Set<string>();
  /** Interactions POSTed to an HTTP endpoint whose response has not been read yet, by token. */
  private readonly openHttpInteractions = new Map<string, Promise<void>>();
  /**
   * How long Discord takes to register an answer it got as an HTTP response. 0: the fake holds an
   * interaction's webhook requests until then; above 0 it refuses them meanwhile with "Unknown
   * Webhook" (404), as Discord can when the edit overtakes the answer.
   */
  httpAnswerLagMs = 0;
  /** Every HTTP interaction's response, in order. */
  readonly httpAnswers: HttpAnswer[] = [];
  private http: Server | null = null;
  private gateway: WebSocketServer | null = null;
  /** Each gateway connection with the shard it identified as (`[id, count]`), null before IDENTIFY. */
  private sockets = new Map<WebSocket, [number, number] | null>();
  /** The shard count `GET /gateway/bot` recommends, and how many shards may identify at once. */
  recommendedShards = 1;
  maxConcurrency = 1;
  /** Every IDENTIFY's shard, in order. */
  readonly identified: [number, number][] = [];
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

  /** The next `count` message creates are answered only after `delayMs` (the message is still created). */
  answerMessagesSlowly(delayMs: number, count = 1): void {
    this.slowAnswers.push(...Array.from({ length: count }, () => delayMs));
  }

  /** Requests whose path matches. */
  requestsTo(pattern: RegExp): DiscordRequest[] {
    return this.requests.filter((r) => pattern.test(r.path));
  }

  /** A stored message as Discord returns it, current edits included. */
  message(id: string) {
    const stored = this.messages.find((m) => m.id === id);
    if (stored === undefined) throw new Error(`no message ${id}`);
    return messageObject(stored.channel_id, stored.body, stored.id);
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
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets.keys()) socket.terminate();
    await new Promise<void>((resolve) => this.gateway?.close(() => resolve()));
    this.http?.closeAllConnections();
    await new Promise<void>((resolve) => this.http?.close(() => resolve()));
  }

  /**
   * Sends a gateway event as Discord routes it: a server's events to the shard that server falls
   * on (`(guild_id >> 22) % count`), everything else (DMs) to shard 0.
   */
  dispatch(t: string, d: unknown): void {
    this.sequence += 1;
    if (t === 'INTERACTION_CREATE') {
      const interaction = d as { id: string; token?: string; message?: Json };
      if (interaction.message !== undefined) {
        this.interactionMessages.set(interaction.id, interaction.message);
        if (interaction.token !== undefined) this.tokenMessages.set(interaction.token, interaction.message);
      }
    }
    const event = (d ?? {}) as { guild_id?: unknown; id?: unknown };
    const guildId = t.startsWith('GUILD_') && t !== 'GUILD_MEMBER_ADD' ? event.id : event.guild_id;
    for (const [socket, shard] of this.sockets) {
      if (shard === null) continue;
      const [id, count] = shard;
      if (id !== (typeof guildId === 'string' ? shardOf(guildId, count) : 0)) continue;
      this.send(socket, { op: 0, t, s: this.sequence, d });
    }
  }

  /**
   * Sends an interaction as Discord does to an Interactions Endpoint URL: POSTed to `endpoint`,
   * signed with `privateKey`; a 200 response is taken as the interaction's first answer, as a
   * callback would be (a deferred update makes @original the pressed message). Webhook requests
   * for the interaction wait until that response is read, as Discord knows the answer before them.
   */
  async deliver(
    endpoint: string,
    interaction: { id: string; token: string; message?: Json },
    privateKey: KeyObject,
  ): Promise<{ status: number; body: unknown }> {
    if (interaction.message !== undefined) {
      this.interactionMessages.set(interaction.id, interaction.message);
      this.tokenMessages.set(interaction.token, interaction.message);
    }
    let read = () => {};
    this.openHttpInteractions.set(
      interaction.token,
      new Promise((resolve) => {
        read = resolve;
      }),
    );
    try {
      const raw = JSON.stringify(interaction);
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signatureHeaders(privateKey, raw) },
        body: raw,
      });
      const text = await res.text();
      if (this.httpAnswerLagMs > 0) await new Promise((resolve) => setTimeout(resolve, this.httpAnswerLagMs));
      const body: unknown = text === '' ? null : JSON.parse(text);
      this.httpAnswers.push({ interactionId: interaction.id, status: res.status, body });
      if (res.status === 200)
        this.answer('POST', `/interactions/${interaction.id}/${interaction.token}/callback`, body);
      return { status: res.status, body };
    } finally {
      read();
      this.openHttpInteractions.delete(interaction.token);
    }
  }

  private send(socket: WebSocket, packet: unknown): void {
    socket.send(JSON.stringify(packet));
  }

  private connect(socket: WebSocket): void {
    this.sockets.set(socket, null);
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw) => {
      const packet = JSON.parse(raw.toString()) as { op: number; d: unknown };
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (packet.op === 2) {
        const requested = (packet.d as { shard?: unknown }).shard;
        const shard: [number, number] = Array.isArray(requested)
          ? [Number(requested[0]), Number(requested[1])]
          : [0, 1];
        this.sockets.set(socket, shard);
        this.identified.push(shard);
        this.sequence += 1;
        this.send(socket, {
          op: 0,
          t: 'READY',
          s: this.sequence,
          d: {
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
            session_id: `session-${shard[0]}-${this.identified.length}`,
            resume_gateway_url: this.wsUrl,
            shard,
            application: { id: APPLICATION_ID, flags: 0 },
          },
        });
        this.markReady();
      }
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString();
    const path = decodeURIComponent((req.url ?? '').replace(/^\/api\/v10/, '').split('?')[0] ?? '');
    const contentType = req.headers['content-type'] ?? '';
    let body: unknown = null;
    const files = new Map<string, Buffer>();
    if (raw !== '') {
      if (contentType.startsWith('multipart/')) {
        body = { multipart: raw, ...readMultipart(raw, contentType) };
        const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
        for (const [, value] of form)
          if (typeof value !== 'string') files.set(value.name, Buffer.from(await value.arrayBuffer()));
      } else body = JSON.parse(raw);
    }
    const method = req.method ?? 'GET';
    this.requests.push({ method, path, body, ...(files.size === 0 ? {} : { files }) });
    const token = /^\/webhooks\/\d+\/([^/]+)/.exec(path)?.[1];
    const open = token === undefined ? undefined : this.openHttpInteractions.get(token);
    if (open !== undefined && this.httpAnswerLagMs > 0) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Unknown Webhook', code: 10015 }));
      return;
    }
    await open;
    const answer = this.answer(method, path, body);
    const delay =
      method === 'POST' && /^\/channels\/\d+\/messages$/.test(path) ? this.slowAnswers.shift() : 0;
    if (delay !== undefined && delay > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, delay);
        this.timers.add(timer);
      });
      // The client gave up waiting: nothing left to answer.
      if (res.destroyed) return;
    }
    if (answer.status === 204) {
      res.writeHead(204);
      res.end();
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  }

  /** 400 Invalid Form Body when Discord would refuse the payload, else null. */
  private refuse(path: string, payload: Json, flags: number): Answer | null {
    const problems = payloadProblems(payload, flags);
    if (problems.length === 0) return null;
    this.rejections.push({ path, problems });
    return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { problems } } };
  }

  private answer(method: string, path: string, body: unknown): Answer {
    const json = (status: number, value: unknown) => ({ status, body: value });
    const multipart = body !== null && typeof body === 'object' && 'payload' in body;
    const payload = ((multipart ? (body as { payload: Json }).payload : body) ?? {}) as Json;
    if (method === 'GET' && path === '/gateway/bot') {
      return json(200, {
        url: this.wsUrl,
        shards: this.recommendedShards,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 0,
          max_concurrency: this.maxConcurrency,
        },
      });
    }
    if (method === 'GET' && path === '/users/@me') {
      return json(200, {
        id: BOT_ID,
        username: 'Thrice',
        discriminator: '0',
        global_name: 'Thrice',
        avatar: null,
        bot: true,
        flags: 0,
      });
    }
    const callback = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (callback) {
      const type = Number(payload.type);
      // After a deferred update, @original is the message the component is on, not a new reply.
      if (type === 6) this.deferredUpdates.add(callback[2] ?? '');
      const data = (payload.data ?? {}) as Json;
      const original = this.interactionMessages.get(callback[1] ?? '');
      if (type === 4 || type === 7) {
        const flags = Number(data.flags ?? (type === 7 ? (original?.flags ?? 0) : 0));
        const refused = this.refuse(path, data, flags);
        if (refused) return refused;
      }
      if (type === 7 && original !== undefined) {
        const stored = this.messages.find((m) => m.id === original.id);
        if (stored !== undefined) stored.body = { ...stored.body, ...data };
      }
      return { status: 204, body: null };
    }
    const webhook = /^\/webhooks\/\d+\/([^/]+)(\/messages\/@original)?$/.exec(path);
    const pressed =
      webhook?.[2] === undefined || !this.deferredUpdates.has(webhook[1] ?? '')
        ? undefined
        : this.tokenMessages.get(webhook[1] ?? '');
    if (webhook && pressed !== undefined) {
      // A component's deferred update: @original is the message the component is on, edited in place.
      const refused = this.refuse(path, payload, Number(payload.flags ?? pressed.flags ?? 0));
      if (refused) return refused;
      const stored = this.messages.find((m) => m.id === pressed.id);
      if (stored !== undefined) stored.body = { ...stored.body, ...payload };
      return json(200, messageObject(String(pressed.channel_id ?? '0'), { ...pressed, ...payload }));
    }
    if (webhook) {
      // A deferred reply is ephemeral here; an edit may add the Components V2 flag.
      const flags = Number(payload.flags ?? 0) | FLAGS.ephemeral;
      return this.refuse(path, payload, flags) ?? json(200, this.reply('0', { ...payload, flags }));
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const recipient = String((body as { recipient_id: string }).recipient_id);
      return json(200, {
        id: dmChannelOf(recipient),
        type: 1,
        recipients: [{ id: recipient, username: 'u', discriminator: '0', avatar: null }],
      });
    }
    const create = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (method === 'POST' && create) {
      const failure = this.failures.shift();
      if (failure) return failure;
      const refused = this.refuse(path, payload, Number(payload.flags ?? 0));
      if (refused) return refused;
      const nonce = payload.nonce === undefined ? undefined : String(payload.nonce);
      const existing =
        nonce === undefined
          ? undefined
          : this.messages.find((m) => m.nonce === nonce && payload.enforce_nonce === true);
      if (existing) return json(200, messageObject(existing.channel_id, existing.body, existing.id));
      const created = messageObject(create[1] ?? '', payload);
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

  private reply(channelId: string, body: Json) {
    return messageObject(channelId, body);
  }
}

/** Who sends an interaction: a member in a server (the default), or a user in the bot's DM. */
export interface Sender {
  userId?: string;
  username?: string;
  /** The display name Discord shows (`global_name`); null for users who never set one. */
  globalName?: string | null;
  /** The server (not sent from a DM). */
  guildId?: string;
  /** The member's permissions in the server, as a decimal bit string. */
  permissions?: string;
  /**
   * From the bot's DM, shaped as Discord sends it: no `guild_id`, `guild`, `member` or
   * `guild_locale`; `user` instead; the DM channel (type 1); `context` 1; the guild install's
   * owner key "0" set to "0".
   */
  dm?: boolean;
  /**
   * A command from the user's own install of Thrice (user install), not a server's:
   * `authorizing_integration_owners` names the user (key "1") and no server (key "0"). With
   * `guildId`, a server that never added the bot; with `dm`, the bot's DM.
   */
  userInstall?: boolean;
  /**
   * From a DM or group DM between other people (context 2), where only a user install reaches:
   * `user`, no guild, the private channel (type 1 or 3 for a group), owners naming the user.
   */
  privateChannel?: 'dm' | 'group';
}

/** The private channel of other people that `privateChannel` interactions come from. */
export const PRIVATE_CHANNEL_ID = '310000000000000001';

/** The sender part of an interaction: `member` and the guild in a server, `user` and the DM channel in a DM. */
function senderFields(who: Sender) {
  const userId = who.userId ?? USER_ID;
  const user = {
    id: userId,
    username: who.username ?? 'alice',
    discriminator: '0',
    global_name: who.globalName === undefined ? 'Alice' : who.globalName,
    avatar: null,
  };
  if (who.privateChannel !== undefined) {
    const friend = {
      id: '400000000000000777',
      username: 'bob',
      discriminator: '0',
      global_name: 'Bob',
      avatar: null,
    };
    return {
      user,
      channel:
        who.privateChannel === 'group'
          ? {
              id: PRIVATE_CHANNEL_ID,
              type: 3,
              name: 'job hunt',
              owner_id: friend.id,
              recipients: [friend],
              flags: 0,
            }
          : { id: PRIVATE_CHANNEL_ID, type: 1, last_message_id: null, flags: 0, recipients: [friend] },
      channel_id: PRIVATE_CHANNEL_ID,
      context: 2,
      authorizing_integration_owners: { '1': userId },
      app_permissions: '0',
    };
  }
  if (who.dm === true) {
    const channelId = dmChannelOf(userId);
    return {
      user,
      channel: { id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [user] },
      channel_id: channelId,
      context: 1,
      authorizing_integration_owners: who.userInstall === true ? { '1': userId } : { '0': '0' },
      app_permissions: '0',
    };
  }
  const guildId = who.guildId ?? GUILD_ID;
  return {
    guild_id: guildId,
    guild: { id: guildId, locale: 'en-US', features: [] },
    guild_locale: 'en-US',
    member: {
      user,
      roles: [],
      permissions: who.permissions ?? '0',
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    },
    channel: { id: GUILD_CHANNEL_ID, type: 0, guild_id: guildId, name: 'general' },
    channel_id: GUILD_CHANNEL_ID,
    context: 0,
    authorizing_integration_owners: who.userInstall === true ? { '1': userId } : { '0': guildId },
    app_permissions: '0',
  };
}

/** A slash-command interaction for `/promise <sub>` with options, as Discord sends it. */
export function commandInteraction(
  sub: string,
  options: { name: string; type: number; value: string | number | boolean; focused?: boolean }[],
  who: Sender & { type?: 2 | 4; resolved?: object } = {},
) {
  return {
    id: nextSnowflake(),
    application_id: APPLICATION_ID,
    type: who.type ?? 2,
    token: `token-${nextSnowflake()}`,
    version: 1,
    locale: 'en-US',
    entitlements: [],
    attachment_size_limit: 10_485_760,
    ...senderFields(who),
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
export function messageObject(channelId: string, body: Json, id = nextSnowflake()) {
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
    flags: Number(body.flags ?? 0),
  };
}

/**
 * A button press (or, with `values`, a menu choice) on a message, as Discord sends it. `message`
 * is a message object (`discord.message(id)`), or the parts of an ephemeral reply the press is on.
 */
export function componentInteraction(
  customId: string | undefined,
  message:
    | ReturnType<typeof messageObject>
    | { id?: string; embeds?: unknown; components?: unknown; flags?: unknown },
  who: Sender & { values?: string[] } = {},
) {
  const base = commandInteraction('list', [], who);
  const full =
    'channel_id' in message
      ? message
      : messageObject(
          base.channel_id,
          { ...message, flags: Number(message.flags ?? 0) | FLAGS.ephemeral },
          message.id,
        );
  const { data: _command, ...rest } = base;
  return {
    ...rest,
    type: 3,
    data:
      who.values === undefined
        ? { custom_id: customId, component_type: 2 }
        : { custom_id: customId, component_type: 3, values: who.values },
    message: full,
  };
}

/** A button click on an ephemeral reply that carries `components`, from the default member in the server. */
export function buttonInteraction(
  customId: string | undefined,
  message: { id?: string; embeds?: unknown; components?: unknown; flags?: unknown },
) {
  return componentInteraction(customId, message);
}
