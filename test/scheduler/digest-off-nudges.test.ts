import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { type Received, recordingPort } from '../support/recording-port.ts';
import { stepScheduler } from '../support/step-scheduler.ts';
import { actor, describeOnDrivers, openWorld, resetDatabase, say } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

const BERLIN = 'Europe/Berlin';

function local(iso: string): Date {
  return DateTime.fromISO(iso, { zone: BERLIN }).toJSDate();
}

/** "Mon 7 Dec 09:00 nudge": what was sent, when, in Berlin. */
function seen(received: readonly Received[]): string[] {
  return received.map(
    ({ at, delivery }) =>
      `${DateTime.fromJSDate(at, { zone: BERLIN }).toFormat('ccc d LLL HH:mm')} ${delivery.kind}`,
  );
}

describeOnDrivers('with the digest off, every due nudge is its own DM', (driver) => {
  let world: World;
  let port: ReturnType<typeof recordingPort>;

  /** Runs the real scheduler (plan, then send through the outbox) at each moment it has work, up to `until`. */
  function runUntil(until: string): Promise<void> {
    return stepScheduler(world, port, local(until));
  }

  beforeAll(async () => {
    world = await openWorld({ driver, now: '2026-12-01T09:00:00Z' });
  });
  beforeEach(async () => {
    await resetDatabase(world.database);
    world.clock.set(local('2026-12-01T10:00'));
    port = recordingPort(world.clock);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('a day-level nudge arrives at the start of work as the confirmation said, then each later one, and again after a snooze', async () => {
    const member = actor('Ada', BERLIN);
    await say(world.inbound, member, 'settings digest off country DE');
    const added = await say(world.inbound, member, 'Jane Doe (recruiter, Acme) will call me back by Friday');
    expect(JSON.stringify(added)).toMatch(/I'll nudge you on Mon 7 Dec\b.*\b9:00/);

    await runUntil('2026-12-07T12:00');
    expect(seen(port.received)).toEqual(['Mon 7 Dec 09:00 nudge']);
    expect(port.received[0]?.delivery.message.title).toBe('Time for a polite nudge: Jane Doe');

    await say(world.inbound, member, 'followed jane via call');
    await runUntil('2026-12-10T10:00');
    // Three working days after Monday's follow-up: Thursday, suggesting an email this time.
    expect(seen(port.received).slice(1)).toEqual(['Thu 10 Dec 09:00 nudge']);
    expect(JSON.stringify(port.received[1]?.delivery.message)).toContain('Follow-up 2 of 3');

    await say(world.inbound, member, 'snooze jane tomorrow');
    await runUntil('2026-12-15T12:00');
    expect(seen(port.received).slice(2)).toEqual(['Fri 11 Dec 09:00 nudge']);
    expect(port.received.every(({ delivery }) => delivery.kind === 'nudge')).toBe(true);
  });

  it('with the digest on, the same nudge rides in the digest and no DM of its own is sent', async () => {
    const member = actor('Bea', BERLIN);
    await say(world.inbound, member, 'settings country DE');
    await say(world.inbound, member, 'Jane Doe (recruiter, Acme) will call me back by Friday');

    await runUntil('2026-12-07T12:00');
    const kinds = port.received.map(({ delivery }) => delivery.kind);
    expect(kinds).not.toContain('nudge');
    expect(seen(port.received).at(-1)).toBe('Mon 7 Dec 09:00 digest');
  });

  it('no nudge DM on a public holiday: due on Christmas Eve in Germany, it waits for Monday 28 Dec', async () => {
    world.clock.set(local('2026-12-21T10:00'));
    const member = actor('Cem', BERLIN);
    await say(world.inbound, member, 'settings digest off country DE');
    await say(world.inbound, member, 'Jane Doe (recruiter, Acme) will call me back by Thursday');

    await runUntil('2026-12-29T00:00');
    expect(seen(port.received)).toEqual(['Mon 28 Dec 09:00 nudge']);
  });

  it('a nudge already overdue when the digest is turned off at night waits for the next working morning', async () => {
    const member = actor('Dov', BERLIN);
    await say(world.inbound, member, 'settings country DE');
    await say(world.inbound, member, 'Jane Doe (recruiter, Acme) will call me back by Wednesday');
    await runUntil('2026-12-03T22:00'); // Thursday night: Jane's nudge was due at 09:00
    await say(world.inbound, member, 'settings digest off');

    await runUntil('2026-12-04T12:00');
    expect(seen(port.received)).toEqual([
      'Wed 2 Dec 09:00 digest',
      'Thu 3 Dec 09:00 digest',
      'Fri 4 Dec 09:00 nudge',
    ]);
  });
});
