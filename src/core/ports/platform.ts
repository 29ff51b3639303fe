import type { Platform } from '../model.ts';
import type { DeliveryPort } from './delivery.ts';

/**
 * A chat platform as the runtime sees it: it delivers the scheduler's messages, starts and stops,
 * and says when its connection is down. Inbound, it decodes events into requests for the
 * InboundPort it was built with and renders the replies; nothing else.
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  readonly delivery: DeliveryPort;
  /** Whether it serves HTTP on the public port, the ops routes it was given included (Slack's HTTP mode). */
  readonly servesHttp: boolean;
  /** Connects; resolves once requests can arrive, or keeps retrying in the background and resolves. */
  start(): Promise<unknown>;
  /** Readiness: null when connected, else why not (shown by /readyz). */
  connectionProblem(): string | null;
  stop(): Promise<void>;
}
