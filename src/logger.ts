import pino, { type Logger } from 'pino';

/** JSON logs on stderr, so stdout stays the console's own; secrets never printed. */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { app: 'thrice' },
      redact: {
        paths: ['token', 'botToken', 'signingSecret', 'clientSecret', 'databaseUrl', '*.token', '*.password'],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
