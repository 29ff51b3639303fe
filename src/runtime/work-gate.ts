import { randomUUID } from 'node:crypto';
import type { Actor, CommandHandler } from '../app/command-handler.ts';
import { type Message, textMessage } from '../core/message.ts';
import { withLogContext } from './log-context.ts';

const RESTARTING =
  'Thrice is restarting for a moment and nothing was changed. Please try again in a few seconds.';

/**
 * The door every command passes: each gets a request id on its log lines, in-flight commands
 * are counted so shutdown can wait for them, and once shutdown begins new ones are turned away
 * with a friendly reply instead of being cut off half-way.
 */
export interface WorkGate {
  readonly handler: CommandHandler;
  /** Stops admitting commands. */
  close(): void;
  readonly closed: boolean;
  /** Resolves when no admitted command is still running, or after `timeoutMs`; true if idle. */
  idle(timeoutMs: number): Promise<boolean>;
}

export function createWorkGate(inner: CommandHandler): WorkGate {
  let closed = false;
  let inFlight = 0;
  const idleWaiters = new Set<() => void>();

  async function admit<T>(work: () => Promise<T>, refused?: () => T): Promise<T> {
    if (closed && refused !== undefined) return refused();
    inFlight += 1;
    try {
      return await withLogContext({ requestId: randomUUID() }, work);
    } finally {
      inFlight -= 1;
      if (inFlight === 0) for (const wake of idleWaiters) wake();
    }
  }
  const restarting = (): Message => textMessage('error', RESTARTING);
  const wrapped: CommandHandler = {
    handleText: (actor, text) => admit(() => inner.handleText(actor, text), restarting),
    handleAction: (actor, action) => admit(() => inner.handleAction(actor, action), restarting),
    digest: (actor) => admit(() => inner.digest(actor), restarting),
    home: (actor) => admit(() => inner.home(actor), restarting),
    // Lookups (who is asking, autocomplete) still run while closing: they change nothing.
    openPromises: (actor: Actor) => admit(() => inner.openPromises(actor)),
    memberFor: (actor: Actor) => admit(() => inner.memberFor(actor)),
  };
  return {
    handler: wrapped,
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
