import { describeSpan, firstName, formatClock, formatLongDate, spanDays, weekdayName } from './format.ts';
import type { Channel, FollowUpPromise, MemberSettings } from './model.ts';
import type { NudgeKind } from './nudge-policy.ts';
import { inZone } from './working-time.ts';

/*
 * The words the member copies. Short, polite and specific: the contact's first name, what was
 * promised and when, a little bolder with each attempt (1: a gentle check-in; 2: a direct ask
 * for an update; 3 and later: a yes-or-no, and an offer to talk to someone else), and shaped for
 * the channel (a phone opener, an email body, a short LinkedIn message). Never mentions Thrice:
 * the member sends these as their own.
 */

/** What the suggestion is for. */
export interface NudgeWording {
  kind: NudgeKind;
  attempt: number;
  channel: Channel;
}

/** Everything a template needs, already phrased for the contact's ears. */
interface Phrases {
  name: string;
  /** "call me back", "email me the offer details". */
  what: string;
  /** "by Friday", "by 3 PM today", "within a week". */
  when: string;
  /** " at Acme", or "". */
  atCompany: string;
}

/** Rewrites what was promised from the member's side ("call you back") to theirs ("call me back"). */
function toContactsSide(what: string): string {
  return what
    .replace(/\byou're\b/gi, "I'm")
    .replace(/\byou've\b/gi, "I've")
    .replace(/\byou'll\b/gi, "I'll")
    .replace(/\byourself\b/gi, 'myself')
    .replace(/\byours\b/gi, 'mine')
    .replace(/\byour\b/gi, 'my')
    .replace(/\byou\b/gi, 'me');
}

/** When it was promised, as the contact would hear it: "by Friday", "by 3 PM today", "by 4 December". */
function promisedWhen(promise: FollowUpPromise, settings: MemberSettings, now: Date): string {
  const { due } = promise;
  if (due.precision === 'days') return `within ${describeSpan(spanDays(promise, settings.timeZone))}`;
  const local = inZone(due.at, settings.timeZone);
  const daysAgo = inZone(now, settings.timeZone).startOf('day').diff(local.startOf('day'), 'days').days;
  const atTime = due.precision === 'time' ? `${formatClock(local, settings.locale, true)} ` : '';
  if (Math.round(daysAgo) === 0) return due.precision === 'time' ? `by ${atTime}today` : 'by today';
  if (Math.round(daysAgo) === 1) return due.precision === 'time' ? `by ${atTime}yesterday` : 'yesterday';
  if (daysAgo > -7 && daysAgo < 7) return `by ${weekdayName(local)}`;
  return `by ${formatLongDate(local, settings.locale)}`;
}

/** "today", "yesterday", "on Friday", "on 4 December": when a meeting happened. */
function meetingWhen(promise: FollowUpPromise, settings: MemberSettings, now: Date): string {
  const local = inZone(promise.due.at, settings.timeZone);
  const daysAgo = Math.round(
    inZone(now, settings.timeZone).startOf('day').diff(local.startOf('day'), 'days').days,
  );
  if (daysAgo <= 0) return 'today';
  if (daysAgo === 1) return 'yesterday';
  if (daysAgo < 7) return `on ${weekdayName(local)}`;
  return `on ${formatLongDate(local, settings.locale)}`;
}

/** Wraps a body for its channel: an email gets a blank line after the greeting and a sign-off. */
function framed(channel: Channel, name: string, body: string, signOff = 'Best regards,'): string {
  if (channel !== 'email') return `Hi ${name}, ${body}`;
  return `Hi ${name},\n\n${body.charAt(0).toUpperCase()}${body.slice(1)}\n\n${signOff}`;
}

/** Follow-up n: the check-in, the ask for an update, the yes-or-no. */
function followUpWording(p: Phrases, attempt: number, channel: Channel): string {
  const { name, what, when } = p;
  if (attempt <= 1) {
    switch (channel) {
      case 'call':
        return framed(
          channel,
          name,
          `thanks for picking up — I'm calling to follow up on our conversation. You mentioned you'd ${what} ${when}, so I wanted to check in: is there any news, or anything else I can share to help?`,
        );
      case 'email':
        return framed(
          channel,
          name,
          `I hope your week is going well. You mentioned you'd ${what} ${when}, so I wanted to check in — is there any news, or anything else I can share to help?`,
        );
      case 'linkedin':
        return framed(
          channel,
          name,
          `hope you're well! You mentioned you'd ${what} ${when} — just checking in to see if there's any news. Happy to share anything that helps.`,
        );
    }
  }
  if (attempt === 2) {
    switch (channel) {
      case 'call':
        return framed(
          channel,
          name,
          `I'm calling to follow up again — you were going to ${what} ${when}. Could you give me a quick update on where things stand and what the next step is?`,
        );
      case 'email':
        return framed(
          channel,
          name,
          `I'm following up on my earlier message. You planned to ${what} ${when} — could you give me a quick update on where things stand and what the next step is?`,
          'Thank you,',
        );
      case 'linkedin':
        return framed(
          channel,
          name,
          `following up on my earlier message: you planned to ${what} ${when}. Could you give me a quick update on where things stand?`,
        );
    }
  }
  const times = attempt === 3 ? 'a couple of times' : 'a few times';
  switch (channel) {
    case 'call':
      return framed(
        channel,
        name,
        `I'm calling one more time about our conversation — you were going to ${what} ${when}. I'm still very interested: could you tell me either way where things stand? If someone else is handling it now, who should I speak to?`,
      );
    case 'email':
      return framed(
        channel,
        name,
        `I've followed up ${times} since you planned to ${what} ${when}, and I don't want to crowd your inbox. I'm still very interested — could you let me know either way? If someone else is handling this now, I'd be glad to talk to them instead.`,
        'Thank you,',
      );
    case 'linkedin':
      return framed(
        channel,
        name,
        `I've followed up ${times} since you planned to ${what} ${when}. I'm still very interested — could you let me know either way? If someone else is handling it now, I'm happy to reach out to them.`,
      );
  }
}

/** R6: ask who the hiring manager is, or offer to reach them directly. */
function rightPersonWording(promise: FollowUpPromise, p: Phrases, channel: Channel): string {
  if (promise.outcome === 'no') {
    const where = p.atCompany === '' ? 'the team' : `working${p.atCompany}`;
    return framed(
      channel,
      p.name,
      `thank you for letting me know. I'm still very interested in ${where} — could you point me to the hiring manager, so I can ask them about other openings where I might fit?`,
      'Thanks again,',
    );
  }
  const ask =
    'Would it help if I reached out to the hiring manager directly? If so, could you tell me who that is?';
  return channel === 'call'
    ? framed(channel, p.name, `I'm calling because I know things get busy on your side. ${ask}`)
    : framed(
        channel,
        p.name,
        `I know things get busy, and I don't want to crowd your inbox. ${ask} Thanks again for your help.`,
      );
}

/** R8: thank them for the conversation. */
function thankYouWording(p: Phrases, channel: Channel, when: string): string {
  const team = p.atCompany === '' ? 'the role' : `the team${p.atCompany}`;
  // Without a company the team is "the role": the second mention is "it", not "the role" again.
  const role = p.atCompany === '' ? 'it' : 'the role';
  return channel === 'linkedin' || channel === 'call'
    ? framed(
        channel,
        p.name,
        `thank you for talking with me ${when}. I enjoyed learning more about ${team}, and I'm even more excited about it now.`,
      )
    : framed(
        channel,
        p.name,
        `Thank you for taking the time to talk with me ${when}. I enjoyed learning more about ${team}, and our conversation made me even more excited about ${role}. Please let me know if I can share anything else.`,
      );
}

/** "the role at Acme", "the role": what a subject line is about. */
function roleAt(p: Phrases): string {
  return p.atCompany === '' ? 'the role' : `the role${p.atCompany}`;
}

/** The subject line of an e-mail draft: short, specific, and as bold as the body. */
function subjectOf(promise: FollowUpPromise, nudge: NudgeWording, p: Phrases, meetingWhen: string): string {
  switch (nudge.kind) {
    case 'thank_you':
      return meetingWhen === 'today' || meetingWhen === 'yesterday'
        ? `Thank you for ${meetingWhen === 'today' ? "today's" : "yesterday's"} conversation`
        : `Thank you for our conversation about ${roleAt(p)}`;
    case 'ask_right_person':
      return promise.outcome === 'no'
        ? `Other openings${p.atCompany}`
        : `Who is the hiring manager for ${roleAt(p)}?`;
    case 'follow_up':
      if (nudge.attempt <= 1) return `Following up on our conversation about ${roleAt(p)}`;
      if (nudge.attempt === 2) return `Checking in again about ${roleAt(p)}`;
      return `Any news on ${roleAt(p)}?`;
  }
}

/** A draft the member sends: the subject line (e-mail only) and the body. */
export interface Draft {
  /** "Following up on our conversation about the role at Acme"; null for a call or a LinkedIn message. */
  subject: string | null;
  body: string;
}

/**
 * The draft for a nudge: short, polite, specific (who, what, when), a little bolder with each
 * attempt, and shaped for the channel; an e-mail has a subject line. It never mentions Thrice.
 */
export function suggestedDraft(
  promise: FollowUpPromise,
  nudge: NudgeWording,
  settings: MemberSettings,
  now: Date,
): Draft {
  const phrases: Phrases = {
    name: firstName(promise.contact.name),
    what: toContactsSide(promise.what),
    when: promisedWhen(promise, settings, now),
    atCompany: promise.contact.company ? ` at ${promise.contact.company}` : '',
  };
  const met = meetingWhen(promise, settings, now);
  const subject = nudge.channel === 'email' ? subjectOf(promise, nudge, phrases, met) : null;
  switch (nudge.kind) {
    case 'thank_you':
      return { subject, body: thankYouWording(phrases, nudge.channel, met) };
    case 'ask_right_person':
      return { subject, body: rightPersonWording(promise, phrases, nudge.channel) };
    case 'follow_up':
      return { subject, body: followUpWording(phrases, nudge.attempt, nudge.channel) };
  }
}

/**
 * The message the member copies for a nudge, as one text: an e-mail starts with its subject line
 * ("Subject: …"), then a blank line and the body.
 */
export function suggestedMessage(
  promise: FollowUpPromise,
  nudge: NudgeWording,
  settings: MemberSettings,
  now: Date,
): string {
  const draft = suggestedDraft(promise, nudge, settings, now);
  return draft.subject === null ? draft.body : `Subject: ${draft.subject}\n\n${draft.body}`;
}
