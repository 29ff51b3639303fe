import { DateTime } from 'luxon';
import type { Command, NextMeeting, ParseContext, Ref, SnoozePreset } from '../command.ts';
import { InvalidCommandError, ThriceError } from '../errors.ts';
import type { Channel, CloseOutcome } from '../model.ts';
import type { OptionsInput } from '../ports/inbound.ts';
import { err, ok, type Result } from '../result.ts';
import { isNoteToSelf, looksLikeAdd, parseAdd, withoutLabel } from './add-command.ts';
import { MAX_NAME_LENGTH, readContact } from './contact.ts';
import { findDue, isTooFarAhead, localNow, readMoment, snoozeUntil } from './date-reader.ts';
import { EDIT_EXAMPLE, FIELD_LIST, nextMeetingIn, parseEdit } from './edit-command.ts';
import { parseSettings } from './settings-command.ts';
import { clean, clip, editDistance, joinNotes, lookup, orNull, splitNote } from './text.ts';

/*
 * The one `/promise` grammar every platform shares (DESIGN.md §2).
 *
 * - The first word picks the subcommand, in any case; anything else is an add.
 * - `<ref>` is the first word after the subcommand: `#12` or `12` is a number, anything else a
 *   name prefix ("jane"). A quoted name may hold spaces (`followed "jane doe" …`); otherwise use
 *   the number when a prefix is ambiguous.
 * - A first word one or two edits away from a subcommand ("lsit", "folowed #2") that does not read
 *   as an add gets "Did you mean …?" rather than a promise from someone called "Lsit".
 * - Words typed by a member are looked up as own keys only, so "constructor" or "__proto__" never
 *   reach Object.prototype.
 */

/** Longer input is refused before any parsing, so no pattern can run away on it. */
export const MAX_COMMAND_LENGTH = 2_000;
export { TARGET_RANGE } from './settings-command.ts';

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
  'edit',
  'history',
  'reopen',
  'dashboard',
] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

const ALIASES: Record<string, Subcommand> = {
  ls: 'list',
  follow: 'followed',
  'followed-up': 'followed',
  fu: 'followed',
  'f/u': 'followed',
  'follow-up': 'followed',
  'heard-back': 'heard',
  forgetme: 'forget-me',
  forget_me: 'forget-me',
  forget: 'forget-me',
  setting: 'settings',
  unpause: 'resume',
  'keep-going': 'keep',
  keep_going: 'keep',
  change: 'edit',
  correct: 'edit',
  closed: 'history',
  're-open': 'reopen',
  unclose: 'reopen',
};

/** Subcommands that are also plausible first names ("Heard", "Keep", "Met", "Close"): an add wins when the subcommand doesn't read. */
const NAME_LIKE = new Set<Subcommand>(['heard', 'keep', 'met', 'close', 'edit', 'history']);

const EXAMPLES = {
  followed: '/promise followed #2 via email sent a short note',
  heard: '/promise heard #2 they offered an interview',
  snooze: '/promise snooze #2 tomorrow',
  met: '/promise met Bob at Globex today',
  pause: '/promise pause until Jan 6',
  close: '/promise close #2 offer',
  keep: '/promise keep #2',
  channel: '/promise channel #job-hunt',
  edit: EDIT_EXAMPLE,
  reopen: '/promise reopen #2',
} as const;

const CHANNEL_TOKENS: Record<string, Channel> = {
  call: 'call',
  phone: 'call',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  linkedin: 'linkedin',
  inmail: 'linkedin',
  dm: 'linkedin',
  message: 'linkedin',
};
const CHANNEL_PAST_TENSE: Record<string, Channel> = {
  called: 'call',
  phoned: 'call',
  rang: 'call',
  emailed: 'email',
  'e-mailed': 'email',
  mailed: 'email',
  messaged: 'linkedin',
  dmed: 'linkedin',
  "dm'd": 'linkedin',
};
const OUTCOMES: Record<string, CloseOutcome> = {
  offer: 'offer',
  offered: 'offer',
  accepted: 'offer',
  hired: 'offer',
  no: 'no',
  rejected: 'no',
  rejection: 'no',
  declined: 'no',
  withdrawn: 'withdrawn',
  withdraw: 'withdrawn',
  withdrew: 'withdrawn',
  cold: 'cold',
  ghosted: 'cold',
  dead: 'cold',
};

