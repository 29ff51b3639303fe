import { InvalidCommandError, LimitReachedError } from '../core/errors.ts';
import type { FollowUpPromise, Member, MemberScope, MemberSettings, Outcome } from '../core/model.ts';
import { nextDigestAt, nextNudgeAt, nudgeState } from '../core/nudge-policy.ts';
import type {
  MemberIdentity,
  NewFollowUp,
  NewPromise,
  PromiseChanges,
  Store,
  WorkspaceIdentity,
} from '../core/ports/store.ts';

/**
 * The one owner of the scheduler's queue columns on the inbound side: every change to a promise
 * or to a member's settings goes through here, and here alone `next_nudge_at` and
 * `next_digest_at` are worked out (from the nudge policy) and written with the change.
 */
export interface PromiseQueue {
  /** Finds the member of the workspace, creating it on first sight with `settings` and its first digest moment. */
  member(workspaceId: string, identity: MemberIdentity, settings: MemberSettings, now: Date): Promise<Member>;
  /** The same, by the workspace's platform identity (created on first sight too), in one read when nothing is new. */
  memberIn(
    workspace: WorkspaceIdentity,
    identity: MemberIdentity,
    settings: MemberSettings,
    now: Date,
  ): Promise<Member>;
  /**
   * Creates a promise, refusing when the member would hold more than `maxOpen` open ones. With
   * `replaces` (the form's Edit), that promise is deleted in the same transaction, so it does not
   * count against the cap and a refusal keeps it. With `refuseAlike`, an open promise from the
   * same contact at the same company refuses it with AlikeOpenPromise (nothing is saved).
   */
  create(
    member: Member,
    promise: Omit<NewPromise, 'nextNudgeAt'>,
    options: { replaces: string | null; maxOpen: number; refuseAlike?: boolean },
  ): Promise<FollowUpPromise>;
  /** Applies changes to one of the member's promises. */
  change(member: Member, promise: FollowUpPromise, changes: PromiseChanges): Promise<FollowUpPromise>;
  /** Logs a follow-up and what it changes (a used-up R6 suggestion, a meeting's thank-you). */
  logFollowUp(member: Member, promise: FollowUpPromise, followUp: NewFollowUp): Promise<FollowUpPromise>;
  /** Closes the thread with an outcome (and a note, when one was given). */
  close(
    member: Member,
    promise: FollowUpPromise,
    outcome: Outcome,
    note: string | null,
    now: Date,
  ): Promise<FollowUpPromise>;
  /** Replaces the member's settings; the digest moment and every open promise's nudge follow them. */
  saveSettings(member: Member, settings: MemberSettings, now: Date): Promise<Member>;
}

/**
 * An add refused because the member already waits on the same contact at the same company:
 * `promiseId` is that open promise. Not a ThriceError: the inbound service turns it into a question.
 */
export class AlikeOpenPromise extends Error {
  constructor(readonly promiseId: string) {
    super('an open promise from the same contact exists');
    this.name = 'AlikeOpenPromise';
  }
}

function scopeOf(member: Member): MemberScope {
  return { workspaceId: member.workspaceId, memberId: member.id };
}

/**
 * The timed-nudge moment a promise in this state should be queued at; a closed one has none,
 * but for R6 after a recruiter's "no" when the digest is off (nothing else would bring it).
 */
function queuedAt(promise: FollowUpPromise, settings: MemberSettings): Date | null {
  return nextNudgeAt(promise, settings);
}

