import {
  CHANNEL_WORDS,
  capitalized,
  describeContact,
  describeDue,
  describeSpan,
  firstName,
  followUpNumber,
  formatLongDay,
  formatShortDate,
  formatWhen,
  numberWord,
  plural,
  spanDays,
} from './format.ts';
import type { Action, Item, Message, Section } from './message.ts';
import type { Channel, FollowUpPromise, Member, MemberSettings, Platform } from './model.ts';
import { isGoingCold, type NudgeState, nudgeState, type PlannedNudge } from './nudge-policy.ts';
import { POLICY } from './policy-defaults.ts';
import { promiseActions, thankYouLine } from './promise-view.ts';
import { withWording } from './reach-out.ts';
import { keepCommand } from './syntax.ts';
import { followUpsOf, weeklyTally } from './tally.ts';
import { markTimes, momentsOf } from './times.ts';
import { inZone } from './working-time.ts';

/*
 * The daily DM digest (DESIGN.md §2) as message data. When it stays silent: a member with no
 * promises at all gets no digest; a member with history but nothing open, overdue, due for a
 * thank-you or going cold gets one only on the first work day of their week, and only when they
 * are under their target, to suggest adding more (R7). Anything else worth saying sends it.
 */

/** What a digest is built from: the member and all their promises (open and recently closed). */
export interface DigestInput {
  member: Member;
  promises: readonly FollowUpPromise[];
  now: Date;
  /** Whose syntax the digest's hints use; typed lines (Slack, the console) when not given. */
  platform?: Platform;
}

/** How a channel reads in the digest's "try … today": as in a nudge, except that email reads bare. */
const TRY_CHANNEL: Record<Channel, string> = {
  call: CHANNEL_WORDS.call.suggestion,
  email: CHANNEL_WORDS.email.name,
  linkedin: CHANNEL_WORDS.linkedin.suggestion,
};

function greeting(now: Date, zone: string): string {
  const hour = inZone(now, zone).hour;
  return hour < 12 ? 'Good morning' : hour < 17 ? 'Good afternoon' : 'Good evening';
}

/** The first line of an overdue promise: R4 counts the days, the others say what and by when. */
function overdueLine(promise: FollowUpPromise, settings: MemberSettings, now: Date): string {
  const zone = settings.timeZone;
  const who = `#${promise.ref} ${describeContact(promise.contact)}`;
  if (promise.due.precision === 'days') {
    const day = Math.round(
      inZone(now, zone).startOf('day').diff(inZone(promise.createdAt, zone).startOf('day'), 'days').days,
    );
    const span = describeSpan(spanDays(promise, zone));
    return `${who} asked for ${span} on ${formatShortDate(promise.createdAt, zone, settings.locale)} — today is day ${numberWord(day)}.`;
  }
  return `${who} promised to ${promise.what} ${describeDue(promise, zone, settings.locale)}.`;
}

/** "Follow-up 1 of 3 — try email today:"; past the third (keep going), no "of". */
function attemptLine(nudge: PlannedNudge): string {
  return `${capitalized(followUpNumber(nudge.attempt))} — try ${TRY_CHANNEL[nudge.channel]} today:`;
}

/** A promise the member is waiting on, with a note when it is snoozed or has no nudges left. */
function waitingItem(
  promise: FollowUpPromise,
  state: NudgeState,
  settings: MemberSettings,
  now: Date,
  platform: Platform,
): Item {
  const zone = settings.timeZone;
  const text = `#${promise.ref} ${describeContact(promise.contact)} — ${promise.what} ${describeDue(promise, zone, settings.locale)}`;
  const details: string[] = [];
  if (state.kind === 'snoozed')
    details.push(`Snoozed until ${formatWhen(state.until, now, zone, settings.locale)}`);
  const overdue = promise.due.at.getTime() <= now.getTime();
  if (state.kind === 'waiting' && state.nudgeAt === null && overdue) {
    details.push(
      `No more nudges planned. Close it when you know, or \`${keepCommand(platform, promise.ref)}\` for more.`,
    );
  }
  return details.length === 0 ? { text, ref: promise.ref } : { text, ref: promise.ref, details };
}

/** Promises whose digest carries the one-off R6 suggestion ("ask the right person"). */
export function rightPersonSuggestions(input: DigestInput): FollowUpPromise[] {
  const { member, promises, now } = input;
  return promises.filter((p) => {
    const state = nudgeState(p, member.settings, now);
    return state.kind === 'nudge' && state.nudge.kind === 'ask_right_person';
  });
}

/** Whether `now` is on the first work day of the member's local week (Monday for most). */
function firstWorkDayOfWeek(now: Date, settings: MemberSettings): boolean {
  return inZone(now, settings.timeZone).weekday === Math.min(...settings.workDays);
}

/**
 * The daily digest (DESIGN.md §2) as message data: overdue nudges with wording and buttons,
 * who the member is waiting on, then thank-you notes, ask-the-right-person, going cold and
 * add-more, and the week's tally; null when there is nothing to say (see the rule above).
 */
