/**
 * The domain of Thrice: members, the promises other people made to them, and what happened next.
 * Plain data only; behaviour lives in the policy, grammar and digest modules beside this one.
 */

/** Where a member lives. The console is a platform like the others, on the embedded database. */
export type Platform = 'slack' | 'discord' | 'console';

export const CONTACT_ROLES = [
  'recruiter',
  'hiring_manager',
  'hr',
  'referral',
  'networking',
  'other',
] as const;
/** Who the contact is to the member; decides R6 ("ask the right person"). */
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const CHANNELS = ['call', 'email', 'linkedin'] as const;
/** How a follow-up is made; R9 rotates through these. */
export type Channel = (typeof CHANNELS)[number];

export const CLOSE_OUTCOMES = ['offer', 'no', 'withdrawn', 'cold'] as const;
/** How a member may close a promise by hand. */
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];
/** Every way a promise ends: `heard` is "they got back to me". */
export type Outcome = 'heard' | CloseOutcome;

/**
 * How precisely the promise was timed, which picks the rule for the first nudge:
 * `time` → R2 (a few hours after T), `day` → R3 (next working day), `days` → R4 (day N + 1).
 */
export type DuePrecision = 'time' | 'day' | 'days';

/** `promise`: someone promised to get back to the member. `meeting`: a logged interview or call (R8). */
export type PromiseKind = 'promise' | 'meeting';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A local wall-clock time of day. */
export interface LocalTime {
  hour: number;
  minute: number;
}

/** The person who made the promise. */
export interface Contact {
  name: string;
  role: ContactRole | null;
  company: string | null;
  /** The job title as said ("VP Eng", "Technical Recruiter"), besides the role category; absent when none was said. */
  title?: string;
  /** The contact's e-mail address, as typed (case kept); absent when none was given. */
  email?: string;
  /** The contact's phone number, as typed ("+1 415 555 0100"); absent when none was given. */
  phone?: string;
  /** The contact's LinkedIn profile, as `https://www.linkedin.com/in/<handle>`; absent when none was given. */
  linkedin?: string;
}

/** When the promise is due, and how precisely it was said. */
export interface Due {
  at: Date;
  precision: DuePrecision;
  /** For `days` (R4): the N in "N days"; the first nudge is on day N + 1. */
  days?: number;
}

/** A member's own settings; defaults in `policy-defaults.ts`. */
export interface MemberSettings {
  /** IANA zone, e.g. `Europe/Berlin`. */
  timeZone: string;
  /** False until the member set a zone or the platform told us one (Discord members are asked once). */
  timeZoneConfirmed: boolean;
  /** Local time of the daily digest; null when the member turned it off. */
  digestTime: LocalTime | null;
  workDays: readonly Weekday[];
  workStart: LocalTime;
  workEnd: LocalTime;
  /** Opt-in to shout-outs in the accountability channel. */
  share: boolean;
  /** How many open threads the member wants to keep warm (R7). */
  target: number;
  /** R10: no nudges before this moment. */
  pausedUntil: Date | null;
  /** ISO 3166-1 code whose public holidays are rest days (R10), e.g. `DE`; null when not set. */
  country: string | null;
  /** The country's region for regional holidays (`CA` in the US, `BY` in Germany); null for none. */
  region: string | null;
  /**
   * The member's BCP 47 locale as the platform reports it ('de', 'en-GB'); picks the clock and
   * the day-month order of dates (format.ts). Null or absent where the platform gives none.
   */
  locale?: string | null;
}

/** A workspace: a Slack team, a Discord guild, or the console. Every row belongs to one. */
export interface Workspace {
  id: string;
  platform: Platform;
  externalId: string;
  name: string | null;
  accountabilityChannelId: string | null;
  roundupCadence: 'daily' | 'weekly' | 'off';
  /** Zone of the roundup schedule. */
  timeZone: string;
}

/** A job seeker using Thrice in one workspace. */
/**
 * Why the platform refused a DM or a channel post for good: the member closed their DMs, left or
 * was deactivated; the bot is not in the channel, or it is gone, or the bot may not post there.
 */
export type UnreachableReason =
  | 'dms_closed'
  | 'user_gone'
  | 'not_in_channel'
  | 'channel_gone'
  | 'no_permission';

/** A digest or nudge the platform refused to deliver to the member, and since when. */
export interface DeliveryProblem {
  reason: UnreachableReason;
  since: Date;
}

export interface Member {
  id: string;
  workspaceId: string;
  externalId: string;
  displayName: string;
  settings: MemberSettings;
  /**
   * Set when the platform refused the member's last digest or nudge for good (no more are planned);
   * a command of theirs clears it, and that command's reply says what happened and how to fix it.
   */
  deliveryProblem: DeliveryProblem | null;
  /**
   * When the member was told their zone is assumed (UTC) and how to set it, on a platform that
   * gives no zone (Discord); null until then. They are told once, however long they wait to set one.
   */
  timeZoneAskedAt: Date | null;
  /** When the member was asked (once, on first use) for their country's public holidays; null until then. */
  countryAskedAt: Date | null;
  createdAt: Date;
}

/** Everything a store call needs to stay inside one member's data. */
export interface MemberScope {
  workspaceId: string;
  memberId: string;
}

/** One logged touch: the member followed up (attempt n), or logged that they were heard. */
export interface FollowUp {
  id: string;
  promiseId: string;
  at: Date;
  /** 1-based attempt number among this promise's follow-ups. */
  attempt: number;
  channel: Channel | null;
  note: string | null;
}

/** A promise someone made to the member, with its state. */
export interface FollowUpPromise {
  id: string;
  /** Short number the member types (`#12`), unique per member. */
  ref: number;
  workspaceId: string;
  memberId: string;
  kind: PromiseKind;
  contact: Contact;
  /** What was promised, in the member's words: "call me back", "email the offer details". */
  what: string;
  /** The channel the contact said they'd use, if any. */
  promisedChannel: Channel | null;
  due: Due;
  note: string | null;
  createdAt: Date;
  /** Last time anything happened on this thread (add, follow-up, snooze, edit); drives "going cold". */
  lastActivityAt: Date;
  snoozedUntil: Date | null;
  /** R5: the member asked to keep nudging after the third follow-up. */
  keepGoing: boolean;
  /** R6: the "ask the hiring manager" suggestion was already given. */
  rightPersonSuggested: boolean;
  /** The highest attempt for which a timed nudge was already planned (scheduler). */
  lastNudgedAttempt: number;
  /** R8: thank-you note was logged for a meeting. */
  thanked: boolean;
  /** The scheduler's work queue: the next moment a timed nudge is due; null when none. */
  nextNudgeAt: Date | null;
  outcome: Outcome | null;
  closedAt: Date | null;
  /** Follow-ups logged, oldest first. */
  followUps: readonly FollowUp[];
}
