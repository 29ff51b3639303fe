import cron from 'node-cron';
import { z } from 'zod';
import { ThriceError } from './core/errors.ts';
import { DEFAULT_LIMITS, type Limits } from './core/limits.ts';
import { DEFAULT_PACING, type PacingLimits, sendLimit } from './scheduler/pacing.ts';
import { RETRY_POLICY } from './scheduler/retry-policy.ts';

/**
 * The only reader of `process.env`. Validates every variable of DESIGN.md §4 at once and
 * reports each problem on its own line, naming the variable.
 */

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A URL whose scheme is one of `protocols` (and that has a host). */
function urlOf(protocols: readonly string[], message: string) {
  return z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return protocols.includes(url.protocol) && url.hostname !== '';
      } catch {
        return false;
      }
    }, message);
}

/**
 * A blank value (`PORT=` from a compose file with the variable unset) counts as unset, as it does
 * for the text variables; coerced as a number it would be 0.
 */
function blankAsUnset<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    schema,
  );
}

/**
 * Plain decimal digits read as a number. `z.coerce.number()` would also take `1e3`, `0x10`, ` 80`
 * and `80.0`; an operator who wrote one of those meant something we should not guess at.
 */
function decimalDigits(message: string) {
  return (
    z
      .string({ error: message })
      // Surrounding whitespace (a CRLF env file's "\r") is not part of the number; anything inside it is.
      .transform((text) => text.trim())
      .pipe(z.string().regex(/^[0-9]+$/, message))
      .transform(Number)
  );
}

/** A whole number in [min, max], defaulting to `fallback`. */
function boundedInt(min: number, max: number, fallback: number) {
  return blankAsUnset(
    decimalDigits('must be a whole number, in plain decimal digits')
      .pipe(
        z
          .number()
          .min(min, `must be between ${min} and ${max}`)
          .max(max, `must be between ${min} and ${max}`),
      )
      .default(fallback),
  );
}

/** A TCP port; 0 asks the system for a free one (tests, several consoles), and the bound port is logged. */
const portNumber = decimalDigits('must be a port number, in plain decimal digits (e.g. 3000)').pipe(
  z.number().min(0, 'must be between 0 and 65535').max(65535, 'must be between 0 and 65535'),
);

/** One or more base64 keys of 32 bytes, comma-separated: the first encrypts, all decrypt. */
const encryptionKeys = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const keys = value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
    const decoded = keys.map((key) => Buffer.from(key, 'base64'));
    const bad = keys.findIndex((key, i) => !/^[A-Za-z0-9+/]+={0,2}$/.test(key) || decoded[i]?.length !== 32);
    if (keys.length === 0 || bad !== -1) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be one or more base64 keys of 32 bytes, comma-separated (make one with `openssl rand -base64 32`)',
      });
      return z.NEVER;
    }
    return decoded;
  })
  .optional();

/** Shard ids, comma-separated, each a number or a range (`0,1`, `0-3`, `4-7,9`). */
const shardIds = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const ids: number[] = [];
    for (const part of value.split(',').map((text) => text.trim())) {
      const range = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
      const first = Number(range?.[1]);
      const last = range?.[2] === undefined ? first : Number(range[2]);
      if (range === null || last < first || last - first >= 10_000) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be shard ids or ranges, comma-separated (e.g. 0,1 or 0-3)',
        });
        return z.NEVER;
      }
      for (let id = first; id <= last; id++) ids.push(id);
    }
    return [...new Set(ids)].sort((a, b) => a - b);
  });

const databaseUrl = urlOf(
  ['postgres:', 'postgresql:'],
  'must be a postgres:// or postgresql:// URL with a host, e.g. postgres://thrice@127.0.0.1:5432/thrice',
);
const httpUrl = urlOf(['http:', 'https:'], 'must be an http:// or https:// URL');

