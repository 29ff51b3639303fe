import type { GroupChartData, StatsChartData } from '../stats-chart.ts';

/**
 * Draws charts as PNG images. The core and the app hand it counts only; the drawing (a charting
 * library and a native SVG renderer) lives outside the core, in src/charts.
 */
export interface ChartPort {
  /** A member's `/promise stats` chart as PNG bytes; throws ChartRenderError when it cannot draw. */
  statsChart(data: StatsChartData): Promise<Uint8Array>;
  /** The accountability roundup's group chart as PNG bytes; throws ChartRenderError when it cannot draw. */
  groupChart(data: GroupChartData): Promise<Uint8Array>;
}
