import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/core/digest.ts';
import { numberWord } from '../../src/core/format.ts';
import type { Message } from '../../src/core/message.ts';
import type { Channel, FollowUp, FollowUpPromise, Member } from '../../src/core/model.ts';
import { nudgeMessage } from '../../src/core/nudge-message.ts';
import { nudgeState } from '../../src/core/nudge-policy.ts';
import { POLICY } from '../../src/core/policy-defaults.ts';
import { listReply, statsReply } from '../../src/core/replies.ts';
import { runs } from '../support/fuzz.ts';
import { promise, settingsIn } from './fixtures.ts';

/*
 * For any history of one promise — follow-ups on any channel, snoozes, keep going, heard, or a
 * logged meeting and its thank-you note — the list, the digest, stats and the nudge wording count
 * the same follow-ups, number the same attempt, and write their plurals right.
 */

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 5, 9);
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'];

type Event =
  | { kind: 'followed'; afterHours: number; channel: Channel | null }
  | { kind: 'snooze'; afterHours: number; forHours: number }
  | { kind: 'keep'; afterHours: number };

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  fc.record({
    kind: fc.constant('followed' as const),
    afterHours: fc.integer({ min: 0, max: 24 * 10 }),
    channel: fc.constantFrom<Channel | null>('call', 'email', 'linkedin', null),
  }),
  fc.record({
    kind: fc.constant('snooze' as const),
    afterHours: fc.integer({ min: 0, max: 24 * 5 }),
    forHours: fc.integer({ min: 1, max: 24 * 7 }),
  }),
  fc.record({ kind: fc.constant('keep' as const), afterHours: fc.integer({ min: 0, max: 48 }) }),
);

const historyArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  meeting: fc.boolean(),
  precision: fc.constantFrom('time' as const, 'day' as const, 'days' as const),
  dueInHours: fc.integer({ min: 0, max: 24 * 14 }),
  role: fc.constantFrom('recruiter' as const, 'hiring_manager' as const, 'hr' as const, null),
  events: fc.array(eventArb, { maxLength: 8 }),
  rightPersonSuggested: fc.boolean(),
  heard: fc.boolean(),
  nowAfterHours: fc.integer({ min: 0, max: 24 * 30 }),
});

/** The promise a history leaves, built the way the inbound service records each step. */
function replay(h: HistoryInput) {
  const created = new Date(START);
  let at = START;
  const followUps: FollowUp[] = [];
  let snoozedUntil: Date | null = null;
  let keepGoing = false;
  for (const event of h.events) {
    at += event.afterHours * HOUR;
    if (event.kind === 'followed') {
      followUps.push({
        id: `f${followUps.length + 1}`,
        promiseId: 'p1',
        at: new Date(at),
        attempt: followUps.length + 1,
        channel: event.channel,
        note: null,
      });
      snoozedUntil = null;
      // A meeting's only touch is its thank-you note.
      if (h.meeting) break;
    } else if (event.kind === 'snooze') snoozedUntil = new Date(at + event.forHours * HOUR);
    else keepGoing = true;
  }
  const closedAt = new Date(at + HOUR);
  const dueAt = new Date(START + (h.meeting ? 0 : h.dueInHours * HOUR));
  const p = promise({
    kind: h.meeting ? 'meeting' : 'promise',
    what: h.meeting ? 'meet you' : 'call you back',
    contact: { name: 'Jane Doe', role: h.role, company: 'Acme' },
    createdAt: created,
    lastActivityAt: new Date(at),
    due: h.meeting
      ? { at: dueAt, precision: 'time' }
      : h.precision === 'days'
        ? { at: dueAt, precision: 'days', days: Math.max(1, Math.round(h.dueInHours / 24)) }
        : { at: dueAt, precision: h.precision },
    followUps,
    snoozedUntil,
    keepGoing,
    thanked: h.meeting && followUps.length > 0,
    rightPersonSuggested: h.rightPersonSuggested,
    outcome: h.heard && !h.meeting ? 'heard' : null,
    closedAt: h.heard && !h.meeting ? closedAt : null,
  });
  return { promise: p, now: new Date(at + 2 * HOUR + h.nowAfterHours * HOUR) };
}
type HistoryInput = {
  zone: string;
  meeting: boolean;
  precision: 'time' | 'day' | 'days';
  dueInHours: number;
  role: FollowUpPromise['contact']['role'];
  events: Event[];
  rightPersonSuggested: boolean;
  heard: boolean;
  nowAfterHours: number;
};

