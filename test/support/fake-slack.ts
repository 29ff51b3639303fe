import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** One Web API call or response_url post the fake received, decoded. */
export interface SlackCall {
  method: string;
  /** Form fields, with JSON-encoded ones (blocks, metadata, view) parsed. */
  args: Record<string, unknown>;
  token: string | null;
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

const JSON_FIELDS = ['blocks', 'metadata', 'view', 'attachments', 'files'];

/** A file shared through Slack's three upload steps, as the fake received it. */
export interface SharedFile {
  id: string;
  filename: string;
  title: string;
  /** The channel `files.completeUploadExternal` shared it to (null: kept private). */
  channel: string | null;
  initialComment: string | null;
  /** The bytes POSTed to the upload URL, as text. */
  content: string;
  /** The same bytes, as they came (a PNG chart is not text). */
  bytes: Buffer;
}

/**
 * Slack's Web API on 127.0.0.1, small enough to read: answers the methods Thrice calls,
 * records every call, and can be told to fail the next calls of a method.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly users = new Map<string, { tz: string; is_admin?: boolean; real_name?: string; locale?: string }>();
  /**
   * Channels Slack knows, as Thrice meets them: a post where the bot is not a member fails
   * `not_in_channel`; joining a private one fails as Slack does. Channels not listed accept posts.
   */
  readonly channels = new Map<
    string,
    { isPrivate?: boolean; archived?: boolean; gone?: boolean; member: boolean }
  >();
  /** Messages posted per channel, with metadata, for conversations.history. */
  readonly history = new Map<string, { ts: string; metadata?: unknown }[]>();
  private readonly failures = new Map<string, Answer[]>();
  /**
   * Milliseconds a method waits before it is answered (e.g. `chat.postMessage` 20 ms, so sending
   * is still in progress when a test kills Thrice). Keyed by method, or by the first path segment
   * (`respond` for response_url posts).
   */
  readonly delays = new Map<string, number>();
  private server: Server | null = null;
  /** chat.postMessage's rate limit, when a test set one (limitPosts). */
  private postLimit: { perSecond: number; now: () => number; tokens: number; at: number } | null = null;
  /** chat.postMessage calls answered 429 by the rate limit. */
  rateLimited = 0;
  /** The Socket Mode WebSocket URL, once `startSocketMode` ran. */
  socketUrl = '';
  private socketServer: WebSocketServer | null = null;
  private readonly sockets = new Set<WebSocket>();
  /** Envelope acks the Socket Mode client sent back. */
  readonly acks: { envelope_id: string; payload?: unknown }[] = [];
  private ts = 1_700_000_000;
  /** Files announced by files.getUploadURLExternal, by id: what was promised and what arrived. */
  private readonly uploads = new Map<
    string,
    { filename: string; length: number; content: string | null; bytes: Buffer | null }
  >();
  /** Files completed with files.completeUploadExternal, in order. */
  readonly sharedFiles: SharedFile[] = [];
  url = '';

