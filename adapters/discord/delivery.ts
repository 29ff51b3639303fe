import { DiscordAPIError, RateLimitError, type REST, Routes } from 'discord.js';
import type { UnreachableReason } from '../../src/core/model.ts';
import {
  type DeliveryPort,
  PLATFORM_TIMEOUT_MS,
  RateLimitedError,
  RecipientUnreachableError,
  TransientDeliveryError,
} from '../../src/core/ports/delivery.ts';
import { renderDiscord } from './render.ts';

/** Discord error codes that mean the member or channel cannot be reached, and why. */
const UNREACHABLE_CODES = new Map<number, UnreachableReason>([
  [50007, 'dms_closed'], // Cannot send messages to this user
  [10013, 'user_gone'], // Unknown user
  [10003, 'channel_gone'], // Unknown channel
  [50001, 'not_in_channel'], // Missing access
  [50013, 'no_permission'], // Missing permissions
]);

/** A nonce fits Discord's 25 characters: the delivery id's hex digits, cut. */
export function nonceOf(deliveryId: string): string {
  return deliveryId.replaceAll('-', '').slice(0, 25);
}

/** Why Discord refused for good to reach a member or channel, or null when it may work later. */
export function unreachableReason(error: unknown): UnreachableReason | null {
  return error instanceof DiscordAPIError ? (UNREACHABLE_CODES.get(Number(error.code)) ?? null) : null;
}

function toDeliveryError(error: unknown, timeoutMs: number): Error {
  if (error instanceof RateLimitError) return new RateLimitedError(error.retryAfter, { cause: error });
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    return new TransientDeliveryError(`Discord did not answer within ${timeoutMs} ms`, { cause: error });
  if (error instanceof DiscordAPIError) {
    const reason = unreachableReason(error);
    if (reason !== null) return new RecipientUnreachableError(reason, error.message, { cause: error });
    return new TransientDeliveryError(`Discord ${error.status} ${error.message}`, { cause: error });
  }
  return new TransientDeliveryError(error instanceof Error ? error.message : String(error), { cause: error });
}

/**
 * Sends the scheduler's deliveries to Discord: the DM channel from `POST /users/@me/channels`
 * (cached on the member), the message with the delivery id as `nonce` and `enforce_nonce`, so
 * a resend after a crash is the same message, never a second one. One send, the library's own
 * retries included, gives up after `timeoutMs` (PLATFORM_TIMEOUT_MS) with a retryable error, so
 * it never outlives the claim of the delivery it carries.
 */
export function createDiscordDelivery(rest: REST, timeoutMs: number = PLATFORM_TIMEOUT_MS): DeliveryPort {
  return {
    platform: 'discord',
    async send(delivery) {
      const { target } = delivery;
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        let channel = target.kind === 'channel' ? target.channelId : target.dmChannelId;
        let opened: string | undefined;
        if (channel === null && target.kind === 'dm') {
          const dm = (await rest.post(Routes.userChannels(), {
            body: { recipient_id: target.memberExternalId },
            signal,
          })) as { id: string };
          channel = dm.id;
          opened = dm.id;
        }
        if (channel === null) throw new Error('no channel to send to');
        // Files (the roundup's chart) go in the same request, so the nonce covers them too.
        const files = delivery.message.attachments ?? [];
        const sent = (await rest.post(Routes.channelMessages(channel), {
          body: {
            ...renderDiscord(delivery.message),
            nonce: nonceOf(delivery.id),
            enforce_nonce: true,
            ...(files.length === 0
              ? {}
              : {
                  attachments: files.map((file, id) => ({
                    id,
                    filename: file.filename,
                    ...(file.altText === undefined ? {} : { description: file.altText }),
                  })),
                }),
          },
          files: files.map((file) => ({
            name: file.filename,
            contentType: file.contentType,
            // Two calls, as Buffer.from's overloads take text or bytes, not either.
            data: typeof file.content === 'string' ? Buffer.from(file.content) : Buffer.from(file.content),
          })),
          signal,
        })) as { id: string };
        return { platformMessageId: sent.id, ...(opened === undefined ? {} : { dmChannelId: opened }) };
      } catch (error) {
        throw toDeliveryError(error, timeoutMs);
      }
    },
  };
}
