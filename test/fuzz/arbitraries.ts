import fc from 'fast-check';
import type { ParseContext } from '../../src/core/command.ts';

/*
 * Generators shared by the fuzz suites: hostile fragments (injection, mentions, markup, odd
 * unicode, control characters), command-shaped text built from the grammar's own words with that
 * noise spliced in, and raw strings. Sizes are bounded so a run stays inside the time budget.
 */

/** Text a hostile or careless member might paste anywhere. */
export const HOSTILE = [
  "'); DROP TABLE promises;--",
  "' OR '1'='1",
  '"; DELETE FROM members; --',
  "Robert'); DROP TABLE follow_ups;--",
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S123|@team>',
  '<@U123>',
  '<@U123|jane>',
  '<#C123|job-hunt>',
  '<#123456789012345678>',
  '<@&123456789012345678>',
  '<@!123456789012345678>',
  '@everyone',
  '@here',
  '@channel',
  '＠everyone',
  '@\u200beveryone',
  '&lt;!channel&gt;',
  '&amp;lt;!here&amp;gt;',
  '<https://evil.example|click me>',
  '[click](https://evil.example)',
  '**bold**',
  '__underline__',
  '~~strike~~',
  '`code`',
  '```block```',
  '> quote',
  '||spoiler||',
  '-# small',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection attempt, kept as plain text
  '${process.exit(1)}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection attempt, kept as plain text
  '`${1+1}`',
  '{{7*7}}',
  '%s%s%s%n',
  '../../etc/passwd',
  '\\',
  '\\u0000',
  '99999999999999999999999999999999',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '0x1F',
  '31 Feb',
  '31.02.2027',
  '29 Feb 2027',
  'year 99999',
  '1 Jan 99999',
  '5 May 275760',
  '9999-12-31',
  '0000-01-01',
  '12/31/9999',
  '-1 days',
  '0 days',
  '25:61',
  '13pm',
  '\u0000',
  '\r\n',
  '\r',
  '\u2028',
  '\u2029',
  '\u0085',
  '\t',
  '\u000b',
  '\u001b[31m',
  '\u007f',
  '\u200b',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u202e',
  '\u200f',
  '\u061c',
  'שלום',
  'مرحبا',
  '\u202ejane\u202c',
  'e\u0301\u0301\u0301',
  'Z\u0351\u0361\u0300\u0316\u0317',
  '😀',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  '𝕁𝕒𝕟𝕖',
  'ℌ',
  '\ud83d',
  '\ude00',
  '\udfff\ud800',
  '\uffff',
  '\ufffd',
  'ǅ',
  'İ',
  'ß',
  'ﬃ',
  '#',
  '#0',
  '#999999',
  '#1234567',
  '""',
  '"',
  '“jane',
  '--',
  '—',
  'note:',
  '()',
  '(((((',
  ')))))',
  '((((((((((((((((((((((((((((((',
  '<<<<<<<<<<<<<<<<<<<<',
  '.'.repeat(60),
  ' '.repeat(50),
] as const;

/** Words of the grammar itself, so generated text reaches past the first check. */
export const SUBCOMMAND_WORDS = [
  'add',
  'list',
  'ls',
  'followed',
  'follow',
  'followed-up',
  'fu',
  'heard',
  'heard-back',
  'snooze',
  'met',
  'pause',
  'resume',
  'unpause',
  'close',
  'keep',
  'keep-going',
  'settings',
  'setting',
  'stats',
  'channel',
  'export',
  'forget-me',
  'forget',
  'help',
  'edit',
  'history',
  'reopen',
  'closed',
  'lsit',
  'folowed',
  'snoze',
  'HEARD',
  'Close',
  '/promise',
] as const;

export const NAMES = [
  'Jane',
  'Jane Doe',
  'jane doe',
  'Bob',
  'Priya',
  'Sam Lee',
  "O'Brien",
  'Ana de la Cruz',
  'José',
  'Mary May',
  'April',
  'Will',
  'Heard',
  'Close',
  'Keep',
  'Recruiter Jane',
  'Dana, the recruiter at Vandelay',
  'Jane Doe (recruiter, Acme)',
  'Sam Lee, hiring manager at Initech',
  'Acme HR',
  'the hiring manager',
  '<@U123|jane>',
  '李小龙',
  'Zoë',
  '@everyone',
  '<!channel>',
  '__proto__',
  'constructor',
] as const;