export function buildDigest(input: DigestInput): Message | null {
  const { member, promises, now } = input;
  const settings = member.settings;
  const zone = settings.timeZone;
  const overdue: { since: number; item: Item }[] = [];
  const waiting: { due: number; item: Item }[] = [];
  const also: Item[] = [];
  let rightPerson = 0;
  for (const promise of promises) {
    const state = nudgeState(promise, settings, now);
    const who = describeContact(promise.contact);
    if (promise.kind === 'meeting') {
      if (state.kind === 'nudge') {
        also.push(
          withWording(
            {
              text: `${thankYouLine(promise, settings, now)} — a short note today.`,
              ref: promise.ref,
              actions: [{ kind: 'followed', promiseId: promise.id, ref: promise.ref }],
            },
            promise,
            state.nudge,
            settings,
            now,
          ),
        );
      }
      continue;
    }
    if (promise.outcome !== null) {
      // Closed: only a gatekeeper's "no" still has something to say (R6), and it has no buttons.
      if (state.kind === 'nudge') {
        also.push(
          withWording(
            {
              text: `#${promise.ref} ${who} said no — one more try: ask who the hiring manager is.`,
              ref: promise.ref,
              actions: [{ kind: 'dismiss', promiseId: promise.id, ref: promise.ref }],
            },
            promise,
            state.nudge,
            settings,
            now,
          ),
        );
      }
      continue;
    }
    const actions: readonly Action[] = promiseActions(promise);
    if (state.kind === 'nudge' && state.nudge.kind === 'ask_right_person') {
      rightPerson += 1;
      also.push(
        withWording(
          {
            text: `#${promise.ref} ${who} hasn’t answered ${numberWord(followUpsOf(promise).length)} follow-ups — time to ask the right person.`,
            ref: promise.ref,
            details: [
              `Ask who the hiring manager is, or offer to reach them directly — try ${TRY_CHANNEL[state.nudge.channel]}:`,
            ],
            // It stays in every digest until it is acted on (a follow-up, a close) or dismissed.
            actions: [...actions, { kind: 'dismiss', promiseId: promise.id, ref: promise.ref }],
          },
          promise,
          state.nudge,
          settings,
          now,
        ),
      );
    } else if (state.kind === 'nudge') {
      overdue.push({
        since: state.since.getTime(),
        item: withWording(
          {
            text: overdueLine(promise, settings, now),
            ref: promise.ref,
            details: [attemptLine(state.nudge)],
            actions,
          },
          promise,
          state.nudge,
          settings,
          now,
        ),
      });
    } else {
      waiting.push({
        due: promise.due.at.getTime(),
        item: waitingItem(promise, state, settings, now, input.platform ?? 'slack'),
      });
    }
    // An overdue thread already asks for action: it is not also listed as going cold.
    if (state.kind !== 'nudge' && isGoingCold(promise, now)) {
      const quiet = POLICY.goingColdAfterDays === 14 ? 'two weeks' : plural(POLICY.goingColdAfterDays, 'day');
      also.push({
        text: `#${promise.ref} ${who} is going cold: nothing has happened in ${quiet}.`,
        ref: promise.ref,
        actions,
      });
    }
  }
  const tally = weeklyTally(promises, settings, now);
  const hasNews = overdue.length + waiting.length + also.length > 0;
  const underTarget = tally.openThreads < settings.target;
  if (!hasNews && !(promises.length > 0 && underTarget && firstWorkDayOfWeek(now, settings))) return null;
  if (underTarget) {
    also.push({
      text:
        tally.openThreads === 0
          ? `No threads open; your target is ${settings.target}. Who could you reach out to this week?`
          : `Only ${plural(tally.openThreads, 'thread')} open; your target is ${settings.target}. Who else could you reach out to this week?`,
    });
  }
  const sections: Section[] = [];
  if (overdue.length > 0) {
    overdue.sort((a, b) => a.since - b.since);
    sections.push({ heading: 'Overdue for a polite nudge', items: overdue.map((o) => o.item) });
  }
  if (waiting.length > 0) {
    waiting.sort((a, b) => a.due - b.due);
    sections.push({ heading: 'Waiting on', items: waiting.map((w) => w.item) });
  }
  if (also.length > 0) sections.push({ heading: 'Also', items: also });
  const day = formatLongDay(now, zone, settings.locale);
  const summary = `${waiting.length} waiting · ${overdue.length + rightPerson} to nudge`;
  const streak = tally.streakDays > 0 ? ` · ${tally.streakDays}-day streak` : '';
  const digest: Message = {
    kind: 'digest',
    title: `${greeting(now, zone)}, ${firstName(member.displayName)} — ${day}`,
    summary,
    sections,
    footer: `This week: ${plural(tally.followUpsThisWeek, 'follow-up')}${streak}`,
    fallbackText: `Your follow-ups for ${day}: ${summary}`,
  };
  return markTimes(digest, momentsOf(promises), zone, settings.locale, now);
}
