import type { DueReading } from './command.ts';
import {
  contactDetailsLine,
  describeContact,
  describeDue,
  followUpNumber,
  formatDay,
  formatMoment,
  formatTime,
  formatWhen,
  plural,
} from './format.ts';
import { type Item, type Message, textMessage } from './message.ts';
import type { CloseOutcome, FollowUpPromise, MemberSettings, Platform } from './model.ts';
import { seenAt } from './nudge-delivery.ts';
import { nudgeState, plannedNudge, thankYouDueBy } from './nudge-policy.ts';
import { listItem } from './promise-view.ts';
import { withWording } from './reach-out.ts';
import { example, keepCommand } from './syntax.ts';
import { followUpsOf, weeklyTally } from './tally.ts';
import { inZone } from './working-time.ts';

/*
 * Short replies to commands, each saying what happens next. Plain text: the adapters escape it.
 */

/** How to say a moment after a sentence that already named `reference`'s day: "at 6:00 PM" or "on Mon 7 Dec at 9:00 AM". */
function atOrOn(at: Date, reference: Date, now: Date, settings: MemberSettings): string {
  const { timeZone: zone, locale } = settings;
  const local = inZone(at, zone);
  if (local.hasSame(inZone(reference, zone), 'day')) return `at ${formatTime(at, zone, locale)}`;
  if (local.hasSame(inZone(now, zone), 'day')) return `today at ${formatTime(at, zone, locale)}`;
  return `on ${formatDay(at, zone, locale)} at ${formatTime(at, zone, locale)}`;
}

/**
 * What happens next with a promise, after whatever the member just did: the next nudge and
 * when, the R6 suggestion, or that no more nudges are planned. `reference` is the day the
 * sentence before named (the due day after an add), so a nudge that day needs only its time.
 */
export function nextStep(
  promise: FollowUpPromise,
  settings: MemberSettings,
  now: Date,
  reference: Date = now,
  platform: Platform = 'slack',
): string {
  const nudge = plannedNudge(promise, settings);
  if (nudge === null) {
    return promise.kind === 'promise' && promise.outcome === null
      ? `No more nudges planned — close it when you know, or \`${keepCommand(platform, promise.ref)}\` for more.`
      : '';
  }
  // When the member will see it: its own DM, or the digest (at their digest time) that carries it.
  const seen = seenAt(promise, nudge, settings);
  if (nudgeState(promise, settings, now).kind === 'nudge') {
    return nudge.kind === 'ask_right_person'
      ? 'Time to ask for the hiring manager — the wording is in `/promise list` and your next digest.'
      : "It's already past due — time for a polite nudge. It's in `/promise list` and your next digest.";
  }
  const when = atOrOn(seen, reference, now, settings);
  switch (nudge.kind) {
    case 'ask_right_person':
      return `I'll suggest asking for the hiring manager ${when} if you haven't heard.`;
    case 'thank_you':
      return `I'll remind you about the thank-you note ${when}.`;
    case 'follow_up':
      return `I'll nudge you ${when} if you haven't heard.`;
  }
}

