import { randomBytes } from 'node:crypto';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { createInbound } from '../../src/app/inbound.ts';
import { DEFAULT_LIMITS } from '../../src/core/limits.ts';
import { planTick } from '../../src/scheduler/planner.ts';
import { drainOutbox } from '../../src/scheduler/sender.ts';
import { resetDatabase } from '../support/database.ts';
import { commandBody, FakeSlack, postSigned, type SlackCall } from '../support/fake-slack.ts';
import { describeOnDrivers, openWorld, testLog } from '../support/world.ts';

const SECRET = 'test-signing-secret';
const DAY = 86_400_000;

describeOnDrivers('Slack: /promise stats sends a chart through the real Bolt', (driver) => {
  const slack = new FakeSlack();
  let world: Awaited<ReturnType<typeof openWorld>>;
  let adapter: SlackAdapter;
  let events = '';
  let responses = 0;

  /** Sends `/promise <text>` as U1 and waits for the reply posted to its response_url. */
  async function reply(text: string, user = 'U1'): Promise<SlackCall> {
    const url = `${slack.url}/response/${++responses}`;
    const from = slack.calls.length;
    const response = await postSigned(events, commandBody({ text, responseUrl: url, user }), SECRET);
    expect(response.status).toBe(200);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const found = slack.calls.slice(from).find((call) => `${slack.url}/${call.method}` === url);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no reply to ${text}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  beforeAll(async () => {
    await slack.start();
    slack.users.set('U1', { tz: 'Europe/Berlin', real_name: 'Alice Smith' });
    slack.users.set('UADMIN', { tz: 'UTC', is_admin: true });
    world = await openWorld({ driver, now: '2026-12-01T15:00:00Z' });
    adapter = createSlackAdapter({
      config: { mode: 'single', signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: slack.apiUrl },
      inbound: createInbound({
        store: world.store,
        clock: world.clock,
        log: testLog,
        limits: { ...DEFAULT_LIMITS, commandsPerMinute: 10_000 },
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
  beforeEach(async () => {
    await resetDatabase(world.database);
  });

  it('the weekly roundup is posted to the channel with the group chart uploaded there', async () => {
    world.clock.set(new Date('2026-11-30T08:00:00Z'));
    await reply('channel <#CPUB|job-hunt>', 'UADMIN');
    const plan = () => planTick({ store: world.outbox, now: world.clock.now(), log: testLog });
    // The first pass only schedules the first roundup.
    await plan();
    await reply('settings share on');
    await reply('Zed Secretname (recruiter, Hushco) will call me back by Tuesday 3pm');
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03']) {
      world.clock.set(new Date(`${day}T11:00:00Z`));
      await reply('followed #1');
    }
    world.clock.set(new Date('2026-12-07T10:00:00Z'));
    expect((await plan()).roundups).toBe(1);
    const shared = slack.sharedFiles.length;
    const drained = await drainOutbox({
      store: world.outbox,
      ports: new Map([['slack' as const, adapter.delivery]]),
      clock: world.clock,
      log: testLog,
      workerId: 'w1',
    });
    expect(drained.dead).toBe(0);
    const posted = slack.callsOf('chat.postMessage').find((call) => call.args.channel === 'CPUB');
    expect(JSON.stringify(posted?.args.blocks)).toMatch(/3 follow-ups logged/);
    const files = slack.sharedFiles.slice(shared);
    expect(files.map((file) => [file.filename, file.channel])).toEqual([['thrice-roundup.png', 'CPUB']]);
    const png = PNG.sync.read(files[0]?.bytes ?? Buffer.alloc(0));
    expect([png.width, png.height]).toEqual([1440, 760]);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4) colours.add(png.data.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(20);
    const upload = slack.callsOf('files.getUploadURLExternal').at(-1);
    expect(upload?.args.alt_text).toMatch(/members who share their progress/);
    for (const secret of ['Zed', 'Secretname', 'Hushco'])
      expect(JSON.stringify(upload?.args)).not.toContain(secret);
  });

  it('uploads the chart as a PNG to the member’s DM, with alt text, and answers with the numbers', async () => {
    // Three weeks of a member's follow-up, told to Thrice as it happened.
    const now = new Date('2026-12-01T15:00:00Z');
    world.clock.set(new Date(now.getTime() - 21 * DAY));
    await reply('Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    world.clock.set(new Date(now.getTime() - 14 * DAY));
    await reply('followed jane via email');
    await reply('Bob Stone at Globex asked for a week');
    world.clock.set(new Date(now.getTime() - 6 * DAY));
    await reply('followed bob via call');
    await reply('heard jane');
    world.clock.set(now);

    const shared = slack.sharedFiles.length;
    const answer = await reply('stats');
    const text = JSON.stringify(answer.args.blocks);
    expect(text).toMatch(/Your follow-up stats/);
    expect(text).toMatch(/All time: 2 follow-ups logged, 1 callback, 0 offers/);
    expect(text).toMatch(/thrice-stats\.png.*direct messages/);
    expect(answer.args.response_type).toBe('ephemeral');

    const files = slack.sharedFiles.slice(shared);
    expect(files.map((file) => [file.filename, file.channel])).toEqual([['thrice-stats.png', 'DU1']]);
    expect(files[0]?.initialComment).toMatch(/follow-up chart/);
    const upload = slack.callsOf('files.getUploadURLExternal').at(-1);
    expect(upload?.args.alt_text).toMatch(/Follow-ups per week over the last 12 weeks/);

    const png = PNG.sync.read(files[0]?.bytes ?? Buffer.alloc(0));
    expect([png.width, png.height]).toEqual([1440, 1080]);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4) colours.add(png.data.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(20);
    // The upload is the picture, not the contact: nothing of the promise's words in it, as text.
    expect(files[0]?.content).not.toMatch(/Jane|Acme|Globex/);
  });
});
