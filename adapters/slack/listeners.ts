import { randomUUID } from 'node:crypto';
import type { App, BlockAction, MessageShortcut, types } from '@slack/bolt';
import type { Logger } from 'pino';
import { type Ref, SNOOZE_PRESETS } from '../../src/core/command.ts';
import { DEFAULT_LIMITS, type Limits } from '../../src/core/limits.ts';
import type { Attachment, Message } from '../../src/core/message.ts';
import { SNOOZE_PICK } from '../../src/core/message.ts';
import { CLOSE_OUTCOMES } from '../../src/core/model.ts';
import type {
  ActionInput,
  Actor,
  InboundPort,
  Notice,
  Reply,
  SnoozeSuggestion,
} from '../../src/core/ports/inbound.ts';
import { resolveRef } from '../../src/core/ref-resolver.ts';
import { pickProblem } from '../../src/core/snooze.ts';
import { withLogContext } from '../../src/runtime/log-context.ts';
import { joinChannel } from './channels.ts';
import { HOME_ACTION_IDS, renderHome, settingFromControl } from './home.ts';
import {
  decodeOrigin,
  type FormOrigin,
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

/**
 * How long the snooze picker waits for the member's digest time before opening without it: the
 * trigger id it opens with lives 3 s.
 */
const SUGGESTION_WAIT_MS = 1_500;

/** How long posting to a response_url may take (Slack answers these quickly or not at all). */
const RESPONSE_URL_TIMEOUT_MS = 10_000;

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
    // The form's answer comes back to the channel the command was typed in.
    const origin: FormOrigin = { channel: command.channel_id };
    if (command.text.trim() === '') {
      await client.views.open({
        trigger_id: command.trigger_id,
        view: promiseForm(undefined, limits, undefined, origin),
      });
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
        await client.views.open({
          trigger_id: command.trigger_id,
          view: promiseForm(found.value, limits, undefined, origin),
        });
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
    const note =
      files.length === 0 ? null : await sendFiles(client, command.user_id, files, reply.message.filesComment);
    // The welcome first: once the member sees their answer, everything it started is done.
    const welcomed = await sendWelcome(client, command.user_id, reply, log);
    await respond({ response_type: 'ephemeral', ...rendered(welcomed, note) });
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
    comment = 'Your Thrice export: your promises and follow-ups (CSV) and open due dates (calendar).',
  ): Promise<string> {
    try {
      const dm = await client.conversations.open({ users: userId });
      const channel = dm.channel?.id;
      if (channel === undefined) throw new Error('conversations.open returned no channel');
      await client.files.uploadV2({
        channel_id: channel,
        initial_comment: comment,
        file_uploads: files.map((file) => ({
          // Text goes as text; bytes (a PNG chart) as a file.
          ...(typeof file.content === 'string'
            ? { content: file.content }
            : { file: Buffer.from(file.content) }),
          filename: file.filename,
          title: file.filename,
          ...(file.altText === undefined ? {} : { alt_text: file.altText }),
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
    const fields = formFields(view.state?.values ?? {});
    // Answered within Slack's 3 s before any database work: beside the field when it is wrong
    // whatever the member's settings; anything else is said where the form came from.
    const problem = inbound.checkForm(fields);
    if (problem !== null) {
      await ack({ response_action: 'errors', errors: { [problem.field]: problem.message.slice(0, 150) } });
      return;
    }
    await ack();
    const origin = decodeOrigin(view.private_metadata);
    const actor = await actorFor(client, teamId, body.user.id, body.user.name ?? body.user.id);
    // Edit: the new promise replaces the one the form was opened from, in one transaction.
    // No idempotency key: Slack does not resend a form, and the form is closed once acked.
    const reply = await inbound.handle({
      actor,
      input: { kind: 'form', fields, replaces: origin.promise ?? null },
    });
    if (reply === null) return;
    const welcomed = await sendWelcome(client, body.user.id, reply, log);
    await answerForm(client, actor, body.user.id, origin, welcomed, origin.promise !== undefined);
  });

  app.view(SNOOZE_FORM, async ({ ack, body, view, client }) => {
    const teamId = view.app_installed_team_id ?? body.team?.id ?? body.user.team_id;
    if (teamId === undefined) {
      log.warn({ userId: body.user.id }, 'slack snooze form from no known workspace ignored');
      await ack({ response_action: 'errors', errors: { [SNOOZE_DATE]: UNKNOWN_WORKSPACE.slice(0, 150) } });
      return;
    }
    const pick = snoozeFormPick(view.state?.values ?? {});
    // No day, or no day on the calendar, is wrong in any zone and said beside the picker before
    // any database work; whether the moment has passed needs the member's zone, so comes after.
    const problem = pickProblem(pick);
    if (problem !== null) {
      await ack({ response_action: 'errors', errors: { [SNOOZE_DATE]: problem.problem.slice(0, 150) } });
      return;
    }
    await ack();
    const origin = decodeOrigin(view.private_metadata);
    const actor = await actorFor(client, teamId, body.user.id, body.user.name ?? body.user.id);
    const reply = await inbound.handle({
      actor,
      input: { kind: 'action', action: { kind: 'snooze_pick', promiseId: origin.promise ?? '', pick } },
    });
    if (reply === null) return;
    await answerForm(client, actor, body.user.id, origin, reply, false);
  });

  /**
   * Answers a submitted form where it was opened: the App Home is published again with the
   * answer on top; after an Edit, the message that held its button is updated; otherwise the
   * answer is posted privately in the channel (and thread) the command was typed in, or, when
   * Slack refuses that (a channel Thrice is not in, someone else's DM), in the member's DM.
   */
  async function answerForm(
    client: App['client'],
    actor: Actor,
    userId: string,
    origin: FormOrigin,
    reply: Reply,
    updateOriginal: boolean,
  ): Promise<void> {
    if (origin.homePage !== undefined) {
      await publishHome(client, actor, userId, origin.homePage, reply);
      return;
    }
    const message = rendered(reply, null);
    // A refused Edit changed nothing: the old message still tells the truth.
    if (updateOriginal && reply.message.kind !== 'error' && (await updateMessage(client, origin, message)))
      return;
    if (origin.channel !== undefined) {
      try {
        await client.chat.postEphemeral({
          channel: origin.channel,
          user: userId,
          ...(origin.thread === undefined ? {} : { thread_ts: origin.thread }),
          ...message,
        });
        return;
      } catch (error) {
        log.info(
          { err: error, channel: origin.channel },
          'form answer not postable in its channel; sent by DM',
        );
      }
    }
    await client.chat.postMessage({ channel: userId, ...message });
  }

  /** Replaces the message an Edit came from: by its ts when it is a real message, else its response_url. */
  async function updateMessage(
    client: App['client'],
    origin: FormOrigin,
    message: { text: string; blocks: types.KnownBlock[] },
  ): Promise<boolean> {
    if (origin.channel !== undefined && origin.messageTs !== undefined) {
      try {
        await client.chat.update({ channel: origin.channel, ts: origin.messageTs, ...message });
        return true;
      } catch (error) {
        log.info({ err: error }, 'chat.update of the edited message failed');
      }
    }
    if (origin.responseUrl === undefined) return false;
    try {
      // An ephemeral message can only be replaced through its response_url (30 minutes, 5 uses).
      const response = await fetch(origin.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ replace_original: true, ...message }),
        signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS),
      });
      const answer = await response.text();
      const refused = /"ok"\s*:\s*false/.test(answer);
      if (response.ok && !refused) return true;
      log.info({ status: response.status, answer: answer.slice(0, 200) }, 'response_url refused the update');
    } catch (error) {
      log.info({ err: error }, 'response_url update failed');
    }
    return false;
  }

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
      const thread = shortcut.message.thread_ts;
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: promiseForm(undefined, limits, fields ?? undefined, {
          channel: shortcut.channel.id,
          ...(typeof thread === 'string' ? { thread } : {}),
        }),
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
    // An org-wide install sends `team: null`; the workspace is then in `user.team_id`. With
    // neither, acting in some default workspace could reach another team's member: refuse.
    const teamId = body.team?.id ?? body.user.team_id;
    const origin = originOf(body);
    // "Pick a date…" opens the snooze form; the trigger id is valid for 3 s, so before anything else.
    const [pickedId = '', choice] = (value ?? '').split('|');
    if (action.action_id === ACTION_IDS.snooze && choice === SNOOZE_PICK.value) {
      const start = teamId === undefined ? undefined : await suggestionFor(client, teamId, body.user);
      await client.views.open({ trigger_id: body.trigger_id, view: snoozeForm(pickedId, origin, start) });
      return;
    }
    const input = toActionInput(action.action_id, value ?? '');
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
      await client.views.open({
        trigger_id: body.trigger_id,
        view: promiseForm(promise, limits, undefined, origin),
      });
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
      await publishHome(client, actor, body.user.id, homePageOf(body.view), handled);
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

  /**
   * The snooze picker's start (tomorrow at the member's digest time), or undefined when it cannot
   * be known before the trigger id runs out.
   */
  async function suggestionFor(
    client: App['client'],
    teamId: string,
    user: BlockAction['user'],
  ): Promise<SnoozeSuggestion | undefined> {
    const lookup = actorFor(client, teamId, user.id, user.name ?? user.username ?? user.id).then((actor) =>
      inbound.snoozeSuggestion(actor),
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), SUGGESTION_WAIT_MS);
    });
    try {
      return await Promise.race([lookup, late]);
    } catch (error) {
      log.warn({ err: error }, 'snooze suggestion failed; the picker opens empty');
      return undefined;
    } finally {
      clearTimeout(timer);
      lookup.catch(() => {});
    }
  }

  /** Publishes the member's Home tab on `page`, with what `reply` said on top. */
  async function publishHome(
    client: App['client'],
    actor: Actor,
    userId: string,
    page = 0,
    reply?: Reply,
  ): Promise<void> {
    let view: types.HomeView;
    try {
      const home = await inbound.home(actor);
      const shown = renderHome(home, page, reply === undefined ? [] : homeNotice(reply));
      view = { type: 'home', private_metadata: JSON.stringify({ page: shown.page }), blocks: shown.blocks };
    } catch (error) {
      log.error({ err: error, userId }, 'app home could not be built');
      view = {
        type: 'home',
        blocks: [
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: 'Sorry — I could not load your promises just now. Open this tab again in a minute.',
            },
          },
        ],
      };
    }
    await client.views.publish({ user_id: userId, view });
  }

  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const actor = await actorFor(client, body.team_id, event.user, event.user);
    await publishHome(client, actor, event.user, homePageOf(event.view));
  });

  // The Home tab's own controls: add, paging, and the settings (saved as `/promise settings` saves them).
  app.action<BlockAction>(/^home_/, async ({ ack, body, action, client }) => {
    await ack();
    const page = homePageOf(body.view);
    if (action.action_id === HOME_ACTION_IDS.add) {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: promiseForm(undefined, limits, undefined, { homePage: page }),
      });
      return;
    }
    const teamId = body.team?.id ?? body.user.team_id;
    if (teamId === undefined) {
      log.warn(
        { userId: body.user.id, actionId: action.action_id },
        'slack home click from no known workspace ignored',
      );
      return;
    }
    const actor = await actorFor(
      client,
      teamId,
      body.user.id,
      body.user.name ?? body.user.username ?? body.user.id,
    );
    if (action.action_id === HOME_ACTION_IDS.previous || action.action_id === HOME_ACTION_IDS.next) {
      const to = action.type === 'button' ? Number(action.value) : 0;
      await publishHome(client, actor, body.user.id, Number.isFinite(to) ? to : 0);
      return;
    }
    const settings = settingFromControl(action.action_id, {
      selected: action.type === 'static_select' ? (action.selected_option?.value ?? null) : null,
      time: action.type === 'timepicker' ? action.selected_time : null,
      checked:
        action.type === 'checkboxes'
          ? action.selected_options.flatMap((o) => (o.value === undefined ? [] : [o.value]))
          : [],
    });
    if (settings === null) return;
    const where = body.view === undefined ? body.trigger_id : `${body.view.id}:${body.view.hash}`;
    const reply = await inbound.handle({
      actor,
      input: { kind: 'options', options: { command: 'settings', settings } },
      idempotencyKey: `home:${where}:${action.action_id}:${JSON.stringify(settings)}`,
    });
    if (reply === null) return;
    await publishHome(client, actor, body.user.id, page, reply);
  });
}

