import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { resetDatabase } from '../support/database.ts';
import { APPLICATION_ID } from '../support/fake-discord.ts';
import { describeOnDrivers } from '../support/world.ts';
import { type Harness, openHarness, requestTo, STRING, shownText } from './harness.ts';

const DAY = 86_400_000;

describeOnDrivers('Discord: /promise stats attaches a chart through the real discord.js', (driver) => {
  let h: Harness;
  const ref = (value: string) => [{ name: 'ref', type: STRING, value }];

  beforeAll(async () => {
    h = await openHarness(driver, { now: '2026-12-01T15:00:00Z' });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await resetDatabase(h.world.database);
    h.discord.rejections.length = 0;
  });

  it('attaches the chart as a PNG with a description, beside the numbers', async () => {
    const now = new Date('2026-12-01T15:00:00Z');
    h.world.clock.set(new Date(now.getTime() - 20 * DAY));
    await h.slash('add', [
      { name: 'text', type: STRING, value: 'Jane Doe at Acme will call me back by Friday' },
    ]);
    h.world.clock.set(new Date(now.getTime() - 13 * DAY));
    await h.slash('followed', ref('#1'));
    h.world.clock.set(new Date(now.getTime() - 2 * DAY));
    await h.slash('close', [...ref('#1'), { name: 'outcome', type: STRING, value: 'offer' }]);
    h.world.clock.set(now);

    const from = h.discord.requests.length;
    const { edit } = await h.slash('stats');
    // With a file, discord.js sends the message as the JSON part of a multipart body.
    const payload = (edit?.payload ?? {}) as {
      attachments?: { filename: string; description?: string }[];
      allowed_mentions?: unknown;
    };
    expect(shownText(edit)).toMatch(/All time: 1 follow-up logged, 0 callbacks, 1 offer/);
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(edit?.files).toEqual(['thrice-stats.png']);
    expect(payload.attachments?.[0]?.description).toMatch(/Follow-ups per week over the last 12 weeks/);

    const request = await requestTo(
      h.discord,
      new RegExp(`^/webhooks/${APPLICATION_ID}/.*/messages/@original`),
      from,
    );
    const png = PNG.sync.read(request.files?.get('thrice-stats.png') ?? Buffer.alloc(0));
    expect([png.width, png.height]).toEqual([1440, 1080]);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4) colours.add(png.data.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(20);
    expect(h.discord.rejections).toEqual([]);
  });
});
