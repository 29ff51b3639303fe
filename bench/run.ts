/**
 * `npm run bench [-- --quick] [-- --only planning,slash] [-- --write]`: runs the scenarios of
 * issue 7, prints a table, and (full runs) writes docs/BENCHMARKS.md between its markers with its
 * figures in docs/images/bench-*.svg. Every other run (--quick, or --only without --write) writes
 * the same page and figures to bench/out/ instead, so the docs only ever show full runs.
 * Postgres: BENCH_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/thrice_bench); unset → PGlite.
 */
import { fileURLToPath } from 'node:url';
import { ensureDatabaseExists } from './database/raw-sql.ts';
import { pacingScenario } from './delivery/pacing-scenario.ts';
import { waveScenario } from './delivery/wave-scenario.ts';
import { currentLoad, describeMachine } from './machine.ts';
import { memoryScenario } from './memory/memory-scenario.ts';
import { type BenchOptions, readOptions, type ScenarioId } from './options.ts';
import { claimScenario } from './outbox/claim-scenario.ts';
import { embeddedScenario } from './planning/embedded-scenario.ts';
import { planningScenario } from './planning/planning-scenario.ts';
import { printSections, resultsMarkdown, type Section, writeResults } from './report.ts';
import { slashScenario } from './slack/slash-scenario.ts';

type Scenario = (options: BenchOptions) => Promise<Section>;

const scenarios: Record<ScenarioId, Scenario | undefined> = {
  embedded: embeddedScenario,
  planning: planningScenario,
  memory: memoryScenario,
  slash: slashScenario,
  outbox: claimScenario,
  delivery: pacingScenario,
  wave: waveScenario,
};

const DOC = fileURLToPath(new URL('../docs/BENCHMARKS.md', import.meta.url));
/** Where runs that must not touch the docs write their page and figures (git-ignored). */
const PREVIEW = fileURLToPath(new URL('./out/BENCHMARKS.md', import.meta.url));

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = readOptions(argv, process.env);
  const startedAt = new Date();
  if (options.databaseUrl !== undefined) await ensureDatabaseExists(options.databaseUrl);
  const machine = await describeMachine(options.databaseUrl);
  const sections: Section[] = [];
  const loads: number[] = [currentLoad()];
  for (const id of options.only) {
    const scenario = scenarios[id];
    if (scenario === undefined) continue;
    process.stderr.write(`bench: ${id}…\n`);
    const started = performance.now();
    sections.push(await scenario(options));
    loads.push(currentLoad());
    process.stderr.write(`bench: ${id} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const minutes = (Date.now() - startedAt.getTime()) / 60_000;
  machine.push(
    `1-minute load average sampled between scenarios: ${loads.map((l) => l.toFixed(2)).join(', ')} ` +
      '(the machine is shared; above ~1 means other work competed for the 2 cores)',
  );
  process.stdout.write(`${printSections(sections)}\n`);
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
  // Quick sizes are too small for the ratios to settle: their numbers never reach the docs.
  const toDocs = options.write && !options.quick;
  if (options.write && options.quick) process.stderr.write('bench: --quick never writes the docs\n');
  const written = writeResults(
    toDocs ? DOC : PREVIEW,
    resultsMarkdown({ machine, command, startedAt, minutes, sections }),
    toDocs ? '# Benchmarks' : '# Benchmarks (preview: not a full run, not in the docs)',
    sections.flatMap((section) => section.figures ?? []),
  );
  for (const file of written) process.stderr.write(`bench: wrote ${file}\n`);
  process.stderr.write(`bench: finished in ${minutes.toFixed(1)} min\n`);
}

await main();
