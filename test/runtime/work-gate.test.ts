import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkGate } from '../../src/runtime/work-gate.ts';
import { actor, openWorld, say } from '../support/world.ts';

describe('the work gate', () => {
  let world: Awaited<ReturnType<typeof openWorld>>;
  beforeAll(async () => {
    world = await openWorld({ now: '2026-12-01T09:00:00Z' });
  });
  afterAll(() => world.close());

  it('lets commands through until closed, then turns new ones away and changes nothing', async () => {
    const gate = createWorkGate(world.inbound);
    const ada = actor('ada', 'Europe/London');
    const added = await say(gate.inbound, ada, 'Jane Doe (Acme) will call me back by Friday 3pm');
    expect(added.kind).not.toBe('error');
    gate.close();
    const refused = await say(gate.inbound, ada, 'Sam (Initech) will email me by Monday');
    expect(refused.kind).toBe('error');
    expect(refused.fallbackText).toMatch(/restarting.*nothing was changed/);
    const member = await world.inbound.memberFor(ada);
    const open = await world.store.listPromises({ workspaceId: member.workspaceId, memberId: member.id });
    expect(open.map((p) => p.contact.name)).toEqual(['Jane Doe']);
  });

  it('waits for commands already running, and reports when they outlast the grace time', async () => {
    const gate = createWorkGate(world.inbound);
    const running = say(gate.inbound, actor('bo', 'America/New_York'), 'list');
    gate.close();
    expect(await gate.idle(10_000)).toBe(true);
    expect((await running).kind).not.toBe('error');

    let release: () => void = () => {};
    const slow = createWorkGate({
      ...world.inbound,
      handle: async (request) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return world.inbound.handle(request);
      },
    });
    const stuck = say(slow.inbound, actor('cy', 'UTC'), 'list');
    slow.close();
    expect(await slow.idle(50)).toBe(false);
    release();
    expect(await slow.idle(10_000)).toBe(true);
    await stuck;
  });
});
