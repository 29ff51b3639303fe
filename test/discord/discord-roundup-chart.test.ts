import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { resetDatabase } from '../support/database.ts';
import { describeOnDrivers } from '../support/world.ts';
import { type Harness, MANAGE_GUILD, openHarness, requestTo, STRING } from './harness.ts';

const CHANNEL = '300000000000000009';

describeOnDrivers('Discord: the weekly roundup carries the group chart', (driver) => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(driver, { now: '2026-11-30T08:00:00Z' });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await resetDatabase(h.world.database);
    h.world.clock.set('2026-11-30T08:00:00Z');
  });

  it('attaches a PNG of the members who share their progress, with a description and no contact in it', async () => {
    const resolved = {
      channels: { [CHANNEL]: { id: CHANNEL, type: 0, name: 'job-hunt', permissions: '0' } },
    };
    await h.slash('channel', [{ name: 'channel', type: 7, value: CHANNEL }], {
      permissions: MANAGE_GUILD,
      resolved,
    });
    // The first pass only schedules the first roundup.
    await h.tickAt('2026-11-30T08:00:00Z');
    await h.slash('settings', [{ name: 'share', type: 5, value: true }]);
    await h.slash('add', [
      { name: 'text', type: STRING, value: 'Zed Secretname at Hushco will call me back by Tuesday' },
    ]);
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03']) {
      h.world.clock.set(`${day}T11:00:00Z`);
      await h.slash('followed', [{ name: 'ref', type: STRING, value: '#1' }]);
    }

    const from = h.discord.requests.length;
    const { drain } = await h.tickAt('2026-12-07T10:00:00Z');
    expect(drain.dead).toBe(0);
    const post = await requestTo(h.discord, new RegExp(`^/channels/${CHANNEL}/messages$`), from);
    const body = post.body as { files: string[]; payload: Record<string, unknown>; multipart: string };
    expect(body.files).toEqual(['thrice-roundup.png']);
    const attachments = body.payload.attachments as { filename: string; description?: string }[];
    expect(attachments[0]?.description).toMatch(/members who share their progress.*: (0, ){11}3\.$/);
    expect(body.payload.allowed_mentions).toEqual({ parse: [] });
    expect(body.payload.nonce).toBeTypeOf('string');

    const png = PNG.sync.read(post.files?.get('thrice-roundup.png') ?? Buffer.alloc(0));
    expect([png.width, png.height]).toEqual([1440, 760]);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4) colours.add(png.data.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(20);
    for (const secret of ['Zed', 'Secretname', 'Hushco']) expect(body.multipart).not.toContain(secret);
    expect(h.discord.rejections).toEqual([]);
  });
});

describeOnDrivers('Discord: a roundup the channel refuses', (driver) => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(driver, { now: '2026-11-30T08:00:00Z' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('pauses roundups and tells the admin who chose the channel by DM, once, with the permissions to give', async () => {
    const resolved = {
      channels: { [CHANNEL]: { id: CHANNEL, type: 0, name: 'job-hunt', permissions: '0' } },
    };
    await h.slash('channel', [{ name: 'channel', type: 7, value: CHANNEL }], {
      permissions: MANAGE_GUILD,
      resolved,
    });
    await h.tickAt('2026-11-30T08:00:00Z');
    const from = h.discord.requests.length;
    // Discord's answer when the bot lost View Channel there: 403 Missing Access.
    h.discord.failNextMessages({ status: 403, body: { code: 50001, message: 'Missing Access' } });
    const refused = await h.tickAt('2026-12-07T10:00:00Z');
    expect(refused.drain.dead).toBe(1);
    // The next pass sends the notice to the admin's DM, and plans no roundup to that channel.
    await h.tickAt('2026-12-07T10:01:00Z');
    await h.tickAt('2026-12-14T10:00:00Z');
    const posts = h.discord.requests.slice(from).filter((r) => /^\/channels\/\d+\/messages$/.test(r.path));
    const notices = posts.filter((r) =>
      JSON.stringify(r.body).includes('couldn’t post the accountability roundup'),
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]?.path).not.toContain(CHANNEL);
    expect(JSON.stringify(notices[0]?.body)).toMatch(
      /View Channel, Send Messages, Embed Links and Attach Files/,
    );
    expect(posts.filter((r) => r.path.includes(CHANNEL))).toHaveLength(1); // the refused one only
  });
});
