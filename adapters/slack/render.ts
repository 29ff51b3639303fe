import type { types } from '@slack/bolt';
import {
  type Action,
  CLOSE_LABELS,
  type Item,
  type Message,
  type ReachOut,
  SNOOZE_LABELS,
  SNOOZE_PICK,
} from '../../src/core/message.ts';

type ActionsBlock = types.ActionsBlock;
type Button = types.Button;
type KnownBlock = types.KnownBlock;
type PlainTextOption = types.PlainTextOption;
type StaticSelect = types.StaticSelect;
/** Slack allows 50 blocks a message, 3,000 characters a section and 150 a header. */
const MAX_BLOCKS = 50;
const MAX_SECTION_TEXT = 3_000;
const MAX_HEADER_TEXT = 150;

/** Action ids of our interactive components; the value carries the promise id. */
export const ACTION_IDS = {
  followed: 'thrice_followed',
  heard: 'thrice_heard',
  snooze: 'thrice_snooze',
  close: 'thrice_close',
  undo: 'thrice_undo',
  dismiss: 'thrice_dismiss',
  edit: 'thrice_edit',
  confirm_forget: 'thrice_confirm_forget',
  cancel: 'thrice_cancel',
  dup_update: 'thrice_dup_update',
  dup_new: 'thrice_dup_new',
} as const satisfies Record<Action['kind'], string>;

/** The block that holds one promise's buttons, so a click can replace just that block. */
export function actionsBlockId(promiseId: string): string {
  return `thrice_actions:${promiseId}`;
}

/**
 * Escapes text for mrkdwn: `&`, `<` and `>` are Slack's control characters, so after this
 * nothing a member typed can become `<!channel>`, `<@U…>` or a link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function plain(text: string, limit = 75) {
  return {
    type: 'plain_text' as const,
    text: text.length > limit ? `${text.slice(0, limit - 1)}…` : text,
    emoji: true,
  };
}

function clip(text: string): string {
  return text.length > MAX_SECTION_TEXT ? `${text.slice(0, MAX_SECTION_TEXT - 1)}…` : text;
}

function element(action: Action): Button | StaticSelect {
  switch (action.kind) {
    case 'followed':
      return {
        type: 'button',
        action_id: ACTION_IDS.followed,
        text: plain('I followed up'),
        value: action.promiseId,
        style: 'primary',
      };
    case 'heard':
      return {
        type: 'button',
        action_id: ACTION_IDS.heard,
        text: plain('They got back to me'),
        value: action.promiseId,
      };
    case 'snooze':
      return {
        type: 'static_select',
        action_id: ACTION_IDS.snooze,
        placeholder: plain('Snooze'),
        // The last choice opens a date and time picker (the snooze form).
        options: [
          ...action.presets.map(
            (preset): PlainTextOption => ({
              text: plain(SNOOZE_LABELS[preset]),
              value: `${action.promiseId}|${preset}`,
            }),
          ),
          { text: plain(SNOOZE_PICK.label), value: `${action.promiseId}|${SNOOZE_PICK.value}` },
        ],
      };
    case 'close':
      return {
        type: 'static_select',
        action_id: ACTION_IDS.close,
        placeholder: plain('Close'),
        options: action.outcomes.map(
          (outcome): PlainTextOption => ({
            text: plain(CLOSE_LABELS[outcome]),
            value: `${action.promiseId}|${outcome}`,
          }),
        ),
      };
    case 'undo':
      return { type: 'button', action_id: ACTION_IDS.undo, text: plain('Undo'), value: action.promiseId };
    case 'dismiss':
      return {
        type: 'button',
        action_id: ACTION_IDS.dismiss,
        text: plain('Not now'),
        value: action.promiseId,
      };
    case 'edit':
      return { type: 'button', action_id: ACTION_IDS.edit, text: plain('Edit'), value: action.promiseId };
    case 'confirm_forget':
      return {
        type: 'button',
        action_id: ACTION_IDS.confirm_forget,
        text: plain('Yes, delete everything'),
        value: 'confirm',
        style: 'danger',
      };
    case 'cancel':
      return { type: 'button', action_id: ACTION_IDS.cancel, text: plain('Cancel'), value: 'cancel' };
    // The value is the pending add's short id; the add itself waits on our side.
    case 'dup_update':
      return {
        type: 'button',
        action_id: ACTION_IDS.dup_update,
        text: plain(`Update #${action.ref}`),
        value: action.pendingId,
        style: 'primary',
      };
    case 'dup_new':
      return {
        type: 'button',
        action_id: ACTION_IDS.dup_new,
        text: plain('Add as new'),
        value: action.pendingId,
      };
  }
}

function actionsBlock(actions: readonly Action[]): ActionsBlock {
  const owner = actions.find((a): a is Extract<Action, { promiseId: string }> => 'promiseId' in a);
  const block: ActionsBlock = { type: 'actions', elements: actions.map(element) };
  return owner === undefined ? block : { ...block, block_id: actionsBlockId(owner.promiseId) };
}

/**
 * A title as a header block: plain text, escaped all the same (it may hold a display name), cut
 * to Slack's 150 characters without splitting an escape.
 */
