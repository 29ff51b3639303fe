import type { Logger } from 'pino';
import { lazyChartRenderer } from '../charts/lazy.ts';
import type { Command, PromiseDraft, Target } from '../core/command.ts';
import { buildDigest } from '../core/digest.ts';
import {
  FormFieldError,
  InvalidCommandError,
  isThriceError,
  LimitReachedError,
  ThriceError,
} from '../core/errors.ts';
import { draftFromFields } from '../core/grammar/add-command.ts';
import { findDue } from '../core/grammar/date-reader.ts';
import { fieldsFromMessage } from '../core/grammar/message-fields.ts';
import { commandFromOptions, parseCommand } from '../core/grammar/parse-command.ts';
import { clean, joinNotes } from '../core/grammar/text.ts';
import { helpMessage } from '../core/help.ts';
import { placeName } from '../core/holidays.ts';
import { DEFAULT_LIMITS, type Limits } from '../core/limits.ts';
import { type Action, type Message, textMessage } from '../core/message.ts';
import type { Contact, FollowUpPromise, Member, MemberScope, Platform, Workspace } from '../core/model.ts';
import { plannedNudge } from '../core/nudge-policy.ts';
import { type Welcome, welcomeFor } from '../core/onboarding.ts';
import { defaultSettings } from '../core/policy-defaults.ts';
import type { ChartPort } from '../core/ports/charts.ts';
import type {
  ActionInput,
  Actor,
  FormProblem,
  HomeView,
  InboundPort,
  InboundRequest,
  Input,
  Notice,
  PromiseFields,
  Reply,
  SnoozeSuggestion,
  View,
} from '../core/ports/inbound.ts';
import type { Clock, FirstAsks, Store, WorkspaceIdentity } from '../core/ports/store.ts';
import { formFieldsOf } from '../core/promise-form.ts';
import { resolveRef } from '../core/ref-resolver.ts';
import {
  addedReply,
  closedReply,
  dismissedReply,
  followedReply,
  heardReply,
  listReply,
  metReply,
  pausedReply,
  resumedReply,
  snoozedReply,
  statsReply,
} from '../core/replies.ts';
import { settingLines, settingsReply } from '../core/settings-reply.ts';
import { pickedSnooze, presetSnooze, suggestedPick } from '../core/snooze.ts';
import { example, inPlatformSyntax } from '../core/syntax.ts';
import {
  duplicateReply,
  duplicateUpdatedReply,
  editedReply,
  editHowReply,
  heardWithNextReply,
  historyReply,
  metOnThreadReply,
  reopenedReply,
} from '../core/thread-replies.ts';
import { markTimes, momentsOf } from '../core/times.ts';
import { exportAttachments } from './export.ts';
import { checkCommandLengths, formLengthProblem } from './input-limits.ts';
import { AlikeOpenPromise, type PromiseQueue, promiseQueue } from './promise-queue.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { statsChartAttachment } from './stats-chart.ts';
import { changesOf, DUPLICATE_ANSWER_HOURS, editChanges, openThreadOf, reopenTarget } from './threads.ts';

/** What the inbound service needs from the outside. */
export interface InboundDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  /** Field lengths, commands per minute and open promises per member; DEFAULT_LIMITS when not given. */
  limits?: Limits;
  /** Told about every finished request (metrics): its kind, how it ended and how long it took. */
  observe?: (event: CommandEvent) => void;
  /** Makes organiser page links (`/promise dashboard`); absent where no page is served. */
  organiser?: {
    /** A link for an organiser of the workspace; null when the asker is not one. */
    link(
      asker: { workspaceId: string; memberId: string; isAdmin: boolean },
      now: Date,
    ): Promise<{ url: string; expiresAt: Date } | null>;
  };
  /** Draws `/promise stats`' chart; ECharts and resvg, loaded on first use, when not given. */
  charts?: ChartPort;
}

/** One finished request, for metrics. `refused`: a friendly error; `failed`: our fault. */
export interface CommandEvent {
  platform: string;
  kind: string;
  outcome: 'ok' | 'refused' | 'failed';
  seconds: number;
}

/** The inbound port, plus the member lookup that tests and the console's setup use. */
export interface InboundService extends InboundPort {
  /** Loads (creating on first sight) the actor's member row. */
  memberFor(actor: Actor): Promise<Member>;
}

/**
 * The workspace of a user's promises on a platform whose DMs name none (Discord), when the user
 * has no workspace there yet: personal, one member per user.
 */
const PERSONAL_WORKSPACE = '@me';

const SORRY = 'Sorry — something went wrong on my side and nothing was changed. Please try again.';

