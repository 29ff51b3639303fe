import { randomUUID } from 'node:crypto';
import type { App, BlockAction, MessageShortcut, types } from '@slack/bolt';
import type { Logger } from 'pino';
import { type Ref, SNOOZE_PRESETS } from '../../src/core/command.ts';
import { DEFAULT_LIMITS, type Limits } from '../../src/core/limits.ts';
import type { Attachment, Message } from '../../src/core/message.ts';
import { SNOOZE_PICK } from '../../src/core/message.ts';
import { CLOSE_OUTCOMES } from '../../src/core/model.ts';
import type { ActionInput, Actor, InboundPort, Notice, Reply } from '../../src/core/ports/inbound.ts';
import { resolveRef } from '../../src/core/ref-resolver.ts';
import { withLogContext } from '../../src/runtime/log-context.ts';
import { joinChannel } from './channels.ts';
import {
  formFields,
  PROMISE_FORM,
  promiseForm,
  SNOOZE_DATE,
  SNOOZE_FORM,
  snoozeForm,
  snoozeFormPick,
} from './modal.ts';
import { sendWelcome } from './onboarding.ts';
import { ACTION_IDS, actionsBlockId, escapeMrkdwn, renderBlocks, renderFallback } from './render.ts';

/** What the listeners need. */
export interface ListenerDeps {
  inbound: InboundPort;
  log: Logger;
  /** Who installed Thrice in the team (OAuth mode): they may manage it like an admin. */
  installerOf(teamId: string): Promise<string | null>;
  /** The operator's limits, for the form's max lengths; the handler enforces them. DEFAULT_LIMITS when not given. */
  limits?: Limits;
}

interface SlackUser {
  timeZone?: string;
  /** The user's Slack language ('en-GB'), asked for with include_locale: dates and times follow it. */
  locale?: string;
  isAdmin: boolean;
  name: string;
}

/** The answer to a request that names no workspace (neither `team` nor `user.team_id`). */
const UNKNOWN_WORKSPACE =
  "Thrice couldn't tell which Slack workspace this came from, so nothing was changed. Please try again from your workspace.";

/** The callback id of the "Track as a promise" message shortcut (manifest.yml). */
export const TRACK_SHORTCUT = 'track_promise';

/** users.info is rate limited (Tier 4): remember what it said for an hour per process. */
const USER_TTL_MS = 60 * 60_000;

