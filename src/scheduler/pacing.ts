import type { Platform } from '../core/model.ts';
import type { Delivery } from '../core/ports/delivery.ts';
import type { ActiveHold, SendBudget, SendLimit, SendScope } from '../core/ports/pacing.ts';

/** The send limits Thrice paces itself to, per platform (PLATFORMS.md "Rate limits"). */
export interface PacingLimits {
  /**
   * Slack `chat.postMessage`: "several hundred messages a minute" per workspace, and about one a
   * second per channel with short bursts. Each DM is a channel of its own that gets a handful of
   * messages a day, so the channel limit is paced only for channel posts (roundups, notices).
   */
  slack: { workspace: SendLimit; channel: SendLimit };
  /** Discord: 50 requests a second per bot token, across every guild and every instance. */
  discord: SendLimit;
}

/**
 * Half a second of sends in the bucket, a fifth of a second per take: one take usually covers
 * several sends, and sends spent up to half a second late still fit the platform's own
 * one-second bucket.
 */
export function sendLimit(perSecond: number): SendLimit {
  return {
    perSecond,
    burst: Math.max(1, Math.ceil(perSecond / 2)),
    grant: Math.max(1, Math.ceil(perSecond / 5)),
  };
}

/**
 * Defaults: Slack's workspace limit at 300 a minute (the low end of "several hundred"), one a
 * second per channel; Discord at 45 of its 50 a second, leaving room for the DM channel
 * creates and the other REST calls commands make on the same token.
 */
export const DEFAULT_PACING: PacingLimits = {
  slack: { workspace: sendLimit(5), channel: sendLimit(1) },
  discord: sendLimit(45),
};

/** What the sender paces against: the shared budget, the limits, and how to wait. */
export interface Pacing {
  budget: SendBudget;
  limits: PacingLimits;
  /** Waits `ms` (tests advance a manual clock instead); default: a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** A wait longer than this hands the delivery back instead (default 5 s). */
  maxWaitMs?: number;
}

/** The budgets one delivery draws from, outermost first (a Retry-After holds the first). */
export function scopesOf(delivery: Delivery, limits: PacingLimits): SendScope[] {
  const { target } = delivery;
  if (target.platform === 'slack') {
    const workspace: SendScope = {
      key: `slack:ws:${delivery.workspaceId}`,
      platform: 'slack',
      limit: limits.slack.workspace,
      hold: { platform: 'slack', workspaceId: delivery.workspaceId },
    };
    if (target.kind !== 'channel') return [workspace];
    return [
      workspace,
      {
        key: `slack:ch:${delivery.workspaceId}:${target.channelId}`,
        platform: 'slack',
        limit: limits.slack.channel,
        hold: null,
      },
    ];
  }
  if (target.platform === 'discord') {
    // One bot token per deployment: the limit is the token's, whichever guild the message is for.
    return [
      { key: 'discord:token', platform: 'discord', limit: limits.discord, hold: { platform: 'discord' } },
    ];
  }
  return [];
}

/** What the claim must leave alone while holds run. */
export interface ClaimExclusions {
  platforms: Platform[];
  workspaceIds: string[];
}

export function exclusionsOf(holds: readonly ActiveHold[]): ClaimExclusions {
  const platforms = new Set<Platform>();
  const workspaceIds = new Set<string>();
  for (const hold of holds) {
    if (hold.workspaceId === undefined) platforms.add(hold.platform);
    else workspaceIds.add(hold.workspaceId);
  }
  return { platforms: [...platforms], workspaceIds: [...workspaceIds] };
}

/** The answer to "may this delivery be sent now?". */
export type Permit = { send: true } | { send: false; until: Date; held: boolean };

/**
 * One drain's view of the shared budgets: the sends granted and not yet spent, per scope, and
 * the holds seen. Grants are spent only by this drain; what is left when it ends is simply not
 * used (the platform gets fewer sends, never more).
 */
export class Pacer {
  private readonly tokens = new Map<string, number>();
  private readonly holds = new Map<string, Date>();
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxWaitMs: number;

  constructor(
    private readonly pacing: Pacing,
    private readonly now: () => Date,
  ) {
    this.sleep = pacing.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxWaitMs = pacing.maxWaitMs ?? 5_000;
  }

  /** The scopes of `delivery` under these limits. */
  scopesOf(delivery: Delivery): SendScope[] {
    return scopesOf(delivery, this.pacing.limits);
  }

