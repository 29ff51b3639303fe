import { SNOOZE_PRESETS } from './command.ts';
import { CHANNEL_WORDS, capitalized, describeContact, describeDue, followUpNumber } from './format.ts';
import type { Message } from './message.ts';
import { type Channel, CLOSE_OUTCOMES, type FollowUpPromise, type MemberSettings } from './model.ts';
import type { NudgeKind } from './nudge-policy.ts';
import { suggestedMessage } from './wording.ts';

/** The timed nudge DM (R2): who, what was promised, the attempt, the wording, and the buttons. */
export function nudgeMessage(
  promise: FollowUpPromise,
  nudge: { kind: NudgeKind; attempt: number; channel: Channel },
  settings: MemberSettings,
  now: Date,
): Message {
  const who = describeContact(promise.contact);
  const text = `#${promise.ref} ${who} promised to ${promise.what} ${describeDue(promise, settings.timeZone, settings.locale)}, and you haven't heard yet.`;
  const detail = `${capitalized(followUpNumber(nudge.attempt))} — try ${CHANNEL_WORDS[nudge.channel].suggestion} now:`;
  return {
    kind: 'nudge',
    title: `Time for a polite nudge: ${promise.contact.name}`,
    sections: [
      {
        items: [
          {
            text,
            ref: promise.ref,
            details: [detail],
            quote: suggestedMessage(promise, nudge, settings, now),
            actions: [
              { kind: 'followed', promiseId: promise.id, ref: promise.ref },
              { kind: 'heard', promiseId: promise.id, ref: promise.ref },
              { kind: 'snooze', promiseId: promise.id, ref: promise.ref, presets: SNOOZE_PRESETS },
              { kind: 'close', promiseId: promise.id, ref: promise.ref, outcomes: CLOSE_OUTCOMES },
            ],
          },
        ],
      },
    ],
    fallbackText: `Time to nudge ${promise.contact.name} about ${promise.what}.`,
  };
}
