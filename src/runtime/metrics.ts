import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Reachability } from '../core/ports/outbox.ts';

/** How a command ended: done, refused with a friendly message, or failed on our side. */
export type CommandOutcome = 'ok' | 'refused' | 'failed';
/** How one delivery attempt ended. */
export type DeliveryOutcome = 'sent' | 'retry' | 'rate_limited' | 'unreachable' | 'dead';

/** The planning queue an item belongs to. */
export type PlanningKind = 'digest' | 'nudge' | 'roundup';

/** The outbox as an operator watches it. */
export interface OutboxBacklog {
  pending: number;
  sending: number;
  /** When the longest-waiting due delivery became due (null when none is due). */
  oldestDueAt: Date | null;
}

/** Thrice's Prometheus metrics, on a registry of their own (plus Node's process metrics). */
export interface Metrics {
  readonly registry: Registry;
  command(platform: string, kind: string, outcome: CommandOutcome, seconds: number): void;
  delivery(platform: string, kind: string, outcome: DeliveryOutcome): void;
  /** A platform API call failed (429s are also counted apart). */
  platformError(platform: string, reason: 'rate_limited' | 'unreachable' | 'failed'): void;
  tick(seconds: number, ok: boolean): void;
  /** An error reached the process itself: an unhandled rejection or an uncaught exception. */
  processError(kind: 'rejection' | 'exception'): void;
  /**
   * Planning failed for one item (a member's digest, a promise's nudge, a workspace's roundup),
   * which was deferred, or for a whole batch of a queue.
   */
  planningFailure(kind: PlanningKind, scope: 'item' | 'batch'): void;
  /** A sender found its claim on a delivery taken over (its lease ran out) before sending or settling it. */
  claimLost(platform: string, stage: 'before_send' | 'settle'): void;
  /** Reads the outbox backlog at each scrape, so the gauges are never stale. */
  watchOutbox(read: () => Promise<OutboxBacklog>): void;
  /** Reads who Thrice cannot reach (members, roundup channels) at each scrape. */
  watchReachability(read: () => Promise<Reachability>): void;
  /** The Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
}

export function createMetrics(now: () => Date = () => new Date()): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'thrice_' });
  const commands = new Counter({
    name: 'thrice_commands_total',
    help: 'Commands and button presses handled, by platform, kind and outcome.',
    labelNames: ['platform', 'kind', 'outcome'],
    registers: [registry],
  });
  const commandSeconds = new Histogram({
    name: 'thrice_command_duration_seconds',
    help: 'Time from a command reaching Thrice to its reply being ready.',
    labelNames: ['platform', 'kind'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'thrice_deliveries_total',
    help: 'Delivery attempts by platform, kind (digest, nudge, roundup) and outcome.',
    labelNames: ['platform', 'kind', 'outcome'],
    registers: [registry],
  });
  const platformErrors = new Counter({
    name: 'thrice_platform_errors_total',
    help: 'Failed calls to Slack or Discord, by reason.',
    labelNames: ['platform', 'reason'],
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'thrice_platform_rate_limited_total',
    help: '429 answers from Slack or Discord.',
    labelNames: ['platform'],
    registers: [registry],
  });
  const tickSeconds = new Histogram({
    name: 'thrice_tick_duration_seconds',
    help: 'Duration of one scheduler pass (planning and sending).',
    labelNames: ['outcome'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60],
    registers: [registry],
  });
  const processErrors = new Counter({
    name: 'thrice_process_errors_total',
    help: 'Errors no handler caught (kind: rejection, exception); the process logged them and went on.',
    labelNames: ['kind'],
    registers: [registry],
  });
  const planningFailures = new Counter({
    name: 'thrice_planning_failures_total',
    help: 'Planning that failed, by queue (digest, nudge, roundup) and scope (one item, deferred; or a whole batch).',
    labelNames: ['kind', 'scope'],
    registers: [registry],
  });
  const claimsLost = new Counter({
    name: 'thrice_claims_lost_total',
    help: 'Deliveries whose claim a sender lost (lease ran out, another sender resumed them), by stage.',
    labelNames: ['platform', 'stage'],
    registers: [registry],
  });
  let readBacklog: (() => Promise<OutboxBacklog>) | null = null;
  let backlog: Promise<OutboxBacklog | null> | null = null;
  // One outbox read per scrape, shared by the gauges below.
  const backlogNow = () => {
    backlog ??= (readBacklog?.() ?? Promise.resolve(null))
      .catch(() => null)
      .finally(() => {
        setImmediate(() => {
          backlog = null;
        });
      });
    return backlog;
  };
  new Gauge({
    name: 'thrice_outbox_depth',
    help: 'Deliveries waiting in the outbox, by state (pending, sending).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const read = await backlogNow();
      if (read === null) return;
      this.set({ state: 'pending' }, read.pending);
      this.set({ state: 'sending' }, read.sending);
    },
  });
  new Gauge({
    name: 'thrice_outbox_oldest_due_age_seconds',
    help: 'How long the longest-waiting due delivery has waited (0 when none is due).',
    registers: [registry],
    async collect() {
      const read = await backlogNow();
      if (read === null) return;
      const age = read.oldestDueAt === null ? 0 : (now().getTime() - read.oldestDueAt.getTime()) / 1000;
      this.set(Math.max(0, age));
    },
  });
  let readReachability: (() => Promise<Reachability>) | null = null;
  new Gauge({
    name: 'thrice_unreachable',
    help: 'Members no DM reaches (what: member) and accountability channels that refuse roundups (what: channel).',
    labelNames: ['what'],
    registers: [registry],
    async collect() {
      const read = await readReachability?.().catch(() => null);
      if (read === undefined || read === null) return;
      this.set({ what: 'member' }, read.unreachableMembers);
      this.set({ what: 'channel' }, read.unpostableChannels);
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    command(platform, kind, outcome, seconds) {
      commands.inc({ platform, kind, outcome });
      commandSeconds.observe({ platform, kind }, seconds);
    },
    delivery(platform, kind, outcome) {
      deliveries.inc({ platform, kind, outcome });
    },
    platformError(platform, reason) {
      platformErrors.inc({ platform, reason });
      if (reason === 'rate_limited') rateLimited.inc({ platform });
    },
    tick(seconds, ok) {
      tickSeconds.observe({ outcome: ok ? 'ok' : 'failed' }, seconds);
    },
    processError(kind) {
      processErrors.inc({ kind });
    },
    planningFailure(kind, scope) {
      planningFailures.inc({ kind, scope });
    },
    claimLost(platform, stage) {
      claimsLost.inc({ platform, stage });
    },
    watchOutbox(read) {
      readBacklog = read;
    },
    watchReachability(read) {
      readReachability = read;
    },
    render: () => registry.metrics(),
  };
}
