import { Client, Events, GatewayIntentBits, Partials, Status } from 'discord.js';
import type { Logger } from 'pino';
import { Agent } from 'undici';
import type { DiscordConfig } from '../../src/config.ts';
import type { Limits } from '../../src/core/limits.ts';
import { PLATFORM_TIMEOUT_MS } from '../../src/core/ports/delivery.ts';
import type { InboundPort } from '../../src/core/ports/inbound.ts';
import type { PlatformAdapter } from '../../src/core/ports/platform.ts';
import { createDiscordDelivery } from './delivery.ts';
import { registerListeners } from './listeners.ts';

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
  /** Logs in and resolves once the gateway is ready. */
  start(): Promise<void>;
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
  registerListeners(client, options);
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  return {
    platform: 'discord',
    servesHttp: false,
    delivery: createDiscordDelivery(client.rest, timeoutMs),
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
