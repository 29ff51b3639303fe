import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/core/digest.ts';
import type { Member } from '../../src/core/model.ts';
import { addedReply, listReply } from '../../src/core/replies.ts';
import { at, followUps, promise, settingsIn } from './fixtures.ts';

const ZONE = 'Europe/Berlin';
const member: Member = {
  id: 'm',
  workspaceId: 'w',
  externalId: 'U1',
  displayName: 'Alice Smith',
  settings: settingsIn(ZONE),
  createdAt: new Date('2026-11-01T00:00:00Z'),
};
const NOW = at('2026-12-08T09:00', ZONE); // Tuesday

describe('the daily digest', () => {
  const overdue = promise({
    id: 'p4',
    ref: 4,
    contact: { name: 'Sam Lee', role: 'hiring_manager', company: 'Initech' },
    due: { at: at('2026-12-04T23:59:59.999', ZONE), precision: 'day' },
    promisedChannel: 'email',
    lastActivityAt: at('2026-12-01T10:00', ZONE),
  });
  const waiting = promise({
    id: 'p1',
    ref: 1,
    due: { at: at('2026-12-10T15:00', ZONE), precision: 'time' },
    lastActivityAt: at('2026-12-07T10:00', ZONE),
  });

  it('lists who is overdue with the attempt, the wording and the buttons, then who you wait on', () => {
    const digest = buildDigest({ member, promises: [overdue, waiting], now: NOW });
    expect(digest?.title).toBe('Good morning, Alice — Tuesday 8 December');
    expect(digest?.summary).toBe('1 waiting · 1 to nudge');
    const [first, second] = digest?.sections ?? [];
    expect(first?.heading).toBe('Overdue for a polite nudge');
    const item = first?.items[0];
    expect(item?.text).toBe('#4 Sam Lee (hiring manager, Initech) promised to call you back by Fri 4 Dec.');
    expect(item?.details).toEqual(['Follow-up 1 of 3 — try an email today:']);
    expect(item?.quote).toMatch(/^Hi Sam,/);
    expect(item?.quote).toContain('call me back by Friday');
    expect(item?.actions?.map((a) => a.kind)).toEqual(['followed', 'heard', 'snooze', 'close']);
    expect(second?.heading).toBe('Waiting on');
    expect(second?.items[0]?.text).toBe(
      '#1 Jane Doe (recruiter, Acme) — call you back by Thu 10 Dec, 3:00 PM',
    );
  });

  it('suggestions get bolder with each attempt and change channel after the last one used', () => {
    const third = promise({
      due: { at: at('2026-11-20T23:59:59.999', ZONE), precision: 'day' },
      followUps: followUps([at('2026-11-24T10:00', ZONE), 'call'], [at('2026-11-27T10:00', ZONE), 'email']),
    });
    const item = buildDigest({ member, promises: [third], now: NOW })?.sections[0]?.items[0];
    expect(item?.details?.[0]).toBe('Follow-up 3 of 3 — try a LinkedIn message today:');
    expect(item?.quote).toMatch(/let me know either way/);
  });

  it('adds thank-you notes, going-cold threads and the nudge to add more', () => {
    const meeting = promise({
      id: 'p9',
      ref: 9,
      kind: 'meeting',
      contact: { name: 'Bob', role: null, company: 'Globex' },
      due: { at: at('2026-12-08T08:00', ZONE), precision: 'time' },
    });
    const cold = promise({
      id: 'p2',
      ref: 2,
      lastActivityAt: at('2026-11-10T10:00', ZONE),
      due: { at: at('2026-12-20T10:00', ZONE), precision: 'time' },
    });
    const also = buildDigest({ member, promises: [meeting, cold], now: NOW })?.sections.find(
      (s) => s.heading === 'Also',
    );
    const texts = also?.items.map((i) => i.text) ?? [];
    expect(texts[0]).toBe('Thank Bob (Globex) for today’s conversation — a short note today.');
    expect(also?.items[0]?.quote).toMatch(/^Hi Bob, thank you/);
    expect(texts).toContain(
      '#2 Jane Doe (recruiter, Acme) is going cold: nothing has happened in two weeks.',
    );
    expect(texts.at(-1)).toBe(
      'Only 1 thread open; your target is 5. Who else could you reach out to this week?',
    );
  });

  it('says nothing to a member with nothing open', () => {
    expect(buildDigest({ member, promises: [], now: NOW })).toBeNull();
    const done = promise({ outcome: 'heard', closedAt: at('2026-12-01T10:00', ZONE) });
    expect(buildDigest({ member, promises: [done], now: NOW })).toBeNull();
  });

  it('counts this week’s follow-ups and the streak in the footer', () => {
    const busy = promise({
      due: { at: at('2026-12-20T10:00', ZONE), precision: 'time' },
      followUps: followUps([at('2026-12-07T10:00', ZONE), 'call'], [at('2026-12-08T08:30', ZONE), 'email']),
    });
    expect(buildDigest({ member, promises: [busy], now: NOW })?.footer).toBe(
      'This week: 2 follow-ups · 2-day streak',
    );
  });
});

describe('replies', () => {
  it('the add confirmation names who, what, when in the member’s zone, and when the nudge comes', () => {
    const p = promise({ due: { at: at('2026-12-04T15:00', ZONE), precision: 'time' } });
    const reply = addedReply(p, settingsIn(ZONE), at('2026-12-02T10:00', ZONE));
    expect(reply.fallbackText).toBe(
      "Jane Doe (recruiter, Acme) promised to call you back by Fri 4 Dec, 3:00 PM CET. I'll nudge you on Fri 4 Dec, 6:00 PM if you haven't heard.",
    );
    expect(reply.sections[0]?.items[0]?.actions?.map((a) => a.kind)).toEqual(['undo', 'edit']);
  });

  it('an empty list shows how to add a promise', () => {
    expect(listReply([], settingsIn(ZONE), new Date()).fallbackText).toMatch(/\/promise Jane Doe/);
  });
});
