import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Slack's Web API on 127.0.0.1 with a rate limit on chat.postMessage, enforced as Slack does:
 * a token bucket of `perSecond` (a one-second burst) per workspace, and over it HTTP 429 with
 * Retry-After in whole seconds. Every bench workspace posts with the one bench token, so the
 * fake tells workspaces apart by the channel id's prefix (`D<workspace>-<n>`, up to the dash).
 * Records the delivery id each accepted message carries in its metadata.
 */
export class RateLimitedSlack {
  /** Delivery ids of accepted messages, in order (a repeat is a duplicate). */
  readonly accepted: string[] = [];
  /** performance.now() of every accepted message. */
  readonly acceptedAt: number[] = [];
  rejected = 0;
  firstRequestAt: number | null = null;
  url = '';
  private readonly buckets = new Map<string, { tokens: number; refilledAt: number }>();
  private server: Server | null = null;

  constructor(readonly perSecond: number) {}

  /** The Web API base to give Bolt as `slackApiUrl`. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private take(workspace: string): number {
    const now = performance.now();
    let bucket = this.buckets.get(workspace);
    if (bucket === undefined) {
      bucket = { tokens: this.perSecond, refilledAt: now };
      this.buckets.set(workspace, bucket);
    }
    bucket.tokens = Math.min(
      this.perSecond,
      bucket.tokens + ((now - bucket.refilledAt) / 1000) * this.perSecond,
    );
    bucket.refilledAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString());
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const json = (status: number, body: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (method !== 'chat.postMessage') {
      json(200, { ok: true, channel: { id: `D${form.get('users') ?? ''}` }, team_id: 'T1', user_id: 'UBOT' });
      return;
    }
    this.firstRequestAt ??= performance.now();
    const wait = this.take((form.get('channel') ?? '').split('-')[0] ?? '');
    if (wait > 0) {
      this.rejected += 1;
      json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(wait) });
      return;
    }
    const metadata = JSON.parse(form.get('metadata') ?? '{}') as { event_payload?: { delivery_id?: string } };
    this.accepted.push(metadata.event_payload?.delivery_id ?? '');
    this.acceptedAt.push(performance.now());
    this.ts += 1;
    json(200, { ok: true, channel: form.get('channel'), ts: `${this.ts}.000100`, message: {} });
  }

  private ts = 1_700_000_000;
}
