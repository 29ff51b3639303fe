import { describeContact, describeDue, firstName, formatLongDay } from './format.ts';
import type { Item, Message, Section } from './message.ts';
import type { FollowUpPromise, Member } from './model.ts';
import { isGoingCold, nudgeState } from './nudge-policy.ts';
import { nudgeItem } from './promise-view.ts';
import { weeklyTally } from './tally.ts';
import { suggestedMessage } from './wording.ts';
import { inZone } from './working-time.ts';

/** What a digest is built from: the member and all their promises (open and closed). */
export interface DigestInput {
  member: Member;
  promises: readonly FollowUpPromise[];
  now: Date;
}

function greeting(now: Date, zone: string): string {
  const hour = inZone(now, zone).hour;
  return hour < 12 ? 'Good morning' : hour < 17 ? 'Good afternoon' : 'Good evening';
}

/** Promises whose digest carries the one-off R6 suggestion ("ask the right person"). */
export function rightPersonSuggestions(input: DigestInput): FollowUpPromise[] {
  const { member, promises, now } = input;
  return promises.filter((p) => {
    const state = nudgeState(p, member.settings, now);
    return state.kind === 'nudge' && state.nudge.kind === 'ask_right_person';
  });
}

/**
 * The daily digest (DESIGN.md §2) as message data: overdue nudges with wording and buttons,
 * who the member is waiting on, then thank-you notes, ask-the-right-person, going cold and
 * add-more; null when there is nothing to say.
 */
export function buildDigest(input: DigestInput): Message | null {
  const { member, promises, now } = input;
  const settings = member.settings;
  const zone = settings.timeZone;
  const overdue: Item[] = [];
  const waiting: Item[] = [];
  const also: Item[] = [];
  for (const promise of promises) {
    const state = nudgeState(promise, settings, now);
    const who = describeContact(promise.contact);
    if (promise.kind === 'meeting') {
      if (state.kind === 'nudge') {
        const day = inZone(promise.due.at, zone).hasSame(inZone(now, zone), 'day') ? 'today’s' : 'your';
        also.push({
          text: `Thank ${who} for ${day} conversation — a short note today.`,
          ref: promise.ref,
          quote: suggestedMessage(promise, state.nudge, settings, now),
        });
      }
      continue;
    }
    if (promise.outcome !== null) {
      if (state.kind === 'nudge') {
        also.push({
          text: `${who} said no — one more try: ask who the hiring manager is.`,
          quote: suggestedMessage(promise, state.nudge, settings, now),
        });
      }
      continue;
    }
    if (state.kind === 'nudge') overdue.push(nudgeItem(promise, state.nudge, settings, now));
    else
      waiting.push({
        text: `#${promise.ref} ${who} — ${promise.what} ${describeDue(promise, zone)}`,
        ref: promise.ref,
      });
    if (isGoingCold(promise, now)) {
      also.push({
        text: `#${promise.ref} ${who} is going cold: nothing has happened in two weeks.`,
        ref: promise.ref,
      });
    }
  }
  const tally = weeklyTally(promises, settings, now);
  if (overdue.length + waiting.length + also.length === 0) return null;
  if (tally.openThreads < settings.target) {
    also.push({
      text: `Only ${tally.openThreads} thread${tally.openThreads === 1 ? '' : 's'} open; your target is ${settings.target}. Who else could you reach out to this week?`,
    });
  }
  const sections: Section[] = [];
  if (overdue.length > 0) sections.push({ heading: 'Overdue for a polite nudge', items: overdue });
  if (waiting.length > 0) sections.push({ heading: 'Waiting on', items: waiting });
  if (also.length > 0) sections.push({ heading: 'Also', items: also });
  const summary = `${waiting.length} waiting · ${overdue.length} to nudge`;
  const streak = tally.streakDays > 0 ? ` · ${tally.streakDays}-day streak` : '';
  return {
    kind: 'digest',
    title: `${greeting(now, zone)}, ${firstName(member.displayName)} — ${formatLongDay(now, zone)}`,
    summary,
    sections,
    footer: `This week: ${tally.followUpsThisWeek} follow-up${tally.followUpsThisWeek === 1 ? '' : 's'}${streak}`,
    fallbackText: `Your follow-ups today: ${summary}`,
  };
}
