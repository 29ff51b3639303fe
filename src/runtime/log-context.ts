import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of one command or one delivery carries, wherever it is logged from. */
export interface LogContext {
  requestId?: string;
  deliveryId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `context` added to every log line written inside it, however deep. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, work);
}

/** The context of the running command or delivery ({} outside one). */
export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}
