import { afterAll, beforeAll, expect, it } from 'vitest';
import { members, processedRequests } from '../../db/schema.ts';
import { describeOnDrivers } from '../support/world.ts';
import { type Harness, openHarness, shownText } from './harness.ts';

describeOnDrivers('Discord commands over the rate limit', (driver) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(driver, { commandsPerMinute: 2 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('are refused politely and write nothing: no request key, no member upsert, no time-zone tip', async () => {
    for (let i = 0; i < 2; i++) expect(shownText((await h.slash('list')).edit)).toMatch(/No open promises/);
    const before = {
      keys: await h.world.database.db.select().from(processedRequests),
      members: await h.world.database.db.select().from(members),
    };

    for (let i = 0; i < 3; i++) {
      const { edit } = await h.slash('list');
      expect(shownText(edit)).toMatch(/more than 2 commands in a minute/);
      expect(shownText(edit)).not.toMatch(/time zone/);
    }

    expect(await h.world.database.db.select().from(processedRequests)).toEqual(before.keys);
    expect(await h.world.database.db.select().from(members)).toEqual(before.members);
  });
});
