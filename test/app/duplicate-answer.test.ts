import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInbound } from '../../src/app/inbound.ts';
import { DEFAULT_LIMITS } from '../../src/core/limits.ts';
import type { Action, Message } from '../../src/core/message.ts';
import { testLog } from '../support/clock.ts';
import { actor, describeOnDrivers, openWorld, press, say } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

function text(message: Message): string {
  return [
    message.title,
    ...message.sections.flatMap((s) => s.items.flatMap((i) => [i.text, ...(i.details ?? [])])),
    message.footer,
  ]
    .filter(Boolean)
    .join('\n');
}

/** The pending id the duplicate question's buttons carry. */
function pendingIdOf(message: Message): string {
  const found = (message.actions ?? []).find(
    (a): a is Extract<Action, { kind: 'dup_new' }> => a.kind === 'dup_new',
  );
  if (found === undefined) throw new Error(`no duplicate question in: ${message.fallbackText}`);
  return found.pendingId;
}

describeOnDrivers('answering the duplicate question, through the inbound service', (driver) => {
  let world: World;
  const alice = actor('Alice', 'Europe/Berlin');
  const carol = actor('Carol', 'Europe/Berlin');
  const JANE = 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm';
  beforeEach(async () => {
    world = await openWorld({ driver, now: '2026-12-02T09:00:00Z' }); // Wednesday 10:00 in Berlin
  });
  afterEach(async () => {
    await world.close();
  });

  async function all(who = alice) {
    const member = await world.inbound.memberFor(who);
    return world.store.listPromises(
      { workspaceId: member.workspaceId, memberId: member.id },
      { includeClosed: true },
    );
  }

  describe('a refusal keeps the question open', () => {
    it('"Update #1" after #1 was closed says so and points at "Add as new", which still works', async () => {
      await say(world.inbound, alice, JANE);
      const pendingId = pendingIdOf(await say(world.inbound, alice, JANE));
      expect(text(await say(world.inbound, alice, 'close #1 cold'))).not.toMatch(/error/i);

      const update = await press(world.inbound, alice, { kind: 'dup_update', pendingId });
      expect(update.kind).toBe('error');
      expect(text(update)).toMatch(/#1 from Jane Doe is already closed \(cold\), so I didn't update it/);
      expect(text(update)).toMatch(/Press "Add as new"/);
      expect((await all()).map((p) => p.outcome)).toEqual(['cold']);

      const added = await press(world.inbound, alice, { kind: 'dup_new', pendingId });
      expect(added.kind).not.toBe('error');
      expect(text(added)).toMatch(/Saved as #2/);
      expect((await all()).map((p) => p.outcome).sort()).toEqual(['cold', null]);

      // Answered now: the question is gone.
      const again = await press(world.inbound, alice, { kind: 'dup_new', pendingId });
      expect(text(again)).toMatch(/expired or was already answered/);
      expect(await all()).toHaveLength(2);
    });

    it('"Add as new" refused at the open-promise cap can be pressed again once there is room', async () => {
      const inbound = createInbound({
        store: world.store,
        clock: world.clock,
        log: testLog,
        limits: { ...DEFAULT_LIMITS, maxOpenPromises: 2 },
      });
      await say(inbound, alice, JANE);
      const pendingId = pendingIdOf(await say(inbound, alice, JANE));
      await say(inbound, alice, 'Bob Smith (Globex) will email me by Monday');

      const refused = await press(inbound, alice, { kind: 'dup_new', pendingId });
      expect(refused.kind).toBe('error');
      expect(text(refused)).toMatch(/You already have 2 open promises/);
      expect(await all()).toHaveLength(2);

      await say(inbound, alice, 'heard #2');
      const added = await press(inbound, alice, { kind: 'dup_new', pendingId });
      expect(text(added)).toMatch(/Saved as #3/);
      expect((await all()).filter((p) => p.outcome === null)).toHaveLength(2);
    });
  });

  it('both buttons pressed at once: one answer wins, the other finds the question answered', async () => {
    await say(world.inbound, alice, JANE);
    const pendingId = pendingIdOf(
      await say(world.inbound, alice, 'Jane Doe at Acme will email me by Monday'),
    );
    const replies = await Promise.all([
      press(world.inbound, alice, { kind: 'dup_new', pendingId }),
      press(world.inbound, alice, { kind: 'dup_update', pendingId }),
    ]);
    expect(replies.filter((r) => r.kind === 'error').map(text)).toEqual([
      expect.stringMatching(/expired or was already answered/),
    ]);
    const saved = await all();
    expect(saved.length === 2 || saved[0]?.promisedChannel === 'email').toBe(true);
  });

  describe('"Add as new" is the same add as a plain one', () => {
    it.each([
      ['an overdue exact time', 'Jane Doe at Acme will send the contract today 9am', /so it's overdue/],
      ['a misspelled day', 'Jane Doe at Acme will send the contract by firday 3pm', /"firday" as Friday/],
      ['a time said in another zone', 'Jane Doe at Acme will send the contract tomorrow 3pm PT', /PT/],
    ])('%s: same reply and same queue state as a plain add', async (_, line, says) => {
      // Carol adds it plainly; Alice, who already waits on Jane at Acme, through the question.
      const plain = await say(world.inbound, carol, line);
      expect(text(plain)).toMatch(says);
      await say(world.inbound, alice, JANE);
      const added = await press(world.inbound, alice, {
        kind: 'dup_new',
        pendingId: pendingIdOf(await say(world.inbound, alice, line)),
      });
      expect(text(added).replaceAll('#2', '#1')).toBe(text(plain));

      const [viaQuestion] = (await all()).filter((p) => p.ref === 2);
      const [direct] = await all(carol);
      expect(viaQuestion?.lastNudgedAttempt).toBe(direct?.lastNudgedAttempt);
      expect(viaQuestion?.nextNudgeAt?.toISOString()).toBe(direct?.nextNudgeAt?.toISOString());
    });

    it('an overdue exact-time promise added as new counts its reply as the first nudge', async () => {
      await say(world.inbound, alice, JANE);
      const asked = await say(world.inbound, alice, 'Jane Doe at Acme will send the contract today 9am');
      const added = await press(world.inbound, alice, { kind: 'dup_new', pendingId: pendingIdOf(asked) });
      expect(text(added)).toMatch(/so it's overdue\. Here's a first nudge/);
      const [overdue] = (await all()).filter((p) => p.ref === 2);
      expect(overdue?.lastNudgedAttempt).toBe(1);
    });
  });
});
