import type {
  Channel,
  ContactRole,
  Due,
  DuePrecision,
  FollowUp,
  FollowUpPromise,
  LocalTime,
  Member,
  MemberSettings,
  Outcome,
  Platform,
  PromiseKind,
  UnreachableReason,
  Weekday,
  Workspace,
} from '../src/core/model.ts';
import type { followUps, members, promises, workspaces } from './schema.ts';

type WorkspaceRow = typeof workspaces.$inferSelect;
type MemberRow = typeof members.$inferSelect;
type PromiseRow = typeof promises.$inferSelect;
type FollowUpRow = typeof followUps.$inferSelect;

/** 'HH:MM' ↔ LocalTime. */
export function timeToText(time: LocalTime): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

function textToTime(text: string): LocalTime {
  const [hour = 0, minute = 0] = text.split(':').map(Number);
  return { hour, minute };
}

/** A workspaces row as the domain's Workspace. */
export function toWorkspace(row: WorkspaceRow): Workspace {
  return {
    id: row.id,
    platform: row.platform as Platform,
    externalId: row.externalId,
    name: row.name,
    accountabilityChannelId: row.accountabilityChannelId,
    roundupCadence: row.roundupCadence as Workspace['roundupCadence'],
    timeZone: row.timeZone,
  };
}

/** The settings columns of a members row. */
export function settingsColumns(settings: MemberSettings) {
  return {
    timeZone: settings.timeZone,
    timeZoneConfirmed: settings.timeZoneConfirmed,
    digestTime: settings.digestTime === null ? null : timeToText(settings.digestTime),
    workDays: [...settings.workDays],
    workStart: timeToText(settings.workStart),
    workEnd: timeToText(settings.workEnd),
    share: settings.share,
    target: settings.target,
    pausedUntil: settings.pausedUntil,
    country: settings.country,
    region: settings.region,
    // A member whose platform gives no locale keeps the one they have (settings carry it as read).
    ...(settings.locale === undefined ? {} : { locale: settings.locale }),
  };
}

/** A members row as the domain's Member. */
const UNREACHABLE_REASONS: readonly UnreachableReason[] = [
  'dms_closed',
  'user_gone',
  'not_in_channel',
  'channel_gone',
  'no_permission',
];

/** A stored reason; rows marked before reasons were kept read as the most common one. */
function unreachableReason(text: string | null): UnreachableReason {
  return UNREACHABLE_REASONS.find((reason) => reason === text) ?? 'dms_closed';
}

export function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    externalId: row.externalId,
    displayName: row.displayName,
    createdAt: row.createdAt,
    timeZoneAskedAt: row.timeZoneAskedAt,
    deliveryProblem:
      row.unreachableAt === null
        ? null
        : { since: row.unreachableAt, reason: unreachableReason(row.unreachableReason) },
    countryAskedAt: row.countryAskedAt,
    settings: {
      timeZone: row.timeZone,
      timeZoneConfirmed: row.timeZoneConfirmed,
      digestTime: row.digestTime === null ? null : textToTime(row.digestTime),
      workDays: row.workDays as Weekday[],
      workStart: textToTime(row.workStart),
      workEnd: textToTime(row.workEnd),
      share: row.share,
      target: row.target,
      pausedUntil: row.pausedUntil,
      country: row.country,
      region: row.region,
      // Absent rather than null when the platform gave none, like settings made in memory.
      ...(row.locale === null ? {} : { locale: row.locale }),
    },
  };
}

/** The due columns of a promises row. */
export function dueColumns(due: Due) {
  return { dueAt: due.at, duePrecision: due.precision, dueDays: due.days ?? null };
}

/** A follow_ups row as the domain's FollowUp. */
export function toFollowUp(row: FollowUpRow): FollowUp {
  return {
    id: row.id,
    promiseId: row.promiseId,
    at: row.at,
    attempt: row.attempt,
    channel: row.channel as Channel | null,
    note: row.note,
  };
}

/** A promises row and its follow-ups as the domain's FollowUpPromise. */
export function toPromise(row: PromiseRow, followUpRows: readonly FollowUpRow[]): FollowUpPromise {
  const due: Due = { at: row.dueAt, precision: row.duePrecision as DuePrecision };
  return {
    id: row.id,
    ref: row.ref,
    workspaceId: row.workspaceId,
    memberId: row.memberId,
    kind: row.kind as PromiseKind,
    contact: {
      name: row.contactName,
      role: row.contactRole as ContactRole | null,
      company: row.contactCompany,
      ...(row.contactTitle === null ? {} : { title: row.contactTitle }),
      ...(row.contactEmail === null ? {} : { email: row.contactEmail }),
      ...(row.contactPhone === null ? {} : { phone: row.contactPhone }),
      ...(row.contactLinkedin === null ? {} : { linkedin: row.contactLinkedin }),
    },
    what: row.what,
    promisedChannel: row.promisedChannel as Channel | null,
    due: row.dueDays === null ? due : { ...due, days: row.dueDays },
    note: row.note,
    createdAt: row.createdAt,
    lastActivityAt: row.lastActivityAt,
    snoozedUntil: row.snoozedUntil,
    keepGoing: row.keepGoing,
    rightPersonSuggested: row.rightPersonSuggested,
    lastNudgedAttempt: row.lastNudgedAttempt,
    thanked: row.thanked,
    nextNudgeAt: row.nextNudgeAt,
    outcome: row.outcome as Outcome | null,
    closedAt: row.closedAt,
    followUps: [...followUpRows].sort((a, b) => a.attempt - b.attempt).map(toFollowUp),
  };
}
