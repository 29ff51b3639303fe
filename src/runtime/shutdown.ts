import type { Logger } from 'pino';

/** How long a graceful shutdown may take before the process gives up waiting and exits. */
export const SHUTDOWN_DEADLINE_MS = 9_000;

/**
 * On SIGTERM or SIGINT runs `shutdown` once and exits 0 when it is done (1 if it fails or
 * outlasts the deadline). A second signal exits at once: the operator means it.
 */
export function exitOnSignals(log: Logger, shutdown: (signal: NodeJS.Signals) => Promise<void>): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    started = true;
    log.info({ signal }, 'shutting down: no new work, finishing what is in hand');
    const deadline = setTimeout(() => {
      log.error({ signal, deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    shutdown(signal).then(
      () => {
        clearTimeout(deadline);
        log.info({ signal }, 'shut down cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ signal, err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
