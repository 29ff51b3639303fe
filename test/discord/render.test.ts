import { describe, expect, it } from 'vitest';
import { escapeDiscord, plainText, renderDiscord, settleComponents } from '../../adapters/discord/render.ts';
import { buildDigest } from '../../src/core/digest.ts';
import type { Member } from '../../src/core/model.ts';
import { nudgeMessage } from '../../src/core/nudge-message.ts';
import { at, promise, settingsIn } from '../core/fixtures.ts';
import { FLAGS, payloadProblems } from '../support/fake-discord.ts';
import { componentsOf, customIdsOf, markdownOf, shown } from './harness.ts';

const ZONE = 'Europe/Berlin';
const member: Member = {
  id: 'm',
  workspaceId: 'w',
  externalId: 'U1',
  displayName: 'Alice',
  settings: settingsIn(ZONE),
  timeZoneAskedAt: null,
  deliveryProblem: null,
  countryAskedAt: null,
  createdAt: new Date('2026-11-01T00:00:00Z'),
};
const NOW = at('2026-12-08T09:00', ZONE);

/** A digest with `overdue` promises past due and one the member is waiting on. */
function digestOf(overdue: number) {
  const promises = Array.from({ length: overdue }, (_, i) =>
    promise({
      id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      ref: i + 1,
      contact: { name: `Contact Number${i + 1}`, role: 'recruiter', company: `Company ${i + 1}` },
      due: { at: at(`2026-12-0${(i % 4) + 1}T15:00`, ZONE), precision: 'time' },
    }),
  );
  const waiting = promise({
    id: '00000000-0000-4000-9000-000000000001',
    ref: 99,
    due: { at: at('2026-12-20T10:00', ZONE), precision: 'time' },
  });
  const message = buildDigest({ member, promises: [...promises, waiting], now: NOW });
  if (message === null) throw new Error('expected a digest');
  return { message, promises };
}

/** The refs a payload lists, read from its text. */
function listedRefs(body: unknown): number[] {
  return [
    ...markdownOf(body)
      .map(shown)
      .join('\n')
      .matchAll(/^#(\d+) /gm),
  ].map((m) => Number(m[1]));
}

describe('Discord rendering', () => {
  it('a nudge is Components V2: its text, then the buttons and menus of DESIGN.md', () => {
    const p = promise({ id: '00000000-0000-4000-8000-000000000001' });
    const payload = renderDiscord(
      nudgeMessage(p, { kind: 'follow_up', attempt: 1, channel: 'email' }, member.settings, NOW),
    );
    expect(payload).toMatchSnapshot();
    expect(payloadProblems({ ...payload }, FLAGS.componentsV2)).toEqual([]);
  });

  it('a digest of four overdue promises gives each its buttons and menus, within the limits', () => {
    const { message, promises } = digestOf(4);
    const payload = renderDiscord(message);
    expect(payload.flags).toBe(FLAGS.componentsV2);
    expect(payload.embeds).toEqual([]);
    expect(payloadProblems({ ...payload }, FLAGS.componentsV2)).toEqual([]);
    for (const p of promises)
      for (const kind of ['followed', 'heard', 'snooze', 'close'])
        expect(customIdsOf(payload)).toContain(`thrice:${kind}:${p.id}`);
    expect(payload).toMatchSnapshot();
  });

  it.each([1, 5, 6, 12, 20, 40])(
    'a digest of %i overdue promises lists each with its own controls, within Discord’s limits, and counts what it left out',
    (n) => {
      const { message, promises } = digestOf(n);
      const payload = renderDiscord(message);
      expect(payloadProblems({ ...payload }, FLAGS.componentsV2)).toEqual([]);
      const listed = listedRefs(payload).filter((ref) => ref !== 99);
      expect(listed.length).toBeGreaterThan(0);
      for (const ref of listed) {
        const id = promises[ref - 1]?.id ?? '';
        expect(customIdsOf(payload).some((custom) => custom.endsWith(`:${id}`))).toBe(true);
      }
      // Honest about the rest: what is shown and the "…and N more" count add up to every item.
      const text = markdownOf(payload).map(shown).join('\n');
      const omitted = Number(/…and (\d+) more not shown here/.exec(text)?.[1] ?? 0);
      const total = message.sections.reduce((sum, s) => sum + s.items.length, 0);
      const suggestion = text.includes('your target is') ? 1 : 0;
      expect(listedRefs(payload).length + suggestion + omitted).toBe(total);
      if (n >= 12) expect(omitted).toBeGreaterThan(0);
      if (n <= 5) expect(omitted).toBe(0);
    },
  );

  it('pressing one promise after another keeps every other promise’s controls and stays within the limits', () => {
    const { message, promises } = digestOf(12);
    let components = renderDiscord(message).components;
    const listed = promises.filter((p) => customIdsOf({ components }).some((id) => id.endsWith(p.id)));
    for (const [i, p] of listed.entries()) {
      const result = `Logged follow-up 1 of 3 with ${p.contact.name} (recruiter, ${p.contact.company}) — ${'a long note '.repeat(20)}`;
      const settled = settleComponents(components, p.id, result);
      if (settled === null) throw new Error(`no controls for ${p.id}`);
      components = settled;
      expect(payloadProblems({ components }, FLAGS.componentsV2)).toEqual([]);
      expect(customIdsOf({ components }).filter((id) => id.endsWith(p.id))).toEqual([]);
      for (const other of listed.slice(i + 1))
        expect(customIdsOf({ components }).some((id) => id.endsWith(other.id))).toBe(true);
    }
    expect(componentsOf({ components }).filter((c) => String(c.content ?? '').startsWith('✓'))).toHaveLength(
      listed.length,
    );
    expect(settleComponents(components, listed[0]?.id ?? '', 'again')).toBeNull();
  });

  it('escapes every markdown character and shows the text exactly as typed', () => {
    const typed =
      '[x](https://e.example) # -# > - 1. ``` `c` ||s|| **b** *i* __u__ ~~s~~ <t:1:R> <@1> @everyone \\';
    const escaped = escapeDiscord(typed);
    expect(shown(escaped).replace(/\u200b/g, '')).toBe(typed);
    expect(escaped.replace(/\\[^\p{L}\p{N}\s]/gu, '')).not.toMatch(/[[\]<>#*_~|`:@\\-]/);
  });

  it('plain text for labels and choices: one line, invisible characters dropped, mention syntax broken, cut with an ellipsis', () => {
    expect(plainText('Jane\n\u202eDoe <@123> @here [a](b)', 100)).toBe(
      'Jane Doe <\u200b@123> @\u200bhere [a]\u200b(b)',
    );
    expect(plainText('x'.repeat(120), 100)).toHaveLength(100);
    const emoji = plainText('😀'.repeat(60), 100);
    expect(emoji.length).toBeLessThanOrEqual(100);
    expect(emoji).toBe(`${'😀'.repeat(49)}…`);
  });
});
