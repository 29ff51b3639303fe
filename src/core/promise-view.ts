import type { DateTime } from 'luxon';
import { SNOOZE_PRESETS } from './command.ts';
import {
  CHANNEL_WORDS,
  capitalized,
  contactDetailsLine,
  describeContact,
  describeDue,
  followUpNumber,
  formatDay,
  formatWhen,
  weekdayName,
} from './format.ts';
import type { Action, Item } from './message.ts';
import { CLOSE_OUTCOMES, type FollowUpPromise, type MemberSettings } from './model.ts';
import { seenAt } from './nudge-delivery.ts';
import {
  type NudgeState,
  nudgeState,
  type PlannedNudge,
  plannedNudge,
  thankYouDueBy,
} from './nudge-policy.ts';
import { withWording } from './reach-out.ts';
import { inZone } from './working-time.ts';

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
  return `#${promise.ref} ${describeContact(promise.contact)} promised to ${promise.what} ${describeDue(promise, settings.timeZone, settings.locale)}.`;
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
      : `${capitalized(followUpNumber(nudge.attempt))} — try ${CHANNEL_WORDS[nudge.channel].suggestion} today:`;
  return withWording(
    {
      text: promisedLine(promise, settings),
      ref: promise.ref,
      details: [label],
      actions: promiseActions(promise),
    },
    promise,
    nudge,
    settings,
    now,
  );
}

/** "today’s", "yesterday’s", "Friday’s", "your": which conversation a thank-you note is for. */
function whoseConversation(meeting: DateTime, now: DateTime): string {
  const daysAgo = Math.round(now.startOf('day').diff(meeting.startOf('day'), 'days').days);
  if (daysAgo <= 0) return 'today’s';
  if (daysAgo === 1) return 'yesterday’s';
  if (daysAgo < 7) return `${weekdayName(meeting)}’s`;
  return 'your';
}

/** "#2 Thank Bob (Globex) for today’s conversation": a logged meeting, in the digest and the list alike. */
export function thankYouLine(promise: FollowUpPromise, settings: MemberSettings, now: Date): string {
  const zone = settings.timeZone;
  const whose = whoseConversation(inZone(promise.due.at, zone), inZone(now, zone));
  return `#${promise.ref} Thank ${describeContact(promise.contact)} for ${whose} conversation`;
}

/** Whether a logged meeting's moment is still ahead: no thank-you is asked for before it. */
function isUpcomingMeeting(promise: FollowUpPromise, now: Date): boolean {
  return promise.kind === 'meeting' && promise.due.at.getTime() > now.getTime();
}

/** "#2 Interview with Ann (Initech), Thu 3 Dec 2:00 PM — a thank-you note after it." */
function upcomingMeetingItem(promise: FollowUpPromise, settings: MemberSettings, now: Date): Item {
  const when = formatWhen(promise.due.at, now, settings.timeZone, settings.locale);
  return {
    text: `#${promise.ref} ${meetingName(promise.note)} with ${describeContact(promise.contact)}, ${when} — a thank-you note after it.`,
    ref: promise.ref,
  };
}

/** An interview when its note says so ("second interview"); any other conversation is a meeting. */
function meetingName(note: string | null): string {
  return note !== null && /\binterview/i.test(note) ? 'Interview' : 'Meeting';
}

/** A logged meeting in a list: the thank-you it asks for, by when, its wording, and "I sent it". */
export function meetingItem(promise: FollowUpPromise, settings: MemberSettings, now: Date): Item {
  if (isUpcomingMeeting(promise, now)) return upcomingMeetingItem(promise, settings, now);
  const zone = settings.timeZone;
  const state = nudgeState(promise, settings, now);
  const dueBy = thankYouDueBy(promise, settings);
  const details =
    state.kind === 'nudge'
      ? [
          `A short thank-you note${dueBy === null ? '' : `, by ${formatWhen(dueBy, now, zone, settings.locale)}`} — for example:`,
        ]
      : [stateLine(promise, state, settings, now)];
  const item: Item = {
    text: `${thankYouLine(promise, settings, now)}.`,
    ref: promise.ref,
    details,
    actions: [{ kind: 'followed', promiseId: promise.id, ref: promise.ref }],
  };
  return state.kind === 'nudge' ? withWording(item, promise, state.nudge, settings, now) : item;
}

/** What the list says of a promise's state. */
export function stateLine(
  promise: FollowUpPromise,
  state: NudgeState,
  settings: MemberSettings,
  now: Date,
): string {
  const zone = settings.timeZone;
  switch (state.kind) {
    case 'nudge':
      switch (state.nudge.kind) {
        case 'follow_up':
          return `To nudge now: ${followUpNumber(state.nudge.attempt)}`;
        case 'ask_right_person':
          return 'To nudge now: ask the right person';
        case 'thank_you':
          return 'To do now: a thank-you note';
      }
      break;
    case 'snoozed':
      return `Snoozed until ${formatWhen(state.until, now, zone, settings.locale)}`;
    case 'waiting': {
      const nudge = plannedNudge(promise, settings);
      if (state.nudgeAt === null || nudge === null) return 'Waiting — no more nudges planned';
      // The moment the member sees it (their digest time), as the replies say it.
      const seen = seenAt(promise, nudge, settings);
      const what = nudge.kind === 'ask_right_person' ? 'suggest asking for the hiring manager' : 'nudge you';
      return `Waiting — I'll ${what} ${formatDay(seen, zone, settings.locale) === formatDay(now, zone, settings.locale) ? 'at' : 'on'} ${formatWhen(seen, now, zone, settings.locale)}`;
    }
    case 'done':
      return 'Done';
  }
}

/** A promise in a list: the promise, its state, and the buttons. */
export function listItem(promise: FollowUpPromise, settings: MemberSettings, now: Date): Item {
  const reach = contactDetailsLine(promise.contact);
  if (promise.kind === 'meeting') {
    const item = meetingItem(promise, settings, now);
    return reach === null ? item : { ...item, details: [...(item.details ?? []), reach] };
  }
  return {
    text: promisedLine(promise, settings),
    ref: promise.ref,
    details: [
      stateLine(promise, nudgeState(promise, settings, now), settings, now),
      ...(reach === null ? [] : [reach]),
    ],
    actions: promiseActions(promise),
  };
}
