import { afterEach, beforeEach, expect, it } from 'vitest';
import { renderHome } from '../../adapters/slack/home.ts';
import { renderBlocks, renderFallback } from '../../adapters/slack/render.ts';
import type { Message } from '../../src/core/message.ts';
import { planTick } from '../../src/scheduler/planner.ts';
import { actor, describeOnDrivers, openWorld, say, testLog } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

/**
 * What a hostile member may type as a display name, a contact, a company or a note: Slack's
 * mentions and links, and other platforms' markup for good measure.
 */
const CORPUS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S123|@team>',
  '<@U0HOSTILE>',
  '<#C0HOSTILE|general>',
  '<https://evil.example/x|Claim prize>',
  '<mailto:a@evil.example|mail>',
  '[Claim prize](https://evil.example/x)',
  '&lt;!channel&gt;',
  '@everyone',
  '# Heading',
  '> quote',
];

/** A live Slack mention or link: `<` followed by what Slack parses as one. */
const LIVE_SLACK = /<(?:!|@|#|https?:|mailto:)/i;

/**
 * Thrice's own link to write to the contact (issue 13): a `mailto:` of a checked address with the
 * subject and body percent-encoded, labelled "E-mail <name>". Only in the member's own messages.
 */
const OWN_MAILTO =
  /<mailto:[A-Za-z0-9@._+'%-]+\?subject=[A-Za-z0-9%._~'()!*-]*(?:&amp;body=[A-Za-z0-9%._~'()!*-]*)?\|E-mail [^<>|]*>/g;

/** Every `text` string in rendered Slack blocks. */
function blockTexts(blocks: unknown): string[] {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.text === 'string') texts.push(record.text);
      Object.values(record).forEach(walk);
    }
  };
  walk(blocks);
  return texts;
}

/** Every mrkdwn and plain text of a rendered Slack message, and its notification text. */
function slackTexts(message: Message): string[] {
  return [renderFallback(message), ...blockTexts(renderBlocks(message))];
}

describeOnDrivers('hostile markup through every Slack surface', (driver) => {
  let world: World;
  beforeEach(async () => {
    world = await openWorld({ driver, now: '2026-11-30T08:00:00Z' }); // Monday 30 Nov
  });
  afterEach(async () => {
    await world.close();
  });

  it.each(CORPUS)(
    '%s stays text in replies, lists, digests, nudges, App Home and roundups',
    async (attack) => {
      const admin = actor('Admin', 'UTC');
      const base = actor('Hostile', 'UTC');
      const member = { ...base, user: { ...base.user, displayName: `${attack} Hostile` } };
      await say(world.inbound, admin, 'channel <#C123|job-hunt>');
      await planTick({ store: world.outbox, now: world.clock.now(), log: testLog });
      await say(world.inbound, member, 'settings share on');

      const surfaces: Message[] = [];
      surfaces.push(
        await say(
          world.inbound,
          member,
          `Zed ${attack} (recruiter, ${attack} Corp) will call me back by Tuesday 3pm -- ${attack}`,
        ),
      );
      surfaces.push(await say(world.inbound, member, `Nia ${attack} will call me by 2pm`));
      surfaces.push(await say(world.inbound, member, `followed zed ${attack}`));
      surfaces.push(await say(world.inbound, member, 'list'));
      surfaces.push(await world.inbound.view(member, 'home'));
      // Monday's digest goes out on time, so Nia's timed nudge later comes on its own (a digest
      // caught up at the same moment would carry it instead).
      world.clock.set('2026-11-30T09:00:00Z');
      surfaces.push(
        ...(await planTick({ store: world.outbox, now: world.clock.now(), log: testLog })).planned.map(
          (delivery) => delivery.message,
        ),
      );
      world.clock.set('2026-11-30T17:30:00Z'); // Nia's timed nudge
      surfaces.push(
        ...(await planTick({ store: world.outbox, now: world.clock.now(), log: testLog })).planned.map(
          (delivery) => delivery.message,
        ),
      );
      for (const day of ['2026-12-01', '2026-12-02', '2026-12-03']) {
        world.clock.set(`${day}T16:00:00Z`);
        surfaces.push(await say(world.inbound, member, 'followed #1'));
        const planned = await planTick({ store: world.outbox, now: world.clock.now(), log: testLog });
        surfaces.push(...planned.planned.map((delivery) => delivery.message));
      }
      world.clock.set('2026-12-07T10:00:00Z');
      const monday = await planTick({ store: world.outbox, now: world.clock.now(), log: testLog });
      surfaces.push(...monday.planned.map((delivery) => delivery.message));
      surfaces.push(await world.inbound.view(member, 'digest'));

      const kinds = new Set(surfaces.map((message) => message.kind));
      for (const kind of ['confirmation', 'reply', 'home', 'nudge', 'digest', 'roundup'] as const)
        expect(kinds).toContain(kind);
      // The App Home dashboard, every page of it.
      const home = await world.inbound.home(member);
      const first = renderHome(home, 0);
      const homeTexts = Array.from({ length: first.pages }, (_, page) =>
        blockTexts(renderHome(home, page).blocks),
      ).flat();
      const texts = [...surfaces.flatMap(slackTexts), ...homeTexts];
      expect(homeTexts.join('\n')).toContain('Zed');
      // The attack reached the rendered text (escaped), and nowhere is it live: the only link is
      // Thrice's own e-mail link to an address the member gave, never in a shared channel.
      expect(texts.join('\n')).toContain('Hostile');
      for (const text of texts) expect(text.replace(OWN_MAILTO, '')).not.toMatch(LIVE_SLACK);
      for (const roundup of surfaces.filter((message) => message.kind === 'roundup'))
        for (const text of slackTexts(roundup)) expect(text).not.toMatch(LIVE_SLACK);
    },
  );
});
