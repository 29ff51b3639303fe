import { stringify } from 'csv-stringify/sync';
import ical from 'ical-generator';
import type { Attachment } from '../core/message.ts';
import type { FollowUpPromise, Member } from '../core/model.ts';

/*
 * `/promise export`: the member's own data as CSV (formula-escaped, so a name typed as
 * `=HYPERLINK(…)` stays text in a spreadsheet) and the open due dates as an iCalendar file.
 */
const PROMISE_COLUMNS = [
  'ref',
  'kind',
  'contact',
  'role',
  'company',
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

/** The member's promises, follow-ups and open due dates as files to attach. */
export function exportAttachments(member: Member, promises: readonly FollowUpPromise[]): Attachment[] {
  const promiseRows = promises.map((p) => ({
    ref: p.ref,
    kind: p.kind,
    contact: p.contact.name,
    role: p.contact.role ?? '',
    company: p.contact.company ?? '',
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
  const calendar = ical({ name: `Thrice — ${member.displayName}`, timezone: member.settings.timeZone });
  for (const p of promises) {
    if (p.outcome !== null) continue;
    const allDay = p.due.precision !== 'time';
    calendar.createEvent({
      id: `thrice-${p.id}`,
      start: p.due.at,
      allDay,
      summary: `${p.contact.name}${p.contact.company ? ` (${p.contact.company})` : ''}: ${p.what}`,
      description: `Promise #${p.ref} recorded in Thrice.${p.note ? `\n${p.note}` : ''}`,
    });
  }
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
    { filename: 'thrice-due-dates.ics', contentType: 'text/calendar', content: calendar.toString() },
  ];
}
