/**
 * The clock the local runtime may hand the functions, so that `npm run jobs -- --at …` runs them
 * as if it were another moment. Kept on globalThis like the local mailer (localMailer.ts), and
 * set only by local/runtime.ts: nothing deployed sets it, and nothing a request carries reaches
 * it (no header, parameter or variable is read), so on Netlify every function reads the system
 * clock and time cannot be moved from outside.
 */
const LOCAL_CLOCK = Symbol.for('unstuck.localClock');
type Global = typeof globalThis & { [LOCAL_CLOCK]?: () => Date };

/** Only the local runtime calls this. */
export function setLocalClock(clock: (() => Date) | undefined): void {
  (globalThis as Global)[LOCAL_CLOCK] = clock;
}

export function localClock(): (() => Date) | undefined {
  return (globalThis as Global)[LOCAL_CLOCK];
}
