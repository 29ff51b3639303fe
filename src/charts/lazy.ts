import type { ChartPort } from '../core/ports/charts.ts';

/**
 * The chart renderer, loaded on first use: the charting library and the native SVG renderer cost
 * start-up time that a bot nobody asks for a chart never needs to pay.
 */
export function lazyChartRenderer(): ChartPort {
  let loaded: Promise<ChartPort> | undefined;
  const renderer = () => {
    loaded ??= import('./index.ts').then((charts) => charts.createChartRenderer());
    return loaded;
  };
  return {
    statsChart: async (data) => (await renderer()).statsChart(data),
    groupChart: async (data) => (await renderer()).groupChart(data),
  };
}