/** The actor's workspace, resolved; with a notice when a DM had to choose among several. */
interface Where {
  workspace: WorkspaceIdentity;
  chosen: Notice | null;
}

/** Creates the one inbound service every adapter calls: dedupe, rate limit, parse, one dispatcher. */
/** An error's words for the member, its example in their platform's syntax (Discord's options). */
function refusalText(error: ThriceError, platform: Platform): string {
  if (!(error instanceof InvalidCommandError) || error.example === undefined) return error.userMessage;
  return `${error.problem}\nFor example: \`${inPlatformSyntax(error.example, platform)}\``;
}

export function createInbound(deps: InboundDeps): InboundService {
  const { store, clock, log } = deps;
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const rate = createRateLimiter({ limit: limits.commandsPerMinute, clock });
  const queue = promiseQueue(store);
  const charts = deps.charts ?? lazyChartRenderer();

  /** Counts one request of the user; over the limit, refuses before anything is read or written. */
  function admit(actor: Actor): void {
    // The console is one local person at their own terminal (or their script): nobody to protect
    // the bot from, and a limit would silently cut a scripted session short.
    if (actor.workspace.platform === 'console') return;
    const where = 'direct' in actor.workspace ? '@dm' : actor.workspace.externalId;
    const decision = rate.hit(`${actor.workspace.platform}:${where}:${actor.user.externalId}`);
    if (decision.allowed) return;
    const seconds = Math.max(1, Math.ceil((decision.retryAt.getTime() - clock.now().getTime()) / 1000));
    throw new LimitReachedError(
      `Easy there — that is more than ${limits.commandsPerMinute} commands in a minute. Nothing was changed; please try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
      decision.retryAt,
    );
  }

  /**
   * The workspace a request acts in. A DM that names none (Discord) goes, for a press on a
   * promise, to the workspace where this user's own member row holds that promise (id and owner
   * together, so a forged id finds nothing); else to the user's one workspace, the most recently
   * active of several (with a notice), or the personal workspace when there is none.
   */
  async function whereOf(actor: Actor, promiseId: string | null): Promise<Where> {
    const workspace = actor.workspace;
    if (!('direct' in workspace)) return { workspace, chosen: null };
    const { platform } = workspace;
    const userId = actor.user.externalId;
    if (promiseId !== null) {
      const [owner] = await store.workspacesOfUser(platform, userId, { promiseId });
      if (owner !== undefined) return { workspace: identityOf(owner), chosen: null };
    }
    const all = await store.workspacesOfUser(platform, userId);
    const shared = all.filter((w) => w.externalId !== PERSONAL_WORKSPACE);
    const [latest] = shared;
    if (latest === undefined)
      return { workspace: { platform, externalId: PERSONAL_WORKSPACE, name: null }, chosen: null };
    return {
      workspace: identityOf(latest),
      chosen:
        shared.length > 1
          ? { kind: 'workspace_chosen', workspaceName: latest.name, workspaces: shared.length }
          : null,
    };
  }

  async function memberIn(actor: Actor, workspace: WorkspaceIdentity): Promise<Member> {
    const settings = { ...defaultSettings(actor.timeZone, actor.locale), locale: actor.locale ?? null };
    return queue.memberIn(workspace, actor.user, settings, clock.now());
  }

  async function memberFor(actor: Actor): Promise<Member> {
    return memberIn(actor, (await whereOf(actor, null)).workspace);
  }

  /** Runs `work`, turning expected failures into friendly replies and bugs into an apology. */
  async function guarded<T>(
    actor: Actor,
    what: string,
    work: (setKind: (kind: string) => void) => Promise<T>,
    fail: (message: Message) => T,
  ): Promise<T> {
    const started = performance.now();
    let kind = what;
    const done = (outcome: CommandEvent['outcome']) => {
      const seconds = (performance.now() - started) / 1000;
      log.debug({ command: kind, outcome, ms: Math.round(seconds * 1000) }, 'command handled');
      deps.observe?.({ platform: actor.workspace.platform, kind, outcome, seconds });
    };
    try {
      const result = await work((parsed) => {
        kind = parsed;
      });
      done(isRefusal(result) ? 'refused' : 'ok');
      return result;
    } catch (error) {
      if (isThriceError(error)) {
        done('refused');
        return fail(textMessage('error', refusalText(error, actor.workspace.platform)));
      }
      log.error({ err: error, command: kind }, 'command failed');
      done('failed');
      return fail(textMessage('error', SORRY));
    }
  }

  async function handle(request: InboundRequest): Promise<Reply | null> {
    const { actor, input } = request;
    // Which workspace a DM used, and a digest the platform refused since the member's last
    // command, are said with every reply, refusals too ("no #3" there, not here).
    let chosen: Notice | null = null;
    let undelivered: Notice | null = null;
    const withChosen = (notices: readonly Notice[]) =>
      [undelivered, ...notices, chosen].filter((notice): notice is Notice => notice !== null);
    const refusal = (error: ThriceError): Reply => {
      const reply = {
        message: textMessage('error', refusalText(error, actor.workspace.platform)),
        notices: withChosen([]),
      };
      return error instanceof FormFieldError ? { ...reply, field: error.field } : reply;
    };
    return guarded<Reply | null>(
      actor,
      input.kind === 'action' ? input.action.kind : input.kind,
      async (setKind) => {
        admit(actor);
        // Checked field by field first, so the error names what the member typed, not a reading of it.
        if (input.kind === 'form') {
          const problem = formLengthProblem(input.fields, limits);
          if (problem !== null) return refusal(new FormFieldError(problem.field, problem.error));
        }
        const where = await whereOf(actor, promiseOf(input));
        chosen = where.chosen;
        // Deleting everything must name its workspace; from a DM that had to guess, it names none.
        if (input.kind === 'action' && input.action.kind === 'confirm_forget' && where.chosen !== null) {
          throw new ThriceError(
            'ambiguous_workspace',
            'You use Thrice in several servers, so I deleted nothing from here. Run `/promise forget-me` in the server whose data you want gone.',
          );
        }
        const member = await memberIn(actor, where.workspace);
        // Only a command clears it (not autocomplete or the App Home): its reply says what happened.
        if (member.deliveryProblem !== null && (await store.markReachable(scopeOf(member))))
          undelivered = { kind: 'delivery_failed', ...member.deliveryProblem };
        const key = request.idempotencyKey;
        if (key !== undefined && !(await store.rememberRequest(member.workspaceId, key, clock.now())))
          return null;
        const now = clock.now();
        // An Edit form's role menu left as it was keeps the edited promise's title ("VP Eng").
        const replaced =
          input.kind === 'form' && input.replaces !== null
            ? await store.getPromise(scopeOf(member), input.replaces)
            : null;
        const command = decode(input, member, now, replaced?.contact);
        if (!command.ok) return refusal(command.error);
        setKind(command.value.kind);
        const replaces = input.kind === 'form' ? input.replaces : null;
        const message = await dispatch(
          actor,
          member,
          command.value,
          now,
          replaces,
          request.prepareChannel,
        ).catch(async (error: unknown) => {
          // Our failure changed nothing (its writes rolled back) and the reply says "try again":
          // the same button or retry must then work, so the key is given back.
          if (key !== undefined && !isThriceError(error))
            await store.forgetRequest(member.workspaceId, key).catch(() => {});
          throw error;
        });
        const shown = await withTimes(actor, member, message, now);
        const asked = await store.markFirstAsks(
          scopeOf(member),
          now,
          firstAsksOf(actor, member, message, input, command.value),
        );
        const notices: Notice[] = [];
        if (asked.timeZone) notices.push({ kind: 'time_zone_unset', timeZone: member.settings.timeZone });
        // Setting the country marks it asked without asking.
        if (
          asked.country &&
          !(command.value.kind === 'settings' && command.value.patch.country !== undefined)
        ) {
          const { country, region } = member.settings;
          notices.push({
            kind: 'country_unset',
            country,
            place: country === null ? null : placeName(country, region),
          });
        }
        const welcome = asked.welcome ? await welcomeAfter(actor, member, command.value) : null;
        return { message: shown, notices: withChosen(notices), ...(welcome === null ? {} : { welcome }) };
      },
      (message) => ({ message, notices: withChosen([]) }),
    );
  }

  /**
   * The reply with the moments it shows marked (Message.times), for Discord, which shows each in
   * the viewer's own zone: those of the member's open promises, as they are after the command.
   * The other platforms show the words, so they are spared the read.
   */
  async function withTimes(actor: Actor, member: Member, message: Message, now: Date): Promise<Message> {
    // An add marked its own promise's moments already (addedFromDraft).
    if (actor.workspace.platform !== 'discord' || message.kind === 'error' || message.times !== undefined)
      return message;
    const promises = await store.listPromises(scopeOf(member));
    return markTimes(message, momentsOf(promises), member.settings.timeZone, member.settings.locale, now);
  }

  /** The welcome DM, showing the member as the first command left them. */
  async function welcomeAfter(actor: Actor, member: Member, command: Command): Promise<Welcome> {
    // Read again when the first command may have set the zone or the country the welcome shows
    // (an add never does: its member is as read).
    const current = command.kind === 'add' ? member : await store.getMember(scopeOf(member));
    return welcomeFor(current ?? member, actor.workspace.platform);
  }

  function decode(input: Input, member: Member, now: Date, replaced?: Contact) {
    const ctx = { timeZone: member.settings.timeZone, now, working: member.settings };
    switch (input.kind) {
      case 'text':
        return parseCommand(input.text, ctx);
      case 'options':
        return commandFromOptions(input.options, ctx);
      case 'form': {
        const draft = draftFromFields(input.fields, ctx, replaced);
        return draft.ok ? { ok: true as const, value: { kind: 'add' as const, draft: draft.value } } : draft;
      }
      case 'action': {
        const { action } = input;
        if (action.kind !== 'snooze_pick')
          return { ok: true as const, value: commandOf(action, member, now) };
        const picked = pickedSnooze(action.pick, member.settings, now);
        if (!picked.ok) return picked;
        const { until, label } = picked.value;
        return {
          ok: true as const,
          value: { kind: 'snooze' as const, ref: byId(action.promiseId), until, label },
        };
      }
    }
  }

  async function dispatch(
    actor: Actor,
    member: Member,
    command: Command,
    now: Date,
    replaces: string | null,
    prepareChannel?: InboundRequest['prepareChannel'],
  ): Promise<Message> {
    checkCommandLengths(command, limits);
    const scope = scopeOf(member);
    const settings = member.settings;
    const platform = actor.workspace.platform;
    switch (command.kind) {
      case 'help':
        return helpMessage(platform);
      case 'form':
        return textMessage(
          'reply',
          `Tell me who promised to get back to you, what, and when — for example:\n${example(platform, 'add')}`,
        );
      case 'add': {
        try {
          // A second open promise from the same person at the same company is asked about, not saved.
          return await addedFromDraft(queue, limits, member, command.draft, now, platform, {
            replaces,
            refuseAlike: replaces === null,
          });
        } catch (error) {
          if (!(error instanceof AlikeOpenPromise)) throw error;
          const existing = await targetOf(store, member, byId(error.promiseId));
          const expires = new Date(now.getTime() + DUPLICATE_ANSWER_HOURS * 3_600_000);
          const pendingId = await store.savePendingAdd(
            scope,
            { draft: command.draft, duplicateOf: existing.id },
            now,
            expires,
          );
          return duplicateReply(existing, pendingId, settings);
        }
      }
      case 'resolve_duplicate':
        // The question is taken and answered in one transaction: a refusal (a closed promise, the
        // open-promise cap) or a failure rolls the take back, so the question can still be answered.
        return store.transaction(async (tx) => {
          const pending = await tx.takePendingAdd(scope, command.pendingId, now);
          if (pending === null) {
            throw new ThriceError(
              'expired',
              'That question has expired or was already answered, so nothing was changed. Add the promise again if you still need it.',
            );
          }
          const inTx = promiseQueue(tx);
          if (command.choice === 'new')
            return addedFromDraft(inTx, limits, member, pending.draft, now, platform, {
              replaces: null,
              refuseAlike: false,
            });
          const promise = await tx.getPromise(scope, pending.duplicateOf);
          if (promise === null || promise.outcome !== null) {
            const why =
              promise === null
                ? 'That promise is no longer there'
                : `#${promise.ref} from ${promise.contact.name} is already closed (${promise.outcome})`;
            throw new ThriceError(
              'not_open',
              `${why}, so I didn't update it. Press "Add as new" to save what you said as a new promise.`,
            );
          }
          const updated = await inTx.change(member, promise, {
            ...changesOf(promise, pending.draft),
            lastActivityAt: now,
          });
          return duplicateUpdatedReply(updated, settings, now);
        });
      case 'met': {
        // Meeting someone with an open thread carries that thread on (README: "Threads carry on").
        const thread = openThreadOf(command.contact, await store.listPromises(scope));
        const draft: PromiseDraft = {
          contact: thread === null ? command.contact : thread.contact,
          what: 'meet you',
          promisedChannel: null,
          due: { at: command.at, precision: 'time' },
          note: thread === null ? command.note : joinNotes(command.note, `Carries on #${thread.ref}`),
        };
        if (thread === null)
          return metReply(
            await addPromise(queue, limits, member, draft, 'meeting', now, null),
            settings,
            now,
          );
        const { meeting, closed } = await store.transaction(async (tx) => {
          const inTx = promiseQueue(tx);
          const closed = await inTx.close(member, thread, 'heard', null, now);
          const meeting = await addPromise(inTx, limits, member, draft, 'meeting', now, null);
          return { meeting, closed };
        });
        return metOnThreadReply(closed, meeting, settings, now);
      }
      case 'edit': {
        const promise = await targetOf(store, member, command.ref);
        if (command.change === null) return editHowReply(promise, settings);
        const updated = await queue.change(member, promise, {
          ...editChanges(promise, command.change),
          lastActivityAt: now,
        });
        return editedReply(updated, command.change, settings, now);
      }
      case 'history':
        return historyReply(await store.listPromises(scope, { includeClosed: true }), settings);
      case 'reopen': {
        const promise = reopenTarget(command.ref, await store.listPromises(scope, { includeClosed: true }));
        if ((await store.countOpenPromises(scope)) >= limits.maxOpenPromises) {
          throw new LimitReachedError(
            `You already have ${limits.maxOpenPromises} open promises, the most Thrice keeps at once, so I didn't reopen #${promise.ref}. Close one you no longer wait on first.`,
          );
        }
        const updated = await queue.change(member, promise, {
          outcome: null,
          closedAt: null,
          snoozedUntil: null,
          lastActivityAt: now,
        });
        return reopenedReply(updated, settings, now);
      }
      case 'list':
        return listReply(await store.listPromises(scope), settings, now, platform);
      case 'stats': {
        const promises = await store.listPromises(scope, { includeClosed: true });
        const reply = statsReply(promises, settings, now);
        const chart = await statsChartAttachment(charts, promises, settings, now, log);
        if (chart === null) return reply;
        return { ...reply, attachments: [chart], filesComment: 'Your follow-up chart: the last 12 weeks.' };
      }
      case 'followed': {
        const promise = await targetOf(store, member, command.ref);
        return followedReply(
          await queue.logFollowUp(member, promise, { at: now, channel: command.channel, note: command.note }),
          settings,
          now,
          platform,
        );
      }
      case 'heard': {
        const promise = await targetOf(store, member, command.ref);
        const next = command.next;
        if (next === undefined)
          return heardReply(await queue.close(member, promise, 'heard', command.note, now), settings, now);
        // The thread carries on: #N is done, and the next step is a meeting (a thank-you note after it).
        const meeting: PromiseDraft = {
          contact: promise.contact,
          what: 'meet you',
          promisedChannel: null,
          due: { at: next.at, precision: 'time' },
          note: next.what,
        };
        const { heard, logged } = await store.transaction(async (tx) => {
          const inTx = promiseQueue(tx);
          const heard = await inTx.close(member, promise, 'heard', command.note, now);
          const logged = await addPromise(inTx, limits, member, meeting, 'meeting', now, null);
          return { heard, logged };
        });
        return heardWithNextReply(heard, logged, settings, now);
      }
      case 'close': {
        const promise = await targetOf(store, member, command.ref);
        return closedReply(
          await queue.close(member, promise, command.outcome, command.note, now),
          settings,
          now,
        );
      }
      case 'snooze': {
        const promise = await targetOf(store, member, command.ref);
        // With the digest off, the nudge already sent is due again when the snooze ends.
        const planned = settings.digestTime === null ? plannedNudge(promise, settings) : null;
        const updated = await queue.change(member, promise, {
          snoozedUntil: command.until,
          lastActivityAt: now,
          ...(planned === null
            ? {}
            : { lastNudgedAttempt: Math.min(promise.lastNudgedAttempt, planned.attempt - 1) }),
        });
        return snoozedReply(updated, settings, now, platform);
      }
      case 'keep_going': {
        const promise = await targetOf(store, member, command.ref);
        const updated = await queue.change(member, promise, { keepGoing: true, lastActivityAt: now });
        return textMessage(
          'confirmation',
          `Got it — I'll keep nudging you about ${updated.contact.name} after the third follow-up.`,
        );
      }
      case 'pause': {
        const updated = await queue.saveSettings(member, { ...settings, pausedUntil: command.until }, now);
        return pausedReply(updated.settings, now);
      }
      case 'resume': {
        const updated = await queue.saveSettings(member, { ...settings, pausedUntil: null }, now);
        return resumedReply(updated.settings, now);
      }
      case 'settings': {
        const { patch } = command;
        if (Object.keys(patch).length === 0) return settingsReply(settings, false, platform);
        const next = {
          ...settings,
          ...patch,
          timeZoneConfirmed: settings.timeZoneConfirmed || patch.timeZone !== undefined,
        };
        return settingsReply((await queue.saveSettings(member, next, now)).settings, true, platform);
      }
      case 'channel': {
        if (!actor.canManageWorkspace) {
          throw new ThriceError(
            'not_allowed',
            'Only a workspace admin can choose the accountability channel. Ask an admin to run `/promise channel #name`.',
          );
        }
        const channelId = command.channel?.id ?? null;
        const readiness = channelId === null ? 'ready' : ((await prepareChannel?.(channelId)) ?? 'ready');
        if (readiness === 'not_found') {
          throw new ThriceError(
            'channel_not_found',
            'That channel is archived (or gone), so nothing changed. Pick another as you type `/promise channel #`.',
          );
        }
        await store.setAccountabilityChannel(member.workspaceId, channelId, member.id);
        if (channelId === null)
          return textMessage(
            'confirmation',
            'The accountability channel is off; no more roundups will be posted.',
          );
        const shared = 'Contact names and companies are never shared.';
        return textMessage(
          'confirmation',
          readiness === 'ready'
            ? `Done — the weekly accountability roundup will be posted there. ${shared}`
            : `Saved — but I can’t post there yet (a private channel, or one I may not join myself): someone in it needs to type \`/invite @Thrice\`. Then the weekly roundup goes there. ${shared}`,
        );
      }
      case 'dashboard': {
        if (deps.organiser === undefined) {
          throw new ThriceError('not_served', 'This Thrice serves no organiser page (no web port is open).');
        }
        const asker = {
          workspaceId: member.workspaceId,
          memberId: member.id,
          isAdmin: actor.canManageWorkspace,
        };
        const link = await deps.organiser.link(asker, now);
        if (link === null) {
          throw new ThriceError(
            'not_allowed',
            'The organiser page is for workspace admins and whoever chose the accountability channel. Ask an admin to run `/promise dashboard`.',
          );
        }
        const { url, expiresAt } = link;
        const hours = Math.round((expiresAt.getTime() - now.getTime()) / 3_600_000);
        return {
          kind: 'reply',
          title: 'Your group’s organiser page',
          sections: [
            {
              items: [
                {
                  text: 'Weekly counts of follow-ups, callbacks and offers, and the streaks of members who share. No contact names, companies or notes.',
                  details: [`This link is yours: it works for ${hours} hours. Don’t share it.`],
                  link: { label: 'Open the organiser page', url },
                },
              ],
            },
          ],
          fallbackText: 'Your organiser page link',
        };
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
      case 'confirm_forget': {
        const removed = await store.forgetMember(scope);
        return textMessage(
          'confirmation',
          `Done. I deleted ${removed.promises} promises and ${removed.followUps} follow-ups, and your settings. If you use /promise again, you start fresh.`,
        );
      }
      case 'dismiss': {
        // A gatekeeper's "no" is closed yet still carries the suggestion, so closed promises count.
        const promise = await store.getPromise(scope, command.promiseId);
        if (promise === null)
          throw new InvalidCommandError('That promise is no longer there (it may have been undone).');
        const updated = promise.rightPersonSuggested
          ? promise
          : await queue.change(member, promise, { rightPersonSuggested: true });
        return dismissedReply(updated, settings, now, platform);
      }
      case 'undo': {
        const deleted = await store.deletePromise(scope, command.promiseId);
        return textMessage(
          'confirmation',
          deleted ? 'Undone — that promise is gone.' : 'Nothing to undo: that promise is already gone.',
        );
      }
    }
  }

  function view(actor: Actor, which: View): Promise<Message> {
    return guarded(
      actor,
      which,
      async () => {
        const member = await memberFor(actor);
        const now = clock.now();
        if (which === 'digest') {
          const promises = await store.listPromises(scopeOf(member), { includeClosed: true });
          const digest = buildDigest({ member, promises, now, platform: actor.workspace.platform });
          return (
            digest ?? textMessage('reply', 'Nothing to report today — no open promises and nothing due.')
          );
        }
        const list = listReply(
          await store.listPromises(scopeOf(member)),
          member.settings,
          now,
          actor.workspace.platform,
        );
        const settings = settingsReply(member.settings, false, actor.workspace.platform);
        return {
          kind: 'home',
          title: 'Who promised to get back to you',
          sections: [
            ...list.sections,
            { heading: 'Your settings', items: settings.sections.flatMap((section) => section.items) },
          ],
          footer: `Add a promise with ${example(actor.workspace.platform, 'add')}`,
          fallbackText: list.fallbackText,
        };
      },
      (message) => message,
    );
  }

  async function home(actor: Actor): Promise<HomeView> {
    const member = await memberFor(actor);
    const now = clock.now();
    const platform = actor.workspace.platform;
    const all = await store.listPromises(scopeOf(member), { includeClosed: true });
    // The list leaves out closed promises itself; the stats count them.
    const list = listReply(all, member.settings, now, platform);
    const lines = settingLines(member.settings, platform);
    return {
      settings: member.settings,
      otherSettings: [lines.holidays, lines.target, ...(lines.paused === null ? [] : [lines.paused])],
      stats: statsReply(all, member.settings, now),
      promises: {
        ...list,
        sections: list.sections.map((section) => ({
          ...section,
          items: section.items.map((item) =>
            item.actions === undefined ? item : { ...item, actions: withEdit(item.actions) },
          ),
        })),
      },
    };
  }

  return {
    handle,
    view,
    home,
    checkForm: (fields) => formProblem(fields, limits, clock.now()),
    async snoozeSuggestion(actor): Promise<SnoozeSuggestion> {
      const settings = await memberFor(actor).then(
        (member) => member.settings,
        (error: unknown) => {
          log.warn({ err: error }, 'member lookup failed; suggesting a snooze in the platform zone');
          return defaultSettings(actor.timeZone);
        },
      );
      return { ...suggestedPick(settings, clock.now()), timeZone: settings.timeZone };
    },
    memberFor,
    async openPromises(actor) {
      return store.listPromises(scopeOf(await memberFor(actor)));
    },
    async editForm(actor, promiseId) {
      const member = await memberIn(actor, (await whereOf(actor, promiseId)).workspace);
      const promise = (await store.listPromises(scopeOf(member))).find((p) => p.id === promiseId);
      return promise === undefined ? null : formFieldsOf(promise, member.settings.timeZone, clock.now());
    },
    async formFromMessage(actor, text) {
      // The zone decides whether a date has passed; without the member row, the platform's zone.
      const timeZone = await memberFor(actor).then(
        (member) => member.settings.timeZone,
        (error: unknown) => {
          log.warn({ err: error }, 'member lookup failed; reading the message in the platform zone');
          return defaultSettings(actor.timeZone).timeZone;
        },
      );
      return fieldsFromMessage(text, { timeZone, now: clock.now() }, limits);
    },
    async closedPromises(actor) {
      const all = await store.listPromises(scopeOf(await memberFor(actor)), { includeClosed: true });
      return all
        .filter((p) => p.outcome !== null)
        .sort((a, b) => (b.closedAt?.getTime() ?? 0) - (a.closedAt?.getTime() ?? 0));
    },
  };
}

