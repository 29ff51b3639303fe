import { SNOOZE_PRESETS } from './command.ts';
import { CHANNEL_WORDS, capitalized, describeContact, describeDue, followUpNumber } from './format.ts';
import type { Message } from './message.ts';
import { type Channel, CLOSE_OUTCOMES, type FollowUpPromise, type MemberSettings } from './model.ts';
import type { NudgeKind } from './nudge-policy.ts';
import { withWording } from './reach-out.ts';
import { markTimes, momentsOf } from './times.ts';

/** A nudge DM (R2 timed, or any nudge with the digest off): who, what, the attempt, the wording, the buttons. */
export function nudgeMessage(
  promise: FollowUpPromise,
  nudge: { kind: NudgeKind; attempt: number; channel: Channel },
  settings: MemberSettings,
  now: Date,
): Message {
  const who = describeContact(promise.contact);
  const name = promise.contact.name;
  // With the digest off, thank-you notes (R8) and the hiring-manager step (R6) come as nudges too.
  const [title, text, detail] =
    nudge.kind === 'thank_you'
      ? [
          `Time for a thank-you note: ${name}`,
          `#${promise.ref} You talked with ${who}; a thank-you note within a day keeps you in mind.`,
          'Send a short note by email today:',
        ]
      : [
          nudge.kind === 'ask_right_person'
            ? `Time to ask the right person: ${name}`
            : `Time for a polite nudge: ${name}`,
          `#${promise.ref} ${who} promised to ${promise.what} ${describeDue(promise, settings.timeZone, settings.locale)}, and you haven't heard yet.`,
          nudge.kind === 'ask_right_person'
            ? 'Time to ask the right person — try reaching the hiring manager:'
            : `${capitalized(followUpNumber(nudge.attempt))} — try ${CHANNEL_WORDS[nudge.channel].suggestion} now:`,
        ];
  const message: Message = {
    kind: 'nudge',
    title,
    sections: [
      {
        items: [
          withWording(
            {
              text,
              ref: promise.ref,
              details: [detail],
              actions: [
                { kind: 'followed', promiseId: promise.id, ref: promise.ref },
                { kind: 'heard', promiseId: promise.id, ref: promise.ref },
                { kind: 'snooze', promiseId: promise.id, ref: promise.ref, presets: SNOOZE_PRESETS },
                { kind: 'close', promiseId: promise.id, ref: promise.ref, outcomes: CLOSE_OUTCOMES },
              ],
            },
            promise,
            nudge,
            settings,
            now,
          ),
        ],
      },
    ],
    fallbackText:
      nudge.kind === 'thank_you'
        ? `Time for a thank-you note to ${name}.`
        : `Time to nudge ${name} about ${promise.what}.`,
  };
  return markTimes(message, momentsOf([promise]), settings.timeZone, settings.locale, now);
}