  /** Rows the next claim must skip: the holds any instance set that still run. */
  async exclusions(): Promise<ClaimExclusions> {
    const holds = await this.pacing.budget.activeHolds(this.now());
    for (const hold of holds) {
      const key = hold.workspaceId === undefined ? hold.platform : `${hold.platform}:${hold.workspaceId}`;
      this.holds.set(key, hold.until);
    }
    return exclusionsOf(holds);
  }

  /**
   * Takes, in one round trip, a grant for every scope of a claimed batch that has no tokens
   * left here: a batch spread over many workspaces costs one take, not one per delivery.
   */
  async prefetch(batch: readonly Delivery[]): Promise<void> {
    const wants = new Map<string, { scope: SendScope; want: number }>();
    for (const delivery of batch) {
      for (const scope of this.scopesOf(delivery)) {
        if ((this.tokens.get(scope.key) ?? 0) > 0 || this.heldUntil(scope) !== null) continue;
        const ask = wants.get(scope.key) ?? { scope, want: 0 };
        ask.want = Math.min(scope.limit.grant, ask.want + 1);
        wants.set(scope.key, ask);
      }
    }
    if (wants.size < 2) return; // one scope: permit's own take costs the same
    const grants = await this.pacing.budget.takeMany([...wants.values()], this.now());
    for (const [key, grant] of grants) {
      const ask = wants.get(key);
      if (ask === undefined) continue;
      if (grant.heldUntil !== null) this.remember(ask.scope, grant.heldUntil);
      else if (grant.granted > 0) this.tokens.set(key, grant.granted);
    }
  }

  /**
   * Waits until every scope of `delivery` grants a send, taking from the shared budget in grants
   * of up to `upcoming` (the sends this batch still has for that scope, one grant at most).
   * Answers no when a scope is held by a Retry-After or the wait would be longer than
   * `maxWaitMs`: the caller hands the delivery back for then.
   */
  async permit(
    delivery: Delivery,
    upcoming: (scope: SendScope) => number,
    stopping: () => boolean,
  ): Promise<Permit> {
    const scopes = this.scopesOf(delivery);
    for (const scope of scopes) {
      for (;;) {
        const held = this.heldUntil(scope);
        if (held !== null) return { send: false, until: held, held: true };
        if ((this.tokens.get(scope.key) ?? 0) > 0) break;
        const want = Math.min(scope.limit.grant, Math.max(1, upcoming(scope)));
        const grant = await this.pacing.budget.take(scope, want, this.now());
        if (grant.heldUntil !== null) {
          this.remember(scope, grant.heldUntil);
          return { send: false, until: grant.heldUntil, held: true };
        }
        if (grant.granted > 0) {
          this.tokens.set(scope.key, grant.granted);
          break;
        }
        const until = grant.retryAt ?? new Date(this.now().getTime() + 1000);
        const waitMs = until.getTime() - this.now().getTime();
        if (waitMs > this.maxWaitMs || stopping()) return { send: false, until, held: false };
        await this.sleep(Math.max(1, waitMs));
      }
    }
    for (const scope of scopes) this.tokens.set(scope.key, (this.tokens.get(scope.key) ?? 1) - 1);
    return { send: true };
  }

  /** The platform answered 429 for `delivery`: hold its outermost scope for every instance. */
  async rateLimited(delivery: Delivery, until: Date): Promise<void> {
    const [scope] = this.scopesOf(delivery);
    if (scope === undefined) return;
    this.remember(scope, until);
    for (const each of this.scopesOf(delivery)) this.tokens.delete(each.key);
    await this.pacing.budget.hold(scope, until);
  }

  private remember(scope: SendScope, until: Date): void {
    if (scope.hold === null) return;
    const key =
      scope.hold.workspaceId === undefined
        ? scope.hold.platform
        : `${scope.hold.platform}:${scope.hold.workspaceId}`;
    const known = this.holds.get(key);
    if (known === undefined || known < until) this.holds.set(key, until);
  }

  private heldUntil(scope: SendScope): Date | null {
    if (scope.hold === null) return null;
    const now = this.now();
    for (const key of [scope.hold.platform, `${scope.hold.platform}:${scope.hold.workspaceId ?? ''}`]) {
      const until = this.holds.get(key);
      if (until !== undefined && until > now) return until;
    }
    return null;
  }
}