const environmentSchema = z.object({
  DATABASE_URL: databaseUrl.optional(),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  PORT: blankAsUnset(portNumber.default(3000)),
  // Set, /healthz, /readyz and /metrics get a port of their own, and the public PORT keeps only /healthz.
  OPS_PORT: blankAsUnset(portNumber.optional()),
  // Where browsers reach PORT (https://thrice.example.com): the organiser page's links start with it.
  PUBLIC_URL: blankAsUnset(httpUrl.optional()),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText.refine(
    (v) => v === undefined || v.startsWith('xoxb-'),
    'must start with xoxb-',
  ),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine(
    (v) => v === undefined || v.startsWith('xapp-'),
    'must start with xapp-',
  ),
  SLACK_API_URL: httpUrl.optional(),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.refine(
    (v) => v === undefined || /^\d{17,20}$/.test(v),
    'must be the application id, a 17–20 digit number',
  ),
  DISCORD_API_URL: httpUrl.optional(),
  // Gateway sharding: how many shards the bot has in all, and which of them this instance runs.
  DISCORD_SHARD_COUNT: blankAsUnset(
    decimalDigits('must be the number of shards, in plain decimal digits')
      .pipe(z.number().min(1, 'must be at least 1'))
      .optional(),
  ),
  DISCORD_SHARD_IDS: blankAsUnset(shardIds.optional()),
  // How interactions arrive: over the gateway (the default), or POSTed by Discord to our HTTP port.
  DISCORD_INTERACTIONS: blankAsUnset(
    z
      .string()
      .trim()
      .pipe(z.enum(['gateway', 'http'], { error: 'must be gateway or http' }))
      .default('gateway'),
  ),
  // The application's public key (General Information in the developer portal), for HTTP interactions.
  DISCORD_PUBLIC_KEY: optionalText.refine(
    (v) => v === undefined || /^[0-9a-fA-F]{64}$/.test(v),
    'must be the application’s public key: 64 hexadecimal characters (General Information in the developer portal)',
  ),
  THRICE_SCHEDULER: z
    .enum(['in-process', 'off'], { error: 'must be in-process or off' })
    .default('in-process'),
  THRICE_TICK_SCHEDULE: z
    .string()
    .trim()
    .refine((value) => cron.validate(value), 'must be a cron expression, e.g. "* * * * *" (every minute)')
    .default('* * * * *'),
  THRICE_CLAIM_LEASE_SECONDS: boundedInt(5, 3_600, RETRY_POLICY.leaseMs / 1000),
  THRICE_SLACK_SENDS_PER_SECOND: boundedInt(1, 1_000, DEFAULT_PACING.slack.workspace.perSecond),
  THRICE_DISCORD_SENDS_PER_SECOND: boundedInt(1, 50, DEFAULT_PACING.discord.perSecond),
  THRICE_ENCRYPTION_KEY: blankAsUnset(encryptionKeys),
  THRICE_MAX_NAME_LENGTH: boundedInt(10, 500, DEFAULT_LIMITS.maxNameLength),
  THRICE_MAX_NOTE_LENGTH: boundedInt(10, 10_000, DEFAULT_LIMITS.maxNoteLength),
  THRICE_COMMANDS_PER_MINUTE: boundedInt(1, 10_000, DEFAULT_LIMITS.commandsPerMinute),
  THRICE_MAX_OPEN_PROMISES: boundedInt(1, 100_000, DEFAULT_LIMITS.maxOpenPromises),
});

type Environment = z.infer<typeof environmentSchema>;

/** Every variable Thrice reads. */
export const CONFIG_VARIABLES = Object.keys(environmentSchema.shape) as readonly (keyof Environment)[];

/** Slack in one workspace with a bot token, or in many through OAuth. */
export type SlackConfig =
  | { mode: 'single'; signingSecret: string; botToken: string; appToken?: string; apiUrl?: string }
  | {
      mode: 'oauth';
      signingSecret: string;
      clientId: string;
      clientSecret: string;
      stateSecret: string;
      appToken?: string;
      apiUrl?: string;
    };

