import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DISCORD_INTERACTIONS_PATH } from '../../adapters/discord/http-interactions.ts';
import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/index.ts';
import { createInbound } from '../../src/app/inbound.ts';
import { DEFAULT_LIMITS } from '../../src/core/limits.ts';
import { startOpsServer } from '../../src/runtime/ops-server.ts';
import { planTick } from '../../src/scheduler/planner.ts';
import { drainOutbox } from '../../src/scheduler/sender.ts';
import {
  APPLICATION_ID,
  commandInteraction,
  componentInteraction,
  type DiscordRequest,
  FakeDiscord,
  publicKeyHex,
  type Sender,
} from '../support/fake-discord.ts';
import { type Driver, openWorld, testLog } from '../support/world.ts';

/** A typed option of a slash command. */
export type Option = { name: string; type: number; value: string | number | boolean; focused?: boolean };
/** Discord's option type for strings. */
export const STRING = 3;
/** The Manage Server permission, as Discord sends permissions. */
export const MANAGE_GUILD = (1n << 5n).toString();

/** Waits until the fake has received a request whose path matches (after index `from`). */
export async function requestTo(discord: FakeDiscord, pattern: RegExp, from = 0): Promise<DiscordRequest> {
  // Generous: a wait, not a speed check; a busy 2-core machine can take seconds for an export.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = discord.requests.slice(from).find((r) => pattern.test(r.path));
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(
        `no request to ${pattern}; saw ${discord.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A JSON object of a payload, loosely typed for reading. */
export type Json = Record<string, unknown>;

/** Every component of a payload, at every depth (containers, rows, sections), in order. */
export function componentsOf(body: unknown): Json[] {
  const out: Json[] = [];
  const walk = (list: unknown) => {
    for (const component of (Array.isArray(list) ? list : []) as Json[]) {
      out.push(component);
      walk(component.components);
      if (component.accessory !== undefined) walk([component.accessory]);
    }
  };
  walk((body as Json | null)?.components);
  return out;
}

/** The custom ids of a payload's buttons and menus. */
export function customIdsOf(body: unknown): string[] {
  return componentsOf(body)
    .map((c) => c.custom_id)
    .filter((id): id is string => typeof id === 'string');
}

/**
 * Every piece of a payload Discord renders as markdown: content, embed titles and descriptions,
 * text displays. Footers, labels, placeholders and choices are plain text (see plainTextsOf).
 */
export function markdownOf(body: unknown): string[] {
  const b = (body ?? {}) as Json;
  const embeds = (Array.isArray(b.embeds) ? b.embeds : []) as Json[];
  return [
    ...(typeof b.content === 'string' ? [b.content] : []),
    ...embeds.flatMap((e) => [e.title, e.description]).filter((t): t is string => typeof t === 'string'),
    ...componentsOf(b)
      .filter((c) => c.type === 10)
      .map((c) => String(c.content)),
  ];
}

/** Every piece of a payload Discord shows as plain text: embed footers, labels, placeholders, option labels. */
export function plainTextsOf(body: unknown): string[] {
  const b = (body ?? {}) as Json;
  const embeds = (Array.isArray(b.embeds) ? b.embeds : []) as Json[];
  return [
    ...embeds
      .map((e) => (e.footer as Json | undefined)?.text)
      .filter((t): t is string => typeof t === 'string'),
    ...componentsOf(b).flatMap((c) => [
      ...[c.label, c.placeholder].filter((t): t is string => typeof t === 'string'),
      ...((c.options ?? []) as Json[]).map((o) => String(o.label)),
    ]),
  ];
}

/** Markdown as a Discord user reads it: backslash escapes resolved. */
export function shown(markdown: string): string {
  return markdown.replace(/\\([^\p{L}\p{N}\s])/gu, '$1');
}

/**
 * All a payload shows, markdown resolved, as one string to search. A message with files (the
 * stats chart, the export) is a multipart body: its JSON part is what shows.
 */
export function shownText(body: unknown): string {
  const payload = (body as { payload?: unknown } | null)?.payload ?? body;
  return [...markdownOf(payload).map(shown), ...plainTextsOf(payload)].join('\n');
}

/**
 * A Discord bot wired to a fake Discord and a fresh database on `driver`: the real discord.js
 * client logged in through the fake gateway, the real inbound service and store, and helpers to
 * send interactions and run the scheduler against the adapter's delivery port. With `http`, no
 * gateway: interactions are signed and POSTed to the adapter's HTTP route on a real server, as
 * Discord does with an Interactions Endpoint URL.
 */
export async function openHarness(
  driver: Driver,
  options: { now?: string; timeoutMs?: number; commandsPerMinute?: number; http?: boolean } = {},
) {
  const discord = new FakeDiscord();
  await discord.start();
  const world = await openWorld({ driver, now: options.now ?? new Date().toISOString() });
  // The suites send far more than a minute's worth of commands as one member; the limit has its own tests.
  const inbound = createInbound({
    store: world.store,
    clock: world.clock,
    log: testLog,
    limits: { ...DEFAULT_LIMITS, commandsPerMinute: options.commandsPerMinute ?? 10_000 },
  });
  // The application's key pair: Discord signs with the private key, Thrice checks with the public one.
  const keys = generateKeyPairSync('ed25519');
  const adapter: DiscordAdapter = createDiscordAdapter({
    config: {
      token: 'bot-token',
      applicationId: APPLICATION_ID,
      apiUrl: discord.apiUrl,
      shards: 'auto',
      ...(options.http === true
        ? { interactions: { mode: 'http' as const, publicKey: publicKeyHex(keys.publicKey) } }
        : {}),
    },
    inbound,
    log: testLog,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  await adapter.start();
  const server = options.http === true ? await startOpsServer(adapter.routes, 0, testLog) : null;
  const endpoint =
    server === null
      ? ''
      : `http://127.0.0.1:${(server.address() as AddressInfo).port}${DISCORD_INTERACTIONS_PATH}`;

  /**
   * Sends an interaction the way the bot receives them (the gateway, or signed to its HTTP route)
   * and returns its first answer, as a request to the callback endpoint (recorded by the fake) or
   * as the HTTP response (recorded here in the same shape).
   */
  async function send(interaction: { id: string; token: string }, from: number): Promise<DiscordRequest> {
    if (server === null) {
      discord.dispatch('INTERACTION_CREATE', interaction);
      return requestTo(discord, new RegExp(`^/interactions/${interaction.id}/`), from);
    }
    const answer = await discord.deliver(endpoint, interaction, keys.privateKey);
    if (answer.status !== 200)
      throw new Error(`the interaction was answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return {
      method: 'POST',
      path: `/interactions/${interaction.id}/${interaction.token}/callback`,
      body: answer.body,
    };
  }

  /** Sends `/promise <sub>`; returns the first answer and, when deferred, the reply's final payload. */
  async function slash(sub: string, opts: Option[] = [], who: Parameters<typeof commandInteraction>[2] = {}) {
    const interaction = commandInteraction(sub, opts, who);
    const from = discord.requests.length;
    const callback = await send(interaction, from);
    if ((callback.body as { type: number }).type !== 5) return { callback, edit: null };
    const edit = await requestTo(
      discord,
      new RegExp(`^/webhooks/${APPLICATION_ID}/${interaction.token}/messages/@original`),
      from,
    );
    return { callback, edit: edit.body as Json };
  }

  /**
   * Presses a button (or picks `values` in a menu) on a message. The adapter acknowledges a press
   * first (a deferred update, type 6) and answers after its database work; the answer is returned
   * as what the member sees: the message updated in place (`type: 7`, its new body), or a private
   * follow-up (`type: 4`). A modal or a direct answer comes back as Discord received it. With
   * `settles: false` (a double click), only the acknowledgement is awaited.
   */
  async function press(
    customId: string,
    message: Parameters<typeof componentInteraction>[1],
    who: Sender & { values?: string[] } = {},
    { settles = true }: { settles?: boolean } = {},
  ) {
    const interaction = componentInteraction(customId, message, who);
    const from = discord.requests.length;
    const callback = await send(interaction, from);
    const body = callback.body as { type: number; data?: Json };
    if (body.type !== 6 || !settles) return body;
    const answer = await requestTo(
      discord,
      new RegExp(`^/webhooks/${APPLICATION_ID}/${interaction.token}($|/messages/@original$)`),
      from,
    );
    return { type: answer.path.endsWith('@original') ? 7 : 4, data: answer.body as Json };
  }

  /** Plans what is due at `at` and sends it through the adapter's delivery port, as a tick does. */
  async function tickAt(at: string) {
    world.clock.set(at);
    const plan = await planTick({ store: world.outbox, now: world.clock.now(), log: testLog });
    const drain = await drainOutbox({
      store: world.outbox,
      ports: new Map([['discord', adapter.delivery]]),
      clock: world.clock,
      log: testLog,
      workerId: 'test',
    });
    return { plan, drain };
  }

  return {
    discord,
    world,
    adapter,
    slash,
    press,
    tickAt,
    send,
    /** With `http`: the URL the bot serves interactions on, and the key pair Discord signs with. */
    endpoint,
    keys,
    async close() {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server === null ? resolve() : server.close(() => resolve())));
      await adapter.stop();
      await world.close();
      await discord.stop();
    },
  };
}

/** The harness of one suite. */
export type Harness = Awaited<ReturnType<typeof openHarness>>;
