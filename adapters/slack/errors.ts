import { webApi } from '@slack/bolt';
import type { UnreachableReason } from '../../src/core/model.ts';
import {
  RateLimitedError,
  RecipientUnreachableError,
  TransientDeliveryError,
} from '../../src/core/ports/delivery.ts';

/** Slack errors that mean the member or channel cannot be reached any more, and why. */
const UNREACHABLE = new Map<string, UnreachableReason>([
  ['channel_not_found', 'channel_gone'],
  ['is_archived', 'channel_gone'],
  ['user_not_found', 'user_gone'],
  ['account_inactive', 'user_gone'],
  ['user_disabled', 'user_gone'],
  ['not_in_channel', 'not_in_channel'],
  ['cannot_dm_bot', 'dms_closed'],
  ['restricted_action', 'no_permission'],
]);

/** Turns a Web API failure into the delivery error the outbox understands. */
export function toDeliveryError(error: unknown): Error {
  if (error instanceof Error && 'code' in error) {
    switch (error.code) {
      case webApi.ErrorCode.RateLimitedError:
        return new RateLimitedError((error as webApi.WebAPIRateLimitedError).retryAfter * 1000, {
          cause: error,
        });
      case webApi.ErrorCode.PlatformError: {
        const slackError = String((error as webApi.WebAPIPlatformError).data.error);
        const reason = UNREACHABLE.get(slackError);
        return reason !== undefined
          ? new RecipientUnreachableError(reason, slackError, { cause: error })
          : new TransientDeliveryError(`Slack answered ${slackError}`, { cause: error });
      }
      case webApi.ErrorCode.RequestError:
        // Unreachable, reset, or slower than the client's timeout: worth another try later.
        return new TransientDeliveryError(
          `Slack did not answer: ${(error as webApi.WebAPIRequestError).original.message}`,
          { cause: error },
        );
      case webApi.ErrorCode.HTTPError:
        return new TransientDeliveryError(`Slack HTTP ${(error as webApi.WebAPIHTTPError).statusCode}`, {
          cause: error,
        });
      default:
        return new TransientDeliveryError(error.message, { cause: error });
    }
  }
  return new TransientDeliveryError(String(error), { cause: error });
}
