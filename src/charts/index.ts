import { ThriceError } from '../core/errors.ts';
import type { ChartPort } from '../core/ports/charts.ts';
import { groupChartSvg, STATS_CHART_SCALE, statsChartSvg } from './stats-chart.ts';
import { svgToPng } from './svg-to-png.ts';

/** A chart could not be drawn (a bug in the chart, or the renderer's native part failed to load). */
export class ChartRenderError extends ThriceError {
  override readonly name = 'ChartRenderError';
  constructor(chart: string, options?: { cause?: unknown }) {
    super('chart_failed', `I couldn't draw the ${chart} chart just now.`, options);
  }
}

/** Creates the chart port: Apache ECharts draws SVG in the process, resvg turns it into PNG. */
export function createChartRenderer(): ChartPort {
  return {
    async statsChart(data) {
      try {
        return await svgToPng(statsChartSvg(data), STATS_CHART_SCALE);
      } catch (error) {
        throw new ChartRenderError('stats', { cause: error });
      }
    },
    async groupChart(data) {
      try {
        return await svgToPng(groupChartSvg(data), STATS_CHART_SCALE);
      } catch (error) {
        throw new ChartRenderError('group', { cause: error });
      }
    },
  };
}
