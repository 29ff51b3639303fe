import { parseArgs } from 'node:util';

/**
 * Thrice's command line: `thrice [start | tick [--dry-run] | discord-register [--guild <id>] |
 * rotate-keys | --help]`. Parsing only; `src/main.ts` runs what it names.
 */

/** What the command line asks for. */
export type Invocation =
  | { command: 'start' }
  | { command: 'tick'; dryRun: boolean }
  | { command: 'discord-register'; guild?: string }
  | { command: 'rotate-keys' }
  | { command: 'help' };

/** An invocation, or one line saying what is wrong with the command line. */
export type ParsedCommandLine = { ok: true; value: Invocation } | { ok: false; problem: string };

type OptionSpec = { type: 'boolean' | 'string'; short?: string };

/** Each command's options and its line in --help, declared once. */
const COMMANDS = {
  start: {
    options: {},
    usage: 'start',
    summary: 'run Thrice (the default): Slack and/or Discord when set up, else the console',
  },
  tick: {
    options: { 'dry-run': { type: 'boolean' } },
    usage: 'tick [--dry-run]',
    summary: 'one scheduler pass, for an external cron; --dry-run changes nothing',
  },
  'discord-register': {
    options: { guild: { type: 'string' } },
    usage: 'discord-register [--guild <id>]',
    summary: 'register /promise with Discord, globally or in one server',
  },
  'rotate-keys': {
    options: {},
    usage: 'rotate-keys',
    summary: 're-encrypt Slack installations with the newest THRICE_ENCRYPTION_KEY',
  },
} as const satisfies Record<
  Exclude<Invocation['command'], 'help'>,
  { options: Record<string, OptionSpec>; usage: string; summary: string }
>;

type CommandName = keyof typeof COMMANDS;

const HELP_FLAGS = new Set(['--help', '-h']);

const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.length), '--help, -h'.length) + 2;

/** The text `thrice --help` prints. */
export const HELP = [
  'Usage: thrice [command] [options]',
  '',
  'Commands:',
  ...Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(width)}${c.summary}`),
  `  ${'--help, -h'.padEnd(width)}show this help`,
  '',
  'With no command, Thrice starts. Settings come from environment variables (see the README);',
  'a missing or malformed one stops Thrice with one line per problem and exit code 2.',
  'In the image: node dist/src/main.js <command>. From a clone: npm start -- <command>.',
  '',
].join('\n');

const SEE_HELP = 'run "thrice --help" for the commands';

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Reads the arguments after the script name; never throws. */
export function parseCommandLine(args: readonly string[]): ParsedCommandLine {
  if (args.some((arg) => HELP_FLAGS.has(arg))) return { ok: true, value: { command: 'help' } };
  const [name = 'start', ...rest] = args;
  if (!isCommand(name)) {
    const what = name.startsWith('-') ? 'option' : 'command';
    return { ok: false, problem: `unknown ${what} "${name}"; ${SEE_HELP}.` };
  }
  const spec: Record<string, OptionSpec> = COMMANDS[name].options;
  // Lenient parsing, then our own checks on the tokens: parseArgs' strict errors name the
  // problem in words meant for developers ("To specify a positional argument starting with…").
  const { values, tokens } = parseArgs({
    args: [...rest],
    options: spec,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === 'positional') {
      return { ok: false, problem: `${name}: unexpected argument "${token.value}"; ${SEE_HELP}.` };
    }
    if (token.kind === 'option-terminator') continue;
    const option = Object.hasOwn(spec, token.name) ? spec[token.name] : undefined;
    if (option === undefined) {
      return { ok: false, problem: `${name}: unknown option "${token.rawName}"; ${SEE_HELP}.` };
    }
    if (option.type === 'string' && (token.value === undefined || token.value === '')) {
      return { ok: false, problem: `${name}: ${token.rawName} needs a value, e.g. ${token.rawName} <id>.` };
    }
    if (option.type === 'boolean' && token.value !== undefined) {
      return { ok: false, problem: `${name}: ${token.rawName} takes no value.` };
    }
  }
  switch (name) {
    case 'start':
    case 'rotate-keys':
      return { ok: true, value: { command: name } };
    case 'tick':
      return { ok: true, value: { command: 'tick', dryRun: values['dry-run'] === true } };
    case 'discord-register': {
      const guild = values.guild;
      // A Discord id is a snowflake; "--guild --dry-run" would otherwise name a server "--dry-run".
      if (typeof guild === 'string' && !/^\d{17,20}$/.test(guild))
        return {
          ok: false,
          problem: `discord-register: --guild takes a server id (digits), not "${guild}".`,
        };
      return {
        ok: true,
        value: typeof guild === 'string' ? { command: name, guild } : { command: name },
      };
    }
  }
}
