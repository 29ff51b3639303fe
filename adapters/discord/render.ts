import { escapeMarkdown } from 'discord.js';
import { type Action, CLOSE_LABELS, type Item, type Message, SNOOZE_LABELS } from '../../src/core/message.ts';

/** Discord allows 5 action rows a message, 5 buttons a row, 4,096 characters an embed description. */
const MAX_ROWS = 5;
const MAX_DESCRIPTION = 4_096;
const ACCENT = 0x2f3b52;

/** A button or select as Discord's API JSON (component types 2 and 3). */
export type ComponentJson =
  | { type: 2; style: 1 | 2 | 3 | 4; label: string; custom_id: string }
  | { type: 3; custom_id: string; placeholder: string; options: { label: string; value: string }[] };

/** What a message becomes on Discord. */
export interface DiscordPayload {
  content?: string;
  embeds: { title?: string; description: string; color: number; footer?: { text: string } }[];
  components: { type: 1; components: ComponentJson[] }[];
  /** Every message is sent with mentions off (the Client default too). */
  allowed_mentions: { parse: [] };
}

/**
 * Makes member text inert on Discord: markdown escaped, and mention syntax broken with a
 * zero-width space so even a client that ignored allowed_mentions would show it as text.
 */
export function escapeDiscord(text: string): string {
  return escapeMarkdown(text)
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<([@#][!&]?|\/|:|t:|a:)/g, '<\u200b$1');
}

/** `thrice:<kind>:<promise id>` — what a click sends back. */
export function customId(kind: Action['kind'], promiseId = ''): string {
  return `thrice:${kind}:${promiseId}`;
}

function rowsFor(actions: readonly Action[]): DiscordPayload['components'] {
  const buttons: ComponentJson[] = [];
  const selects: ComponentJson[] = [];
  for (const action of actions) {
    const id = 'promiseId' in action ? action.promiseId : '';
    const ref = 'ref' in action ? ` #${action.ref}` : '';
    switch (action.kind) {
      case 'followed':
        buttons.push({
          type: 2,
          style: 3,
          label: `I followed up${ref}`,
          custom_id: customId('followed', id),
        });
        break;
      case 'heard':
        buttons.push({ type: 2, style: 1, label: 'They got back to me', custom_id: customId('heard', id) });
        break;
      case 'snooze':
        selects.push({
          type: 3,
          custom_id: customId('snooze', id),
          placeholder: `Snooze${ref}`,
          options: action.presets.map((preset) => ({ label: SNOOZE_LABELS[preset], value: preset })),
        });
        break;
      case 'close':
        selects.push({
          type: 3,
          custom_id: customId('close', id),
          placeholder: `Close${ref}`,
          options: action.outcomes.map((outcome) => ({ label: CLOSE_LABELS[outcome], value: outcome })),
        });
        break;
      case 'undo':
        buttons.push({ type: 2, style: 2, label: 'Undo', custom_id: customId('undo', id) });
        break;
      case 'edit':
        buttons.push({ type: 2, style: 2, label: 'Edit', custom_id: customId('edit', id) });
        break;
      case 'confirm_forget':
        buttons.push({
          type: 2,
          style: 4,
          label: 'Yes, delete everything',
          custom_id: customId('confirm_forget'),
        });
        break;
      case 'cancel':
        buttons.push({ type: 2, style: 2, label: 'Cancel', custom_id: customId('cancel') });
        break;
    }
  }
  return [
    ...(buttons.length > 0 ? [{ type: 1 as const, components: buttons }] : []),
    ...selects.map((select) => ({ type: 1 as const, components: [select] })),
  ];
}

function itemText(item: Item): string {
  const lines = [escapeDiscord(item.text), ...(item.details ?? []).map((d) => `*${escapeDiscord(d)}*`)];
  if (item.quote !== undefined)
    lines.push(...item.quote.split('\n').map((line) => `> ${escapeDiscord(line)}`));
  return lines.join('\n');
}

/**
 * Renders a core message as one embed with its buttons and menus. Only the first promises get
 * components (Discord allows five rows); the rest point to `/promise list`.
 */
export function renderDiscord(message: Message): DiscordPayload {
  const parts: string[] = [];
  if (message.summary !== undefined) parts.push(`-# ${escapeDiscord(message.summary)}`);
  const components: DiscordPayload['components'] = [];
  for (const section of message.sections) {
    if (section.heading !== undefined) parts.push(`**${escapeDiscord(section.heading.toUpperCase())}**`);
    for (const item of section.items) {
      parts.push(itemText(item));
      const rows = item.actions ? rowsFor(item.actions) : [];
      if (components.length + rows.length <= MAX_ROWS) components.push(...rows);
    }
  }
  if (message.actions) components.push(...rowsFor(message.actions).slice(0, MAX_ROWS - components.length));
  let description = parts.join('\n\n');
  if (description.length > MAX_DESCRIPTION)
    description = `${description.slice(0, MAX_DESCRIPTION - 40)}…\n(more in /promise list)`;
  const embed = {
    description: description === '' ? escapeDiscord(message.fallbackText) : description,
    color: ACCENT,
    ...(message.title === undefined ? {} : { title: escapeDiscord(message.title).slice(0, 256) }),
    ...(message.footer === undefined ? {} : { footer: { text: message.footer.slice(0, 2048) } }),
  };
  return { embeds: [embed], components, allowed_mentions: { parse: [] } };
}