export const VERBS = [
  'will call me back',
  'will email the offer details',
  'asked for a week to interview the rest',
  'said she would get back to me',
  'promised feedback',
  'owes me a call',
  'is going to send the contract',
  "'ll ring",
  'calls',
  'may reply',
  'wants some time to think',
  'emailed to say they would decide',
  'told me I would hear back',
] as const;

export const DATE_PHRASES = [
  'tomorrow',
  'today',
  'tonight',
  'by Friday 3pm',
  'on Friday',
  'Friday at 3',
  'next week',
  'next Friday',
  'last Friday',
  'in a week',
  'in 3 days',
  'within 48 hours',
  'in 2h',
  'in an hour and a half',
  'in 10 business days',
  'a couple of days',
  'by the 12th',
  'the 31st',
  'by end of day',
  'EOD',
  'end of the week',
  'end of next month',
  'early next week',
  'Monday morning',
  'this evening',
  'at lunch',
  'by 5',
  'around 4:30',
  '12/10',
  '31/12/2027',
  '10.12.',
  '31.02.2027',
  '29 Feb',
  '31 Feb',
  'Feb 30 2028',
  'Jan 6',
  'in May',
  'mid-January',
  'year 99999',
  'on 1 Jan 99999',
  '5 May 275760',
  '9999-12-31',
  '0001-01-01',
  '2026-12-25T10:00',
  'in 999 days',
  'in 99999 days',
  'in 9999999999 hours',
  '3 hours',
  'three hours',
  'for 3h',
  'until Jan 6',
  'till next week',
  'a fortnight',
  'the week after next',
  'at 25:00',
  '13pm',
  '0am',
  '12:60',
  '00:00',
  'noon',
  'midnight',
  'yesterday',
  '2 days ago',
] as const;

export const TAIL_WORDS = [
  'via email',
  'by phone',
  'company Plaid',
  'due friday',
  'role hiring manager',
  'name Jane Roe',
  'note none',
  'second interview Thursday 2pm',
  'called her, left a voicemail',
  'they offered an interview',
  'offer',
  'no',
  'withdrawn',
  'cold',
  'maybe',
  'going',
  'tz Europe/Berlin',
  'tz america/new_york',
  'tz EST',
  'tz Mars/Olympus',
  'tz Etc/GMT+14',
  'digest 08:30',
  'digest 8:30 am',
  'digest off',
  'digest 25:99',
  'workdays mon-fri',
  'workdays sun-thu',
  'workdays mon,tue,thu',
  'share on',
  'share maybe',
  'target 5',
  'target 0',
  'target 999',
  'target=7',
  'digest:07:45',
  '#job-hunt',
  '<#C123|job-hunt>',
  'off',
  'at Globex today',
  'with Bob at Globex yesterday',
  '-- sent my portfolio',
  '— note with dashes — inside',
  'note: follow up on salary',
  'me',
  'everything',
] as const;

/** One hostile fragment or a random bit of unicode, including lone surrogates and controls. */
export const noise: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,40}$/) },
);

const separator = fc.constantFrom(
  ' ',
  ' ',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\u2028',
  '\u00a0',
  ',',
  '',
  '\u200b',
);

/** Joins parts with random separators. */
function joined(parts: fc.Arbitrary<string[]>): fc.Arbitrary<string> {
  return parts.chain((words) =>
    fc
      .array(separator, { minLength: words.length, maxLength: words.length })
      .map((seps) => words.map((word, i) => (i === 0 ? word : `${seps[i] ?? ' '}${word}`)).join('')),
  );
}

/** Splices a few noise fragments into `text` at random places. */
function spliced(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(text, fc.array(fc.tuple(fc.nat(), noise), { maxLength: 3 })).map(([base, inserts]) =>
    inserts.reduce((out, [at, bit]) => {
      const i = at % (out.length + 1);
      return `${out.slice(0, i)}${bit}${out.slice(i)}`;
    }, base),
  );
}

const word = <T extends string>(words: readonly T[]) => fc.constantFrom(...words);

