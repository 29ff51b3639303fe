import type { FollowUpPromise } from '../../src/core/model.ts';
import { followUps, promise } from '../core/fixtures.ts';

/** "Now" of the seeded history: Tuesday 1 Dec 2026, 4 PM in Berlin. */
export const HISTORY_NOW = new Date('2026-12-01T15:00:00Z');
export const HISTORY_ZONE = 'Europe/Berlin';

const DAY = 86_400_000;
/** `days` days (and `hours` hours) before HISTORY_NOW. */
function ago(days: number, hours = 0): Date {
  return new Date(HISTORY_NOW.getTime() - days * DAY - hours * 3_600_000);
}

/**
 * A member's last three months, as a chart would show them: a slow start, a busy middle, one
 * offer, and a streak of working days up to today. Names and companies are here to prove a chart
 * never shows them.
 */
export function seededHistory(): FollowUpPromise[] {
  const history: FollowUpPromise[] = [];
  const add = (
    index: number,
    created: number,
    touches: number[],
    outcome: FollowUpPromise['outcome'] = null,
    closed: number | null = null,
  ) => {
    history.push(
      promise({
        id: `p${index}`,
        ref: index,
        contact: { name: `Secret Contact ${index}`, role: 'recruiter', company: `Hidden Corp ${index}` },
        createdAt: ago(created),
        followUps: followUps(...touches.map((days): [Date, 'email'] => [ago(days), 'email'])),
        outcome,
        closedAt: closed === null ? null : ago(closed),
      }),
    );
  };
  add(1, 90, [88, 70], 'heard', 66);
  add(2, 72, [65]);
  add(3, 60, [56, 52, 49], 'no', 45);
  add(4, 50, [47, 43, 41, 36], 'heard', 34);
  add(5, 44, [40, 35, 29], 'offer', 27);
  add(6, 38, [33, 30, 26, 22]);
  add(7, 31, [28, 24, 21, 15], 'heard', 14);
  add(8, 20, [17, 13, 10, 8]);
  add(11, 23, [23, 23, 22], 'heard', 16);
  add(12, 9, [9, 9, 9, 8]);
  // The streak: every working day from Wed 25 Nov to today.
  add(9, 6, [5, 4, 1, 0]);
  add(10, 0, [], 'heard', 0);
  return history;
}
