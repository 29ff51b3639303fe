import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInContainer,
  type APIComponentInMessageActionRow,
  type APIMessageTopLevelComponent,
  type APISelectMenuOption,
  type APITextDisplayComponent,
  ButtonStyle,
  ComponentType,
  MessageFlags,
} from 'discord.js';
import {
  type Action,
  CLOSE_LABELS,
  type Item,
  type Message,
  type ReachOut,
  SNOOZE_LABELS,
  SNOOZE_PICK,
  type TimeMark,
} from '../../src/core/message.ts';

/** The limits of Discord's API that shape a message; the fake Discord in test/ refuses what breaks them. */
export const DISCORD_LIMITS = {
  /** Action rows in a message without Components V2. */
  actionRows: 5,
  /** Components of every depth in a Components V2 message, the container and each button included. */
  componentsV2: 40,
  /** Characters across every text display of a Components V2 message. */
  textV2: 4_000,
  content: 2_000,
  embedTitle: 256,
  embedDescription: 4_096,
  embedFooter: 2_048,
  /** Options of one select menu, and choices of one autocomplete answer. */
  choices: 25,
  /** An autocomplete choice's name, a select option's label. */
  choiceName: 100,
} as const;

const ACCENT = 0x2f3b52;

/** One row of buttons, or one select menu. */
export type ActionRowJson = APIActionRowComponent<APIComponentInMessageActionRow>;

/** An embed as Thrice sends it (messages without per-promise actions). */
export interface EmbedJson {
  title?: string;
  description: string;
  color: number;
  footer?: { text: string };
}

/**
 * What a message becomes on Discord. With per-promise actions it is a Components V2 message
 * (`flags`, one container, no content and an empty `embeds`); otherwise one embed and the
 * message's own buttons.
 */
export interface DiscordPayload {
  content?: string;
  embeds: EmbedJson[];
  components: APIMessageTopLevelComponent[];
  flags?: MessageFlags.IsComponentsV2;
  /** Every message is sent with mentions off (the Client default too). */
  allowed_mentions: { parse: [] };
}

/**
 * Every ASCII character Discord's markdown gives a meaning to somewhere: emphasis, code, spoilers,
 * strike-through, quotes (`>`), headings and subtext (`#`, `-#`), list markers (`-`, `+`, `*`, `1.`),
 * masked links (`[…](…)`), bare links (`https:`), and mention, channel, emoji, timestamp and
 * command syntax (`<@…>`, `<#…>`, `<:a:1>`, `<t:…>`, `</…>`), `@everyone` and `@here`.
 */
