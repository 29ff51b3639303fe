import { formatDay, formatMoment, formatTime, localDay } from './format.ts';
import type { Message, TimeMark } from './message.ts';
import type { FollowUpPromise } from './model.ts';

/**
 * Marks the moments `message` shows (Message.times), by the ways the views write a moment with a
 * clock time: "Fri 4 Dec, 3:00 PM CET", "Fri 4 Dec, 3:00 PM", "Fri 4 Dec at 3:00 PM", and on
 * today (or on the day of another moment of the same promise), "3:00 PM". `moments` come in
 * groups, one a promise. Written both in the member's locale and the default one, as some views
 * write the latter. Days without a time ("by Fri 4 Dec") stay words everywhere. A moment the text
 * does not show is not marked; quotes (wording the member copies to a contact) are never read.
 */
export function markTimes(
  message: Message,
  moments: readonly (readonly Date[])[],
  zone: string,
  locale: string | null | undefined,
  now: Date,
): Message {
  const texts = [
    message.title,
    message.summary,
    message.footer,
    message.fallbackText,
    ...message.sections.flatMap((section) => [
      section.heading,
      ...section.items.flatMap((item) => [item.text, ...(item.details ?? [])]),
    ]),
  ].filter((text): text is string => text !== undefined);
  const marks = new Map<string, TimeMark>();
  for (const group of moments) {
    for (const at of group) {
      const unix = Math.floor(at.getTime() / 1000);
      // "at 1:00 PM" alone: today, or the day of another moment of its promise ("nudge you at 1:00 PM").
      const day = localDay(at, zone);
      const sameDay = [now, ...group.filter((other) => other !== at)].some(
        (other) => localDay(other, zone) === day,
      );
      for (const style of new Set([locale ?? null, null])) {
        const dayText = formatDay(at, zone, style);
        const time = formatTime(at, zone, style);
        const forms = [formatMoment(at, zone, style), `${dayText}, ${time}`, `${dayText} at ${time}`];
        if (sameDay) forms.push(time);
        for (const text of forms)
          if (!marks.has(text) && texts.some((line) => line.includes(text))) marks.set(text, { text, unix });
      }
    }
  }
  return marks.size === 0 ? message : { ...message, times: [...marks.values()] };
}

/** The moments views show of promises, one group a promise: when it is due, snoozed until, nudged next. */
export function momentsOf(promises: readonly FollowUpPromise[]): Date[][] {
  return promises.map((p) =>
    [p.due.at, p.snoozedUntil, p.nextNudgeAt].filter((at): at is Date => at !== null),
  );
}
