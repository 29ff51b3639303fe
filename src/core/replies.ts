import { describeContact, describeDue, formatDay, formatMoment, formatWhen } from './format.ts';
import { type Message, textMessage } from './message.ts';
import type { FollowUpPromise, MemberSettings } from './model.ts';
import { plannedNudge } from './nudge-policy.ts';
import { listItem } from './promise-view.ts';
import { POLICY } from './settings.ts';
import { weeklyTally } from './tally.ts';

/** "I'll nudge you at 6:00 PM if you haven't heard." / "… on Mon 7 Dec, 9:00 AM …" */
function nextNudgeSentence(promise: FollowUpPromise, settings: MemberSettings, now: Date): string {
  const nudge = plannedNudge(promise, settings);
  if (nudge === null) return 'No more nudges are planned for this one.';
  const zone = settings.timeZone;
  const when = formatWhen(nudge.at, now, zone);
  const sameDay = formatDay(nudge.at, zone) === formatDay(now, zone);
  return `I'll nudge you ${sameDay ? 'at' : 'on'} ${when} if you haven't heard.`;
}

/** The add confirmation, with Undo and Edit. */
export function addedReply(promise: FollowUpPromise, settings: MemberSettings, now: Date): Message {
  const due =
    promise.due.precision === 'time'
      ? `by ${formatMoment(promise.due.at, settings.timeZone)}`
      : describeDue(promise, settings.timeZone);
  const text = `${describeContact(promise.contact)} promised to ${promise.what} ${due}. ${nextNudgeSentence(promise, settings, now)}`;
  return {
    kind: 'confirmation',
    sections: [
      {
        items: [
          {
            text,
            ref: promise.ref,
            details: [`Saved as #${promise.ref}.`],
            actions: [
              { kind: 'undo', promiseId: promise.id, ref: promise.ref },
              { kind: 'edit', promiseId: promise.id, ref: promise.ref },
            ],
          },
        ],
      },
    ],
    fallbackText: text,
  };
}

/** Open promises, soonest first, each with its state and buttons. */
export function listReply(
  promises: readonly FollowUpPromise[],
  settings: MemberSettings,
  now: Date,
): Message {
  const open = promises.filter(
    (p) => p.outcome === null && !(p.kind === 'meeting' && (p.thanked || p.followUps.length > 0)),
  );
  if (open.length === 0) {
    return textMessage(
      'reply',
      'No open promises. Add one like this:\n/promise Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
    );
  }
  return {
    kind: 'reply',
    title: `Open promises (${open.length})`,
    sections: [{ items: open.map((p) => listItem(p, settings, now)) }],
    fallbackText: `${open.length} open promises`,
  };
}

/** The member's tally: this week, the streak, open threads against the target, outcomes. */
export function statsReply(
  promises: readonly FollowUpPromise[],
  settings: MemberSettings,
  now: Date,
): Message {
  const tally = weeklyTally(promises, settings, now);
  const count = (outcome: FollowUpPromise['outcome']) => promises.filter((p) => p.outcome === outcome).length;
  const lines = [
    `This week: ${tally.followUpsThisWeek} follow-ups, ${tally.heardThisWeek} callbacks`,
    `Streak: ${tally.streakDays} working day${tally.streakDays === 1 ? '' : 's'}`,
    `Open threads: ${tally.openThreads} (target ${settings.target})`,
    `All time: ${promises.reduce((n, p) => n + p.followUps.length, 0)} follow-ups logged, ${count('heard')} callbacks, ${count('offer')} offers`,
  ];
  return {
    kind: 'reply',
    title: 'Your follow-up stats',
    sections: [{ items: lines.map((text) => ({ text })) }],
    fallbackText: lines[0] ?? 'Your stats',
  };
}

/** After "I followed up": the attempt logged and what happens next. */
export function followedReply(promise: FollowUpPromise, settings: MemberSettings, now: Date): Message {
  const n = promise.followUps.length;
  if (promise.kind === 'meeting') {
    return textMessage('confirmation', `Thank-you note to ${promise.contact.name} logged. Nicely done.`);
  }
  const of = Math.max(n, POLICY.followUpsBeforeEscalation);
  return textMessage(
    'confirmation',
    `Logged follow-up ${n} of ${of} with ${promise.contact.name} (#${promise.ref}). ${nextNudgeSentence(promise, settings, now)}`,
  );
}

/** After "they got back to me". */
export function heardReply(promise: FollowUpPromise, _settings: MemberSettings, _now: Date): Message {
  return textMessage(
    'confirmation',
    `${promise.contact.name} got back to you — #${promise.ref} is done. Following up works!`,
  );
}

/** After a snooze. */
export function snoozedReply(promise: FollowUpPromise, settings: MemberSettings, now: Date): Message {
  const until = promise.snoozedUntil ?? now;
  return textMessage(
    'confirmation',
    `Snoozed #${promise.ref} ${promise.contact.name} until ${formatWhen(until, now, settings.timeZone)}. ${nextNudgeSentence(promise, settings, now)}`,
  );
}

const CLOSED_WORDS: Record<string, string> = {
  offer: 'with an offer — congratulations!',
  no: 'with a no. On to the next one.',
  withdrawn: 'as withdrawn.',
  cold: 'as gone cold.',
};

/** After a close. */
export function closedReply(promise: FollowUpPromise, settings: MemberSettings, now: Date): Message {
  const nudge = plannedNudge(promise, settings);
  const next =
    nudge?.kind === 'ask_right_person'
      ? ` I'll suggest asking for the hiring manager ${formatWhen(nudge.at, now, settings.timeZone)}.`
      : '';
  return textMessage(
    'confirmation',
    `Closed #${promise.ref} ${promise.contact.name} ${CLOSED_WORDS[promise.outcome ?? ''] ?? '.'}${next}`,
  );
}

/** After logging a meeting: the thank-you note that is due. */
export function metReply(promise: FollowUpPromise, settings: MemberSettings, now: Date): Message {
  const nudge = plannedNudge(promise, settings);
  const when = nudge === null ? 'today' : formatWhen(nudge.at, now, settings.timeZone);
  return textMessage(
    'confirmation',
    `Logged your conversation with ${describeContact(promise.contact)} (#${promise.ref}). Send a short thank-you note within a day — I'll remind you ${nudge !== null && nudge.at.getTime() <= now.getTime() ? 'in your next digest' : `at ${when}`}.`,
  );
}

/** After a pause. */
export function pausedReply(settings: MemberSettings, now: Date): Message {
  const until = settings.pausedUntil;
  return textMessage(
    'confirmation',
    until === null
      ? 'Not paused.'
      : `Paused until ${formatWhen(until, now, settings.timeZone)}: no digests or nudges until then. Rest well. \`/promise resume\` to come back early.`,
  );
}

/** After a resume. */
export function resumedReply(_settings: MemberSettings, _now: Date): Message {
  return textMessage('confirmation', 'Welcome back — digests and nudges are on again.');
}