const MARKDOWN_CHARACTERS = /[\\`*_~|>#\-+.:[\]<@]/g;

/**
 * Makes member text inert in every Discord field that renders markdown (content, embed title and
 * description, text displays): each markdown character is backslash-escaped, which Discord shows
 * as the character itself, so what the member typed reads exactly as typed and nothing becomes a
 * link, heading, quote, list or mention. `@everyone` and `@here` also get a zero-width space.
 */
export function escapeDiscord(text: string): string {
  return text.replace(MARKDOWN_CHARACTERS, '\\$&').replace(/@(everyone|here)/gi, '@\u200b$1');
}

/** A moment as Discord shows it in each viewer's own zone: the date and time, and how far off it is. */
export function discordTimestamp(unix: number): string {
  return `<t:${unix}:f> (<t:${unix}:R>)`;
}

/**
 * Member text made inert as escapeDiscord does, except that the moments the core marked in it
 * (Message.times) become Discord timestamps, so each viewer reads them in their own zone even
 * before setting one. The longest mark starting first wins; a mark counts only as a whole word.
 */
export function escapeTimed(text: string, times: readonly TimeMark[] | undefined): string {
  if (times === undefined || times.length === 0) return escapeDiscord(text);
  const marks = [...times].sort((a, b) => b.text.length - a.text.length);
  const standsAlone = (at: number, length: number) =>
    !/[\p{L}\p{N}]/u.test(text.charAt(at - 1)) && !/[\p{L}\p{N}]/u.test(text.charAt(at + length));
  let out = '';
  let from = 0;
  for (;;) {
    let found: { at: number; mark: TimeMark } | null = null;
    for (const mark of marks) {
      let at = text.indexOf(mark.text, from);
      while (at >= 0 && !standsAlone(at, mark.text.length)) at = text.indexOf(mark.text, at + 1);
      if (at >= 0 && (found === null || at < found.at)) found = { at, mark };
    }
    if (found === null) return out + escapeDiscord(text.slice(from));
    out += escapeDiscord(text.slice(from, found.at)) + discordTimestamp(found.mark.unix);
    from = found.at + found.mark.text.length;
  }
}

/** Control and invisible format characters (bidi overrides, zero-width spaces) and line breaks. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu;

/**
 * Member text for fields Discord shows as plain text (autocomplete choices, button and menu
 * labels, embed footers): one line, no invisible characters, at most `max` characters, with
 * mention and link syntax broken by a zero-width space in case a client ever formats it.
 * Backslashes would show there, so nothing is escaped.
 */
export function plainText(text: string, max: number): string {
  const line = text
    .replace(INVISIBLE, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<(?=[@#:/]|t:|a:)/g, '<\u200b')
    .replace(/\]\(/g, ']\u200b(');
  if (line.length <= max) return line;
  // Cut by UTF-16 length, as the limit is counted, but never inside a surrogate pair.
  let kept = '';
  for (const char of line) {
    if (kept.length + char.length > max - 1) break;
    kept += char;
  }
  return `${kept}…`;
}

/** An attachment's file name, reduced to characters every client and file system takes literally. */
export function safeFileName(name: string): string {
  const safe = name.replace(/[^\w.-]+/g, '_').replace(/^[.]+/, '');
  return safe === '' ? 'file' : safe.slice(0, 100);
}

/** `thrice:<kind>:<promise id>` — what a click sends back. */
export function customId(kind: Action['kind'] | 'do', promiseId = ''): string {
  return `thrice:${kind}:${promiseId}`;
}

/** The promise an action is about, or '' for message-wide ones (forget-me). */
function promiseOf(action: Action): string {
  return 'promiseId' in action ? action.promiseId : '';
}

/** The buttons and menus of actions, one row of buttons and one row per menu (the layout DESIGN.md shows). */
function fullRows(actions: readonly Action[]): ActionRowJson[] {
  const buttons: APIComponentInMessageActionRow[] = [];
  const selects: ActionRowJson[] = [];
  const button = (label: string, style: APIButtonComponentWithCustomId['style'], action: Action) =>
    buttons.push({
      type: ComponentType.Button,
      style,
      label,
      // A duplicate's answer carries the pending add's short id where others carry a promise's.
      custom_id: customId(action.kind, 'pendingId' in action ? action.pendingId : promiseOf(action)),
    });
  for (const action of actions) {
    const ref = 'ref' in action ? ` #${action.ref}` : '';
    switch (action.kind) {
      case 'followed':
        button(`I followed up${ref}`, ButtonStyle.Success, action);
        break;
      case 'heard':
        button('They got back to me', ButtonStyle.Primary, action);
        break;
      case 'undo':
        button('Undo', ButtonStyle.Secondary, action);
        break;
      case 'dismiss':
        button('Not now', ButtonStyle.Secondary, action);
        break;
      case 'edit':
        button('Edit', ButtonStyle.Secondary, action);
        break;
      case 'confirm_forget':
        button('Yes, delete everything', ButtonStyle.Danger, action);
        break;
      case 'cancel':
        button('Cancel', ButtonStyle.Secondary, action);
        break;
      case 'dup_update':
        button(`Update #${action.ref}`, ButtonStyle.Primary, action);
        break;
      case 'dup_new':
        button('Add as new', ButtonStyle.Secondary, action);
        break;
      case 'snooze':
      case 'close': {
        const options =
          action.kind === 'snooze'
            ? [
                ...action.presets.map((preset) => ({ label: SNOOZE_LABELS[preset], value: preset })),
                // Opens a form with a date field.
                { label: SNOOZE_PICK.label, value: SNOOZE_PICK.value },
              ]
            : action.outcomes.map((outcome) => ({ label: CLOSE_LABELS[outcome], value: outcome }));
        selects.push({
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.StringSelect,
              custom_id: customId(action.kind, action.promiseId),
              placeholder: `${action.kind === 'snooze' ? 'Snooze' : 'Close'}${ref}`,
              options,
            },
          ],
        });
        break;
      }
    }
  }
  const buttonRow: ActionRowJson = { type: ComponentType.ActionRow, components: buttons };
  return [...(buttons.length > 0 ? [buttonRow] : []), ...selects];
}

