import type { SnoozePick, SnoozePreset } from '../command.ts';
import type { Message } from '../message.ts';
import type { CloseOutcome, FollowUpPromise, MemberSettings, Platform, UnreachableReason } from '../model.ts';
import type { Welcome } from '../onboarding.ts';
import type { MemberIdentity, WorkspaceIdentity } from './store.ts';

/**
 * A direct message that names no workspace (Discord's DM with the bot): the user's own
 * memberships decide which workspace it acts in.
 */
export interface DirectMessage {
  platform: Platform;
  direct: true;
}

/** Who is acting, and where, as the platform tells it. */
export interface Actor {
  workspace: WorkspaceIdentity | DirectMessage;
  user: MemberIdentity;
  /** The zone the platform reports for the user (Slack's users.info), if any. */
  timeZone?: string;
  /**
   * The user's BCP 47 locale as the platform reports it (Discord's interaction `locale`, e.g.
   * 'en-GB', 'de'); dates and times follow it, and a new member's country for public holidays is
   * guessed from it. Slack's slash commands carry none.
   */
  locale?: string;
  /** May set the accountability channel: a Slack admin or installer, Discord Manage Server, the console user. */
  canManageWorkspace: boolean;
}

/** The add-a-promise form (Slack or Discord modal, Discord's typed `add` options): every field as given. */
export interface PromiseFields {
  /** Who promised. */
  who: string;
  /** Their role: a label from a menu (Slack) or free text (Discord); '' when none. */
  role: string;
  company: string;
  /** What they promised, in the member's words ("call me back"); '' means "get back to you". */
  what: string;
  /** By when, as people say it ("Friday 3pm"). */
  when: string;
  note: string;
  /** The contact's e-mail address; '' or absent when none. */
  email?: string;
  /** The contact's phone number; '' or absent when none. */
  phone?: string;
  /** The contact's LinkedIn profile URL; '' or absent when none. */
  linkedin?: string;
}

/** A button press, as an adapter decodes it from its component id. */
export type ActionInput =
  | { kind: 'followed' | 'heard' | 'undo' | 'dismiss'; promiseId: string }
  | { kind: 'snooze'; promiseId: string; preset: SnoozePreset }
  /** "Pick a date…": the moment chosen in the platform's picker or typed in its form. */
  | { kind: 'snooze_pick'; promiseId: string; pick: SnoozePick }
  | { kind: 'close'; promiseId: string; outcome: CloseOutcome }
  | { kind: 'confirm_forget' }
  /** The answer to "update #N or add as new?": the pending add's short id. */
  | { kind: 'dup_update' | 'dup_new'; pendingId: string };

/**
 * A subcommand with typed options (Discord's slash command options), field by field: each value
 * is read on its own, so a note or a name is kept exactly as given.
 */
export type OptionsInput =
  | { command: 'followed'; ref: string; via: string | null; note: string | null }
  | { command: 'heard'; ref: string; note: string | null }
  | { command: 'edit'; ref: string; field: string | null; value: string | null }
  | { command: 'reopen'; ref: string }
  | { command: 'snooze'; ref: string; until: string }
  | { command: 'close'; ref: string; outcome: string; note: string | null }
  /** `when`: as people say it ("today 2pm", "yesterday 10:30", "Friday 3pm"); null is now. */
  | { command: 'met'; who: string; company: string | null; when: string | null }
  | { command: 'pause'; until: string }
  | {
      command: 'settings';
      /** Each option as typed, by its grammar name (tz, digest, workdays, share, target). */
      settings: Partial<
        Record<'tz' | 'digest' | 'workdays' | 'share' | 'target' | 'country' | 'region', string>
      >;
    }
  | { command: 'channel'; channelId: string | null };

/** What the member asked for, in the shape the platform gave it. */
export type Input =
  /** A typed `/promise` line (without the `/promise`). */
  | { kind: 'text'; text: string }
  /** A subcommand whose options the platform already split. */
  | { kind: 'options'; options: OptionsInput }
  /** The add form; with `replaces` (its Edit), the new promise replaces that one. */
  | { kind: 'form'; fields: PromiseFields; replaces: string | null }
  /** A button or menu on one of Thrice's messages. */
  | { kind: 'action'; action: ActionInput };

/** One request from a platform: who, what, and the key that makes a retry of it harmless. */
export interface InboundRequest {
  actor: Actor;
  input: Input;
  /**
   * Unique per user intent (the platform's interaction or trigger id, a message + button id): a
   * repeat of a key already handled in the workspace is answered with null and changes nothing.
   * Absent for a surface with no retries (the console).
   */
  idempotencyKey?: string;
  /**
   * Gets the bot into a channel where the platform lets it (Slack: joins a public channel) and
   * says whether it can post there; asked when an admin sets the accountability channel.
   * Absent where posting needs no preparation that can be checked.
   */
  prepareChannel?: (channelId: string) => Promise<ChannelReadiness>;
}