function lines(message: Message | null): string[] {
  if (message === null) return [];
  return [
    message.title ?? '',
    message.summary ?? '',
    ...message.sections.flatMap((s) => [
      s.heading ?? '',
      ...s.items.flatMap((i) => [i.text, ...(i.details ?? []), i.quote ?? '']),
    ]),
    message.footer ?? '',
  ].filter((line) => line !== '');
}

/** Every "follow-up N" an attempt label shows, and whether it said "of M" with N > M. */
function attemptsIn(texts: readonly string[]): number[] {
  return texts.flatMap((t) => [...t.matchAll(/[Ff]ollow-up (\d+)(?: of (\d+))?/g)].map((m) => Number(m[1])));
}

describe('the list, the digest, stats and the nudge agree on counts for any history', () => {
  it('one count of follow-ups, one attempt number, right plurals', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const { promise: p, now } = replay(h);
        const settings = settingsIn(h.zone);
        const member: Member = {
          id: 'm',
          workspaceId: 'w',
          externalId: 'u',
          displayName: 'Alice',
          settings,
          timeZoneAskedAt: null,
          countryAskedAt: null,
          deliveryProblem: null,
          createdAt: new Date(START),
        };
        const logged = p.kind === 'promise' ? p.followUps.length : 0;
        const list = lines(listReply([p], settings, now));
        const digest = buildDigest({ member, promises: [p], now });
        const digestLines = lines(digest);
        const stats = lines(statsReply([p], settings, now));
        const state = nudgeState(p, settings, now);
        const nudge =
          state.kind === 'nudge' && state.nudge.kind === 'follow_up'
            ? lines(nudgeMessage(p, state.nudge, settings, now))
            : [];
        const all = [...list, ...digestLines, ...stats, ...nudge];

        // Stats count the follow-ups logged on the promise (a thank-you note is not one).
        const allTime = stats.find((l) => l.startsWith('All time:')) ?? '';
        expect(allTime).toMatch(new RegExp(`^All time: ${logged} follow-ups? logged`));
        // The week's count is the same in stats and in the digest's footer.
        const week = /^This week: (\d+) follow-ups?/.exec(
          stats.find((l) => l.startsWith('This week:')) ?? '',
        )?.[1];
        expect(week).toBeDefined();
        if (digest !== null) expect(digest.footer).toMatch(new RegExp(`^This week: ${week} follow-ups?\\b`));

        // Every view numbers the attempt the same: the one after the last logged, and never "N of M" past M.
        const shown = attemptsIn(all);
        if (state.kind === 'nudge' && state.nudge.kind === 'follow_up') {
          expect(state.nudge.attempt).toBe(logged + 1);
          expect(new Set(shown)).toEqual(new Set([logged + 1]));
        }
        for (const text of all) {
          for (const m of text.matchAll(/follow-up (\d+) of (\d+)/gi)) {
            expect(Number(m[1])).toBeLessThanOrEqual(Number(m[2]));
            expect(Number(m[2])).toBe(POLICY.followUpsBeforeEscalation);
          }
        }
        // The wording's boldness follows the same count.
        const quote = state.kind === 'nudge' && state.nudge.kind === 'follow_up' ? (nudge.at(-1) ?? '') : '';
        if (/I've followed up/.test(quote)) {
          expect(logged).toBeGreaterThanOrEqual(2);
          expect(quote).toContain(logged === 2 ? 'a couple of times' : 'a few times');
        }
        // The hiring-manager line counts the same follow-ups.
        const rightPerson = digestLines.find((l) => l.includes('hasn’t answered'));
        if (rightPerson !== undefined)
          expect(rightPerson).toContain(`hasn’t answered ${numberWord(logged)} follow-ups`);

        // Plurals: never "1 follow-ups", "1 callbacks", "1 offers", "1 working days", "1 threads".
        for (const text of all)
          expect(text).not.toMatch(/\b1 (follow-ups|callbacks|offers|working days|threads)\b/);
        // A meeting reads as a meeting.
        expect(all.join('\n')).not.toContain('promised to meet you');
        // Overdue and going cold are never said of one thread in one digest.
        if (digestLines.some((l) => l === 'Overdue for a polite nudge'))
          expect(digestLines.join('\n')).not.toMatch(/#1 .*going cold/);
      }),
      { numRuns: runs(2_000) },
    );
  });
});
