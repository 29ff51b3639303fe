import type { PromiseDraft } from '../command.ts';
import type {
  Channel,
  FollowUp,
  FollowUpPromise,
  Member,
  MemberScope,
  MemberSettings,
  Platform,
  PromiseKind,
  Workspace,
} from '../model.ts';

/** The present moment. Nothing in the core reads the system clock; tests inject this. */

/** The once-ever asks of a reply (see `Store.markFirstAsks`). */
export interface FirstAsks {
  readonly timeZone: boolean;
  readonly country: boolean;
  readonly welcome: boolean;
}

export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** A platform's identity of a workspace (Slack team, Discord guild, the console). */
export interface WorkspaceIdentity {
  platform: Platform;
  externalId: string;
  name: string | null;
}

/** A platform's identity of a member, with what the platform knows of them. */
export interface MemberIdentity {
  externalId: string;
  displayName: string;
}

/** What a new member row starts with. */
export interface NewMember extends MemberIdentity {
  settings: MemberSettings;
  nextDigestAt: Date | null;
}

/** A promise to create; the store assigns `id` and the member's next `ref`. */
export interface NewPromise extends PromiseDraft {
  kind: PromiseKind;
  createdAt: Date;
  nextNudgeAt: Date | null;
}

/** The fields of a promise that change over its life; everything else is fixed at creation. */
export type PromiseChanges = Partial<
  Pick<
    FollowUpPromise,
    | 'contact'
    | 'what'
    | 'promisedChannel'
    | 'due'
    | 'note'
    | 'lastActivityAt'
    | 'snoozedUntil'
    | 'keepGoing'
    | 'rightPersonSuggested'
    | 'lastNudgedAttempt'
    | 'thanked'
    | 'nextNudgeAt'
    | 'outcome'
    | 'closedAt'
  >
>;

/** A follow-up to log; the store numbers the attempt. */
export interface NewFollowUp {
  at: Date;
  channel: Channel | null;
  note: string | null;
}

/** An add waiting for the member's answer to "update the open one, or add as new?". */
export interface PendingAdd {
  draft: PromiseDraft;
  /** The open promise it looked like. */
  duplicateOf: string;
}

/** What forget-me removed, for the confirmation. */
export interface ForgetResult {
  promises: number;
  followUps: number;
  /** The member's own deliveries (digests, nudges). */
  deliveries: number;
  /** Unsent roundups of the workspace removed to be planned again without the member. */
  roundups: number;
}

/**
 * Persistence of members and their promises. Every member-level call takes a MemberScope and
 * never reads or writes outside it: a promise id of another member behaves as if it did not exist.
 */
export interface Store {
  /** Runs `work` in one transaction: all its writes land together or not at all. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;

  /** Finds the workspace by platform identity, creating it on first sight (name refreshed). */
  ensureWorkspace(identity: WorkspaceIdentity): Promise<Workspace>;
  /**
   * Sets or clears the workspace's accountability channel, remembering which admin chose it (told
   * if Thrice later cannot post there) and clearing any problem found with the previous one.
   */
  setAccountabilityChannel(
    workspaceId: string,
    channelId: string | null,
    setBy: string | null,
  ): Promise<Workspace>;

  /**
   * The member of the workspace by platform ids, in one read when both are known and unchanged;
   * creates the workspace (name refreshed) and the member with `initial` on first sight.
   */
  ensureMemberIn(workspace: WorkspaceIdentity, initial: NewMember): Promise<Member>;
  /** Finds the member of the workspace by platform id, creating it with `initial` on first sight. */
  ensureMember(workspaceId: string, initial: NewMember): Promise<Member>;
  /** The member, or null when it does not exist (or was forgotten). */
  getMember(scope: MemberScope): Promise<Member | null>;
  /** Replaces the member's settings and the digest queue moment that follows from them. */
  updateMemberSettings(
    scope: MemberScope,
    settings: MemberSettings,
    nextDigestAt: Date | null,
  ): Promise<Member>;

