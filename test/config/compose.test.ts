import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, type Config, loadConfig } from '../../src/config.ts';

/**
 * compose.yaml checked without Docker: parsed as YAML, its variables interpolated the way
 * compose does, and Thrice's side read by the real loadConfig.
 */

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const composeText = read('compose.yaml');
const dockerfile = read('Dockerfile');

type Service = {
  image?: string;
  build?: unknown;
  environment?: Record<string, string | number | boolean | null>;
  volumes?: string[];
  healthcheck?: { test?: string[] | string };
  depends_on?: Record<string, { condition?: string }>;
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

function parseCompose(text: string): Compose {
  const parsed = load(text);
  if (typeof parsed !== 'object' || parsed === null || !('services' in parsed))
    throw new Error('compose.yaml has no services');
  return parsed as Compose;
}

const compose = parseCompose(composeText);

function service(name: string): Service {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`compose.yaml has no ${name} service`);
  return found;
}

/** Compose's `${NAME}` and `${NAME:-default}` against `shell`; any other `$` form fails the test. */
function interpolate(value: string, shell: Record<string, string>): string {
  const out = value.replace(
    /\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/g,
    (_, name: string, fallback?: string) => {
      const set = shell[name];
      return set !== undefined && set !== '' ? set : (fallback ?? '');
    },
  );
  expect(out, `only \${NAME} and \${NAME:-default} are used: ${value}`).not.toContain('$');
  return out;
}

/** A service's environment as its container sees it, given the operator's shell (or .env). */
function environmentOf(name: string, shell: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service(name).environment ?? {}).map(([key, value]) => [
      key,
      interpolate(String(value ?? ''), shell),
    ]),
  );
}

/** The configuration Thrice starts with under compose, given the operator's shell. */
function thriceConfig(shell: Record<string, string> = {}): Config {
  return loadConfig(environmentOf('thrice', shell));
}

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('compose.yaml: Thrice and Postgres in one command', () => {
  it('builds Thrice from the Dockerfile and runs Postgres from its official image, one major version pinned', () => {
    expect(service('thrice').build).toBe('.');
    expect(service('db').image).toMatch(/^postgres:\d+(\.\d+)?(-[a-z0-9]+)?$/);
  });

  it('every variable Thrice knows is set for the thrice service or documented in the file', () => {
    const set = Object.keys(service('thrice').environment ?? {});
    // A misspelt name would be ignored by Thrice without a word.
    for (const name of set) expect(CONFIG_VARIABLES, `${name} is not a Thrice variable`).toContain(name);
    for (const name of CONFIG_VARIABLES.filter((n) => !set.includes(n)))
      expect(composeText, `${name} is neither set nor documented`).toMatch(
        new RegExp(`^#.*\\b${name}\\b`, 'm'),
      );
  });

  it('with nothing set in the shell, Thrice reads a valid configuration on the db service’s Postgres', () => {
    const config = thriceConfig();
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
    const url = new URL(config.databaseUrl ?? '');
    const db = environmentOf('db');
    expect(Object.keys(compose.services)).toContain(url.hostname);
    expect(url.hostname).toBe('db');
    expect(url.username).toBe(db.POSTGRES_USER);
    expect(url.password).toBe(db.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${db.POSTGRES_DB}`);
    // The operator's password reaches both sides.
    const chosen = thriceConfig({ POSTGRES_PASSWORD: 'Xk29sd7' });
    expect(new URL(chosen.databaseUrl ?? '').password).toBe('Xk29sd7');
    expect(environmentOf('db', { POSTGRES_PASSWORD: 'Xk29sd7' }).POSTGRES_PASSWORD).toBe('Xk29sd7');
  });

  it('passes every variable each platform mode requires from the shell to Thrice', () => {
    // loadConfig names whatever is missing, so a variable compose forgot fails here by name.
    expect(
      thriceConfig({ SLACK_SIGNING_SECRET: 'sig', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })
        .slack,
    ).toEqual({ mode: 'single', signingSecret: 'sig', botToken: 'xoxb-1', appToken: 'xapp-1' });
    const oauth = thriceConfig({
      SLACK_SIGNING_SECRET: 'sig',
      SLACK_CLIENT_ID: 'id',
      SLACK_CLIENT_SECRET: 'secret',
      SLACK_STATE_SECRET: 'state',
      THRICE_ENCRYPTION_KEY: KEY,
    });
    expect(oauth.slack).toMatchObject({
      mode: 'oauth',
      clientId: 'id',
      clientSecret: 'secret',
      stateSecret: 'state',
    });
    expect(oauth.encryptionKeys).toHaveLength(1);
    expect(
      thriceConfig({ DISCORD_TOKEN: 'tok', DISCORD_APPLICATION_ID: '123456789012345678' }).discord,
    ).toEqual({ token: 'tok', applicationId: '123456789012345678', shards: 'auto' });
  });

  it('keeps Postgres data in a named volume', () => {
    expect(Object.keys(compose.volumes ?? {})).toContain('postgres-data');
    expect(service('db').volumes).toContain('postgres-data:/var/lib/postgresql/data');
  });

  it('checks Postgres with pg_isready and Thrice with the image’s /healthz probe, and starts Thrice once Postgres is healthy', () => {
    expect(service('db').healthcheck?.test).toEqual(expect.arrayContaining(['CMD', 'pg_isready']));
    const imageCheck = /^HEALTHCHECK .*CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(imageCheck).toBeDefined();
    expect(service('thrice').healthcheck?.test).toEqual(['CMD', ...JSON.parse(imageCheck ?? '[]')]);
    expect(read('src/healthcheck.ts')).toContain('/healthz');
    expect(service('thrice').depends_on?.db?.condition).toBe('service_healthy');
  });

  it('the image declares its DATA_DIR as a volume, so the embedded database is not lost with the container', () => {
    const dataDir = /^ENV .*\bDATA_DIR=(\S+)/m.exec(dockerfile)?.[1];
    expect(dataDir).toBeDefined();
    expect(dockerfile).toMatch(new RegExp(`^VOLUME (${dataDir}|\\["${dataDir}"\\])$`, 'm'));
  });
});
