import { count } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { pendingAdds } from '../../db/schema.ts';
import type { PromiseDraft } from '../../src/core/command.ts';
import type { MemberScope } from '../../src/core/model.ts';
import { defaultSettings } from '../../src/core/policy-defaults.ts';
import { describeOnDrivers, openWorld } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;
const NOW = new Date('2026-12-02T09:00:00Z');
const HOUR = 3_600_000;

const draft: PromiseDraft = {
  contact: { name: 'Jane Doe', role: 'recruiter', company: 'Acme' },
  what: 'call you back',
  promisedChannel: 'call',
  due: { at: new Date('2026-12-04T14:00:00Z'), precision: 'time' },
  note: 'from the fair',
};

describeOnDrivers('pending adds (the duplicate question) in the store', (driver) => {
  let world: World;
  beforeEach(async () => {
    world = await openWorld({ driver, now: NOW.toISOString() });
  });
  afterEach(async () => {
    await world.close();
  });

  async function member(externalId: string): Promise<MemberScope> {
    const ws = await world.store.ensureWorkspace({ platform: 'slack', externalId: 'T1', name: null });
    const m = await world.store.ensureMember(ws.id, {
      externalId,
      displayName: externalId,
      settings: defaultSettings('Europe/Berlin'),
      nextDigestAt: null,
    });
    return { workspaceId: ws.id, memberId: m.id };
  }

  async function openPromise(scope: MemberScope) {
    return world.store.createPromise(scope, { ...draft, kind: 'promise', createdAt: NOW, nextNudgeAt: null });
  }

  async function rows(): Promise<number> {
    const [row] = await world.database.db.select({ n: count() }).from(pendingAdds);
    return row?.n ?? 0;
  }

  it('is taken once, by its own member only, with its dates as dates', async () => {
    const alice = await member('alice');
    const bob = await member('bob');
    const existing = await openPromise(alice);
    const id = await world.store.savePendingAdd(
      alice,
      { draft, duplicateOf: existing.id },
      NOW,
      new Date(NOW.getTime() + HOUR),
    );
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await world.store.takePendingAdd(bob, id, NOW)).toBeNull();
    expect(await world.store.takePendingAdd(alice, 'not-a-uuid', NOW)).toBeNull();
    const taken = await world.store.takePendingAdd(alice, id, NOW);
    expect(taken).toEqual({ draft, duplicateOf: existing.id });
    expect(taken?.draft.due.at).toBeInstanceOf(Date);
    expect(await world.store.takePendingAdd(alice, id, NOW)).toBeNull();
    expect(await rows()).toBe(0);
  });

  it('expires, is swept when the member saves another, and goes with forget-me or its promise', async () => {
    const alice = await member('alice');
    const existing = await openPromise(alice);
    const old = await world.store.savePendingAdd(
      alice,
      { draft, duplicateOf: existing.id },
      NOW,
      new Date(NOW.getTime() + HOUR),
    );
    const later = new Date(NOW.getTime() + 2 * HOUR);
    expect(await world.store.takePendingAdd(alice, old, later)).toBeNull();

    await world.store.savePendingAdd(
      alice,
      { draft, duplicateOf: existing.id },
      NOW,
      new Date(NOW.getTime() + HOUR),
    );
    await world.store.savePendingAdd(
      alice,
      { draft, duplicateOf: existing.id },
      later,
      new Date(later.getTime() + HOUR),
    );
    expect(await rows()).toBe(1);

    await world.store.deletePromise(alice, existing.id);
    expect(await rows()).toBe(0);
    const again = await openPromise(alice);
    await world.store.savePendingAdd(alice, { draft, duplicateOf: again.id }, NOW, later);
    await world.store.forgetMember(alice);
    expect(await rows()).toBe(0);
  });
});
