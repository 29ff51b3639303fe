import {
  ActionRowBuilder,
  LabelBuilder,
  ModalBuilder,
  type ModalSubmitInteraction,
  StringSelectMenuBuilder,
  StringSelectMenuOptionBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { formInputMaxLengths } from '../../src/app/input-limits.ts';
import { ROLE_LABELS } from '../../src/core/format.ts';
import type { Limits } from '../../src/core/limits.ts';
import { CONTACT_ROLES } from '../../src/core/model.ts';
import type { PromiseFields } from '../../src/core/ports/inbound.ts';
import { plainText } from './render.ts';

/*
 * Thrice's Discord modals: the add form, the Edit form (filled in, the role as a menu), and the
 * snooze date form. Values are read back by custom id, never by position.
 */

/** Discord's own ceiling for a modal text input's max_length. */
export const DISCORD_INPUT_MAX_LENGTH = 4000;

/** The add and Edit form; the Edit form's custom id ends with the promise it replaces. */
export const FORM_ID = 'thrice:form';
/** The "Pick a date…" snooze form; its custom id ends with the promise id. */
export const SNOOZE_FORM_ID = 'thrice:snooze-at';
const FORM_FIELDS = ['who', 'company', 'what', 'when', 'note'] as const;
/** Room in "who" for an e-mail (254), a phone number (40) and a LinkedIn URL (200), spaced. */
const WHO_DETAILS_ROOM = 254 + 40 + 200 + 3;

/** The contact's e-mail, phone and LinkedIn, spaced, for the end of "who" (the reader takes them apart). */
function detailsOf(fields: PromiseFields | undefined): string[] {
  return [fields?.email, fields?.phone, fields?.linkedin].filter(
    (detail): detail is string => detail !== undefined && detail !== '',
  );
}

/**
 * The add-a-promise modal; every input carries the operator's length limit, so Discord stops
 * over-long text. `prefill` (a message's reading, "Track as a promise") fills it in, cut to fit.
 * Discord allows five fields a modal, so the role goes in brackets in "who" here; the Edit form
 * (editForm) has a role menu and leaves the note as it is.
 */
export function promiseForm(limits: Limits, prefill?: PromiseFields): ModalBuilder {
  const max = formInputMaxLengths(limits, DISCORD_INPUT_MAX_LENGTH);
  // "Who" holds the name, the role in brackets, and how to reach them (e-mail, phone, LinkedIn).
  const maxLength: Record<(typeof FORM_FIELDS)[number], number> = {
    ...max,
    who: Math.min(max.who + max.role + 3 + WHO_DETAILS_ROOM, DISCORD_INPUT_MAX_LENGTH),
  };
  const initial: Record<(typeof FORM_FIELDS)[number], string> = {
    who: [
      prefill === undefined || prefill.role === ''
        ? (prefill?.who ?? '')
        : `${prefill.who} (${prefill.role})`,
      ...detailsOf(prefill),
    ].join(' '),
    company: prefill?.company ?? '',
    what: prefill?.what ?? '',
    when: prefill?.when ?? '',
    note: prefill?.note ?? '',
  };
  const field = (id: (typeof FORM_FIELDS)[number], label: string, placeholder: string, required: boolean) =>
    new ActionRowBuilder<TextInputBuilder>().addComponents(
      textInput(id, placeholder, required, maxLength[id], initial[id]).setLabel(label),
    );
  return new ModalBuilder()
    .setCustomId(FORM_ID)
    .setTitle('Record a promise')
    .addComponents(
      field(
        'who',
        'Who promised? (role) e-mail, phone, LinkedIn',
        'Jane Doe (recruiter) jane@acme.com +1 415 555 0100',
        true,
      ),
      field('company', 'Company', 'Acme', false),
      field('what', 'What did they promise?', 'call me back', true),
      field('when', 'By when?', 'Friday 3pm, tomorrow, in a week', true),
      field('note', 'Note', 'anything to remember', false),
    );
}

/** A short text input holding `value`, cut to fit (Discord refuses a value longer than max_length). */
function textInput(id: string, placeholder: string, required: boolean, maxLength: number, value: string) {
  const input = new TextInputBuilder()
    .setCustomId(id)
    .setPlaceholder(placeholder)
    .setStyle(TextInputStyle.Short)
    .setRequired(required)
    .setMaxLength(maxLength);
  const cut = [...value].slice(0, maxLength).join('');
  if (cut !== '') input.setValue(cut);
  return input;
}

/** The role menu's "as said" choice: a title the member gave ("VP Eng") rather than a category. */
const ROLE_AS_SAID = 'said';
const AS_SAID = ' (as you said)';

/**
 * The Edit form of promise `promiseId`, filled in with its current values (`current`): each
 * field in a label, the role as a menu with the current one chosen. Five fields at most fit a
 * modal, so the note is not in it: saving keeps the note (`/promise edit … field:note` changes it).
 */
export function editForm(limits: Limits, promiseId: string, current: PromiseFields): ModalBuilder {
  const max = formInputMaxLengths(limits, DISCORD_INPUT_MAX_LENGTH);
  const labelled = (label: string, input: TextInputBuilder) =>
    new LabelBuilder().setLabel(label).setTextInputComponent(input);
  const known = CONTACT_ROLES.find((role) => ROLE_LABELS[role] === current.role);
  // Discord's option labels hold 100 characters, the " (as you said)" included.
  const said =
    current.role !== '' && known === undefined ? plainText(current.role, 100 - AS_SAID.length) : null;
  const roles = new StringSelectMenuBuilder()
    .setCustomId('role')
    .setPlaceholder('Choose their role')
    .setRequired(false)
    .setMinValues(0)
    .setMaxValues(1)
    .addOptions(
      ...(said === null
        ? []
        : [
            new StringSelectMenuOptionBuilder()
              .setLabel(`${said}${AS_SAID}`)
              .setValue(ROLE_AS_SAID)
              .setDefault(true),
          ]),
      ...CONTACT_ROLES.map((role) =>
        new StringSelectMenuOptionBuilder()
          .setLabel(ROLE_LABELS[role])
          .setValue(role)
          .setDefault(role === known),
      ),
    );
  return new ModalBuilder()
    .setCustomId(`${FORM_ID}:${promiseId}`)
    .setTitle('Edit the promise')
    .addLabelComponents(
      labelled(
        'Who promised? e-mail, phone, LinkedIn',
        textInput(
          'who',
          'Jane Doe jane@acme.com +1 415 555 0100',
          true,
          Math.min(max.who + WHO_DETAILS_ROOM, DISCORD_INPUT_MAX_LENGTH),
          [current.who, ...detailsOf(current)].join(' '),
        ),
      ),
      new LabelBuilder().setLabel('Their role').setStringSelectMenuComponent(roles),
      labelled('Company', textInput('company', 'Acme', false, max.company, current.company)),
      labelled('What did they promise?', textInput('what', 'call me back', true, max.what, current.what)),
      labelled(
        'By when?',
        textInput('when', 'Friday 3pm, tomorrow, in a week', true, max.when, current.when),
      ),
    );
}

/** "Pick a date…": one field, read by the date reader in the member's zone. */
export function snoozeForm(promiseId: string): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(`${SNOOZE_FORM_ID}:${promiseId}`)
    .setTitle('Snooze until…')
    .addComponents(
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder()
          .setCustomId('when')
          .setLabel('Nudge me again on')
          .setPlaceholder('Friday 3pm, Jan 6, in 2 days')
          .setStyle(TextInputStyle.Short)
          .setRequired(true)
          .setMaxLength(100),
      ),
    );
}

/** The role chosen in the Edit form's menu, as the form's reader takes it; '' when none (or no menu). */
export function roleOf(interaction: ModalSubmitInteraction, current: PromiseFields | null): string {
  let chosen: string | undefined;
  try {
    chosen = interaction.fields.getStringSelectValues('role')[0];
  } catch {
    return '';
  }
  if (chosen === ROLE_AS_SAID) return current?.role ?? '';
  // A crafted submission could send any value; only our own roles are read.
  const role = CONTACT_ROLES.find((known) => known === chosen);
  return role === undefined ? '' : ROLE_LABELS[role];
}
