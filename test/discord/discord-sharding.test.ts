import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/index.ts';
import { DrizzleOutboxStore } from '../../db/outbox-store.ts';
import { DrizzleStore } from '../../db/store.ts';
import { createInbound } from '../../src/app/inbound.ts';
import { loadConfig } from '../../src/config.ts';
import { planTick } from '../../src/scheduler/planner.ts';
import { drainOutbox } from '../../src/scheduler/sender.ts';
import { openTestDatabase } from '../support/drivers.ts';
import {
  APPLICATION_ID,
  commandInteraction,
  dmChannelOf,
  FakeDiscord,
  GUILD_ID,
  type Sender,
  shardOf,
} from '../support/fake-discord.ts';
import { describeOnDrivers, openWorld, testLog } from '../support/world.ts';
import { requestTo, STRING } from './harness.ts';

const SHARDS = 2;

/** A server id on `shard` of SHARDS, near GUILD_ID. */
function guildOnShard(shard: number): string {
  for (let step = 0n; ; step++) {
    const id = (BigInt(GUILD_ID) + (step << 22n)).toString();
    if (shardOf(id, SHARDS) === shard) return id;
  }
}

/*
 * Two instances on one database, each running one of two gateway shards (DISCORD_SHARD_IDS of
 * DISCORD_SHARD_COUNT), as a bot past 2,500 servers is run: the fake gateway sends each server's
 * events only to its shard and DMs to shard 0, as Discord does.
 */
describeOnDrivers('Discord sharded across two instances', (driver) => {
  const discord = new FakeDiscord();
  const instances: { adapter: DiscordAdapter; outbox: DrizzleOutboxStore; name: string }[] = [];
  let world: Awaited<ReturnType<typeof openWorld>>;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    await discord.start();
    const now = '2026-11-30T08:00:00Z';
    // On Postgres each instance has its own connection pool; PGlite has one connection, shared.
    const database = driver === 'postgres' ? await openTestDatabase('postgres') : null;
    world = await openWorld(database === null ? { driver, now } : { databaseUrl: database.url ?? '', now });
    const other = database === null ? null : await openWorld({ databaseUrl: database.url ?? '', now });
    closers.push(async () => {
      await other?.close();
      await world.close();
      await database?.close();
    });
    const stores = [
      { store: world.store, outbox: world.outbox },
      other === null
        ? { store: new DrizzleStore(world.database.db), outbox: new DrizzleOutboxStore(world.database.db) }
        : { store: other.store, outbox: other.outbox },
    ];
    for (const [shard, { store, outbox }] of stores.entries()) {
      const config = loadConfig({
        DISCORD_TOKEN: 'bot-token',
        DISCORD_APPLICATION_ID: APPLICATION_ID,
        DISCORD_API_URL: discord.apiUrl,
        DISCORD_SHARD_COUNT: String(SHARDS),
        DISCORD_SHARD_IDS: String(shard),
      }).discord;
      if (config === undefined) throw new Error('no Discord configuration');
      const inbound = createInbound({ store, clock: world.clock, log: testLog });
      const adapter = createDiscordAdapter({ config, inbound, log: testLog });
      await adapter.start();
      instances.push({ adapter, outbox, name: `instance-${shard}` });
    }
  });

  afterAll(async () => {
    for (const { adapter } of instances) await adapter.stop();
    for (const close of closers) await close();
    await discord.stop();
  });

  /** Sends `/promise <sub>` from `who` and returns every interaction callback it got. */
  async function command(sub: string, text: string | null, who: Sender) {
    const interaction = commandInteraction(
      sub,
      text === null ? [] : [{ name: 'text', type: STRING, value: text }],
      who,
    );
    discord.dispatch('INTERACTION_CREATE', interaction);
    const reply = await requestTo(discord, new RegExp(`^/webhooks/${APPLICATION_ID}/${interaction.token}/`));
    return { interaction, reply };
  }

  it('each instance identifies as its own shard; every command, from either server or a DM, is answered once', async () => {
    expect([...discord.identified].sort()).toEqual([
      [0, SHARDS],
      [1, SHARDS],
    ]);
    expect(instances.map(({ adapter }) => adapter.connectionProblem())).toEqual([null, null]);

    const ann: Sender = { userId: '400000000000000011', globalName: 'Ann', guildId: guildOnShard(0) };
    const bob: Sender = { userId: '400000000000000012', globalName: 'Bob', guildId: guildOnShard(1) };
    const sent = [
      await command('add', 'Jane (recruiter, Acme) will call me back tomorrow 3pm', ann),
      await command('add', 'Raj at Globex will email me tomorrow', bob),
      // A DM reaches shard 0 only, yet finds Bob's promises in the server on shard 1.
      await command('list', null, { ...bob, dm: true }),
    ];
    expect(JSON.stringify(sent[0]?.reply.body)).toMatch(/Jane/);
    expect(JSON.stringify(sent[1]?.reply.body)).toMatch(/Raj/);
    expect(JSON.stringify(sent[2]?.reply.body)).toMatch(/Raj/);
    expect(JSON.stringify(sent[2]?.reply.body)).not.toMatch(/Jane/);
    for (const { interaction } of sent)
      expect(discord.requestsTo(new RegExp(`^/interactions/${interaction.id}/`))).toHaveLength(1);

    // The next morning both instances plan and send at once: each member's digest goes out once.
    world.clock.set('2026-12-01T09:00:00Z');
    const now = world.clock.now();
    await Promise.all(
      instances.map(({ outbox }) => planTick({ store: outbox, now, log: testLog, batch: 1 })),
    );
    const drains = await Promise.all(
      instances.map(({ adapter, outbox, name }) =>
        drainOutbox({
          store: outbox,
          ports: new Map([['discord', adapter.delivery]]),
          clock: world.clock,
          log: testLog,
          workerId: name,
          batchSize: 1,
        }),
      ),
    );
    // Each member's first command also brought them the welcome DM; these count the digests.
    const dms = (user: Sender) =>
      discord
        .requestsTo(new RegExp(`^/channels/${dmChannelOf(user.userId ?? '')}/messages$`))
        .filter((request) => !JSON.stringify(request.body).includes('Welcome to Thrice'));
    expect(dms(ann)).toHaveLength(1);
    expect(dms(bob)).toHaveLength(1);
    expect(drains.reduce((sum, drain) => sum + drain.sent, 0)).toBe(2);
    expect(await world.outbox.counts()).toMatchObject({ pending: 0, sending: 0, sent: 2, dead: 0 });
  });
});
