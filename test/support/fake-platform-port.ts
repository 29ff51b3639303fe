import {
  type DeliveryPort,
  RateLimitedError,
  RecipientUnreachableError,
  TransientDeliveryError,
} from '../../src/core/ports/delivery.ts';

/**
 * The platform half of the delivery protocol, spoken to FakePlatform over real HTTP: the
 * delivery id travels as the nonce, 429 → RateLimitedError, 403 → unreachable, 5xx and
 * timeouts → transient. The Slack and Discord adapters implement the same contract.
 */
export function fakePlatformPort(baseUrl: string, timeoutMs = 2_000): DeliveryPort {
  return {
    platform: 'console',
    async send(delivery) {
      const recipient =
        delivery.target.kind === 'dm'
          ? delivery.target.memberExternalId
          : `channel:${delivery.target.channelId}`;
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ nonce: delivery.id, recipient, body: delivery.message }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new TransientDeliveryError('network error or timeout', { cause: error });
      }
      if (response.status === 429) {
        throw new RateLimitedError(Number(response.headers.get('retry-after') ?? '1') * 1000);
      }
      if (response.status === 403)
        throw delivery.target.kind === 'channel'
          ? new RecipientUnreachableError('not_in_channel', 'not in this channel')
          : new RecipientUnreachableError('dms_closed', 'cannot send messages to this user');
      if (!response.ok) throw new TransientDeliveryError(`HTTP ${response.status}`);
      const body = (await response.json()) as { id: string };
      return { platformMessageId: body.id };
    },
  };
}
