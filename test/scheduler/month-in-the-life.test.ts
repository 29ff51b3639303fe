import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Received, recordingPort } from '../support/recording-port.ts';
import { stepScheduler } from '../support/step-scheduler.ts';
import { actor, describeOnDrivers, openWorld, say } from '../support/world.ts';

/*
 * A month in the life: three job seekers in three zones and countries, from Monday 14 December
 * 2026 to Wednesday 13 January 2027 — Christmas, New Year and the weekends around them — driven
 * through the real inbound service, planner, outbox and sender with a controlled clock. Ana (New
 * York, US) keeps the daily digest; Ben (Berlin, DE) turned it off, so every nudge is its own
 * DM; Chitra (Kolkata, IN) takes a holiday pause. Between them every outcome happens: heard
 * back, follow-ups logged, closed (offer, no, cold), snoozed, met.
 */

type World = Awaited<ReturnType<typeof openWorld>>;

interface Person {
  name: string;
  zone: string;
  /** Public holidays in the window, written out here as an oracle independent of the library. */
  holidays: readonly string[];
  /** The pause the member takes, in local time, if any (working hours are the defaults, 09:00–18:00). */
  pause?: { from: string; until: string };
}

const ANA: Person = { name: 'Ana', zone: 'America/New_York', holidays: ['2026-12-25', '2027-01-01'] };
const BEN: Person = {
  name: 'Ben',
  zone: 'Europe/Berlin',
  holidays: ['2026-12-25', '2026-12-26', '2027-01-01'],
};
const CHITRA: Person = {
  name: 'Chitra',
  zone: 'Asia/Kolkata',
  holidays: ['2026-12-25'],
  pause: { from: '2026-12-18T10:00', until: '2027-01-04T09:00' },
};
const PEOPLE = [ANA, BEN, CHITRA];

/** What each member types, and when (their local time). */
const SCRIPT: readonly [Person, string, string][] = [
  [ANA, '2026-12-14T10:00', 'settings country US'],
  [ANA, '2026-12-14T10:05', 'Jane Doe (recruiter, Acme) will call me back by Wednesday 11am'],
  [BEN, '2026-12-14T10:00', 'settings country DE digest off'],
  [BEN, '2026-12-14T10:05', 'Jana Novak (recruiter, Siemens) will call me back by Friday'],
  [CHITRA, '2026-12-14T10:00', 'settings country IN digest 9:30'],
  [CHITRA, '2026-12-14T10:05', 'Priya Shah (hr, Infosys) will call me back tomorrow 4pm'],
  [ANA, '2026-12-15T10:00', 'Bob at Globex asked for a week to interview the rest'],
  [BEN, '2026-12-15T11:00', 'Tom Berg (recruiter, Hooli) will email me by Wednesday'],
  [ANA, '2026-12-16T15:00', 'followed jane via call'],
  [CHITRA, '2026-12-16T11:00', 'heard priya'],
  [BEN, '2026-12-17T10:00', 'close tom no'],
  [CHITRA, '2026-12-17T10:00', 'Ravi Kumar at TCS will get back to me in 2 weeks'],
  [CHITRA, '2026-12-18T10:00', 'pause until Jan 4'],
  [ANA, '2026-12-21T11:00', 'heard jane'],
  [BEN, '2026-12-21T10:00', 'followed jana via call'],
  [ANA, '2026-12-23T10:00', 'snooze bob next week'],
  [BEN, '2026-12-24T10:00', 'followed jana via email'],
  [ANA, '2026-12-29T10:00', 'close bob cold'],
  [ANA, '2027-01-04T10:00', 'met Sam Lee at Initech today'],
  [BEN, '2027-01-04T10:00', 'followed jana via linkedin'],
  [CHITRA, '2027-01-04T11:00', 'followed ravi via call'],
  [ANA, '2027-01-05T11:00', 'followed sam via email'],
  [CHITRA, '2027-01-05T10:00', 'met Arjun at Wipro today'],
  [CHITRA, '2027-01-08T10:00', 'close ravi offer'],
];

