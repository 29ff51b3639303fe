import { existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DrizzleOrganiserStore } from '../../db/organiser-store.ts';
import { createInbound } from '../../src/app/inbound.ts';
import { groupChartSvg } from '../../src/charts/stats-chart.ts';
import type { Message } from '../../src/core/message.ts';
import { organiserChartData } from '../../src/core/organiser-report.ts';
import { organiserLinks, organiserRoute } from '../../src/organiser/route.ts';
import { startOpsServer } from '../../src/runtime/ops-server.ts';
import { ROOT } from '../support/run-thrice.ts';
import { actor, describeOnDrivers, openWorld, say, testLog } from '../support/world.ts';

/** Debian's Chromium; CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** `UPDATE_SCREENSHOTS=1` writes the README's picture; otherwise screenshots go to a temp folder. */
const SHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(ROOT, 'docs/images')
    : mkdtempSync(join(tmpdir(), 'thrice-shots-'));
const NOW = '2026-12-01T09:00:00Z';
const DAY = 24 * 3_600_000;

function urlIn(message: Message): string {
  const text = message.sections
    .flatMap((s) => s.items.flatMap((i) => [i.text, ...(i.details ?? []), i.link?.url ?? '']))
    .join('\n');
  return text.match(/http:\/\/\S+/)?.[0] ?? '';
}

let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  // As root (CI) Chromium needs --no-sandbox; the page is our own and loads nothing else.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
});

describeOnDrivers('the organiser page in a real browser', (driver) => {
  it('renders the group on a phone and a desktop; expired and forged links are refused; no contact appears', async () => {
    const world = await openWorld({ driver, now: NOW });
    const store = new DrizzleOrganiserStore(world.database.db);
    const route = organiserRoute({
      store,
      clock: world.clock,
      log: testLog,
      chart: async (report) => groupChartSvg(organiserChartData(report)),
    });
    const server = await startOpsServer([route], 0, testLog);
    try {
      const address = server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
      const inbound = createInbound({
        store: world.store,
        clock: world.clock,
        log: testLog,
        organiser: organiserLinks(store, () => base),
      });
      const admin = { ...actor('Ada', 'America/New_York', 'bootcamp'), canManageWorkspace: true };
      const members = ['Ben', 'Cleo', 'Dev'].map((name) => actor(name, 'America/New_York', 'bootcamp'));
      for (const [i, member] of members.entries()) {
        if (i < 2) await say(inbound, member, 'settings share on');
        for (let week = 10; week >= 0; week -= 1 + i) {
          world.clock.set(new Date(Date.parse(NOW) - week * 7 * DAY));
          await say(
            inbound,
            member,
            `Contact${week}x${i} Smith (recruiter, Company${week}x${i}) will call me tomorrow`,
          );
          world.clock.set(new Date(Date.parse(NOW) - week * 7 * DAY + 3 * DAY));
          await say(inbound, member, `followed contact${week}x${i}`);
          if (week % 3 === 0) await say(inbound, member, `heard contact${week}x${i}`);
        }
      }
      world.clock.set(new Date(NOW));
      const url = urlIn(await say(inbound, admin, 'dashboard'));

      const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
      const response = await phone.goto(url);
      expect(response?.status()).toBe(200);
      await expect(phone.title()).resolves.toMatch(/bootcamp — Thrice organiser page/);
      // biome-ignore lint/performance/useDomNodeTextContent: the text as a reader sees it rendered
      expect(await phone.locator('h1').innerText()).toMatch(/the job hunt, week by week/);
      expect(await phone.locator('tbody tr').count()).toBe(12);
      // The chart is drawn in the page (inline SVG, nothing fetched), and fits the phone's width.
      const chart = phone.locator('figure.chart svg');
      expect(await chart.isVisible()).toBe(true);
      expect((await chart.boundingBox())?.width).toBeLessThanOrEqual(390);
      // biome-ignore lint/performance/useDomNodeTextContent: the text as a reader sees it rendered
      expect(await phone.locator('figure.chart').innerText()).toMatch(/Follow-ups/);
      expect(await phone.locator('ol li').allInnerTexts()).toEqual(
        expect.arrayContaining([expect.stringMatching(/^Ben — /), expect.stringMatching(/^Cleo — /)]),
      );
      // Nothing is cut off sideways on a phone, apart from the table's own scroller.
      const overflow = Number(
        await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
      );
      expect(overflow).toBeLessThanOrEqual(0);
      // biome-ignore lint/performance/useDomNodeTextContent: the text as a reader sees it rendered
      const text = await phone.locator('body').innerText();
      expect(text).not.toMatch(/Contact\d|Company\d|Smith/);
      expect(await phone.content()).not.toMatch(/Contact\d|Company\d|Smith/);
      mkdirSync(SHOTS, { recursive: true });
      const shot = join(SHOTS, `organiser-page${driver === 'pglite' ? '' : `-${driver}`}.png`);
      await phone.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);

      const desktop = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await desktop.goto(url);
      expect(await desktop.locator('table').isVisible()).toBe(true);

      const [payload] = (new URL(url).searchParams.get('t') ?? '').split('.');
      const forged = await desktop.goto(`${base}/organiser?t=${payload}.${'A'.repeat(43)}`);
      expect(forged?.status()).toBe(403);
      // biome-ignore lint/performance/useDomNodeTextContent: the text as a reader sees it rendered
      expect(await desktop.locator('h1').innerText()).toBe('This page can’t be shown');
      world.clock.set(new Date(Date.parse(NOW) + 2 * DAY));
      const expired = await desktop.goto(url);
      expect(expired?.status()).toBe(403);
      // biome-ignore lint/performance/useDomNodeTextContent: the text as a reader sees it rendered
      expect(await desktop.locator('body').innerText()).toMatch(/expired/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await world.close();
    }
  });
});
