import { describeDue, firstName } from './format.ts';
import type { Channel, FollowUpPromise, MemberSettings } from './model.ts';
import type { NudgeKind } from './nudge-policy.ts';
import { inZone } from './working-time.ts';

/** "by Friday", "by Fri 5 Dec": the promised moment as a person would say it. */
function promisedWhen(promise: FollowUpPromise, settings: MemberSettings, now: Date): string {
  const due = inZone(promise.due.at, settings.timeZone);
  const daysAgo = inZone(now, settings.timeZone).startOf('day').diff(due.startOf('day'), 'days').days;
  if (promise.due.precision === 'days') return describeDue(promise, settings.timeZone);
  return daysAgo < 7
    ? `by ${due.toFormat('cccc', { locale: 'en-GB' })}`
    : `by ${due.toFormat('d LLLL', { locale: 'en-GB' })}`;
}

function companyPart(promise: FollowUpPromise): string {
  return promise.contact.company ? ` at ${promise.contact.company}` : '';
}

/**
 * The message the member copies: short, polite, specific (who, what, when), a little bolder
 * with each attempt, and shaped for the channel. It never mentions Thrice.
 */
export function suggestedMessage(
  promise: FollowUpPromise,
  nudge: { kind: NudgeKind; attempt: number; channel: Channel },
  settings: MemberSettings,
  now: Date,
): string {
  const name = firstName(promise.contact.name);
  const when = promisedWhen(promise, settings, now);
  // `what` is stored from the member's side ("call you back"); the contact reads "call me back".
  const what = promise.what.replace(/\byour\b/gi, 'my').replace(/\byou\b/gi, 'me');
  if (nudge.kind === 'thank_you') {
    return `Hi ${name}, thank you for taking the time to talk with me. I enjoyed learning more about the role${companyPart(promise)} and I'm even more excited about it now. Please let me know if I can share anything else.`;
  }
  if (nudge.kind === 'ask_right_person') {
    return promise.outcome === 'no'
      ? `Hi ${name}, thank you for letting me know. I'm still very interested in the team${companyPart(promise)} — could you point me to the hiring manager, so I can ask about other openings where I might fit?`
      : `Hi ${name}, I know things get busy. Would it help if I reached out to the hiring manager directly? If so, could you share who that is? Thanks again for your help.`;
  }
  const opener = {
    call: `Hi ${name}, this is a quick call to follow up —`,
    email: `Hi ${name},\n`,
    linkedin: `Hi ${name} —`,
  }[nudge.channel];
  switch (Math.min(nudge.attempt, 3)) {
    case 1:
      return `${opener} you mentioned you'd ${what} ${when}. I wanted to check in and see whether there's any news, or anything else I can share to help.`;
    case 2:
      return `${opener} I'm following up on my earlier message: you planned to ${what} ${when}. Could you give me a quick update on where things stand?`;
    default:
      return `${opener} I've followed up a couple of times since you planned to ${what} ${when}. I'm still very interested — could you let me know either way, or point me to someone else I should talk to?`;
  }
}
