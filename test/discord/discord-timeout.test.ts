import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliveries } from '../../db/schema.ts';
import { dmChannelOf, USER_ID } from '../support/fake-discord.ts';
import { describeOnDrivers } from '../support/world.ts';
import { type Harness, openHarness, requestTo, STRING } from './harness.ts';

/*
 * A delivery is claimed for a lease (RETRY_POLICY.leaseMs); a Discord that never answers must not
 * hold the send past it, or another instance resumes the delivery while this one still waits. The
 * adapter bounds every call (PLATFORM_TIMEOUT_MS; shortened here) and reports a retryable error.
 */
describeOnDrivers('Discord that answers too slowly', (driver) => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(driver, { now: '2026-11-30T08:00:00Z', timeoutMs: 300 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('a message create slower than the timeout fails the send as a retryable error, and the outbox tries again later', async () => {
    await h.slash('add', [{ name: 'text', type: STRING, value: 'Jane Doe will call me back tomorrow' }]);
    // The first command's welcome DM goes out at Discord's usual speed, before Discord falls silent.
    await requestTo(h.discord, new RegExp(`^/channels/${dmChannelOf(USER_ID)}/messages$`));
    // Discord stays silent, longer than the test may run, for every attempt discord.js would make
    // (the first and its three retries): without a bound the send would still be waiting.
    h.discord.answerMessagesSlowly(120_000, 4);
    const { plan, drain } = await h.tickAt('2026-12-01T09:00:00Z');
    expect(plan.digests).toBe(1);
    expect(drain).toMatchObject({ sent: 0, retried: 1, dead: 0 });
    const [row] = await h.world.database.db.select().from(deliveries).where(eq(deliveries.kind, 'digest'));
    expect(row).toMatchObject({
      state: 'pending',
      lastError: 'Delivery failed: Discord did not answer within 300 ms',
    });

    // The port itself, as the sender calls it (Discord is still silent).
    await expect(
      h.adapter.delivery.send({
        id: '4b6f3a52-6c1e-4c53-9a7e-2f1d8f9c1a15',
        workspaceId: row?.workspaceId ?? '',
        memberId: null,
        kind: 'digest',
        dedupeKey: 'slow',
        target: {
          kind: 'dm',
          platform: 'discord',
          workspaceExternalId: 'g',
          memberExternalId: USER_ID,
          dmChannelId: null,
        },
        message: { kind: 'digest', sections: [{ items: [{ text: 'Jane' }] }], fallbackText: 'digest' },
        attempts: 1,
        resumed: false,
      }),
    ).rejects.toMatchObject({ name: 'TransientDeliveryError' });
  });
});