  /** The Web API base to give Bolt as `slackApiUrl`. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** The next calls of `method` get these answers, in order. */
  failNext(method: string, ...answers: Answer[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...answers]);
  }

  /**
   * Limits chat.postMessage as Slack does: a token bucket of `perSecond` holding one second of
   * posts, measured on `now` (a test's manual clock); over it HTTP 429 with Retry-After.
   */
  limitPosts(perSecond: number, now: () => number): void {
    this.postLimit = { perSecond, now, tokens: perSecond, at: now() };
  }

  /** Seconds until the next post is allowed, or 0 when one is allowed now (and taken). */
  private takePost(): number {
    const limit = this.postLimit;
    if (limit === null) return 0;
    const now = limit.now();
    limit.tokens = Math.min(
      limit.perSecond,
      limit.tokens + (Math.max(0, now - limit.at) / 1000) * limit.perSecond,
    );
    limit.at = Math.max(limit.at, now);
    if (limit.tokens >= 1) {
      limit.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - limit.tokens) / limit.perSecond));
  }

  /** Calls of one method, oldest first. */
  callsOf(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Listens on `port` (default: any free one); a test that starts Thrice first passes the port it was given. */
  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Serves Socket Mode: hello on connect, records acks. */
  async startSocketMode(): Promise<void> {
    this.socketServer = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.socketServer?.on('listening', resolve));
    this.socketUrl = `ws://127.0.0.1:${(this.socketServer.address() as AddressInfo).port}/link`;
    this.socketServer.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (raw) => this.acks.push(JSON.parse(raw.toString())));
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }));
    });
  }

  /** Whether a Socket Mode client is connected. */
  get socketConnected(): boolean {
    return this.sockets.size > 0;
  }

  /** Sends a Socket Mode envelope (e.g. a slash command) to the connected client. */
  sendEnvelope(envelope: { envelope_id: string; type: string; payload: unknown }): void {
    for (const socket of this.sockets)
      socket.send(JSON.stringify({ accepts_response_payload: true, ...envelope }));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    const { socketServer, server } = this;
    this.socketServer = null;
    this.server = null;
    if (socketServer) await new Promise<void>((resolve) => socketServer.close(() => resolve()));
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString();
    const path = (req.url ?? '').split('?')[0] ?? '';
    const method = path.startsWith('/api/') ? path.slice('/api/'.length) : path.slice(1);
    const args: Record<string, unknown> = {};
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.includes('json')) {
      Object.assign(args, raw === '' ? {} : JSON.parse(raw));
    } else if (contentType.startsWith('multipart/form-data')) {
      // The file bytes of an upload (step 2 of files.uploadV2), posted as a form field.
      const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
      // A file part stays bytes: an image would not survive a round trip through text.
      for (const [key, value] of form)
        args[key] = typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer());
    } else {
      for (const [key, value] of new URLSearchParams(raw)) {
        args[key] =
          JSON_FIELDS.includes(key) && (value.startsWith('[') || value.startsWith('{'))
            ? JSON.parse(value)
            : value;
      }
    }
    const auth = req.headers.authorization;
    this.calls.push({ method, args, token: auth ? auth.replace(/^Bearer /, '') : null });
    const delay = this.delays.get(method) ?? this.delays.get(method.split('/')[0] ?? '');
    if (delay !== undefined && delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const queued = this.failures.get(method);
    let answer = queued?.shift();
    if (answer === undefined && method === 'chat.postMessage') {
      const wait = this.takePost();
      if (wait > 0) {
        this.rateLimited += 1;
        answer = {
          status: 429,
          body: { ok: false, error: 'ratelimited' },
          headers: { 'retry-after': String(wait) },
        };
      }
    }
    answer ??= this.answer(method, args);
    const text = typeof answer.body === 'string';
    res.writeHead(answer.status, {
      'content-type': text ? 'text/plain' : 'application/json',
      ...answer.headers,
    });
    res.end(text ? answer.body : JSON.stringify(answer.body));
  }

  private answer(method: string, args: Record<string, unknown>): Answer {
    const ok = (body: object = {}) => ({ status: 200, body: { ok: true, ...body } });
    const fail = (error: string) => ({ status: 200, body: { ok: false, error } });
    switch (method) {
      case 'auth.test':
        return ok({
          url: 'https://acme.slack.com/',
          team: 'Acme',
          user: 'thrice',
          team_id: 'T1',
          user_id: 'UBOT',
          bot_id: 'B1',
        });
      case 'oauth.v2.access': {
        // "code-T2" installs into team T2 with bot token xoxb-T2.
        const team = String(args.code).replace(/^code-/, '');
        return ok({
          app_id: 'A1',
          authed_user: { id: `UINST${team}` },
          scope: 'commands,chat:write,im:write,im:history,users:read,files:write,channels:join',
          token_type: 'bot',
          access_token: `xoxb-${team}`,
          bot_user_id: 'UBOT',
          team: { id: team, name: `Team ${team}` },
          enterprise: null,
          is_enterprise_install: false,
        });
      }
      case 'apps.connections.open':
        return ok({ url: this.socketUrl });
      case 'users.info': {
        const id = String(args.user);
        const user = this.users.get(id) ?? { tz: 'UTC' };
        return ok({
          user: {
            id,
            name: id.toLowerCase(),
            real_name: user.real_name ?? id,
            tz: user.tz,
            // Slack sends the locale only when asked (include_locale).
            ...(user.locale !== undefined && String(args.include_locale) === 'true'
              ? { locale: user.locale }
              : {}),
            is_admin: user.is_admin ?? false,
            profile: {},
          },
        });
      }
      case 'conversations.open':
        return ok({ channel: { id: `D${String(args.users)}` } });
      case 'conversations.join': {
        const id = String(args.channel);
        const known = this.channels.get(id);
        if (known?.gone === true) return fail('channel_not_found');
        if (known?.archived === true) return fail('is_archived');
        if (known?.isPrivate === true) return fail('method_not_supported_for_channel_type');
        this.channels.set(id, { ...known, member: true });
        return ok({ channel: { id, is_member: true } });
      }
      case 'chat.postMessage': {
        const channel = String(args.channel);
        const known = this.channels.get(channel);
        if (known?.gone === true) return fail('channel_not_found');
        if (known !== undefined && !known.member) return fail('not_in_channel');
        this.ts += 1;
        const ts = `${this.ts}.000100`;
        this.history.set(channel, [{ ts, metadata: args.metadata }, ...(this.history.get(channel) ?? [])]);
        return ok({ channel, ts, message: { ts, text: args.text } });
      }
      case 'chat.postEphemeral': {
        // Slack refuses an ephemeral post where the bot cannot post: a channel it is not in, a
        // channel that is gone, or a DM between other people (channels listed as gone).
        const channel = String(args.channel);
        const known = this.channels.get(channel);
        if (known?.gone === true) return fail('channel_not_found');
        if (known !== undefined && !known.member) return fail('not_in_channel');
        this.ts += 1;
        return ok({ message_ts: `${this.ts}.000200` });
      }
      case 'chat.update':
        return ok({ channel: args.channel, ts: args.ts, text: args.text });
      case 'conversations.history':
        return ok({ messages: this.history.get(String(args.channel)) ?? [], has_more: false });
      case 'views.open':
      case 'views.publish':
      case 'views.update': {
        // Slack refuses a view of more than 100 blocks, or whose block ids repeat.
        const blocks = ((args.view as { blocks?: { block_id?: string }[] } | undefined)?.blocks ?? []).filter(
          (block) => typeof block === 'object' && block !== null,
        );
        const ids = blocks.flatMap((block) => (block.block_id === undefined ? [] : [block.block_id]));
        if (blocks.length > 100 || new Set(ids).size !== ids.length) return fail('invalid_blocks');
        return ok({ view: { id: 'V1' } });
      }
      case 'files.getUploadURLExternal': {
        const id = `F${this.uploads.size + 1}`;
        this.uploads.set(id, {
          filename: String(args.filename),
          length: Number(args.length),
          content: null,
          bytes: null,
        });
        return ok({ upload_url: `${this.url}/upload/${id}`, file_id: id });
      }
      case 'files.completeUploadExternal': {
        const files = (args.files ?? []) as { id: string; title?: string }[];
        const channel = typeof args.channel_id === 'string' ? args.channel_id : null;
        for (const file of files) {
          const upload = this.uploads.get(file.id);
          if (upload?.content == null || upload.bytes === null)
            return { status: 200, body: { ok: false, error: 'file_not_found' } };
          this.sharedFiles.push({
            id: file.id,
            filename: upload.filename,
            title: file.title ?? upload.filename,
            channel,
            initialComment: typeof args.initial_comment === 'string' ? args.initial_comment : null,
            content: upload.content,
            bytes: upload.bytes,
          });
        }
        return ok({ files: files.map((file) => ({ id: file.id, title: file.title })) });
      }
      default:
        if (method.startsWith('upload/')) {
          // Slack's upload URL answers plain text; only a 200 counts as success.
          const upload = this.uploads.get(method.slice('upload/'.length));
          if (upload === undefined) return { status: 404, body: 'not found' };
          const sent = args.body ?? args.file ?? '';
          const bytes = Buffer.isBuffer(sent) ? sent : Buffer.from(String(sent));
          if (bytes.length !== upload.length) return { status: 400, body: 'length mismatch' };
          upload.content = bytes.toString();
          upload.bytes = bytes;
          return { status: 200, body: `OK - ${upload.length}` };
        }
        // response_url posts (any other path) and other methods just succeed.
        return ok();
    }
  }
}

