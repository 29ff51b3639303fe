import { describe, expect, it } from 'vitest';
import type { Member } from '../../src/core/model.ts';
import { buildRoundup } from '../../src/core/roundup.ts';
import { CHART_WEEKS, groupChartData, statsChartData } from '../../src/core/stats-chart.ts';
import { weeklyTally } from '../../src/core/tally.ts';
import { HISTORY_NOW, HISTORY_ZONE, seededHistory } from '../support/chart-history.ts';
import { at, followUps, promise, settingsIn } from './fixtures.ts';

describe('the stats chart’s numbers', () => {
  const settings = settingsIn(HISTORY_ZONE);

  it('has twelve Monday-first weeks ending with this one, in the member’s zone', () => {
    const data = statsChartData([], settings, HISTORY_NOW);
    expect(data.weeks).toHaveLength(CHART_WEEKS);
    expect(data.weeks.at(-1)?.start).toBe('2026-11-30');
    expect(data.weeks[0]?.start).toBe('2026-09-14');
    expect(data.weeks[0]?.label).toBe('14 Sep');
    expect(data.days).toEqual({ from: '2026-09-14', to: '2026-12-01' });
    expect(data.activity.size).toBe(0);
  });

  it('counts each follow-up, callback and offer in the local week it happened', () => {
    // Sunday 29 Nov, 11:30 PM in Berlin is Sunday in Berlin (last week) but Monday nowhere near;
    // Monday 30 Nov, 00:30 in Berlin is this week though still Sunday in UTC.
    const sunday = at('2026-11-29T23:30', HISTORY_ZONE);
    const monday = at('2026-11-30T00:30', HISTORY_ZONE);
    const data = statsChartData(
      [
        promise({ id: 'a', followUps: followUps([sunday, 'email'], [monday, 'call']), createdAt: sunday }),
        promise({ id: 'b', outcome: 'heard', closedAt: monday, createdAt: sunday }),
        promise({ id: 'c', outcome: 'offer', closedAt: sunday, createdAt: sunday }),
        // A logged meeting's thank-you note is not a follow-up on anyone's promise.
        promise({ id: 'd', kind: 'meeting', followUps: followUps([monday, 'email']), createdAt: sunday }),
      ],
      settings,
      HISTORY_NOW,
    );
    expect(data.weeks.at(-2)).toMatchObject({ start: '2026-11-23', followUps: 1, callbacks: 0, offers: 1 });
    expect(data.weeks.at(-1)).toMatchObject({ start: '2026-11-30', followUps: 1, callbacks: 1, offers: 0 });
    // Every add and every touch counts as activity, the thank-you note too.
    expect(data.activity.get('2026-11-29')).toBe(5);
    expect(data.activity.get('2026-11-30')).toBe(2);
  });

  it('agrees with /promise stats on the streak, and leaves out what is older than the chart', () => {
    const history = seededHistory();
    const data = statsChartData(history, settings, HISTORY_NOW);
    expect(data.streakDays).toBe(weeklyTally(history, settings, HISTORY_NOW).streakDays);
    expect(data.streakDays).toBeGreaterThanOrEqual(5);
    const charted = data.weeks.reduce((sum, week) => sum + week.followUps, 0);
    const all = history.reduce((sum, p) => sum + p.followUps.length, 0);
    // Promise #1's first follow-ups fall before the chart's first Monday.
    expect(charted).toBeLessThan(all);
    expect([...data.activity.keys()].every((day) => day >= data.days.from && day <= data.days.to)).toBe(true);
    expect(data.weeks.reduce((sum, week) => sum + week.offers, 0)).toBe(1);
  });

  it('holds counts only: no name or company of a contact', () => {
    const data = statsChartData(seededHistory(), settings, HISTORY_NOW);
    const text = JSON.stringify({ ...data, activity: [...data.activity] });
    expect(text).not.toMatch(/Secret Contact|Hidden Corp|Jane|Acme/);
  });

  it('the group chart sums the members who share, week by week, up to the end of the roundup’s period', () => {
    const monday = at('2026-11-23T12:00', 'UTC');
    const after = at('2026-11-30T12:00', 'UTC');
    const bea = [
      promise({
        followUps: followUps([monday, 'email'], [after, 'call']),
        outcome: 'heard',
        closedAt: monday,
      }),
    ];
    const cal = [promise({ id: 'c', followUps: followUps([monday, 'email']) })];
    const data = groupChartData([bea, cal], {
      from: at('2026-11-23T10:00', 'UTC'),
      to: at('2026-11-30T10:00', 'UTC'),
    });
    expect(data.weeks).toHaveLength(CHART_WEEKS);
    // The reported week is the last; what happened after the period is not in it.
    expect(data.weeks.at(-1)).toMatchObject({ start: '2026-11-23', followUps: 2, callbacks: 1, members: 2 });
    expect(data.weeks.reduce((sum, week) => sum + week.followUps, 0)).toBe(2);
  });

  it('a roundup asks for the group chart only when someone shares, and it holds no name', () => {
    const period = { from: at('2026-11-23T10:00', 'UTC'), to: at('2026-11-30T10:00', 'UTC') };
    const base = { workspace: { roundupCadence: 'weekly' as const }, period, now: period.to };
    const none = buildRoundup({
      ...base,
      activity: { followUps: 1, callbacks: 0, activeMembers: 1, sharers: [] },
    });
    expect(none.chart).toBeUndefined();
    const member: Member = {
      id: 'm',
      workspaceId: 'w',
      externalId: 'U1',
      displayName: 'Bea',
      settings: settingsIn('UTC'),
      deliveryProblem: null,
      timeZoneAskedAt: null,
      countryAskedAt: null,
      createdAt: period.from,
    };
    const shared = buildRoundup({
      ...base,
      activity: {
        followUps: 1,
        callbacks: 0,
        activeMembers: 1,
        sharers: [
          {
            member,
            promises: [promise({ followUps: followUps([at('2026-11-24T09:00', 'UTC'), 'email']) })],
          },
        ],
      },
    });
    expect(shared.chart?.data.weeks.at(-1)?.followUps).toBe(1);
    expect(JSON.stringify(shared.chart)).not.toMatch(/Jane|Acme|Bea/);
  });
});