/** Registers `/promise`, its buttons, the form and the App Home on a Bolt app. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  const { inbound, log, installerOf } = deps;
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const users = new Map<string, { at: number; user: SlackUser }>();

  // Every log line of one Slack request, ours and the handler's, carries the same request id.
  app.use(async ({ body, next }) => withLogContext({ requestId: requestIdOf(body) }, next));

  async function slackUser(client: App['client'], userId: string, fallbackName: string): Promise<SlackUser> {
    const cached = users.get(userId);
    if (cached && Date.now() - cached.at < USER_TTL_MS) return cached.user;
    try {
      const info = await client.users.info({ user: userId, include_locale: true });
      const user: SlackUser = {
        isAdmin: info.user?.is_admin === true || info.user?.is_owner === true,
        name: info.user?.real_name || info.user?.name || fallbackName,
        ...(info.user?.tz ? { timeZone: info.user.tz } : {}),
        ...(info.user?.locale ? { locale: info.user.locale } : {}),
      };
      users.set(userId, { at: Date.now(), user });
      return user;
    } catch (error) {
      log.warn({ err: error, userId }, 'users.info failed; using defaults');
      return { isAdmin: false, name: fallbackName };
    }
  }

  async function actorFor(
    client: App['client'],
    teamId: string,
    userId: string,
    userName: string,
  ): Promise<Actor> {
    const user = await slackUser(client, userId, userName);
    const installer = user.isAdmin ? null : await installerOf(teamId);
    return {
      workspace: { platform: 'slack', externalId: teamId, name: null },
      user: { externalId: userId, displayName: user.name },
      ...(user.timeZone === undefined ? {} : { timeZone: user.timeZone }),
      ...(user.locale === undefined ? {} : { locale: user.locale }),
      canManageWorkspace: user.isAdmin || installer === userId,
    };
  }

  app.command('/promise', async ({ command, ack, respond, client }) => {
    await ack();
    if (command.text.trim() === '') {
      await client.views.open({ trigger_id: command.trigger_id, view: promiseForm(undefined, limits) });
      return;
    }
    const actor = await actorFor(
      client,
      command.team_id,
      command.user_id,
      command.user_name || command.user_id,
    );
    // `edit #3` alone opens the form filled in, as the Edit button does; a ref that finds nothing is answered below.
    const editRef = /^\s*edit\s+(#?\d{1,6}|[^\s#]+)\s*$/i.exec(command.text)?.[1];
    if (editRef !== undefined) {
      const number = /^#?(\d{1,6})$/.exec(editRef);
      const ref: Ref = number
        ? { kind: 'number', ref: Number(number[1]) }
        : { kind: 'name', prefix: editRef };
      const found = resolveRef(ref, await inbound.openPromises(actor));
      if (found.ok) {
        await client.views.open({ trigger_id: command.trigger_id, view: promiseForm(found.value, limits) });
        return;
      }
    }
    // A retry of this command (same trigger id) gets null: it was answered already.
    const reply = await inbound.handle({
      actor,
      input: { kind: 'text', text: command.text },
      idempotencyKey: `command:${command.trigger_id}`,
      prepareChannel: (channel) => joinChannel(client, channel),
    });
    if (reply === null) return;
    const files = reply.message.attachments ?? [];
    const note = files.length === 0 ? null : await sendFiles(client, command.user_id, files);
    // The welcome first: once the member sees their answer, everything it started is done.
    await sendWelcome(client, command.user_id, reply.welcome, log);
    await respond({ response_type: 'ephemeral', ...rendered(reply, note) });
  });

  /**
   * Uploads a reply's files (the export) to the member's DM with the bot — never to the channel
   * the command came from, which others can read. Returns the line that tells the member where
   * they went, or that they did not.
   */
  async function sendFiles(
    client: App['client'],
    userId: string,
    files: readonly Attachment[],
  ): Promise<string> {
    try {
      const dm = await client.conversations.open({ users: userId });
      const channel = dm.channel?.id;
      if (channel === undefined) throw new Error('conversations.open returned no channel');
      await client.files.uploadV2({
        channel_id: channel,
        initial_comment:
          'Your Thrice export: your promises and follow-ups (CSV) and open due dates (calendar).',
        file_uploads: files.map((file) => ({
          content: file.content,
          filename: file.filename,
          title: file.filename,
        })),
      });
      return `The files (${files.map((file) => file.filename).join(', ')}) are in your direct messages with Thrice.`;
    } catch (error) {
      log.warn({ err: error, userId }, 'slack export upload failed');
      return "I couldn't send the files just now; nothing was shared anywhere. Please try `/promise export` again in a few minutes.";
    }
  }

  app.view(PROMISE_FORM, async ({ ack, body, view, client }) => {
    // An org-wide install sends `team: null`; the workspace is then in the view or the user.
    const teamId = view.app_installed_team_id ?? body.team?.id ?? body.user.team_id;
    if (teamId === undefined) {
      log.warn({ userId: body.user.id }, 'slack form from no known workspace ignored');
      await ack({ response_action: 'errors', errors: { who: UNKNOWN_WORKSPACE.slice(0, 150) } });
      return;
    }
    const actor = await actorFor(client, teamId, body.user.id, body.user.name ?? body.user.id);
    const fields = formFields(view.state?.values ?? {});
    // Edit: the new promise replaces the one the form was opened from, in one transaction.
    const replaces = view.private_metadata ? view.private_metadata : null;
    // No idempotency key: a submission refused for a field is corrected and sent again from the same view.
    const reply = await inbound.handle({ actor, input: { kind: 'form', fields, replaces } });
    if (reply === null) return;
    if (reply.message.kind === 'error') {
      // Beside the field it is about; a refusal of the whole promise (the open-promise cap) goes under "who".
      const field = reply.field ?? 'who';
      await ack({ response_action: 'errors', errors: { [field]: reply.message.fallbackText.slice(0, 150) } });
      return;
    }
    await ack();
    await sendWelcome(client, body.user.id, reply.welcome, log);
    await client.chat.postMessage({ channel: body.user.id, ...rendered(reply, null) });
  });

  app.view(SNOOZE_FORM, async ({ ack, body, view, client }) => {
    const teamId = view.app_installed_team_id ?? body.team?.id ?? body.user.team_id;
    if (teamId === undefined) {
      log.warn({ userId: body.user.id }, 'slack snooze form from no known workspace ignored');
      await ack({ response_action: 'errors', errors: { [SNOOZE_DATE]: UNKNOWN_WORKSPACE.slice(0, 150) } });
      return;
    }
    const actor = await actorFor(client, teamId, body.user.id, body.user.name ?? body.user.id);
    const pick = snoozeFormPick(view.state?.values ?? {});
    // No idempotency key: a date refused (passed, too far) is corrected and sent again from the same view.
    const reply = await inbound.handle({
      actor,
      input: { kind: 'action', action: { kind: 'snooze_pick', promiseId: view.private_metadata, pick } },
    });
    if (reply === null) return;
    if (reply.message.kind === 'error') {
      await ack({
        response_action: 'errors',
        errors: { [SNOOZE_DATE]: reply.message.fallbackText.slice(0, 150) },
      });
      return;
    }
    await ack();
    await client.chat.postMessage({ channel: body.user.id, ...rendered(reply, null) });
  });

  // "Track as a promise" on any message: the add form, filled in from the message as the grammar reads it.
  app.shortcut<MessageShortcut>(
    { callback_id: TRACK_SHORTCUT, type: 'message_action' },
    async ({ ack, shortcut, client }) => {
      await ack();
      const teamId = shortcut.team?.id ?? shortcut.user.team_id;
      // Slack sends message text with &, < and > escaped; the grammar reads what the member sees.
      const text = (shortcut.message.text ?? '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
      const fields =
        teamId === undefined
          ? null
          : await inbound.formFromMessage(
              await actorFor(client, teamId, shortcut.user.id, shortcut.user.name ?? shortcut.user.id),
              text,
            );
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: promiseForm(undefined, limits, fields ?? undefined),
      });
    },
  );

  app.action<BlockAction>(/^thrice_/, async ({ ack, body, action, respond, client }) => {
    await ack();
    // Clicks in the Home tab carry no response_url, so Bolt gives them no respond().
    const reply = async (message: Parameters<typeof respond>[0]) => {
      if (body.response_url) await respond(message);
    };
    const value =
      action.type === 'static_select'
        ? action.selected_option?.value
        : action.type === 'button'
          ? action.value
          : undefined;
    // "Pick a date…" opens the snooze form; the trigger id is valid for 3 s, so before anything else.
    const [pickedId = '', choice] = (value ?? '').split('|');
    if (action.action_id === ACTION_IDS.snooze && choice === SNOOZE_PICK.value) {
      await client.views.open({ trigger_id: body.trigger_id, view: snoozeForm(pickedId) });
      return;
    }
    const input = toActionInput(action.action_id, value ?? '');
    // An org-wide install sends `team: null`; the workspace is then in `user.team_id`. With
    // neither, acting in some default workspace could reach another team's member: refuse.
    const teamId = body.team?.id ?? body.user.team_id;
    if (teamId === undefined) {
      log.warn(
        { userId: body.user.id, actionId: action.action_id },
        'slack click from no known workspace ignored',
      );
      await reply({ response_type: 'ephemeral', replace_original: false, text: UNKNOWN_WORKSPACE });
      return;
    }
    const actor = await actorFor(
      client,
      teamId,
      body.user.id,
      body.user.name ?? body.user.username ?? body.user.id,
    );
    if (input === 'cancel') {
      await reply({ replace_original: true, text: 'Cancelled; nothing was changed.' });
      return;
    }
    if (input === 'edit') {
      const promise = (await inbound.openPromises(actor)).find((p) => p.id === value);
      await client.views.open({ trigger_id: body.trigger_id, view: promiseForm(promise, limits) });
      return;
    }
    if (input === null) return;
    // A message's buttons are told apart by its ts; the Home tab's by the view's hash, which changes
    // each time the tab is published again, so a second press after a refresh is not a repeat.
    const where =
      body.container?.message_ts ??
      (body.view === undefined ? body.trigger_id : `${body.view.id}:${body.view.hash}`);
    const handled = await inbound.handle({
      actor,
      input: { kind: 'action', action: input },
      idempotencyKey: `action:${where}:${action.action_id}:${value ?? ''}`,
    });
    if (handled === null) return;
    const result = handled.message;
    if (body.view?.type === 'home') {
      await publishHome(client, actor, body.user.id);
      return;
    }
    const promiseId = 'promiseId' in input ? input.promiseId : null;
    // An ephemeral reply's click carries no `message`: the reply then replaces it whole.
    const original = (body.message?.blocks ?? []) as types.KnownBlock[];
    const inPlace =
      promiseId !== null && original.some((block) => block.block_id === actionsBlockId(promiseId));
    await reply({
      replace_original: true,
      text: renderFallback(result),
      blocks:
        inPlace && promiseId !== null ? replaceActions(original, promiseId, result) : renderBlocks(result),
    });
  });

  async function publishHome(client: App['client'], actor: Actor, userId: string) {
    const home = await inbound.view(actor, 'home');
    await client.views.publish({ user_id: userId, view: { type: 'home', blocks: renderBlocks(home) } });
  }

  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const actor = await actorFor(client, body.team_id, event.user, event.user);
    await publishHome(client, actor, event.user);
  });
}

