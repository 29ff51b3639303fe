import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { type OrganiserReport, organiserReport } from '../core/organiser-report.ts';
import type { OrganiserStore } from '../core/ports/organiser.ts';
import type { Clock } from '../core/ports/store.ts';
import type { OpsRoute } from '../runtime/ops-server.ts';
import { checkLink, LINK_TTL_MS, signLink } from './link.ts';
import { organiserPage, refusalPage } from './page.ts';

/** Where the page is served, on the public port. */
export const ORGANISER_PATH = '/organiser';

/**
 * Makes page links for a workspace's organisers: its admins, and the member who chose its
 * accountability channel. `publicUrl` says where members' browsers reach this process (asked at
 * each link: the port bound may be known only after start).
 */
export function organiserLinks(store: OrganiserStore, publicUrl: () => string) {
  return {
    async link(
      asker: { workspaceId: string; memberId: string; isAdmin: boolean },
      now: Date,
    ): Promise<{ url: string; expiresAt: Date } | null> {
      const { workspaceId } = asker;
      if (!asker.isAdmin && (await store.workspace(workspaceId))?.channelSetBy !== asker.memberId)
        return null;
      const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
      const token = signLink(await store.linkKey(), workspaceId, expiresAt);
      return { url: `${publicUrl().replace(/\/+$/, '')}${ORGANISER_PATH}?t=${token}`, expiresAt };
    },
  };
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // Nothing is fetched or run: inline styles and inline SVG only; the token never leaves in a Referer.
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
  res.end(html);
}

/** The organiser page as a route: a valid, unexpired link shows its workspace's page; anything else gets 403. */
export function organiserRoute(options: {
  store: OrganiserStore;
  clock: Clock;
  log: Logger;
  /** Draws the weekly chart as inline SVG; the page shows its table alone without it. */
  chart?: (report: OrganiserReport) => Promise<string>;
}): OpsRoute {
  const { store, clock, log } = options;
  return {
    path: ORGANISER_PATH,
    method: ['GET'],
    handler: (req, res) => {
      const token = URL.parse(req.url ?? '/', 'http://localhost')?.searchParams.get('t') ?? '';
      const answer = async () => {
        const now = clock.now();
        const checked = checkLink(await store.linkKey(), token, now);
        if (!checked.ok) {
          log.info({ refusal: checked.refusal }, 'organiser link refused');
          return sendHtml(res, 403, refusalPage(checked.refusal));
        }
        const report = await organiserReport(store, checked.workspaceId, now);
        if (report === null) return sendHtml(res, 403, refusalPage('gone'));
        const chartSvg = await options.chart?.(report).catch((error: unknown) => {
          log.warn({ err: error }, 'organiser chart not drawn; the page shows its table');
          return undefined;
        });
        sendHtml(res, 200, organiserPage(report, chartSvg === undefined ? { now } : { now, chartSvg }));
      };
      answer().catch((error: unknown) => {
        log.error({ err: error }, 'organiser page failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Something went wrong on our side; try again in a minute.');
      });
    },
  };
}
