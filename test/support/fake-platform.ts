import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message the fake platform accepted. */
export interface FakeMessage {
  nonce: string;
  recipient: string;
  body: unknown;
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
  readonly blocked = new Set<string>();
  requests = 0;
  rateLimited = 0;
  private readonly byNonce = new Map<string, FakeMessage>();
  private faults: FakeFault[] = [];
  private server: Server | null = null;
  url = '';
  /** Latency added to every answer, so a test can kill a sender mid-request. */
  delayMs = 0;

  /** Queues faults answered before normal service resumes. */
  fail(...faults: FakeFault[]): void {
    this.faults.push(...faults);
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

  private async handle(req: IncomingMessage) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.requests += 1;
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
