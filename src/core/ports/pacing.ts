import type { Platform } from '../model.ts';

/**
 * A platform's send limit as Thrice paces it: a token bucket of `perSecond` that holds at most
 * `burst` unspent sends, handed out `grant` at a time. The bucket is kept shallower than the
 * platform's own (Slack's and Discord's hold about a second of sends), so sends spent a little
 * after they were granted (network, a busy event loop) still land inside the platform's bucket
 * instead of earning a 429; it is deeper than one grant, so tokens that pile up while several
 * instances wait their turn are not thrown away at the cap.
 */
export interface SendLimit {
  perSecond: number;
  burst: number;
  /** The most one take asks for: the round trips per send fall with it. */
  grant: number;
}

/**
 * One budget a send draws from. Slack limits `chat.postMessage` per workspace (several hundred
 * a minute) and per channel (about one a second; each DM is its own channel); Discord limits a
 * bot token to 50 requests a second across all guilds. `key` names the row every instance
 * shares; `hold` says whether a 429 here stops claiming a workspace's rows or a whole platform's.
 */
export interface SendScope {
  key: string;
  platform: Platform;
  limit: SendLimit;
  /** What a Retry-After on this scope holds back from claiming. */
  hold: { platform: Platform; workspaceId?: string } | null;
}

/** What a take from a budget granted. */
export interface Grant {
  /** Sends allowed now, 0…want. */
  granted: number;
  /**
   * When none was granted: the earliest moment a take is worth trying again (enough tokens for
   * the grant asked for, or the end of a hold). Null when something was granted.
   */
  retryAt: Date | null;
  /** Set when the scope is held by a Retry-After (from any instance) until this moment. */
  heldUntil: Date | null;
}

/** A Retry-After that holds back claiming, as every instance reads it. */
export interface ActiveHold {
  platform: Platform;
  /** Only this workspace's rows; undefined: the whole platform. */
  workspaceId?: string;
  until: Date;
}

/**
 * Send budgets shared by every instance (rows in the database), so N instances together stay
 * within a platform's limit instead of each using all of it. `now` is the caller's clock (the
 * injected Clock): instances' clocks agree to NTP accuracy, a few milliseconds, i.e. a fraction
 * of one token at these rates, and tests move time by hand.
 */
export interface SendBudget {
  /** Takes up to `want` sends from `scope` at `now`, atomically against every other taker. */
  take(scope: SendScope, want: number, now: Date): Promise<Grant>;
  /**
   * Takes from several scopes in one round trip (a batch spread over many workspaces), each as
   * `take` would; answers by scope key.
   */
  takeMany(requests: readonly { scope: SendScope; want: number }[], now: Date): Promise<Map<string, Grant>>;
  /**
   * Holds `scope` until `until` (the platform's Retry-After) for every instance: takes grant
   * nothing and claims skip its rows until then. A shorter hold never shortens a longer one.
   */
  hold(scope: SendScope, until: Date): Promise<void>;
  /** Holds still running at `now`, for the claim to leave their rows alone. */
  activeHolds(now: Date): Promise<ActiveHold[]>;
}
