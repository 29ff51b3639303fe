import { webApi } from '@slack/bolt';
import type { ChannelReadiness } from '../../src/core/ports/inbound.ts';

/** Slack's error code of a failed Web API call, or null for a failure that is not Slack's answer. */
export function slackErrorOf(error: unknown): string | null {
  if (error instanceof Error && 'code' in error && error.code === webApi.ErrorCode.PlatformError)
    return String((error as webApi.WebAPIPlatformError).data.error);
  return null;
}

/**
 * Joins a channel so Thrice can post its roundup there. A bot may join public channels itself
 * (`channels:join`); a private one only by invitation, which Slack refuses to `conversations.join`
 * with `method_not_supported_for_channel_type`.
 */
export async function joinChannel(
  client: webApi.WebClient,
  channel: string,
  token?: string,
): Promise<ChannelReadiness> {
  try {
    await client.conversations.join({ channel, ...(token === undefined ? {} : { token }) });
    return 'ready';
  } catch (error) {
    // Archived: nobody can post there. Anything else — a private channel (Slack answers
    // method_not_supported_for_channel_type, or channel_not_found when the bot cannot see it),
    // an install from before channels:join, Slack not answering — an invitation solves.
    return slackErrorOf(error) === 'is_archived' ? 'not_found' : 'invite_needed';
  }
}
