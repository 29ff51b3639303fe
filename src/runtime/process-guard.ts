import type { Logger } from 'pino';
import type { Shutdown } from './shutdown.ts';

/**
 * Uncaught exceptions tolerated within UNCAUGHT_WINDOW_MS; the next one stops the process.
 * One stray exception (a library's timer callback, a bad payload) should not take every member's
 * commands down; a stream of them means the process is broken and a restart is the fix.
 */
export const UNCAUGHT_LIMIT = 3;
export const UNCAUGHT_WINDOW_MS = 60_000;

/** What reached the process with no handler: a rejected promise, or a thrown exception. */
export type ProcessErrorKind = 'rejection' | 'exception';

/** Options of the guard; the defaults are the real process. */
export interface ProcessGuardOptions {
  log: Logger;
  /** Where `unhandledRejection` and `uncaughtException` come from (tests pass an EventEmitter). */
  source?: NodeJS.EventEmitter;
  /** Ends the process at once. */
  exit?: (code: number) => void;
  now?: () => number;
}

/** The process-wide last line of defence, installed by long-running modes. */
export interface ProcessGuard {
  /** Once the runtime is up: count errors (metrics) and stop through its graceful shutdown. */
  attach(options: { count?: (kind: ProcessErrorKind) => void; shutdown?: Shutdown }): void;
  /** Removes the listeners. */
  dispose(): void;
}

/**
 * Logs every unhandled rejection and uncaught exception through the logger and keeps serving:
 * - a rejection is one piece of async work that failed; the rest of the process is intact, so
 *   it is logged and counted, always;
 * - an exception is logged and counted and the process goes on, unless shutdown has begun (then
 *   it exits 1 at once: there is nothing left to protect) or it is the UNCAUGHT_LIMIT-th within
 *   UNCAUGHT_WINDOW_MS (then a graceful shutdown begins, exiting 1, so the supervisor restarts a
 *   process that keeps failing; without a shutdown attached yet it exits 1 at once).
 */
export function guardProcess(options: ProcessGuardOptions): ProcessGuard {
  const { log } = options;
  const source = options.source ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const now = options.now ?? Date.now;
  let count: (kind: ProcessErrorKind) => void = () => {};
  let shutdown: Shutdown | undefined;
  const recent: number[] = [];

  const onRejection = (reason: unknown) => {
    count('rejection');
    log.error({ err: reason }, 'unhandled promise rejection; still serving');
  };
  const onException = (error: Error, origin: string) => {
    count('exception');
    if (shutdown?.started) {
      log.fatal({ err: error, origin }, 'uncaught exception during shutdown; exiting now');
      exit(1);
      return;
    }
    const at = now();
    recent.push(at);
    while (recent.length > 0 && (recent[0] ?? at) <= at - UNCAUGHT_WINDOW_MS) recent.shift();
    if (recent.length < UNCAUGHT_LIMIT) {
      log.error({ err: error, origin }, 'uncaught exception; still serving');
      return;
    }
    log.fatal(
      { err: error, origin, limit: UNCAUGHT_LIMIT, windowMs: UNCAUGHT_WINDOW_MS },
      'repeated uncaught exceptions; stopping so the process can be restarted',
    );
    if (shutdown === undefined) exit(1);
    else shutdown.begin('repeated uncaught exceptions', 1);
  };
  source.on('unhandledRejection', onRejection);
  source.on('uncaughtException', onException);
  return {
    attach(attached) {
      if (attached.count !== undefined) count = attached.count;
      if (attached.shutdown !== undefined) shutdown = attached.shutdown;
    },
    dispose() {
      source.off('unhandledRejection', onRejection);
      source.off('uncaughtException', onException);
    },
  };
}
