import type { Channel, CloseOutcome, Contact, ContactRole, Due, LocalTime, Weekday } from './model.ts';
import type { HolidaysBasis, WorkingSettings } from './working-time.ts';

/** A promise reference as the member typed it: `#12` or a name prefix. */
export type Ref = { kind: 'number'; ref: number } | { kind: 'name'; prefix: string };

/** The promise a command acts on: as typed (a ref), or as a button names it (its id). */
export type Target = Ref | { kind: 'id'; promiseId: string };

/** How the grammar read an add's due, where the confirmation should say so. */
export interface DueReading {
  /** No date was said: which coach's default was assumed ("ASAP" → next working day, else a week). */
  assumed?: 'asap' | 'soon' | 'unsaid' | 'after_holidays';
  /** For "after the holidays": the rule the day was found by (after New Year, the member's public holidays, or next week). */
  holidays?: HolidaysBasis;
  /** Misspelled date words and how they were read ("firday" → "Friday"). */
  typos?: readonly { typed: string; read: string }[];
  /** A clock time said in another zone ("3pm PT"), converted into the member's. */
  saidZone?: { said: string; zone: string };
}

/** What an `add` says, fully understood. Nothing half-parsed ever becomes one. */
export interface PromiseDraft {
  contact: Contact;
  /** "call me back", "email the offer details", "get back to me". */
  what: string;
  promisedChannel: Channel | null;
  due: Due;
  note: string | null;
  /** How the due was read, when it was not said plainly; only the confirmation uses it. */
  reading?: DueReading;
}

/**
 * Snooze presets offered on buttons and menus, like Slack's /remind (src/core/snooze.ts says what
 * each means); beside them the menus offer "Pick a date…", and free text is also accepted.
 */
export const SNOOZE_PRESETS = ['1h', '3h', 'tomorrow', 'next_week'] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

/**
 * A moment the member picked for a snooze: typed words read by the date reader (Discord's modal),
 * or a calendar date with an optional clock time from pickers (Slack's datepicker and timepicker).
 */
export type SnoozePick = { text: string } | { date: string; time: string | null };

/** A partial settings change; only named fields change. */
export interface SettingsPatch {
  timeZone?: string;
  /** null turns the digest off. */
  digestTime?: LocalTime | null;
  workDays?: readonly Weekday[];
  share?: boolean;
  target?: number;
  /** Country for public holidays; null clears it (and its region). */
  country?: string | null;
  /** Region of that country; only set together with `country`. */
  region?: string | null;
}

/** One field changed by `/promise edit #3 <field> <value>`; null values clear an optional field. */
export type PromiseEdit =
  | { field: 'name'; name: string }
  | { field: 'company'; company: string | null }
  | { field: 'role'; role: ContactRole | null }
  | { field: 'due'; due: Due }
  | { field: 'what'; what: string }
  | { field: 'note'; note: string | null }
  | { field: 'email'; email: string | null }
  | { field: 'phone'; phone: string | null }
  | { field: 'linkedin'; linkedin: string | null };

/** The next step said with `heard`: a meeting ("second interview Thursday 2pm"). */
export interface NextMeeting {
  /** What it is, in the member's words ("second interview"). */
  what: string;
  at: Date;
}

/** Every `/promise` command, as the shared grammar reads it or a button means it. */
export type Command =
  | { kind: 'add'; draft: PromiseDraft }
  | { kind: 'form' }
  | { kind: 'list' }
  | { kind: 'followed'; ref: Target; channel: Channel | null; note: string | null }
  | { kind: 'heard'; ref: Target; note: string | null; next?: NextMeeting }
  | { kind: 'snooze'; ref: Target; until: Date; label: string }
  | { kind: 'met'; contact: Contact; at: Date; note: string | null }
  | { kind: 'pause'; until: Date }
  | { kind: 'resume' }
  | { kind: 'close'; ref: Target; outcome: CloseOutcome; note: string | null }
  | { kind: 'keep_going'; ref: Target }
  | { kind: 'settings'; patch: SettingsPatch }
  | { kind: 'stats' }
  | { kind: 'channel'; channel: { id: string } | null }
  | { kind: 'export' }
  | { kind: 'forget_me' }
  | { kind: 'help'; topic: string | null }
  /** Change one field of an open promise; `change` null: show how (and the form's Edit button). */
  | { kind: 'edit'; ref: Ref; change: PromiseEdit | null }
  /** Closed promises, latest first, with their outcomes (`list closed`, `history`). */
  | { kind: 'history' }
  /** Admins: a private link to the organiser page (the group's counts and shared streaks). */
  | { kind: 'dashboard' }
  /** Open a closed promise again. */
  | { kind: 'reopen'; ref: Ref }
  /** Buttons only: the answer to "update #N or add as new?" for a pending add. */
  | { kind: 'resolve_duplicate'; pendingId: string; choice: 'update' | 'new' }
  /** Buttons only: take back a promise just added. */
  | { kind: 'undo'; promiseId: string }
  /** Buttons only: drop a promise's hiring-manager suggestion (R6) without acting on it. */
  | { kind: 'dismiss'; promiseId: string }
  /** Buttons only: the answer to forget-me's "Continue?". */
  | { kind: 'confirm_forget' };

/** What the grammar needs besides the text: the member's zone and the present moment. */
export interface ParseContext {
  timeZone: string;
  now: Date;
  /**
   * The member's working week and public holidays, for the defaults of an undated promise
   * ("ASAP" → their next work day, "after the holidays" → after their country's); without it,
   * Monday to Friday and next week.
   */
  working?: WorkingSettings;
}
