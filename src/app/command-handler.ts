import type { Logger } from 'pino';
import type { Command, PromiseDraft, SnoozePreset } from '../core/command.ts';
import { snoozeUntil } from '../core/date-reader.ts';
import { buildDigest } from '../core/digest.ts';
import { InvalidCommandError, isThriceError, ThriceError } from '../core/errors.ts';
import { helpMessage } from '../core/help.ts';
import { type Message, textMessage } from '../core/message.ts';
import type { CloseOutcome, FollowUpPromise, Member, MemberScope, MemberSettings } from '../core/model.ts';
import { nextDigestAt, nextNudgeAt, plannedNudge } from '../core/nudge-policy.ts';
import type { Clock, MemberIdentity, PromiseChanges, Store, WorkspaceIdentity } from '../core/ports.ts';
import { parseCommand } from '../core/promise-grammar.ts';
import { resolveRef } from '../core/ref-resolver.ts';
import {
  addedReply,
  closedReply,
  followedReply,
  heardReply,
  listReply,
  metReply,
  pausedReply,
  resumedReply,
  snoozedReply,
  statsReply,
} from '../core/replies.ts';
import { defaultSettings } from '../core/settings.ts';
import { settingsReply } from '../core/settings-view.ts';
import { exportAttachments } from './export.ts';

/** Who is acting, as the platform tells it. */
export interface Actor {
  workspace: WorkspaceIdentity;
  user: MemberIdentity;
  /** The zone the platform reports for the user (Slack's users.info), if any. */
  timeZone?: string;
  /** May set the accountability channel: a Slack admin or installer, Discord Manage Server, the console user. */
  canManageWorkspace: boolean;
}

/** A button press, as the adapters decode it from their component ids. */
export type ActionInput =
  | { kind: 'followed' | 'heard' | 'undo'; promiseId: string }
  | { kind: 'snooze'; promiseId: string; preset: SnoozePreset }
  | { kind: 'close'; promiseId: string; outcome: CloseOutcome }
  | { kind: 'confirm_forget' };

/** What the command handler needs from the outside. */
export interface CommandHandlerDeps {
  store: Store;
  clock: Clock;
  log: Logger;
}

/** The use cases behind `/promise` and its buttons, shared by every adapter. */
export interface CommandHandler {
  /** Runs `/promise <text>` for the actor and returns the reply to show them. Never throws. */
  handleText(actor: Actor, text: string): Promise<Message>;
  /** Runs a button press for the actor and returns the reply (often the updated message). Never throws. */
  handleAction(actor: Actor, action: ActionInput): Promise<Message>;
  /** Today's digest for the actor as it would be sent now, or a short "nothing to report" reply. */
  digest(actor: Actor): Promise<Message>;
  /** The member's pipeline at a glance (Slack App Home): open promises with buttons, then settings. */
  home(actor: Actor): Promise<Message>;
  /** The actor's open promises, soonest first (for autocomplete). */
  openPromises(actor: Actor): Promise<FollowUpPromise[]>;
  /** Loads (creating on first sight) the actor's member row. */
  memberFor(actor: Actor): Promise<Member>;
}