/** Signs and POSTs a body to Bolt's receiver the way Slack does. */
export async function postSigned(
  url: string,
  body: string,
  signingSecret: string,
  options: {
    timestamp?: number;
    contentType?: string;
    tamper?: boolean;
    retryNum?: number;
    signal?: AbortSignal;
  } = {},
): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${options.tamper ? digest.replace(/.$/, (c) => (c === '0' ? '1' : '0')) : digest}`,
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(url, {
    method: 'POST',
    headers,
    body,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}

/** A slash command's form body. */
export function commandBody(fields: {
  text: string;
  user?: string;
  team?: string;
  responseUrl: string;
  triggerId?: string;
}): string {
  return new URLSearchParams({
    command: '/promise',
    text: fields.text,
    team_id: fields.team ?? 'T1',
    team_domain: 'acme',
    channel_id: 'C0',
    user_id: fields.user ?? 'U1',
    user_name: (fields.user ?? 'U1').toLowerCase(),
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? `trig-${Math.random().toString(36).slice(2)}`,
    api_app_id: 'A1',
  }).toString();
}

/** An interaction payload's form body (any JSON: Slack's own, or a null a test sends on purpose). */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/**
 * The block_actions variants Slack really sends, beyond a click on a plain message:
 * - `message`: a click on a message the bot posted (channel, container and message set);
 * - `ephemeral`: a click on an ephemeral reply — Slack sends no `message`;
 * - `app_home`: a click in the Home tab — `channel` null, no `message`, no `response_url`,
 *   a `view` of type home instead;
 * - `org_install`: an org-wide install — `team` null, the workspace only in `user.team_id`,
 *   with `enterprise` set;
 * - `no_user_name`: `user` without `name` or `username`;
 * - `no_team`: neither `team` nor `user.team_id` (nothing says which workspace it came from).
 */
export type BlockActionsShape =
  | 'message'
  | 'ephemeral'
  | 'app_home'
  | 'org_install'
  | 'no_user_name'
  | 'no_team';

/** A block_actions payload of the given shape for one action. */
export function blockActionsPayload(options: {
  action: Record<string, unknown>;
  shape?: BlockActionsShape;
  user?: string;
  team?: string;
  responseUrl?: string;
  blocks?: unknown[];
  triggerId?: string;
  messageTs?: string;
  /** The Home view's private_metadata and hash (`app_home` only). */
  viewMetadata?: string;
  viewHash?: string;
}): Record<string, unknown> {
  const shape = options.shape ?? 'message';
  const team = options.team ?? 'T1';
  const user = options.user ?? 'U1';
  const ts = options.messageTs ?? '1700000000.000100';
  const base: Record<string, unknown> = {
    type: 'block_actions',
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: options.triggerId ?? `trig-${Math.random().toString(36).slice(2)}`,
    team: { id: team, domain: 'acme' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: team },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: 'D1', name: 'directmessage' },
    container: { type: 'message', message_ts: ts, channel_id: 'D1', is_ephemeral: false },
    message: { type: 'message', ts, user: 'UBOT', text: 'Thrice', blocks: options.blocks ?? [] },
    state: { values: {} },
    response_url: options.responseUrl ?? 'https://hooks.slack.invalid/none',
    actions: [{ action_ts: `${Date.now() / 1000}`, ...options.action }],
  };
  switch (shape) {
    case 'message':
      return base;
    case 'ephemeral': {
      const { message: _message, ...rest } = base;
      return {
        ...rest,
        container: { type: 'message', message_ts: ts, channel_id: 'D1', is_ephemeral: true },
      };
    }
    case 'app_home': {
      const { message: _message, response_url: _url, ...rest } = base;
      return {
        ...rest,
        channel: null,
        container: { type: 'view', view_id: 'VHOME' },
        view: {
          id: 'VHOME',
          team_id: team,
          type: 'home',
          blocks: options.blocks ?? [],
          private_metadata: options.viewMetadata ?? '',
          callback_id: '',
          state: { values: {} },
          hash: options.viewHash ?? '1700000000.abc',
          app_id: 'A1',
          bot_id: 'B1',
        },
      };
    }
    case 'org_install':
      return {
        ...base,
        team: null,
        enterprise: { id: 'E1', name: 'Acme Group' },
        is_enterprise_install: true,
      };
    case 'no_user_name':
      return { ...base, user: { id: user, team_id: team } };
    case 'no_team':
      return { ...base, team: null, user: { id: user, name: user.toLowerCase() } };
  }
}

/**
 * The `app_home_opened` event Slack sends when a member opens Thrice's Home tab, as an Events API
 * JSON body; `view` is the Home view Slack holds from the last publish (absent on the first open).
 */
export function appHomeOpenedBody(options: {
  user?: string;
  team?: string;
  eventId?: string;
  view?: { id: string; private_metadata: string; hash: string };
}): string {
  const team = options.team ?? 'T1';
  return JSON.stringify({
    type: 'event_callback',
    token: 'legacy-verification-token',
    team_id: team,
    api_app_id: 'A1',
    event_id: options.eventId ?? `Ev${Math.random().toString(36).slice(2)}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'app_home_opened',
      user: options.user ?? 'U1',
      channel: 'D1',
      tab: 'home',
      event_ts: `${Date.now() / 1000}`,
      ...(options.view === undefined
        ? {}
        : { view: { ...options.view, team_id: team, type: 'home', blocks: [], app_id: 'A1', bot_id: 'B1' } }),
    },
    authorizations: [{ team_id: team, user_id: 'UBOT', is_bot: true }],
  });
}

