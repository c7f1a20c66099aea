/**
 * A clock and a sleep that only move when the test says: sleepers wake in time order, one at
 * a time, and each gets to finish what it started before the next wakes. Pacing is tested on
 * this clock, never by measuring real time.
 */
export interface FakeTime {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Wakes every sleeper (and whoever they put to sleep) in time order; `settle` runs after each. */
  runAll(settle?: () => Promise<void>): Promise<void>;
}

/** Lets every promise callback and I/O callback queued so far run. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createFakeTime(start = 0): FakeTime {
  let current = start;
  let order = 0;
  const sleepers: { at: number; order: number; wake: () => void }[] = [];
  return {
    now: () => current,
    sleep: (ms) => new Promise<void>((wake) => void sleepers.push({ at: current + ms, order: order++, wake })),
    async runAll(settle = flush) {
      await flush();
      while (sleepers.length > 0) {
        sleepers.sort((a, b) => a.at - b.at || a.order - b.order);
        const next = sleepers.shift()!;
        current = Math.max(current, next.at);
        next.wake();
        await flush();
        await settle();
      }
    },
  };
}
