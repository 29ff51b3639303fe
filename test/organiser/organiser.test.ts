import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderText } from '../../adapters/console/render.ts';
import { renderDiscord } from '../../adapters/discord/render.ts';
import { renderBlocks } from '../../adapters/slack/render.ts';
import { DrizzleOrganiserStore } from '../../db/organiser-store.ts';
import { createInbound } from '../../src/app/inbound.ts';
import type { Message } from '../../src/core/message.ts';
import { lastWeeks, ORGANISER_WEEKS } from '../../src/core/organiser-report.ts';
import { checkLink, signLink } from '../../src/organiser/link.ts';
import { organiserLinks, organiserRoute } from '../../src/organiser/route.ts';
import { startOpsServer } from '../../src/runtime/ops-server.ts';
import { actor, describeOnDrivers, openWorld, resetDatabase, say, testLog } from '../support/world.ts';

/** Tuesday 1 December 2026, 10:00 in Berlin. */
const NOW = '2026-12-01T09:00:00Z';
const DAY = 24 * 3_600_000;

function lines(message: Message): string {
  return message.sections
    .flatMap((s) => s.items.flatMap((i) => [i.text, ...(i.details ?? []), i.link?.url ?? '']))
    .join('\n');
}

describe('organiser links', () => {
  const key = Buffer.alloc(32, 7);
  const now = new Date(NOW);

  it('open the page of the workspace they were made for until they expire', () => {
    const token = signLink(key, 'ws-1', new Date(now.getTime() + DAY));
    expect(checkLink(key, token, now)).toEqual({
      ok: true,
      workspaceId: 'ws-1',
      expiresAt: new Date(now.getTime() + DAY),
    });
    expect(checkLink(key, token, new Date(now.getTime() + DAY))).toEqual({ ok: false, refusal: 'expired' });
  });

  it('refuse a link signed with another key, or with its workspace or expiry changed', () => {
    const token = signLink(key, 'ws-1', new Date(now.getTime() + DAY));
    expect(checkLink(Buffer.alloc(32, 8), token, now)).toEqual({ ok: false, refusal: 'forged' });
    const [, signature] = token.split('.');
    const other = Buffer.from(
      JSON.stringify({ w: 'ws-2', e: Math.floor(now.getTime() / 1000) + 86_400 }),
    ).toString('base64url');
    expect(checkLink(key, `${other}.${signature}`, now)).toEqual({ ok: false, refusal: 'forged' });
    for (const junk of ['', '.', 'abc', 'a.b.c', `${token}x`])
      expect(checkLink(key, junk, now).ok, junk).toBe(false);
  });
});

