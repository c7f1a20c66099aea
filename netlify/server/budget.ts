/**
 * The time one scheduled run may spend starting work. Kept apart from the run's moment (which
 * `npm run jobs -- --at` can move): a budget measures how long the run has taken, in real
 * milliseconds on a clock that only goes forward.
 */

/**
 * A scheduled function has 30 seconds on Netlify; work started near the end (a send, a store
 * call) needs time to finish, so nothing new starts after 20. The next run, 15 minutes later,
 * takes up what was left.
 */
export const RUN_BUDGET_MS = 20_000;

export interface Budget {
  /** Whether new work may still start. */
  hasTime(): boolean;
  /** Milliseconds left before nothing new starts (negative once over). */
  remainingMs(): number;
}

/** A budget of `ms` from now, as `elapsedMs` measures (performance.now on Netlify; a test's own clock in tests). */
export function createBudget(ms: number, elapsedMs: () => number): Budget {
  const end = elapsedMs() + ms;
  const remainingMs = () => end - elapsedMs();
  return { remainingMs, hasTime: () => remainingMs() > 0 };
}
