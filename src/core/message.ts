import type { SnoozePreset } from './command.ts';
import type { CloseOutcome } from './model.ts';
import type { GroupChartData } from './stats-chart.ts';

/**
 * Replies, digests, nudges and roundups as data. Each adapter renders these its own way
 * (Block Kit, embeds, plain text) and escapes every string for its platform: strings here
 * are plain text and may contain anything a member typed.
 */

/** A button (or menu) on an item; adapters turn it into a platform component with an id. */
export type Action =
  | { kind: 'followed'; promiseId: string; ref: number }
  | { kind: 'heard'; promiseId: string; ref: number }
  | { kind: 'snooze'; promiseId: string; ref: number; presets: readonly SnoozePreset[] }
  | { kind: 'close'; promiseId: string; ref: number; outcomes: readonly CloseOutcome[] }
  | { kind: 'undo'; promiseId: string; ref: number }
  /** "Not now": drops the one-off hiring-manager suggestion (R6) of a promise. */
  | { kind: 'dismiss'; promiseId: string; ref: number }
  | { kind: 'edit'; promiseId: string; ref: number }
  | { kind: 'confirm_forget' }
  | { kind: 'cancel' }
  /** A duplicate add: apply it to open promise #ref instead … */
  | { kind: 'dup_update'; pendingId: string; ref: number }
  /** … or save it as a new promise anyway. */
  | { kind: 'dup_new'; pendingId: string };

/**
 * A way to reach the contact straight from a nudge: the e-mail already written (a `mailto:` URL
 * with subject and body), the number to call, the profile to message. Adapters show what their
 * platform can open (Discord opens only http(s) links, so it shows the address as text).
 */
export type ReachOut =
  | { kind: 'email'; label: string; address: string; url: string }
  | { kind: 'call'; label: string; phone: string }
  | { kind: 'linkedin'; label: string; url: string };

/** One entry: a promise in a list, a suggestion, a line of stats. */
export interface Item {
  /** The main line. */
  text: string;
  /** The promise's short number, when the item is about one. */
  ref?: number;
  /** Smaller lines under the main one. */
  details?: readonly string[];
  /** Suggested wording the member can copy (shown as a quote). */
  quote?: string;
  /** Ways to reach the contact with that wording (e-mail, call, LinkedIn), when their details are known. */
  reach?: readonly ReachOut[];
  /** A page Thrice serves (the organiser page): shown as a link the member can open. */
  link?: { label: string; url: string };
  actions?: readonly Action[];
  /**
   * The member this line names in a shared channel (a roundup's shout-out), so forget-me can take
   * it out whatever the member is called now. Never rendered.
   */
  namesMember?: string;
}

/** A titled group of items ("OVERDUE FOR A POLITE NUDGE", "WAITING ON", "ALSO"). */
export interface Section {
  heading?: string;
  items: readonly Item[];
}

export type MessageKind = 'reply' | 'error' | 'confirmation' | 'digest' | 'nudge' | 'roundup' | 'home';

/** A whole message. `fallbackText` is a plain one-line summary for notifications and screen readers. */
export interface Message {
  kind: MessageKind;
  title?: string;
  /** Right-hand summary of the title line: "3 waiting · 2 to nudge". */
  summary?: string;
  sections: readonly Section[];
  /** The closing line: "This week: 3 follow-ups · 4-day streak". */
  footer?: string;
  fallbackText: string;
  /** Files to attach (export, the stats chart). */
  attachments?: readonly Attachment[];
  /**
   * Said with the files where a platform posts them apart from the reply (Slack uploads them to
   * the member's DM); the adapter's own words when absent.
   */
  filesComment?: string;
  /**
   * A chart to draw and attach when the message is sent (the roundup's group chart): data only,
   * so the message stays plain JSON in the outbox. Counts, never a name.
   */
  chart?: { kind: 'group'; data: GroupChartData };
  /** Actions on the message as a whole (e.g. forget-me confirmation). */
  actions?: readonly Action[];
  /**
   * The moments its text shows, each as written there in the member's zone ("Fri 4 Dec, 3:00 PM
   * CET"): a platform that can show a time in each viewer's own zone (Discord's timestamps) puts
   * that in place of the words; the others show the words. Never in a quote (wording to copy).
   */
  times?: readonly TimeMark[];
}

/** A moment as the message's text writes it. `unix` in seconds, so the message stays plain JSON (the outbox stores it). */
export interface TimeMark {
  text: string;
  unix: number;
}

/** A file sent with a message: text (CSV, calendar) or bytes (a PNG chart). */
export interface Attachment {
  filename: string;
  contentType: string;
  content: string | Uint8Array;
  /** What an image shows, for screen readers (Slack's and Discord's alt text). */
  altText?: string;
}

/** A one-section message made of plain lines. */
export function textMessage(kind: MessageKind, text: string, title?: string): Message {
  const message: Message = { kind, sections: [{ items: [{ text }] }], fallbackText: text };
  return title === undefined ? message : { ...message, title };
}

/** How the snooze presets and close outcomes read on buttons and menus, on every platform. */
export const SNOOZE_LABELS: Record<SnoozePreset, string> = {
  '1h': '1 hour',
  '3h': '3 hours',
  tomorrow: 'Tomorrow',
  next_week: 'Next week',
};
/** The menu choice after the presets that opens a date (and time) picker; its value on every platform. */
export const SNOOZE_PICK = { value: 'pick', label: 'Pick a date…' } as const;
export const CLOSE_LABELS: Record<CloseOutcome, string> = {
  offer: 'Got an offer',
  no: 'They said no',
  withdrawn: 'I withdrew',
  cold: 'Gone cold',
};