describeOnDrivers('the organiser page', (driver) => {
  let world: Awaited<ReturnType<typeof openWorld>>;
  let organiser: DrizzleOrganiserStore;
  let inbound: ReturnType<typeof createInbound>;
  let base = '';
  let close: () => Promise<void>;
  const admin = { ...actor('Ada', 'Europe/Berlin', 'job-club'), canManageWorkspace: true };
  const member = { ...actor('Ben', 'Europe/Berlin', 'job-club'), canManageWorkspace: false };
  const quiet = { ...actor('Cy', 'Europe/Berlin', 'job-club'), canManageWorkspace: false };
  const elsewhere = { ...actor('Dee', 'Europe/Berlin', 'other-club'), canManageWorkspace: true };

  beforeAll(async () => {
    world = await openWorld({ driver, now: NOW });
    organiser = new DrizzleOrganiserStore(world.database.db);
    const server = await startOpsServer(
      [organiserRoute({ store: organiser, clock: world.clock, log: testLog })],
      0,
      testLog,
    );
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    inbound = createInbound({
      store: world.store,
      clock: world.clock,
      log: testLog,
      organiser: organiserLinks(organiser, () => base),
    });
    close = async () => {
      await new Promise((resolve) => server.close(resolve));
      await world.close();
    };
  });
  afterAll(() => close());
  beforeEach(async () => {
    await resetDatabase(world.database);
    world.clock.set(new Date(NOW));
  });

  /** Three weeks of a group: Ben shares and works every day; Cy keeps to himself. */
  async function seedGroup() {
    world.clock.set(new Date(Date.parse(NOW) - 15 * DAY));
    await say(inbound, member, 'settings share on');
    await say(
      inbound,
      member,
      'Jane Doe (recruiter, Acme Secret Corp) will call me back tomorrow -- salary talk',
    );
    await say(inbound, quiet, 'Omar Quist (hiring manager, Hidden Labs) will email me Friday');
    world.clock.set(new Date(Date.parse(NOW) - 8 * DAY));
    await say(inbound, member, 'followed jane via email');
    await say(inbound, quiet, 'heard omar');
    for (let day = 3; day >= 0; day--) {
      world.clock.set(new Date(Date.parse(NOW) - day * DAY));
      await say(
        inbound,
        member,
        `Recruiter${day} Person (recruiter, Firm${day}) will call me back next week`,
      );
    }
    await say(inbound, member, 'close jane offer');
  }

  it('counts the group week by week, set-wise, and streaks only for members who share', async () => {
    await seedGroup();
    const { id } = await world.store.ensureWorkspace(admin.workspace);
    const weeks = lastWeeks(new Date(NOW), 'Europe/Berlin');
    expect(weeks).toHaveLength(ORGANISER_WEEKS);
    const counted = await organiser.groupWeeks(id, weeks);
    const last3 = counted.slice(-3).map((w) => [w.activeMembers, w.followUps, w.callbacks, w.offers]);
    // Two weeks ago both added; last week Ben followed up and Cy heard back; this week Ben added and got an offer.
    expect(last3).toEqual([
      [2, 0, 0, 0],
      [2, 1, 1, 0],
      [1, 0, 0, 1],
    ]);
    expect(counted.slice(0, -3).every((w) => w.activeMembers + w.followUps === 0)).toBe(true);
    const sharers = await organiser.sharers(id);
    expect(sharers.map((s) => s.member.displayName)).toEqual(['Ben']);
    // The key is made once and every instance reads the same one.
    expect(await new DrizzleOrganiserStore(world.database.db).linkKey()).toEqual(await organiser.linkKey());
  });

  it('/promise dashboard gives an admin a link; the page shows counts and never a contact, company or note', async () => {
    await seedGroup();
    expect(lines(await say(inbound, member, 'dashboard'))).toMatch(/for workspace admins/);
    // Whoever chose the accountability channel organises the group too.
    const ben = await inbound.memberFor(member);
    await world.store.setAccountabilityChannel(ben.workspaceId, 'C-club', ben.id);
    expect(lines(await say(inbound, member, 'dashboard'))).toMatch(/\/organiser\?t=/);
    expect(lines(await say(inbound, quiet, 'dashboard'))).toMatch(/for workspace admins/);
    const reply = await say(inbound, admin, 'dashboard');
    const url = lines(reply).match(/http:\/\/\S+/)?.[0] ?? '';
    expect(url.startsWith(`${base}/organiser?t=`)).toBe(true);
    expect(lines(reply)).toMatch(/works for 24 hours/);
    // A link the member can open on each platform: never escaped or italicised into a dead one.
    expect(JSON.stringify(renderBlocks(reply))).toContain(`*<${url}|Open the organiser page>*`);
    expect(JSON.stringify(renderDiscord(reply))).toContain(`**[Open the organiser page](<${url}>)**`);
    expect(renderText(reply).text).toContain(`Open the organiser page: ${url}`);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toMatch(/<strong>1<\/strong> follow-ups logged/);
    expect(html).toMatch(/<strong>1<\/strong> offers/);
    expect(html).toMatch(/Ben — \d+ working days?/);
    expect(html).not.toMatch(/Cy —/);
    for (const secret of ['Jane', 'Acme', 'Secret', 'salary', 'Omar', 'Hidden', 'Recruiter0', 'Firm'])
      expect(html, secret).not.toContain(secret);

    // Another workspace's admin gets a link to their own group only.
    const theirs = lines(await say(inbound, elsewhere, 'dashboard')).match(/http:\/\/\S+/)?.[0] ?? '';
    expect(await (await fetch(theirs)).text()).not.toMatch(/Ben —/);

    // Expired a day later, and a forged or missing token is refused alike.
    world.clock.set(new Date(Date.parse(NOW) + DAY + 1));
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/expired/);
    world.clock.set(new Date(NOW));
    const token = new URL(url).searchParams.get('t') ?? '';
    const [payload] = token.split('.');
    for (const forged of [`${payload}.AAAA`, `${payload}`, ''])
      expect((await fetch(`${base}/organiser?t=${encodeURIComponent(forged)}`)).status, forged).toBe(403);
    expect((await fetch(`${base}/organiser`)).status).toBe(403);
  });

  it('escapes what members typed as their name', async () => {
    const hostile = {
      ...actor('<script>alert(1)</script>', 'Europe/Berlin', 'job-club'),
      canManageWorkspace: false,
    };
    await say(inbound, hostile, 'settings share on');
    await say(inbound, hostile, 'Jane will call me back tomorrow');
    const url = lines(await say(inbound, admin, 'dashboard')).match(/http:\/\/\S+/)?.[0] ?? '';
    const html = await (await fetch(url)).text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
  });
});
