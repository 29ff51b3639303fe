import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../src/charts/index.ts';
import {
  GROUP_CHART_SIZE,
  STATS_CHART_SCALE,
  STATS_CHART_SIZE,
  statsChartSvg,
} from '../../src/charts/stats-chart.ts';
import { groupChartData, statsChartData } from '../../src/core/stats-chart.ts';
import { settingsIn } from '../core/fixtures.ts';
import { HISTORY_NOW, HISTORY_ZONE, seededHistory } from '../support/chart-history.ts';

/** The README's example chart: rewritten by this test, byte for byte the same while the chart is. */
const EXAMPLE = new URL('../../docs/images/stats-chart.png', import.meta.url);
const GROUP_EXAMPLE = new URL('../../docs/images/roundup-chart.png', import.meta.url);

/** The decoded image, and how many pixels it has of each colour (as #rrggbb). */
function decode(png: Uint8Array): { width: number; height: number; colours: Map<string, number> } {
  const image = PNG.sync.read(Buffer.from(png));
  const colours = new Map<string, number>();
  for (let i = 0; i < image.data.length; i += 4) {
    const hex = `#${[0, 1, 2].map((c) => (image.data[i + c] ?? 0).toString(16).padStart(2, '0')).join('')}`;
    colours.set(hex, (colours.get(hex) ?? 0) + 1);
  }
  return { width: image.width, height: image.height, colours };
}

describe('the stats chart, drawn to PNG in the process', () => {
  const charts = createChartRenderer();
  const settings = settingsIn(HISTORY_ZONE);

  it('draws a seeded member’s twelve weeks: a PNG of the chart’s size, bars and heatmap in their colours', async () => {
    const png = await charts.statsChart(statsChartData(seededHistory(), settings, HISTORY_NOW));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const { width, height, colours } = decode(png);
    expect(width).toBe(STATS_CHART_SIZE.width * STATS_CHART_SCALE);
    expect(height).toBe(STATS_CHART_SIZE.height * STATS_CHART_SCALE);
    // Not blank: far more than one colour, and each series' own colour covers a real area.
    expect(colours.size).toBeGreaterThan(20);
    const background = colours.get('#ffffff') ?? 0;
    expect(background).toBeLessThan(width * height * 0.95);
    // Each colour covers more than its legend swatch (28 × 20 pixels): bars and calendar days.
    for (const colour of ['#2f5fc4', '#2e9d57', '#e08a1e', '#e4e7ec', '#a6dcb4', '#4cb26a', '#1f6b38']) {
      expect(colours.get(colour) ?? 0, colour).toBeGreaterThan(1500);
    }
    writeFileSync(EXAMPLE, png);
    expect(readFileSync(EXAMPLE).equals(Buffer.from(png))).toBe(true);
  });

  it('draws a member with nothing logged yet: axes and an empty calendar, no busy-day colour', async () => {
    const png = await charts.statsChart(statsChartData([], settings, HISTORY_NOW));
    const { colours } = decode(png);
    expect(colours.size).toBeGreaterThan(2);
    expect(colours.get('#e4e7ec') ?? 0).toBeGreaterThan(1500);
    // Only the legend's swatches: no bar, no busy day.
    expect(colours.get('#2f5fc4') ?? 0).toBeLessThan(1000);
    expect(colours.get('#1f6b38') ?? 0).toBeLessThan(1000);
  });

  it('draws the roundup’s group chart: bars of the members who share, and how many were active', async () => {
    // Three sharers with the seeded history, one shifted a week and one three weeks back.
    const shifted = (weeks: number) =>
      seededHistory().map((p) => ({
        ...p,
        createdAt: new Date(p.createdAt.getTime() - weeks * 7 * 86_400_000),
        closedAt: p.closedAt && new Date(p.closedAt.getTime() - weeks * 7 * 86_400_000),
        followUps: p.followUps.map((f) => ({ ...f, at: new Date(f.at.getTime() - weeks * 7 * 86_400_000) })),
      }));
    const period = { from: new Date('2026-11-23T10:00:00Z'), to: new Date('2026-11-30T10:00:00Z') };
    const data = groupChartData([shifted(0), shifted(1), shifted(3)], period);
    expect(data.weeks.at(-1)?.start).toBe('2026-11-23');
    expect(JSON.stringify(data)).not.toMatch(/Secret Contact|Hidden Corp/);
    const png = await charts.groupChart(data);
    const { width, height, colours } = decode(png);
    expect([width, height]).toEqual([
      GROUP_CHART_SIZE.width * STATS_CHART_SCALE,
      GROUP_CHART_SIZE.height * STATS_CHART_SCALE,
    ]);
    for (const colour of ['#2f5fc4', '#2e9d57', '#e08a1e']) {
      expect(colours.get(colour) ?? 0, colour).toBeGreaterThan(1500);
    }
    writeFileSync(GROUP_EXAMPLE, png);
  });

  it('writes the numbers and labels as text, never a contact’s name or company', () => {
    const svg = statsChartSvg(statsChartData(seededHistory(), settings, HISTORY_NOW));
    expect(svg).toContain('Your follow-ups, last 12 weeks');
    expect(svg).toMatch(/current streak: \d+ working days/);
    expect(svg).toContain('14 Sep');
    expect(svg).not.toMatch(/Secret Contact|Hidden Corp/);
  });
});
