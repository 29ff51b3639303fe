import type { Channel, CloseOutcome, Contact, Due, LocalTime, Weekday } from './model.ts';

/** A promise reference as the member typed it: `#12` or a name prefix. */
export type Ref = { kind: 'number'; ref: number } | { kind: 'name'; prefix: string };

/** The promise a command acts on: as typed (a ref), or as a button names it (its id). */
export type Target = Ref | { kind: 'id'; promiseId: string };

/** What an `add` says, fully understood. Nothing half-parsed ever becomes one. */
export interface PromiseDraft {
  contact: Contact;
  /** "call me back", "email the offer details", "get back to me". */
  what: string;
  promisedChannel: Channel | null;
  due: Due;
  note: string | null;
}

/** Snooze presets offered on buttons; free text is also accepted. */
export const SNOOZE_PRESETS = ['3h', 'tomorrow', 'next_week'] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

/** A partial settings change; only named fields change. */
export interface SettingsPatch {
  timeZone?: string;
  /** null turns the digest off. */
  digestTime?: LocalTime | null;
  workDays?: readonly Weekday[];
  share?: boolean;
  target?: number;
}

/** Every `/promise` command, as the shared grammar reads it or a button means it. */
export type Command =
  | { kind: 'add'; draft: PromiseDraft }
  | { kind: 'form' }
  | { kind: 'list' }
  | { kind: 'followed'; ref: Target; channel: Channel | null; note: string | null }
  | { kind: 'heard'; ref: Target; note: string | null }
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
}
