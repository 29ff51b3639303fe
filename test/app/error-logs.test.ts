import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createInbound } from '../../src/app/inbound.ts';
import { withLogContext } from '../../src/runtime/log-context.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { createWorkGate } from '../../src/runtime/work-gate.ts';
import { actor, describeOnDrivers, openWorld, say } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

describeOnDrivers('a failing query in a command', (driver) => {
  let world: World;
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });

  beforeEach(async () => {
    lines.length = 0;
    world = await openWorld({ driver, now: '2026-12-02T09:00:00Z' });
    // A real constraint the insert breaks: Postgres then quotes the whole failing row in its error.
    await world.database.db.execute(
      sql`alter table promises add constraint refuse_every_row check (false) not valid`,
    );
  });
  afterEach(async () => {
    // The test file's databases are reused by its next world: leave it as it was.
    await world.database.db.execute(sql`alter table promises drop constraint refuse_every_row`);
    await world.close();
  });

  it('logs the error code and ids, never the member text bound to the query', async () => {
    const inbound = createInbound({
      store: world.store,
      clock: world.clock,
      log: createLogger('debug', { destination }),
    });
    const reply = await say(
      inbound,
      actor('Alice', 'Europe/Berlin'),
      'Zanzibar Quillfeather (recruiter, Obscurocorp) will call me back tomorrow -- ask about Nebulon salary band',
    );

    expect(reply.kind).toBe('error');
    expect(reply.fallbackText).toMatch(/nothing was changed/);
    const failure = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry.err);
    expect(failure?.err).toMatchObject({ code: '23514', constraint: 'refuse_every_row', table: 'promises' });
    const output = lines.join('\n');
    for (const secret of ['Zanzibar', 'Quillfeather', 'Obscurocorp', 'Nebulon']) {
      expect(output).not.toContain(secret);
    }
  });

  it('a command that failed on our side gives its retry key back, so the same retry then works', async () => {
    const inbound = createInbound({ store: world.store, clock: world.clock, log: createLogger('silent') });
    const alice = actor('Alice', 'Europe/Berlin');
    const failed = await say(inbound, alice, 'Sam will call me back tomorrow', 'interaction:77');
    expect(failed?.fallbackText).toMatch(/nothing was changed/);
    await world.database.db.execute(sql`alter table promises drop constraint refuse_every_row`);
    try {
      const retried = await say(inbound, alice, 'Sam will call me back tomorrow', 'interaction:77');
      expect(retried?.fallbackText).toMatch(/Sam/);
      expect(await say(inbound, alice, 'Sam will call me back tomorrow', 'interaction:77')).toBeNull();
    } finally {
      await world.database.db.execute(
        sql`alter table promises add constraint refuse_every_row check (false) not valid`,
      );
    }
  });

  it('every log line of one command carries the one request id of its platform event', async () => {
    const gate = createWorkGate(
      createInbound({ store: world.store, clock: world.clock, log: createLogger('debug', { destination }) }),
    );
    // As the Discord adapter does for each interaction (the Slack one for each request).
    await withLogContext({ requestId: 'discord:1234' }, () =>
      gate.inbound.handle({
        actor: actor('Alice', 'Europe/Berlin'),
        input: { kind: 'text', text: 'Sam will call me back tomorrow' },
        idempotencyKey: 'interaction:1234',
      }),
    );
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((entry) => entry.msg)).toEqual(['command failed', 'command handled']);
    expect(new Set(entries.map((entry) => entry.requestId))).toEqual(new Set(['discord:1234']));
  });
});
