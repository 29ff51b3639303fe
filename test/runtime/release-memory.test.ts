import { expect, it } from 'vitest';
import { releaseMemoryNow } from '../../src/runtime/release-memory.ts';

/** Grows V8's old space by about `mib` MiB of objects that live long enough to be promoted, then drops them. */
async function burst(mib: number): Promise<void> {
  let kept: { text: string; n: number[] }[][] = [];
  for (let round = 0; round < mib; round++) {
    kept.push(Array.from({ length: 4_000 }, (_, i) => ({ text: `promise ${round}:${i}`, n: [i, round] })));
    if (round % 8 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  expect(kept.length).toBe(mib);
  kept = [];
}

it('after a burst of work the heap is collected and its emptied pages given back; with no growth, nothing runs', async () => {
  releaseMemoryNow();
  await burst(120);
  const grown = process.memoryUsage().heapTotal;
  expect(releaseMemoryNow()).toBe(true);
  const after = process.memoryUsage().heapTotal;
  expect(after).toBeLessThan(grown - 16 * 2 ** 20);
  // Settled: a second call finds no growth and leaves the heap alone.
  expect(releaseMemoryNow()).toBe(false);
});
