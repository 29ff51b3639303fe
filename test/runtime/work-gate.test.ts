import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkGate } from '../../src/runtime/work-gate.ts';
import { actor, openWorld } from '../support/world.ts';

describe('the work gate', () => {
  let world: Awaited<ReturnType<typeof openWorld>>;
  beforeAll(async () => {
    world = await openWorld({ now: '2026-12-01T09:00:00Z' });
  });
  afterAll(() => world.close());

  it('lets commands through until closed, then turns new ones away and changes nothing', async () => {
    const gate = createWorkGate(world.handler);
    const ada = actor('ada', 'Europe/London');
    const added = await gate.handler.handleText(ada, 'Jane Doe (Acme) will call me back by Friday 3pm');
    expect(added.kind).not.toBe('error');
    gate.close();
    const refused = await gate.handler.handleText(ada, 'Sam (Initech) will email me by Monday');
    expect(refused.kind).toBe('error');
    expect(refused.fallbackText).toMatch(/restarting.*nothing was changed/);
    const member = await world.handler.memberFor(ada);
    const open = await world.store.listPromises({ workspaceId: member.workspaceId, memberId: member.id });
    expect(open.map((p) => p.contact.name)).toEqual(['Jane Doe']);
  });

  it('waits for commands already running, and reports when they outlast the grace time', async () => {
    const gate = createWorkGate(world.handler);
    const running = gate.handler.handleText(actor('bo', 'America/New_York'), 'list');
    gate.close();
    expect(await gate.idle(10_000)).toBe(true);
    expect((await running).kind).not.toBe('error');

    let release: () => void = () => {};
    const slow = createWorkGate({
      ...world.handler,
      handleText: async (who, text) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return world.handler.handleText(who, text);
      },
    });
    const stuck = slow.handler.handleText(actor('cy', 'UTC'), 'list');
    slow.close();
    expect(await slow.idle(50)).toBe(false);
    release();
    expect(await slow.idle(10_000)).toBe(true);
    await stuck;
  });
});
