import { describe, expect, it } from 'vitest';
import { headerBlock, renderBlocks, renderFallback } from '../../adapters/slack/render.ts';
import { buildDigest } from '../../src/core/digest.ts';
import type { Member } from '../../src/core/model.ts';
import { listReply, statsReply } from '../../src/core/replies.ts';
import { buildRoundup } from '../../src/core/roundup.ts';
import { at, promise, settingsIn } from '../core/fixtures.ts';

const NASTY = '<!channel> <!here> <@U123> <!subteam^S1> <https://x.example|y> & @everyone';
const ZONE = 'Europe/Berlin';
const member: Member = {
  id: 'm',
  workspaceId: 'w',
  externalId: 'U1',
  displayName: `Alice ${NASTY}`,
  settings: settingsIn(ZONE, { share: true }),
  timeZoneAskedAt: null,
  deliveryProblem: null,
  countryAskedAt: null,
  createdAt: new Date('2026-11-01T00:00:00Z'),
};

function digest() {
  const overdue = promise({
    contact: { name: `Sam ${NASTY}`, role: 'recruiter', company: `Initech ${NASTY}` },
    what: `call you ${NASTY}`,
    note: NASTY,
    due: { at: at('2026-12-04T23:59:59.999', ZONE), precision: 'day' },
  });
  const waiting = promise({ id: 'p2', ref: 2, due: { at: at('2026-12-20T10:00', ZONE), precision: 'time' } });
  const message = buildDigest({ member, promises: [overdue, waiting], now: at('2026-12-08T09:00', ZONE) });
  if (message === null) throw new Error('expected a digest');
  return message;
}

describe('Block Kit rendering', () => {
  it('renders the digest as sections with the buttons and selects of each promise', () => {
    expect(renderBlocks(digest())).toMatchSnapshot();
  });

  it('no member text can become a mention or a link, in the digest or the roundup', () => {
    const roundup = buildRoundup({
      workspace: { roundupCadence: 'weekly' },
      period: { from: at('2026-12-01T10:00', ZONE), to: at('2026-12-08T10:00', ZONE) },
      activity: {
        followUps: 3,
        callbacks: 1,
        activeMembers: 1,
        sharers: [
          {
            member,
            promises: [
              promise({
                followUps: [1, 2, 3].map((n) => ({
                  id: `f${n}`,
                  promiseId: 'p1',
                  at: at(`2026-12-0${n + 1}T10:00`, ZONE),
                  attempt: n,
                  channel: null,
                  note: NASTY,
                })),
              }),
            ],
          },
        ],
      },
      now: at('2026-12-08T10:00', ZONE),
    });
    for (const message of [digest(), roundup]) {
      const out = JSON.stringify(renderBlocks(message)) + renderFallback(message);
      expect(out).not.toMatch(/<!channel>|<!here>|<@U123>|<!subteam|<https:/);
      expect(out).toContain('&lt;!channel&gt;');
    }
  });

  it('keeps within Slack’s 50-block limit, pointing to the full list', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      promise({
        id: `p${i}`,
        ref: i + 1,
        due: { at: at('2026-12-04T23:59:59.999', ZONE), precision: 'day' },
      }),
    );
    const message = buildDigest({ member, promises: many, now: at('2026-12-08T09:00', ZONE) });
    const blocks = renderBlocks(message ?? { kind: 'digest', sections: [], fallbackText: '' });
    expect(blocks).toHaveLength(50);
    expect(JSON.stringify(blocks.at(-1))).toContain('/promise list');
  });

  it('titles of the digest, the list and the stats are header blocks', () => {
    const now = at('2026-12-08T09:00', ZONE);
    const promises = [promise({ due: { at: at('2026-12-20T10:00', ZONE), precision: 'time' } })];
    for (const [message, title] of [
      [digest(), 'Good morning, Alice — Tuesday 8 Dec'],
      [listReply(promises, member.settings, now), 'Open promises (1)'],
      [statsReply(promises, member.settings, now), 'Your follow-up stats'],
    ] as const) {
      const [first] = renderBlocks(message);
      expect(first).toEqual({ type: 'header', text: { type: 'plain_text', text: title, emoji: true } });
    }
  });

  it('a header keeps within 150 characters, escaped, without cutting an escape in half', () => {
    const header = headerBlock(`Good morning, ${'<!channel> '.repeat(30)}`);
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    expect(header.text.text).not.toMatch(/<!channel>/);
    expect(header.text.text).toMatch(/…$/);
    // Take out the whole escapes: no lone & < or > is left, so none was cut in half.
    expect(header.text.text.replace(/&(?:lt|gt|amp);/g, '')).not.toMatch(/[&<>]/);
  });
});