/** A reply as Slack text and blocks: its notices first, then the message, then `note` (where the files went). */
function rendered(reply: Reply, note: string | null): { text: string; blocks: types.KnownBlock[] } {
  const before = reply.notices.map(noticeText);
  const after = note === null ? [] : [escapeMrkdwn(note)];
  const context = (text: string): types.KnownBlock => ({
    type: 'context',
    elements: [{ type: 'mrkdwn', text }],
  });
  return {
    text: [...before, renderFallback(reply.message), ...after].join(' '),
    blocks: [...before.map(context), ...renderBlocks(reply.message), ...after.map(context)],
  };
}

/** A notice in Slack mrkdwn (nothing in it was typed by a member but the workspace name, escaped). */
function noticeText(notice: Notice): string {
  switch (notice.kind) {
    case 'time_zone_unset':
      return `Times are in ${escapeMrkdwn(notice.timeZone)} until you set your time zone: \`/promise settings tz Europe/Berlin\``;
    case 'country_unset':
      return notice.place === null
        ? 'Which country are you in? I rest on its public holidays: `/promise settings country DE` (or `country US region CA`)'
        : `I rest on the public holidays of ${escapeMrkdwn(notice.place)}. Somewhere else? \`/promise settings country DE\``;
    case 'workspace_chosen':
      return `You use Thrice in ${notice.workspaces} workspaces; this used ${notice.workspaceName === null ? 'the one where you were active last' : `*${escapeMrkdwn(notice.workspaceName)}*, where you were active last`}.`;
    case 'delivery_failed':
      return notice.reason === 'dms_closed'
        ? "*I could not DM you your last digest or nudge*: Slack refused it, so none were planned since. Your next one comes as usual; if it fails again, open Thrice's Messages tab (click Thrice in the sidebar) and check that messages to the app are allowed."
        : '*I could not DM you your last digest or nudge*: Slack refused it, so none were planned since. Your next one comes as usual; if it fails again, ask a workspace admin to check that Thrice is still installed for you.';
  }
}

