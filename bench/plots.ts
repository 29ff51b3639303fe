import type { EChartsOption, SeriesOption } from 'echarts';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { renderSvg } from '../src/charts/render-svg.ts';
import { fmt } from './stats.ts';

/*
 * The figures of docs/BENCHMARKS.md: each scenario describes its plots as plain numbers (a Figure),
 * and this module draws them with the same ECharts server-side SVG renderer as the bot's charts.
 */
use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

/** One line or one set of bars: [x, y] points; a y that is not finite is left out (a gap). */
export interface FigureSeries {
  name: string;
  points: readonly (readonly [number | string, number])[];
}

/** One plot of a scenario's measured numbers, drawn by renderFigure. */
export interface Figure {
  /** The file is docs/images/bench-<scenario>-<name>.svg. */
  scenario: string;
  name: string;
  /** Drawn above the plot and the SVG's <title>. */
  title: string;
  /** What the plot shows, in words: the image's alt text and the SVG's aria-label. */
  alt: string;
  kind: 'line' | 'bar';
  /** Axis names carry their units, e.g. "promises in the table (log scale)". */
  x: { label: string; scale: 'category' | 'linear' | 'log' };
  y: { label: string; scale: 'linear' | 'log' };
  series: readonly FigureSeries[];
}

/** The SVG's size in CSS pixels. */
export const FIGURE_SIZE = { width: 720, height: 400 } as const;

/** Dark text on a solid white background, so the plot reads the same on light and dark pages. */
const BACKGROUND = '#ffffff';
const TEXT = '#1f2328';
const MUTED = '#57606a';
const GRID = '#e4e7ec';
const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';
/** Ours first, then the baselines; told apart by lightness, line style and marker as well as hue. */
const COLOURS = ['#2f5fc4', '#e08a1e', '#2e9d57', '#57606a'] as const;
const DASHES = ['solid', 'dashed', 'dotted', 'solid'] as const;
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond'] as const;
/** Series with more points than this are drawn without value labels or markers. */
const LABELLED_POINTS = 12;

/** docs/images/<this>: bench-<scenario>-<name>.svg. */
export function figureFile(figure: Figure): string {
  return `bench-${figure.scenario}-${figure.name}.svg`;
}

/** Three significant digits, as in the tables. */
function label(value: number): string {
  return fmt(value);
}

/** The categories along x, in the order the series first name them. */
function categoriesOf(figure: Figure): string[] {
  const seen: string[] = [];
  for (const series of figure.series)
    for (const [x] of series.points) if (!seen.includes(String(x))) seen.push(String(x));
  return seen;
}

function seriesOption(figure: Figure, categories: readonly string[]): SeriesOption[] {
  return figure.series.map((series, i) => {
    const colour = COLOURS[i % COLOURS.length] ?? TEXT;
    const labelled = series.points.length <= LABELLED_POINTS;
    const valueLabel = {
      show: labelled,
      position: 'top' as const,
      fontSize: 10,
      color: TEXT,
      formatter: (params: { value: unknown }) => {
        const value = Array.isArray(params.value) ? params.value[1] : params.value;
        return typeof value === 'number' ? label(value) : '';
      },
    };
    const data =
      figure.x.scale === 'category'
        ? categories.map((category) => {
            const y = series.points.find(([x]) => String(x) === category)?.[1];
            return y !== undefined && Number.isFinite(y) ? y : null;
          })
        : series.points.filter(([, y]) => Number.isFinite(y)).map(([x, y]) => [Number(x), y]);
    if (figure.kind === 'bar')
      return {
        type: 'bar',
        name: series.name,
        data,
        itemStyle: { color: colour },
        label: valueLabel,
        barGap: '10%',
      };
    return {
      type: 'line',
      name: series.name,
      data,
      color: colour,
      lineStyle: { color: colour, width: 2, type: DASHES[i % DASHES.length] ?? 'solid' },
      itemStyle: { color: colour },
      symbol: SYMBOLS[i % SYMBOLS.length] ?? 'circle',
      symbolSize: 7,
      showSymbol: labelled,
      label: valueLabel,
    };
  });
}

