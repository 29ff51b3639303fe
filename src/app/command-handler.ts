import type { Logger } from 'pino';
import type { Command, PromiseDraft, SnoozePreset } from '../core/command.ts';
import { buildDigest } from '../core/digest.ts';
import { InvalidCommandError, isThriceError, LimitReachedError, ThriceError } from '../core/errors.ts';
import { snoozeUntil } from '../core/grammar/date-reader.ts';
import { parseCommand } from '../core/grammar/parse-command.ts';
import { helpMessage } from '../core/help.ts';
import { DEFAULT_LIMITS, type Limits } from '../core/limits.ts';
import { type Message, textMessage } from '../core/message.ts';
import type { CloseOutcome, FollowUpPromise, Member, MemberScope, MemberSettings } from '../core/model.ts';
import { nextDigestAt, nextNudgeAt, plannedNudge } from '../core/nudge-policy.ts';
import { defaultSettings } from '../core/policy-defaults.ts';
import type { Clock, MemberIdentity, PromiseChanges, Store, WorkspaceIdentity } from '../core/ports/store.ts';
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
import { settingsReply } from '../core/settings-reply.ts';
import { exportAttachments } from './export.ts';
import { checkCommandLengths, formLengthProblem, type PromiseForm } from './input-limits.ts';
import { createRateLimiter } from './rate-limiter.ts';

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
  | { kind: 'confirm_forget' }
  /** The add-a-promise form (Slack or Discord modal); with `replaces`, its Edit: the new promise replaces that one. */
  | { kind: 'submit_form'; form: PromiseForm; replaces: string | null };

/** What the command handler needs from the outside. */
export interface CommandHandlerDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  /** Field lengths, commands per minute and open promises per member; DEFAULT_LIMITS when not given. */
  limits?: Limits;
  /** Told about every finished command (metrics): its kind, how it ended and how long it took. */
  observe?: (event: CommandEvent) => void;
}

/** One finished command, for metrics. `refused`: a friendly error; `failed`: our fault. */
export interface CommandEvent {
  platform: string;
  kind: string;
  outcome: 'ok' | 'refused' | 'failed';
  seconds: number;
}

/** The use cases behind `/promise` and its buttons, shared by every adapter. */
export interface CommandHandler {
  /** Runs `/promise <text>` for the actor and returns the reply to show them. Never throws. */
  handleText(actor: Actor, text: string): Promise<Message>;
  /**
   * The same, once per `requestKey` (a platform retry or a double click): null when that key was
   * already handled. Refused requests (over the rate limit) write nothing, not even the key.
   */
  handleText(actor: Actor, text: string, requestKey: string): Promise<Message | null>;
  /** Runs a button press for the actor and returns the reply (often the updated message). Never throws. */
  handleAction(actor: Actor, action: ActionInput): Promise<Message>;
  /** The same, once per `requestKey`; null when that key was already handled. */
  handleAction(actor: Actor, action: ActionInput, requestKey: string): Promise<Message | null>;
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
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const rate = createRateLimiter({ limit: limits.commandsPerMinute, clock });