/**
 * Which gateway shards this instance runs: `auto` is every shard, as many as Discord recommends
 * (one for a small bot); otherwise `ids` of `count` (several instances each take some of them).
 */
export type DiscordShards = 'auto' | { ids: readonly number[]; count: number };

/**
 * How Discord's interactions reach Thrice: over the gateway connection, or as HTTP POSTs to
 * DISCORD_INTERACTIONS_PATH on PORT, signed with Ed25519 and checked against `publicKey` (hex).
 */
export type DiscordInteractions = { mode: 'gateway' } | { mode: 'http'; publicKey: string };

/** Discord bot credentials, gateway sharding, and how interactions arrive. */
export interface DiscordConfig {
  token: string;
  applicationId: string;
  apiUrl?: string;
  shards: DiscordShards;
  /** `gateway` when not given. */
  interactions?: DiscordInteractions;
}

/** Everything Thrice reads from its environment, validated. */
export interface Config {
  databaseUrl?: string;
  dataDir: string;
  /** Slack's HTTP port, the one that faces the internet (and the ops endpoints unless opsPort is set). */
  port: number;
  /** A private port for /healthz, /readyz and /metrics; then PORT serves only /healthz of them. */
  opsPort?: number;
  /** Where browsers reach PORT, for organiser page links (default http://localhost:PORT). */
  publicUrl?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** `off` when an external cron runs `thrice tick` instead. */
  scheduler: 'in-process' | 'off';
  /** When the in-process scheduler ticks (cron syntax; a sixth leading field means seconds). */
  tickSchedule: string;
  /** How long a delivery claimed by a process that died stays claimed before another resumes it. */
  claimLeaseMs: number;
  /** The send rates every instance shares (Slack per workspace, Discord per bot token). */
  pacing: PacingLimits;
  limits: Limits;
  /** Keys for tokens at rest: the first encrypts, every one decrypts (rotation). */
  encryptionKeys?: readonly Buffer[];
  slack?: SlackConfig;
  discord?: DiscordConfig;
}

/** One or more configuration problems; `problems` holds one line each, naming the variable. */
export class ConfigError extends ThriceError {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super('config', problems.join('\n'));
  }
}

function withOptional<T extends object, K extends string, V>(target: T, key: K, value: V | undefined) {
  return (value === undefined ? target : { ...target, [key]: value }) as T & Partial<Record<K, V>>;
}

/** Whether a variable holds a non-blank value, valid or not. */
type IsSet = (name: keyof Environment) => boolean;

/**
 * The rules between variables. They look only at which variables are set, not whether each is
 * well-formed, so they are checked even when some values are malformed and every problem is
 * reported in one round (SLACK_BOT_TOKEN=abc still needs SLACK_SIGNING_SECRET).
 */
function slackProblems(isSet: IsSet): string[] {
  const problems: string[] = [];
  const single = isSet('SLACK_BOT_TOKEN');
  const oauthVars = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;
  const oauthSet = oauthVars.filter(isSet);
  const anySlack = single || oauthSet.length > 0 || isSet('SLACK_SIGNING_SECRET');
  if (!anySlack) {
    if (isSet('SLACK_APP_TOKEN')) problems.push('SLACK_APP_TOKEN: set SLACK_BOT_TOKEN too (Socket Mode).');
    return problems;
  }
  if (!isSet('SLACK_SIGNING_SECRET')) {
    problems.push(
      'SLACK_SIGNING_SECRET: is required for Slack. Copy it from your app’s Basic Information page.',
    );
  }
  if (single && oauthSet.length > 0) {
    problems.push(
      'SLACK_BOT_TOKEN: set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (many workspaces), not both.',
    );
  }
  if (!single && oauthSet.length > 0 && oauthSet.length < oauthVars.length) {
    for (const name of oauthVars.filter((n) => !isSet(n))) {
      problems.push(`${name}: is required for multi-workspace Slack (the other OAuth variables are set).`);
    }
  }
  if (!single && oauthSet.length > 0 && !isSet('THRICE_ENCRYPTION_KEY')) {
    problems.push(
      'THRICE_ENCRYPTION_KEY: is required for multi-workspace Slack, to encrypt the installed bot tokens (make one with `openssl rand -base64 32`).',
    );
  }
  if (!single && oauthSet.length === 0) {
    problems.push('SLACK_BOT_TOKEN: is required for Slack (or set the OAuth variables for many workspaces).');
  }
  return problems;
}

