import type { FollowUpPromise, MemberSettings } from './model.ts';
import { activityByDay, followUpsOf, weeklyTally } from './tally.ts';
import { inZone } from './working-time.ts';

/*
 * The numbers behind `/promise stats`' chart, as data: the adapters' chart renderer draws them.
 * Counts only — no contact names, companies or notes ever reach a chart.
 */

/** How many weeks the stats chart looks back over, this week included. */
export const CHART_WEEKS = 12;

/** One local ISO week (Monday first) of the chart. */
export interface ChartWeek {
  /** The week's Monday, ISO date in the member's zone. */
  start: string;
  /** Short label for the axis: "6 Oct". */
  label: string;
  followUps: number;
  callbacks: number;
  offers: number;
}

/** A member's stats chart: weekly counts and a calendar of active days with the streak. */
export interface StatsChartData {
  title: string;
  /** CHART_WEEKS weeks, oldest first, ending with the current one. */
  weeks: readonly ChartWeek[];
  /** The heatmap's days, first to last, ISO dates: the first week's Monday to today. */
  days: { from: string; to: string };
  /** Things done per active day in that range (ISO date → count); days not listed had none. */
  activity: ReadonlyMap<string, number>;
  /** The current streak of working days, as `/promise stats` counts it. */
  streakDays: number;
}

/** What the chart renderer needs from `/promise stats`: the last CHART_WEEKS weeks in the member's zone. */
export function statsChartData(
  promises: readonly FollowUpPromise[],
  settings: MemberSettings,
  now: Date,
): StatsChartData {
  const zone = settings.timeZone;
  const today = inZone(now, zone).startOf('day');
  const first = today.startOf('week').minus({ weeks: CHART_WEEKS - 1 });
  const weeks: ChartWeek[] = Array.from({ length: CHART_WEEKS }, (_, i) => {
    const monday = first.plus({ weeks: i });
    return {
      start: monday.toISODate() ?? '',
      label: monday.toFormat('d LLL'),
      followUps: 0,
      callbacks: 0,
      offers: 0,
    };
  });
  const byMonday = new Map(weeks.map((week) => [week.start, week]));
  /** The chart week an instant falls in, or undefined outside the chart (or in the future). */
  const weekOf = (at: Date | null): ChartWeek | undefined => {
    if (at === null || at.getTime() > now.getTime()) return undefined;
    return byMonday.get(inZone(at, zone).startOf('week').toISODate() ?? '');
  };
  for (const promise of promises) {
    for (const followUp of followUpsOf(promise)) {
      const week = weekOf(followUp.at);
      if (week) week.followUps += 1;
    }
    if (promise.kind !== 'promise') continue;
    const week = weekOf(promise.closedAt);
    if (week === undefined) continue;
    if (promise.outcome === 'heard') week.callbacks += 1;
    if (promise.outcome === 'offer') week.offers += 1;
  }
  const from = first.toISODate() ?? '';
  const to = today.toISODate() ?? '';
  const activity = new Map([...activityByDay(promises, zone)].filter(([day]) => day >= from && day <= to));
  return {
    title: 'Your follow-ups, last 12 weeks',
    weeks,
    days: { from, to },
    activity,
    streakDays: weeklyTally(promises, settings, now).streakDays,
  };
}
