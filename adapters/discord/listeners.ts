import {
  ApplicationIntegrationType,
  AttachmentBuilder,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  ComponentType,
  Events,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { Logger } from 'pino';
import type { Ref } from '../../src/core/command.ts';
import { SNOOZE_PRESETS } from '../../src/core/command.ts';
import { DEFAULT_LIMITS, type Limits } from '../../src/core/limits.ts';
import { SNOOZE_PICK } from '../../src/core/message.ts';
import { CLOSE_OUTCOMES } from '../../src/core/model.ts';
import { TYPE_IT } from '../../src/core/onboarding.ts';
import type {
  ActionInput,
  Actor,
  InboundPort,
  Input,
  Notice,
  OptionsInput,
  PromiseFields,
  Reply,
} from '../../src/core/ports/inbound.ts';
import { resolveRef } from '../../src/core/ref-resolver.ts';
import { withLogContext } from '../../src/runtime/log-context.ts';
import { TRACK_COMMAND } from './commands.ts';
import { unreachableReason } from './delivery.ts';
import { editForm, FORM_ID, promiseForm, roleOf, SNOOZE_FORM_ID, snoozeForm } from './forms.ts';
import { WELCOME_FORM_ID, welcomeForm, welcomePayload } from './onboarding.ts';
import {
  DISCORD_LIMITS,
  escapeDiscord,
  escapeTimed,
  plainText,
  renderDiscord,
  safeFileName,
  settleComponents,
} from './render.ts';

/** What the listeners need. */
export interface ListenerDeps {
  inbound: InboundPort;
  log: Logger;
  /** The operator's limits, for the form's max lengths; the handler enforces them. DEFAULT_LIMITS when not given. */
  limits?: Limits;
}

/** `/promise channel` outside a server that added Thrice. */
export const CHANNEL_NEEDS_SERVER =
  'The accountability channel belongs to a server: run `/promise channel` in a server that added Thrice (Manage Server needed).';

const ZONES = Intl.supportedValuesOf('timeZone');

/**
 * Whether the interaction runs in a server that installed Thrice. A user-installed command can
 * run in a server that never added the bot: Discord then names only the user's install
 * (`authorizing_integration_owners` has key 1, not 0), and the server is no workspace of Thrice.
 */
function inInstalledGuild(interaction: Interaction): interaction is Interaction<'cached' | 'raw'> {
  if (!interaction.inGuild()) return false;
  const owners = interaction.authorizingIntegrationOwners;
  return (
    owners[ApplicationIntegrationType.GuildInstall] !== undefined ||
    owners[ApplicationIntegrationType.UserInstall] === undefined
  );
}

/**
 * The actor of an interaction: in a server that installed Thrice, that server; anywhere else
 * (the bot's DM, where digests and nudges arrive; with a user install, other people's DMs and
 * group chats, or a server without the bot) Discord names no workspace of ours, so the core
 * decides from the user's own memberships, as from the bot's DM.
 */
function actorOf(interaction: Interaction): Actor {
  const guild = inInstalledGuild(interaction);
  return {
    workspace: guild
      ? { platform: 'discord', externalId: interaction.guildId, name: interaction.guild?.name ?? null }
      : { platform: 'discord', direct: true },
    user: {
      externalId: interaction.user.id,
      displayName: interaction.user.globalName ?? interaction.user.username,
    },
    canManageWorkspace:
      guild && (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false),
    // The user's Discord language: dates and times follow it ('en-GB' → 24-hour clock, day first),
    // and a new member's country for public holidays is guessed from it ('en-US' → US).
    ...(interaction.locale ? { locale: interaction.locale } : {}),
  };
}

/**
 * A subcommand's typed options as the core's input, value by value (never joined into a line to
 * be parsed again, so a note or a company keeps its commas and dashes); null opens the form.
 */
function inputOf(interaction: ChatInputCommandInteraction): Input | null {
  const o = interaction.options;
  const sub = o.getSubcommand();
  const opt = (name: string) => o.getString(name)?.trim() ?? '';
  const orNull = (name: string) => (opt(name) === '' ? null : opt(name));
  const options = (value: OptionsInput): Input => ({ kind: 'options', options: value });
  switch (sub) {
    case 'add': {
      if (opt('text') !== '') return { kind: 'text', text: `add ${opt('text')}` };
      if (opt('who') === '' && opt('when') === '') return null;
      const fields: PromiseFields = {
        who: opt('who'),
        role: opt('role').replace('_', ' '),
        company: opt('company'),
        what: opt('what'),
        when: opt('when'),
        note: opt('note'),
      };
      return { kind: 'form', fields, replaces: null };
    }
    case 'followed':
      return options({ command: 'followed', ref: opt('ref'), via: orNull('via'), note: orNull('note') });
    case 'heard':
      return options({ command: 'heard', ref: opt('ref'), note: orNull('note') });
    case 'edit':
      return options({ command: 'edit', ref: opt('ref'), field: orNull('field'), value: orNull('value') });
    case 'reopen':
      return options({ command: 'reopen', ref: opt('ref') });
    case 'snooze':
      return options({ command: 'snooze', ref: opt('ref'), until: opt('until') });
    case 'close':
      return options({ command: 'close', ref: opt('ref'), outcome: opt('outcome'), note: orNull('note') });
    case 'met':
      return options({ command: 'met', who: opt('who'), company: orNull('company'), when: orNull('when') });
    case 'pause':
      return options({ command: 'pause', until: opt('until') });
    case 'settings': {
      const share = o.getBoolean('share');
      const target = o.getInteger('target');
      const settings: Extract<OptionsInput, { command: 'settings' }>['settings'] = {};
      for (const name of ['tz', 'digest', 'workdays', 'country', 'region'] as const)
        if (opt(name) !== '') settings[name] = opt(name);
      if (share !== null) settings.share = share ? 'on' : 'off';
      if (target !== null) settings.target = String(target);
      return options({ command: 'settings', settings });
    }
    case 'channel':
      return options({ command: 'channel', channelId: o.getChannel('channel')?.id ?? null });
    case 'keep':
      // The same words as typed on Slack: the grammar reads the ref (a number or a name).
      return { kind: 'text', text: `keep ${opt('ref')}` };
    default:
      return { kind: 'text', text: sub };
  }
}

/** A notice as a line of Discord markdown; nothing in it was typed by a member but the server name, escaped. */
function noticeLine(notice: Notice): string {
  switch (notice.kind) {
    case 'time_zone_unset':
      return `Times are in ${escapeDiscord(notice.timeZone)} until you set your time zone: \`/promise settings tz:Europe/Berlin\``;
    case 'country_unset':
      return notice.place === null
        ? 'Which country are you in? I rest on its public holidays: `/promise settings country:DE` (or `country:US region:CA`)'
        : `I rest on the public holidays of ${escapeDiscord(notice.place)} (from your Discord language). Somewhere else? \`/promise settings country:DE\``;
    case 'workspace_chosen': {
      const name =
        notice.workspaceName === null
          ? 'the server where you were active last'
          : `**${escapeDiscord(notice.workspaceName)}**, where you were active last`;
      return `-# You use Thrice in ${notice.workspaces} servers; from here I use your promises in ${name}. Use /promise in a server for its own.`;
    }
    case 'delivery_failed':
      return notice.reason === 'dms_closed'
        ? '**I could not DM you your last digest or nudge**: Discord refused it, so none were planned since. To get them, allow direct messages from this server (server name → Privacy Settings → Direct Messages), or add Thrice to your apps. Your next one comes as usual.'
        : '**I could not DM you your last digest or nudge**: Discord refused it, so none were planned since. Your next one comes as usual; if it fails again, check that you share a server with Thrice and accept its DMs.';
    case 'welcome_undelivered':
      return '**I could not send you a welcome DM**: Discord refused it, and your digests and nudges come by DM too. Allow direct messages from this server (server name → Privacy Settings → Direct Messages), or add Thrice to your apps.';
  }
}

function payload({ message: reply, notices }: Reply) {
  const rendered = renderDiscord(reply, notices.map(noticeLine));
  const files = (reply.attachments ?? []).map(
    (file) =>
      new AttachmentBuilder(
        // Two calls, as Buffer.from's overloads take text or bytes, not either.
        typeof file.content === 'string' ? Buffer.from(file.content) : Buffer.from(file.content),
        {
          name: safeFileName(file.filename),
          ...(file.altText === undefined ? {} : { description: file.altText }),
        },
      ),
  );
  return { ...rendered, files };
}

function toActionInput(kind: string, promiseId: string, value: string | undefined): ActionInput | null {
  switch (kind) {
    case 'followed':
    case 'heard':
    case 'undo':
    case 'dismiss':
      return { kind, promiseId };
    case 'snooze': {
      const preset = SNOOZE_PRESETS.find((p) => p === value);
      return preset === undefined ? null : { kind: 'snooze', promiseId, preset };
    }
    case 'close': {
      const outcome = CLOSE_OUTCOMES.find((o) => o === value);
      return outcome === undefined ? null : { kind: 'close', promiseId, outcome };
    }
    case 'confirm_forget':
      return { kind: 'confirm_forget' };
    // The id's last part is the pending add's short id here.
    case 'dup_update':
    case 'dup_new':
      return { kind, pendingId: promiseId };
    default:
      return null;
  }
}

/** The action a component sends: its kind in the custom id, or, for the one-menu layout, in the chosen option. */
function chosenAction(kind: string, value: string | undefined): { kind: string; value: string | undefined } {
  if (kind !== 'do') return { kind, value };
  const [chosen = '', detail] = (value ?? '').split(':');
  return { kind: chosen, value: detail };
}

/** The open promise `ref` (as typed or autocompleted) names, or null when it names none or several. */
async function editTarget(inbound: InboundPort, actor: Actor, ref: string): Promise<{ id: string } | null> {
  const text = ref.trim();
  const number = /^#?(\d{1,6})$/.exec(text);
  const typed: Ref = number ? { kind: 'number', ref: Number(number[1]) } : { kind: 'name', prefix: text };
  const found = resolveRef(typed, await inbound.openPromises(actor));
  return found.ok ? found.value : null;
}

/** Wires `/promise`, its autocomplete, buttons, menus and the form to the command handler, from the gateway. */
export function registerListeners(client: Client, deps: ListenerDeps): void {
  const handle = interactionHandler(deps);
  client.on(Events.InteractionCreate, (interaction) => void handle(interaction));
}

/**
 * How one interaction is answered, wherever it came from (the gateway, or an HTTP POST turned
 * into the same discord.js object): settles once all its work is done, and never rejects (a
 * failure is logged).
 */
export function interactionHandler(deps: ListenerDeps): (interaction: Interaction) => Promise<void> {
  const { inbound, log } = deps;
  const limits = deps.limits ?? DEFAULT_LIMITS;

  async function onCommand(interaction: ChatInputCommandInteraction) {
    const input = inputOf(interaction);
    if (input === null) {
      await interaction.showModal(promiseForm(limits));
      return;
    }
    // `edit` with only a ref opens the form, as the Edit button does; a ref that finds nothing is answered below.
    if (
      input.kind === 'options' &&
      input.options.command === 'edit' &&
      input.options.field === null &&
      input.options.value === null
    ) {
      const actor = actorOf(interaction);
      const promise = await editTarget(inbound, actor, input.options.ref);
      const current = promise === null ? null : await inbound.editForm(actor, promise.id);
      if (promise !== null && current !== null) {
        await interaction.showModal(editForm(limits, promise.id, current));
        return;
      }
    }
    // The accountability channel belongs to a server that installed Thrice; Discord's contexts
    // are per command, so the subcommand is refused here everywhere else.
    if (input.kind === 'options' && input.options.command === 'channel' && !inInstalledGuild(interaction)) {
      await interaction.reply({
        content: CHANNEL_NEEDS_SERVER,
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    // A redelivered interaction gets null: it was answered already.
    const reply = await inbound.handle({
      actor: actorOf(interaction),
      input,
      idempotencyKey: `interaction:${interaction.id}`,
    });
    if (reply === null) return;
    // The welcome first: once the member sees their answer, everything it started is done.
    await interaction.editReply(payload(await withWelcome(interaction, reply)));
  }

  /**
   * A new member's first command: the welcome as a DM. One Discord refuses is logged and said in
   * the answer, with the fix, since digests would be refused too.
   */
  async function withWelcome(interaction: Interaction, reply: Reply): Promise<Reply> {
    if (reply.welcome === undefined) return reply;
    try {
      await interaction.user.send(welcomePayload(reply.welcome, new Date()));
      return reply;
    } catch (error) {
      log.warn({ err: error }, 'the welcome DM could not be sent');
      // Only a refusal is the member's to fix; a timeout or a rate limit is not theirs.
      return unreachableReason(error) === null
        ? reply
        : { ...reply, notices: [...reply.notices, { kind: 'welcome_undelivered' }] };
    }
  }

  /** A pick in the welcome's zone or country menu: saved as `/promise settings` would, answered privately. */
  async function onWelcomePick(interaction: StringSelectMenuInteraction, setting: 'tz' | 'country') {
    const [value = ''] = interaction.values;
    if (value === TYPE_IT.value) {
      await interaction.showModal(welcomeForm());
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const reply = await inbound.handle({
      actor: actorOf(interaction),
      input: { kind: 'options', options: { command: 'settings', settings: { [setting]: value } } },
      idempotencyKey: `interaction:${interaction.id}`,
    });
    if (reply !== null) await interaction.editReply(payload(reply));
  }

  async function onWelcomeForm(interaction: ModalSubmitInteraction) {
    const settings: Partial<Record<'tz' | 'country', string>> = {};
    for (const name of ['tz', 'country'] as const) {
      try {
        const value = interaction.fields.getTextInputValue(name).trim();
        if (value !== '') settings[name] = value;
      } catch {
        // A crafted submission without the field changes nothing there.
      }
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const reply = await inbound.handle({
      actor: actorOf(interaction),
      input: { kind: 'options', options: { command: 'settings', settings } },
      idempotencyKey: `interaction:${interaction.id}`,
    });
    if (reply !== null) await interaction.editReply(payload(reply));
  }

  async function onAutocomplete(interaction: AutocompleteInteraction) {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value).toLowerCase();
    if (focused.name === 'tz') {
      const zones = ZONES.filter((zone) => zone.toLowerCase().includes(typed)).slice(0, 25);
      await interaction.respond(zones.map((zone) => ({ name: zone, value: zone })));
      return;
    }
    // A reopen picks among closed promises; every other ref among open ones.
    const reopening = interaction.options.getSubcommand(false) === 'reopen';
    const open = reopening
      ? await inbound.closedPromises(actorOf(interaction))
      : await inbound.openPromises(actorOf(interaction));
    // Choice names are plain text on Discord: nothing to escape, only to keep on one line.
    const choices = open
      .map((p) => ({
        name: plainText(
          `#${p.ref} ${p.contact.name}${p.contact.company ? ` (${p.contact.company})` : ''}`,
          DISCORD_LIMITS.choiceName,
        ),
        value: `#${p.ref}`,
      }))
      .filter((choice) => choice.name.toLowerCase().includes(typed.replace(/^#/, '')))
      .slice(0, DISCORD_LIMITS.choices);
    await interaction.respond(choices);
  }

  /**
   * Replaces a whole message (forget-me's confirmation, a cancel) with one line, in either format:
   * as the interaction's answer, or, once deferred, as an edit of the message.
   */
  function replaceWith(interaction: ButtonInteraction | StringSelectMenuInteraction, line: string) {
    const body = interaction.message.flags.has(MessageFlags.IsComponentsV2)
      ? {
          components: [
            {
              type: ComponentType.Container,
              components: [{ type: ComponentType.TextDisplay, content: line }],
            },
          ],
          allowedMentions: { parse: [] },
        }
      : { content: line, embeds: [], components: [], allowedMentions: { parse: [] } };
    return interaction.deferred ? interaction.editReply(body) : interaction.update(body);
  }

  async function onComponent(interaction: ButtonInteraction | StringSelectMenuInteraction) {
    const [, idKind = '', promiseId = ''] = interaction.customId.split(':');
    if (interaction.isStringSelectMenu() && (idKind === 'welcome_tz' || idKind === 'welcome_country')) {
      await onWelcomePick(interaction, idKind === 'welcome_tz' ? 'tz' : 'country');
      return;
    }
    const value = interaction.isStringSelectMenu() ? interaction.values[0] : undefined;
    const { kind, value: detail } = chosenAction(idKind, value);
    if (kind === 'edit') {
      // A modal must be the first answer, so this one read comes before it; no write does.
      const current = await inbound.editForm(actorOf(interaction), promiseId);
      if (current !== null) {
        await interaction.showModal(editForm(limits, promiseId, current));
        return;
      }
      await interaction.reply({
        content:
          'That promise is no longer open, so there is nothing to edit. `/promise list` shows your open ones.',
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      return;
    }
    if (kind === 'cancel') {
      await replaceWith(interaction, 'Cancelled; nothing was changed.');
      return;
    }
    if (kind === 'snooze' && detail === SNOOZE_PICK.value) {
      await interaction.showModal(snoozeForm(promiseId));
      return;
    }
    // Acknowledged before any database work: Discord gives the first answer 3 seconds.
    await interaction.deferUpdate();
    const input = toActionInput(kind, promiseId, detail);
    if (input === null) return;
    const handled = await inbound.handle({
      actor: actorOf(interaction),
      input: { kind: 'action', action: input },
      idempotencyKey: `component:${interaction.message.id}:${interaction.customId}:${value ?? ''}`,
    });
    // A double click: the first press already changed the message.
    if (handled === null) return;
    const reply = handled.message;
    const privately = () =>
      interaction.followUp({
        content: escapeTimed(reply.fallbackText, reply.times),
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
    // Nothing changed: the message keeps its controls, and only the presser sees why.
    if (reply.kind === 'error') {
      await privately();
      return;
    }
    if (promiseId === '' || input.kind === 'dup_update' || input.kind === 'dup_new') {
      await replaceWith(interaction, `✓ ${escapeTimed(reply.fallbackText, reply.times)}`);
      return;
    }
    const current = interaction.message.components.map((component) => component.toJSON());
    if (interaction.message.flags.has(MessageFlags.IsComponentsV2)) {
      // The pressed promise's controls give way to what happened; every other promise keeps its own.
      const settled = settleComponents(current, promiseId, reply.fallbackText, reply.times);
      await (settled === null
        ? privately()
        : interaction.editReply({ components: settled, allowedMentions: { parse: [] } }));
      return;
    }
    // A message of embeds sent before Components V2: the clicked promise's rows go, the rest stay.
    const owns = (row: (typeof current)[number]) =>
      'components' in row &&
      row.components.some((c) => 'custom_id' in c && c.custom_id.endsWith(`:${promiseId}`));
    if (!current.some(owns)) {
      await privately();
      return;
    }
    await interaction.editReply({
      content: `✓ ${escapeTimed(reply.fallbackText, reply.times)}`,
      components: current.filter((row) => !owns(row)),
      allowedMentions: { parse: [] },
    });
  }

  async function onForm(interaction: ModalSubmitInteraction) {
    const read = (id: string) => {
      try {
        return interaction.fields.getTextInputValue(id).trim();
      } catch {
        return null;
      }
    };
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const actor = actorOf(interaction);
    // Edit: the new promise replaces the one the form was opened from, in one transaction.
    const replaces = interaction.customId.slice(FORM_ID.length + 1);
    // The Edit form leaves the note out (five fields fit a modal): it stays as it is.
    const current = replaces === '' ? null : await inbound.editForm(actor, replaces);
    // "Who" is read whole, brackets and all: "Priya (recruiter)", "Jane Doe (Acme)".
    const fields: PromiseFields = {
      who: read('who') ?? '',
      role: roleOf(interaction, current),
      company: read('company') ?? '',
      what: read('what') ?? '',
      when: read('when') ?? '',
      note: read('note') ?? current?.note ?? '',
    };
    // A redelivered submission gets null; a corrected one is a new interaction with its own id.
    const reply = await inbound.handle({
      actor,
      input: { kind: 'form', fields, replaces: replaces === '' ? null : replaces },
      idempotencyKey: `interaction:${interaction.id}`,
    });
    if (reply === null) return;
    // The welcome first: once the member sees their answer, everything it started is done.
    await interaction.editReply(payload(await withWelcome(interaction, reply)));
  }

  async function onSnoozeForm(interaction: ModalSubmitInteraction) {
    let when = '';
    try {
      when = interaction.fields.getTextInputValue('when');
    } catch {
      // A crafted submission without the field reads as empty and is refused kindly.
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const promiseId = interaction.customId.slice(SNOOZE_FORM_ID.length + 1);
    const reply = await inbound.handle({
      actor: actorOf(interaction),
      input: { kind: 'action', action: { kind: 'snooze_pick', promiseId, pick: { text: when } } },
      idempotencyKey: `interaction:${interaction.id}`,
    });
    if (reply === null) return;
    // The welcome first: once the member sees their answer, everything it started is done.
    await interaction.editReply(payload(await withWelcome(interaction, reply)));
  }

  /** "Track as a promise" on a message: the add form, filled in from the message as the grammar reads it. */
  async function onTrack(interaction: MessageContextMenuCommandInteraction) {
    // A bot's or webhook's message may say everything in embeds: their titles and text count too.
    const message = interaction.targetMessage;
    const text = [message.content, ...message.embeds.flatMap((embed) => [embed.title, embed.description])]
      .filter((part): part is string => typeof part === 'string' && part !== '')
      .join('\n');
    const fields = await inbound.formFromMessage(actorOf(interaction), text);
    await interaction.showModal(promiseForm(limits, fields));
  }

  // Every log line of one interaction, ours and the handler's, carries the same request id.
  return (interaction) =>
    withLogContext({ requestId: `discord:${interaction.id}` }, () => dispatchInteraction(interaction));

  function dispatchInteraction(interaction: Interaction): Promise<void> {
    const work = interaction.isChatInputCommand()
      ? onCommand(interaction)
      : interaction.isAutocomplete()
        ? onAutocomplete(interaction)
        : interaction.isButton() || interaction.isStringSelectMenu()
          ? interaction.customId.startsWith('thrice:')
            ? onComponent(interaction)
            : Promise.resolve()
          : interaction.isModalSubmit() && interaction.customId === WELCOME_FORM_ID
            ? onWelcomeForm(interaction)
            : interaction.isModalSubmit() && interaction.customId.startsWith(FORM_ID)
              ? onForm(interaction)
              : interaction.isModalSubmit() && interaction.customId.startsWith(`${SNOOZE_FORM_ID}:`)
                ? onSnoozeForm(interaction)
                : interaction.isMessageContextMenuCommand() && interaction.commandName === TRACK_COMMAND
                  ? onTrack(interaction)
                  : Promise.resolve();
    return work.catch((error: unknown) =>
      log.error({ err: error, interactionId: interaction.id }, 'discord interaction failed'),
    );
  }
}
