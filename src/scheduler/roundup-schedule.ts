import { DateTime } from 'luxon';
import type { Workspace } from '../core/model.ts';

/** Roundups go out at this local hour, and weekly ones on this ISO weekday (Monday 10:00). */
export const ROUNDUP_HOUR = 10;
export const ROUNDUP_WEEKDAY = 1;

/** The next roundup moment strictly after `after` in the workspace's zone; null when off. */
export function nextRoundupAt(
  workspace: Pick<Workspace, 'roundupCadence' | 'timeZone'>,
  after: Date,
): Date | null {
  if (workspace.roundupCadence === 'off') return null;
  const local = DateTime.fromJSDate(after, { zone: workspace.timeZone });
  let candidate = local.set({ hour: ROUNDUP_HOUR, minute: 0, second: 0, millisecond: 0 });
  while (
    candidate.toMillis() <= after.getTime() ||
    (workspace.roundupCadence === 'weekly' && candidate.weekday !== ROUNDUP_WEEKDAY)
  ) {
    candidate = candidate.plus({ days: 1 }).set({ hour: ROUNDUP_HOUR, minute: 0 });
  }
  return candidate.toJSDate();
}

/** The latest roundup moment at or before `now` in the workspace's zone; null when off. */
export function latestRoundupAt(
  workspace: Pick<Workspace, 'roundupCadence' | 'timeZone'>,
  now: Date,
): Date | null {
  // Moments are at most a week apart: start eight days back and walk forward.
  let latest: Date | null = null;
  for (
    let next = nextRoundupAt(workspace, new Date(now.getTime() - 8 * 86_400_000));
    next !== null && next.getTime() <= now.getTime();
    next = nextRoundupAt(workspace, next)
  ) {
    latest = next;
  }
  return latest;
}

/** The period a roundup due at `dueAt` covers: the previous day or week, ending at `dueAt`. */
export function roundupPeriod(workspace: Pick<Workspace, 'roundupCadence' | 'timeZone'>, dueAt: Date) {
  const end = DateTime.fromJSDate(dueAt, { zone: workspace.timeZone });
  const start = workspace.roundupCadence === 'daily' ? end.minus({ days: 1 }) : end.minus({ weeks: 1 });
  return { from: start.toJSDate(), to: end.toJSDate() };
}
