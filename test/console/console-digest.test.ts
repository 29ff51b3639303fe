import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { createConsoleAdapter } from '../../adapters/console/index.ts';
import { nextDigestAt } from '../../src/core/nudge-policy.ts';
import { startScheduler } from '../../src/scheduler/scheduler.ts';
import { describeOnDrivers, openWorld, testLog } from '../support/world.ts';

/** Resolves when `output` has printed text matching `pattern`. */
function printed(output: PassThrough, seen: { text: string }, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; got:\n${seen.text}`)),
      10_000,
    );
    const check = () => {
      if (pattern.test(seen.text)) {
        clearTimeout(timer);
        output.off('data', check);
        resolve();
      }
    };
    output.on('data', check);
    check();
  });
}

describeOnDrivers('console mode uses the real scheduler', (driver) => {
  it('the member receives the digest in the terminal at their digest time, with working buttons', async () => {
    const world = await openWorld({ driver, now: '2026-12-01T12:00:00Z' }); // Tuesday
    const input = new PassThrough();
    const output = new PassThrough();
    const seen = { text: '' };
    output.on('data', (chunk: Buffer) => {
      seen.text += chunk.toString();
    });
    const adapter = createConsoleAdapter({ inbound: world.inbound, input, output, interactive: false });
    const running = adapter.run();
    const scheduler = startScheduler({
      store: world.outbox,
      ports: new Map([['console', adapter.delivery]]),
      clock: world.clock,
      log: testLog,
    });
    try {
      input.write('/promise Jane Doe (recruiter, Acme) will call me back tomorrow\n');
      await printed(output, seen, /Saved as #1/);

      // Thursday at the member's digest time: Jane's day has passed, so she is overdue.
      const member = await world.inbound.memberFor(adapter.actor);
      const thursday = new Date('2026-12-03T12:00:00Z');
      const digestAt = nextDigestAt(member.settings, thursday);
      if (digestAt === null) throw new Error('expected a digest moment');
      world.clock.set(digestAt);
      await scheduler.tickNow();
      await printed(output, seen, /OVERDUE FOR A POLITE NUDGE/);
      expect(seen.text).toMatch(/#1 Jane Doe \(recruiter, Acme\) promised to call you back/);
      expect(seen.text).toMatch(/\[2 They got back to me\]/);

      input.write('/press 2\n');
      await printed(output, seen, /Jane Doe got back to you/);
    } finally {
      input.end();
      await running;
      await scheduler.stop();
      await world.close();
    }
  });
});
