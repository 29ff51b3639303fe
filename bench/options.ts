import { parseArgs } from 'node:util';
import { z } from 'zod';

/** Sizes of one run: `--quick` keeps the whole run under three minutes on a small machine. */
export interface BenchSizes {
  /** Members seeded for tick planning (scenario 1) and memory (scenario 5). */
  members: number;
  /** Promise table sizes planning is measured at. */
  promiseSteps: readonly number[];
  /** Timed repetitions per measurement (the median is reported), after one warm-up. */
  repetitions: number;
  /** Signed /promise adds sent per concurrency level on the slash-command path. */
  commandsPerLevel: number;
  concurrency: readonly number[];
  /** Deliveries sent through the rate-limited fake Slack, and the rate it allows per second. */
  deliveries: number;
  allowedPerSecond: number;
  /** No-op jobs claimed and completed per outbox-throughput measurement. */
  claimJobs: number;
  /** Members for the embedded-vs-server comparison. */
  embeddedMembers: number;
  /** The scaling wave (`--only wave`): DMs due at once, over how many workspaces, with how many senders. */
  wave: { deliveries: number; workspaces: number; senders: readonly number[] };
}

const FULL: BenchSizes = {
  members: 100_000,
  promiseSteps: [10_000, 100_000, 1_000_000],
  repetitions: 5,
  commandsPerLevel: 3_000,
  concurrency: [10, 50, 200],
  deliveries: 10_000,
  allowedPerSecond: 50,
  claimJobs: 10_000,
  embeddedMembers: 10_000,
  wave: { deliveries: 10_000, workspaces: 100, senders: [1, 2, 4] },
};

const QUICK: BenchSizes = {
  members: 10_000,
  promiseSteps: [1_000, 10_000, 100_000],
  repetitions: 3,
  commandsPerLevel: 800,
  concurrency: [10, 50, 200],
  deliveries: 1_500,
  allowedPerSecond: 50,
  claimJobs: 2_000,
  embeddedMembers: 2_000,
  wave: { deliveries: 2_000, workspaces: 100, senders: [1, 2, 4] },
};

/** Without a Postgres server the bench runs on PGlite, smaller still (it is single-connection WASM). */
const EMBEDDED: BenchSizes = { ...QUICK, members: 5_000, promiseSteps: [500, 5_000, 50_000] };

export type ScenarioId = 'planning' | 'slash' | 'delivery' | 'outbox' | 'memory' | 'embedded' | 'wave';
export const SCENARIOS: readonly ScenarioId[] = [
  'embedded',
  'planning',
  'memory',
  'slash',
  'outbox',
  'delivery',
];
/** Scenarios run only when named with --only (minutes long; docs/SCALING.md's measurements). */
export const EXTRA_SCENARIOS: readonly ScenarioId[] = ['wave'];

/** What `npm run bench -- …` asked for, with the environment it runs in. */
export interface BenchOptions {
  quick: boolean;
  /** Postgres server URL (BENCH_DATABASE_URL); undefined runs on PGlite only. */
  databaseUrl: string | undefined;
  /** The database graphile-worker gets, on the same server. */
  graphileDatabaseUrl: string | undefined;
  sizes: BenchSizes;
  only: readonly ScenarioId[];
  /** Write docs/BENCHMARKS.md (default for a full run; quick runs only print unless asked). */
  write: boolean;
}

const environment = z.object({
  BENCH_DATABASE_URL: z
    .string()
    .trim()
    .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// URL')
    .optional(),
  BENCH_GRAPHILE_DATABASE_URL: z
    .string()
    .trim()
    .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// URL')
    .optional(),
});

/** Reads argv and BENCH_* variables; an invalid value stops the run with the variable's name. */
export function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      write: { type: 'boolean' },
    },
  });
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`bench: ${problems.join('; ')}`);
  }
  const databaseUrl = parsed.data.BENCH_DATABASE_URL;
  const quick = values.quick === true;
  const only = (values.only?.split(',') ?? SCENARIOS).map((name) => {
    const found = [...SCENARIOS, ...EXTRA_SCENARIOS].find((id) => id === name.trim());
    if (found === undefined)
      throw new Error(`bench: --only takes ${[...SCENARIOS, ...EXTRA_SCENARIOS].join(', ')}; got "${name}"`);
    return found;
  });
  return {
    quick,
    databaseUrl,
    graphileDatabaseUrl:
      parsed.data.BENCH_GRAPHILE_DATABASE_URL ??
      (databaseUrl === undefined ? undefined : siblingDatabase(databaseUrl, '_gw')),
    sizes: databaseUrl === undefined ? EMBEDDED : quick ? QUICK : FULL,
    only,
    write: values.write ?? (!quick && only.length === SCENARIOS.length),
  };
}

/** The same server URL with `suffix` appended to the database name. */
export function siblingDatabase(url: string, suffix: string): string {
  const parsed = new URL(url);
  parsed.pathname = `${parsed.pathname}${suffix}`;
  return parsed.toString();
}
