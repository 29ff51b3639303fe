import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { members, processedRequests } from '../../db/schema.ts';
import { createInbound } from '../../src/app/inbound.ts';
import { DEFAULT_LIMITS } from '../../src/core/limits.ts';
import { commandBody, FakeSlack, postSigned, type SlackCall } from '../support/fake-slack.ts';
import { describeOnDrivers, openWorld, testLog } from '../support/world.ts';

const SECRET = 'rate-limit-signing-secret';

describeOnDrivers('Slack commands over the rate limit', (driver) => {
  const slack = new FakeSlack();
  let world: Awaited<ReturnType<typeof openWorld>>;
  let adapter: SlackAdapter;
  let events = '';

  beforeAll(async () => {
    await slack.start();
    world = await openWorld({ driver, now: new Date().toISOString() });
    adapter = createSlackAdapter({
      config: { mode: 'single', signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: slack.apiUrl },
      inbound: createInbound({
        store: world.store,
        clock: world.clock,
        log: testLog,
        limits: { ...DEFAULT_LIMITS, commandsPerMinute: 2 },
      }),
      installations: new DrizzleInstallationRepository(world.database.db, [randomBytes(32)]),
      log: testLog,
      port: 0,
    });
    events = `http://127.0.0.1:${await adapter.start()}/slack/events`;
  });
  afterAll(async () => {
    await adapter.stop();
    await world.close();
    await slack.stop();
  });

  async function reply(n: number): Promise<SlackCall> {
    const url = `${slack.url}/response/${n}`;
    const response = await postSigned(events, commandBody({ text: 'list', responseUrl: url }), SECRET);
    expect(response.status).toBe(200);
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      const found = slack.calls.find((call) => `${slack.url}/${call.method}` === url);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no reply to command ${n}`);
  }

  it('refuses politely and writes nothing: no request key, no member upsert', async () => {
    for (const n of [1, 2]) expect(JSON.stringify((await reply(n)).args)).toMatch(/No open promises/);
    const before = {
      keys: await world.database.db.select().from(processedRequests),
      members: await world.database.db.select().from(members),
    };
    expect(before.keys).toHaveLength(2);

    for (const n of [3, 4, 5])
      expect(JSON.stringify((await reply(n)).args)).toMatch(/more than 2 commands in a minute/);

    expect(await world.database.db.select().from(processedRequests)).toEqual(before.keys);
    expect(await world.database.db.select().from(members)).toEqual(before.members);
  });
});
