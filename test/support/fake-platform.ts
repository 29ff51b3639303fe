import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message the fake platform accepted. */
export interface FakeMessage {
  nonce: string;
  recipient: string;
  body: unknown;
  at: number;
}

/** A request as it reached the fake, before any fault or nonce de-duplication. */
export interface RawRequest {
  /** The nonce the request carried ('' when its body was not the expected JSON). */
  nonce: string;
  at: number;
}

/** How the fake answers the next requests; each rule applies while `times` lasts. */
export type FakeFault =
  | { kind: 'rate_limit'; retryAfterSeconds: number; times: number }
  | { kind: 'server_error'; times: number }
  | { kind: 'hang'; times: number };

/**
 * A chat platform's message API on 127.0.0.1, reduced to what the outbox relies on: `POST
 * /messages` with a `nonce` creates a message once (a repeat nonce returns the first, like
 * Discord's enforce_nonce); recipients listed in `blocked` get 403 forever; faults are queued.
 */
export class FakePlatform {
  readonly messages: FakeMessage[] = [];
  /**
   * Every request received, in arrival order, recorded before faults and nonce de-duplication:
   * what exactly-once tests count (a resend the nonce absorbed still shows up here).
   */
  readonly rawRequests: RawRequest[] = [];
  readonly blocked = new Set<string>();
  requests = 0;
  rateLimited = 0;
  private readonly byNonce = new Map<string, FakeMessage>();
  private faults: FakeFault[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  private server: Server | null = null;
  url = '';
  /** Latency added to every answer, so a test can kill a sender mid-request. */
  delayMs = 0;

  /** Queues faults answered before normal service resumes. */
  fail(...faults: FakeFault[]): void {
    this.faults.push(...faults);
  }

  /** Forgets every message, request, fault, block and delay (between tests sharing one fake). */
  reset(): void {
    this.messages.length = 0;
    this.rawRequests.length = 0;
    this.blocked.clear();
    this.byNonce.clear();
    this.faults = [];
    this.requests = 0;
    this.rateLimited = 0;
    this.delayMs = 0;
  }

  /** Resolves once `count` requests have arrived in all (answered or not). */
  receivedRequests(count: number): Promise<void> {
    if (this.rawRequests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** How many raw requests carried each nonce (only nonces seen more than once). */
  repeatedNonces(): Map<string, number> {
    const seen = new Map<string, number>();
    for (const { nonce } of this.rawRequests) seen.set(nonce, (seen.get(nonce) ?? 0) + 1);
    return new Map([...seen].filter(([, n]) => n > 1));
  }

  /** How many times each nonce was created (a duplicate would show up here as a 2). */
  deliveredCount(nonce: string): number {
    return this.messages.filter((m) => m.nonce === nonce).length;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        if (status === 0) return; // hang: never answer
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private record(body: string): void {
    let nonce = '';
    try {
      const parsed = JSON.parse(body) as { nonce?: unknown };
      if (typeof parsed.nonce === 'string') nonce = parsed.nonce;
    } catch {
      // Not our JSON: still a request, counted with an empty nonce.
    }
    this.rawRequests.push({ nonce, at: Date.now() });
    const ready = this.waiters.filter((w) => this.rawRequests.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.rawRequests.length < w.count);
    for (const waiter of ready) waiter.resolve();
  }

  private async handle(req: IncomingMessage) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.requests += 1;
    this.record(Buffer.concat(chunks).toString());
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const fault = this.faults[0];
    if (fault !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults.shift();
      if (fault.kind === 'rate_limit') {
        this.rateLimited += 1;
        return {
          status: 429,
          body: { retry_after: fault.retryAfterSeconds, global: false },
          headers: { 'retry-after': String(fault.retryAfterSeconds) },
        };
      }
      if (fault.kind === 'server_error') return { status: 500, body: { message: 'boom' }, headers: {} };
      return { status: 0, body: null, headers: {} };
    }
    const payload = JSON.parse(Buffer.concat(chunks).toString()) as {
      nonce: string;
      recipient: string;
      body: unknown;
    };
    if (this.blocked.has(payload.recipient)) {
      return {
        status: 403,
        body: { code: 50007, message: 'Cannot send messages to this user' },
        headers: {},
      };
    }
    const existing = this.byNonce.get(payload.nonce);
    if (existing !== undefined) return { status: 200, body: { id: existing.nonce }, headers: {} };
    const message: FakeMessage = { ...payload, at: Date.now() };
    this.byNonce.set(payload.nonce, message);
    this.messages.push(message);
    return { status: 200, body: { id: payload.nonce }, headers: {} };
  }
}
