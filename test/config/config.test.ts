import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { DEFAULT_LIMITS } from '../../src/core/limits.ts';
import { DEFAULT_PACING } from '../../src/scheduler/pacing.ts';
import { emptyDataDir, runThrice } from '../support/run-thrice.ts';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('with nothing set, runs the console on the embedded database in ./data', () => {
    expect(loadConfig({})).toEqual({
      dataDir: './data',
      port: 3000,
      logLevel: 'info',
      scheduler: 'in-process',
      tickSchedule: '* * * * *',
      claimLeaseMs: 120_000,
      pacing: DEFAULT_PACING,
      limits: DEFAULT_LIMITS,
    });
  });

  it('reads the send rates the instances share, and refuses one Discord would not allow', () => {
    const config = loadConfig({ THRICE_SLACK_SENDS_PER_SECOND: '8', THRICE_DISCORD_SENDS_PER_SECOND: '20' });
    expect(config.pacing).toEqual({
      slack: { workspace: { perSecond: 8, burst: 4, grant: 2 }, channel: DEFAULT_PACING.slack.channel },
      discord: { perSecond: 20, burst: 10, grant: 4 },
    });
    expect(
      problemsOf({ THRICE_DISCORD_SENDS_PER_SECOND: '60', THRICE_SLACK_SENDS_PER_SECOND: 'fast' }),
    ).toEqual([
      expect.stringMatching(/^THRICE_SLACK_SENDS_PER_SECOND: must be a whole number/),
      expect.stringMatching(/^THRICE_DISCORD_SENDS_PER_SECOND: must be between 1 and 50/),
    ]);
  });

  it('reports every malformed variable at once, one line each naming the variable', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://x', PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^DATABASE_URL: /);
    expect(problems.some((p) => p.startsWith('PORT: '))).toBe(true);
    expect(problems.some((p) => p.startsWith('LOG_LEVEL: '))).toBe(true);
  });

  it('asks for the missing half of a platform’s credentials', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET: /),
    ]);
    expect(problemsOf({ DISCORD_TOKEN: 'abc' })).toEqual([
      expect.stringMatching(/^DISCORD_APPLICATION_ID: /),
    ]);
    expect(
      problemsOf({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_CLIENT_ID: 'c' })[0],
    ).toMatch(/not both/);
  });

  it('reads the tick schedule and claim lease, and refuses a schedule cron cannot read', () => {
    const config = loadConfig({ THRICE_TICK_SCHEDULE: '*/5 * * * * *', THRICE_CLAIM_LEASE_SECONDS: '10' });
    expect(config).toMatchObject({ tickSchedule: '*/5 * * * * *', claimLeaseMs: 10_000 });
    expect(problemsOf({ THRICE_TICK_SCHEDULE: 'every minute' })).toEqual([
      expect.stringMatching(/^THRICE_TICK_SCHEDULE: must be a cron expression/),
    ]);
  });

  it('reads the limits, and refuses ones out of range', () => {
    expect(loadConfig({ THRICE_MAX_OPEN_PROMISES: '50', THRICE_COMMANDS_PER_MINUTE: '5' }).limits).toEqual({
      ...DEFAULT_LIMITS,
      maxOpenPromises: 50,
      commandsPerMinute: 5,
    });
    expect(problemsOf({ THRICE_MAX_NAME_LENGTH: '3', THRICE_COMMANDS_PER_MINUTE: 'many' })).toEqual([
      expect.stringMatching(/^THRICE_MAX_NAME_LENGTH: must be between 10 and 500/),
      expect.stringMatching(/^THRICE_COMMANDS_PER_MINUTE: must be a whole number/),
    ]);
  });

  it('reads encryption keys (newest first, for rotation) and refuses anything not 32 bytes of base64', () => {
    const a = Buffer.alloc(32, 1);
    const b = Buffer.alloc(32, 2);
    const keys = loadConfig({ THRICE_ENCRYPTION_KEY: `${a.toString('base64')}, ${b.toString('base64')}` });
    expect(keys.encryptionKeys).toEqual([a, b]);
    for (const bad of ['short', Buffer.alloc(16).toString('base64'), `${a.toString('base64')},!!`]) {
      expect(problemsOf({ THRICE_ENCRYPTION_KEY: bad })).toEqual([
        expect.stringMatching(/^THRICE_ENCRYPTION_KEY: must be one or more base64 keys of 32 bytes/),
      ]);
    }
  });

  it('asks for an encryption key before storing OAuth installations', () => {
    const oauth = {
      SLACK_SIGNING_SECRET: 's',
      SLACK_CLIENT_ID: 'c',
      SLACK_CLIENT_SECRET: 'cs',
      SLACK_STATE_SECRET: 'st',
    };
    expect(problemsOf(oauth)).toEqual([expect.stringMatching(/^THRICE_ENCRYPTION_KEY: is required/)]);
    expect(problemsOf({ ...oauth, THRICE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') })).toEqual(
      [],
    );
  });

  it('reads single-workspace Slack and Discord settings', () => {
    const config = loadConfig({
      SLACK_SIGNING_SECRET: 'sig',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      DISCORD_TOKEN: 'tok',
      DISCORD_APPLICATION_ID: '123456789012345678',
    });
    expect(config.slack).toEqual({
      mode: 'single',
      signingSecret: 'sig',
      botToken: 'xoxb-1',
      apiUrl: 'http://127.0.0.1:9/api/',
    });
    expect(config.discord).toEqual({ token: 'tok', applicationId: '123456789012345678', shards: 'auto' });
  });

  it('reads Discord gateway sharding: every recommended shard by default, else the ids this instance runs', () => {
    const discord = { DISCORD_TOKEN: 'tok', DISCORD_APPLICATION_ID: '123456789012345678' };
    expect(loadConfig({ ...discord, DISCORD_SHARD_COUNT: '3' }).discord?.shards).toEqual({
      ids: [0, 1, 2],
      count: 3,
    });
    expect(
      loadConfig({ ...discord, DISCORD_SHARD_COUNT: '16', DISCORD_SHARD_IDS: ' 8-11, 3,9 ' }).discord?.shards,
    ).toEqual({ ids: [3, 8, 9, 10, 11], count: 16 });
    expect(loadConfig({ ...discord, DISCORD_SHARD_COUNT: ' ', DISCORD_SHARD_IDS: '' }).discord?.shards).toBe(
      'auto',
    );
    // Every problem in one round, beside any other.
    expect(
      problemsOf({ ...discord, PORT: 'abc', DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '1,2,5' }),
    ).toEqual([
      'PORT: must be a port number, in plain decimal digits (e.g. 3000)',
      'DISCORD_SHARD_IDS: shard ids run from 0 to DISCORD_SHARD_COUNT - 1 (1); 2, 5 is out of range.',
    ]);
    expect(problemsOf({ ...discord, DISCORD_SHARD_IDS: '0' })).toEqual([
      'DISCORD_SHARD_COUNT: is required when DISCORD_SHARD_IDS is set (the shards of all instances together).',
    ]);
    expect(problemsOf({ ...discord, DISCORD_SHARD_COUNT: '0', DISCORD_SHARD_IDS: '3-1,x' })).toEqual([
      'DISCORD_SHARD_COUNT: must be at least 1',
      'DISCORD_SHARD_IDS: must be shard ids or ranges, comma-separated (e.g. 0,1 or 0-3)',
    ]);
  });

  it('reads HTTP interactions (gateway by default) and refuses a half-set or malformed setup, all at once', () => {
    const discord = { DISCORD_TOKEN: 'tok', DISCORD_APPLICATION_ID: '123456789012345678' };
    const key = 'AB'.repeat(32);
    expect(loadConfig(discord).discord?.interactions).toBeUndefined();
    expect(
      loadConfig({ ...discord, DISCORD_INTERACTIONS: ' gateway ' }).discord?.interactions,
    ).toBeUndefined();
    expect(
      loadConfig({ ...discord, DISCORD_INTERACTIONS: 'http', DISCORD_PUBLIC_KEY: ` ${key} ` }).discord
        ?.interactions,
    ).toEqual({ mode: 'http', publicKey: 'ab'.repeat(32) });
    expect(problemsOf({ ...discord, DISCORD_INTERACTIONS: 'webhooks', PORT: 'x' })).toEqual([
      'PORT: must be a port number, in plain decimal digits (e.g. 3000)',
      'DISCORD_INTERACTIONS: must be gateway or http',
    ]);
    expect(problemsOf({ ...discord, DISCORD_INTERACTIONS: 'http', DISCORD_PUBLIC_KEY: 'abc' })).toEqual([
      'DISCORD_PUBLIC_KEY: must be the application’s public key: 64 hexadecimal characters (General Information in the developer portal)',
    ]);
    expect(problemsOf({ ...discord, DISCORD_INTERACTIONS: 'http', DISCORD_SHARD_COUNT: '2' })).toEqual([
      'DISCORD_PUBLIC_KEY: is required when DISCORD_INTERACTIONS=http, to check Discord’s signatures. Copy it from your app’s General Information page.',
      'DISCORD_SHARD_COUNT: gateway shards do nothing with DISCORD_INTERACTIONS=http (no gateway connection is opened); unset DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS.',
    ]);
    expect(problemsOf({ ...discord, DISCORD_PUBLIC_KEY: key })).toEqual([
      'DISCORD_INTERACTIONS: set it to http to serve interactions over HTTP (DISCORD_PUBLIC_KEY is set, and only HTTP interactions use it).',
    ]);
    expect(problemsOf({ DISCORD_INTERACTIONS: 'http', DISCORD_PUBLIC_KEY: key })).toEqual([
      'DISCORD_INTERACTIONS: http needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (replies and DMs go through Discord’s REST API).',
    ]);
  });

  it('reads OPS_PORT like PORT, and refuses one that is malformed or the same as PORT', () => {
    expect(loadConfig({ OPS_PORT: '9090' })).toMatchObject({ port: 3000, opsPort: 9090 });
    expect(loadConfig({ OPS_PORT: ' ' })).not.toHaveProperty('opsPort');
    expect(loadConfig({ PORT: '0', OPS_PORT: '0' })).toMatchObject({ port: 0, opsPort: 0 });
    expect(problemsOf({ OPS_PORT: 'metrics' })).toEqual([
      expect.stringMatching(/^OPS_PORT: must be a port number/),
    ]);
    expect(problemsOf({ OPS_PORT: '70000' })).toEqual([
      expect.stringMatching(/^OPS_PORT: must be between 0 and 65535/),
    ]);
    expect(problemsOf({ PORT: '8080', OPS_PORT: '8080' })).toEqual([
      expect.stringMatching(/^OPS_PORT: must differ from PORT/),
    ]);
    expect(problemsOf({ OPS_PORT: '3000' })).toEqual([
      expect.stringMatching(/^OPS_PORT: must differ from PORT/),
    ]);
  });

  it('a malformed DATABASE_URL stops Thrice at start with one line and exit code 2', async () => {
    const result = await runThrice('', { DATABASE_URL: 'not a url', DATA_DIR: emptyDataDir() });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^thrice: DATABASE_URL: /)]);
  });

  it('an unreachable DATABASE_URL stops Thrice at start with one line and exit code 2, without the password', async () => {
    const result = await runThrice('', {
      DATABASE_URL: 'postgres://thrice:s3cret@127.0.0.1:1/thrice',
      DATA_DIR: emptyDataDir(),
    });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^thrice: .*127\.0\.0\.1:1/);
    expect(result.stderr).not.toContain('s3cret');
  });

  it('four broken variables stop Thrice at start with four lines, one each, and exit code 2', async () => {
    // Two malformed values and two missing partners: all four are reported in the first round.
    const result = await runThrice('', {
      SLACK_BOT_TOKEN: 'abc',
      PORT: 'abc',
      DISCORD_TOKEN: 'x',
      DATA_DIR: emptyDataDir(),
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n').sort()).toEqual([
      expect.stringMatching(/^thrice: DISCORD_APPLICATION_ID: is required/),
      expect.stringMatching(/^thrice: PORT: must be a port number/),
      expect.stringMatching(/^thrice: SLACK_BOT_TOKEN: must start with xoxb-/),
      expect.stringMatching(/^thrice: SLACK_SIGNING_SECRET: is required/),
    ]);
  });
});

