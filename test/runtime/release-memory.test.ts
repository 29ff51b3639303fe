import { expect, it } from 'vitest';
import { releaseMemoryNow } from '../../src/runtime/release-memory.ts';

const MIB = 2 ** 20;

/**
 * Grows V8's heap by at least `mib` MiB with objects that live long enough to be promoted, then
 * drops them. Grown until the heap itself is that much larger, whatever room it had before (the
 * test worker's heap holds what earlier files left).
 */
async function burst(mib: number): Promise<number> {
  const start = process.memoryUsage().heapTotal;
  let kept: { text: string; n: number[] }[][] = [];
  for (let round = 0; process.memoryUsage().heapTotal - start < mib * MIB && round < 10_000; round++) {
    kept.push(Array.from({ length: 4_000 }, (_, i) => ({ text: `promise ${round}:${i}`, n: [i, round] })));
    if (round % 8 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const grown = process.memoryUsage().heapTotal;
  expect(grown - start).toBeGreaterThanOrEqual(mib * MIB);
  kept = [];
  return grown;
}

it('after a burst of work the heap is collected and its emptied pages given back; with no growth, nothing runs', async () => {
  releaseMemoryNow();
  const grown = await burst(48);
  expect(releaseMemoryNow()).toBe(true);
  const after = process.memoryUsage().heapTotal;
  expect(after).toBeLessThan(grown - 16 * MIB);
  // Settled: a second call finds no growth and leaves the heap alone.
  expect(releaseMemoryNow()).toBe(false);
});
