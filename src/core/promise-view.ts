import { SNOOZE_PRESETS } from './command.ts';
import { CHANNEL_WORDS, describeContact, describeDue, formatDay, formatWhen } from './format.ts';
import type { Action, Item } from './message.ts';
import { CLOSE_OUTCOMES, type FollowUpPromise, type MemberSettings } from './model.ts';
import { type NudgeState, nudgeState, type PlannedNudge } from './nudge-policy.ts';
import { POLICY } from './policy-defaults.ts';
import { suggestedMessage } from './wording.ts';

/** The buttons every open promise carries: followed up · heard back · snooze ▾ · close ▾. */
export function promiseActions(promise: FollowUpPromise): Action[] {
  const target = { promiseId: promise.id, ref: promise.ref };
  return [
    { kind: 'followed', ...target },
    { kind: 'heard', ...target },
    { kind: 'snooze', ...target, presets: SNOOZE_PRESETS },
    { kind: 'close', ...target, outcomes: CLOSE_OUTCOMES },
  ];
}

/** "#4 Sam Lee (hiring manager, Initech) promised to call you back by Fri 4 Dec." */
export function promisedLine(promise: FollowUpPromise, settings: MemberSettings): string {
  return `#${promise.ref} ${describeContact(promise.contact)} promised to ${promise.what} ${describeDue(promise, settings.timeZone)}.`;
}

/** An overdue follow-up: the promise, the attempt and channel, the wording, the buttons. */
export function nudgeItem(
  promise: FollowUpPromise,
  nudge: PlannedNudge,
  settings: MemberSettings,
  now: Date,
): Item {
  const label =
    nudge.kind === 'ask_right_person'
      ? 'Time to ask the right person — try reaching the hiring manager:'
      : `Follow-up ${nudge.attempt} of ${Math.max(POLICY.followUpsBeforeEscalation, nudge.attempt)} — try ${CHANNEL_WORDS[nudge.channel].suggestion} today:`;
  return {
    text: promisedLine(promise, settings),
    ref: promise.ref,
    details: [label],
    quote: suggestedMessage(promise, nudge, settings, now),
    actions: promiseActions(promise),
  };
}

/** What the list says of a promise's state. */
export function stateLine(state: NudgeState, settings: MemberSettings, now: Date): string {
  const zone = settings.timeZone;
  switch (state.kind) {
    case 'nudge':
      return state.nudge.kind === 'follow_up'
        ? `To nudge now: follow-up ${state.nudge.attempt} of ${POLICY.followUpsBeforeEscalation}`
        : 'To nudge now: ask the right person';
    case 'snoozed':
      return `Snoozed until ${formatWhen(state.until, now, zone)}`;
    case 'waiting':
      return state.nudgeAt === null
        ? 'Waiting — no more nudges planned'
        : `Waiting — I'll nudge you ${formatDay(state.nudgeAt, zone) === formatDay(now, zone) ? 'at' : 'on'} ${formatWhen(state.nudgeAt, now, zone)}`;
    case 'done':
      return 'Done';
  }
}

/** A promise in a list: the promise, its state, and the buttons. */
export function listItem(promise: FollowUpPromise, settings: MemberSettings, now: Date): Item {
  return {
    text: promisedLine(promise, settings),
    ref: promise.ref,
    details: [stateLine(nudgeState(promise, settings, now), settings, now)],
    actions: promiseActions(promise),
  };
}