function discordProblems(
  isSet: IsSet,
  values: Pick<Environment, 'DISCORD_SHARD_COUNT' | 'DISCORD_SHARD_IDS'> | undefined,
  interactions: string | undefined,
): string[] {
  const token = isSet('DISCORD_TOKEN');
  const applicationId = isSet('DISCORD_APPLICATION_ID');
  const problems: string[] = [];
  if (token && !applicationId)
    problems.push('DISCORD_APPLICATION_ID: is required when DISCORD_TOKEN is set.');
  if (!token && applicationId)
    problems.push('DISCORD_TOKEN: is required when DISCORD_APPLICATION_ID is set.');
  if (isSet('DISCORD_SHARD_IDS') && !isSet('DISCORD_SHARD_COUNT'))
    problems.push(
      'DISCORD_SHARD_COUNT: is required when DISCORD_SHARD_IDS is set (the shards of all instances together).',
    );
  const count = values?.DISCORD_SHARD_COUNT;
  const tooHigh = values?.DISCORD_SHARD_IDS?.filter((id) => count !== undefined && id >= count) ?? [];
  if (tooHigh.length > 0)
    problems.push(
      `DISCORD_SHARD_IDS: shard ids run from 0 to DISCORD_SHARD_COUNT - 1 (${(count ?? 1) - 1}); ${tooHigh.join(', ')} is out of range.`,
    );
  const http = interactions?.trim() === 'http';
  if (http && !token && !applicationId)
    problems.push(
      'DISCORD_INTERACTIONS: http needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (replies and DMs go through Discord’s REST API).',
    );
  if (http && !isSet('DISCORD_PUBLIC_KEY'))
    problems.push(
      'DISCORD_PUBLIC_KEY: is required when DISCORD_INTERACTIONS=http, to check Discord’s signatures. Copy it from your app’s General Information page.',
    );
  if (!http && isSet('DISCORD_PUBLIC_KEY'))
    problems.push(
      'DISCORD_INTERACTIONS: set it to http to serve interactions over HTTP (DISCORD_PUBLIC_KEY is set, and only HTTP interactions use it).',
    );
  // With HTTP interactions there is no gateway connection to shard.
  if (http && (isSet('DISCORD_SHARD_COUNT') || isSet('DISCORD_SHARD_IDS')))
    problems.push(
      'DISCORD_SHARD_COUNT: gateway shards do nothing with DISCORD_INTERACTIONS=http (no gateway connection is opened); unset DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS.',
    );
  return problems;
}

/** Slack's settings from values that passed every check. */
function slackConfig(env: Environment): SlackConfig | undefined {
  const extras = withOptional(withOptional({}, 'appToken', env.SLACK_APP_TOKEN), 'apiUrl', env.SLACK_API_URL);
  const signingSecret = env.SLACK_SIGNING_SECRET;
  if (signingSecret === undefined) return undefined;
  if (env.SLACK_BOT_TOKEN !== undefined)
    return { mode: 'single', signingSecret, botToken: env.SLACK_BOT_TOKEN, ...extras };
  return {
    mode: 'oauth',
    signingSecret,
    clientId: env.SLACK_CLIENT_ID ?? '',
    clientSecret: env.SLACK_CLIENT_SECRET ?? '',
    stateSecret: env.SLACK_STATE_SECRET ?? '',
    ...extras,
  };
}

