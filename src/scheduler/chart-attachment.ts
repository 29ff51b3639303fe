import type { Logger } from 'pino';
import type { ChartPort } from '../core/ports/charts.ts';
import type { Delivery } from '../core/ports/delivery.ts';

/** The roundup's group chart's file name on every platform. */
export const GROUP_CHART_FILE = 'thrice-roundup.png';

/**
 * The delivery as it is sent: a message that asks for a chart gets it drawn and attached here,
 * just before sending, so the outbox keeps only the chart's counts. A chart that cannot be drawn
 * is logged and the message goes without it: the roundup's text matters more than its picture.
 */
export async function withChart(delivery: Delivery, charts: ChartPort, log: Logger): Promise<Delivery> {
  const chart = delivery.message.chart;
  if (chart === undefined) return delivery;
  try {
    const png = await charts.groupChart(chart.data);
    const weeks = chart.data.weeks.map((week) => week.followUps).join(', ');
    const attachment = {
      filename: GROUP_CHART_FILE,
      contentType: 'image/png',
      content: png,
      altText: `Follow-ups per week logged by members who share their progress, last ${chart.data.weeks.length} weeks, oldest first: ${weeks}.`,
    };
    return {
      ...delivery,
      message: { ...delivery.message, attachments: [...(delivery.message.attachments ?? []), attachment] },
    };
  } catch (error) {
    log.warn({ err: error, kind: delivery.kind }, 'group chart not drawn; sending without it');
    return delivery;
  }
}
