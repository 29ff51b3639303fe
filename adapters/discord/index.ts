import {
  type APIUser,
  Client,
  ClientUser,
  Events,
  GatewayIntentBits,
  Partials,
  Routes,
  Status,
} from 'discord.js';
import type { Logger } from 'pino';
import { Agent } from 'undici';
import type { DiscordConfig } from '../../src/config.ts';
import type { Limits } from '../../src/core/limits.ts';
import { PLATFORM_TIMEOUT_MS } from '../../src/core/ports/delivery.ts';
import type { InboundPort } from '../../src/core/ports/inbound.ts';
import type { PlatformAdapter } from '../../src/core/ports/platform.ts';
import type { OpsRoute } from '../../src/runtime/ops-server.ts';
import { createDiscordDelivery } from './delivery.ts';
import { httpInteractionsRoute } from './http-interactions.ts';
import { interactionHandler, registerListeners } from './listeners.ts';

/** Everything the Discord adapter needs. */
export interface DiscordAdapterOptions {
  config: DiscordConfig;
  inbound: InboundPort;
  log: Logger;
  /** The operator's limits, for the form's max lengths (DEFAULT_LIMITS when not given). */
  limits?: Limits;
  /** The longest one Discord call may take (PLATFORM_TIMEOUT_MS when not given; tests shorten it). */
  timeoutMs?: number;
}

/** Thrice on Discord: the gateway client, its delivery port, and its life cycle. */
export interface DiscordAdapter extends PlatformAdapter {
  readonly platform: 'discord';
  /** Logs in and resolves once the gateway is ready (with HTTP interactions: at once, no gateway). */
  start(): Promise<void>;
  /**
   * What it serves on the public port: with DISCORD_INTERACTIONS=http, the route Discord POSTs
   * interactions to (DISCORD_INTERACTIONS_PATH); none on the gateway.
   */
  readonly routes: readonly OpsRoute[];
}

/** The REST options shared by the client and the register script. */
export function restOptions(config: Pick<DiscordConfig, 'apiUrl'>) {
  return {
    ...(config.apiUrl === undefined ? {} : { api: config.apiUrl }),
    // The outbox's sends must not wait out a 429 silently: it reschedules them itself.
    rejectOnRateLimit: ['/channels', '/users'],
    // A request Discord leaves unanswered fails instead of holding its caller (and a delivery's claim).
    timeout: PLATFORM_TIMEOUT_MS,
  };
}

/** Creates the Discord adapter: slash commands in, DMs and channel posts out, mentions always off. */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const { config, log } = options;
  const timeoutMs = options.timeoutMs ?? PLATFORM_TIMEOUT_MS;
  // discord.js's own HTTP agent, not the process-wide one: Slack's Socket Mode client loads a newer
  // undici that installs itself under the same global key, and discord.js's file uploads (the
  // export) then failed inside it ("action is not a function") in a process serving both.
  const agent = new Agent();
  const client = new Client({
    // Interactions arrive without privileged intents; Guilds gives guild names for workspaces.
    intents: [GatewayIntentBits.Guilds],
    // Digest and nudge presses come from DMs, whose interactions resolve their channel only with
    // this partial. The listeners answer through the interaction and never need it, so a DM press
    // works either way (test/discord/discord-dm.test.ts).
    partials: [Partials.Channel],
    allowedMentions: { parse: [] },
    rest: { ...restOptions(config), timeout: timeoutMs, agent },
    // discord.js's own sharding: every shard Discord recommends here, or the ids this instance was
    // given (DISCORD_SHARD_IDS of DISCORD_SHARD_COUNT) while other instances run the rest.
    ...(config.shards === 'auto'
      ? { shards: 'auto' as const }
      : { shards: [...config.shards.ids], shardCount: config.shards.count }),
  });
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  const delivery = createDiscordDelivery(client.rest, timeoutMs);
  const interactions = config.interactions ?? { mode: 'gateway' };
  if (interactions.mode === 'http') {
    // No gateway: interactions come over HTTP, and everything Thrice sends (answers, DMs,
    // roundups) goes over REST with the bot token, which login would otherwise set.
    client.rest.setToken(config.token);
    const route = httpInteractionsRoute({
      client,
      publicKey: interactions.publicKey,
      handle: interactionHandler(options),
      log,
    });
    // The bot's own user, which READY gives on the gateway: discord.js finds a member's DM
    // channel by it (the welcome DM). Asked for at start, and again until Discord answers.
    let retry: NodeJS.Timeout | undefined;
    let problem: string | null = 'bot user not fetched yet';
    const knowBotUser = async () => {
      try {
        const data = (await client.rest.get(Routes.user())) as APIUser;
        // ClientUser's constructor is discord.js's own (READY makes it the same way).
        const user = new (ClientUser as unknown as new (client: Client, data: APIUser) => ClientUser)(
          client,
          data,
        );
        client.user = user;
        client.users.cache.set(user.id, user);
        problem = null;
        log.info(
          { user: user.id, path: route.path },
          'discord adapter ready: interactions over HTTP, no gateway',
        );
      } catch (error) {
        problem = `bot user not fetched: ${error instanceof Error ? error.message : String(error)}`;
        log.warn({ err: error }, 'discord: the bot user could not be fetched; retrying in 5 s');
        retry = setTimeout(() => void knowBotUser(), 5_000);
        retry.unref();
      }
    };
    return {
      platform: 'discord',
      servesHttp: false,
      routes: [route],
      delivery,
      start: knowBotUser,
      // No connection to keep: each interaction is a request of its own. Ready once the bot user is known.
      connectionProblem: () => problem,
      async stop() {
        clearTimeout(retry);
        await client.destroy();
        await agent.close();
      },
    };
  }
  registerListeners(client, options);
  return {
    platform: 'discord',
    servesHttp: false,
    routes: [],
    delivery,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(config.token);
      await ready;
      log.info(
        {
          user: client.user?.id,
          shards: [...client.ws.shards.keys()],
          shardCount: client.options.shardCount,
        },
        'discord adapter ready',
      );
    },
    connectionProblem() {
      if (client.ws.status !== Status.Ready) return `gateway ${Status[client.ws.status].toLowerCase()}`;
      // Once ready, the manager's own status stays so; a shard that dropped says so itself.
      const down = [...client.ws.shards.values()].filter((shard) => shard.status !== Status.Ready);
      return down.length === 0
        ? null
        : down.map((shard) => `gateway shard ${shard.id} ${Status[shard.status].toLowerCase()}`).join(', ');
    },
    async stop() {
      await client.destroy();
      await agent.close();
    },
  };
}