/** Whether Thrice can post to a channel: yes, once someone invites it, or there is no such channel. */
export type ChannelReadiness = 'ready' | 'invite_needed' | 'not_found';

/** Side notes that go with a reply; each adapter words them for its platform. */
export type Notice =
  /** The member has no time zone from the platform and has not set one: said once, ever. */
  | { kind: 'time_zone_unset'; timeZone: string }
  /**
   * Asked once, on first use: which country's public holidays to rest on. `country` is the one
   * guessed from the platform's locale (already saved), or null when there was nothing to go on.
   */
  | { kind: 'country_unset'; country: string | null; place: string | null }
  /** A DM was resolved to the most recently active of the user's several workspaces. */
  | { kind: 'workspace_chosen'; workspaceName: string | null; workspaces: number }
  /**
   * The platform refused the member's digest or nudge for good since their last command (DMs
   * closed, account gone): none were planned meanwhile. This command made them reachable again,
   * so it is said once; the adapter says how to fix it on its platform.
   */
  | { kind: 'delivery_failed'; reason: UnreachableReason; since: Date }
  /**
   * The welcome DM of the member's first command was refused (DMs closed): said with that
   * command's answer, with the fix, as digests and nudges would be refused too. The adapter that
   * tried to send it adds it.
   */
  | { kind: 'welcome_undelivered' };

/** What the member sees: the message, and any notices to put before it. */
export interface Reply {
  message: Message;
  notices: readonly Notice[];
  /** For a form refused because of one field: that field, so the form can show the message beside it. */
  field?: keyof PromiseFields;
  /** The member's first command: the welcome the adapter sends them as a DM (once, ever). */
  welcome?: Welcome;
}

/**
 * The member's dashboard (Slack's App Home) as data: the platform shows the settings as its own
 * controls, so they come as values, with the rest as messages.
 */
export interface HomeView {
  /** The member's settings now, for the controls' initial values. */
  settings: MemberSettings;
  /** The settings no control shows (holidays, target, a pause), as lines. */
  otherSettings: readonly string[];
  /** The week's tally (the stats reply). */
  stats: Message;
  /** The open promises, soonest first, each with its buttons and Edit. */
  promises: Message;
}

/** A day and a time of day in a zone, for a platform's date and time pickers. */
export interface SnoozeSuggestion {
  /** `YYYY-MM-DD`. */
  date: string;
  /** `HH:mm`. */
  time: string;
  timeZone: string;
}

/** A form field that is wrong whatever the member's settings: answerable before the form closes. */
export interface FormProblem {
  field: keyof PromiseFields;
  message: string;
}

/** The read-only views a platform shows without a command. */
export type View = 'digest' | 'home';

/** The one way into Thrice for every platform: adapters decode an event into a request and render the reply. */
export interface InboundPort {
  /** Handles one request. Never throws; null when its idempotency key was already handled. */
  handle(request: InboundRequest): Promise<Reply | null>;
  /** Today's digest or the member's home view, as they would be shown now. Never throws. */
  view(actor: Actor, view: View): Promise<Message>;
  /** The actor's dashboard: settings, stats and open promises. Throws only when storage fails. */
  home(actor: Actor): Promise<HomeView>;
  /**
   * Checks an add form with no storage at all (lengths, a readable name and date), so a form can
   * be answered beside its fields within the platform's deadline; null when nothing is wrong yet.
   */
  checkForm(fields: PromiseFields): FormProblem | null;
  /**
   * Where a "pick a date" snooze should start: tomorrow at the member's digest time (the start of
   * work when the digest is off), in their zone. Never throws (the platform's zone as fallback).
   */
  snoozeSuggestion(actor: Actor): Promise<SnoozeSuggestion>;
  /** The actor's open promises, soonest first (autocomplete, the Edit form). */
  openPromises(actor: Actor): Promise<FollowUpPromise[]>;
  /** The actor's closed promises, latest closed first (autocomplete for reopen). */
  closedPromises(actor: Actor): Promise<FollowUpPromise[]>;
  /**
   * The form of the actor's open promise `promiseId` filled in with its current values (its Edit),
   * found where the actor's own member row holds it; null when it is not theirs or not open.
   */
  editForm(actor: Actor, promiseId: string): Promise<PromiseFields | null>;
  /**
   * The add form filled in from someone's message ("Track as a promise"), read in the actor's
   * zone; fields the grammar cannot read are empty. Never throws.
   */
  formFromMessage(actor: Actor, text: string): Promise<PromiseFields>;
}
