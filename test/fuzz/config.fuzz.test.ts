import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Config, ConfigError, loadConfig } from '../../src/config.ts';
import { runs } from '../support/fuzz.ts';
import { HOSTILE } from './arbitraries.ts';

/** Every variable DESIGN.md §4 and the limits name. */
const VARIABLES = [
  'DATABASE_URL',
  'DATA_DIR',
  'PORT',
  'LOG_LEVEL',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_CLIENT_ID',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'DISCORD_TOKEN',
  'DISCORD_APPLICATION_ID',
  'DISCORD_API_URL',
  'THRICE_SCHEDULER',
  'THRICE_TICK_SCHEDULE',
  'THRICE_CLAIM_LEASE_SECONDS',
  'THRICE_ENCRYPTION_KEY',
  'THRICE_MAX_NAME_LENGTH',
  'THRICE_MAX_NOTE_LENGTH',
  'THRICE_COMMANDS_PER_MINUTE',
  'THRICE_MAX_OPEN_PROMISES',
] as const;
type Variable = (typeof VARIABLES)[number];

/** Secrets: a problem line must never repeat them. Each carries a marker so a leak is easy to spot. */
const SECRETS = new Set<Variable>([
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'SLACK_APP_TOKEN',
  'DISCORD_TOKEN',
  'THRICE_ENCRYPTION_KEY',
]);

const key32 = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => Buffer.from(bytes).toString('base64'));
const secretish = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((s) => `S3CR3T${s}`);
const numberish = fc.oneof(
  fc.integer({ min: -100, max: 200_000 }).map(String),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-0',
    '1e3',
    '1e309',
    '0x10',
    '0b1',
    '3.5',
    ' 80 ',
    'NaN',
    'Infinity',
    '-Infinity',
  ),
  fc.stringMatching(/^[0-9]{10,40}$/),
  fc.double().map(String),
);
const urlish = fc.oneof(
  fc.constantFrom(
    'postgres://thrice@127.0.0.1:5432/thrice',
    'postgresql://u:p@db/x',
    'postgres://',
    'postgres:///nohost',
    'mysql://x',
    'http://127.0.0.1:9/api/',
    'https://slack.com/api/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'http://',
    'http://[::1]:3000/',
    'not a url',
    'postgres://u:p@host:99999/x',
    'postgres://u:%zz@host/x',
  ),
  fc.webUrl(),
  fc.webUrl().map((url) => url.replace(/^https?:/, 'postgres:')),
);

/** A value that looks right, or nearly right, for the variable. */
function plausible(name: Variable): fc.Arbitrary<string> {
  switch (name) {
    case 'DATABASE_URL':
    case 'SLACK_API_URL':
    case 'DISCORD_API_URL':
      return urlish;
    case 'PORT':
    case 'THRICE_MAX_NAME_LENGTH':
    case 'THRICE_MAX_NOTE_LENGTH':
    case 'THRICE_COMMANDS_PER_MINUTE':
    case 'THRICE_MAX_OPEN_PROMISES':
    case 'THRICE_CLAIM_LEASE_SECONDS':
      return numberish;
    case 'THRICE_TICK_SCHEDULE':
      return fc.oneof(
        fc.constantFrom(
          '* * * * *',
          '*/5 * * * * *',
          '0 9 * * 1-5',
          '61 * * * *',
          '* * *',
          '',
          '@daily',
          '* * * * * * *',
        ),
        fc
          .array(
            fc.constantFrom(
              '*',
              '*/0',
              '*/99999',
              '0',
              '59',
              '1-5',
              '5-1',
              'mon',
              ',',
              '?',
              'L',
              '#',
              '99999999999',
            ),
            {
              minLength: 1,
              maxLength: 7,
            },
          )
          .map((fields) => fields.join(' ')),
      );
    case 'LOG_LEVEL':
      return fc.constantFrom(
        'fatal',
        'error',
        'warn',
        'info',
        'debug',
        'trace',
        'silent',
        'INFO',
        'loud',
        '',
        'toString',
      );
    case 'THRICE_SCHEDULER':
      return fc.constantFrom('in-process', 'off', 'on', '', 'constructor');
    case 'SLACK_BOT_TOKEN':
      return fc.oneof(
        secretish.map((s) => `xoxb-${s}`),
        secretish,
      );
    case 'SLACK_APP_TOKEN':
      return fc.oneof(
        secretish.map((s) => `xapp-${s}`),
        secretish,
      );
    case 'DISCORD_APPLICATION_ID':
      return fc.oneof(fc.stringMatching(/^[0-9]{17,20}$/), fc.stringMatching(/^[0-9]{1,30}$/));
    case 'THRICE_ENCRYPTION_KEY':
      return fc.oneof(
        key32,
        fc.array(key32, { minLength: 1, maxLength: 3 }).map((keys) => keys.join(', ')),
        fc
          .uint8Array({ minLength: 1, maxLength: 40 })
          .map((b) => `S3CR3T${Buffer.from(b).toString('base64')}`),
      );
    case 'DATA_DIR':
      return fc.constantFrom('./data', 'memory://', '', ' ', '/tmp/x', '../../etc');
    default:
      return secretish;
  }
}

