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

/** The accountability roundup's chart: the group's weeks, summed over members who opted in. */
export interface GroupChartData {
  title: string;
  /** Whose counts these are, after the totals (the roundup's: "members who share their progress"). */
  whose: string;
  /** CHART_WEEKS weeks (UTC, Monday first), oldest first, ending with the current one. */
  weeks: readonly (ChartWeek & { members: number })[];
}

/**
 * CHART_WEEKS empty weeks ending with the one of `last` in `zone`, and the week an instant up to
 * `now` falls in.
 */
function chartWeeks(zone: string, last: Date, now: Date) {
  const first = inZone(last, zone)
    .startOf('week')
    .minus({ weeks: CHART_WEEKS - 1 });
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
  return { first, weeks, weekOf };
}

/** Adds a member's follow-ups, callbacks and offers to the weeks they fall in; the weeks touched. */
function countInto(
  promises: readonly FollowUpPromise[],
  weekOf: (at: Date | null) => ChartWeek | undefined,
): Set<ChartWeek> {
  const touched = new Set<ChartWeek>();
  for (const promise of promises) {
    for (const followUp of followUpsOf(promise)) {
      const week = weekOf(followUp.at);
      if (week === undefined) continue;
      week.followUps += 1;
      touched.add(week);
    }
    if (promise.kind !== 'promise') continue;
    const week = weekOf(promise.closedAt);
    if (week === undefined) continue;
    if (promise.outcome === 'heard') week.callbacks += 1;
    if (promise.outcome === 'offer') week.offers += 1;
    touched.add(week);
  }
  return touched;
}

/**
 * The roundup's group chart from the promises of the members who opted in (`share on`), one
 * list per member: counts per UTC week and how many of them were active, ending with the week
 * the roundup's period began in and nothing after the period. Nothing else.
 */
export function groupChartData(
  sharers: readonly (readonly FollowUpPromise[])[],
  period: { from: Date; to: Date },
): GroupChartData {
  const { weeks, weekOf } = chartWeeks('UTC', period.from, new Date(period.to.getTime() - 1));
  const members = new Map<ChartWeek, number>();
  for (const promises of sharers) {
    for (const week of countInto(promises, weekOf)) members.set(week, (members.get(week) ?? 0) + 1);
  }
  return {
    title: 'The group, last 12 weeks',
    whose: 'members who share their progress',
    weeks: weeks.map((week) => ({ ...week, members: members.get(week) ?? 0 })),
  };
}

/** What the chart renderer needs from `/promise stats`: the last CHART_WEEKS weeks in the member's zone. */
export function statsChartData(
  promises: readonly FollowUpPromise[],
  settings: MemberSettings,
  now: Date,
): StatsChartData {
  const zone = settings.timeZone;
  const { first, weeks, weekOf } = chartWeeks(zone, now, now);
  countInto(promises, weekOf);
  const from = first.toISODate() ?? '';
  const to = inZone(now, zone).toISODate() ?? '';
  const activity = new Map([...activityByDay(promises, zone)].filter(([day]) => day >= from && day <= to));
  return {
    title: 'Your follow-ups, last 12 weeks',
    weeks,
    days: { from, to },
    activity,
    streakDays: weeklyTally(promises, settings, now).streakDays,
  };
}