/**
 * A view_submission of the promise form. `orgInstall` sends it as an org-wide install does
 * (`team` null, the workspace in `view.app_installed_team_id` and `user.team_id`); a missing
 * `privateMetadata` leaves the field out, as Slack does for views opened without it.
 */
export function viewSubmissionPayload(options: {
  values: Record<string, Record<string, unknown>>;
  user?: string;
  team?: string;
  privateMetadata?: string;
  orgInstall?: boolean;
  triggerId?: string;
}): Record<string, unknown> {
  const team = options.team ?? 'T1';
  const user = options.user ?? 'U1';
  return {
    type: 'view_submission',
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: options.triggerId ?? `trig-${Math.random().toString(36).slice(2)}`,
    team: options.orgInstall ? null : { id: team, domain: 'acme' },
    enterprise: options.orgInstall ? { id: 'E1', name: 'Acme Group' } : null,
    is_enterprise_install: options.orgInstall === true,
    user: { id: user, username: user.toLowerCase(), team_id: team },
    view: {
      id: 'VFORM',
      team_id: team,
      type: 'modal',
      callback_id: 'thrice_promise_form',
      ...(options.privateMetadata === undefined ? {} : { private_metadata: options.privateMetadata }),
      ...(options.orgInstall ? { app_installed_team_id: team } : {}),
      state: { values: options.values },
      hash: '1700000000.def',
      root_view_id: 'VFORM',
      previous_view_id: null,
      app_id: 'A1',
      bot_id: 'B1',
    },
    response_urls: [],
  };
}
