import type { Delivery, DeliveryPort } from '../../src/core/ports/delivery.ts';
import type { Clock } from '../../src/core/ports/store.ts';

/** One message the platform received: the delivery and the moment it was sent. */
export interface Received {
  at: Date;
  delivery: Delivery;
}

/** A console-platform delivery port that accepts every message and keeps it, with the clock's time. */
export function recordingPort(clock: Clock): DeliveryPort & { received: Received[] } {
  const received: Received[] = [];
  return {
    platform: 'console',
    received,
    async send(delivery) {
      received.push({ at: clock.now(), delivery });
      return { platformMessageId: `m${received.length}` };
    },
  };
}