/** Creates the command handler over a store. */
export function createCommandHandler(deps: CommandHandlerDeps): CommandHandler {
  const { store, clock, log } = deps;

  async function memberFor(actor: Actor): Promise<Member> {
    const workspace = await store.ensureWorkspace(actor.workspace);
    const settings = defaultSettings(actor.timeZone);
    return store.ensureMember(workspace.id, {
      ...actor.user,
      settings,
      nextDigestAt: nextDigestAt(settings, clock.now()),
    });
  }

  /** Runs `work`, turning expected failures into friendly replies and bugs into an apology. */
  async function guarded(what: string, work: () => Promise<Message>): Promise<Message> {
    try {
      return await work();
    } catch (error) {
      if (isThriceError(error)) return textMessage('error', error.userMessage);
      log.error({ err: error, command: what }, 'command failed');
      return textMessage(
        'error',
        'Sorry — something went wrong on my side and nothing was changed. Please try again.',
      );
    }
  }

  return {
    memberFor,
    handleText(actor, text) {
      return guarded('text', async () => {
        const member = await memberFor(actor);
        const now = clock.now();
        const parsed = parseCommand(text, { timeZone: member.settings.timeZone, now });
        if (!parsed.ok) return textMessage('error', parsed.error.userMessage);
        return run(store, actor, member, parsed.value, now);
      });
    },
    digest(actor) {
      return guarded('digest', async () => {
        const member = await memberFor(actor);
        const promises = await store.listPromises(scopeOf(member), { includeClosed: true });
        const digest = buildDigest({ member, promises, now: clock.now() });
        return digest ?? textMessage('reply', 'Nothing to report today — no open promises and nothing due.');
      });
    },
    async openPromises(actor) {
      return store.listPromises(scopeOf(await memberFor(actor)));
    },
    home(actor) {
      return guarded('home', async () => {
        const member = await memberFor(actor);
        const now = clock.now();
        const list = listReply(await store.listPromises(scopeOf(member)), member.settings, now);
        const settings = settingsReply(member.settings, false);
        return {
          kind: 'home',
          title: 'Who promised to get back to you',
          sections: [
            ...list.sections,
            { heading: 'Your settings', items: settings.sections.flatMap((section) => section.items) },
          ],
          footer: 'Add a promise with /promise Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
          fallbackText: list.fallbackText,
        };
      });
    },
    handleAction(actor, action) {
      return guarded(action.kind, async () => {
        const member = await memberFor(actor);
        return runAction(store, member, action, clock.now());
      });
    },
  };
}

function scopeOf(member: Member): MemberScope {
  return { workspaceId: member.workspaceId, memberId: member.id };
}

/** Applies changes and keeps the timed-nudge queue column in step with the policy. */
async function changePromise(
  store: Store,
  member: Member,
  promise: FollowUpPromise,
  changes: PromiseChanges,
): Promise<FollowUpPromise> {
  const scope = scopeOf(member);
  const next = { ...promise, ...changes };
  const updated = await store.updatePromise(scope, promise.id, {
    ...changes,
    nextNudgeAt: next.outcome === null ? nextNudgeAt(next, member.settings) : null,
  });
  if (updated === null) throw new InvalidCommandError('That promise is no longer there.');
  return updated;
}

async function openPromise(store: Store, member: Member, ref: Parameters<typeof resolveRef>[0]) {
  const open = await store.listPromises(scopeOf(member));
  const found = resolveRef(ref, open);
  if (!found.ok) throw found.error;
  return found.value;
}

async function ownedOpenPromise(store: Store, member: Member, promiseId: string): Promise<FollowUpPromise> {
  const promise = await store.getPromise(scopeOf(member), promiseId);
  if (promise === null)
    throw new InvalidCommandError('That promise is no longer there (it may have been undone).');
  if (promise.outcome !== null) {
    throw new ThriceError(
      'not_open',
      `The promise from ${promise.contact.name} is already closed (${promise.outcome}).`,
    );
  }
  return promise;
}

/** Every open promise's timed nudge follows the member's settings (zone, hours, pause). */
async function refreshQueue(store: Store, member: Member): Promise<void> {
  for (const promise of await store.listPromises(scopeOf(member))) {
    const moment = nextNudgeAt(promise, member.settings);
    if (moment?.getTime() !== promise.nextNudgeAt?.getTime()) {
      await store.updatePromise(scopeOf(member), promise.id, { nextNudgeAt: moment });
    }
  }
}

async function saveSettings(
  store: Store,
  member: Member,
  settings: MemberSettings,
  now: Date,
): Promise<Member> {
  return store.transaction(async (tx) => {
    const updated = await tx.updateMemberSettings(scopeOf(member), settings, nextDigestAt(settings, now));
    await refreshQueue(tx, updated);
    return updated;
  });
}