/** Every action of one promise as the options of one menu, for messages with many promises. */
function compactRow(promiseId: string, ref: number | undefined, actions: readonly Action[]): ActionRowJson {
  const options: APISelectMenuOption[] = actions.flatMap((action): APISelectMenuOption[] => {
    switch (action.kind) {
      case 'followed':
        return [{ label: 'I followed up', value: 'followed' }];
      case 'heard':
        return [{ label: 'They got back to me', value: 'heard' }];
      case 'snooze':
        return [
          ...action.presets.map((preset) => ({
            label: `Snooze: ${SNOOZE_LABELS[preset]}`,
            value: `snooze:${preset}`,
          })),
          { label: `Snooze: ${SNOOZE_PICK.label}`, value: `snooze:${SNOOZE_PICK.value}` },
        ];
      case 'close':
        return action.outcomes.map((outcome) => ({
          label: `Close: ${CLOSE_LABELS[outcome]}`,
          value: `close:${outcome}`,
        }));
      case 'undo':
        return [{ label: 'Undo', value: 'undo' }];
      case 'dismiss':
        return [{ label: 'Not now', value: 'dismiss' }];
      case 'edit':
        return [{ label: 'Edit', value: 'edit' }];
      default:
        // Message-wide actions (forget-me) are buttons of their own.
        return [];
    }
  });
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: customId('do', promiseId),
        placeholder: ref === undefined ? 'What happened?' : `What happened with #${ref}?`,
        options: options.slice(0, DISCORD_LIMITS.choices),
      },
    ],
  };
}

/** How many components rows count, each row and each button or menu in it. */
function countComponents(rows: readonly ActionRowJson[]): number {
  return rows.reduce((n, row) => n + 1 + row.components.length, 0);
}

/** A profile URL as the core checks it: only letters, digits, `_`, `%` and `-` in the handle. */
const SAFE_PROFILE_URL = /^https:\/\/www\.linkedin\.com\/(?:in|pub)\/[\p{L}\p{N}_%-]+$/u;

/**
 * One way to reach the contact as Discord markdown. Discord opens only http(s) links (its link
 * buttons and masked links refuse `mailto:`), so an e-mail shows the address to write to, the
 * subject and body being the wording above; a LinkedIn profile is a masked link.
 */
function reachLine(reach: ReachOut): string {
  switch (reach.kind) {
    case 'email':
      return `${escapeDiscord(reach.label)}: ${escapeDiscord(reach.address)} (subject and message above)`;
    case 'call':
      return `${escapeDiscord(reach.label)}: ${escapeDiscord(reach.phone)}`;
    case 'linkedin':
      return SAFE_PROFILE_URL.test(reach.url)
        ? `[${escapeDiscord(reach.label)}](<${reach.url}>)`
        : `${escapeDiscord(reach.label)}: ${escapeDiscord(reach.url)}`;
  }
}

/** An http(s) URL with nothing that could end Discord's `[label](<url>)` link early. */
const LINKABLE_URL = /^https?:\/\/[^\s<>()[\]]+$/;

function itemText(item: Item, times: readonly TimeMark[] | undefined): string {
  const lines = [
    escapeTimed(item.text, times),
    ...(item.details ?? []).map((d) => `*${escapeTimed(d, times)}*`),
  ];
  if (item.quote !== undefined)
    lines.push(...item.quote.split('\n').map((line) => `> ${escapeDiscord(line)}`));
  const reach = (item.reach ?? []).map(reachLine);
  if (reach.length > 0) lines.push(`-# ${reach.join(' · ')}`);
  // A page link as a masked link (Discord opens only http(s)); anything else stays text.
  if (item.link !== undefined)
    lines.push(
      LINKABLE_URL.test(item.link.url)
        ? `**[${escapeDiscord(item.link.label)}](<${item.link.url}>)**`
        : `${escapeDiscord(item.link.label)}: ${escapeDiscord(item.link.url)}`,
    );
  return lines.join('\n');
}

function textDisplay(content: string): APITextDisplayComponent {
  return { type: ComponentType.TextDisplay, content };
}

/**
 * Room kept in the text budget for each promise with controls: pressing one replaces its
 * controls with a line saying what happened, which must still fit (see settleComponents).
 */
const RESULT_ROOM = 80;
/** Room for the "…and N more" line. */
const MORE_ROOM = 200;

/** The line that says honestly what a message left out, and where to find it. */
function moreLine(message: Message, omitted: number): string {
  return message.kind === 'reply'
    ? `…and ${omitted} more not shown here: \`/promise followed #n\` (or heard, snooze, close) works on any promise by its number.`
    : `…and ${omitted} more not shown here — see \`/promise list\`, or use \`/promise followed #n\` (or heard, snooze, close).`;
}

