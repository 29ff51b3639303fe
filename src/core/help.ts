import type { Message } from './message.ts';
import type { Platform } from './model.ts';
import { type Example, example } from './syntax.ts';

/** The command reference, shown by `/promise help`: which command, and what it does. */
const COMMANDS: readonly { command: Example; also?: Example; what: string }[] = [
  {
    command: 'add',
    what: 'record a promise (no date: a week; "ASAP": the next working day; a passed date: saved as overdue)',
  },
  { command: 'list', what: 'open promises, soonest first' },
  { command: 'followed', what: 'you followed up (attempt n of 3)' },
  { command: 'heard', what: 'they got back to you' },
  {
    command: 'heard_meeting',
    what: 'they got back to you, and the next meeting is logged (a thank-you note after it)',
  },
  {
    command: 'edit',
    what: 'change one thing (name, company, role, what, note, due); a ref alone opens the form',
  },
  {
    command: 'contact',
    what: 'their e-mail, phone or LinkedIn (`none` clears it); also typed in the add line or the form — nudges then offer an e-mail already written, the number, the profile',
  },
  { command: 'history', what: 'closed promises and how they ended' },
  { command: 'reopen', what: 'open a closed promise again' },
  { command: 'snooze', what: 'nudge later (1 hour, 3 hours, tomorrow, next week, any date)' },
  {
    command: 'met',
    what: 'log an interview or call; a thank-you note is due (carries on their open promise, if any)',
  },
  { command: 'close', what: 'close a thread' },
  { command: 'keep', what: 'keep nudging after the third follow-up' },
  { command: 'pause', also: 'resume', what: 'rest: no nudges until then' },
  { command: 'settings', what: 'your settings (any subset; alone, it shows them)' },
  { command: 'country', what: 'no nudges or digests on your public holidays (`off` for none)' },
  { command: 'stats', what: 'your follow-up tally, with a chart of 12 weeks' },
  { command: 'channel', what: 'admins: the accountability channel' },
  {
    command: 'dashboard',
    what: 'organisers: a private link to the group’s page (weekly counts, streaks of those who share)',
  },
  { command: 'export', what: 'your data as CSV, and due dates as a calendar file' },
  { command: 'forget_me', what: 'delete everything Thrice holds about you' },
];

/** The command reference as `platform` writes it: typed lines on Slack and the console, options on Discord. */
export function commandReference(platform: Platform): { usage: string; what: string }[] {
  return COMMANDS.map(({ command, also, what }) => ({
    usage:
      also === undefined
        ? example(platform, command)
        : `${example(platform, command)}  ·  ${example(platform, also)}`,
    what,
  }));
}

/** The help reply, in the syntax of the member's platform. */
export function helpMessage(platform: Platform): Message {
  const ref = platform === 'discord' ? '`ref:#2`' : '`#2`';
  return {
    kind: 'reply',
    title: 'Thrice keeps track of who promised to get back to you',
    sections: [
      {
        items: commandReference(platform).map(({ usage, what }) => ({ text: usage, details: [what] })),
      },
    ],
    footer: `In these, ${ref} stands for a promise’s number from \`/promise list\`; the start of the contact’s name works too.${
      platform === 'discord'
        ? ' Added to your own apps, Thrice works in any DM or group chat too, on your own promises, and only you see its answers.'
        : ''
    }`,
    fallbackText:
      'Thrice commands: /promise <who> will <what> <when>, list, followed, heard, snooze, close, edit, history, reopen, help',
  };
}