/**
 * A promise's buttons with Edit before Close (the dashboard's order): only where it can be closed,
 * so a logged meeting, which the add form cannot recreate, gets none.
 */
function withEdit(actions: readonly Action[]): readonly Action[] {
  const close = actions.findIndex((action) => action.kind === 'close');
  const owner = actions[close];
  if (owner?.kind !== 'close') return actions;
  const edit: Action = { kind: 'edit', promiseId: owner.promiseId, ref: owner.ref };
  return [...actions.slice(0, close), edit, ...actions.slice(close)];
}

/**
 * What is wrong with a form whatever the member's zone and settings: a field too long, a name
 * that is no name, no date, or a date phrase nothing reads. The rest (a date too far back or
 * ahead in the member's zone, the open-promise cap) needs their row and is said after.
 */
function formProblem(fields: PromiseFields, limits: Limits, now: Date): FormProblem | null {
  const long = formLengthProblem(fields, limits);
  if (long !== null) return { field: long.field, message: long.error.userMessage };
  const read = draftFromFields(fields, { timeZone: 'UTC', now });
  if (read.ok || !(read.error instanceof FormFieldError)) return null;
  const { field } = read.error;
  const when = clean(fields.when);
  // A name, an address, a number or a profile that cannot be read is wrong in every zone.
  const unreadable =
    field === 'who' ||
    field === 'email' ||
    field === 'phone' ||
    field === 'linkedin' ||
    (field === 'when' && (when === '' || findDue(when, { timeZone: 'UTC', now }) === null));
  return unreadable ? { field, message: read.error.userMessage } : null;
}

