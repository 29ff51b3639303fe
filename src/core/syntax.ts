import type { Platform } from './model.ts';

/*
 * How each command is written on each platform. Slack and the console take a typed line after
 * `/promise`; Discord has a subcommand per action with named options (`/promise add text:…`,
 * `tz:`), so help and every example quote the member's own platform.
 */

/** The commands examples name. */
export type Example =
  | 'add'
  | 'list'
  | 'followed'
  | 'heard'
  | 'heard_meeting'
  | 'edit'
  | 'contact'
  | 'history'
  | 'reopen'
  | 'snooze'
  | 'met'
  | 'close'
  | 'keep'
  | 'pause'
  | 'resume'
  | 'settings'
  | 'country'
  | 'stats'
  | 'channel'
  | 'dashboard'
  | 'export'
  | 'forget_me';

const TYPED: Record<Example, string> = {
  add: '/promise Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
  list: '/promise list',
  followed: '/promise followed #2 [via email] [note]',
  heard: '/promise heard #2 [note]',
  heard_meeting: '/promise heard #2 second interview Thursday 2pm',
  edit: '/promise edit #2 due friday',
  contact:
    '/promise edit #2 phone +44 20 7946 0958  ·  email jane@acme.com  ·  linkedin linkedin.com/in/janeroe',
  history: '/promise list closed  ·  /promise history',
  reopen: '/promise reopen #2',
  snooze: '/promise snooze #2 tomorrow',
  met: '/promise met Bob at Globex today',
  close: '/promise close #2 offer|no|withdrawn|cold',
  keep: '/promise keep #2',
  pause: '/promise pause until Jan 6',
  resume: '/promise resume',
  settings: '/promise settings tz Europe/Berlin digest 08:30 workdays mon-fri share on target 5 country DE',
  country: '/promise settings country DE  ·  country US region CA',
  stats: '/promise stats',
  channel: '/promise channel #job-hunt | off',
  dashboard: '/promise dashboard',
  export: '/promise export',
  forget_me: '/promise forget-me',
};

const DISCORD: Record<Example, string> = {
  add: '/promise add text:Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
  list: '/promise list',
  followed: '/promise followed ref:#2 [via:email] [note:…]',
  heard: '/promise heard ref:#2 [note:…]',
  heard_meeting: '/promise heard ref:#2 note:second interview Thursday 2pm',
  edit: '/promise edit ref:#2 field:due value:friday',
  contact: '/promise edit ref:#2 field:phone value:+44 20 7946 0958 (or email, linkedin)',
  history: '/promise history',
  reopen: '/promise reopen ref:#2',
  snooze: '/promise snooze ref:#2 until:tomorrow',
  met: '/promise met who:Bob company:Globex when:yesterday 3pm',
  close: '/promise close ref:#2 outcome:offer|no|withdrawn|cold',
  keep: '/promise keep ref:#2',
  pause: '/promise pause until:Jan 6',
  resume: '/promise resume',
  settings: '/promise settings tz:Europe/Berlin digest:08:30 workdays:mon-fri share:True target:5 country:DE',
  country: '/promise settings country:DE  ·  country:US region:CA',
  stats: '/promise stats',
  channel: '/promise channel channel:#job-hunt (none turns it off)',
  dashboard: '/promise dashboard',
  export: '/promise export',
  forget_me: '/promise forget-me',
};

/** The example of `command` as the member types it on `platform`. */
export function example(platform: Platform, command: Example): string {
  return (platform === 'discord' ? DISCORD : TYPED)[command];
}

/** Subcommands as typed, by the word that starts them, for `inPlatformSyntax`. */
const SUBCOMMAND_WORDS: Record<string, Example> = {
  list: 'list',
  followed: 'followed',
  heard: 'heard',
  edit: 'edit',
  history: 'history',
  reopen: 'reopen',
  snooze: 'snooze',
  met: 'met',
  close: 'close',
  keep: 'keep',
  pause: 'pause',
  resume: 'resume',
  settings: 'settings',
  stats: 'stats',
  channel: 'channel',
  dashboard: 'dashboard',
  export: 'export',
  'forget-me': 'forget_me',
};

/**
 * A typed example (`/promise Jane … by Friday`, `/promise snooze #2 tomorrow`) as the member's
 * platform writes it: unchanged on Slack and the console; on Discord an add line goes into
 * `add text:`, and a subcommand shows that subcommand's options.
 */
export function inPlatformSyntax(typed: string, platform: Platform): string {
  if (platform !== 'discord') return typed;
  const line = /^\/promise\s+(.*)$/s.exec(typed)?.[1];
  if (line === undefined) return typed;
  const word = line.split(/\s+/)[0]?.toLowerCase() ?? '';
  const subcommand = SUBCOMMAND_WORDS[word];
  return subcommand === undefined ? `/promise add text:${line}` : DISCORD[subcommand];
}

/** `/promise keep #3` or `/promise keep ref:#3`: keep nudging one promise. */
export function keepCommand(platform: Platform, ref: number): string {
  return platform === 'discord' ? `/promise keep ref:#${ref}` : `/promise keep #${ref}`;
}
