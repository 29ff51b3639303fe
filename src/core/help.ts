import type { Message } from './message.ts';

/** The command reference, shown by `/promise help` and on most "I didn't understand" replies. */
export const COMMAND_REFERENCE: readonly { usage: string; what: string }[] = [
  { usage: '/promise Jane Doe (recruiter, Acme) will call me back by Friday 3pm', what: 'record a promise' },
  { usage: '/promise list', what: 'open promises, soonest first' },
  { usage: '/promise followed #2 [via email] [note]', what: 'you followed up (attempt n of 3)' },
  { usage: '/promise heard #2 [note]', what: 'they got back to you' },
  {
    usage: '/promise heard #2 second interview Thursday 2pm',
    what: 'they got back to you, and the next meeting is logged (a thank-you note after it)',
  },
  {
    usage: '/promise edit #2 due friday  (or name, company, role, what, note)',
    what: 'change one thing; `/promise edit #2` alone opens the form',
  },
  { usage: '/promise list closed  ·  /promise history', what: 'closed promises and how they ended' },
  { usage: '/promise reopen #2', what: 'open a closed promise again' },
  { usage: '/promise snooze #2 tomorrow', what: 'nudge later (1h, 3h, tomorrow, next week, any date)' },
  {
    usage: '/promise met Bob at Globex today',
    what: 'log an interview or call; a thank-you note is due (carries on Bob’s open promise, if any)',
  },
  { usage: '/promise close #2 offer|no|withdrawn|cold', what: 'close a thread' },
  { usage: '/promise keep #2', what: 'keep nudging after the third follow-up' },
  { usage: '/promise pause until Jan 6  ·  /promise resume', what: 'rest: no nudges until then' },
  {
    usage: '/promise settings tz Europe/Berlin digest 08:30 workdays mon-fri share on target 5',
    what: 'your settings (any subset; `/promise settings` shows them)',
  },
  { usage: '/promise stats', what: 'your follow-up tally' },
  { usage: '/promise channel #job-hunt | off', what: 'admins: the accountability channel' },
  { usage: '/promise export', what: 'your data as CSV, and due dates as a calendar file' },
  { usage: '/promise forget-me', what: 'delete everything Thrice holds about you' },
];

/** The help reply. */
export function helpMessage(): Message {
  return {
    kind: 'reply',
    title: 'Thrice keeps track of who promised to get back to you',
    sections: [
      {
        items: COMMAND_REFERENCE.map(({ usage, what }) => ({ text: usage, details: [what] })),
      },
    ],
    footer: '`<ref>` is the short number (#2) or the start of the contact’s name.',
    fallbackText:
      'Thrice commands: /promise <who> will <what> <when>, list, followed, heard, snooze, close, edit, history, reopen, help',
  };
}
