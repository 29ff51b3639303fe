import {
  ActionRowBuilder,
  AttachmentBuilder,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  ComponentType,
  Events,
  type Interaction,
  MessageFlags,
  ModalBuilder,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  type StringSelectMenuInteraction,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import type { Logger } from 'pino';
import type { ActionInput, Actor, CommandHandler } from '../../src/app/command-handler.ts';
import { formInputMaxLengths, type PromiseForm } from '../../src/app/input-limits.ts';
import { SNOOZE_PRESETS } from '../../src/core/command.ts';
import { DEFAULT_LIMITS, type Limits } from '../../src/core/limits.ts';
import type { Message } from '../../src/core/message.ts';
import type { Workspace } from '../../src/core/model.ts';
import { CLOSE_OUTCOMES } from '../../src/core/model.ts';
import type { Store, WorkspaceIdentity } from '../../src/core/ports/store.ts';
import {
  DISCORD_LIMITS,
  escapeDiscord,
  plainText,
  renderDiscord,
  safeFileName,
  settleComponents,
} from './render.ts';

/** What the listeners need. */
export interface ListenerDeps {
  handler: CommandHandler;
  store: Store;
  log: Logger;
  /** The operator's limits, for the form's max lengths; the handler enforces them. DEFAULT_LIMITS when not given. */
  limits?: Limits;
}

/** Discord's own ceiling for a modal text input's max_length. */
export const DISCORD_INPUT_MAX_LENGTH = 4000;

const FORM_ID = 'thrice:form';
const FORM_FIELDS = ['who', 'company', 'what', 'when', 'note'] as const;
const ZONES = Intl.supportedValuesOf('timeZone');

/**
 * The workspace of a Discord user's promises when they use Thrice outside any server where Thrice
 * knows them (the bot's DM): personal, one member per user.
 */
const PERSONAL_WORKSPACE = '@me';

/** The actor in a workspace: the interaction's user, with Manage Server only where a server says so. */
function actorIn(interaction: Interaction, workspace: WorkspaceIdentity): Actor {
  return {
    workspace: { platform: 'discord', externalId: workspace.externalId, name: workspace.name },
    user: {
      externalId: interaction.user.id,
      displayName: interaction.user.globalName ?? interaction.user.username,
    },
    canManageWorkspace: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}

/** Who acts and where, and a line to tell them when the choice of server was not obvious. */
interface Acting {
  actor: Actor;
  notice: string | null;
}

/** The typed options of a subcommand, as a line of the shared grammar. */
function commandText(interaction: ChatInputCommandInteraction): string | null {
  const o = interaction.options;
  const sub = o.getSubcommand();
  const opt = (name: string) => o.getString(name)?.trim() ?? '';
  const tail = (...parts: string[]) => parts.filter((part) => part !== '').join(' ');
  switch (sub) {
    case 'add': {
      if (opt('text') !== '') return tail('add', opt('text'));
      if (opt('who') === '' && opt('when') === '') return null;
      const details = [opt('role').replace('_', ' '), opt('company')].filter((d) => d !== '');
      const who = details.length > 0 ? `${opt('who')} (${details.join(', ')})` : opt('who');
      return tail(
        'add',
        who,
        'will',
        opt('what') || 'get back to me',
        opt('when'),
        opt('note') && `-- ${opt('note')}`,
      );
    }
    case 'followed':
      return tail('followed', opt('ref'), opt('via') && `via ${opt('via')}`, opt('note'));
    case 'heard':
      return tail('heard', opt('ref'), opt('note'));
    case 'snooze':
      return tail('snooze', opt('ref'), opt('until'));
    case 'close':
      return tail('close', opt('ref'), opt('outcome'), opt('note'));
    case 'met':
      return tail('met', opt('who'), opt('company') && `at ${opt('company')}`, opt('day') || 'today');
    case 'pause':
      return tail('pause until', opt('until'));
    case 'settings': {
      const share = o.getBoolean('share');
      const target = o.getInteger('target');
      return tail(
        'settings',
        opt('tz') && `tz ${opt('tz')}`,
        opt('digest') && `digest ${opt('digest')}`,
        opt('workdays') && `workdays ${opt('workdays')}`,
        share === null ? '' : `share ${share ? 'on' : 'off'}`,
        target === null ? '' : `target ${target}`,
      );
    }
    case 'channel': {
      const channel = o.getChannel('channel');
      return channel === null ? 'channel off' : `channel #${channel.id}`;
    }
    default:
      return sub;
  }
}

/** The add-a-promise modal; every input carries the operator's length limit, so Discord stops over-long text. */
function promiseForm(limits: Limits, replaces?: string): ModalBuilder {
  const max = formInputMaxLengths(limits, DISCORD_INPUT_MAX_LENGTH);
  // "Who" holds the name and, in brackets, the role: room for both.
  const maxLength: Record<(typeof FORM_FIELDS)[number], number> = {
    ...max,
    who: Math.min(max.who + max.role + 3, DISCORD_INPUT_MAX_LENGTH),
  };
  const field = (id: (typeof FORM_FIELDS)[number], label: string, placeholder: string, required: boolean) =>
    new ActionRowBuilder<TextInputBuilder>().addComponents(
      new TextInputBuilder()
        .setCustomId(id)
        .setLabel(label)
        .setPlaceholder(placeholder)
        .setStyle(TextInputStyle.Short)
        .setRequired(required)
        .setMaxLength(maxLength[id]),
    );
  return new ModalBuilder()
    .setCustomId(replaces === undefined ? FORM_ID : `${FORM_ID}:${replaces}`)
    .setTitle(replaces === undefined ? 'Record a promise' : 'Edit the promise')
    .addComponents(
      field('who', 'Who promised? (role in brackets)', 'Jane Doe (recruiter)', true),
      field('company', 'Company', 'Acme', false),
      field('what', 'What did they promise?', 'call me back', true),
      field('when', 'By when?', 'Friday 3pm, tomorrow, in a week', true),
      field('note', 'Note', 'anything to remember', false),
    );
}

function payload(reply: Message, notices: readonly (string | null)[]) {
  const rendered = renderDiscord(
    reply,
    notices.filter((line): line is string => line !== null),
  );
  const files = (reply.attachments ?? []).map(
    (file) => new AttachmentBuilder(Buffer.from(file.content), { name: safeFileName(file.filename) }),
  );
  return { ...rendered, files };
}

function toActionInput(kind: string, promiseId: string, value: string | undefined): ActionInput | null {
  switch (kind) {
    case 'followed':
    case 'heard':
    case 'undo':
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

/** Tells a user of several servers which one a DM command used. */
function serverNotice(server: Workspace, servers: number): string {
  const name =
    server.name === null
      ? 'the server where you were active last'
      : `**${escapeDiscord(server.name)}**, where you were active last`;
  return `-# You use Thrice in ${servers} servers; from here I use your promises in ${name}. Use /promise in a server for its own.`;
}

/** Wires `/promise`, its autocomplete, buttons, menus and the form to the command handler. */
export function registerListeners(client: Client, deps: ListenerDeps): void {
  const { handler, store, log } = deps;
  const limits = deps.limits ?? DEFAULT_LIMITS;

  /**
   * Who acts, and in which workspace. In a server: the server. Outside one (the bot's DM, where
   * digests and nudges arrive) Discord names no server, so the user's own member rows decide: a
   * press on a promise goes to the workspace where this Discord user's member row holds that
   * promise (found by id and owner together, so a forged id finds nothing); anything else goes to
   * the one server where the user uses Thrice, the most recently active of several (said in the
   * reply), or the personal workspace when there is none.
   */
  async function actorFor(interaction: Interaction, promiseId = ''): Promise<Acting> {
    if (interaction.inGuild()) {
      return {
        actor: actorIn(interaction, {
          platform: 'discord',
          externalId: interaction.guildId,
          name: interaction.guild?.name ?? null,
        }),
        notice: null,
      };
    }
    const userId = interaction.user.id;
    if (promiseId !== '') {
      const [owner] = await store.workspacesOfUser('discord', userId, { promiseId });
      if (owner !== undefined) return { actor: actorIn(interaction, owner), notice: null };
    }
    const servers = (await store.workspacesOfUser('discord', userId)).filter(
      (workspace) => workspace.externalId !== PERSONAL_WORKSPACE,
    );
    const [latest] = servers;
    if (latest === undefined) {
      return {
        actor: actorIn(interaction, { platform: 'discord', externalId: PERSONAL_WORKSPACE, name: null }),
        notice: null,
      };
    }
    return {
      actor: actorIn(interaction, latest),
      notice: servers.length > 1 ? serverNotice(latest, servers.length) : null,
    };
  }

  /** Discord gives no time zone: a member who has none is asked once, on their first reply. */
  async function zoneTip(actor: Actor): Promise<string | null> {
    const member = await handler.memberFor(actor);
    if (member.settings.timeZoneConfirmed) return null;
    const firstAsk = await store.rememberRequest(
      member.workspaceId,
      `time-zone-asked:${member.id}`,
      new Date(),
    );
    return firstAsk
      ? 'Times are in UTC until you set your time zone: `/promise settings tz:Europe/Berlin`'
      : null;
  }

  /** The time-zone tip goes with a reply that did something; a refusal (over the limit, say) writes nothing. */
  async function tipAfter(actor: Actor, reply: Message): Promise<string | null> {
    return reply.kind === 'error' ? null : zoneTip(actor);
  }

  async function onCommand(interaction: ChatInputCommandInteraction) {
    const text = commandText(interaction);
    if (text === null) {
      await interaction.showModal(promiseForm(limits));
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { actor, notice } = await actorFor(interaction);
    // A redelivered interaction gets null: it was answered already.
    const reply = await handler.handleText(actor, text, `interaction:${interaction.id}`);
    if (reply === null) return;
    await interaction.editReply(payload(reply, [await tipAfter(actor, reply), notice]));
  }

  async function onAutocomplete(interaction: AutocompleteInteraction) {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value).toLowerCase();
    if (focused.name === 'tz') {
      const zones = ZONES.filter((zone) => zone.toLowerCase().includes(typed)).slice(0, 25);
      await interaction.respond(zones.map((zone) => ({ name: zone, value: zone })));
      return;
    }
    const open = await handler.openPromises((await actorFor(interaction)).actor);
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

  /** Replaces a whole message (forget-me's confirmation, a cancel) with one line, in either format. */
  function replaceWith(interaction: ButtonInteraction | StringSelectMenuInteraction, line: string) {
    return interaction.message.flags.has(MessageFlags.IsComponentsV2)
      ? interaction.update({
          components: [
            {
              type: ComponentType.Container,
              components: [{ type: ComponentType.TextDisplay, content: line }],
            },
          ],
          allowedMentions: { parse: [] },
        })
      : interaction.update({ content: line, embeds: [], components: [], allowedMentions: { parse: [] } });
  }

  async function onComponent(interaction: ButtonInteraction | StringSelectMenuInteraction) {
    const [, idKind = '', promiseId = ''] = interaction.customId.split(':');
    const value = interaction.isStringSelectMenu() ? interaction.values[0] : undefined;
    const { kind, value: detail } = chosenAction(idKind, value);
    if (kind === 'edit') {
      await interaction.showModal(promiseForm(limits, promiseId));
      return;
    }
    if (kind === 'cancel') {
      await replaceWith(interaction, 'Cancelled; nothing was changed.');
      return;
    }
    const input = toActionInput(kind, promiseId, detail);
    if (input === null) {
      await interaction.deferUpdate();
      return;
    }
    const { actor, notice } = await actorFor(interaction, promiseId);
    // Which server a DM means can change between the question and the answer (activity moves
    // it): deleting everything must name its server, so from a DM it is done only with one.
    if (input.kind === 'confirm_forget' && notice !== null) {
      await interaction.reply({
        content:
          'You use Thrice in several servers, so I deleted nothing from here. Run `/promise forget-me` in the server whose data you want gone.',
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      return;
    }
    const reply = await handler.handleAction(
      actor,
      input,
      `component:${interaction.message.id}:${interaction.customId}:${value ?? ''}`,
    );
    // A double click: the first press already changed the message.
    if (reply === null) {
      await interaction.deferUpdate();
      return;
    }
    const privately = () =>
      interaction.reply({
        content: escapeDiscord(reply.fallbackText),
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
    // Nothing changed: the message keeps its controls, and only the presser sees why.
    if (reply.kind === 'error') {
      await privately();
      return;
    }
    if (promiseId === '') {
      await replaceWith(interaction, `✓ ${escapeDiscord(reply.fallbackText)}`);
      return;
    }
    const current = interaction.message.components.map((component) => component.toJSON());
    if (interaction.message.flags.has(MessageFlags.IsComponentsV2)) {
      // The pressed promise's controls give way to what happened; every other promise keeps its own.
      const settled = settleComponents(current, promiseId, reply.fallbackText);
      await (settled === null
        ? privately()
        : interaction.update({ components: settled, allowedMentions: { parse: [] } }));
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
    await interaction.update({
      content: `✓ ${escapeDiscord(reply.fallbackText)}`,
      components: current.filter((row) => !owns(row)),
      allowedMentions: { parse: [] },
    });
  }

  async function onForm(interaction: ModalSubmitInteraction) {
    const read = (id: string) => {
      try {
        return interaction.fields.getTextInputValue(id).trim();
      } catch {
        return '';
      }
    };
    // "Priya (recruiter)" + "Initech" reads as "Priya (recruiter, Initech)".
    const role = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(read('who'));
    const form: PromiseForm = {
      who: role ? (role[1] ?? '').trim() : read('who'),
      role: role ? (role[2] ?? '').trim() : '',
      company: read('company'),
      what: read('what'),
      when: read('when'),
      note: read('note'),
    };
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    // Edit: the new promise replaces the one the form was opened from, in one transaction.
    const replaces = interaction.customId.slice(FORM_ID.length + 1);
    const { actor, notice } = await actorFor(interaction, replaces);
    const reply = await handler.handleAction(actor, {
      kind: 'submit_form',
      form,
      replaces: replaces === '' ? null : replaces,
    });
    await interaction.editReply(payload(reply, [await tipAfter(actor, reply), notice]));
  }

  client.on(Events.InteractionCreate, (interaction) => {
    const work = interaction.isChatInputCommand()
      ? onCommand(interaction)
      : interaction.isAutocomplete()
        ? onAutocomplete(interaction)
        : interaction.isButton() || interaction.isStringSelectMenu()
          ? interaction.customId.startsWith('thrice:')
            ? onComponent(interaction)
            : Promise.resolve()
          : interaction.isModalSubmit() && interaction.customId.startsWith(FORM_ID)
            ? onForm(interaction)
            : Promise.resolve();
    work.catch((error: unknown) =>
      log.error({ err: error, interactionId: interaction.id }, 'discord interaction failed'),
    );
  });
}
