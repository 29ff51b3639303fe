import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

/** All instants are timestamptz, read back as Date. */
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A Slack team, a Discord guild, or the console: the tenant every row belongs to. */
export const workspaces = pgTable(
  'workspaces',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name'),
    accountabilityChannelId: text('accountability_channel_id'),
    /** The admin who chose the channel: told by DM when Thrice finds it cannot post there. */
    accountabilityChannelSetBy: uuid('accountability_channel_set_by').references(
      (): AnyPgColumn => members.id,
      {
        onDelete: 'set null',
      },
    ),
    /**
     * Why the platform refused the last roundup for good (an UnreachableReason), and since when:
     * no roundup is planned until an admin sets the channel again.
     */
    channelProblem: text('channel_problem'),
    channelProblemAt: instant('channel_problem_at'),
    roundupCadence: text('roundup_cadence').notNull().default('weekly'),
    timeZone: text('time_zone').notNull().default('UTC'),
    nextRoundupAt: instant('next_roundup_at'),
    /** Failed roundup plannings in a row; the planner backs off by it (0 after a success). */
    planningFailures: integer('planning_failures').notNull().default(0),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('workspaces_platform_external_id').on(t.platform, t.externalId),
    index('workspaces_next_roundup_at').on(t.nextRoundupAt).where(sql`accountability_channel_id is not null`),
  ],
);

/** A job seeker in one workspace, with their settings and the digest work queue column. */
export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    displayName: text('display_name').notNull(),
    timeZone: text('time_zone').notNull(),
    timeZoneConfirmed: boolean('time_zone_confirmed').notNull().default(false),
    /** BCP 47 locale the platform reports ('de', 'en-GB'): the clock and date order; null when none. */
    locale: text('locale'),
    /** When the member was told their zone is assumed and how to set it; null until then (told once). */
    timeZoneAskedAt: instant('time_zone_asked_at'),
    /** 'HH:MM', null when the digest is off. */
    digestTime: text('digest_time'),
    workDays: smallint('work_days').array().notNull(),
    workStart: text('work_start').notNull(),
    workEnd: text('work_end').notNull(),
    share: boolean('share').notNull().default(false),
    target: integer('target').notNull(),
    pausedUntil: instant('paused_until'),
    /** ISO 3166-1 code whose public holidays are days off; null when not set. */
    country: text('country'),
    /** The country's region for regional holidays; null for none. */
    region: text('region'),
    /** When the member was asked for their country (once, on first use); null until then. */
    countryAskedAt: instant('country_asked_at'),
    /** When the welcome DM was sent (once, with the member's first command); null until then. */
    welcomedAt: instant('welcomed_at'),
    nextDigestAt: instant('next_digest_at'),
    /** Failed digest plannings in a row; the planner backs off by it (0 after a success). */
    planningFailures: integer('planning_failures').notNull().default(0),
    dmChannelId: text('dm_channel_id'),
    unreachableAt: instant('unreachable_at'),
    /** Why (an UnreachableReason), beside unreachable_at. */
    unreachableReason: text('unreachable_reason'),
    nextRef: integer('next_ref').notNull().default(1),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('members_workspace_external_id').on(t.workspaceId, t.externalId),
    index('members_next_digest_at')
      .on(t.nextDigestAt)
      .where(sql`next_digest_at is not null and unreachable_at is null`),
  ],
);

/** A promise someone made to a member, and the timed-nudge work queue column. */
export const promises = pgTable(
  'promises',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    ref: integer('ref').notNull(),
    kind: text('kind').notNull(),
    contactName: text('contact_name').notNull(),
    contactRole: text('contact_role'),
    contactCompany: text('contact_company'),
    /** The job title as said ("VP Eng"), besides the role category; null when none was said. */
    contactTitle: text('contact_title'),
    /** The contact's e-mail address as typed; null when none was given. */
    contactEmail: text('contact_email'),
    /** The contact's phone number as typed; null when none was given. */
    contactPhone: text('contact_phone'),
    /** The contact's LinkedIn profile URL (https://www.linkedin.com/in/…); null when none was given. */
    contactLinkedin: text('contact_linkedin'),
    what: text('what').notNull(),
    promisedChannel: text('promised_channel'),
    dueAt: instant('due_at').notNull(),
    duePrecision: text('due_precision').notNull(),
    dueDays: integer('due_days'),
    note: text('note'),
    createdAt: instant('created_at').notNull(),
    lastActivityAt: instant('last_activity_at').notNull(),
    snoozedUntil: instant('snoozed_until'),
    keepGoing: boolean('keep_going').notNull().default(false),
    rightPersonSuggested: boolean('right_person_suggested').notNull().default(false),
    lastNudgedAttempt: integer('last_nudged_attempt').notNull().default(0),
    thanked: boolean('thanked').notNull().default(false),
    nextNudgeAt: instant('next_nudge_at'),
    /** Failed nudge plannings in a row; the planner backs off by it (0 after a success). */
    planningFailures: integer('planning_failures').notNull().default(0),
    outcome: text('outcome'),
    closedAt: instant('closed_at'),
  },
  (t) => [
    unique('promises_member_ref').on(t.memberId, t.ref),
    // Closed promises are queued too: with the digest off, R6 after a recruiter's "no" is a DM of its own.
    index('promises_next_nudge_at').on(t.nextNudgeAt).where(sql`next_nudge_at is not null`),
    index('promises_member_outcome').on(t.workspaceId, t.memberId, t.outcome),
  ],
);

