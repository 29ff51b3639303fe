import type { webApi } from '@slack/bolt';
import type { Attachment } from '../../src/core/message.ts';
import type { DeliveryPort } from '../../src/core/ports/delivery.ts';
import { joinChannel, slackErrorOf } from './channels.ts';
import { toDeliveryError } from './errors.ts';
import { renderBlocks, renderFallback } from './render.ts';

/** The metadata event that carries a delivery id with each message Thrice posts. */
export const DELIVERY_EVENT_TYPE = 'thrice_delivery';
/** How far back a resumed delivery looks for itself in the DM. */
const HISTORY_LOOKBACK = 50;

/**
 * Uploads a delivered message's files (the roundup's chart) to its channel, right after it. The
 * message is what counts: a failed upload is let go (the chart is lost, never the roundup), as
 * failing the delivery now would post the message a second time on its retry.
 */
async function uploadFiles(
  client: webApi.WebClient,
  auth: { token?: string },
  channel: string,
  files: readonly Attachment[],
): Promise<void> {
  if (files.length === 0) return;
  await client.files
    .uploadV2({
      ...auth,
      channel_id: channel,
      file_uploads: files.map((file) => ({
        ...(typeof file.content === 'string'
          ? { content: file.content }
          : { file: Buffer.from(file.content) }),
        filename: file.filename,
        title: file.filename,
        ...(file.altText === undefined ? {} : { alt_text: file.altText }),
      })),
    })
    .catch(() => undefined);
}

/**
 * Sends the scheduler's deliveries to Slack: opens the DM (the channel id is then cached on
 * the member), posts with the delivery id in message metadata, and on a resumed delivery
 * first looks for that id in the channel's recent history, so a crash never shows it twice.
 */
export function createSlackDelivery(
  client: webApi.WebClient,
  /** The team's bot token in multi-workspace mode; undefined uses the client's own. */
  tokenFor: (teamId: string) => Promise<string | undefined>,
): DeliveryPort {
  return {
    platform: 'slack',
    async send(delivery) {
      const { target } = delivery;
      try {
        const token = await tokenFor(target.workspaceExternalId);
        const auth = token === undefined ? {} : { token };
        let channel = target.kind === 'channel' ? target.channelId : target.dmChannelId;
        let opened: string | undefined;
        if (channel === null && target.kind === 'dm') {
          const dm = await client.conversations.open({ ...auth, users: target.memberExternalId });
          channel = dm.channel?.id ?? null;
          opened = channel ?? undefined;
        }
        if (channel === null) throw new Error('conversations.open returned no channel');
        const cache = opened === undefined ? {} : { dmChannelId: opened };
        if (delivery.resumed) {
          const history = await client.conversations.history({
            ...auth,
            channel,
            limit: HISTORY_LOOKBACK,
            include_all_metadata: true,
          });
          const earlier = history.messages?.find(
            (message) =>
              message.metadata?.event_type === DELIVERY_EVENT_TYPE &&
              (message.metadata.event_payload as Record<string, unknown> | undefined)?.delivery_id ===
                delivery.id,
          );
          if (earlier?.ts !== undefined) return { platformMessageId: earlier.ts, ...cache };
        }
        const post = () =>
          client.chat.postMessage({
            ...auth,
            channel,
            text: renderFallback(delivery.message),
            blocks: renderBlocks(delivery.message),
            metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { delivery_id: delivery.id } },
            unfurl_links: false,
            unfurl_media: false,
          });
        const posted = await post().catch(async (error: unknown) => {
          // Not (or no longer) in a public accountability channel: join it and post once more.
          if (target.kind !== 'channel' || slackErrorOf(error) !== 'not_in_channel') throw error;
          if ((await joinChannel(client, target.channelId, token)) !== 'ready') throw error;
          return post();
        });
        await uploadFiles(client, auth, channel, delivery.message.attachments ?? []);
        return { platformMessageId: posted.ts ?? '', ...cache };
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
  };
}