function isRefusal(result: unknown): boolean {
  if (result === null || typeof result !== 'object') return false;
  const message = 'message' in result ? (result as Reply).message : (result as Message);
  return message.kind === 'error';
}

function identityOf(workspace: Workspace): WorkspaceIdentity {
  return { platform: workspace.platform, externalId: workspace.externalId, name: workspace.name };
}

function scopeOf(member: Member): MemberScope {
  return { workspaceId: member.workspaceId, memberId: member.id };
}

/** The promise a request names by id (a button, an Edit form), if any. */
function promiseOf(input: Input): string | null {
  if (input.kind === 'form') return input.replaces;
  if (input.kind === 'action' && 'promiseId' in input.action) return input.action.promiseId;
  return null;
}

/** A button press as the same command the typed words give, aimed at the pressed promise's id. */
function commandOf(
  action: Exclude<ActionInput, { kind: 'snooze_pick' }>,
  member: Member,
  now: Date,
): Command {
  switch (action.kind) {
    case 'confirm_forget':
      return { kind: 'confirm_forget' };
    case 'undo':
      return { kind: 'undo', promiseId: action.promiseId };
    case 'dismiss':
      return { kind: 'dismiss', promiseId: action.promiseId };
    case 'followed':
      return { kind: 'followed', ref: byId(action.promiseId), channel: null, note: null };
    case 'heard':
      return { kind: 'heard', ref: byId(action.promiseId), note: null };
    case 'dup_update':
      return { kind: 'resolve_duplicate', pendingId: action.pendingId, choice: 'update' };
    case 'dup_new':
      return { kind: 'resolve_duplicate', pendingId: action.pendingId, choice: 'new' };
    case 'close':
      return { kind: 'close', ref: byId(action.promiseId), outcome: action.outcome, note: null };
    case 'snooze': {
      const { until, label } = presetSnooze(action.preset, member.settings, now);
      return { kind: 'snooze', ref: byId(action.promiseId), until, label };
    }
  }
}

