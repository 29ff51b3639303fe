import type { EChartsOption } from 'echarts';
import { init } from 'echarts/core';

/** A chart's own size in CSS pixels. */
export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Draws an ECharts option to an SVG document with ECharts' server-side rendering (no DOM, no
 * canvas). The caller registers the chart types and components it uses with `use()` first.
 */
export function renderSvg(option: EChartsOption, size: ChartSize): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