/**
 * A message with per-promise actions as Components V2: one container of text displays, each
 * promise's text followed by its own controls. `full` gives each promise the buttons and menus
 * DESIGN.md shows (8 components a promise); `compact` one menu holding every action (3 a
 * promise). Items are laid out in order until Discord's 40 components or 4,000 characters would
 * be passed; the rest are counted in a closing "…and N more" line.
 */
function layoutV2(
  message: Message,
  notices: readonly string[],
  layout: 'full' | 'compact',
): { payload: DiscordPayload; omitted: number } {
  const children: APIComponentInContainer[] = [];
  const messageRows = message.actions === undefined ? [] : fullRows(message.actions);
  const footer = message.footer === undefined ? [] : [`-# ${escapeTimed(message.footer, message.times)}`];
  let pending: string[] = [
    ...notices,
    ...(message.title === undefined ? [] : [`## ${escapeTimed(message.title, message.times)}`]),
    ...(message.summary === undefined ? [] : [`-# ${escapeTimed(message.summary, message.times)}`]),
  ];
  // The container, the closing text display and the message's own buttons are always there;
  // the closing text holds the footer and, when needed, the "…and N more" line.
  let components = 2 + countComponents(messageRows);
  let text = (footer[0]?.length ?? 0) + MORE_ROOM;
  const items = message.sections.flatMap((section) =>
    section.items.map((item, index) => ({
      heading:
        index === 0 && section.heading !== undefined
          ? `**${escapeDiscord(section.heading.toUpperCase())}**`
          : undefined,
      item,
    })),
  );
  const withControls = new Set<string>();
  let omitted = 0;
  for (const [index, { heading, item }] of items.entries()) {
    const lines = [...(heading === undefined ? [] : [heading]), itemText(item, message.times)];
    const promiseId = item.actions?.map(promiseOf).find((id) => id !== '') ?? '';
    // A promise gets its controls once a message: Discord refuses two components with one id.
    const actions =
      promiseId === '' || withControls.has(promiseId)
        ? []
        : (item.actions ?? []).filter((a) => promiseOf(a) === promiseId);
    const rows =
      actions.length === 0
        ? []
        : layout === 'full'
          ? fullRows(actions)
          : [compactRow(promiseId, item.ref, actions)];
    const block = [...pending, ...lines].join('\n\n');
    const cost = rows.length === 0 ? 0 : 1 + countComponents(rows);
    const room = rows.length === 0 ? 0 : RESULT_ROOM;
    if (
      components + cost > DISCORD_LIMITS.componentsV2 ||
      text + block.length + room > DISCORD_LIMITS.textV2
    ) {
      omitted = items.length - index;
      break;
    }
    if (rows.length === 0) {
      pending.push(...lines);
      continue;
    }
    withControls.add(promiseId);
    children.push(textDisplay(block), ...rows);
    components += cost;
    text += block.length + room;
    pending = [];
  }
  if (omitted > 0) pending.push(moreLine(message, omitted));
  pending.push(...footer);
  if (pending.length === 0 && children.length === 0)
    pending.push(escapeTimed(message.fallbackText, message.times));
  if (pending.length > 0) children.push(textDisplay(pending.join('\n\n')));
  children.push(...messageRows);
  return {
    payload: {
      flags: MessageFlags.IsComponentsV2,
      embeds: [],
      components: [{ type: ComponentType.Container, accent_color: ACCENT, components: children }],
      allowed_mentions: { parse: [] },
    },
    omitted,
  };
}

/** Cuts markdown to `max` characters without leaving a lone escaping backslash at the end. */
function cut(markdown: string, max: number, tail: string): string {
  if (markdown.length <= max) return markdown;
  let kept = markdown.slice(0, Math.max(0, max - tail.length));
  // An odd run of backslashes at the end would escape the tail's first character.
  const run = /\\+$/.exec(kept)?.[0].length ?? 0;
  if (run % 2 === 1) kept = kept.slice(0, -1);
  return `${kept}${tail}`;
}