/** The page a Home view was published on (its private_metadata), 0 when it says none. */
function homePageOf(view: { private_metadata?: string } | undefined): number {
  try {
    const page = (JSON.parse(view?.private_metadata ?? '{}') as { page?: unknown }).page;
    return typeof page === 'number' && Number.isInteger(page) && page >= 0 ? page : 0;
  } catch {
    return 0;
  }
}

/** Where a button was pressed, for the form it opens: the Home tab's page, or the message and its channel. */
function originOf(body: BlockAction): FormOrigin {
  if (body.view?.type === 'home') return { homePage: homePageOf(body.view) };
  const container = body.container as Record<string, unknown>;
  const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const channel = body.channel?.id ?? str(container.channel_id);
  const thread = str(container.thread_ts) ?? str(body.message?.thread_ts);
  const ts = container.is_ephemeral === true ? undefined : str(container.message_ts);
  const origin: FormOrigin = {};
  if (channel !== undefined) origin.channel = channel;
  if (thread !== undefined) origin.thread = thread;
  if (body.response_url) origin.responseUrl = body.response_url;
  if (ts !== undefined) origin.messageTs = ts;
  return origin;
}

/**
 * What a press or a form did, for the top of the Home tab: the reply itself when it has buttons
 * (an add's Undo and Edit, the duplicate question), else one line.
 */
function homeNotice(reply: Reply): types.KnownBlock[] {
  const { message } = reply;
  const buttons =
    (message.actions?.length ?? 0) > 0 ||
    message.sections.some((section) => section.items.some((item) => (item.actions?.length ?? 0) > 0));
  // Block ids must be unique in a view, and the promise's buttons below carry the same ones.
  if (buttons)
    return rendered(reply, null).blocks.map((block) =>
      block.block_id === undefined ? block : { ...block, block_id: `home_notice:${block.block_id}` },
    );
  const mark = message.kind === 'error' ? '⚠️' : '✓';
  return [...reply.notices.map(noticeText), `${mark} ${renderFallback(message)}`].map((text) => ({
    type: 'context',
    elements: [{ type: 'mrkdwn', text }],
  }));
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
    case 'welcome_undelivered':
      return "*I could not send you a welcome DM*: Slack refused it, and your digests and nudges come by DM too. Open Thrice's Messages tab (click Thrice in the sidebar) and check that messages to the app are allowed.";
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