/** An add as a member would type it: who, verb, when, maybe a note; words sometimes swapped for noise. */
export const addShaped: fc.Arbitrary<string> = joined(
  fc.tuple(
    fc.oneof(word(NAMES), noise),
    fc.oneof({ weight: 4, arbitrary: word(VERBS) }, { weight: 1, arbitrary: noise }),
    fc.oneof({ weight: 4, arbitrary: word(DATE_PHRASES) }, { weight: 1, arbitrary: noise }),
    fc.oneof(fc.constant(''), word(TAIL_WORDS), noise),
  ),
);

/** A subcommand and its arguments, built from the grammar's words with noise mixed in. */
export const subcommandShaped: fc.Arbitrary<string> = joined(
  fc
    .tuple(
      word(SUBCOMMAND_WORDS),
      fc.array(
        fc.oneof(
          {
            weight: 3,
            arbitrary: fc.constantFrom('#1', '#2', '1', 'jane', '"jane doe"', 'doe', '#0', '#999999'),
          },
          { weight: 3, arbitrary: word(DATE_PHRASES) },
          { weight: 3, arbitrary: word(TAIL_WORDS) },
          { weight: 1, arbitrary: word(NAMES) },
          { weight: 2, arbitrary: noise },
        ),
        { maxLength: 5 },
      ),
    )
    .map(([sub, args]) => [sub, ...args]),
);

/** Text of any shape: command-shaped with noise spliced in, word salad, raw strings. */
export const commandText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: spliced(addShaped) },
  { weight: 4, arbitrary: spliced(subcommandShaped) },
  { weight: 2, arbitrary: addShaped },
  { weight: 2, arbitrary: subcommandShaped },
  {
    weight: 2,
    arbitrary: joined(
      fc.array(fc.oneof(word(SUBCOMMAND_WORDS), word(NAMES), word(DATE_PHRASES), word(TAIL_WORDS), noise), {
        maxLength: 10,
      }),
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 300 }) },
  // Around the length limit, where the grammar switches to refusing.
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1_990, maxLength: 2_010 }) },
  // A real subcommand and key with one long argument: echoed values must be cut short.
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        word(SUBCOMMAND_WORDS),
        fc.constantFrom('', 'tz', 'digest', 'workdays', 'share', 'target', '#1', 'until', '"'),
        fc.oneof(
          fc.string({ unit: 'grapheme-ascii', minLength: 100, maxLength: 1_980 }),
          fc.string({ unit: 'grapheme', minLength: 100, maxLength: 600 }),
          fc.integer({ min: 100, max: 1_980 }).map((n) => 'x'.repeat(n)),
        ),
      )
      .map(([sub, key, long]) => `${sub} ${key} ${long}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(addShaped, fc.integer({ min: 1_800, max: 2_000 }))
      .map(([add, size]) => `${add} -- ${'x'.repeat(Math.max(0, size - add.length))}`),
  },
);

/** Zones members really have, with daylight-saving ones and far offsets. */
export const ZONES = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/Los_Angeles',
  'America/St_Johns',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
] as const;

/** A member's zone and a present moment, within a few years of today (daylight-saving edges included). */
export const parseContext: fc.Arbitrary<ParseContext> = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  now: fc
    .oneof(
      fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }),
      // 29 March 2026 and 1 November 2026: the nights the clocks change in Europe and the US.
      fc.integer({ min: Date.UTC(2026, 2, 28, 20), max: Date.UTC(2026, 2, 29, 6) }),
      fc.integer({ min: Date.UTC(2026, 10, 1, 0), max: Date.UTC(2026, 10, 1, 12) }),
    )
    .map((ms) => new Date(ms)),
});

/** A handful of 100k-character inputs: "huge" is checked by examples, not by thousands of runs. */
export const HUGE_INPUTS: readonly string[] = [
  'a'.repeat(100_000),
  'Jane will call me tomorrow '.repeat(4_000),
  '('.repeat(100_000),
  `followed #1 ${'\u0000'.repeat(99_000)}`,
  '😀'.repeat(50_000),
  `${'1'.repeat(100_000)} days`,
  `snooze #1 ${'tomorrow '.repeat(11_000)}`,
  'e\u0301'.repeat(50_000),
];