/** A message without per-promise actions: one embed, and the message's own buttons. */
function renderEmbed(message: Message, notices: readonly string[]): DiscordPayload {
  const parts: string[] = [];
  if (message.summary !== undefined) parts.push(`-# ${escapeTimed(message.summary, message.times)}`);
  for (const section of message.sections) {
    if (section.heading !== undefined) parts.push(`**${escapeDiscord(section.heading.toUpperCase())}**`);
    for (const item of section.items) parts.push(itemText(item, message.times));
  }
  const description = cut(parts.join('\n\n'), DISCORD_LIMITS.embedDescription, '…\n(more in /promise list)');
  const embed: EmbedJson = {
    description: description === '' ? escapeTimed(message.fallbackText, message.times) : description,
    color: ACCENT,
    ...(message.title === undefined
      ? {}
      : { title: cut(escapeTimed(message.title, message.times), DISCORD_LIMITS.embedTitle, '…') }),
    ...(message.footer === undefined
      ? {}
      : { footer: { text: plainText(message.footer, DISCORD_LIMITS.embedFooter) } }),
  };
  const components = message.actions === undefined ? [] : fullRows(message.actions);
  return {
    ...(notices.length === 0 ? {} : { content: cut(notices.join('\n'), DISCORD_LIMITS.content, '…') }),
    embeds: [embed],
    components: components.slice(0, DISCORD_LIMITS.actionRows),
    allowed_mentions: { parse: [] },
  };
}

/**
 * Renders a core message for Discord. A message whose items carry actions (a digest, a nudge, the
 * list, an add's Undo/Edit) becomes Components V2, so every listed promise has its own controls;
 * the rest is one embed. `notices` are lines of Discord markdown the adapter puts first (already
 * escaped: they are not member text).
 */
export function renderDiscord(message: Message, notices: readonly string[] = []): DiscordPayload {
  const hasItemActions = message.sections.some((s) => s.items.some((i) => (i.actions ?? []).length > 0));
  if (!hasItemActions) return renderEmbed(message, notices);
  const full = layoutV2(message, notices, 'full');
  return full.omitted === 0 ? full.payload : layoutV2(message, notices, 'compact').payload;
}

/** Characters across the text displays of components, as Discord counts them against 4,000. */
export function textLength(
  components: readonly (APIMessageTopLevelComponent | APIComponentInContainer)[],
): number {
  let total = 0;
  for (const component of components) {
    if (component.type === ComponentType.TextDisplay) total += component.content.length;
    if (component.type === ComponentType.Container || component.type === ComponentType.Section)
      total += textLength(component.components);
  }
  return total;
}

/** The promise ids the rows of components act on, once per row. */
function controlledPromises(
  components: readonly (APIMessageTopLevelComponent | APIComponentInContainer)[],
): string[] {
  return components.flatMap((component) => {
    if (component.type === ComponentType.Container) return controlledPromises(component.components);
    if (component.type !== ComponentType.ActionRow) return [];
    const first = component.components[0];
    const id = first !== undefined && 'custom_id' in first ? (first.custom_id.split(':')[2] ?? '') : '';
    return id === '' ? [] : [id];
  });
}

function belongsTo(component: APIComponentInContainer, promiseId: string): boolean {
  return (
    component.type === ComponentType.ActionRow &&
    component.components.length > 0 &&
    component.components.every((c) => 'custom_id' in c && c.custom_id.endsWith(`:${promiseId}`))
  );
}

/**
 * A Components V2 message after one promise's controls were used: that promise's rows give way to
 * one line saying what happened (`result`, plain text, cut to the room the message has left);
 * everything else, other promises' controls included, stays as it was. Null when the message
 * holds no controls of that promise (a repeat, or an id the message never offered).
 */
export function settleComponents(
  components: readonly APIMessageTopLevelComponent[],
  promiseId: string,
  result: string,
  times?: readonly TimeMark[],
): APIMessageTopLevelComponent[] | null {
  if (promiseId === '' || !controlledPromises(components).includes(promiseId)) return null;
  // The room the layout kept for this promise, and whatever is free beyond every other promise's.
  const others = new Set(controlledPromises(components));
  others.delete(promiseId);
  const room = DISCORD_LIMITS.textV2 - textLength(components) - RESULT_ROOM * others.size;
  const line = textDisplay(cut(`✓ ${escapeTimed(result, times)}`, Math.max(room, 2), '…'));
  let placed = false;
  const settle = (list: readonly APIComponentInContainer[]): APIComponentInContainer[] =>
    list.flatMap((component) => {
      if (!belongsTo(component, promiseId)) return [component];
      if (placed) return [];
      placed = true;
      return [line];
    });
  return components.flatMap((component): APIMessageTopLevelComponent[] =>
    component.type === ComponentType.Container
      ? [{ ...component, components: settle(component.components) }]
      : settle([component]),
  );
}
