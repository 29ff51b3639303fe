import type { Logger } from 'pino';

/** How long a graceful shutdown may take before the process gives up waiting and exits. */
export const SHUTDOWN_DEADLINE_MS = 9_000;

/** The process's one graceful shutdown. */
export interface Shutdown {
  /** Starts it (once; later calls are ignored) and exits with `exitCode` when done, 1 if it fails or is late. */
  begin(reason: string, exitCode: 0 | 1): void;
  /** True once it has begun. */
  readonly started: boolean;
}

/**
 * On SIGTERM or SIGINT runs `shutdown` once and exits 0 when it is done (1 if it fails or
 * outlasts the deadline). A second signal exits at once: the operator means it. The returned
 * control lets the process guard begin the same shutdown.
 */
export function exitOnSignals(log: Logger, shutdown: (reason: string) => Promise<void>): Shutdown {
  let started = false;
  const begin = (reason: string, exitCode: 0 | 1) => {
    if (started) return;
    started = true;
    log.info({ reason }, 'shutting down: no new work, finishing what is in hand');
    const deadline = setTimeout(() => {
      log.error({ reason, deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    shutdown(reason).then(
      () => {
        clearTimeout(deadline);
        log.info({ reason }, 'shut down cleanly');
        process.exit(exitCode);
      },
      (error: unknown) => {
        log.error({ reason, err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    begin(signal, 0);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    begin,
    get started() {
      return started;
    },
  };
}