const START = DateTime.fromISO('2026-12-14T00:00', { zone: 'UTC' }).toJSDate();
const END = DateTime.fromISO('2027-01-13T00:00', { zone: 'UTC' }).toJSDate();

function at(person: Person, iso: string): Date {
  return DateTime.fromISO(iso, { zone: person.zone }).toJSDate();
}

describeOnDrivers('a month in the life of three job seekers', (driver) => {
  let world: World;
  let received: readonly Received[] = [];

  beforeAll(async () => {
    world = await openWorld({ driver, now: START.toISOString() });
    const port = recordingPort(world.clock);
    const actions = SCRIPT.map(([person, when, text]) => ({ person, at: at(person, when), text })).sort(
      (a, b) => a.at.getTime() - b.at.getTime(),
    );
    // The scheduler runs at every moment it has work; each scripted line runs at its own moment.
    for (const action of actions) {
      await stepScheduler(world, port, action.at);
      const reply = await say(world.inbound, actor(action.person.name, action.person.zone), action.text);
      // Every line of the script is understood; a refusal would make the month meaningless.
      expect(reply.kind, `${action.person.name}: ${action.text} → ${reply.fallbackText}`).not.toBe('error');
    }
    await stepScheduler(world, port, END);
    received = port.received;
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  });

  function personOf(memberExternalId: string): Person {
    const person = PEOPLE.find((p) => p.name.toLowerCase() === memberExternalId);
    if (person === undefined) throw new Error(`a DM to someone outside the month: ${memberExternalId}`);
    return person;
  }

  function describe({ at: sentAt, delivery }: Received): string {
    if (delivery.target.kind !== 'dm') return `channel ${delivery.kind}`;
    const person = personOf(delivery.target.memberExternalId);
    const when = DateTime.fromJSDate(sentAt, { zone: person.zone }).toFormat('ccc d LLL HH:mm');
    const what = delivery.kind === 'nudge' ? `nudge: ${delivery.message.title ?? ''}` : delivery.kind;
    return `${person.name} ${when} ${what}`;
  }

  it('sends exactly these DMs, each at the member’s local time', () => {
    expect(received.map(describe)).toEqual([
      'Chitra Tue 15 Dec 09:30 digest', // her 09:30 digest: Priya is due today
      'Ana Tue 15 Dec 09:00 digest',
      // Priya's "tomorrow 4pm" + 3 hours is 7pm, after work: the timed nudge waits for the next
      // morning, and due half an hour before her digest, it rides in that digest (one message).
      'Chitra Wed 16 Dec 09:30 digest',
      'Ana Wed 16 Dec 09:00 digest',
      'Ana Wed 16 Dec 14:00 nudge: Time for a polite nudge: Jane Doe', // "Wednesday 11am" + 3 hours
      // Ben has no digest: each nudge is its own DM at the start of work.
      'Ben Thu 17 Dec 09:00 nudge: Time for a polite nudge: Tom Berg', // "by Wednesday" → Thursday
      'Ana Thu 17 Dec 09:00 digest',
      'Chitra Fri 18 Dec 09:30 digest', // the last before her pause (from 10:00)
      'Ben Fri 18 Dec 09:00 nudge: Time to ask the right person: Tom Berg', // R6 after the recruiter's "no"
      'Ana Fri 18 Dec 09:00 digest',
      'Ben Mon 21 Dec 09:00 nudge: Time for a polite nudge: Jana Novak', // "by Friday" → Monday
      'Ana Mon 21 Dec 09:00 digest', // Jane's second follow-up, 3 working days after the first
      'Ana Tue 22 Dec 09:00 digest',
      'Ana Wed 23 Dec 09:00 digest', // Bob's week is up: day eight
      'Ben Thu 24 Dec 09:00 nudge: Time for a polite nudge: Jana Novak', // 3 working days after Monday
      'Ana Thu 24 Dec 09:00 digest',
      // Friday 25 Dec is a holiday for all three; Ben's 26 Dec too. Nothing until Monday.
      'Ana Mon 28 Dec 09:00 digest', // Bob's snooze ("next week") ends
      'Ana Tue 29 Dec 09:00 digest',
      // Ana has nothing open from the 29th; 1 Jan is a holiday for Ana and Ben; Chitra is paused.
      'Chitra Mon 4 Jan 09:30 digest', // the pause is over: Ravi's two weeks are up
      // 5 working days after Christmas Eve, skipping New Year's Day: Mon 28, Tue 29, Wed 30, Thu 31, Mon 4.
      'Ben Mon 4 Jan 09:00 nudge: Time for a polite nudge: Jana Novak',
      'Ana Mon 4 Jan 09:00 digest', // Monday: fewer open threads than her target
      'Chitra Tue 5 Jan 09:30 digest',
      'Ana Tue 5 Jan 09:00 digest', // a thank-you note to Sam, met yesterday
      'Chitra Wed 6 Jan 09:30 digest', // a thank-you note to Arjun
      'Chitra Thu 7 Jan 09:30 digest',
      'Chitra Fri 8 Jan 09:30 digest',
      'Chitra Mon 11 Jan 09:30 digest',
      // Three follow-ups logged on Jana: after 5 more working days, ask for the hiring manager.
      'Ben Mon 11 Jan 09:00 nudge: Time to ask the right person: Jana Novak',
      'Ana Mon 11 Jan 09:00 digest',
      'Chitra Tue 12 Jan 09:30 digest',
    ]);
  });

  /** The text of the DM sent to `name` at `when` (local, "Tue 5 Jan 09:00"). */
  function textOf(name: string, when: string): string {
    const sent = received.find((r) => describe(r).startsWith(`${name} ${when} `));
    if (sent === undefined) throw new Error(`nothing sent to ${name} at ${when}`);
    return JSON.stringify(sent.delivery.message);
  }

  it('each DM carries what its day is about', () => {
    expect(textOf('Ana', 'Mon 21 Dec 09:00')).toContain('Jane Doe');
    expect(textOf('Ana', 'Wed 23 Dec 09:00')).toContain('Bob');
    expect(textOf('Ana', 'Tue 5 Jan 09:00')).toContain('Sam Lee');
    expect(textOf('Chitra', 'Wed 16 Dec 09:30')).toContain('Priya Shah');
    expect(textOf('Chitra', 'Mon 4 Jan 09:30')).toContain('Ravi Kumar');
    expect(textOf('Chitra', 'Wed 6 Jan 09:30')).toContain('Arjun');
    expect(textOf('Chitra', 'Fri 8 Jan 09:30')).not.toContain('Priya');
    expect(textOf('Ben', 'Thu 24 Dec 09:00')).toContain('Follow-up 2 of 3');
    expect(textOf('Ben', 'Mon 4 Jan 09:00')).toContain('Follow-up 3 of 3');
  });

  it('sends nothing on a weekend, a public holiday, outside working hours or while paused', () => {
    expect(received.length).toBeGreaterThan(0);
    for (const sent of received) {
      if (sent.delivery.target.kind !== 'dm') throw new Error('only DMs are expected this month');
      const person = personOf(sent.delivery.target.memberExternalId);
      const local = DateTime.fromJSDate(sent.at, { zone: person.zone });
      const label = describe(sent);
      expect(local.weekday, `${label}: a weekend`).toBeLessThanOrEqual(5);
      expect(person.holidays, `${label}: a public holiday`).not.toContain(local.toISODate());
      const minutes = local.hour * 60 + local.minute;
      expect(minutes, `${label}: before 09:00`).toBeGreaterThanOrEqual(9 * 60);
      expect(minutes, `${label}: after 18:00`).toBeLessThanOrEqual(18 * 60);
      if (person.pause !== undefined) {
        const paused =
          sent.at.getTime() >= at(person, person.pause.from).getTime() &&
          sent.at.getTime() < at(person, person.pause.until).getTime();
        expect(paused, `${label}: while paused`).toBe(false);
      }
    }
  });

  it('Ben, with the digest off, gets no digest, only nudges', () => {
    const ben = received.filter(
      (r) => r.delivery.target.kind === 'dm' && r.delivery.target.memberExternalId === 'ben',
    );
    expect(ben.length).toBeGreaterThan(0);
    expect(ben.every((r) => r.delivery.kind === 'nudge')).toBe(true);
  });
});
