import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Giving memory back after a burst of work (a tick that planned and sent thousands of messages).
 *
 * V8 grows its heap to follow a burst's allocation rate and keeps the pages afterwards: with no
 * allocation there is no collection, so an idle bot stays at its peak (docs/BENCHMARKS.md §5). A
 * full, compacting collection once the work has settled frees the dead objects and returns the
 * emptied pages to the system. It costs one pause of tens of milliseconds, so it runs only after work that grew
 * the heap by more than GROWTH_BYTES, and a second after that work, not in the middle of a drain.
 */

/** Heap growth since it last settled, above which settling collects. */
const GROWTH_BYTES = 16 * 2 ** 20;
/** How long after the last work the collection waits (more work in the meantime re-arms it). */
const SETTLE_MS = 1_000;

let collectGarbage: (() => void) | null | undefined;

/** V8's full collection, made reachable without starting Node with --expose-gc; null if not. */
function collector(): (() => void) | null {
  if (collectGarbage !== undefined) return collectGarbage;
  try {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') {
      collectGarbage = exposed;
    } else {
      // Exposes `gc` in new contexts only: the main context's globals stay as they were.
      setFlagsFromString('--expose-gc');
      const found: unknown = runInNewContext('gc');
      collectGarbage = typeof found === 'function' ? (found as () => void) : null;
    }
  } catch {
    collectGarbage = null;
  }
  return collectGarbage;
}

/** The heap's size when it last settled: at start-up, then after each collection here. */
let settledHeap = process.memoryUsage().heapTotal;
let timer: NodeJS.Timeout | undefined;

/** Collects now when the heap grew by more than GROWTH_BYTES since it last settled; true if it did. */
export function releaseMemoryNow(): boolean {
  const { heapTotal } = process.memoryUsage();
  if (heapTotal - settledHeap <= GROWTH_BYTES) {
    // V8 shrank the heap by itself since: growth counts from there, not from an older, larger size.
    settledHeap = Math.min(settledHeap, heapTotal);
    return false;
  }
  const collect = collector();
  if (collect === null) return false;
  // Compacting moves the few live objects off mostly-empty pages, so those pages can go back too
  // (without it, one survivor keeps a whole page); only for this collection, not every one.
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    collect();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
  settledHeap = process.memoryUsage().heapTotal;
  return true;
}

/**
 * Says a burst of work just ended: the heap is collected a second later unless more work comes
 * first. The timer never keeps the process alive.
 */
export function releaseMemoryWhenSettled(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    releaseMemoryNow();
  }, SETTLE_MS);
  timer.unref();
}
