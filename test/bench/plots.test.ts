import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deliveryFigures,
  embeddedFigures,
  figureFile,
  memoryFigures,
  outboxFigures,
  planningFigures,
  renderFigure,
  slashFigures,
} from '../../bench/plots.ts';
import { resultsMarkdown, type Section, writeResults } from '../../bench/report.ts';

/** A planning section as scenario 1 builds it, with made-up but plausible numbers. */
const cells = [10_000, 100_000, 1_000_000].flatMap((promises, i) => [
  { promises, fraction: 0.01, ours: 41.5 * (i + 1), select: 7.25 * (i + 1), write: 19.5 * (i + 1) },
  { promises, fraction: 0, ours: 3.5 + i * 0.25, select: 1, write: 1 },
]);
const planning: Section = {
  title: '1. Tick planning at scale',
  header: ['promises', 'ours ms'],
  rows: cells.map((c) => [String(c.promises), String(c.ours)]),
  goals: [],
  notes: ['A note.'],
  figures: planningFigures(cells),
};
const outbox: Section = {
  title: '4. Outbox claim throughput vs graphile-worker',
  header: ['sender processes', 'ours jobs/s', 'graphile-worker jobs/s'],
  rows: [['1', '1,234', '987']],
  goals: [],
  notes: [],
  figures: outboxFigures([
    { processes: 1, ours: 1234, theirs: 987 },
    { processes: 2, ours: 2046, theirs: 1530 },
  ]),
};

/**
 * Parses the SVG as the PNG renderer does (a strict XML parser: a malformed document throws) and
 * draws it: returns its size and how many colours its pixels have.
 */
function draw(svg: string): { width: number; height: number; colours: number } {
  const image = new Resvg(svg, { font: { loadSystemFonts: false }, logLevel: 'off' }).render();
  const pixels = image.pixels;
  const colours = new Set<number>();
  for (let i = 0; i < pixels.length; i += 4) colours.add(pixels.readUInt32BE(i));
  return { width: image.width, height: image.height, colours: colours.size };
}

function wellFormed(svg: string): boolean {
  const { width, height, colours } = draw(svg);
  return width === 720 && height === 400 && colours > 3;
}

function markdown(sections: readonly Section[]): string {
  return resultsMarkdown({
    machine: ['a test machine'],
    command: 'npm run bench',
    startedAt: new Date('2026-12-01T12:00:00Z'),
    minutes: 1,
    sections,
  });
}