  /** Counts one command or action of the member; over the limit, refuses before anything is read or written. */
  function admit(actor: Actor): void {
    const key = `${actor.workspace.platform}:${actor.workspace.externalId}:${actor.user.externalId}`;
    const decision = rate.hit(key);
    if (decision.allowed) return;
    const seconds = Math.max(1, Math.ceil((decision.retryAt.getTime() - clock.now().getTime()) / 1000));
    throw new LimitReachedError(
      `Easy there — that is more than ${limits.commandsPerMinute} commands in a minute. Nothing was changed; please try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
      decision.retryAt,
    );
  }

  async function memberFor(actor: Actor): Promise<Member> {
    const workspace = await store.ensureWorkspace(actor.workspace);
    const settings = defaultSettings(actor.timeZone);
    return store.ensureMember(workspace.id, {
      ...actor.user,
      settings,
      nextDigestAt: nextDigestAt(settings, clock.now()),
    });
  }

  /** True the first time `requestKey` is seen in the member's workspace (always true without a key). */
  async function firstTime(member: Member, requestKey: string | undefined): Promise<boolean> {
    return requestKey === undefined || store.rememberRequest(member.workspaceId, requestKey, clock.now());
  }

  /** Runs `work`, turning expected failures into friendly replies and bugs into an apology. */
  async function guarded<Reply extends Message | null>(
    actor: Actor,
    what: string,
    work: (setKind: (kind: string) => void) => Promise<Reply>,
  ): Promise<Reply | Message> {
    const started = performance.now();
    let kind = what;
    const done = <R extends Message | null>(outcome: CommandEvent['outcome'], reply: R) => {
      const seconds = (performance.now() - started) / 1000;
      deps.observe?.({ platform: actor.workspace.platform, kind, outcome, seconds });
      return reply;
    };
    try {
      const reply = await work((parsed) => {
        kind = parsed;
      });
      return done(reply?.kind === 'error' ? 'refused' : 'ok', reply);
    } catch (error) {
      if (isThriceError(error)) return done('refused', textMessage('error', error.userMessage));
      log.error({ err: error, command: what }, 'command failed');
      return done(
        'failed',
        textMessage(
          'error',
          'Sorry — something went wrong on my side and nothing was changed. Please try again.',
        ),
      );
    }
  }

  function handleText(actor: Actor, text: string): Promise<Message>;
  function handleText(actor: Actor, text: string, requestKey: string): Promise<Message | null>;
  function handleText(actor: Actor, text: string, requestKey?: string) {
    return guarded(actor, 'text', async (setKind) => {
      admit(actor);
      const member = await memberFor(actor);
      if (!(await firstTime(member, requestKey))) return null;
      const now = clock.now();
      const parsed = parseCommand(text, { timeZone: member.settings.timeZone, now });
      if (!parsed.ok) return textMessage('error', parsed.error.userMessage);
      setKind(parsed.value.kind);
      return run({ store, limits }, actor, member, parsed.value, now);
    });
  }

  function handleAction(actor: Actor, action: ActionInput): Promise<Message>;
  function handleAction(actor: Actor, action: ActionInput, requestKey: string): Promise<Message | null>;
  function handleAction(actor: Actor, action: ActionInput, requestKey?: string) {
    return guarded(actor, action.kind, async () => {
      admit(actor);
      if (action.kind === 'submit_form') {
        // Checked field by field first, so the error names what the member typed, not the parse of it.
        const problem = formLengthProblem(action.form, limits);
        if (problem !== null) throw problem.error;
      }
      const member = await memberFor(actor);
      if (!(await firstTime(member, requestKey))) return null;
      return runAction({ store, limits }, actor, member, action, clock.now());
    });
  }

  return {
    memberFor,
    handleText,
    handleAction,
    digest(actor) {
      return guarded(actor, 'digest', async () => {
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
      return guarded(actor, 'home', async () => {
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
  };
}

/** What the use cases below share: the store and the operator's limits. */
interface Context {
  store: Store;
  limits: Limits;
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

/**
 * Creates a promise, refusing when the member already holds `maxOpenPromises` open ones. With
 * `replaces` (the form's Edit), that promise is deleted in the same transaction, so it does not
 * count against the cap and a refusal keeps it.
 */
async function addPromise(
  ctx: Context,
  member: Member,
  draft: PromiseDraft,
  kind: FollowUpPromise['kind'],
  now: Date,
  replaces: string | null = null,
) {
  const { store, limits } = ctx;
  const scope = scopeOf(member);
  return store.transaction(async (tx) => {
    if (replaces !== null) await tx.deletePromise(scope, replaces);
    const created = await tx.createPromise(scope, {
      ...draft,
      kind,
      createdAt: now,
      nextNudgeAt: null,
    });
    // Counted after the insert: creating takes the member row's lock, so concurrent adds are
    // counted one after the other and cannot both slip under the cap. Throwing rolls back.
    const open = await tx.countOpenPromises(scope);
    if (open > limits.maxOpenPromises) {
      throw new LimitReachedError(
        `You already have ${limits.maxOpenPromises} open promises, the most Thrice keeps at once, so I didn't save this one. Close the ones you no longer wait on — \`/promise heard #3\`, or \`/promise close #3 cold\` — then add it again.`,
      );
    }
    return changePromise(tx, member, created, { lastActivityAt: now });
  });
}

async function run(
  ctx: Context,
  actor: Actor,
  member: Member,
  command: Command,
  now: Date,
  replaces: string | null = null,
): Promise<Message> {
  const { store, limits } = ctx;
  checkCommandLengths(command, limits);
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
      return addedReply(
        await addPromise(ctx, member, command.draft, 'promise', now, replaces),
        settings,
        now,
      );
    case 'met': {
      const draft: PromiseDraft = {
        contact: command.contact,
        what: 'meet you',
        promisedChannel: null,
        due: { at: command.at, precision: 'time' },
        note: command.note,
      };
      return metReply(await addPromise(ctx, member, draft, 'meeting', now), settings, now);
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
        attachments: exportAttachments(member, promises, now),
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

/** The form's fields as one line of the shared grammar: `add Who (role, company) will what when -- note`. */
function formText(form: PromiseForm): string {
  const details = [form.role.trim(), form.company.trim()].filter((part) => part !== '');
  const who = `${form.who.trim()}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
  const note = form.note.trim();
  return `add ${who} will ${form.what.trim()} ${form.when.trim()}${note === '' ? '' : ` -- ${note}`}`;
}

async function runAction(
  ctx: Context,
  actor: Actor,
  member: Member,
  action: ActionInput,
  now: Date,
): Promise<Message> {
  const { store } = ctx;
  const settings = member.settings;
  switch (action.kind) {
    case 'submit_form': {
      const parsed = parseCommand(formText(action.form), { timeZone: settings.timeZone, now });
      if (!parsed.ok) throw parsed.error;
      if (parsed.value.kind !== 'add')
        throw new InvalidCommandError('That form could not be read as a promise.');
      return run(ctx, actor, member, parsed.value, now, action.replaces);
    }
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