/** "earlier today", "yesterday", "2 days ago": how long ago an overdue promise was due. */
function agoPhrase(at: Date, now: Date, zone: string): string {
  const days = Math.round(
    inZone(now, zone).startOf('day').diff(inZone(at, zone).startOf('day'), 'days').days,
  );
  if (days <= 0) return 'earlier today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

/** The lines that say how a due was read: a default assumed, a typo read, a zone converted. */
function readingLines(
  promise: FollowUpPromise,
  reading: DueReading | undefined,
  settings: MemberSettings,
): string[] {
  if (reading === undefined) return [];
  const zone = settings.timeZone;
  const lines: string[] = [];
  const day = formatDay(promise.due.at, zone, settings.locale);
  switch (reading.assumed) {
    case 'asap':
      lines.push(`"ASAP" read as the next working day, ${day}. Wrong? Tap Edit to change the date.`);
      break;
    case 'after_holidays':
      lines.push(
        `"After the holidays" read as ${day}, the first working day ${holidaysRule(reading.holidays, settings)}. Wrong? Tap Edit to change the date.`,
      );
      break;
    case 'soon':
    case 'unsaid':
      lines.push(
        `${reading.assumed === 'soon' ? '"Soon" gave no date' : 'No date was given'}, so I assumed a week (a coach's default) and will nudge you on day eight. Know the date? Tap Edit to change it.`,
      );
      break;
    case undefined:
      break;
  }
  if (reading.typos !== undefined && reading.typos.length > 0) {
    const words = reading.typos.map((t) => `"${t.typed}" as ${capitalised(t.read)}`).join(', ');
    lines.push(`I read ${words} — ${day}. Wrong? Tap Edit to change it.`);
  }
  if (reading.saidZone !== undefined) {
    const { said, zone: saidIn } = reading.saidZone;
    lines.push(
      `${formatTime(promise.due.at, saidIn, settings.locale)} ${said} is ${formatMoment(promise.due.at, zone, settings.locale)} in your time zone.`,
    );
  }
  return lines;
}

/** The rule "after the holidays" was read by, as the grammar found it: "after New Year", … */
function holidaysRule(basis: DueReading['holidays'], settings: MemberSettings): string {
  switch (basis) {
    case 'new_year':
      return 'after New Year';
    case 'public_holidays':
      return 'after your public holidays';
    case 'next_week':
      return settings.country === null
        ? 'of next week (set your country for its holidays: settings country DE)'
        : 'of next week';
    case undefined:
      return 'after the holidays';
  }
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/**
 * The add confirmation, with Undo and Edit: "… by Fri 5 Dec, 3:00 PM CET. I'll nudge you at
 * 6:00 PM if you haven't heard." A promise already overdue says how long ago it was due and
 * gives the first nudge's wording right away; a due that was assumed or read from a typo or
 * another zone says so, with Edit to change it.
 */
export function addedReply(
  promise: FollowUpPromise,
  settings: MemberSettings,
  now: Date,
  platform: Platform = 'slack',
  reading?: DueReading,
): Message {
  const zone = settings.timeZone;
  const due =
    promise.due.precision === 'time'
      ? `by ${formatMoment(promise.due.at, zone, settings.locale)}`
      : describeDue(promise, zone, settings.locale);
  const overdue = promise.kind === 'promise' && promise.due.at.getTime() <= now.getTime();
  const said = `${describeContact(promise.contact)} promised to ${promise.what} ${due}`;
  const text = overdue
    ? `${said} — that was ${agoPhrase(promise.due.at, now, zone)}, so it's overdue. Here's a first nudge you can send now:`
    : `${said}. ${nextStep(promise, settings, now, promise.due.at, platform)}`;
  const channel = plannedNudge(promise, settings)?.channel ?? promise.promisedChannel ?? 'email';
  const item: Item = {
    text,
    ref: promise.ref,
    details: [
      ...readingLines(promise, reading, settings),
      ...[contactDetailsLine(promise.contact)].filter((line): line is string => line !== null),
      `Saved as #${promise.ref}.`,
    ],
    actions: [
      { kind: 'undo', promiseId: promise.id, ref: promise.ref },
      { kind: 'edit', promiseId: promise.id, ref: promise.ref },
    ],
  };
  return {
    kind: 'confirmation',
    sections: [
      {
        items: [
          overdue
            ? withWording(item, promise, { kind: 'follow_up', attempt: 1, channel }, settings, now)
            : item,
        ],
      },
    ],
    fallbackText: text,
  };
}

/** Whether a promise belongs in the list: open, and for a meeting, its thank-you not yet sent. */
function isListed(promise: FollowUpPromise): boolean {
  if (promise.outcome !== null) return false;
  return promise.kind === 'promise' || (!promise.thanked && promise.followUps.length === 0);
}

/** Open promises, soonest due first, each with its state (waiting, to nudge, snoozed) and buttons. */
export function listReply(
  promises: readonly FollowUpPromise[],
  settings: MemberSettings,
  now: Date,
  platform: Platform = 'slack',
): Message {
  const open = promises.filter(isListed).sort((a, b) => a.due.at.getTime() - b.due.at.getTime());
  if (open.length === 0) {
    return textMessage('reply', `No open promises. Add one like this:\n${example(platform, 'add')}`);
  }
  const count = `${open.length} open promise${open.length === 1 ? '' : 's'}`;
  return {
    kind: 'reply',
    title: `Open promises (${open.length})`,
    sections: [{ items: open.map((p) => listItem(p, settings, now)) }],
    fallbackText: `${count}, soonest first.`,
  };
}

/** The member's tally: this week, the streak, open threads against the target, and all-time outcomes. */
export function statsReply(
  promises: readonly FollowUpPromise[],
  settings: MemberSettings,
  now: Date,
): Message {
  const tally = weeklyTally(promises, settings, now);
  const gap = settings.target - tally.openThreads;
  const lines = [
    `This week: ${plural(tally.followUpsThisWeek, 'follow-up')}, ${plural(tally.heardThisWeek, 'callback')}`,
    `Streak: ${plural(tally.streakDays, 'working day')}`,
    `Open threads: ${tally.openThreads} (target ${settings.target})${gap > 0 ? ` — ${gap} more to reach it` : ''}`,
    `All time: ${plural(tally.followUpsAllTime, 'follow-up')} logged, ${plural(tally.heardAllTime, 'callback')}, ${plural(tally.offersAllTime, 'offer')}`,
  ];
  return {
    kind: 'reply',
    title: 'Your follow-up stats',
    sections: [{ items: lines.map((text) => ({ text })) }],
    fallbackText: lines[0] ?? 'Your stats',
  };
}

/** After "I followed up": the attempt logged and what happens next. */
export function followedReply(
  promise: FollowUpPromise,
  settings: MemberSettings,
  now: Date,
  platform: Platform = 'slack',
): Message {
  if (promise.kind === 'meeting') {
    return textMessage('confirmation', `Thank-you note to ${promise.contact.name} logged. Nicely done.`);
  }
  return textMessage(
    'confirmation',
    `Logged ${followUpNumber(followUpsOf(promise).length)} with ${promise.contact.name} (#${promise.ref}). ${nextStep(promise, settings, now, now, platform)}`.trim(),
  );
}

/** After "Not now" on a hiring-manager suggestion: it will not come back, and what happens next. */
export function dismissedReply(
  promise: FollowUpPromise,
  settings: MemberSettings,
  now: Date,
  platform: Platform = 'slack',
): Message {
  const next = promise.outcome === null ? ` ${nextStep(promise, settings, now, now, platform)}` : '';
  return textMessage(
    'confirmation',
    `OK — no more hiring-manager suggestion for ${promise.contact.name} (#${promise.ref}).${next}`.trim(),
  );
}

/** After "they got back to me". */
export function heardReply(promise: FollowUpPromise, _settings: MemberSettings, _now: Date): Message {
  return textMessage(
    'confirmation',
    `${promise.contact.name} got back to you — #${promise.ref} is done. Following up works!`,
  );
}

/** After a snooze: until when, and when the next nudge comes. */
export function snoozedReply(
  promise: FollowUpPromise,
  settings: MemberSettings,
  now: Date,
  platform: Platform = 'slack',
): Message {
  const until = promise.snoozedUntil ?? now;
  const nudge = plannedNudge(promise, settings);
  const nudgeAt = nudge === null ? undefined : seenAt(promise, nudge, settings);
  const next =
    promise.kind === 'promise' && nudgeAt?.getTime() === until.getTime()
      ? "I'll nudge you then if you haven't heard."
      : nextStep(promise, settings, now, now, platform);
  return textMessage(
    'confirmation',
    `Snoozed #${promise.ref} ${promise.contact.name} until ${formatWhen(until, now, settings.timeZone, settings.locale)}. ${next}`.trim(),
  );
}

export const CLOSED_WORDS: Record<CloseOutcome | 'heard', string> = {
  heard: 'as heard back.',
  offer: 'with an offer — congratulations!',
  no: 'with a no. On to the next one.',
  withdrawn: 'as withdrawn.',
  cold: 'as gone cold.',
};

/** After a close; after a recruiter's or HR's "no", says when the R6 suggestion comes. */
export function closedReply(promise: FollowUpPromise, settings: MemberSettings, now: Date): Message {
  const nudge = plannedNudge(promise, settings);
  const next =
    nudge?.kind === 'ask_right_person'
      ? ` I'll suggest asking for the hiring manager ${atOrOn(seenAt(promise, nudge, settings), now, now, settings)}.`
      : '';
  const words = promise.outcome === null ? 'for now.' : CLOSED_WORDS[promise.outcome];
  return textMessage('confirmation', `Closed #${promise.ref} ${promise.contact.name} ${words}${next}`);
}

/** After logging a meeting: the thank-you note is due, and by when (R8). */
export function metReply(promise: FollowUpPromise, settings: MemberSettings, now: Date): Message {
  const zone = settings.timeZone;
  const dueBy = thankYouDueBy(promise, settings);
  const deadline =
    dueBy === null || dueBy.getTime() <= now.getTime()
      ? 'today'
      : `by ${formatWhen(dueBy, now, zone, settings.locale)}${inZone(dueBy, zone).hasSame(inZone(now, zone), 'day') ? ' today' : ''}`;
  const nudge = plannedNudge(promise, settings);
  const seen = nudge === null ? null : seenAt(promise, nudge, settings);
  let reminder = '';
  if (seen !== null && nudgeState(promise, settings, now).kind === 'nudge')
    reminder = ' The wording is in `/promise list`, and in your next digest if you have not sent it.';
  else if (seen !== null && seen.getTime() === dueBy?.getTime()) reminder = " I'll remind you then.";
  else if (seen !== null) reminder = ` I'll remind you ${atOrOn(seen, now, now, settings)}.`;
  // A meeting still ahead is saved, not "logged", and its thank-you comes after it.
  const logged =
    promise.due.at.getTime() > now.getTime()
      ? `Saved your meeting with ${describeContact(promise.contact)} on ${formatWhen(promise.due.at, now, zone, settings.locale)} (#${promise.ref}). Send a short thank-you note after it, ${deadline}.`
      : `Logged your conversation with ${describeContact(promise.contact)} (#${promise.ref}). Send a short thank-you note ${deadline}.`;
  return textMessage('confirmation', `${logged}${reminder}`);
}

/** After a pause: until when, and how to come back early. */
export function pausedReply(settings: MemberSettings, now: Date): Message {
  const until = settings.pausedUntil;
  return textMessage(
    'confirmation',
    until === null
      ? 'Not paused.'
      : `Paused until ${formatWhen(until, now, settings.timeZone, settings.locale)}: no digests or nudges until then. Rest well. \`/promise resume\` to come back early.`,
  );
}

/** After a resume. */
export function resumedReply(_settings: MemberSettings, _now: Date): Message {
  return textMessage('confirmation', 'Welcome back — digests and nudges are on again.');
}
