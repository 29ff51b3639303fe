import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  App,
  type AppOptions,
  type Logger as BoltLogger,
  type BufferedIncomingMessage,
  ErrorCode,
  HTTPModuleFunctions,
  HTTPReceiver,
  LogLevel,
  SocketModeReceiver,
  verifySlackRequest,
  webApi,
} from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackConfig } from '../../src/config.ts';
import type { Limits } from '../../src/core/limits.ts';
import { PLATFORM_TIMEOUT_MS } from '../../src/core/ports/delivery.ts';
import type { InboundPort } from '../../src/core/ports/inbound.ts';
import type { InstallationRepository } from '../../src/core/ports/installations.ts';
import type { PlatformAdapter } from '../../src/core/ports/platform.ts';
import { createSlackDelivery } from './delivery.ts';
import { slackInstallationStore } from './installation-store.ts';
import { registerListeners } from './listeners.ts';
import { registerOnboarding } from './onboarding.ts';

/** The bot scopes Thrice asks for; the manifest lists the same. */
export const SLACK_SCOPES = [
  'commands',
  'chat:write',
  'im:write',
  'im:history',
  'users:read',
  // `/promise export` uploads the member's files to their DM with the bot.
  'files:write',
  // The accountability channel: Thrice joins a public one itself instead of failing `not_in_channel`.
  'channels:join',
] as const;

/** Where Slack sends commands, interactions and events. */
const EVENTS_PATH = '/slack/events';

/** How the start-up connection to Slack backs off while Slack cannot be reached. */
export interface ReconnectPolicy {
  /** Wait before the second attempt; each further wait doubles. */
  firstDelayMs: number;
  /** The longest wait between two attempts. */
  maxDelayMs: number;
}

const DEFAULT_RECONNECT = { firstDelayMs: 1_000, maxDelayMs: 30_000 } as const satisfies ReconnectPolicy;

/** A GET route served beside Slack's (the ops endpoints): the shape of the runtime's OpsRoute. */
export interface HttpRoute {
  path: string;
  method: readonly string[];
  handler(req: IncomingMessage, res: ServerResponse): void;
}

/** Everything the Slack adapter needs. */
export interface SlackAdapterOptions {
  config: SlackConfig;
  inbound: InboundPort;
  /** Where "Add to Slack" installations live (OAuth mode). */
  installations: InstallationRepository;
  log: Logger;
  /** HTTP port for `/slack/events`, the install pages and `routes` (ignored in Socket Mode). */
  port: number;
  /** More routes for the same HTTP server, e.g. `/healthz` (ignored in Socket Mode). */
  routes?: readonly HttpRoute[];
  /** The operator's limits, for the form's max lengths (DEFAULT_LIMITS when not given). */
  limits?: Limits;
  /** The longest one Slack Web API call may take (PLATFORM_TIMEOUT_MS when not given). */
  timeoutMs?: number;
  /** Backoff while Slack cannot be reached at start-up (1 s doubling to 30 s when not given). */
  reconnect?: ReconnectPolicy;
}

/** Thrice on Slack: the Bolt app, its delivery port, and its life cycle. */
export interface SlackAdapter extends PlatformAdapter {
  readonly platform: 'slack';
  /** Whether Slack's requests come over our HTTP port (false in Socket Mode). */
  readonly servesHttp: boolean;
  /**
   * Starts receiving and resolves with the bound HTTP port (null in Socket Mode). An unreachable
   * Slack does not fail it: the adapter keeps trying with backoff and reports not ready meanwhile.
   */
  start(): Promise<number | null>;
  /** Readiness: null when Slack is reachable and requests can arrive, else why not. */
  connectionProblem(): string | null;
  stop(): Promise<void>;
}

/**
 * Bolt's logger interface over pino, so Bolt's lines are structured like ours. Bolt's and its Web
 * API client's debug lines are dropped even at LOG_LEVEL=debug: they carry whole request bodies,
 * and so what members typed.
 */
