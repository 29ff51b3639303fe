import type { EChartsOption } from 'echarts';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  CalendarComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  VisualMapComponent,
} from 'echarts/components';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartWeek, GroupChartData, StatsChartData } from '../core/stats-chart.ts';
import { renderSvg } from './render-svg.ts';
import { CHART_FONT_FAMILY } from './svg-to-png.ts';

/*
 * `/promise stats` as an Apache ECharts chart, drawn on the server to an SVG string (ECharts'
 * server-side rendering: no DOM, no canvas). Only the parts used are registered.
 */
use([
  BarChart,
  HeatmapChart,
  LineChart,
  CalendarComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  VisualMapComponent,
  SVGRenderer,
]);

/** The chart's own size in CSS pixels; the PNG is drawn at STATS_CHART_SCALE times this. */
export const STATS_CHART_SIZE = { width: 720, height: 540 } as const;
export const STATS_CHART_SCALE = 2;

/** Series colours, told apart by lightness as well as hue (and named in the legend). */
const COLOURS = { followUps: '#2f5fc4', callbacks: '#2e9d57', offers: '#e08a1e' } as const;
/** The heatmap's steps, from no activity to a busy day. */
const HEAT = ['#e4e7ec', '#a6dcb4', '#4cb26a', '#1f6b38'] as const;
const TEXT = '#1f2328';
const MUTED = '#57606a';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Every day of the heatmap's range with its count, zeros included, so idle days show as grey. */
function heatmapDays(data: StatsChartData): [string, number][] {
  const days: [string, number][] = [];
  const day = new Date(`${data.days.from}T00:00:00Z`);
  const last = new Date(`${data.days.to}T00:00:00Z`);
  for (; day.getTime() <= last.getTime(); day.setUTCDate(day.getUTCDate() + 1)) {
    const iso = day.toISOString().slice(0, 10);
    days.push([iso, data.activity.get(iso) ?? 0]);
  }
  return days;
}

type Counted = 'followUps' | 'callbacks' | 'offers';

/** "28 follow-ups · 4 callbacks · 1 offer" over the chart's weeks. */
function summaryOf(weeks: readonly ChartWeek[]): string {
  const total = (key: Counted) => weeks.reduce((sum, week) => sum + week[key], 0);
  return `${plural(total('followUps'), 'follow-up')} · ${plural(total('callbacks'), 'callback')} · ${plural(total('offers'), 'offer')}`;
}

/** The weeks along the bottom and whole counts up the side, as both weekly charts draw them. */
function weekAxes(weeks: readonly ChartWeek[]): Pick<EChartsOption, 'xAxis' | 'yAxis'> {
  return {
    xAxis: {
      type: 'category',
      data: weeks.map((week) => week.label),
      axisLabel: { fontSize: 11, color: MUTED, interval: 0 },
      axisTick: { alignWithLabel: true },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { fontSize: 11, color: MUTED },
      splitLine: { lineStyle: { color: '#e4e7ec' } },
    },
  };
}

/** The three weekly bar series, in their colours. */
function barSeries(weeks: readonly ChartWeek[]) {
  const bar = (name: string, key: Counted, color: string) => ({
    type: 'bar' as const,
    name,
    data: weeks.map((week) => week[key]),
    itemStyle: { color },
    barGap: '10%',
  });
  return [
    bar('Follow-ups', 'followUps', COLOURS.followUps),
    bar('Callbacks', 'callbacks', COLOURS.callbacks),
    bar('Offers', 'offers', COLOURS.offers),
  ];
}

/** The ECharts option of a member's stats chart: weekly bars above, the active-day calendar below. */
export function statsChartOption(data: StatsChartData): EChartsOption {
  const summary = summaryOf(data.weeks);
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT_FAMILY, color: TEXT },
    title: [
      {
        text: data.title,
        subtext: summary,
        left: 24,
        top: 14,
        textStyle: { fontSize: 18, fontWeight: 'bold', color: TEXT },
        subtextStyle: { fontSize: 12, color: MUTED },
      },
      {
        text: `Active days — current streak: ${plural(data.streakDays, 'working day')}`,
        left: 24,
        top: 322,
        textStyle: { fontSize: 14, fontWeight: 'bold', color: TEXT },
      },
    ],
    legend: {
      top: 70,
      left: 24,
      itemWidth: 14,
      itemHeight: 10,
      textStyle: { fontSize: 12, color: TEXT },
      data: ['Follow-ups', 'Callbacks', 'Offers'],
    },
    grid: { top: 100, left: 48, right: 24, height: 180 },
    ...weekAxes(data.weeks),
    calendar: {
      top: 372,
      left: 72,
      right: 24,
      cellSize: ['auto', 16],
      range: [data.days.from, data.days.to],
      orient: 'horizontal',
      dayLabel: { firstDay: 1, nameMap: 'en', fontSize: 10, color: MUTED },
      monthLabel: { nameMap: 'en', fontSize: 11, color: MUTED },
      yearLabel: { show: false },
      itemStyle: { borderColor: '#ffffff', borderWidth: 2, color: HEAT[0] },
      splitLine: { show: false },
    },
    visualMap: {
      type: 'piecewise',
      seriesIndex: 3,
      orient: 'horizontal',
      left: 72,
      bottom: 14,
      itemWidth: 14,
      itemHeight: 14,
      itemGap: 24,
      textStyle: { fontSize: 11, color: MUTED },
      pieces: [
        { value: 0, label: 'nothing logged', color: HEAT[0] },
        { min: 1, max: 1, label: '1 thing', color: HEAT[1] },
        { min: 2, max: 3, label: '2–3', color: HEAT[2] },
        { gte: 4, label: '4 or more', color: HEAT[3] },
      ],
    },
    series: [
      ...barSeries(data.weeks),
      { type: 'heatmap', coordinateSystem: 'calendar', data: heatmapDays(data) },
    ],
  };
}

/** The roundup's group chart's size in CSS pixels (drawn at STATS_CHART_SCALE). */
export const GROUP_CHART_SIZE = { width: 720, height: 380 } as const;

/** The ECharts option of the roundup's group chart: weekly bars and the members active each week. */
export function groupChartOption(data: GroupChartData): EChartsOption {
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT_FAMILY, color: TEXT },
    title: {
      text: data.title,
      subtext: `${summaryOf(data.weeks)} — ${data.whose}`,
      left: 24,
      top: 14,
      textStyle: { fontSize: 18, fontWeight: 'bold', color: TEXT },
      subtextStyle: { fontSize: 12, color: MUTED },
    },
    legend: {
      top: 70,
      left: 24,
      itemWidth: 14,
      itemHeight: 10,
      textStyle: { fontSize: 12, color: TEXT },
      data: ['Follow-ups', 'Callbacks', 'Offers', 'Members active'],
    },
    grid: { top: 104, left: 48, right: 24, bottom: 40 },
    ...weekAxes(data.weeks),
    series: [
      ...barSeries(data.weeks),
      {
        type: 'line',
        name: 'Members active',
        data: data.weeks.map((week) => week.members),
        itemStyle: { color: MUTED },
        lineStyle: { color: MUTED, width: 2 },
        symbolSize: 6,
      },
    ],
  };
}

/** The roundup's group chart as an SVG document. */
export function groupChartSvg(data: GroupChartData): string {
  return renderSvg(groupChartOption(data), GROUP_CHART_SIZE);
}

/** A member's stats chart as an SVG document. */
export function statsChartSvg(data: StatsChartData): string {
  return renderSvg(statsChartOption(data), STATS_CHART_SIZE);
}
