import { DateTime } from 'luxon';
import type { Workspace } from './model.ts';
import type { GroupWeek, OrganiserStore, Span } from './ports/organiser.ts';
import type { GroupChartData } from './stats-chart.ts';
import { weeklyTally } from './tally.ts';

/** How many weeks the organiser page shows: a quarter, like the stats chart. */
export const ORGANISER_WEEKS = 12;

/** What an organiser sees: the group's weeks and the streaks of members who chose to share. */
export interface OrganiserReport {
  workspace: Pick<Workspace, 'name' | 'platform' | 'timeZone'>;
  weeks: readonly GroupWeek[];
  /** Opted-in members with a streak, longest first: their name and days, nothing else. */
  streaks: readonly { name: string; days: number }[];
  /** Members who opted in to sharing. */
  sharers: number;
}

/** The last `count` local weeks (Monday to Monday in `zone`), oldest first, the last one holding `now`. */
export function lastWeeks(now: Date, zone: string, count = ORGANISER_WEEKS): Span[] {
  const thisWeek = DateTime.fromJSDate(now, { zone }).startOf('week');
  return Array.from({ length: count }, (_, i) => {
    const start = thisWeek.minus({ weeks: count - 1 - i });
    return { from: start.toJSDate(), to: start.plus({ weeks: 1 }).toJSDate() };
  });
}

/** The organiser page's chart: the whole group's weeks, counts only, as the roundup's chart draws them. */
export function organiserChartData(report: OrganiserReport): GroupChartData {
  const zone = report.workspace.timeZone;
  return {
    title: 'The group, week by week',
    whose: 'every member',
    weeks: report.weeks.map((week) => {
      const start = DateTime.fromJSDate(week.from, { zone });
      return {
        start: start.toISODate() ?? '',
        label: start.toFormat('d LLL', { locale: 'en-GB' }),
        followUps: week.followUps,
        callbacks: week.callbacks,
        offers: week.offers,
        members: week.activeMembers,
      };
    }),
  };
}

/** Reads the report of one workspace; null when it does not exist (or was removed). */
export async function organiserReport(
  store: OrganiserStore,
  workspaceId: string,
  now: Date,
): Promise<OrganiserReport | null> {
  const workspace = await store.workspace(workspaceId);
  if (workspace === null) return null;
  const weeks = await store.groupWeeks(workspaceId, lastWeeks(now, workspace.timeZone));
  const sharers = await store.sharers(workspaceId);
  const streaks = sharers
    .map(({ member, promises }) => ({
      name: member.displayName,
      days: weeklyTally(promises, member.settings, now).streakDays,
    }))
    .filter((streak) => streak.days > 0)
    .sort((a, b) => b.days - a.days || a.name.localeCompare(b.name));
  return { workspace, weeks, streaks, sharers: sharers.length };
}