export function headerBlock(title: string): types.HeaderBlock {
  let chars = [...title];
  let text = escapeMrkdwn(title);
  while (text.length > MAX_HEADER_TEXT) {
    chars = chars.slice(0, -1);
    text = `${escapeMrkdwn(chars.join(''))}…`;
  }
  return { type: 'header', text: { type: 'plain_text', text, emoji: true } };
}

/**
 * One way to reach the contact as mrkdwn: a live link for e-mail (the `mailto:` URL with subject
 * and body) and LinkedIn, the number for a call. URL and label are escaped like any text, which
 * keeps `&` between the URL's fields as Slack wants it and lets no member text close the link.
 */
function reachLink(reach: ReachOut): string {
  switch (reach.kind) {
    case 'email':
    case 'linkedin':
      return `<${escapeMrkdwn(reach.url.replace(/\|/g, '%7C'))}|${escapeMrkdwn(reach.label)}>`;
    case 'call':
      return `${escapeMrkdwn(reach.label)}: ${escapeMrkdwn(reach.phone)}`;
  }
}

/** An http(s) URL with nothing that could end or bend Slack's `<url|label>` link. */
const LINKABLE_URL = /^https?:\/\/[^\s<>|]+$/;

/** The blocks of one item: its text (details in italics, a quote) and its buttons. */
export function itemBlocks(item: Item): KnownBlock[] {
  const lines = [escapeMrkdwn(item.text), ...(item.details ?? []).map((d) => `_${escapeMrkdwn(d)}_`)];
  if (item.quote !== undefined)
    lines.push(...item.quote.split('\n').map((line) => `> ${escapeMrkdwn(line)}`));
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: clip(lines.join('\n')) } }];
  // Its own block, so a long wording clipped above never cuts a link in half.
  const reach = (item.reach ?? []).map(reachLink).join('  ·  ');
  if (reach !== '' && reach.length <= MAX_SECTION_TEXT)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: reach }] });
  // A page link as its own section, never inside italics a URL could run into.
  if (item.link !== undefined && LINKABLE_URL.test(item.link.url))
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*<${item.link.url}|${escapeMrkdwn(item.link.label)}>*` },
    });
  if (item.actions && item.actions.length > 0) blocks.push(actionsBlock(item.actions));
  return blocks;
}

/** Renders a core message as Block Kit, every piece of text escaped; capped at Slack's block limit. */
export function renderBlocks(message: Message): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (message.title !== undefined) blocks.push(headerBlock(message.title));
  if (message.summary !== undefined) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(message.summary) }] });
  }
  for (const section of message.sections) {
    if (section.heading !== undefined) {
      blocks.push(
        { type: 'divider' },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: `*${escapeMrkdwn(section.heading.toUpperCase())}*` },
        },
      );
    }
    for (const item of section.items) blocks.push(...itemBlocks(item));
  }
  if (message.actions && message.actions.length > 0) blocks.push(actionsBlock(message.actions));
  if (message.footer !== undefined) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(message.footer) }] });
  }
  if (blocks.length <= MAX_BLOCKS) return blocks;
  const kept = blocks.slice(0, MAX_BLOCKS - 1);
  kept.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'More in `/promise list`.' }] });
  return kept;
}

/** The notification text: plain, escaped, never a mention. */
export function renderFallback(message: Message): string {
  return escapeMrkdwn(message.fallbackText);
}
