import { webApi } from '@slack/bolt';
import {
  RateLimitedError,
  RecipientUnreachableError,
  TransientDeliveryError,
} from '../../src/core/ports/delivery.ts';

/** Slack errors that mean the member or channel cannot be reached any more. */
const UNREACHABLE = new Set([
  'channel_not_found',
  'user_not_found',
  'account_inactive',
  'not_in_channel',
  'is_archived',
  'cannot_dm_bot',
  'user_disabled',
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
        return UNREACHABLE.has(slackError)
          ? new RecipientUnreachableError(slackError, { cause: error })
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
