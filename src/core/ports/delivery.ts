import { ThriceError } from '../errors.ts';
import type { Message } from '../message.ts';
import type { Platform, UnreachableReason } from '../model.ts';

/**
 * What the scheduler sends: a member's daily digest, a timed nudge, a channel roundup, or a
 * notice to an admin (the roundup channel refused a post).
 */
export type DeliveryKind = 'digest' | 'nudge' | 'roundup' | 'notice';

/** Where a delivery goes, in the platform's own ids. */
export type DeliveryTarget =
  | {
      kind: 'dm';
      platform: Platform;
      workspaceExternalId: string;
      memberExternalId: string;
      /** The DM channel id, once an adapter has opened it (cached on the member). */
      dmChannelId: string | null;
    }
  | { kind: 'channel'; platform: Platform; workspaceExternalId: string; channelId: string };

/** One row of the outbox, claimed for sending. */
export interface Delivery {
  id: string;
  workspaceId: string;
  memberId: string | null;
  kind: DeliveryKind;
  dedupeKey: string;
  target: DeliveryTarget;
  message: Message;
  /** Attempts so far, including the one in progress. */
  attempts: number;
  /**
   * True when an earlier attempt may have reached the platform before the process died
   * (the row was claimed and never settled): the adapter must not post it a second time.
   */
  resumed: boolean;
}

/** What the platform answered for a sent message. */
export interface SentMessage {
  /** The platform's id of the message (Slack `ts`, Discord snowflake). */
  platformMessageId: string;
  /** The DM channel used, for the adapter to cache on the member. */
  dmChannelId?: string;
}

/**
 * Sends planned deliveries on one platform. Implementations carry `delivery.id` with the
 * message (Discord nonce with enforce_nonce, Slack message metadata) so a resumed delivery is
 * never shown twice.
 */
export interface DeliveryPort {
  /** The platform this port sends to. */
  readonly platform: Platform;
  /** Sends one delivery; throws RateLimitedError, RecipientUnreachableError or TransientDeliveryError. */
  send(delivery: Delivery): Promise<SentMessage>;
}

/** The platform asked us to slow down; retry after `retryAfterMs`. */
export class RateLimitedError extends ThriceError {
  override readonly name = 'RateLimitedError';
  constructor(
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super('delivery_rate_limited', `Rate limited; retry in ${Math.ceil(retryAfterMs / 1000)} s.`, options);
  }
}

/** The member blocked the bot, left, or the channel is gone: retrying will not help. */
export class RecipientUnreachableError extends ThriceError {
  override readonly name = 'RecipientUnreachableError';
  constructor(
    readonly reason: UnreachableReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('delivery_unreachable', `Recipient unreachable (${reason}): ${detail}`, options);
  }
}

/** A 5xx, a timeout or a network error: worth retrying with backoff. */
export class TransientDeliveryError extends ThriceError {
  override readonly name = 'TransientDeliveryError';
  constructor(reason: string, options?: { cause?: unknown }) {
    super('delivery_failed', `Delivery failed: ${reason}`, options);
  }
}

/**
 * The longest one platform call may take before it counts as failed. Well under the claim lease
 * (RETRY_POLICY.leaseMs), which the sender renews while it works, so a slow platform is given up
 * on long before another sender could resume the same delivery.
 */
export const PLATFORM_TIMEOUT_MS = 10_000;
