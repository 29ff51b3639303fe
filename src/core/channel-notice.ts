import { type Message, textMessage } from './message.ts';
import type { Platform, UnreachableReason } from './model.ts';
import { example } from './syntax.ts';

/** How to let Thrice post in a channel again, in the words of the admin's platform. */
function howToFix(reason: UnreachableReason, platform: Platform): string {
  const setAgain = `then run \`${example(platform, 'channel')}\` again to turn the roundups back on.`;
  switch (reason) {
    case 'channel_gone':
      return platform === 'slack'
        ? `The channel was archived or deleted, or it is private and Thrice was removed from it (then someone in it can type \`/invite @Thrice\`, ${setAgain}). Or pick another with \`${example(platform, 'channel')}\`.`
        : `The channel was deleted. Pick another with \`${example(platform, 'channel')}\`.`;
    case 'no_permission':
      return platform === 'discord'
        ? `Give Thrice the View Channel, Send Messages, Embed Links and Attach Files permissions there, ${setAgain}`
        : `Allow Thrice to post there (the channel may be restricted to admins), ${setAgain}`;
    default:
      return platform === 'discord'
        ? `Thrice can’t see that channel: give it the View Channel, Send Messages, Embed Links and Attach Files permissions there, ${setAgain}`
        : `Thrice is not in that channel (it is private, or Thrice was removed): someone in it can type \`/invite @Thrice\`, ${setAgain}`;
  }
}

/**
 * The DM to the admin who chose the accountability channel when the platform refused a roundup
 * for good: roundups stop until the channel is set again, so they must not stop unnoticed.
 */
export function channelProblemNotice(input: {
  platform: Platform;
  reason: UnreachableReason;
  /** The workspace's name, since one bot DM serves every server or workspace the admin is in. */
  workspaceName: string | null;
}): Message {
  const where = input.workspaceName === null ? '' : ` in ${input.workspaceName}`;
  const lead = `I couldn’t post the accountability roundup to the channel you chose${where}, so roundups are paused.`;
  return {
    ...textMessage('reply', `${lead} ${howToFix(input.reason, input.platform)}`, 'The roundup wasn’t posted'),
    fallbackText: lead,
  };
}
