import { randomUUID } from 'node:crypto';
import { textMessage } from '../core/message.ts';
import type { InboundPort, Reply } from '../core/ports/inbound.ts';
import { currentLogContext, withLogContext } from './log-context.ts';

const RESTARTING =
  'Thrice is restarting for a moment and nothing was changed. Please try again in a few seconds.';

/**
 * The door every request passes: each runs under one request id on its log lines (the platform
 * event's, when the adapter set one), in-flight requests are counted so shutdown can wait for
 * them, and once shutdown begins new ones are turned away with a friendly reply instead of being
 * cut off half-way.
 */
export interface WorkGate {
  readonly inbound: InboundPort;
  /** Stops admitting requests. */
  close(): void;
  readonly closed: boolean;
  /** Resolves when no admitted request is still running, or after `timeoutMs`; true if idle. */
  idle(timeoutMs: number): Promise<boolean>;
}

export function createWorkGate(inner: InboundPort): WorkGate {
  let closed = false;
  let inFlight = 0;
  const idleWaiters = new Set<() => void>();

  async function admit<T>(work: () => Promise<T>, refused?: () => T): Promise<T> {
    if (closed && refused !== undefined) return refused();
    inFlight += 1;
    try {
      const requestId = currentLogContext().requestId ?? randomUUID();
      return await withLogContext({ requestId }, work);
    } finally {
      inFlight -= 1;
      if (inFlight === 0) for (const wake of idleWaiters) wake();
    }
  }
  const restarting = (): Reply => ({ message: textMessage('error', RESTARTING), notices: [] });
  const inbound: InboundPort = {
    handle: (request) => admit(() => inner.handle(request), restarting),
    view: (actor, view) =>
      admit(
        () => inner.view(actor, view),
        () => restarting().message,
      ),
    // A lookup (autocomplete, the Edit form, the App Home) still runs while closing: it changes nothing.
    home: (actor) => admit(() => inner.home(actor)),
    checkForm: (fields) => inner.checkForm(fields),
    snoozeSuggestion: (actor) => admit(() => inner.snoozeSuggestion(actor)),
    openPromises: (actor) => admit(() => inner.openPromises(actor)),
    closedPromises: (actor) => admit(() => inner.closedPromises(actor)),
    editForm: (actor, promiseId) => admit(() => inner.editForm(actor, promiseId)),
    formFromMessage: (actor, text) => admit(() => inner.formFromMessage(actor, text)),
  };
  return {
    inbound,
    close() {
      closed = true;
    },
    get closed() {
      return closed;
    },
    idle(timeoutMs) {
      if (inFlight === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          idleWaiters.delete(wake);
          resolve(true);
        };
        const timer = setTimeout(() => {
          idleWaiters.delete(wake);
          resolve(false);
        }, timeoutMs);
        idleWaiters.add(wake);
      });
    },
  };
}