/** A logged follow-up (attempt n) on a promise. */
export const followUps = pgTable(
  'follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    promiseId: uuid('promise_id')
      .notNull()
      .references(() => promises.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: instant('at').notNull(),
    channel: text('channel'),
    note: text('note'),
  },
  (t) => [
    unique('follow_ups_promise_attempt').on(t.promiseId, t.attempt),
    index('follow_ups_workspace_at').on(t.workspaceId, t.at),
  ],
);

/** The outbox: every digest, nudge and roundup to send, unique by dedupe key. */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    platform: text('platform').notNull(),
    dedupeKey: text('dedupe_key').notNull().unique('deliveries_dedupe_key'),
    payload: jsonb('payload').notNull(),
    /** A roundup's period end, so forget-me can have it planned again; null for digests and nudges. */
    periodEnd: instant('period_end'),
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    claimedAt: instant('claimed_at'),
    claimedBy: text('claimed_by'),
    lastError: text('last_error'),
    platformMessageId: text('platform_message_id'),
    createdAt: instant('created_at').notNull().defaultNow(),
    sentAt: instant('sent_at'),
  },
  (t) => [
    index('deliveries_pending').on(t.nextAttemptAt).where(sql`state = 'pending'`),
    index('deliveries_sending').on(t.claimedAt).where(sql`state = 'sending'`),
  ],
);

/**
 * Send budgets every instance shares (src/core/ports/pacing.ts): one token bucket per scope —
 * a Slack workspace, a Slack channel, a Discord bot token — taken with one atomic UPDATE, and
 * the Retry-After hold a 429 set. Times are epoch milliseconds on the callers' clock, so the
 * token arithmetic is plain numbers in SQL on both drivers.
 */
export const sendBudget = pgTable('send_budget', {
  scope: text('scope').primaryKey(),
  /** What a hold on this scope stops claiming: the platform's rows, or one workspace's. */
  platform: text('platform').notNull(),
  workspaceId: uuid('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
  tokens: doublePrecision('tokens').notNull(),
  refilledAtMs: doublePrecision('refilled_at_ms').notNull(),
  /** Sends the last take granted (SET expressions see the row before the update). */
  granted: integer('granted').notNull().default(0),
  holdUntilMs: doublePrecision('hold_until_ms'),
});

/** Request keys already handled (platform retries, double clicks). */
export const processedRequests = pgTable(
  'processed_requests',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.key] })],
);

/** OAuth installations, one per platform workspace key (team or enterprise). */
export const installations = pgTable(
  'installations',
  {
    platform: text('platform').notNull(),
    key: text('key').notNull(),
    data: jsonb('data').notNull(),
    installerId: text('installer_id'),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.key] })],
);

/**
 * An add that waits for the member's answer to "update #N or add as new?" (a duplicate). A
 * Discord button id holds 100 characters, too few for the promise itself, so the draft waits
 * here under a short id until a button takes it (once) or it expires.
 */
export const pendingAdds = pgTable(
  'pending_adds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    /** The PromiseDraft as JSON (dates as ISO strings). */
    draft: jsonb('draft').notNull(),
    /** The open promise it looked like: what "Update #N" changes. */
    duplicateOf: uuid('duplicate_of')
      .notNull()
      .references(() => promises.id, { onDelete: 'cascade' }),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [index('pending_adds_member').on(t.workspaceId, t.memberId)],
);

/**
 * Secrets Thrice makes for itself and every instance shares: the key that signs the organiser
 * page's links (random, made on first use), so a link made by one instance opens on another.
 */
export const appSecrets = pgTable('app_secrets', {
  name: text('name').primaryKey(),
  /** base64 */
  value: text('value').notNull(),
  createdAt: instant('created_at').notNull().defaultNow(),
});