/** Discord's settings from values that passed every check. */
function discordConfig(env: Environment): DiscordConfig | undefined {
  if (env.DISCORD_TOKEN === undefined || env.DISCORD_APPLICATION_ID === undefined) return undefined;
  const count = env.DISCORD_SHARD_COUNT;
  const shards: DiscordShards =
    count === undefined
      ? 'auto'
      : { ids: env.DISCORD_SHARD_IDS ?? Array.from({ length: count }, (_, id) => id), count };
  // Gateway unless told otherwise: left out then, as before HTTP interactions existed.
  const interactions: DiscordInteractions | undefined =
    env.DISCORD_INTERACTIONS === 'http' && env.DISCORD_PUBLIC_KEY !== undefined
      ? { mode: 'http', publicKey: env.DISCORD_PUBLIC_KEY.toLowerCase() }
      : undefined;
  return withOptional(
    withOptional(
      { token: env.DISCORD_TOKEN, applicationId: env.DISCORD_APPLICATION_ID, shards },
      'apiUrl',
      env.DISCORD_API_URL,
    ),
    'interactions',
    interactions,
  );
}

/** Reads and validates the configuration; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  // Own properties only: an environment may hold a variable named `__proto__` or `toString`.
  const isSet: IsSet = (name) => {
    const value = Object.hasOwn(env, name) ? env[name] : undefined;
    return typeof value === 'string' && value.trim() !== '';
  };
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    ...slackProblems(isSet),
    // Read on their own too, so an out-of-range shard id is reported beside any other problem.
    ...discordProblems(
      isSet,
      environmentSchema.pick({ DISCORD_SHARD_COUNT: true, DISCORD_SHARD_IDS: true }).safeParse(env).data,
      Object.hasOwn(env, 'DISCORD_INTERACTIONS') ? env.DISCORD_INTERACTIONS : undefined,
    ),
  ];
  const values = parsed.data;
  if (values?.OPS_PORT !== undefined && values.OPS_PORT !== 0 && values.OPS_PORT === values.PORT) {
    problems.push(
      `OPS_PORT: must differ from PORT (both are ${values.PORT}); it keeps /metrics and /readyz off the public port.`,
    );
  }
  if (values === undefined || problems.length > 0) throw new ConfigError(problems);
  const slack = slackConfig(values);
  const discord = discordConfig(values);
  let config: Config = {
    dataDir: values.DATA_DIR,
    port: values.PORT,
    logLevel: values.LOG_LEVEL,
    scheduler: values.THRICE_SCHEDULER,
    tickSchedule: values.THRICE_TICK_SCHEDULE,
    claimLeaseMs: values.THRICE_CLAIM_LEASE_SECONDS * 1000,
    pacing: {
      slack: {
        workspace: sendLimit(values.THRICE_SLACK_SENDS_PER_SECOND),
        channel: DEFAULT_PACING.slack.channel,
      },
      discord: sendLimit(values.THRICE_DISCORD_SENDS_PER_SECOND),
    },
    limits: {
      maxNameLength: values.THRICE_MAX_NAME_LENGTH,
      maxNoteLength: values.THRICE_MAX_NOTE_LENGTH,
      maxWhatLength: DEFAULT_LIMITS.maxWhatLength,
      commandsPerMinute: values.THRICE_COMMANDS_PER_MINUTE,
      maxOpenPromises: values.THRICE_MAX_OPEN_PROMISES,
    },
  };
  config = withOptional(config, 'databaseUrl', values.DATABASE_URL);
  config = withOptional(config, 'opsPort', values.OPS_PORT);
  config = withOptional(config, 'publicUrl', values.PUBLIC_URL);
  config = withOptional(config, 'encryptionKeys', values.THRICE_ENCRYPTION_KEY);
  config = withOptional(config, 'slack', slack);
  return withOptional(config, 'discord', discord);
}
