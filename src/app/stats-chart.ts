import type { Logger } from 'pino';
import type { Attachment } from '../core/message.ts';
import type { FollowUpPromise, MemberSettings } from '../core/model.ts';
import type { ChartPort } from '../core/ports/charts.ts';
import { statsChartData } from '../core/stats-chart.ts';

/** The stats chart's file name on every platform. */
export const STATS_CHART_FILE = 'thrice-stats.png';

/**
 * `/promise stats`' chart as a PNG attachment, or null when it cannot be drawn: the text reply
 * still goes out, and the failure is logged.
 */
export async function statsChartAttachment(
  charts: ChartPort,
  promises: readonly FollowUpPromise[],
  settings: MemberSettings,
  now: Date,
  log: Logger,
): Promise<Attachment | null> {
  const data = statsChartData(promises, settings, now);
  try {
    const png = await charts.statsChart(data);
    const weeks = data.weeks.map((week) => week.followUps).join(', ');
    return {
      filename: STATS_CHART_FILE,
      contentType: 'image/png',
      content: png,
      altText: `Follow-ups per week over the last ${data.weeks.length} weeks, oldest first: ${weeks}. Current streak: ${data.streakDays} working days.`,
    };
  } catch (error) {
    log.warn({ err: error }, 'stats chart not drawn');
    return null;
  }
}