export function promiseQueue(store: Store): PromiseQueue {
  async function change(
    tx: Store,
    member: Member,
    promise: FollowUpPromise,
    changes: PromiseChanges,
  ): Promise<FollowUpPromise> {
    const next = { ...promise, ...changes };
    const updated = await tx.updatePromise(scopeOf(member), promise.id, {
      ...changes,
      nextNudgeAt: queuedAt(next, member.settings),
    });
    if (updated === null) throw new InvalidCommandError('That promise is no longer there.');
    return updated;
  }

  return {
    member(workspaceId, identity, settings, now) {
      return store.ensureMember(workspaceId, {
        ...identity,
        settings,
        nextDigestAt: nextDigestAt(settings, now),
      });
    },
    memberIn(workspace, identity, settings, now) {
      return store.ensureMemberIn(workspace, {
        ...identity,
        settings,
        nextDigestAt: nextDigestAt(settings, now),
      });
    },
    create(member, promise, { replaces, maxOpen, refuseAlike = false }) {
      const scope = scopeOf(member);
      // What the new row will hold, so its queue moment is known before the insert.
      const fresh: FollowUpPromise = {
        ...promise,
        id: '',
        ref: 0,
        workspaceId: member.workspaceId,
        memberId: member.id,
        lastActivityAt: promise.createdAt,
        snoozedUntil: null,
        keepGoing: false,
        rightPersonSuggested: false,
        lastNudgedAttempt: 0,
        thanked: false,
        nextNudgeAt: null,
        outcome: null,
        closedAt: null,
        followUps: [],
      };
      return store.transaction(async (tx) => {
        // Created first: creating takes the member row's lock, which a digest planning of the
        // member holds while it marks the member's promises, so the replaced one is deleted only
        // once that planning is done (deleting it first, each waited for the other: a deadlock).
        const created = await tx.createPromise(scope, {
          ...promise,
          nextNudgeAt: queuedAt(fresh, member.settings),
        });
        if (replaces !== null) await tx.deletePromise(scope, replaces);
        // Counted after the insert: creating takes the member row's lock, so concurrent adds are
        // counted one after the other and cannot both slip under the cap. Throwing rolls back.
        const { open, alike } = refuseAlike
          ? await tx.countOpenAndAlike(scope, created.id)
          : { open: await tx.countOpenPromises(scope), alike: null };
        if (alike !== null) throw new AlikeOpenPromise(alike);
        if (open > maxOpen) {
          throw new LimitReachedError(
            `You already have ${maxOpen} open promises, the most Thrice keeps at once, so I didn't save this one. Close the ones you no longer wait on — \`/promise heard #3\`, or \`/promise close #3 cold\` — then add it again.`,
          );
        }
        return created;
      });
    },
    change: (member, promise, changes) => change(store, member, promise, changes),
    logFollowUp(member, promise, followUp) {
      return store.transaction(async (tx) => {
        const logged = await tx.addFollowUp(scopeOf(member), promise.id, followUp);
        if (logged === null) throw new InvalidCommandError('That promise is no longer there.');
        const fresh = { ...promise, followUps: [...promise.followUps, logged] };
        const changes: PromiseChanges = { snoozedUntil: null, lastActivityAt: followUp.at };
        // Following up while the R6 suggestion is due acts on it and uses it up; a follow-up logged
        // before then (a fourth on their own) keeps the step, planned after it. A meeting's
        // follow-up is its thank-you note.
        const state = nudgeState(promise, member.settings, followUp.at);
        if (state.kind === 'nudge' && state.nudge.kind === 'ask_right_person')
          changes.rightPersonSuggested = true;
        if (promise.kind === 'meeting') changes.thanked = true;
        return change(tx, member, fresh, changes);
      });
    },
    close(member, promise, outcome, note, now) {
      // A close opens a new step (R6 after a "no"): a nudge sent for a follow-up not logged does not stand for it.
      const changes: PromiseChanges = {
        outcome,
        closedAt: now,
        lastActivityAt: now,
        lastNudgedAttempt: Math.min(promise.lastNudgedAttempt, promise.followUps.length),
      };
      return change(store, member, promise, note === null ? changes : { ...changes, note });
    },
    saveSettings(member, settings, now) {
      const scope = scopeOf(member);
      return store.transaction(async (tx) => {
        const updated = await tx.updateMemberSettings(scope, settings, nextDigestAt(settings, now));
        const open = await tx.listPromises(scope);
        const moved = open
          .map((promise) => ({
            promiseId: promise.id,
            at: queuedAt(promise, updated.settings),
            was: promise,
          }))
          .filter(({ at, was }) => at?.getTime() !== was.nextNudgeAt?.getTime())
          .map(({ promiseId, at }) => ({ promiseId, at }));
        if (moved.length > 0) await tx.setNextNudges(scope, moved);
        return updated;
      });
    },
  };
}
