import { stringify } from 'csv-stringify/sync';
import ical, { type ICalCalendar } from 'ical-generator';
import { DateTime } from 'luxon';
import type { Attachment } from '../core/message.ts';
import type { FollowUpPromise, Member } from '../core/model.ts';
import { type NudgeKind, plannedNudge } from '../core/nudge-policy.ts';

/*
 * `/promise export`: the member's own data as CSV (formula-escaped, so a name typed as
 * `=HYPERLINK(…)` stays text in a spreadsheet) and the open due dates as an iCalendar file.
 */
const PROMISE_COLUMNS = [
  'ref',
  'kind',
  'contact',
  'role',
  'title',
  'company',
  'email',
  'phone',
  'linkedin',
  'promised',
  'promised_channel',
  'due_at',
  'due_precision',
  'status',
  'follow_ups',
  'snoozed_until',
  'note',
  'created_at',
  'closed_at',
];

/** A timed event in the calendar lasts this long, so it shows as a block rather than a line. */
const EVENT_MINUTES = 15;

const NUDGE_TITLES: Record<NudgeKind, string> = {
  follow_up: 'Follow up with',
  thank_you: 'Thank',
  ask_right_person: 'Ask for the hiring manager at',
};

/** Member text on one line: a CR or LF in a name must not start a line of its own in the file. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}

function who(p: FollowUpPromise): string {
  return oneLine(`${p.contact.name}${p.contact.company ? ` (${p.contact.company})` : ''}`);
}

/**
 * Open due dates and each one's next nudge. Times are written in UTC (…Z), which every calendar
 * shows in its viewer's zone; a promise due on a day is an all-day event on that day in the
 * member's zone. Never floating local times, which a calendar would read in its own zone.
 */
function calendarOf(member: Member, promises: readonly FollowUpPromise[], now: Date): ICalCalendar {
  const zone = member.settings.timeZone;
  const calendar = ical({
    name: oneLine(`Thrice — ${member.displayName}`),
    prodId: { company: 'Thrice', product: 'Thrice follow-up', language: 'EN' },
  });
  for (const p of promises) {
    if (p.outcome !== null) continue;
    const note = p.note ? `\n${p.note}` : '';
    const timed = p.due.precision === 'time';
    calendar.createEvent({
      id: `thrice-${p.id}`,
      stamp: now,
      start: timed ? p.due.at : DateTime.fromJSDate(p.due.at, { zone }),
      ...(timed ? { end: new Date(p.due.at.getTime() + EVENT_MINUTES * 60_000) } : { allDay: true }),
      summary: `${who(p)}: ${oneLine(p.what)}`,
      description: `Promise #${p.ref} recorded in Thrice.${note}`,
    });
    const nudge = plannedNudge(p, member.settings);
    if (nudge === null) continue;
    calendar.createEvent({
      id: `thrice-${p.id}-nudge-${nudge.attempt}`,
      stamp: now,
      start: nudge.at,
      end: new Date(nudge.at.getTime() + EVENT_MINUTES * 60_000),
      summary: `${NUDGE_TITLES[nudge.kind]} ${who(p)}`,
      description: `Thrice's nudge for promise #${p.ref} (${nudge.kind === 'follow_up' ? `follow-up ${nudge.attempt}, by ${nudge.channel}` : nudge.kind.replaceAll('_', ' ')}).`,
    });
  }
  return calendar;
}

/** The member's promises, follow-ups and open due dates (with their next nudges) as files to attach. */
export function exportAttachments(
  member: Member,
  promises: readonly FollowUpPromise[],
  now: Date,
): Attachment[] {
  const promiseRows = promises.map((p) => ({
    ref: p.ref,
    kind: p.kind,
    contact: p.contact.name,
    role: p.contact.role ?? '',
    title: p.contact.title ?? '',
    company: p.contact.company ?? '',
    email: p.contact.email ?? '',
    phone: p.contact.phone ?? '',
    linkedin: p.contact.linkedin ?? '',
    promised: p.what,
    promised_channel: p.promisedChannel ?? '',
    due_at: p.due.at.toISOString(),
    due_precision: p.due.precision,
    status: p.outcome ?? 'open',
    follow_ups: p.followUps.length,
    snoozed_until: p.snoozedUntil?.toISOString() ?? '',
    note: p.note ?? '',
    created_at: p.createdAt.toISOString(),
    closed_at: p.closedAt?.toISOString() ?? '',
  }));
  const followUpRows = promises.flatMap((p) =>
    p.followUps.map((f) => ({
      ref: p.ref,
      contact: p.contact.name,
      attempt: f.attempt,
      at: f.at.toISOString(),
      channel: f.channel ?? '',
      note: f.note ?? '',
    })),
  );
  const csvOptions = { header: true, escape_formulas: true } as const;
  return [
    {
      filename: 'thrice-promises.csv',
      contentType: 'text/csv',
      content: stringify(promiseRows, { ...csvOptions, columns: PROMISE_COLUMNS }),
    },
    {
      filename: 'thrice-follow-ups.csv',
      contentType: 'text/csv',
      content: stringify(followUpRows, {
        ...csvOptions,
        columns: ['ref', 'contact', 'attempt', 'at', 'channel', 'note'],
      }),
    },
    {
      filename: 'thrice-due-dates.ics',
      contentType: 'text/calendar',
      content: calendarOf(member, promises, now).toString(),
    },
  ];
}
