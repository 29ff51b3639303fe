import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Reachability } from '../core/ports/outbox.ts';
import type { Metrics } from './metrics.ts';

/** Something /readyz waits for: the database, or a platform connection. */
export interface ReadinessCheck {
  name: string;
  /** null when ready, else a short reason an operator can act on. */
  check(): Promise<string | null> | string | null;
}

/** A GET route in the shape Bolt's `customRoutes` take, so Slack's HTTP server can serve it too. */
export interface OpsRoute {
  path: string;
  method: string[];
  handler(req: IncomingMessage, res: ServerResponse): void;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * `/healthz` (the process answers), `/readyz` (database reachable and migrated, each platform
 * connected, not shutting down) and `/metrics` (Prometheus text).
 */
export function opsRoutes(options: {
  checks: readonly ReadinessCheck[];
  metrics: Metrics;
  /** True once shutdown began: load balancers should stop sending work. */
  draining: () => boolean;
  /**
   * Who Thrice cannot reach, shown by /readyz for operators: it never makes the process unready
   * (a member who closed their DMs is no reason to stop serving the rest).
   */
  reachability?: () => Promise<Reachability>;
  log: Logger;
}): OpsRoute[] {
  const { checks, metrics, draining, reachability, log } = options;
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => sendJson(res, 200, { ok: true }),
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        void Promise.all([
          Promise.all(checks.map(async ({ name, check }) => [name, (await check()) ?? 'ok'] as const)),
          // Unknown (null) while the database is down: that check already says so.
          reachability?.().catch(() => null) ?? null,
        ]).then(
          ([results, unreachable]) => {
            const problems = Object.fromEntries(results);
            if (draining()) problems.process = 'shutting down';
            const ready = Object.values(problems).every((value) => value === 'ok');
            sendJson(res, ready ? 200 : 503, {
              ready,
              checks: problems,
              ...(unreachable === null
                ? {}
                : {
                    unreachable: {
                      members: unreachable.unreachableMembers,
                      channels: unreachable.unpostableChannels,
                    },
                  }),
            });
          },
          (error: unknown) => {
            log.error({ err: error }, 'readiness check failed');
            sendJson(res, 503, { ready: false });
          },
        );
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_req, res) => {
        void metrics.render().then(
          (text) => {
            res.writeHead(200, { 'content-type': metrics.contentType });
            res.end(text);
          },
          (error: unknown) => {
            log.error({ err: error }, 'metrics collection failed');
            res.writeHead(500).end();
          },
        );
      },
    },
  ];
}

/** The routes on a server of their own, for modes where Slack's HTTP receiver is not listening. */
export async function startOpsServer(
  routes: readonly OpsRoute[],
  port: number,
  log: Logger,
  /** The start-up log line (tests and operators find the bound port by it). */
  listening = 'health and metrics listening',
): Promise<Server> {
  const server = createServer((req, res) => {
    // An absolute-form target with a bad port ("GET http://a:99999/") does not parse: 400, not a throw.
    const url = URL.parse(req.url ?? '/', 'http://localhost');
    if (url === null) return sendJson(res, 400, { error: 'bad request' });
    const path = url.pathname;
    const route = routes.find((r) => r.path === path);
    if (route === undefined) return sendJson(res, 404, { error: 'not found' });
    if (!route.method.includes(req.method ?? 'GET'))
      return sendJson(res, 405, { error: 'method not allowed' });
    route.handler(req, res);
  });
  // Probes and scrapes are short: do not let an idle keep-alive hold shutdown up.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  log.info({ port: typeof address === 'object' && address !== null ? address.port : port }, listening);
  return server;
}
