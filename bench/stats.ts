/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

/** Milliseconds since an arbitrary origin, sub-millisecond. */
export function nowMs(): number {
  return performance.now();
}

/** Runs `work` once, returning its result and wall time in ms. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = nowMs();
  const result = await work();
  return { ms: nowMs() - start, result };
}

/**
 * Measures `work` `repetitions` times after one untimed warm-up, calling `reset` before each run
 * (untimed), and returns every timing: callers report the median, since shared machines are noisy.
 */
export async function repeat(
  repetitions: number,
  work: () => Promise<unknown>,
  reset: () => Promise<void> = async () => {},
): Promise<number[]> {
  const timings: number[] = [];
  for (let run = -1; run < repetitions; run++) {
    await reset();
    const { ms } = await timed(work);
    if (run >= 0) timings.push(ms);
  }
  return timings;
}

/** Sleeps `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A number for a table: three significant digits, thousands separated. */
export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 10 ** digits) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumSignificantDigits: digits });
}

/** A ratio such as "1.23×". */
export function ratio(value: number): string {
  return Number.isFinite(value) ? `${fmt(value)}×` : 'n/a';
}

/** A share such as "87%". */
export function percent(value: number): string {
  return Number.isFinite(value) ? `${fmt(value * 100)}%` : 'n/a';
}
