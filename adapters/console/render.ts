import type { Action, Item, Message } from '../../src/core/message.ts';

/** A message as terminal text, with its buttons numbered for `/press N`. */
export interface RenderedText {
  text: string;
  /** `actions[n - 1]` is the button shown as `[n …]`. */
  actions: Action[];
}

const WIDTH = 92;

// Terminal escape sequences in a name or note could rewrite the screen; keep newlines and tabs only.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Makes any text safe to print: no terminal control sequences, no bidi overrides. */
export function escapeConsole(text: string): string {
  return text.replace(CONTROL, '');
}

function label(action: Action): string {
  switch (action.kind) {
    case 'followed':
      return 'I followed up';
    case 'heard':
      return 'They got back to me';
    case 'snooze':
      return `Snooze ▾ ${action.presets.join('|')}`;
    case 'close':
      return `Close ▾ ${action.outcomes.join('|')}`;
    case 'undo':
      return 'Undo';
    case 'dismiss':
      return 'Not now';
    case 'edit':
      return 'Edit';
    case 'confirm_forget':
      return 'Yes, delete everything';
    case 'cancel':
      return 'Cancel';
    case 'dup_update':
      return `Update #${action.ref}`;
    case 'dup_new':
      return 'Add as new';
  }
}

function buttons(actions: readonly Action[], numbered: Action[]): string {
  return actions
    .map((action) => {
      numbered.push(action);
      return `[${numbered.length} ${label(action)}]`;
    })
    .join(' ');
}

function renderItem(item: Item, indent: string, numbered: Action[]): string[] {
  const lines = [`${indent}${escapeConsole(item.text).replaceAll('\n', `\n${indent}`)}`];
  const inner = `${indent}   `;
  for (const detail of item.details ?? []) lines.push(`${inner}${escapeConsole(detail)}`);
  if (item.quote !== undefined) {
    const quoted = escapeConsole(item.quote).split('\n');
    lines.push(
      ...quoted.map(
        (line, i) => `${inner}${i === 0 ? '"' : ' '}${line}${i === quoted.length - 1 ? '"' : ''}`,
      ),
    );
  }
  for (const reach of item.reach ?? []) {
    // A terminal opens no links: the address, number or profile to use, and the wording above.
    const where = reach.kind === 'email' ? reach.address : reach.kind === 'call' ? reach.phone : reach.url;
    lines.push(`${inner}${escapeConsole(`${reach.label}: ${where}`)}`);
  }
  if (item.link !== undefined) lines.push(`${inner}${escapeConsole(`${item.link.label}: ${item.link.url}`)}`);
  if (item.actions && item.actions.length > 0) lines.push(`${inner}${buttons(item.actions, numbered)}`);
  return lines;
}

/**
 * Renders a message as plain text for a terminal; every string is treated as untrusted. Text
 * files are printed; a binary file (a chart) is named with the path it was written to, from
 * `savedFiles` (file name → path).
 */
export function renderText(
  message: Message,
  savedFiles: ReadonlyMap<string, string> = new Map(),
): RenderedText {
  const numbered: Action[] = [];
  const out: string[] = [];
  if (message.title !== undefined) {
    const title = escapeConsole(message.title);
    const summary = message.summary === undefined ? '' : escapeConsole(message.summary);
    const gap = Math.max(2, WIDTH - title.length - summary.length);
    out.push(summary === '' ? title : `${title}${' '.repeat(gap)}${summary}`, '');
  }
  const titled = message.title !== undefined || message.sections.some((s) => s.heading !== undefined);
  for (const section of message.sections) {
    if (section.heading !== undefined) out.push(escapeConsole(section.heading).toUpperCase());
    for (const item of section.items) out.push(...renderItem(item, titled ? '  ' : '', numbered));
    if (titled) out.push('');
  }
  if (message.actions && message.actions.length > 0) out.push(buttons(message.actions, numbered));
  if (message.footer !== undefined) out.push(escapeConsole(message.footer));
  for (const file of message.attachments ?? []) {
    const heading = `--- ${escapeConsole(file.filename)} (${file.contentType}) ---`;
    if (typeof file.content === 'string') {
      out.push('', heading, escapeConsole(file.content).trimEnd());
      continue;
    }
    const path = savedFiles.get(file.filename);
    out.push(
      '',
      heading,
      path === undefined ? 'Not saved: this terminal keeps no files.' : `Saved to ${escapeConsole(path)}`,
    );
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return { text: out.join('\n'), actions: numbered };
}