  /**
   * Plans digests and nudges for a member the platform had refused (`deliveryProblem`) again:
   * their command is the sign they are back. True only for the call that cleared it, so the
   * reply that says what happened is given once.
   */
  markReachable(scope: MemberScope): Promise<boolean>;
  /**
   * Records, in one atomic write, which once-ever asks the reply to a member's command carries:
   * the tip that their zone is assumed, the question of their country's holidays, the welcome DM.
   * Each comes back true only for the first call that asked it of this member, so concurrent
   * replies on any instance say each once.
   */
  markFirstAsks(scope: MemberScope, at: Date, asks: FirstAsks): Promise<FirstAsks>;

  /** The member's promises with their follow-ups, soonest due first; open ones only unless asked. */
  listPromises(scope: MemberScope, options?: { includeClosed?: boolean }): Promise<FollowUpPromise[]>;
  /** How many open (not yet closed) promises the member holds. */
  countOpenPromises(scope: MemberScope): Promise<number>;
  /**
   * How many open promises the member holds, and another open promise (not a meeting) from the
   * same contact at the same company as `promiseId` (names and companies compared without case):
   * its id, or null. One read, so an add checks for a duplicate at no extra cost.
   */
  countOpenAndAlike(scope: MemberScope, promiseId: string): Promise<{ open: number; alike: string | null }>;
  /** One promise of the member by id, or null. */
  getPromise(scope: MemberScope, promiseId: string): Promise<FollowUpPromise | null>;
  /** Creates a promise with the member's next short number. */
  createPromise(scope: MemberScope, promise: NewPromise): Promise<FollowUpPromise>;
  /** Applies changes to one promise of the member; null when it is not theirs or is gone. */
  updatePromise(
    scope: MemberScope,
    promiseId: string,
    changes: PromiseChanges,
  ): Promise<FollowUpPromise | null>;
  /** Moves the timed-nudge queue moment of several of the member's promises in one write. */
  setNextNudges(
    scope: MemberScope,
    moments: readonly { promiseId: string; at: Date | null }[],
  ): Promise<void>;
  /** Deletes one promise of the member and its follow-ups (undo); false when nothing matched. */
  deletePromise(scope: MemberScope, promiseId: string): Promise<boolean>;
  /** Logs a follow-up on one of the member's promises, numbered as the next attempt. */
  addFollowUp(scope: MemberScope, promiseId: string, followUp: NewFollowUp): Promise<FollowUp | null>;

  /**
   * Keeps an add that waits for the member's answer until `expiresAt`; returns its short id.
   * Drops the member's expired ones on the way.
   */
  savePendingAdd(scope: MemberScope, pending: PendingAdd, now: Date, expiresAt: Date): Promise<string>;
  /**
   * Takes (reads and deletes, once) a pending add of the member; null when it is another
   * member's, already taken, expired, or not an id at all.
   */
  takePendingAdd(scope: MemberScope, id: string, now: Date): Promise<PendingAdd | null>;

  /**
   * Deletes every row about the member in one transaction: promises, follow-ups, their
   * deliveries, their request keys and the member; and, because a roundup may name a member
   * who shared, the workspace's unsent roundups (the next planning pass makes them again
   * without the member) and the member's shout-outs in sent or failed ones.
   */
  forgetMember(scope: MemberScope): Promise<ForgetResult>;

  /**
   * Records a request key (a platform retry, a double click) the first time it is seen.
   * Returns false when the key was already recorded, so the caller skips the repeat.
   */
  rememberRequest(workspaceId: string, key: string, at: Date): Promise<boolean>;
  /** Forgets a request key, so a request that failed on our side can be tried again with it. */
  forgetRequest(workspaceId: string, key: string): Promise<void>;

  /**
   * The workspaces of `platform` in which the user with this platform id is a member, most recently
   * active first (by the latest activity on their promises; those with none last, newest first). With `promiseId`, only
   * the workspace where that user's own member row holds that promise: none when the promise is
   * another user's or gone. For platforms whose DMs carry no workspace (Discord).
   */
  workspacesOfUser(
    platform: Platform,
    userExternalId: string,
    options?: { promiseId?: string },
  ): Promise<Workspace[]>;
}
