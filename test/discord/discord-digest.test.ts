import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { FollowUpPromise } from '../../src/core/model.ts';
import { resetDatabase } from '../support/database.ts';
import { dmChannelOf, FLAGS, type Sender, USER_ID } from '../support/fake-discord.ts';
import { describeOnDrivers } from '../support/world.ts';
import {
  componentsOf,
  customIdsOf,
  type Harness,
  markdownOf,
  openHarness,
  STRING,
  shown,
  shownText,
} from './harness.ts';

/*
 * A digest lists every overdue promise, and each needs its own actions. Discord allows five
 * action rows a message, or 40 components and 4,000 characters of text with Components V2: a
 * digest of twelve overdue promises must fit, give each listed promise its controls, say what it
 * left out, and keep the other promises' controls when one is pressed.
 */

const NAMES = ['Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay', 'Gus', 'Hal', 'Ida', 'Jon', 'Kim', 'Lou'];
const ALICE_DM: Sender = { userId: USER_ID, globalName: 'Alice', dm: true };

/** The refs a payload lists (lines that start with "#n "), read as the member sees them. */
function listedRefs(body: unknown): number[] {
  return [
    ...markdownOf(body)
      .map(shown)
      .join('\n')
      .matchAll(/^#(\d+) /gm),
  ].map((m) => Number(m[1]));
}

/** How many components Discord counts in a payload, at every depth. */
const componentCount = (body: unknown) => componentsOf(body).length;
/** Characters across a payload's text displays. */
const textCount = (body: unknown) =>
  componentsOf(body)
    .filter((c) => c.type === 10)
    .reduce((n, c) => n + String(c.content).length, 0);

describeOnDrivers('Discord digests with many promises', (driver) => {
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(driver, { now: '2026-11-30T08:00:00Z' });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await resetDatabase(h.world.database);
    h.world.clock.set('2026-11-30T08:00:00Z');
    h.discord.rejections.length = 0;
    h.discord.messages.length = 0;
  });

  async function addTwelve(): Promise<FollowUpPromise[]> {
    for (const [i, name] of NAMES.entries()) {
      const hour = 9 + (i % 8);
      await h.slash('add', [
        { name: 'text', type: STRING, value: `${name} (recruiter, Acme) will call me back today ${hour}:00` },
      ]);
    }
    const member = await h.world.inbound.memberFor({
      workspace: { platform: 'discord', externalId: '200000000000000001', name: null },
      user: { externalId: USER_ID, displayName: 'Alice' },
      canManageWorkspace: false,
    });
    const open = await h.world.store.listPromises({ workspaceId: member.workspaceId, memberId: member.id });
    expect(open).toHaveLength(12);
    return open;
  }

  it('a digest of twelve overdue promises: every listed one has its actions, within Discord’s limits, the rest counted', async () => {
    const open = await addTwelve();
    await h.tickAt('2026-12-01T09:00:00Z');
    const digest = h.discord.messages.find(
      (m) => m.channel_id === dmChannelOf(USER_ID) && shownText(m.body).includes('Good morning, Alice'),
    );
    if (digest === undefined) throw new Error('no digest');
    const body = h.discord.message(digest.id);
    const listed = listedRefs(body);
    const idOf = (ref: number) => open.find((p) => p.ref === ref)?.id ?? 'missing';
    const controlled = (message: unknown, ref: number) =>
      customIdsOf(message).some((id) => id.endsWith(`:${idOf(ref)}`));
    expect(listed.length).toBeGreaterThanOrEqual(6);
    expect(listed.filter((ref) => !controlled(body, ref))).toEqual([]);
    const omitted = Number(/…and (\d+) more not shown here/.exec(shownText(body))?.[1] ?? 0);
    expect(listed.length + omitted).toBe(12);
    expect(shownText(body)).toMatch(/see `\/promise list`/);
    expect(h.discord.rejections).toEqual([]);
    expect(body.flags).toBe(FLAGS.componentsV2);
    expect(componentCount(body)).toBeLessThanOrEqual(40);
    expect(textCount(body)).toBeLessThanOrEqual(4000);

    // One promise's action updates the message in place; every other listed promise keeps its menu.
    const [first = 0, second = 0] = listed;
    const pressed = await h.press(`thrice:do:${idOf(first)}`, body, { ...ALICE_DM, values: ['followed'] });
    expect(pressed.type).toBe(7);
    const afterOne = h.discord.message(digest.id);
    expect(controlled(afterOne, first)).toBe(false);
    expect(listed.slice(1).filter((ref) => !controlled(afterOne, ref))).toEqual([]);
    expect(shownText(afterOne)).toMatch(new RegExp(`✓ Logged follow-up 1 of 3 with ${NAMES[first - 1]}`));

    const closed = await h.press(`thrice:do:${idOf(second)}`, afterOne, {
      ...ALICE_DM,
      values: ['close:offer'],
    });
    expect(closed.type).toBe(7);
    const after = await h.world.store.listPromises(
      { workspaceId: open[0]?.workspaceId ?? '', memberId: open[0]?.memberId ?? '' },
      { includeClosed: true },
    );
    expect(after.find((p) => p.ref === first)?.followUps).toHaveLength(1);
    expect(after.find((p) => p.ref === second)?.outcome).toBe('offer');
    expect(customIdsOf(h.discord.message(digest.id))).toHaveLength(listed.length - 2);
    expect(h.discord.rejections).toEqual([]);
  });

  it('/promise list with twelve open promises: the same, as an ephemeral reply', async () => {
    const open = await addTwelve();
    const { edit } = await h.slash('list');
    const listed = listedRefs(edit);
    const idOf = (ref: number) => open.find((p) => p.ref === ref)?.id ?? 'missing';
    expect(listed.filter((ref) => !customIdsOf(edit).some((id) => id.endsWith(`:${idOf(ref)}`)))).toEqual([]);
    const omitted = Number(/…and (\d+) more not shown here/.exec(shownText(edit))?.[1] ?? 0);
    expect(listed.length + omitted).toBe(12);
    expect(edit?.flags).toBe(FLAGS.componentsV2);
    expect(h.discord.rejections).toEqual([]);
  });
});
