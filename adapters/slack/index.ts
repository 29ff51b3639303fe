import { Server } from 'node:http';
import {
  App,
  type AppOptions,
  type Logger as BoltLogger,
  type CustomRoute,
  LogLevel,
  type SocketModeReceiver,
} from '@slack/bolt';
import type { Logger } from 'pino';
import type { CommandHandler } from '../../src/app/command-handler.ts';
import type { SlackConfig } from '../../src/config.ts';
import { type DeliveryPort, PLATFORM_TIMEOUT_MS } from '../../src/core/delivery.ts';
import type { Limits } from '../../src/core/limits.ts';
import type { InstallationRepository, Store } from '../../src/core/ports.ts';
import { createSlackDelivery } from './delivery.ts';
import { slackInstallationStore } from './installation-store.ts';
import { registerListeners } from './listeners.ts';

/** The bot scopes Thrice asks for; the manifest lists the same. */
export const SLACK_SCOPES = [
  'commands',
  'chat:write',
  'im:write',
  'im:history',
  'users:read',
  // `/promise export` uploads the member's files to their DM with the bot.
  'files:write',
] as const;

/** Everything the Slack adapter needs. */
export interface SlackAdapterOptions {
  config: SlackConfig;
  handler: CommandHandler;
  store: Store;
  /** Where "Add to Slack" installations live (OAuth mode). */
  installations: InstallationRepository;
  log: Logger;
  /** HTTP port for `/slack/events`, the install pages and `routes` (ignored in Socket Mode). */
  port: number;
  /** More routes for the same HTTP server: `/healthz`, `/readyz`, `/metrics`. */
  routes?: readonly CustomRoute[];
  /** The operator's limits, for the form's max lengths (DEFAULT_LIMITS when not given). */
  limits?: Limits;
  /** The longest one Slack Web API call may take (PLATFORM_TIMEOUT_MS when not given). */
  timeoutMs?: number;
}

/** Thrice on Slack: the Bolt app, its delivery port, and its life cycle. */
export interface SlackAdapter {
  readonly delivery: DeliveryPort;
  /** Whether Slack's requests come over our HTTP port (false in Socket Mode). */
  readonly servesHttp: boolean;
  /** Starts receiving; resolves with the bound HTTP port (null in Socket Mode). */
  start(): Promise<number | null>;
  /** Readiness: null when receiving, else why not. */
  connectionProblem(): string | null;
  stop(): Promise<void>;
}

/** Bolt's logger interface over pino, so Bolt's lines are structured like ours. */
function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let level = LogLevel.WARN;
  return {
    debug: (...msg) => child.debug(msg.join(' ')),
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

/**
 * Creates the Slack adapter: one workspace with a bot token, or many through OAuth with the
 * installations in our database; over HTTP, or Socket Mode when an app token is set.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, log } = options;
  const logger = boltLogger(log);
  const clientOptions = {
    ...(config.apiUrl === undefined ? {} : { slackApiUrl: config.apiUrl }),
    // The outbox decides when to retry; the client must not wait out 429s on its own.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    // A slow Slack must never outlive the claim lease of the delivery it carries. Bolt hands these
    // options to every client it makes: app.client, the per-team clients of listeners, the OAuth
    // install provider's and the Socket Mode client's.
    timeout: options.timeoutMs ?? PLATFORM_TIMEOUT_MS,
  };
  const installationStore = slackInstallationStore(options.installations);
  const auth: AppOptions =
    config.mode === 'single'
      ? { token: config.botToken }
      : {
          clientId: config.clientId,
          clientSecret: config.clientSecret,
          stateSecret: config.stateSecret,
          scopes: [...SLACK_SCOPES],
          installationStore,
          installerOptions: { directInstall: true },
        };
  const servesHttp = config.appToken === undefined;
  const transport: AppOptions =
    config.appToken === undefined
      ? { customRoutes: [...(options.routes ?? [])] }
      : { socketMode: true, appToken: config.appToken };
  const app = new App({ signingSecret: config.signingSecret, clientOptions, logger, ...auth, ...transport });
  let receiving = false;
  if (!servesHttp) {
    // Bolt keeps its Socket Mode receiver private; its client's life-cycle events tell readiness.
    const socket = (app as unknown as { receiver: SocketModeReceiver }).receiver.client;
    socket.on('connected', () => {
      receiving = true;
    });
    for (const lost of ['reconnecting', 'disconnecting', 'disconnected'])
      socket.on(lost, () => {
        receiving = false;
      });
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
    log.error({ err: error }, 'slack handler failed');
  });
  return {
    delivery: createSlackDelivery(app.client, tokenFor),
    servesHttp,
    async start() {
      const server = await app.start(options.port);
      const address = server instanceof Server ? server.address() : null;
      const port = typeof address === 'object' && address !== null ? address.port : null;
      if (servesHttp) receiving = true;
      log.info({ port: port ?? 'socket mode', mode: config.mode }, 'slack adapter started');
      return port;
    },
    connectionProblem() {
      if (receiving) return null;
      return servesHttp ? 'not listening' : 'socket mode not connected';
    },
    async stop() {
      receiving = false;
      await app.stop();
    },
  };
}
