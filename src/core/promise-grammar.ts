import { IANAZone } from 'luxon';
import type { Command, ParseContext, PromiseDraft, Ref, SettingsPatch } from './command.ts';
import { findDue, readMoment, snoozeUntil } from './date-reader.ts';
import { InvalidCommandError, ThriceError } from './errors.ts';
import {
  type Channel,
  CLOSE_OUTCOMES,
  type CloseOutcome,
  type Contact,
  type ContactRole,
  type LocalTime,
  type Weekday,
} from './model.ts';
import { err, ok, type Result } from './result.ts';

/** Longer input is refused before any parsing, so no pattern can run away on it. */
export const MAX_COMMAND_LENGTH = 2_000;
/** Bounds a member can set as their open-thread target (R7). */
export const TARGET_RANGE = { min: 1, max: 50 } as const;

const ADD_EXAMPLE = '/promise Jane Doe (recruiter, Acme) will call me back by Friday 3pm';

const SUBCOMMANDS = [
  'add',
  'list',
  'followed',
  'heard',
  'snooze',
  'met',
  'pause',
  'resume',
  'close',
  'keep',
  'settings',
  'stats',
  'channel',
  'export',
  'forget-me',
  'help',
] as const;

const ALIASES: Record<string, (typeof SUBCOMMANDS)[number]> = {
  ls: 'list',
  follow: 'followed',
  'followed-up': 'followed',
  fu: 'followed',
  'heard-back': 'heard',
  forgetme: 'forget-me',
  forget: 'forget-me',
  setting: 'settings',
  unpause: 'resume',
};

const ROLE_WORDS: readonly [RegExp, ContactRole][] = [
  [/\b(recruiter|talent(?:\s+partner)?|sourcer|headhunter)\b/i, 'recruiter'],
  [/\b(hiring\s+manager|hm|manager|team\s+lead|head\s+of\s+\w+)\b/i, 'hiring_manager'],
  [/\b(hr|people\s+team|human\s+resources)\b/i, 'hr'],
  [/\b(referral|referrer)\b/i, 'referral'],
  [/\b(networking|contact|friend|alumn(?:us|a|i)|mentor)\b/i, 'networking'],
];

const CHANNEL_WORDS: readonly [RegExp, Channel][] = [
  [/\b(call|phone|ring)\b/i, 'call'],
  [/\b(e-?mail|mail|send)\b/i, 'email'],
  [/\b(linkedin|message|dm|text)\b/i, 'linkedin'],
];

const VERB = String.raw`(?:will|'ll|said|says|asked|asks|promised|promises|is\s+going\s+to|are\s+going\s+to|should|would|needs?|wants?|plans?\s+to|to\s+get\s+back)\b`;

/** Words that name the channel of a logged follow-up. */
const FOLLOW_UP_CHANNELS = new Map<string, Channel>([
  ['call', 'call'],
  ['phone', 'call'],
  ['email', 'email'],
  ['e-mail', 'email'],
  ['linkedin', 'linkedin'],
]);

const WEEKDAYS: Record<string, Weekday> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

function roleIn(text: string): ContactRole | null {
  return ROLE_WORDS.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

function channelIn(text: string): Channel | null {
  return CHANNEL_WORDS.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

function clean(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:.-]+|[\s,;:.-]+$/g, '')
    .trim();
}

/** Optional trailing note: `… -- note` or `… note: …`. */
function splitNote(text: string): { body: string; note: string | null } {
  const match = /\s+(?:--|—)\s*(.*)$|\s+note:\s*(.*)$/i.exec(text);
  if (!match) return { body: text, note: null };
  const note = clean(match[1] ?? match[2] ?? '');
  return { body: text.slice(0, match.index), note: note === '' ? null : note };
}