/** Reads the first word(s) of `tokens` as a `<ref>`; returns it and the words after it. */
function takeRef(tokens: readonly string[]): { ref: Ref; rest: string[] } | null {
  const [first, ...rest] = tokens;
  if (first === undefined) return null;
  if (/^["“]/.test(first)) {
    // A quoted name may hold spaces: `followed "jane doe" called her`.
    const words = [first];
    let used = 0;
    while (!/.["”]$/.test(words[words.length - 1] ?? '') && used < rest.length) {
      words.push(rest[used] ?? '');
      used++;
    }
    const prefix = clean(words.join(' ').replace(/["“”]/g, ''));
    return prefix === '' || !/\p{L}/u.test(prefix) || prefix.length > MAX_NAME_LENGTH
      ? null
      : { ref: { kind: 'name', prefix }, rest: rest.slice(used) };
  }
  const token = first.replace(/[,.:;!?)]+$/, '');
  const number = /^#?(\d{1,6})$/.exec(token);
  if (number) return { ref: { kind: 'number', ref: Number(number[1]) }, rest };
  if (!/\p{L}/u.test(token) || token.length > MAX_NAME_LENGTH) return null;
  return { ref: { kind: 'name', prefix: token.replace(/^#/, '') }, rest };
}

function needRef(tokens: readonly string[], example: string): Result<{ ref: Ref; rest: string[] }> {
  const taken = takeRef(tokens);
  return taken === null
    ? err(new InvalidCommandError('Which promise? Give its number (#2) or the start of the name.', example))
    : ok(taken);
}

/** Drops filler words people put before a ref: "followed up with jane", "heard back from #2". */
function skipWords(tokens: readonly string[], words: readonly string[]): string[] {
  let i = 0;
  while (i < tokens.length && words.includes(bareWord(tokens[i]))) i++;
  return tokens.slice(i);
}

function bareWord(token: string | undefined): string {
  return (token ?? '').toLowerCase().replace(/[,.:;!]+$/, '');
}

function parseFollowed(args: readonly string[]): Result<Command> {
  // "follow up: #3 called her", "Follow-up - #2 emailed": the label's own words before the ref.
  const taken = needRef(skipWords(args, ['up', 'with', 'on', '-', '–', '—', '']), EXAMPLES.followed);
  if (!taken.ok) return taken;
  let rest = taken.value.rest;
  const first = bareWord(rest[0]);
  const via = ['via', 'by', 'over', 'on', 'through'].includes(first);
  const named = lookup(CHANNEL_TOKENS, via ? bareWord(rest[1]) : first);
  let channel: Channel | null;
  if (named !== undefined) {
    channel = named;
    rest = rest.slice(via ? 2 : 1);
  } else {
    // "called her, left a voicemail": the channel, and the words stay in the note.
    channel = lookup(CHANNEL_PAST_TENSE, first) ?? null;
  }
  return ok({ kind: 'followed', ref: taken.value.ref, channel, note: orNull(rest.join(' ')) });
}

function parseHeard(args: readonly string[], ctx: ParseContext): Result<Command> {
  const taken = needRef(skipWords(args, ['back', 'from']), EXAMPLES.heard);
  if (!taken.ok) return taken;
  const note = orNull(taken.value.rest.join(' '));
  return ok({ kind: 'heard', ref: taken.value.ref, note, ...nextOf(note, ctx) });
}

/** A `heard` note's next step, as a field only when there is one. */
function nextOf(note: string | null, ctx: ParseContext): { next?: NextMeeting } {
  const next = nextMeetingIn(note, ctx);
  return next === null ? {} : { next };
}

/** `edit <ref> [<field> <value>]`: alone, it shows how (and the form's button). */
function parseEditCommand(args: readonly string[], ctx: ParseContext): Result<Command> {
  const taken = needRef(args, EXAMPLES.edit);
  if (!taken.ok) return taken;
  const [field, ...value] = taken.value.rest;
  if (field === undefined) return ok({ kind: 'edit', ref: taken.value.ref, change: null });
  const ref = taken.value.ref;
  const change = parseEdit(field, value.join(' '), ctx, ref.kind === 'number' ? `#${ref.ref}` : ref.prefix);
  return change.ok ? ok({ kind: 'edit', ref, change: change.value }) : change;
}

function parseReopen(args: readonly string[]): Result<Command> {
  const taken = needRef(args, EXAMPLES.reopen);
  return taken.ok ? ok({ kind: 'reopen', ref: taken.value.ref }) : taken;
}

const SNOOZE_PRESET_WORDS: readonly [RegExp, SnoozePreset][] = [
  [/^(?:for\s+|in\s+)?(?:3|three)\s*(?:h|hrs?|hours?)$/i, '3h'],
  [/^tomorrow$/i, 'tomorrow'],
  [/^next\s+week$/i, 'next_week'],
];

function parseSnooze(args: readonly string[], ctx: ParseContext): Result<Command> {
  const taken = needRef(args, EXAMPLES.snooze);
  if (!taken.ok) return taken;
  return snoozeCommand(taken.value.ref, clean(taken.value.rest.join(' ')), ctx);
}

/** `snooze <ref> <when>`: a preset's wording, or any moment ahead. */
function snoozeCommand(ref: Ref, said: string, ctx: ParseContext): Result<Command> {
  const when = said.replace(/^(?:until|till|til|to)\s+/i, '');
  if (when === '') {
    return err(
      new InvalidCommandError('Snooze until when? 3 hours, tomorrow, next week, or a date.', EXAMPLES.snooze),
    );
  }
  const preset = SNOOZE_PRESET_WORDS.find(([pattern]) => pattern.test(when))?.[1];
  if (preset !== undefined) {
    const { until, label } = snoozeUntil(preset, ctx);
    return ok({ kind: 'snooze', ref, until, label });
  }
  const moment = readMoment(when, ctx);
  if (!moment.ok) return moment;
  return ok({ kind: 'snooze', ref, until: moment.value, label: when });
}

const MET_WHEN =
  /\b(today|yesterday|this\s+morning|this\s+afternoon|this\s+evening|earlier\s+today|tonight|last\s+night)\b/i;

/**
 * The moment a `met` names with a clock time ("today 2pm", "yesterday 10:30am", "tomorrow 10am"),
 * and where it sat; null without one (a day alone keeps the time it was typed). A bare clock
 * ("at 2pm") means today, even once passed: a meeting is read as it was said, not rolled ahead.
 */
function metMomentIn(text: string, ctx: ParseContext): { at: Date; index: number; length: number } | null {
  const found = findDue(text, ctx);
  if (found === null || found.due.precision !== 'time' || isTooFarAhead(found.due.at, ctx.now)) return null;
  const phrase = text.slice(found.index, found.index + found.length);
  let at = found.due.at;
  if (/^\s*(?:at\s+|@\s*)?\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?\s*$/i.test(phrase)) {
    const clock = DateTime.fromJSDate(at, { zone: ctx.timeZone });
    at = localNow(ctx).set({ hour: clock.hour, minute: clock.minute, second: 0, millisecond: 0 }).toJSDate();
  } else if (
    at.getTime() > localNow(ctx).endOf('day').toMillis() &&
    /\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b/i.test(phrase) &&
    !/\b(?:next|coming|this|tomorrow)\b/i.test(phrase)
  ) {
    // "met Bob Friday at 3" is the Friday just gone: met is said after the meeting, while the
    // date reader looks ahead. "tomorrow" or "next Friday" still names one to come.
    at = DateTime.fromJSDate(at, { zone: ctx.timeZone }).minus({ weeks: 1 }).toJSDate();
  }
  return { at, index: found.index, length: found.length };
}

/**
 * When a meeting was, said on its own (Discord's `when` option): a time ("today 2pm", "Friday 3pm",
 * "at 10"), or a day ("yesterday", "Monday": that day at the present clock time, a weekday being
 * the one just gone); '' is now. Null when nothing in it reads as a moment.
 */
function metWhen(when: string, ctx: ParseContext): Date | null {
  if (when === '' || /^(?:now|just\s+now|today)$/i.test(when)) return ctx.now;
  const moment = metMomentIn(when, ctx);
  if (moment !== null) return moment.at;
  if (/^(?:yesterday|last\s+night)$/i.test(when)) return localNow(ctx).minus({ days: 1 }).toJSDate();
  if (MET_WHEN.test(when) && clean(when.replace(MET_WHEN, ' ')) === '') return ctx.now;
  const found = findDue(when, ctx);
  if (found === null || isTooFarAhead(found.due.at, ctx.now)) return null;
  const now = localNow(ctx);
  let day = DateTime.fromJSDate(found.due.at, { zone: ctx.timeZone }).set({
    hour: now.hour,
    minute: now.minute,
    second: 0,
    millisecond: 0,
  });
  // "Monday" said after the meeting is the Monday just gone, as in the typed `met`.
  if (
    day.startOf('day') > now.startOf('day') &&
    /\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b/i.test(when) &&
    !/\b(?:next|coming|this|tomorrow)\b/i.test(when)
  )
    day = day.minus({ weeks: 1 });
  return day.toJSDate();
}

/**
 * Days back a meeting may be logged: the weekday just gone, at most (R8's thank-you is due within
 * a day of it, so one logged later than this is no longer timely).
 */
export const MAX_MET_DAYS_BACK = 8;

/**
 * Refusals of a name-like subcommand that stand, rather than giving way to an add: the words were
 * understood as that subcommand ("met Bob 2026-11-02"), only their content was refused.
 */
const STANDING_REFUSALS = new WeakSet<ThriceError>();

/** A friendly refusal for a meeting logged more than MAX_MET_DAYS_BACK days after it, else null. */
function metTooLongAgo(at: Date, ctx: ParseContext): InvalidCommandError | null {
  if (at.getTime() >= ctx.now.getTime() - MAX_MET_DAYS_BACK * 86_400_000) return null;
  const said = DateTime.fromJSDate(at, { zone: localNow(ctx).zone }).toFormat('ccc d LLL', {
    locale: 'en-GB',
  });
  return standing(
    new InvalidCommandError(
      `That meeting was more than a week ago (${said}): too late for a thank-you nudge. Log a meeting within a week of it.`,
      EXAMPLES.met,
    ),
  );
}

function standing(error: InvalidCommandError): InvalidCommandError {
  STANDING_REFUSALS.add(error);
  return error;
}

/** `met <who> [at <company>] [today|yesterday] [time] [note]`: words after the day are the note. */
function parseMet(rest: string, ctx: ParseContext): Result<Command> {
  const { body, note } = splitNote(rest);
  let whoText = body;
  let after = '';
  let at = ctx.now;
  const moment = metMomentIn(body, ctx);
  const day = MET_WHEN.exec(body);
  if (moment !== null) {
    // A stated time counts: the thank-you is due a day after the meeting, not after the typing.
    const start = Math.min(moment.index, day?.index ?? moment.index);
    whoText = body.slice(0, start);
    after = `${body.slice(start, moment.index).replace(MET_WHEN, ' ')} ${body.slice(moment.index + moment.length)}`;
    at = moment.at;
  } else if (day) {
    whoText = body.slice(0, day.index);
    after = body.slice(day.index + day[0].length);
    if (/^(?:yesterday|last\s+night)$/i.test(day[1] ?? '')) {
      // The same local clock time one day earlier, whatever the daylight-saving change between.
      at = localNow(ctx).minus({ days: 1 }).toJSDate();
    }
  }
  const read = readContact(whoText.replace(/^\s*with\s+/i, ''));
  if (read === null) return err(new InvalidCommandError('Who did you meet?', EXAMPLES.met));
  const late = metTooLongAgo(at, ctx);
  if (late !== null) return err(late);
  return ok({ kind: 'met', contact: read.contact, at, note: joinNotes(...read.extras, after, note) });
}

function parsePause(rest: string, ctx: ParseContext): Result<Command> {
  const when = clean(rest).replace(/^(?:until|till|til|for)\s+/i, '');
  if (when === '') return err(new InvalidCommandError('Pause until when?', EXAMPLES.pause));
  const moment = readMoment(when, ctx);
  return moment.ok ? ok({ kind: 'pause', until: moment.value }) : moment;
}

function parseClose(args: readonly string[]): Result<Command> {
  const taken = needRef(args, EXAMPLES.close);
  if (!taken.ok) return taken;
  const rest = skipWords(taken.value.rest, ['as', 'with', '-', '--']);
  const outcome = lookup(OUTCOMES, bareWord(rest[0]));
  if (outcome === undefined) {
    return err(
      new InvalidCommandError(
        'Close it how? One of: offer, no, withdrawn, cold (you can add a note after it).',
        EXAMPLES.close,
      ),
    );
  }
  return ok({ kind: 'close', ref: taken.value.ref, outcome, note: orNull(rest.slice(1).join(' ')) });
}

function parseKeep(args: readonly string[]): Result<Command> {
  const taken = needRef(skipWords(args, ['going', 'nudging', 'on', 'up', 'with']), EXAMPLES.keep);
  return taken.ok ? ok({ kind: 'keep_going', ref: taken.value.ref }) : taken;
}

function parseChannel(rest: string): Result<Command> {
  const text = clean(rest);
  if (/^(?:off|none|disable|disabled|stop)$/i.test(text)) return ok({ kind: 'channel', channel: null });
  // Slack sends `<#C123|job-hunt>` (or `<#C123>`); Discord `<#123…>`.
  const mention = /^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$/.exec(text);
  if (mention) return ok({ kind: 'channel', channel: { id: mention[1] ?? '' } });
  const named = /^#([\p{L}\p{N}_-]{1,80})$/u.exec(text);
  if (named) return ok({ kind: 'channel', channel: { id: named[1] ?? '' } });
  return err(new InvalidCommandError('Which channel? Name it with #, or say off.', EXAMPLES.channel));
}

function parseForgetMe(args: readonly string[]): Result<Command> {
  const rest = args.join(' ').toLowerCase();
  if (rest === '' || rest === 'me' || rest === 'about me' || rest === 'everything') {
    return ok({ kind: 'forget_me' });
  }
  return err(
    new InvalidCommandError(
      'To delete everything Thrice holds about you, use `/promise forget-me`. To end one thread, close it.',
      EXAMPLES.close,
    ),
  );
}

function subcommandOf(word: string): Subcommand | undefined {
  return SUBCOMMANDS.find((sub) => sub === word) ?? lookup(ALIASES, word);
}

function parseHelp(args: readonly string[]): Command {
  const word = bareWord(args[0]).replace(/^\/?promise$/, '');
  if (word === '') return { kind: 'help', topic: null };
  return { kind: 'help', topic: subcommandOf(word) ?? clip(word, 40) };
}

function parseSubcommand(sub: Subcommand, args: string[], rest: string, ctx: ParseContext): Result<Command> {
  switch (sub) {
    case 'add': {
      const draft = parseAdd(rest, ctx);
      return draft.ok ? ok({ kind: 'add', draft: draft.value }) : draft;
    }
    case 'list': {
      const what = bareWord(args[0]);
      if (['closed', 'history', 'done', 'old', 'past'].includes(what)) return ok({ kind: 'history' });
      return ok({ kind: 'list' });
    }
    case 'history':
      // "History teacher Jane will call me" is an add: the history takes no words after it.
      return args.length === 0
        ? ok({ kind: 'history' })
        : err(new InvalidCommandError('`/promise history` takes nothing after it.', '/promise history'));
    case 'edit':
      return parseEditCommand(args, ctx);
    case 'reopen':
      return parseReopen(args);
    case 'stats':
      return ok({ kind: 'stats' });
    case 'dashboard':
      // "Dashboard designer Jane will call me" is an add: the link takes no words after it.
      return args.length === 0
        ? ok({ kind: 'dashboard' })
        : err(new InvalidCommandError('`/promise dashboard` takes nothing after it.', '/promise dashboard'));
    case 'export':
      return ok({ kind: 'export' });
    case 'forget-me':
      return parseForgetMe(args);
    case 'resume':
      return ok({ kind: 'resume' });
    case 'help':
      return ok(parseHelp(args));
    case 'followed':
      return parseFollowed(args);
    case 'heard':
      return parseHeard(args, ctx);
    case 'snooze':
      return parseSnooze(args, ctx);
    case 'met':
      return parseMet(rest, ctx);
    case 'pause':
      return parsePause(rest, ctx);
    case 'close':
      return parseClose(args);
    case 'keep':
      return parseKeep(args);
    case 'settings': {
      const patch = parseSettings(args);
      return patch.ok ? ok({ kind: 'settings', patch: patch.value }) : patch;
    }
    case 'channel':
      return parseChannel(rest);
  }
}

/** Words a typo is compared with: every subcommand, and the longer aliases ("follow" for "folow"). */
const TYPO_TARGETS: readonly [string, Subcommand][] = [
  ...SUBCOMMANDS.map((sub) => [sub, sub] as [string, Subcommand]),
  ...Object.entries(ALIASES).filter(([alias]) => alias.length >= 4),
];

/** The subcommand a mistyped first word most likely meant, or null. */
function typoOf(word: string): Subcommand | null {
  if (word.length < 3 || word.length > 12) return null;
  const limit = word.length <= 4 ? 1 : 2;
  let best: { sub: Subcommand; distance: number } | null = null;
  for (const [target, sub] of TYPO_TARGETS) {
    const distance = editDistance(word, target);
    if (distance <= limit && (best === null || distance < best.distance)) best = { sub, distance };
  }
  return best?.sub ?? null;
}

/** Platform noise removed: control and invisible characters, curly quotes, Slack's HTML entities. */
function normalise(text: string): string {
  return (
    text
      // Half a surrogate pair (JSON can carry "\ud800") is no character at all, and no database
      // stores it as text: it becomes the replacement character.
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .normalize('NFC')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are dropped from input
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ' ')
      .replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g, '')
      .replace(/[‘’‛]/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .trim()
      .replace(/^\/promise\b\s*/i, '')
  );
}

/**
 * Reads the text after `/promise` (a leading `/promise` is tolerated) as a command, in the
 * member's zone. Empty text opens the form. Bad input gives a friendly error with an example;
 * nothing half-understood becomes a command. Never throws for bad input.
 */
export function parseCommand(text: string, ctx: ParseContext): Result<Command> {
  if (text.length > MAX_COMMAND_LENGTH) {
    return err(
      new ThriceError(
        'too_long',
        `That's too long for me (over ${MAX_COMMAND_LENGTH} characters). Keep it to a sentence; put details in a note after --.`,
      ),
    );
  }
  // "Reminder: met Jane today", "Follow up: Gustav will email me": the label is a heading only.
  const input = withoutLabel(normalise(text));
  if (input === '') return ok({ kind: 'form' });
  const [first = '', ...args] = input.split(/\s+/);
  const word = bareWord(first).replace(/[?]+$/, '');
  const rest = input.slice(first.length).trim();
  const sub = isNoteToSelf(input) ? undefined : subcommandOf(word);
  if (sub !== undefined) {
    const asSub = parseSubcommand(sub, args, rest, ctx);
    // "edit #3 phone call me maybe": a #ref after the word names a promise, so no one called
    // "Edit #3" made one, and the subcommand's refusal stands.
    if (asSub.ok || !NAME_LIKE.has(sub) || /^#\d+$/.test(args[0] ?? '') || STANDING_REFUSALS.has(asSub.error))
      return asSub;
    const asAdd = parseAdd(input, ctx);
    return asAdd.ok ? ok({ kind: 'add', draft: asAdd.value }) : asSub;
  }
  const added = parseAdd(input, ctx);
  if (added.ok) return ok({ kind: 'add', draft: added.value });
  const typo = looksLikeAdd(input) ? null : typoOf(word);
  if (typo !== null) {
    const corrected = clean(`/promise ${typo} ${rest}`);
    return err(
      new InvalidCommandError(
        `I don't know "${clip(first, 40)}". Did you mean \`/promise ${typo}\`?`,
        corrected.length <= 120 ? corrected : `/promise ${typo}`,
      ),
    );
  }
  return added;
}

/** One option value as a ref (`#2`, `2`, `jane`, `"jane doe"`). */
function refOption(text: string, example: string): Result<Ref> {
  const words = clean(text)
    .split(/\s+/)
    .filter((word) => word !== '');
  const taken = needRef(words, example);
  if (!taken.ok) return taken;
  if (taken.value.rest.length === 0) return ok(taken.value.ref);
  // The option holds the ref alone, so several words are one name ("jane doe"), never a ref and a note.
  const prefix = clean(text).replace(/["“”]/g, '');
  if (/\p{L}/u.test(prefix) && prefix.length <= MAX_NAME_LENGTH) return ok({ kind: 'name', prefix });
  return err(
    new InvalidCommandError('Which promise? Give its number (#2) or the start of the name.', example),
  );
}

/**
 * Reads a subcommand whose options the platform already split (Discord's typed options), value by
 * value. Notes are kept exactly as given; refs, channels, outcomes and dates are read by the same
 * readers as the typed grammar, so both mean the same.
 */
export function commandFromOptions(options: OptionsInput, ctx: ParseContext): Result<Command> {
  switch (options.command) {
    case 'followed': {
      const ref = refOption(options.ref, EXAMPLES.followed);
      if (!ref.ok) return ref;
      const via = options.via === null ? undefined : lookup(CHANNEL_TOKENS, bareWord(options.via));
      if (via === undefined && options.via !== null)
        return err(new InvalidCommandError('Followed up how? call, email or linkedin.', EXAMPLES.followed));
      // As typed: "called her, left a voicemail" says the channel, and the words stay in the note.
      const said = via ?? lookup(CHANNEL_PAST_TENSE, bareWord(clean(options.note ?? '').split(/\s+/)[0]));
      return ok({
        kind: 'followed',
        ref: ref.value,
        channel: said ?? null,
        note: orNull(options.note ?? ''),
      });
    }
    case 'heard': {
      const ref = refOption(options.ref, EXAMPLES.heard);
      const note = orNull(options.note ?? '');
      return ref.ok ? ok({ kind: 'heard', ref: ref.value, note, ...nextOf(note, ctx) }) : ref;
    }
    case 'edit': {
      const ref = refOption(options.ref, EXAMPLES.edit);
      if (!ref.ok) return ref;
      if (options.field === null && (options.value ?? '') === '')
        return ok({ kind: 'edit', ref: ref.value, change: null });
      if (options.field === null)
        return err(new InvalidCommandError(`Pick what to change (field): ${FIELD_LIST}.`, EXAMPLES.edit));
      const change = parseEdit(options.field, options.value ?? '', ctx);
      return change.ok ? ok({ kind: 'edit', ref: ref.value, change: change.value }) : change;
    }
    case 'reopen': {
      const ref = refOption(options.ref, EXAMPLES.reopen);
      return ref.ok ? ok({ kind: 'reopen', ref: ref.value }) : ref;
    }
    case 'snooze': {
      const ref = refOption(options.ref, EXAMPLES.snooze);
      return ref.ok ? snoozeCommand(ref.value, clean(options.until), ctx) : ref;
    }
    case 'close': {
      const ref = refOption(options.ref, EXAMPLES.close);
      if (!ref.ok) return ref;
      const outcome = lookup(OUTCOMES, bareWord(options.outcome));
      if (outcome === undefined)
        return err(
          new InvalidCommandError('Close it how? One of: offer, no, withdrawn, cold.', EXAMPLES.close),
        );
      return ok({ kind: 'close', ref: ref.value, outcome, note: orNull(options.note ?? '') });
    }
    case 'met': {
      const read = readContact(options.who);
      if (read === null) return err(new InvalidCommandError('Who did you meet?', EXAMPLES.met));
      const company = orNull(options.company ?? '');
      const contact = company === null ? read.contact : { ...read.contact, company };
      const at = metWhen(clean(options.when ?? ''), ctx);
      if (at === null)
        return err(
          new InvalidCommandError(
            `I couldn't read "${clean(options.when ?? '').slice(0, 60)}" as when you met. Try "today 2pm", "yesterday 10:30" or "Friday 3pm".`,
            '/promise met who:Bob company:Globex when:yesterday 3pm',
          ),
        );
      const late = metTooLongAgo(at, ctx);
      if (late !== null) return err(late);
      return ok({ kind: 'met', contact, at, note: joinNotes(...read.extras) });
    }
    case 'pause':
      return parsePause(options.until, ctx);
    case 'settings': {
      const words = Object.entries(options.settings).flatMap(([name, value]) =>
        value === undefined ? [] : [name, ...clean(value).split(/\s+/)],
      );
      const patch = parseSettings(words);
      return patch.ok ? ok({ kind: 'settings', patch: patch.value }) : patch;
    }
    case 'channel':
      return ok({ kind: 'channel', channel: options.channelId === null ? null : { id: options.channelId } });
  }
}