function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let level = LogLevel.WARN;
  return {
    debug: () => {},
    info: (...msg) => child.info(msg.join(' ')),
    warn: (...msg) => child.warn(msg.join(' ')),
    error: (...msg) => child.error(msg.join(' ')),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/** A short reason an operator can act on, for /readyz and the logs. */
function describeFailure(error: unknown): string {
  if (error instanceof webApi.WebAPIPlatformError) return `Slack answered ${String(error.data.error)}`;
  if (error instanceof webApi.WebAPIHTTPError) return `Slack answered HTTP ${error.statusCode}`;
  if (error instanceof webApi.WebAPIRequestError) return `Slack unreachable (${error.original.message})`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Top-level fields Slack may send as null where Bolt only expects them absent: an App Home
 * click's `channel` makes Bolt read `null.id` and answer 500.
 */
const NULLABLE_FIELDS = ['channel'] as const;

/**
 * The body Bolt should see: unchanged (null), rewritten without the nulls Bolt cannot read, or
 * 'malformed' when it is not an object at all (a signed `payload=null` would make Bolt throw
 * outside any handler and take the process down).
 */
function normalisedBody(req: BufferedIncomingMessage): Buffer | 'malformed' | null {
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(req);
  } catch {
    // Not JSON at all: Bolt answers that with a 400 itself.
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'malformed';
  const fields = body as Record<string, unknown>;
  const nulls = NULLABLE_FIELDS.filter((field) => field in fields && fields[field] === null);
  if (nulls.length === 0) return null;
  const kept = Object.fromEntries(Object.entries(fields).filter(([key]) => !nulls.some((n) => n === key)));
  const isForm = req.headers['content-type'] === 'application/x-www-form-urlencoded';
  return Buffer.from(
    isForm ? new URLSearchParams({ payload: JSON.stringify(kept) }).toString() : JSON.stringify(kept),
  );
}

/** Slack's `ssl_check=1` probe: unsigned, answered 200 and never passed on. */
function isSslCheck(req: IncomingMessage, raw: string): boolean {
  return (
    req.headers['content-type'] === 'application/x-www-form-urlencoded' &&
    new URLSearchParams(raw).get('ssl_check') === '1'
  );
}

/**
 * Creates the Slack adapter: one workspace with a bot token, or many through OAuth with the
 * installations in our database; over HTTP, or Socket Mode when an app token is set.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, log } = options;
  const logger = boltLogger(log);
  const reconnect = { ...DEFAULT_RECONNECT, ...options.reconnect };
  const clientOptions = {
    ...(config.apiUrl === undefined ? {} : { slackApiUrl: config.apiUrl }),
    logger,
    // The outbox decides when to retry; the client must not wait out 429s on its own.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    // A slow Slack must never outlive the claim lease of the delivery it carries. These options
    // reach every client: app.client, the per-team clients of listeners, the OAuth install
    // provider's and the Socket Mode client's.
    timeout: options.timeoutMs ?? PLATFORM_TIMEOUT_MS,
  };
  const installationStore = slackInstallationStore(options.installations);
  const oauth =
    config.mode === 'oauth'
      ? {
          clientId: config.clientId,
          clientSecret: config.clientSecret,
          stateSecret: config.stateSecret,
          scopes: [...SLACK_SCOPES],
          installationStore,
        }
      : {};
  const installerOptions = { directInstall: true, clientOptions };
  // Our own receivers rather than Bolt's defaults: we serve HTTP ourselves (so the port answers
  // before Slack is reachable, and bodies Bolt cannot read are refused before they reach it) and
  // the Socket Mode client's life cycle tells readiness.
  const receiver =
    config.appToken === undefined
      ? new HTTPReceiver({
          signingSecret: config.signingSecret,
          // screenEvent verifies every request to /slack/events first, with Bolt's own verifier,
          // because it may have to rewrite a body Bolt cannot read (which breaks the signature).
          signatureVerification: false,
          endpoints: [EVENTS_PATH],
          logger,
          installerOptions,
          ...oauth,
        })
      : new SocketModeReceiver({ appToken: config.appToken, logger, installerOptions, ...oauth });
  const httpReceiver = receiver instanceof HTTPReceiver ? receiver : null;
  const socketReceiver = receiver instanceof SocketModeReceiver ? receiver : null;
  const app = new App({
    receiver,
    clientOptions,
    logger,
    ...(config.mode === 'single' ? { token: config.botToken } : {}),
    // Bolt would call auth.test from its constructor and crash the process with an unhandled
    // rejection when Slack is unreachable; we initialise it ourselves, retrying with backoff.
    deferInitialization: true,
  } satisfies AppOptions);

  let stopped = false;
  /** Slack's Web API answered (auth.test for one workspace, api.test for OAuth). */
  let reachable = false;
  let lastFailure: string | null = null;
  let initialized = false;
  let socketConnected = false;
  let socketStarted = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let server: Server | null = null;

  socketReceiver?.client.on('connected', () => {
    socketConnected = true;
  });
  for (const lost of ['reconnecting', 'disconnecting', 'disconnected'])
    socketReceiver?.client.on(lost, () => {
      socketConnected = false;
    });

  /** One attempt to reach Slack: initialise Bolt, and in Socket Mode open the connection. */
  async function connectOnce(): Promise<void> {
    if (!initialized) {
      // One workspace: auth.test on the bot token. OAuth: nothing to call, so check the API answers.
      await app.init();
      if (config.mode === 'oauth') await app.client.api.test();
      initialized = true;
      reachable = true;
    }
    if (socketReceiver === null || stopped) return;
    // The receiver's first start also opens its install-page server; later tries only reconnect.
    if (socketStarted) await socketReceiver.client.start();
    else {
      socketStarted = true;
      await app.start();
    }
  }

  /** Tries to reach Slack, then keeps trying with backoff until it works or the adapter stops. */
  async function connect(attempt: number): Promise<void> {
    if (stopped) return;
    try {
      await connectOnce();
      if (attempt > 0 || lastFailure !== null) log.info({ attempt: attempt + 1 }, 'slack reachable again');
      lastFailure = null;
    } catch (error) {
      if (stopped) return;
      lastFailure = describeFailure(error);
      const delayMs = Math.min(reconnect.maxDelayMs, reconnect.firstDelayMs * 2 ** Math.min(attempt, 20));
      const refused =
        error instanceof webApi.WebAPIPlatformError &&
        ['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked'].includes(
          String(error.data.error),
        );
      log[refused ? 'error' : 'warn'](
        { err: error, attempt: attempt + 1, retryInMs: delayMs },
        refused
          ? 'slack refused the bot token; check SLACK_BOT_TOKEN. Retrying'
          : 'slack not reachable; retrying',
      );
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        void connect(attempt + 1);
      }, delayMs);
    }
  }

  /**
   * Verifies a request to /slack/events the way Bolt would (Bolt's own verifier: HMAC of the raw
   * body, timestamp at most 5 minutes old) and makes its body one Bolt can read. Answers it and
   * returns false when it must not reach Bolt.
   */
  async function screenEvent(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    let buffered: BufferedIncomingMessage;
    try {
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit);
    } catch (error) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413;
      res.writeHead(tooLarge ? 413 : 400).end();
      return false;
    }
    const raw = buffered.rawBody.toString();
    if (isSslCheck(req, raw)) {
      res.writeHead(200).end();
      return false;
    }
    try {
      verifySlackRequest({
        signingSecret: config.signingSecret,
        body: raw,
        headers: {
          'x-slack-signature': HTTPModuleFunctions.getHeader(req, 'x-slack-signature'),
          'x-slack-request-timestamp': Number(
            HTTPModuleFunctions.getHeader(req, 'x-slack-request-timestamp'),
          ),
        },
      });
    } catch (error) {
      log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'slack request refused');
      res.writeHead(401).end();
      return false;
    }
    const body = normalisedBody(buffered);
    if (body === 'malformed') {
      log.warn('signed slack request refused: its body is not an object');
      res.writeHead(400).end();
      return false;
    }
    if (body !== null) buffered.rawBody = body;
    return true;
  }

  /** The HTTP server: our routes, Slack's requests screened, then everything else to Bolt. */
  async function serve(receiver: HTTPReceiver, req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Read the path and method exactly as Bolt's receiver does, so what we screen is what it routes.
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      const route = options.routes?.find((r) => r.path === path);
      if (route !== undefined) {
        if (route.method.includes(method)) route.handler(req, res);
        else res.writeHead(405).end();
        return;
      }
      if (method === 'POST' && path === EVENTS_PATH && !(await screenEvent(req, res))) return;
      receiver.requestListener(req, res);
    } catch (error) {
      const unrouted =
        error instanceof Error &&
        'code' in error &&
        error.code === ErrorCode.HTTPReceiverDeferredRequestError;
      if (!unrouted) log.error({ err: error, path }, 'slack http request failed');
      if (!res.headersSent) res.writeHead(unrouted ? 404 : 500).end();
    }
  }

  /** The bot token for a team: the configured one, or the team's installation. */
  async function tokenFor(teamId: string): Promise<string | undefined> {
    if (config.mode === 'single') return undefined;
    const installation = await installationStore.fetchInstallation({
      teamId,
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    return installation.bot?.token;
  }

  registerListeners(app, {
    ...options,
    installerOf: async (teamId) =>
      config.mode === 'single'
        ? null
        : ((await options.installations.find('slack', teamId))?.installerId ?? null),
  });
  registerOnboarding(app, options);
  app.event('app_uninstalled', async ({ body }) => {
    await installationStore.deleteInstallation?.({
      teamId: body.team_id,
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    log.info({ teamId: body.team_id }, 'slack app uninstalled; installation removed');
  });
  app.event('tokens_revoked', async ({ body }) => {
    await installationStore.deleteInstallation?.({
      teamId: body.team_id,
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    log.info({ teamId: body.team_id }, 'slack tokens revoked; installation removed');
  });
  app.error(async (error) => {
    if (!initialized && error.code === ErrorCode.AuthorizationError) {
      log.warn('slack request dropped: Slack’s Web API has not answered yet');
      return;
    }
    log.error({ err: error }, 'slack handler failed');
  });
  return {
    platform: 'slack',
    delivery: createSlackDelivery(app.client, tokenFor),
    servesHttp: httpReceiver !== null,
    async start() {
      let port: number | null = null;
      if (httpReceiver !== null) {
        const listening = createServer((req, res) => void serve(httpReceiver, req, res));
        // Idle connections outlive their clients' and load balancers' (often 60 s): the client,
        // not Thrice, closes them, so a request never meets a socket being closed (ECONNRESET;
        // a busy test run met it at Node's default 5 s).
        listening.keepAliveTimeout = 65_000;
        listening.headersTimeout = 66_000;
        await new Promise<void>((resolve, reject) => {
          listening.once('error', reject);
          listening.listen(options.port, () => {
            listening.off('error', reject);
            resolve();
          });
        });
        server = listening;
        const address = listening.address();
        port = typeof address === 'object' && address !== null ? address.port : null;
        // The first attempt is awaited (bounded by the client timeout), so a reachable Slack is
        // ready when start resolves; Socket Mode reports through its connection events.
        await connect(0);
      } else void connect(0);
      log.info({ port: port ?? 'socket mode', mode: config.mode }, 'slack adapter started');
      return port;
    },
    connectionProblem() {
      if (stopped) return 'stopped';
      if (httpReceiver !== null) {
        if (server === null) return 'not listening';
        if (!reachable) return `connecting to Slack: ${lastFailure ?? 'first attempt in progress'}`;
        return null;
      }
      if (socketConnected) return null;
      return lastFailure === null ? 'socket mode not connected' : `socket mode not connected: ${lastFailure}`;
    },
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      if (socketReceiver !== null) {
        if (socketStarted) await app.stop();
        return;
      }
      const listening = server;
      server = null;
      if (listening === null) return;
      await new Promise<void>((resolve) => {
        listening.close(() => resolve());
        listening.closeIdleConnections();
      });
    },
  };
}