/** Who made the promise: name, role and company from the phrasings people use. */
function readContact(who: string): Contact | null {
  let text = clean(who);
  let role: ContactRole | null = null;
  let company: string | null = null;
  const paren = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(text);
  if (paren) {
    text = clean(paren[1] ?? '');
    for (const part of (paren[2] ?? '').split(/[,;/]/).map(clean).filter(Boolean)) {
      const partRole = roleIn(part);
      if (partRole !== null && role === null) {
        // "recruiter at Acme" names both.
        role = partRole;
        const at = /\b(?:at|from|of)\s+(.+)$/i.exec(part);
        if (at) company = clean(at[1] ?? '');
      } else if (company === null) {
        company = part.replace(/^(?:at|from)\s+/i, '');
      }
    }
  } else {
    const described = /^(.*?),\s*(?:the\s+|a\s+|an\s+|my\s+)?([^,]*?)\s+(?:at|from|of)\s+([^,]+?),?$/i.exec(
      text,
    );
    const at = /^(.*?)\s+(?:at|from|of)\s+(.+)$/i.exec(text);
    if (described && roleIn(described[2] ?? '') !== null) {
      text = clean(described[1] ?? '');
      role = roleIn(described[2] ?? '');
      company = clean(described[3] ?? '');
    } else if (at) {
      text = clean(at[1] ?? '');
      company = clean(at[2] ?? '');
      const titled = /^(.*?),?\s+(?:the\s+)?(recruiter|hiring manager|hr|referral)$/i.exec(text);
      if (titled) {
        text = clean(titled[1] ?? '');
        role = roleIn(titled[2] ?? '');
      }
    } else {
      role = roleIn(text);
    }
  }
  if (text === '' || text.length > 120 || !/\p{L}/u.test(text)) return null;
  return { name: text, role, company: company === '' ? null : company };
}