/** Anything at all: hostile text, unicode, control characters, huge strings. */
const anyValue = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 20 }),
  fc.integer({ min: 1_000, max: 5_000 }).map((n) => 'x'.repeat(n)),
);

const entry: fc.Arbitrary<[string, string | undefined]> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(...VARIABLES).chain((name) => fc.tuple(fc.constant(name), plausible(name))),
  },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...VARIABLES), anyValue) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...VARIABLES), fc.constant(undefined)) },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.oneof(
        fc.constantFrom(
          '__proto__',
          'constructor',
          'toString',
          'hasOwnProperty',
          'valueOf',
          'PATH',
          'HOME',
          'NODE_ENV',
          'TZ',
          '',
        ),
        fc.string({ maxLength: 20 }),
      ),
      anyValue,
    ),
  },
);

/** An environment as Node hands it over: own string properties, even ones named `__proto__`. */
const environment: fc.Arbitrary<NodeJS.ProcessEnv> = fc
  .array(entry, { maxLength: 14 })
  .map((entries) => Object.fromEntries(entries) as NodeJS.ProcessEnv);

/** What a loaded configuration promises to the rest of the app. */
function checkConfig(config: Config): void {
  expect(Number.isInteger(config.port)).toBe(true);
  // 0 asks the system for a free port.
  expect(config.port).toBeGreaterThanOrEqual(0);
  expect(config.port).toBeLessThanOrEqual(65_535);
  expect(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).toContain(config.logLevel);
  expect(['in-process', 'off']).toContain(config.scheduler);
  expect(config.tickSchedule.trim()).not.toBe('');
  expect(Number.isSafeInteger(config.claimLeaseMs)).toBe(true);
  expect(config.claimLeaseMs).toBeGreaterThan(0);
  expect(config.dataDir.trim()).not.toBe('');
  for (const value of Object.values(config.limits)) {
    expect(Number.isSafeInteger(value)).toBe(true);
    expect(value).toBeGreaterThanOrEqual(1);
  }
  if (config.databaseUrl !== undefined) {
    expect(['postgres:', 'postgresql:']).toContain(new URL(config.databaseUrl).protocol);
  }
  for (const key of config.encryptionKeys ?? []) expect(key.length).toBe(32);
  const slack = config.slack;
  if (slack !== undefined) {
    expect(slack.signingSecret).not.toBe('');
    if (slack.mode === 'single') expect(slack.botToken).toMatch(/^xoxb-/);
    else {
      expect([slack.clientId, slack.clientSecret, slack.stateSecret]).not.toContain('');
      expect(config.encryptionKeys?.length).toBeGreaterThan(0);
    }
    if (slack.appToken !== undefined) expect(slack.appToken).toMatch(/^xapp-/);
    if (slack.apiUrl !== undefined) expect(['http:', 'https:']).toContain(new URL(slack.apiUrl).protocol);
  }
  const discord = config.discord;
  if (discord !== undefined) {
    expect(discord.token).not.toBe('');
    expect(discord.applicationId).toMatch(/^\d{17,20}$/);
  }
}

describe('fuzzing the configuration loader', () => {
  it('any environment gives a valid Config or a ConfigError naming each variable, never anything else', () => {
    fc.assert(
      fc.property(environment, (env) => {
        const before = structuredClone({ ...env });
        let config: Config | undefined;
        try {
          config = loadConfig(env);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          if (!(error instanceof ConfigError)) return;
          expect(error.problems.length).toBeGreaterThan(0);
          for (const problem of error.problems) {
            // One line per problem, starting with the variable it is about.
            expect(problem).not.toMatch(/[\r\n]/);
            expect(VARIABLES.some((name) => problem.startsWith(`${name}: `))).toBe(true);
            expect(problem.length).toBeLessThanOrEqual(300);
            // A secret's value is never repeated back (it would land in logs).
            for (const [name, value] of Object.entries(env)) {
              if (SECRETS.has(name as Variable) && value !== undefined && value.trim().length >= 12) {
                expect(problem).not.toContain(value.trim());
              }
            }
          }
        }
        if (config !== undefined) checkConfig(config);
        // Reading never changes the environment.
        expect({ ...env }).toEqual(before);
      }),
      { numRuns: runs(10_000) },
    );
  });

  it('a blank number counts as unset, like a blank text variable', () => {
    const config = loadConfig({ PORT: '', THRICE_MAX_NAME_LENGTH: ' ', THRICE_CLAIM_LEASE_SECONDS: '' });
    expect(config.port).toBe(3000);
    expect(config.limits.maxNameLength).toBe(80);
    expect(config.claimLeaseMs).toBe(120_000);
  });

  it('every variable set to a huge or hostile value gives a ConfigError', () => {
    const values = ['x'.repeat(100_000), '\u0000'.repeat(10_000), ...HOSTILE.slice(0, 10)];
    for (const value of values) {
      const env = Object.fromEntries(VARIABLES.map((name) => [name, value]));
      expect(() => loadConfig(env)).toThrow(ConfigError);
    }
  });
});