async function addPromise(
  store: Store,
  member: Member,
  draft: PromiseDraft,
  kind: FollowUpPromise['kind'],
  now: Date,
) {
  return store.transaction(async (tx) => {
    const created = await tx.createPromise(scopeOf(member), {
      ...draft,
      kind,
      createdAt: now,
      nextNudgeAt: null,
    });
    return changePromise(tx, member, created, { lastActivityAt: now });
  });
}

async function run(
  store: Store,
  actor: Actor,
  member: Member,
  command: Command,
  now: Date,
): Promise<Message> {
  const scope = scopeOf(member);
  const settings = member.settings;
  switch (command.kind) {
    case 'help':
      return helpMessage();
    case 'form':
      return textMessage(
        'reply',
        'Tell me who promised to get back to you, what, and when — for example:\n/promise Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
      );
    case 'add':
      return addedReply(await addPromise(store, member, command.draft, 'promise', now), settings, now);
    case 'met': {
      const draft: PromiseDraft = {
        contact: command.contact,
        what: 'meet you',
        promisedChannel: null,
        due: { at: command.at, precision: 'time' },
        note: command.note,
      };
      return metReply(await addPromise(store, member, draft, 'meeting', now), settings, now);
    }
    case 'list':
      return listReply(await store.listPromises(scope), settings, now);
    case 'stats':
      return statsReply(await store.listPromises(scope, { includeClosed: true }), settings, now);
    case 'followed': {
      const promise = await openPromise(store, member, command.ref);
      return followedReply(
        await logFollowUp(store, member, promise, command.channel, command.note, now),
        settings,
        now,
      );
    }
    case 'heard': {
      const promise = await openPromise(store, member, command.ref);
      return heardReply(
        await closePromise(store, member, promise, 'heard', command.note, now),
        settings,
        now,
      );
    }
    case 'close': {
      const promise = await openPromise(store, member, command.ref);
      return closedReply(
        await closePromise(store, member, promise, command.outcome, command.note, now),
        settings,
        now,
      );
    }
    case 'snooze': {
      const promise = await openPromise(store, member, command.ref);
      const updated = await changePromise(store, member, promise, {
        snoozedUntil: command.until,
        lastActivityAt: now,
      });
      return snoozedReply(updated, settings, now);
    }
    case 'keep_going': {
      const promise = await openPromise(store, member, command.ref);
      const updated = await changePromise(store, member, promise, { keepGoing: true, lastActivityAt: now });
      return textMessage(
        'confirmation',
        `Got it — I'll keep nudging you about ${updated.contact.name} after the third follow-up.`,
      );
    }
    case 'pause': {
      const updated = await saveSettings(store, member, { ...settings, pausedUntil: command.until }, now);
      return pausedReply(updated.settings, now);
    }
    case 'resume': {
      const updated = await saveSettings(store, member, { ...settings, pausedUntil: null }, now);
      return resumedReply(updated.settings, now);
    }
    case 'settings': {
      const { patch } = command;
      if (Object.keys(patch).length === 0) return settingsReply(settings, false);
      const next: MemberSettings = {
        ...settings,
        ...patch,
        timeZoneConfirmed: settings.timeZoneConfirmed || patch.timeZone !== undefined,
      };
      return settingsReply((await saveSettings(store, member, next, now)).settings, true);
    }
    case 'channel': {
      if (!actor.canManageWorkspace) {
        throw new ThriceError(
          'not_allowed',
          'Only a workspace admin can choose the accountability channel. Ask an admin to run `/promise channel #name`.',
        );
      }
      await store.setAccountabilityChannel(member.workspaceId, command.channel?.id ?? null);
      return textMessage(
        'confirmation',
        command.channel === null
          ? 'The accountability channel is off; no more roundups will be posted.'
          : 'Done — the weekly accountability roundup will be posted there. Contact names and companies are never shared.',
      );
    }
    case 'export': {
      const promises = await store.listPromises(scope, { includeClosed: true });
      return {
        kind: 'reply',
        sections: [
          { items: [{ text: `Here is everything Thrice holds about you: ${promises.length} promises.` }] },
        ],
        attachments: exportAttachments(member, promises),
        fallbackText: 'Your Thrice data export',
      };
    }
    case 'forget_me':
      return {
        kind: 'confirmation',
        sections: [
          {
            items: [
              {
                text: 'This deletes every promise, follow-up and setting Thrice holds about you, for good. Continue?',
              },
            ],
          },
        ],
        actions: [{ kind: 'confirm_forget' }, { kind: 'cancel' }],
        fallbackText: 'Confirm: delete everything Thrice holds about you?',
      };
  }
}