/** "will call me back" → "call you back": what was promised, from the member's side. */
function readWhat(rest: string): string {
  let what = clean(rest)
    .replace(
      /^(?:will|'ll|should|would|is\s+going\s+to|are\s+going\s+to|plans?\s+to|promised\s+to|promises\s+to|needs?\s+to|wants?\s+to)\s+/i,
      '',
    )
    .replace(/^(?:said|says)\s+(?:(?:he|she|they)(?:'d|\s+would|\s+will|'ll)\s+)?/i, '')
    .replace(/^(?:to\s+)/i, '');
  const asked = /^(?:asked|asks)\s+(?:for\s+)?(?:some\s+time\s+)?(?:to\s+)?(.*)$/i.exec(what);
  if (asked) {
    const purpose = clean(asked[1] ?? '');
    what =
      purpose === '' ? 'get back to you' : `get back to you after they ${purpose.replace(/^to\s+/i, '')}`;
  }
  what = what
    .replace(/\bme\b/gi, 'you')
    .replace(/\bmy\b/gi, 'your')
    .replace(/\b(?:by|on|before|until|within|in)$/i, '');
  what = clean(what);
  return what === '' ? 'get back to you' : what.slice(0, 200);
}

function parseAdd(text: string, ctx: ParseContext): Result<Command> {
  const { body, note } = splitNote(text);
  const verb = new RegExp(String.raw`^(.*?)\s+(${VERB}.*)$`, 'i').exec(body);
  const whoText = verb ? (verb[1] ?? '') : '';
  if (!verb || clean(whoText) === '') {
    return err(
      new InvalidCommandError(
        'Tell me who promised to get back to you, what, and when (e.g. "will call me back by Friday 3pm").',
        ADD_EXAMPLE,
      ),
    );
  }
  const rest = verb[2] ?? '';
  const contact = readContact(whoText);
  if (contact === null) {
    return err(
      new InvalidCommandError(`I couldn't tell who made the promise in "${clean(whoText)}".`, ADD_EXAMPLE),
    );
  }
  const found = findDue(rest, ctx);
  if (found === null) {
    return err(
      new InvalidCommandError(
        `When did ${contact.name} say they'd get back to you? Add a day or time, like "by Friday 3pm", "tomorrow" or "in a week".`,
        ADD_EXAMPLE,
      ),
    );
  }
  const dueEnd = found.due.precision === 'day' ? found.due.at.getTime() : found.due.at.getTime() + 60_000;
  if (dueEnd < ctx.now.getTime()) {
    return err(
      new InvalidCommandError(
        'That time has already passed. If they missed it, add it with a later date — or log a meeting with `/promise met`.',
        ADD_EXAMPLE,
      ),
    );
  }
  const withoutWhen = `${rest.slice(0, found.index)} ${rest.slice(found.index + found.length)}`;
  const draft: PromiseDraft = {
    contact,
    what: readWhat(withoutWhen),
    promisedChannel: channelIn(rest),
    due: found.due,
    note,
  };
  return ok({ kind: 'add', draft });
}

function readRef(token: string | undefined): Ref | null {
  if (token === undefined || token === '') return null;
  const number = /^#?(\d{1,6})$/.exec(token);
  if (number) return { kind: 'number', ref: Number(number[1]) };
  if (!/\p{L}/u.test(token)) return null;
  return { kind: 'name', prefix: token };
}

function needRef(token: string | undefined, example: string): Result<Ref> {
  const ref = readRef(token);
  return ref === null
    ? err(new InvalidCommandError(`Which promise? Give its number or the start of the name.`, example))
    : ok(ref);
}

function orNull(text: string): string | null {
  const cleaned = clean(text);
  return cleaned === '' ? null : cleaned;
}

function parseFollowed(args: string[]): Result<Command> {
  const ref = needRef(args[0], '/promise followed #2 via email sent a short note');
  if (!ref.ok) return ref;
  let rest = args.slice(1);
  let channel: Channel | null = null;
  const word = (rest[0] ?? '').toLowerCase();
  const viaWord = word === 'via' || word === 'by' ? (rest[1] ?? '').toLowerCase() : word;
  const viaChannel = FOLLOW_UP_CHANNELS.get(viaWord);
  if (viaChannel !== undefined) {
    channel = viaChannel;
    rest = rest.slice(word === 'via' || word === 'by' ? 2 : 1);
  }
  return ok({ kind: 'followed', ref: ref.value, channel, note: orNull(rest.join(' ')) });
}

function parseSnooze(args: string[], ctx: ParseContext): Result<Command> {
  const ref = needRef(args[0], '/promise snooze #2 tomorrow');
  if (!ref.ok) return ref;
  const when = clean(args.slice(1).join(' ')).toLowerCase();
  if (when === '') {
    return err(
      new InvalidCommandError(
        'Snooze until when? 3 hours, tomorrow, next week, or a date.',
        '/promise snooze #2 tomorrow',
      ),
    );
  }
  const preset = /^(?:for\s+)?(?:3\s*h(?:ours?|rs?)?|three\s+hours)$/.test(when)
    ? '3h'
    : /^(?:until\s+)?tomorrow$/.test(when)
      ? 'tomorrow'
      : /^(?:until\s+)?next\s+week$/.test(when)
        ? 'next_week'
        : null;
  if (preset !== null) {
    const { until, label } = snoozeUntil(preset, ctx);
    return ok({ kind: 'snooze', ref: ref.value, until, label });
  }
  const moment = readMoment(when.replace(/^(?:until|till|to)\s+/, ''), ctx);
  if (!moment.ok) return moment;
  return ok({ kind: 'snooze', ref: ref.value, until: moment.value, label: when });
}

function parseMet(rest: string, ctx: ParseContext): Result<Command> {
  const { body, note } = splitNote(rest);
  let text = body;
  let at = ctx.now;
  const day = /\b(today|yesterday|this\s+morning|this\s+afternoon)\b/i.exec(text);
  if (day) {
    if ((day[1] ?? '').toLowerCase() === 'yesterday') at = new Date(ctx.now.getTime() - 86_400_000);
    text = `${text.slice(0, day.index)} ${text.slice(day.index + day[0].length)}`;
  }
  const contact = readContact(text.replace(/^(?:with)\s+/i, ''));
  if (contact === null) {
    return err(new InvalidCommandError('Who did you meet?', '/promise met Bob at Globex today'));
  }
  return ok({ kind: 'met', contact, at, note });
}

function parseClose(args: string[]): Result<Command> {
  const example = '/promise close #2 offer';
  const ref = needRef(args[0], example);
  if (!ref.ok) return ref;
  const outcome = CLOSE_OUTCOMES.find((o) => o === (args[1] ?? '').toLowerCase());
  if (outcome === undefined) {
    return err(new InvalidCommandError(`Close it how? One of: ${CLOSE_OUTCOMES.join(', ')}.`, example));
  }
  return ok({
    kind: 'close',
    ref: ref.value,
    outcome: outcome satisfies CloseOutcome,
    note: orNull(args.slice(2).join(' ')),
  });
}

function readClock(text: string): LocalTime | null {
  const match = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(text);
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? '0');
  const meridiem = match[3]?.toLowerCase();
  if (meridiem === 'pm' && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

function readWorkDays(text: string): readonly Weekday[] | null {
  const days = new Set<Weekday>();
  for (const part of text.toLowerCase().split(',')) {
    const range = /^([a-z]{3})[a-z]*(?:-([a-z]{3})[a-z]*)?$/.exec(part.trim());
    const from = range ? WEEKDAYS[range[1] ?? ''] : undefined;
    const to = range?.[2] === undefined ? from : WEEKDAYS[range[2]];
    if (from === undefined || to === undefined) return null;
    for (let d = from, i = 0; i < 7; d = ((d % 7) + 1) as Weekday, i++) {
      days.add(d);
      if (d === to) break;
    }
  }
  return days.size === 0 ? null : [...days].sort((a, b) => a - b);
}

function canonicalZone(text: string): string | null {
  if (!IANAZone.isValidZone(text)) return null;
  return new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
}

function parseSettings(args: string[]): Result<Command> {
  const example = '/promise settings tz Europe/Berlin digest 08:30 workdays mon-fri share on target 5';
  const patch: SettingsPatch = {};
  const bad = (message: string) =>
    err(new ThriceError('invalid_setting', `${message}\nFor example: \`${example}\``));
  for (let i = 0; i < args.length; i += 2) {
    const key = (args[i] ?? '').toLowerCase();
    const value = args[i + 1];
    if (value === undefined) return bad(`\`${key}\` needs a value.`);
    switch (key) {
      case 'tz':
      case 'timezone':
      case 'zone': {
        const zone = canonicalZone(value);
        if (zone === null)
          return bad(
            `"${value}" isn't a time zone I know. Use a name like Europe/Berlin or America/New_York.`,
          );
        patch.timeZone = zone;
        break;
      }
      case 'digest': {
        if (value.toLowerCase() === 'off') {
          patch.digestTime = null;
          break;
        }
        const time = readClock(value);
        if (time === null) return bad(`"${value}" isn't a time of day. Use 08:30 or off.`);
        patch.digestTime = time;
        break;
      }
      case 'workdays':
      case 'days': {
        const days = readWorkDays(value);
        if (days === null) return bad(`"${value}" isn't a list of days. Use mon-fri or mon,tue,thu.`);
        patch.workDays = days;
        break;
      }
      case 'share': {
        const on = value.toLowerCase();
        if (on !== 'on' && on !== 'off') return bad('`share` is on or off.');
        patch.share = on === 'on';
        break;
      }
      case 'target': {
        const target = Number(value);
        if (!Number.isInteger(target) || target < TARGET_RANGE.min || target > TARGET_RANGE.max) {
          return bad(`The target is a whole number from ${TARGET_RANGE.min} to ${TARGET_RANGE.max}.`);
        }
        patch.target = target;
        break;
      }
      default:
        return bad(`I don't know the setting "${key}".`);
    }
  }
  return ok({ kind: 'settings', patch });
}

function parseChannel(rest: string): Result<Command> {
  const text = clean(rest);
  if (text.toLowerCase() === 'off') return ok({ kind: 'channel', channel: null });
  const slack = /^<#([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text);
  if (slack) return ok({ kind: 'channel', channel: { id: slack[1] ?? '' } });
  const named = /^#([\p{L}\p{N}_-]{1,80})$/u.exec(text);
  if (named) return ok({ kind: 'channel', channel: { id: named[1] ?? '' } });
  return err(
    new InvalidCommandError('Which channel? Name it with #, or say off.', '/promise channel #job-hunt'),
  );
}

/** Edit distance, for "did you mean" on mistyped subcommands. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

function typoOf(word: string): string | null {
  if (word.length < 3) return null;
  const limit = word.length <= 3 ? 1 : 2;
  return SUBCOMMANDS.find((sub) => sub !== 'add' && distance(word, sub) <= limit) ?? null;
}

function parseSubcommand(
  sub: (typeof SUBCOMMANDS)[number],
  args: string[],
  rest: string,
  ctx: ParseContext,
): Result<Command> {
  switch (sub) {
    case 'add':
      return parseAdd(rest, ctx);
    case 'list':
      return ok({ kind: 'list' });
    case 'stats':
      return ok({ kind: 'stats' });
    case 'export':
      return ok({ kind: 'export' });
    case 'forget-me':
      return ok({ kind: 'forget_me' });
    case 'resume':
      return ok({ kind: 'resume' });
    case 'help':
      return ok({ kind: 'help', topic: orNull(rest) });
    case 'followed':
      return parseFollowed(args);
    case 'heard': {
      const ref = needRef(args[0], '/promise heard #2 they offered an interview');
      return ref.ok ? ok({ kind: 'heard', ref: ref.value, note: orNull(args.slice(1).join(' ')) }) : ref;
    }
    case 'snooze':
      return parseSnooze(args, ctx);
    case 'met':
      return parseMet(rest, ctx);
    case 'pause': {
      const when = rest.replace(/^\s*(?:until|till|for)\s+/i, '');
      if (clean(when) === '')
        return err(new InvalidCommandError('Pause until when?', '/promise pause until Jan 6'));
      const moment = readMoment(when, ctx);
      return moment.ok ? ok({ kind: 'pause', until: moment.value }) : moment;
    }
    case 'close':
      return parseClose(args);
    case 'keep': {
      const refArgs = (args[0] ?? '').toLowerCase() === 'going' ? args.slice(1) : args;
      const ref = needRef(refArgs[0], '/promise keep #2');
      return ref.ok ? ok({ kind: 'keep_going', ref: ref.value }) : ref;
    }
    case 'settings':
      return parseSettings(args);
    case 'channel':
      return parseChannel(rest);
  }
}

/**
 * Reads the text after `/promise` as a command, in the member's zone. Bad input gives a
 * friendly error with an example; nothing half-understood becomes a command.
 */
export function parseCommand(text: string, ctx: ParseContext): Result<Command> {
  if (text.length > MAX_COMMAND_LENGTH) {
    return err(
      new ThriceError(
        'too_long',
        `That's too long for me (over ${MAX_COMMAND_LENGTH} characters). Keep it to a sentence.`,
      ),
    );
  }
  const input = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are dropped from input
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
    .replace(/[‘’]/g, "'")
    .trim()
    .replace(/^\/promise\b\s*/i, '');
  if (input === '') return ok({ kind: 'form' });
  const [first = '', ...args] = input.split(/\s+/);
  const word = first.toLowerCase();
  const rest = input.slice(first.length).trim();
  // Own keys only: "__proto__" or "constructor" typed by a member must not reach Object.prototype.
  const sub =
    SUBCOMMANDS.find((s) => s === word) ?? (Object.hasOwn(ALIASES, word) ? ALIASES[word] : undefined);
  if (sub !== undefined) {
    if (sub === 'keep' || sub === 'heard' || sub === 'met' || sub === 'close') {
      // "Heard …"/"Keep …"/"Met …" could start a name; only treat as a subcommand when it reads as one.
      const asSub = parseSubcommand(sub, args, rest, ctx);
      if (asSub.ok) return asSub;
      const asAdd = parseAdd(input, ctx);
      return asAdd.ok ? asAdd : asSub;
    }
    return parseSubcommand(sub, args, rest, ctx);
  }
  const added = parseAdd(input, ctx);
  if (added.ok) return added;
  const typo = typoOf(word);
  if (typo !== null) {
    return err(
      new InvalidCommandError(`I don't know "${first}". Did you mean \`/promise ${typo}\`?`, '/promise help'),
    );
  }
  return added;
}