describe('configuration errors come in one round', () => {
  it('names a missing partner variable even when another value is malformed', () => {
    expect([...problemsOf({ SLACK_BOT_TOKEN: 'abc', PORT: 'abc', DISCORD_TOKEN: 'x' })].sort()).toEqual([
      expect.stringMatching(/^DISCORD_APPLICATION_ID: is required when DISCORD_TOKEN is set/),
      expect.stringMatching(/^PORT: must be a port number/),
      expect.stringMatching(/^SLACK_BOT_TOKEN: must start with xoxb-/),
      expect.stringMatching(/^SLACK_SIGNING_SECRET: is required for Slack/),
    ]);
  });

  it('a malformed value counts as set: it is reported once, not also as missing', () => {
    const oauth = { SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: 'c', SLACK_CLIENT_SECRET: 'cs' };
    expect([...problemsOf({ ...oauth, THRICE_ENCRYPTION_KEY: 'short', LOG_LEVEL: 'loud' })].sort()).toEqual([
      expect.stringMatching(/^LOG_LEVEL: must be one of/),
      expect.stringMatching(/^SLACK_STATE_SECRET: is required for multi-workspace Slack/),
      expect.stringMatching(/^THRICE_ENCRYPTION_KEY: must be one or more base64 keys/),
    ]);
    expect(problemsOf({ DISCORD_TOKEN: 'x', DISCORD_APPLICATION_ID: '12' })).toEqual([
      expect.stringMatching(/^DISCORD_APPLICATION_ID: must be the application id/),
    ]);
  });

  it('reads ports and other whole numbers as plain decimal digits only', () => {
    for (const port of ['1e3', '0x10', '8 0', '80.0', '+80', '-0', '0b1', 'Infinity']) {
      expect(problemsOf({ PORT: port }), port).toEqual([
        expect.stringMatching(/^PORT: must be a port number, in plain decimal digits/),
      ]);
    }
    expect(problemsOf({ THRICE_MAX_NAME_LENGTH: '1e2', THRICE_CLAIM_LEASE_SECONDS: '60.0' })).toEqual([
      expect.stringMatching(/^THRICE_CLAIM_LEASE_SECONDS: must be a whole number, in plain decimal digits/),
      expect.stringMatching(/^THRICE_MAX_NAME_LENGTH: must be a whole number, in plain decimal digits/),
    ]);
    // Whitespace around a number is not part of it (a CRLF env file leaves "\r" behind), as for text settings.
    expect(loadConfig({ PORT: '3000\r', OPS_PORT: ' 9090 ' })).toMatchObject({ port: 3000, opsPort: 9090 });
    expect(loadConfig({ PORT: '8080', OPS_PORT: '9090', THRICE_MAX_NAME_LENGTH: '100' })).toMatchObject({
      port: 8080,
      opsPort: 9090,
      limits: { maxNameLength: 100 },
    });
  });
});

describe('configuration found by fuzzing', () => {
  it('a blank number (PORT= in a compose file) counts as unset, like a blank text variable', () => {
    const config = loadConfig({ PORT: '', THRICE_MAX_NAME_LENGTH: ' ', THRICE_COMMANDS_PER_MINUTE: '' });
    expect(config.port).toBe(3000);
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
  });

  it('a blank THRICE_ENCRYPTION_KEY (compose passing an unset one through) counts as unset too', () => {
    expect(loadConfig({ THRICE_ENCRYPTION_KEY: '' })).not.toHaveProperty('encryptionKeys');
    expect(
      problemsOf({
        SLACK_SIGNING_SECRET: 's',
        SLACK_CLIENT_ID: 'c',
        SLACK_CLIENT_SECRET: 'cs',
        SLACK_STATE_SECRET: 'st',
        THRICE_ENCRYPTION_KEY: ' ',
      }),
    ).toEqual([expect.stringMatching(/^THRICE_ENCRYPTION_KEY: is required/)]);
  });
});