/** The id every log line of one Slack request carries: the trigger, the view or the event. */
function requestIdOf(body: unknown): string {
  const fields = (body ?? {}) as Record<string, unknown>;
  for (const key of ['trigger_id', 'event_id']) {
    const value = fields[key];
    if (typeof value === 'string' && value !== '') return `slack:${value}`;
  }
  const view = fields.view as Record<string, unknown> | undefined;
  if (typeof view?.id === 'string') return `slack:${view.id}`;
  return `slack:${randomUUID()}`;
}

/** Replaces one promise's buttons with what happened, leaving the rest of the message as it was. */
function replaceActions(
  blocks: readonly types.KnownBlock[],
  promiseId: string,
  reply: Message,
): types.KnownBlock[] {
  return blocks.map((block) =>
    block.block_id === actionsBlockId(promiseId)
      ? { type: 'context', elements: [{ type: 'mrkdwn', text: `✓ ${escapeMrkdwn(reply.fallbackText)}` }] }
      : block,
  );
}

function toActionInput(actionId: string, value: string): ActionInput | 'cancel' | 'edit' | null {
  const [promiseId = '', choice = ''] = value.split('|');
  switch (actionId) {
    case ACTION_IDS.followed:
      return { kind: 'followed', promiseId };
    case ACTION_IDS.heard:
      return { kind: 'heard', promiseId };
    case ACTION_IDS.undo:
      return { kind: 'undo', promiseId };
    case ACTION_IDS.dismiss:
      return { kind: 'dismiss', promiseId };
    case ACTION_IDS.snooze: {
      const preset = SNOOZE_PRESETS.find((p) => p === choice);
      return preset === undefined ? null : { kind: 'snooze', promiseId, preset };
    }
    case ACTION_IDS.close: {
      const outcome = CLOSE_OUTCOMES.find((o) => o === choice);
      return outcome === undefined ? null : { kind: 'close', promiseId, outcome };
    }
    case ACTION_IDS.confirm_forget:
      return { kind: 'confirm_forget' };
    case ACTION_IDS.cancel:
      return 'cancel';
    case ACTION_IDS.edit:
      return 'edit';
    case ACTION_IDS.dup_update:
      return { kind: 'dup_update', pendingId: value };
    case ACTION_IDS.dup_new:
      return { kind: 'dup_new', pendingId: value };
    default:
      return null;
  }
}
