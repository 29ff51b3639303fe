import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Figure, figureFile, renderFigure } from './plots.ts';

/** A goal from the issue, and how this run did against it. */
export interface Goal {
  goal: string;
  result: string;
  /** null: not measured in this run. */
  met: boolean | null;
}

/** One scenario's results, ready to print and to write into docs/BENCHMARKS.md. */
export interface Section {
  title: string;
  header: readonly string[];
  rows: readonly (readonly string[])[];
  goals: readonly Goal[];
  /** Lines worth keeping beside the table: sizes, caveats, the profile of a missed goal. */
  notes: readonly string[];
  /** Plots of the scenario's numbers, drawn to docs/images/bench-<scenario>-<name>.svg under its table. */
  figures?: readonly Figure[];
}

/** A markdown table. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A fixed-width table for the terminal. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function verdict(met: boolean | null): string {
  return met === null ? 'not measured' : met ? 'met' : 'MISSED';
}

/** Every goal of the run in one table. */
export function goalRows(sections: readonly Section[]): string[][] {
  return sections.flatMap((s) => s.goals.map((g) => [g.goal, g.result, verdict(g.met)]));
}

/** What the terminal shows at the end of a run. */
export function printSections(sections: readonly Section[]): string {
  const parts = sections.map((s) =>
    [`== ${s.title}`, textTable(s.header, s.rows), ...s.notes.map((n) => `  · ${n}`)].join('\n'),
  );
  parts.push(['== Goals', textTable(['goal', 'this run', 'verdict'], goalRows(sections))].join('\n'));
  return parts.join('\n\n');
}

const START = '<!-- bench:results:start (written by npm run bench; edit outside these markers) -->';
const END = '<!-- bench:results:end -->';

/** The figure's image in the document: `![what it shows](images/bench-….svg)`. */
export function figureMarkdown(figure: Figure): string {
  const alt = figure.alt.replaceAll(/[[\]\n]/g, ' ');
  return `![${alt}](${FIGURE_DIR}/${figureFile(figure)})`;
}

/** Where the figures go, beside the document (docs/images). */
const FIGURE_DIR = 'images';

/** The generated part of docs/BENCHMARKS.md: machine, commands, tables, goals. */
export function resultsMarkdown(options: {
  machine: readonly string[];
  command: string;
  startedAt: Date;
  minutes: number;
  sections: readonly Section[];
}): string {
  const { sections } = options;
  return [
    START,
    `Run of \`${options.command}\` on ${options.startedAt.toISOString()} (took ${options.minutes.toFixed(1)} min).`,
    '',
    '**Machine**',
    '',
    ...options.machine.map((line) => `- ${line}`),
    '',
    '### Goals',
    '',
    markdownTable(['goal', 'this run', 'verdict'], goalRows(sections)),
    '',
    ...sections.flatMap((s) => [
      `### ${s.title}`,
      '',
      markdownTable(s.header, s.rows),
      '',
      ...(s.figures ?? []).flatMap((f) => [figureMarkdown(f), '']),
      ...s.notes.map((n) => `- ${n}`),
      '',
    ]),
    END,
  ].join('\n');
}

/**
 * Writes the generated results into `path`, replacing only what lies between the markers, so the
 * hand-written analysis around them survives a re-run; and each figure as an SVG file in the
 * images folder beside it, where the generated part links to it. Returns the files written.
 */
export function writeResults(
  path: string,
  generated: string,
  fallbackIntro: string,
  figures: readonly Figure[] = [],
): string[] {
  let existing = '';
  try {
    existing = readFileSync(path, 'utf8');
  } catch {
    existing = '';
  }
  const start = existing.indexOf(START);
  const end = existing.indexOf(END);
  const next =
    start !== -1 && end > start
      ? `${existing.slice(0, start)}${generated}${existing.slice(end + END.length)}`
      : `${fallbackIntro}\n\n${generated}\n`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, next);
  const written = [path];
  if (figures.length > 0) mkdirSync(join(dirname(path), FIGURE_DIR), { recursive: true });
  for (const figure of figures) {
    const file = join(dirname(path), FIGURE_DIR, figureFile(figure));
    writeFileSync(file, renderFigure(figure));
    written.push(file);
  }
  return written;
}
