import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { SNOOZE_PRESETS, type SnoozePreset } from '../../src/core/command.ts';
import type { Action, Message } from '../../src/core/message.ts';
import { CLOSE_OUTCOMES, type CloseOutcome } from '../../src/core/model.ts';
import type { ActionInput, Actor, InboundPort, Notice, Reply } from '../../src/core/ports/inbound.ts';
import { renderText } from './render.ts';

/** The console's conversation: typed lines in, text out, and the last message's buttons. */
export interface LineHandler {
  /** One typed line in, the text to print out (empty when there is nothing to say). */
  onLine(line: string): Promise<string>;
  /** Renders a message that arrived on its own (a digest) and makes its buttons pressable. */
  show(message: Message): string;
}

const CONSOLE_HELP = [
  'Type the same commands as in Slack or Discord, e.g.',
  '  /promise Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
  '  /promise list        /promise help',
  'Console extras: /digest shows today’s digest now · /press N [choice] presses button N · /quit',
].join('\n');

function toActionInput(action: Action, choice: string | undefined): ActionInput | string {
  switch (action.kind) {
    case 'followed':
    case 'heard':
    case 'undo':
    case 'dismiss':
      return { kind: action.kind, promiseId: action.promiseId };
    case 'snooze': {
      const preset = SNOOZE_PRESETS.find((p) => p === choice);
      if (preset === undefined) return `Snooze until when? /press N ${action.presets.join('|')}`;
      return { kind: 'snooze', promiseId: action.promiseId, preset: preset satisfies SnoozePreset };
    }
    case 'close': {
      const outcome = CLOSE_OUTCOMES.find((o) => o === choice);
      if (outcome === undefined) return `Close how? /press N ${action.outcomes.join('|')}`;
      return { kind: 'close', promiseId: action.promiseId, outcome: outcome satisfies CloseOutcome };
    }
    case 'edit':
      return `In the console, change one thing by text: /promise edit #${action.ref} due friday (or name, company, role, what, note). Slack and Discord open a form.`;
    case 'confirm_forget':
      return { kind: 'confirm_forget' };
    case 'cancel':
      return 'Cancelled; nothing was changed.';
    case 'dup_update':
    case 'dup_new':
      return { kind: action.kind, pendingId: action.pendingId };
  }
}

/**
 * Writes a message's binary files (a stats chart) into `dir`, replacing older ones of the same
 * name, and returns each one's absolute path by file name. Text files are printed instead.
 */
function saveBinaryFiles(message: Message, dir: string | null): Map<string, string> {
  const saved = new Map<string, string>();
  const files = (message.attachments ?? []).filter((file) => typeof file.content !== 'string');
  if (dir === null || files.length === 0) return saved;
  mkdirSync(dir, { recursive: true });
  for (const file of files) {
    // The name is ours, but a path must never climb out of the folder.
    const path = resolve(join(dir, basename(file.filename)));
    writeFileSync(path, file.content);
    saved.set(file.filename, path);
  }
  return saved;
}

/**
 * Turns console lines into handler calls, remembering the last message's buttons for `/press`.
 * Binary files (the stats chart) are written into `filesDir` (null: not written).
 */
export function createLineHandler(
  inbound: InboundPort,
  actor: Actor,
  filesDir: string | null = null,
): LineHandler {
  let buttons: Action[] = [];

  function show(message: Message): string {
    const rendered = renderText(message, saveBinaryFiles(message, filesDir));
    buttons = rendered.actions;
    return rendered.text;
  }

  /** The console keeps no retries, so its requests carry no idempotency key and always answer. */
  function showReply(reply: Reply | null): string {
    if (reply === null) return '';
    const notes = reply.notices.map(noticeNote);
    return [...notes, show(reply.message)].join('\n');
  }

  async function onLine(raw: string): Promise<string> {
    const line = raw.trim();
    if (line === '') return '';
    const [word = '', ...rest] = line.split(/\s+/);
    const command = word.toLowerCase();
    if (command === '/promise' || command === 'promise')
      return showReply(await inbound.handle({ actor, input: { kind: 'text', text: rest.join(' ') } }));
    if (command === '/digest') return show(await inbound.view(actor, 'digest'));
    if (command === '/help' || command === 'help') return CONSOLE_HELP;
    if (command === '/press') {
      const index = Number(rest[0]);
      const action = Number.isInteger(index) ? buttons[index - 1] : undefined;
      if (action === undefined) {
        return buttons.length === 0
          ? 'There are no buttons to press on the last message.'
          : `Press a button by its number, 1 to ${buttons.length}: /press 1`;
      }
      const input = toActionInput(action, rest[1]?.toLowerCase());
      return typeof input === 'string'
        ? input
        : showReply(await inbound.handle({ actor, input: { kind: 'action', action: input } }));
    }
    return `Commands start with /promise — try /promise help, or /help for console extras.`;
  }

  return { onLine, show };
}

/** A notice as a console line in brackets. */
function noticeNote(notice: Notice): string {
  switch (notice.kind) {
    case 'time_zone_unset':
      return `(Times are in ${notice.timeZone} until you set your time zone: /promise settings tz Europe/Berlin)`;
    case 'country_unset':
      return notice.place === null
        ? '(Which country are you in? I rest on its public holidays: /promise settings country DE)'
        : `(I rest on the public holidays of ${notice.place}. Somewhere else? /promise settings country DE)`;
    case 'workspace_chosen':
      return `(You use Thrice in ${notice.workspaces} workspaces; this used the one where you were active last.)`;
    case 'delivery_failed':
      return '(Your last digest or nudge could not be shown here; the next one comes as usual.)';
    case 'welcome_undelivered':
      // The console sends no welcome DM: it prints help at start.
      return '';
  }
}