describe('bench figures', () => {
  it('draws planning at 1% due as a well-formed SVG with a title, labelled log axes and the measured values', () => {
    const [busy, byDue] = planning.figures ?? [];
    expect(busy?.name).toBe('busy');
    expect(byDue?.series.map((s) => s.name)).toEqual(['ours, 1% due', 'ours, nothing due']);
    const svg = renderFigure(busy ?? expect.unreachable());
    expect(wellFormed(svg)).toBe(true);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-label="Line chart, both axes logarithmic/);
    expect(svg).toContain('<title>Tick planning at 1% due: ours against hand-written SQL</title>');
    expect(svg).toContain('promises in the table (log scale)');
    expect(svg).toContain('milliseconds per pass (log scale)');
    for (const name of ['ours', 'SQL select', 'SQL select+write']) expect(svg).toContain(`>${name}<`);
    // Each point's value is written beside it, as the table has it (three significant digits).
    for (const value of ['41.5', '83', '125', '7.25', '14.5', '21.8', '19.5', '39', '58.5'])
      expect(svg).toContain(`>${value}<`);
    // A solid background, so the dark text reads on a dark page too.
    expect(svg).toMatch(/<rect width="720" height="400" x="0" y="0" fill="#ffffff"/);
  });

  it('has a check for well-formed SVG that refuses a broken one', () => {
    const svg = renderFigure(planning.figures?.[0] ?? expect.unreachable());
    expect(wellFormed(svg)).toBe(true);
    expect(() => draw(svg.replace('</title>', ''))).toThrow();
  });

  it('escapes what it writes into the SVG’s title and aria-label', () => {
    const [figure] = outboxFigures([{ processes: 1, ours: 10, theirs: 20 }]);
    const svg = renderFigure({ ...(figure ?? expect.unreachable()), title: 'A < B & "C"', alt: 'x > y' });
    expect(wellFormed(svg)).toBe(true);
    expect(svg).toContain('<title>A &lt; B &amp; &quot;C&quot;</title>');
    expect(svg).toContain('aria-label="x &gt; y"');
  });

  it('draws every scenario’s figures, and leaves out a value that was not measured', () => {
    const figures = [
      ...slashFigures([
        {
          connections: 10,
          ours: { reqPerSec: 850, completedPerSec: 610, p99: 42 },
          bare: { reqPerSec: 2400, p99: 12 },
        },
        {
          connections: 50,
          ours: { reqPerSec: 900, completedPerSec: 640, p99: 96 },
          bare: { reqPerSec: 2600, p99: 33 },
        },
      ]),
      ...deliveryFigures(1000, [1100, 1200, 2300, 3400, 4500], 50),
      ...memoryFigures({ idle: 101, peak: 187, after: 160, bare: 71.2 }),
      ...embeddedFigures([0.01, 0], [88.5, Number.NaN], [21.5, 3.25]),
    ];
    expect(figures.map(figureFile)).toEqual([
      'bench-slash-throughput.svg',
      'bench-slash-p99.svg',
      'bench-delivery-accepted.svg',
      'bench-memory-rss.svg',
      'bench-embedded-planning.svg',
    ]);
    const svgs = figures.map(renderFigure);
    for (const svg of svgs) expect(wellFormed(svg)).toBe(true);
    const [throughput, p99, delivery, memory, embedded] = svgs;
    expect(throughput).toContain('>requests per second<');
    expect(throughput).toContain('>2,600<');
    expect(p99).toContain('>p99 latency (ms)<');
    expect(p99).toContain('>96<');
    expect(delivery).toContain('>seconds since the first request<');
    expect(delivery).toContain('5 messages in 3.5 s');
    expect(memory).toContain('>Thrice, peak in a tick<');
    expect(memory).toContain('>187<');
    expect(embedded).toContain('>88.5<');
    expect(embedded).toContain('>3.25<');
    expect(embedded).not.toContain('n/a');
    // A scenario that was skipped or measured nothing has no figure.
    expect([...slashFigures([]), ...deliveryFigures(null, [], 50), ...memoryFigures(undefined)]).toEqual([]);
  });

  it('embeds each figure right under its scenario’s table, with alt text, and none for a section without', () => {
    const skipped: Section = {
      title: '5. Memory',
      header: ['result'],
      rows: [['skipped']],
      goals: [],
      notes: [],
    };
    const text = markdown([planning, skipped, outbox]);
    const busy = '![Line chart, both axes logarithmic: milliseconds per planning pass at 1% due';
    expect(text).toContain(`| 1000000 | 4 |\n\n${busy}`);
    expect(text).toContain('(images/bench-planning-busy.svg)\n\n![');
    expect(text).toContain('(images/bench-planning-by-due.svg)\n\n- A note.');
    expect(text).toContain('](images/bench-outbox-throughput.svg)');
    expect(text.match(/!\[[^\]]+\]\(images\/bench-[a-z-]+\.svg\)/g)).toHaveLength(3);
  });

  describe('writeResults', () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it('writes each figure as an SVG in the images folder beside the document it links them from', () => {
      dir = mkdtempSync(join(tmpdir(), 'thrice-bench-plots-'));
      const doc = join(dir, 'docs', 'BENCHMARKS.md');
      const figures = [...(planning.figures ?? []), ...(outbox.figures ?? [])];
      const written = writeResults(doc, markdown([planning, outbox]), '# Benchmarks', figures);
      const images = ['bench-planning-busy.svg', 'bench-planning-by-due.svg', 'bench-outbox-throughput.svg'];
      expect(written).toEqual([doc, ...images.map((file) => join(dir ?? '', 'docs', 'images', file))]);
      const page = readFileSync(doc, 'utf8');
      for (const file of images) {
        expect(page).toContain(`](images/${file})`);
        const svg = readFileSync(join(dir, 'docs', 'images', file), 'utf8');
        expect(wellFormed(svg)).toBe(true);
        expect(svg).toContain('<title>');
      }
      expect(readFileSync(join(dir, 'docs', 'images', 'bench-outbox-throughput.svg'), 'utf8')).toContain(
        '>graphile-worker<',
      );
    });
  });
});