function byId(promiseId: string): Target {
  return { kind: 'id', promiseId };
}

/** The open promise a command aims at: by ref among the open ones, or by id (closed ones say so). */
async function targetOf(store: Store, member: Member, target: Target): Promise<FollowUpPromise> {
  const scope = scopeOf(member);
  if (target.kind !== 'id') {
    const found = resolveRef(target, await store.listPromises(scope));
    if (!found.ok) throw found.error;
    return found.value;
  }
  const promise = await store.getPromise(scope, target.promiseId);
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

/**
 * The once-ever asks a reply to something the member typed or submitted (never a button press,
 * never a refusal) may carry:
 * - a member whose platform gives no time zone (Discord) and who never set one is told the zone
 *   is assumed, unless this command sets it;
 * - every member is asked for their country's public holidays (or told the one guessed from their
 *   locale); a command that sets the country only marks it asked;
 * - a new member (one never asked for their country) is welcomed by DM; the console is its own
 *   welcome (it prints help at start).
 * The store marks them and says which were not asked before.
 */
function firstAsksOf(
  actor: Actor,
  member: Member,
  message: Message,
  input: Input,
  command: Command,
): FirstAsks {
  if (message.kind === 'error' || input.kind === 'action')
    return { timeZone: false, country: false, welcome: false };
  const settingZone = command.kind === 'settings' && command.patch.timeZone !== undefined;
  return {
    timeZone: !member.settings.timeZoneConfirmed && member.timeZoneAskedAt === null && !settingZone,
    country: member.countryAskedAt === null,
    welcome: actor.workspace.platform !== 'console' && member.countryAskedAt === null,
  };
}

/**
 * Saves a promise from an add's draft and says so: the one way both `add` and the duplicate
 * question's "Add as new" create a promise, so they get the same handling. An overdue promise with
 * an exact time is marked nudged once: its reply carries the first nudge's wording, so no timed
 * nudge repeats it. The reply keeps the draft's reading of the due ("read as …").
 */
async function addedFromDraft(
  queue: PromiseQueue,
  limits: Limits,
  member: Member,
  draft: PromiseDraft,
  now: Date,
  platform: Workspace['platform'],
  options: { replaces: string | null; refuseAlike: boolean },
): Promise<Message> {
  let created = await queue.create(
    member,
    { ...draft, kind: 'promise', createdAt: now },
    { ...options, maxOpen: limits.maxOpenPromises },
  );
  if (created.due.precision === 'time' && created.due.at.getTime() <= now.getTime()) {
    created = await queue.change(member, created, { lastNudgedAttempt: 1 });
  }
  const reply = addedReply(created, member.settings, now, platform, draft.reading);
  if (platform !== 'discord') return reply;
  // Discord shows its times as timestamps: they are the new promise's own, so the others need no read.
  const { timeZone, locale } = member.settings;
  const marked = markTimes(reply, momentsOf([created]), timeZone, locale, now);
  return marked.times === undefined ? { ...marked, times: [] } : marked;
}

/**
 * Creates a promise, refusing when the member already holds `maxOpenPromises` open ones. With
 * `replaces` (the form's Edit), that promise is deleted in the same transaction, so it does not
 * count against the cap and a refusal keeps it.
 */
async function addPromise(
  queue: PromiseQueue,
  limits: Limits,
  member: Member,
  draft: PromiseDraft,
  kind: FollowUpPromise['kind'],
  now: Date,
  replaces: string | null,
): Promise<FollowUpPromise> {
  return queue.create(
    member,
    { ...draft, kind, createdAt: now },
    { replaces, maxOpen: limits.maxOpenPromises },
  );
}
