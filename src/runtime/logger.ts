import pino, { type DestinationStream, type Logger } from 'pino';
import { serializeError } from './error-serializer.ts';
import { currentLogContext } from './log-context.ts';

/** Field names that hold secrets wherever they appear in a logged object (two levels deep). */
const SECRET_KEYS = [
  'token',
  'botToken',
  'userToken',
  'appToken',
  'refreshToken',
  'signingSecret',
  'clientSecret',
  'stateSecret',
  'databaseUrl',
  'encryptionKeys',
  'password',
  'authorization',
  'Authorization',
];

/** Token shapes Slack and Discord use, caught even inside free text such as an error message. */
const TOKEN_SHAPES = [
  /xox[abposr]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /(postgres(?:ql)?:\/\/[^:/?#\s"]+:)[^@/?#\s"]+@/g,
  /(Bot |Bearer )[A-Za-z0-9._-]{20,}/g,
  // A Discord interaction token in a webhook or callback URL (a failed reply's error names it).
  /(\/(?:webhooks|interactions)\/\d+\/)[^/\s"?]{20,}/g,
];

function escapeForJson(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/**
 * Masks secrets in a finished log line: the configured values themselves (however they got
 * there: an error message, a URL, a library's own log) and anything shaped like a token.
 */
export function secretScrubber(secrets: readonly string[]): (line: string) => string {
  const literals = secrets
    .filter((secret) => secret.length >= 6)
    .map(escapeForJson)
    .sort((a, b) => b.length - a.length);
  return (line) => {
    let out = line;
    for (const literal of literals) out = out.split(literal).join('[redacted]');
    for (const shape of TOKEN_SHAPES) {
      out = out.replace(shape, (_match, keep?: string) =>
        typeof keep === 'string'
          ? `${keep}[redacted]${keep.startsWith('postgres') ? '@' : ''}`
          : '[redacted]',
      );
    }
    return out;
  };
}

/** Options of the process logger. */
export interface LoggerOptions {
  /** Values never to print: tokens, signing secrets, the database password. */
  secrets?: readonly string[];
  /** Where lines go (default: stderr, so stdout stays the console's own). */
  destination?: DestinationStream;
}

/** JSON logs with the request or delivery id of the work in hand, and secrets never printed. */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const scrub = secretScrubber(options.secrets ?? []);
  return pino(
    {
      level,
      base: { app: 'thrice' },
      mixin: () => ({ ...currentLogContext() }),
      serializers: { err: serializeError, error: serializeError },
      redact: {
        paths: SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
        censor: '[redacted]',
      },
      hooks: { streamWrite: scrub },
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}
