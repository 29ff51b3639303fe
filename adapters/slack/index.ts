import { Server } from 'node:http';
import { App, type Logger as BoltLogger, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';
import type { CommandHandler } from '../../src/app/command-handler.ts';
import type { SlackConfig } from '../../src/config.ts';
import type { DeliveryPort } from '../../src/core/delivery.ts';
import type { Store } from '../../src/core/ports.ts';
import { createSlackDelivery } from './delivery.ts';
import { registerListeners } from './listeners.ts';

/** Everything the Slack adapter needs. */
export interface SlackAdapterOptions {
  config: Extract<SlackConfig, { mode: 'single' }>;
  handler: CommandHandler;
  store: Store;
  log: Logger;
  /** HTTP port for `/slack/events` and `/healthz` (ignored in Socket Mode). */
  port: number;
}

/** Thrice on Slack: the Bolt app, its delivery port, and its life cycle. */
export interface SlackAdapter {
  readonly delivery: DeliveryPort;
  /** Starts receiving; resolves with the bound HTTP port (null in Socket Mode). */
  start(): Promise<number | null>;
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

/** Creates the Slack adapter for one workspace (bot token), over HTTP or Socket Mode. */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, log } = options;
  const logger = boltLogger(log);
  const clientOptions = {
    ...(config.apiUrl === undefined ? {} : { slackApiUrl: config.apiUrl }),
    // The outbox decides when to retry; the client must not wait out 429s on its own.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  };
  const app =
    config.appToken === undefined
      ? new App({
          token: config.botToken,
          receiver: new HTTPReceiver({
            signingSecret: config.signingSecret,
            logger,
            customRoutes: [
              {
                path: '/healthz',
                method: ['GET'],
                handler: (_req, res) => {
                  res.writeHead(200, { 'content-type': 'application/json' });
                  res.end('{"ok":true}');
                },
              },
            ],
          }),
          clientOptions,
          logger,
        })
      : new App({
          token: config.botToken,
          appToken: config.appToken,
          socketMode: true,
          clientOptions,
          logger,
        });
  registerListeners(app, options);
  app.error(async (error) => {
    log.error({ err: error }, 'slack handler failed');
  });
  return {
    delivery: createSlackDelivery(app.client),
    async start() {
      const server = await app.start(options.port);
      const address = server instanceof Server ? server.address() : null;
      const port = typeof address === 'object' && address !== null ? address.port : null;
      log.info({ port: port ?? 'socket mode' }, 'slack adapter started');
      return port;
    },
    async stop() {
      await app.stop();
    },
  };
}