/** The ECharts option of a bench figure: title, legend, labelled axes with units, one series each. */
export function figureOption(figure: Figure): EChartsOption {
  const categories = categoriesOf(figure);
  const axisName = { color: TEXT, fontSize: 12 };
  const axisLabel = { color: MUTED, fontSize: 11 };
  return {
    animation: false,
    backgroundColor: BACKGROUND,
    textStyle: { fontFamily: FONT, color: TEXT },
    title: {
      text: figure.title,
      left: 24,
      top: 12,
      textStyle: { fontSize: 16, fontWeight: 'bold', color: TEXT },
    },
    legend: {
      top: 44,
      left: 24,
      itemWidth: 22,
      itemHeight: 10,
      // Wide: ECharts measures text without the font, and DejaVu Sans runs wider than its guess.
      itemGap: 36,
      textStyle: { fontSize: 12, color: TEXT },
      data: figure.series.map((series) => series.name),
    },
    grid: { top: 96, left: 80, right: 40, bottom: 64 },
    xAxis:
      figure.x.scale === 'category'
        ? {
            type: 'category',
            data: categories,
            name: figure.x.label,
            nameLocation: 'middle',
            nameGap: 32,
            nameTextStyle: axisName,
            axisLabel: { ...axisLabel, interval: 0 },
            axisTick: { alignWithLabel: true },
          }
        : {
            type: figure.x.scale === 'log' ? 'log' : 'value',
            name: figure.x.label,
            nameLocation: 'middle',
            nameGap: 32,
            nameTextStyle: axisName,
            axisLabel: { ...axisLabel, formatter: (value: number) => label(value) },
            splitLine: { lineStyle: { color: GRID } },
            scale: figure.x.scale === 'log',
          },
    yAxis: {
      type: figure.y.scale === 'log' ? 'log' : 'value',
      name: figure.y.label,
      nameLocation: 'middle',
      nameGap: 56,
      nameTextStyle: axisName,
      axisLabel: { ...axisLabel, formatter: (value: number) => label(value) },
      splitLine: { lineStyle: { color: GRID } },
    },
    series: seriesOption(figure, categories),
  };
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** A figure as a standalone SVG document with a <title>, a <desc> and an aria-label for screen readers. */
export function renderFigure(figure: Figure): string {
  const svg = renderSvg(figureOption(figure), FIGURE_SIZE);
  const open = svg.indexOf('>', svg.indexOf('<svg'));
  if (open === -1) throw new Error(`bench: the renderer returned no <svg> for ${figureFile(figure)}`);
  return (
    `${svg.slice(0, open)} role="img" aria-label="${escapeXml(figure.alt)}">` +
    `<title>${escapeXml(figure.title)}</title><desc>${escapeXml(figure.alt)}</desc>` +
    `${svg.slice(open + 1)}\n`
  );
}

/* ---- Each scenario's figures, from the numbers it measured. ---- */

function dueLabel(fraction: number): string {
  return fraction === 0 ? 'nothing due' : `${fraction * 100}% due`;
}

/** Scenario 1: planning time against table size (log-log), ours against both SQL baselines. */
export function planningFigures(
  cells: readonly { promises: number; fraction: number; ours: number; select: number; write: number }[],
): Figure[] {
  const busy = cells.filter((cell) => cell.fraction === 0.01);
  const fractions = [...new Set(cells.map((cell) => cell.fraction))].sort((a, b) => b - a);
  const x = { label: 'promises in the table (log scale)', scale: 'log' } as const;
  const y = { label: 'milliseconds per pass (log scale)', scale: 'log' } as const;
  const figures: Figure[] = [];
  if (busy.length > 0)
    figures.push({
      scenario: 'planning',
      name: 'busy',
      title: 'Tick planning at 1% due: ours against hand-written SQL',
      alt:
        'Line chart, both axes logarithmic: milliseconds per planning pass at 1% due against promises in the table, ' +
        'for our planner, the SQL select baseline and the SQL select+write baseline (numbers in the table above).',
      kind: 'line',
      x,
      y,
      series: [
        { name: 'ours', points: busy.map((c) => [c.promises, c.ours]) },
        { name: 'SQL select', points: busy.map((c) => [c.promises, c.select]) },
        { name: 'SQL select+write', points: busy.map((c) => [c.promises, c.write]) },
      ],
    });
  if (fractions.length > 1)
    figures.push({
      scenario: 'planning',
      name: 'by-due',
      title: 'Tick planning follows due work, not table size',
      alt:
        'Line chart, both axes logarithmic: milliseconds per pass of our planner against promises in the table, ' +
        `one line per share due (${fractions.map(dueLabel).join(', ')}); flat lines mean the cost does not grow with the table.`,
      kind: 'line',
      x,
      y,
      series: fractions.map((fraction) => ({
        name: `ours, ${dueLabel(fraction)}`,
        points: cells.filter((c) => c.fraction === fraction).map((c) => [c.promises, c.ours]),
      })),
    });
  return figures;
}

/** Scenario 2: acks per second and p99 latency at each concurrency, ours against bare Bolt. */
export function slashFigures(
  levels: readonly {
    connections: number;
    ours: { reqPerSec: number; completedPerSec: number; p99: number };
    bare: { reqPerSec: number; p99: number };
  }[],
): Figure[] {
  if (levels.length === 0) return [];
  const x = { label: 'concurrent connections', scale: 'category' } as const;
  return [
    {
      scenario: 'slash',
      name: 'throughput',
      title: '/promise add: requests per second by concurrency',
      alt:
        'Bar chart: requests acknowledged per second at each concurrency for Thrice and for a bare Bolt app, ' +
        'and adds really done per second by Thrice (numbers in the table above).',
      kind: 'bar',
      x,
      y: { label: 'requests per second', scale: 'linear' },
      series: [
        { name: 'ours, acks/s', points: levels.map((l) => [String(l.connections), l.ours.reqPerSec]) },
        { name: 'bare Bolt, acks/s', points: levels.map((l) => [String(l.connections), l.bare.reqPerSec]) },
        {
          name: 'ours, adds done/s',
          points: levels.map((l) => [String(l.connections), l.ours.completedPerSec]),
        },
      ],
    },
    {
      scenario: 'slash',
      name: 'p99',
      title: '/promise add: 99th-percentile ack latency by concurrency',
      alt:
        'Bar chart: 99th-percentile time to the HTTP ack in milliseconds at each concurrency, for Thrice and for a ' +
        'bare Bolt app; Slack allows 3000 ms (numbers in the table above).',
      kind: 'bar',
      x,
      y: { label: 'p99 latency (ms)', scale: 'linear' },
      series: [
        { name: 'ours', points: levels.map((l) => [String(l.connections), l.ours.p99]) },
        { name: 'bare Bolt', points: levels.map((l) => [String(l.connections), l.bare.p99]) },
      ],
    },
  ];
}

/** At most this many points along the delivery line: enough for its shape, small enough to read. */
const DELIVERY_POINTS = 120;

/**
 * Scenario 3: messages accepted by the rate-limited fake Slack over time, against what the limit
 * allowed (the one-second burst plus the steady rate). Times are performance.now() milliseconds.
 */
export function deliveryFigures(
  firstRequestAt: number | null,
  acceptedAt: readonly number[],
  allowedPerSecond: number,
): Figure[] {
  if (firstRequestAt === null || acceptedAt.length === 0) return [];
  const seconds = (at: number) => Math.max(0, (at - firstRequestAt) / 1000);
  const end = seconds(acceptedAt.at(-1) ?? firstRequestAt);
  const step = Math.max(1, Math.ceil(acceptedAt.length / DELIVERY_POINTS));
  const accepted: [number, number][] = [[0, 0]];
  for (let i = step - 1; i < acceptedAt.length; i += step)
    accepted.push([seconds(acceptedAt[i] ?? 0), i + 1]);
  if ((accepted.at(-1)?.[1] ?? 0) < acceptedAt.length) accepted.push([end, acceptedAt.length]);
  const allowed = (t: number) => allowedPerSecond + allowedPerSecond * t;
  return [
    {
      scenario: 'delivery',
      name: 'accepted',
      title: `Deliveries accepted over time under a ${allowedPerSecond}/s limit`,
      alt:
        `Line chart: messages the fake Slack accepted against seconds since the first request, beside the most ` +
        `its ${allowedPerSecond}-per-second limit allowed by then (a one-second burst plus the steady rate); ` +
        `${acceptedAt.length} messages in ${fmt(end)} s.`,
      kind: 'line',
      x: { label: 'seconds since the first request', scale: 'linear' },
      y: { label: 'messages accepted', scale: 'linear' },
      series: [
        { name: 'accepted', points: accepted },
        {
          name: `allowed by the limit (${allowedPerSecond}/s + 1 s burst)`,
          points: [
            [0, allowed(0)],
            [end, allowed(end)],
          ],
        },
      ],
    },
  ];
}

/** Scenario 4: jobs claimed and completed per second, ours against graphile-worker. */
export function outboxFigures(
  runs: readonly { processes: number; ours: number; theirs: number }[],
): Figure[] {
  if (runs.length === 0) return [];
  const x = (processes: number) => `${processes} process${processes === 1 ? '' : 'es'}`;
  return [
    {
      scenario: 'outbox',
      name: 'throughput',
      title: 'Outbox: jobs claimed and completed per second',
      alt:
        'Bar chart: no-op jobs claimed and completed per second with one and with two sender processes, for our ' +
        'outbox and for graphile-worker (numbers in the table above).',
      kind: 'bar',
      x: { label: 'sender processes', scale: 'category' },
      y: { label: 'jobs per second', scale: 'linear' },
      series: [
        { name: 'ours', points: runs.map((r) => [x(r.processes), r.ours]) },
        { name: 'graphile-worker', points: runs.map((r) => [x(r.processes), r.theirs]) },
      ],
    },
  ];
}

/** Scenario 5: resident memory in MiB, idle, at the peak of a tick and after it, and the bare app. */
export function memoryFigures(
  rss: { idle: number; peak: number; after: number; bare: number } | undefined,
): Figure[] {
  if (rss === undefined) return [];
  return [
    {
      scenario: 'memory',
      name: 'rss',
      title: 'Resident memory of the running bot',
      alt:
        'Bar chart: resident set size in MiB of Thrice idle, at its peak during a tick, idle again after the tick, ' +
        'and of a bare Bolt app idle (numbers in the table above).',
      kind: 'bar',
      x: { label: 'process and moment', scale: 'category' },
      y: { label: 'RSS (MiB)', scale: 'linear' },
      series: [
        {
          name: 'RSS',
          points: [
            ['Thrice idle', rss.idle],
            ['Thrice, peak in a tick', rss.peak],
            ['Thrice after the tick', rss.after],
            ['bare Bolt idle', rss.bare],
          ],
        },
      ],
    },
  ];
}

/** Scenario 6: one planning pass on PGlite and on Postgres, per share due. */
export function embeddedFigures(
  fractions: readonly number[],
  onPglite: readonly number[],
  onPostgres: readonly number[],
): Figure[] {
  if (fractions.length === 0) return [];
  const at = (values: readonly number[]) =>
    fractions.map((fraction, i) => [dueLabel(fraction), values[i] ?? Number.NaN] as const);
  return [
    {
      scenario: 'embedded',
      name: 'planning',
      title: 'One planning pass: PGlite (embedded) against Postgres',
      alt:
        'Bar chart: milliseconds for one pass of our planner on PGlite and on a Postgres server, ' +
        `at ${fractions.map(dueLabel).join(' and ')} (numbers in the table above).`,
      kind: 'bar',
      x: { label: 'share of members due', scale: 'category' },
      y: { label: 'milliseconds per pass', scale: 'linear' },
      series: [
        { name: 'PGlite', points: at(onPglite) },
        { name: 'Postgres', points: at(onPostgres) },
      ],
    },
  ];
}