async function logFollowUp(
  store: Store,
  member: Member,
  promise: FollowUpPromise,
  channel: FollowUpPromise['promisedChannel'],
  note: string | null,
  now: Date,
): Promise<FollowUpPromise> {
  return store.transaction(async (tx) => {
    const logged = await tx.addFollowUp(scopeOf(member), promise.id, { at: now, channel, note });
    if (logged === null) throw new InvalidCommandError('That promise is no longer there.');
    const fresh = { ...promise, followUps: [...promise.followUps, logged] };
    const changes: PromiseChanges = { snoozedUntil: null, lastActivityAt: now };
    // Following up on an R6 suggestion uses it up; a meeting's follow-up is its thank-you note.
    if (plannedNudge(promise, member.settings)?.kind === 'ask_right_person')
      changes.rightPersonSuggested = true;
    if (promise.kind === 'meeting') changes.thanked = true;
    return changePromise(tx, member, fresh, changes);
  });
}

async function closePromise(
  store: Store,
  member: Member,
  promise: FollowUpPromise,
  outcome: FollowUpPromise['outcome'],
  note: string | null,
  now: Date,
): Promise<FollowUpPromise> {
  const changes: PromiseChanges = { outcome, closedAt: now, lastActivityAt: now };
  return changePromise(store, member, promise, note === null ? changes : { ...changes, note });
}

async function runAction(store: Store, member: Member, action: ActionInput, now: Date): Promise<Message> {
  const settings = member.settings;
  switch (action.kind) {
    case 'confirm_forget': {
      const removed = await store.forgetMember(scopeOf(member));
      return textMessage(
        'confirmation',
        `Done. I deleted ${removed.promises} promises and ${removed.followUps} follow-ups, and your settings. If you use /promise again, you start fresh.`,
      );
    }
    case 'undo': {
      const deleted = await store.deletePromise(scopeOf(member), action.promiseId);
      return textMessage(
        'confirmation',
        deleted ? 'Undone — that promise is gone.' : 'Nothing to undo: that promise is already gone.',
      );
    }
    case 'followed': {
      const promise = await ownedOpenPromise(store, member, action.promiseId);
      return followedReply(await logFollowUp(store, member, promise, null, null, now), settings, now);
    }
    case 'heard': {
      const promise = await ownedOpenPromise(store, member, action.promiseId);
      return heardReply(await closePromise(store, member, promise, 'heard', null, now), settings, now);
    }
    case 'close': {
      const promise = await ownedOpenPromise(store, member, action.promiseId);
      return closedReply(
        await closePromise(store, member, promise, action.outcome, null, now),
        settings,
        now,
      );
    }
    case 'snooze': {
      const promise = await ownedOpenPromise(store, member, action.promiseId);
      const { until } = snoozeUntil(action.preset, { timeZone: settings.timeZone, now });
      const updated = await changePromise(store, member, promise, {
        snoozedUntil: until,
        lastActivityAt: now,
      });
      return snoozedReply(updated, settings, now);
    }
  }
}
